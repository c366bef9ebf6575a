/*
 * pp-listen: the lab's TCP listener.  Binds a listening socket on every port of a
 * port set (thousands if asked), accepts and closes connections, and writes
 * "ready" to stdout once every port is bound, so a test can wait for it.  ADDR
 * is IPv4 or IPv6 (IPv6 alone, not IPv4-mapped: a listener on one family only
 * is what a dual-stack test needs to see).
 *
 *   pp-listen [-a ADDR] PORTS
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "portproof.h"

int
main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t sslen;
	struct pollfd *fds;
	struct rlimit rl;
	pp_portset ps;
	const char *addr = "0.0.0.0";
	char err[256];
	size_t off, n, i;
	int c, one = 1;

	while ((c = getopt(argc, argv, "a:")) != -1) {
		if (c != 'a') {
			fprintf(stderr, "usage: pp-listen [-a ADDR] PORTS\n");
			return 2;
		}
		addr = optarg;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: pp-listen [-a ADDR] PORTS\n");
		return 2;
	}
	pp_portset_init(&ps);
	if (pp_portset_parse(argv[optind], &ps, &off, err, sizeof(err)) < 0) {
		fprintf(stderr, "pp-listen: %s\n", err);
		return 2;
	}
	n = pp_portset_count(&ps);
	rl.rlim_cur = rl.rlim_max = n + 64;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0 && n > 900) {
		perror("pp-listen: setrlimit");
		return 1;
	}
	if ((fds = calloc(n, sizeof(*fds))) == NULL)
		return 1;
	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sslen = sizeof(*sin);
	} else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sslen = sizeof(*sin6);
	} else {
		fprintf(stderr, "pp-listen: %s: not an IPv4 or IPv6 address\n", addr);
		return 2;
	}
	for (i = 0; i < n; i++) {
		int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
		uint16_t port = htons((uint16_t)pp_portset_nth(&ps, i));
		if (fd < 0) {
			perror("pp-listen: socket");
			return 1;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (ss.ss_family == AF_INET6) {
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
			sin6->sin6_port = port;
		} else {
			sin->sin_port = port;
		}
		if (bind(fd, (struct sockaddr *)&ss, sslen) < 0 || listen(fd, 512) < 0) {
			fprintf(stderr, "pp-listen: port %u: %s\n", pp_portset_nth(&ps, i),
			        strerror(errno));
			return 1;
		}
		fds[i].fd = fd;
		fds[i].events = POLLIN;
	}
	printf("ready\n");
	fflush(stdout);
	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		if (poll(fds, n, -1) < 0 && errno != EINTR)
			return 1;
		for (i = 0; i < n; i++) {
			if (fds[i].revents & POLLIN) {
				int cfd;
				while ((cfd = accept(fds[i].fd, NULL, NULL)) >= 0)
					close(cfd);
			}
		}
	}
}
