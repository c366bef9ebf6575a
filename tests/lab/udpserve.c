/*
 * pp-udpserve: the lab's stand-in for UDP services that no Debian package
 * provides (an H.323 gatekeeper's RAS, the Content Server's H.225 and MMS
 * ports, an H.460 media port).  Binds every port of a port set on one address
 * and answers each datagram: an H.323 RAS GatekeeperRequest (GRQ) with a
 * GatekeeperReject (GRJ, undefinedReason) carrying its requestSeqNum, as a
 * gatekeeper that does not take the caller would; anything else with the
 * datagram itself (an echo, so the empty probe reads the port open).  Writes
 * "ready" once every port is bound.
 *
 *   pp-udpserve [-a ADDR] PORTS
 *
 * The GRQ and GRJ encodings are H.225.0's aligned PER, as lib/probes/ras.c
 * explains field by field; the GRJ is:
 *
 *   08 00  CHOICE index 2 (gatekeeperReject), SEQUENCE extension 0, the two
 *          OPTIONAL bits 0 (no nonStandardData, no gatekeeperIdentifier)
 *   SS SS  requestSeqNum - 1, copied from the GRQ (its octets 2-3)
 *   06 00 08 91 4a 00 04   protocolIdentifier, H.225.0 version 4
 *   60     rejectReason: extension 0, index 3 of 4 (undefinedReason)
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "portproof.h"

static const uint8_t h225_oid[] = {0x06, 0x00, 0x08, 0x91, 0x4a, 0x00};

/* A GRQ: CHOICE index 0 and its preamble all zero bits, then the protocol id. */
static int
is_grq(const uint8_t *p, size_t n)
{
	return n >= 11 && p[0] == 0 && (p[1] & 0xc0) == 0 && memcmp(p + 4, h225_oid, 6) == 0;
}

static void
serve(int fd)
{
	uint8_t buf[2048],
	        grj[12] = {0x08, 0x00, 0, 0, 0x06, 0x00, 0x08, 0x91, 0x4a, 0x00, 0x04, 0x60};
	struct sockaddr_in from;
	socklen_t flen = sizeof(from);
	ssize_t n;

	while ((n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from,
	                     &flen)) >= 0) {
		if (is_grq(buf, (size_t)n)) {
			grj[2] = buf[2];
			grj[3] = buf[3];
			sendto(fd, grj, sizeof(grj), 0, (struct sockaddr *)&from, flen);
		} else {
			sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, flen);
		}
		flen = sizeof(from);
	}
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin;
	struct pollfd *fds;
	struct rlimit rl;
	pp_portset ps;
	const char *addr = "0.0.0.0";
	char err[256];
	size_t off, n, i;
	int c;

	while ((c = getopt(argc, argv, "a:")) != -1) {
		if (c != 'a') {
			fprintf(stderr, "usage: pp-udpserve [-a ADDR] PORTS\n");
			return 2;
		}
		addr = optarg;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: pp-udpserve [-a ADDR] PORTS\n");
		return 2;
	}
	pp_portset_init(&ps);
	if (pp_portset_parse(argv[optind], &ps, &off, err, sizeof(err)) < 0) {
		fprintf(stderr, "pp-udpserve: %s\n", err);
		return 2;
	}
	n = pp_portset_count(&ps);
	rl.rlim_cur = rl.rlim_max = n + 64;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0 && n > 900) {
		perror("pp-udpserve: setrlimit");
		return 1;
	}
	if ((fds = calloc(n ? n : 1, sizeof(*fds))) == NULL)
		return 1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "pp-udpserve: %s: not an IPv4 address\n", addr);
		return 2;
	}
	for (i = 0; i < n; i++) {
		int fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (fd < 0) {
			perror("pp-udpserve: socket");
			return 1;
		}
		sin.sin_port = htons((uint16_t)pp_portset_nth(&ps, i));
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
			fprintf(stderr, "pp-udpserve: port %u: %s\n", pp_portset_nth(&ps, i),
			        strerror(errno));
			return 1;
		}
		fds[i].fd = fd;
		fds[i].events = POLLIN;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		if (poll(fds, n, -1) < 0 && errno != EINTR)
			return 1;
		for (i = 0; i < n; i++)
			if (fds[i].revents & POLLIN)
				serve(fds[i].fd);
	}
}
