/*
 * pp-udpprobe: the lab's UDP probe tool, test scaffolding that proves each
 * protocol payload against the real daemon before (and apart from) the raw-socket
 * engine.  From an ordinary UDP socket it builds one probe with a fixed test
 * cookie, sends it, waits for a reply from the target address on any source port
 * (TFTP answers from a new one), and runs the probe's validate() on it.
 *
 *   pp-udpprobe [options] ADDR PORT PROBE       PROBE: a name, or "auto" for the
 *                                               probe of PORT in the registry
 *     --attempt N      the retransmission number (SNMP: 1 and up send v1)
 *     --community X    SNMP community (default public)
 *     --sport N        bind to this source port (default: any)
 *     --timeout MS     how long to wait (default 2000)
 *     --save FILE      write the validated reply there (to capture test data)
 *     --dump           print the payload in hex and send nothing
 *
 * Prints "open PROBE" (exit 0), or "invalid" when only replies that failed the
 * check came, or "no-answer" (exit 1); 2 for bad usage, 3 for a socket error.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "portproof.h"
#include "pp_probe.h"

/* The cookie the unit tests and the checked-in captures use too. */
#define PP_TEST_COOKIE 0x5050726f6f663031ull /* "PProof01" */

static void
usage(void)
{
	fprintf(stderr, "usage: pp-udpprobe [--attempt N] [--community X] [--sport N] "
	                "[--timeout MS] [--save FILE] [--dump] ADDR PORT PROBE\n");
	exit(2);
}

static unsigned long
number(const char *what, const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v > max) {
		fprintf(stderr, "pp-udpprobe: %s: bad number '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* The address the kernel would send from to dst, by asking a connected socket. */
static int
source_for(const struct sockaddr_in *dst, struct in_addr *src)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int fd = socket(AF_INET, SOCK_DGRAM, 0), rc = -1;

	if (fd < 0)
		return -1;
	if (connect(fd, (const struct sockaddr *)dst, sizeof(*dst)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &sl) == 0) {
		*src = sin.sin_addr;
		rc = 0;
	}
	close(fd);
	return rc;
}

static int
save(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
	        {"attempt", required_argument, NULL, 'a'},
	        {"community", required_argument, NULL, 'c'},
	        {"sport", required_argument, NULL, 's'},
	        {"timeout", required_argument, NULL, 't'},
	        {"save", required_argument, NULL, 'w'},
	        {"dump", no_argument, NULL, 'd'},
	        {NULL, 0, NULL, 0},
	};
	const struct pp_probe *probe;
	struct pp_probe_ctx ctx;
	struct sockaddr_in dst, me, from;
	struct in_addr src;
	struct pollfd pfd;
	socklen_t sl;
	uint8_t out[2048], in[65536];
	const char *savepath = NULL;
	unsigned long sport = 0, timeout = 2000;
	long deadline;
	int c, fd, n, dump = 0, invalid = 0, i;
	ssize_t r;

	memset(&ctx, 0, sizeof(ctx));
	ctx.cookie = PP_TEST_COOKIE;
	ctx.snmp_community = "public";
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			ctx.attempt = (unsigned)number("--attempt", optarg, 100);
			break;
		case 'c':
			ctx.snmp_community = optarg;
			break;
		case 's':
			sport = number("--sport", optarg, 65535);
			break;
		case 't':
			timeout = number("--timeout", optarg, 600000);
			break;
		case 'w':
			savepath = optarg;
			break;
		case 'd':
			dump = 1;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 3)
		usage();
	memset(&dst, 0, sizeof(dst));
	dst.sin_family = AF_INET;
	if (inet_pton(AF_INET, argv[optind], &dst.sin_addr) != 1) {
		fprintf(stderr, "pp-udpprobe: %s: not an IPv4 address\n", argv[optind]);
		return 2;
	}
	ctx.dport = (uint16_t)number("PORT", argv[optind + 1], 65535);
	dst.sin_port = htons(ctx.dport);
	probe = strcmp(argv[optind + 2], "auto") == 0 ? pp_probe_for_port(ctx.dport)
	                                              : pp_probe_find(argv[optind + 2]);
	if (probe == NULL) {
		fprintf(stderr, "pp-udpprobe: %s: no such probe\n", argv[optind + 2]);
		return 2;
	}
	ctx.dst = ntohl(dst.sin_addr.s_addr);

	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
		perror("pp-udpprobe: socket");
		return 3;
	}
	memset(&me, 0, sizeof(me));
	me.sin_family = AF_INET;
	me.sin_port = htons((uint16_t)sport);
	sl = sizeof(me);
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&me, &sl) < 0 || source_for(&dst, &src) < 0) {
		perror("pp-udpprobe: bind");
		return 3;
	}
	ctx.src = ntohl(src.s_addr);
	ctx.sport = ntohs(me.sin_port);

	if ((n = probe->build(&ctx, out, sizeof(out))) < 0) {
		fprintf(stderr, "pp-udpprobe: %s: %s\n", probe->name, pp_strerror(n));
		return 3;
	}
	if (dump) {
		for (i = 0; i < n; i++)
			printf("%02x", out[i]);
		printf("\n");
		return 0;
	}
	if (sendto(fd, out, (size_t)n, 0, (struct sockaddr *)&dst, sizeof(dst)) != n) {
		perror("pp-udpprobe: sendto");
		return 3;
	}
	deadline = now_ms() + (long)timeout;
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (now_ms() < deadline) {
		if (poll(&pfd, 1, (int)(deadline - now_ms())) <= 0)
			continue;
		sl = sizeof(from);
		r = recvfrom(fd, in, sizeof(in), 0, (struct sockaddr *)&from, &sl);
		if (r < 0 || from.sin_addr.s_addr != dst.sin_addr.s_addr)
			continue; /* only the target's answers, from whatever port */
		if (!probe->validate(&ctx, in, (size_t)r)) {
			invalid = 1;
			continue;
		}
		if (savepath != NULL && save(savepath, in, (size_t)r) < 0)
			return 3;
		printf("open %s\n", probe->name);
		return 0;
	}
	printf("%s\n", invalid ? "invalid" : "no-answer");
	return 1;
}
