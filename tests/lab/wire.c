/*
 * pp-wire: a lossy, slow, reordering link for the lab, in user space, for
 * kernels without sch_netem (tests/lab/netem.sh uses `tc netem` where there is
 * one).  It joins two interfaces of its namespace (the two veths of a "wire"
 * namespace between the jump and a target) and forwards every frame from one to
 * the other, as netem would on each one's egress:
 *
 *   pp-wire -a IFA -b IFB [--loss PCT] [--delay MS] [--jitter MS] [--reorder PCT]
 *           [--seed N]
 *
 * --loss drops each frame, either way, with probability PCT; --delay holds it
 * MS (plus a uniform draw in +-jitter, so frames overtake each other, as netem's
 * do); --reorder sends PCT of the frames at once, ahead of the delayed ones
 * (netem's "reorder PCT").  At most 100000 frames wait; past that they are
 * dropped, as netem's limit does.  It prints "ready" once both sockets are
 * bound, and on SIGTERM or SIGINT its counts on stderr.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define QMAX     100000
#define FRAMEMAX 65536

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

struct frame {
	uint64_t due_ns, seq;
	int out; /* 0: send on a, 1: on b */
	size_t len;
	uint8_t *data;
};

static struct frame *heap;
static size_t nheap;
static volatile sig_atomic_t stop;
static uint64_t rng, seqno;
static unsigned long n_in[2], n_lost[2], n_out[2], n_over, n_err;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* xorshift64*, uniform in [0, 1). */
static double
uniform(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (double)((rng * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

static int
earlier(const struct frame *x, const struct frame *y)
{
	return x->due_ns < y->due_ns || (x->due_ns == y->due_ns && x->seq < y->seq);
}

static void
push(struct frame f)
{
	size_t i = nheap++;

	heap[i] = f;
	while (i > 0 && earlier(&heap[i], &heap[(i - 1) / 2])) {
		struct frame t = heap[i];
		heap[i] = heap[(i - 1) / 2];
		heap[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static struct frame
pop(void)
{
	struct frame top = heap[0];
	size_t i = 0;

	heap[0] = heap[--nheap];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < nheap && earlier(&heap[l], &heap[m]))
			m = l;
		if (r < nheap && earlier(&heap[r], &heap[m]))
			m = r;
		if (m == i)
			break;
		struct frame t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
	return top;
}

static int
open_if(const char *name)
{
	struct sockaddr_ll sll;
	int fd, one = 1, buf = 8 << 20;

	if ((fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL))) < 0) {
		perror("pp-wire: socket");
		exit(1);
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	if ((sll.sll_ifindex = (int)if_nametoindex(name)) == 0 ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		fprintf(stderr, "pp-wire: %s: %s\n", name, strerror(errno));
		exit(1);
	}
	setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf));
	setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof(buf));
	return fd;
}

/* Take what arrived on fd[from] into the queue (or drop it). */
static void
receive(int fd, int from, double loss, double delay, double jitter, double reorder)
{
	static uint8_t buf[FRAMEMAX];
	struct sockaddr_ll sll;
	socklen_t sl;
	ssize_t n;

	for (;;) {
		struct frame f;
		double d;
		sl = sizeof(sll);
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&sll, &sl);
		if (n < 0)
			return;
		if (sll.sll_pkttype == PACKET_OUTGOING)
			continue;
		n_in[from]++;
		if (uniform() < loss) {
			n_lost[from]++;
			continue;
		}
		if (nheap >= QMAX || (f.data = malloc((size_t)n)) == NULL) {
			n_over++;
			continue;
		}
		d = reorder > 0 && uniform() < reorder ? 0 : delay + jitter * (2 * uniform() - 1);
		memcpy(f.data, buf, (size_t)n);
		f.len = (size_t)n;
		f.out = !from;
		f.seq = seqno++;
		f.due_ns = now_ns() + (d > 0 ? (uint64_t)(d * 1e6) : 0);
		push(f);
	}
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {{"loss", 1, NULL, 'l'},   {"delay", 1, NULL, 'd'},
	                                     {"jitter", 1, NULL, 'j'}, {"reorder", 1, NULL, 'r'},
	                                     {"seed", 1, NULL, 's'},   {NULL, 0, NULL, 0}};
	const char *ifa = NULL, *ifb = NULL;
	double loss = 0, delay = 0, jitter = 0, reorder = 0;
	struct pollfd pfd[2];
	struct sigaction sa;
	int c, fd[2];

	rng = (uint64_t)now_ns() | 1;
	while ((c = getopt_long(argc, argv, "a:b:", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			ifa = optarg;
			break;
		case 'b':
			ifb = optarg;
			break;
		case 'l':
			loss = atof(optarg) / 100;
			break;
		case 'd':
			delay = atof(optarg);
			break;
		case 'j':
			jitter = atof(optarg);
			break;
		case 'r':
			reorder = atof(optarg) / 100;
			break;
		case 's':
			rng = strtoull(optarg, NULL, 0) | 1;
			break;
		default:
			return 2;
		}
	}
	if (ifa == NULL || ifb == NULL || jitter > delay) {
		fprintf(stderr, "usage: pp-wire -a IFA -b IFB [--loss PCT] [--delay MS] "
		                "[--jitter MS (<= delay)] [--reorder PCT] [--seed N]\n");
		return 2;
	}
	if ((heap = calloc(QMAX, sizeof(*heap))) == NULL)
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	fd[0] = open_if(ifa);
	fd[1] = open_if(ifb);
	printf("ready\n");
	fflush(stdout);
	pfd[0].fd = fd[0];
	pfd[1].fd = fd[1];
	pfd[0].events = pfd[1].events = POLLIN;
	while (!stop) {
		uint64_t now = now_ns();
		struct timespec wait = {0, 100000000};
		while (nheap > 0 && heap[0].due_ns <= now) {
			struct frame f = pop();
			if (send(fd[f.out], f.data, f.len, 0) < 0)
				n_err++;
			else
				n_out[f.out]++;
			free(f.data);
		}
		if (nheap > 0) {
			uint64_t d = heap[0].due_ns - now;
			wait.tv_sec = (time_t)(d / 1000000000u);
			wait.tv_nsec = (long)(d % 1000000000u);
		}
		if (ppoll(pfd, 2, &wait, NULL) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents & POLLIN)
			receive(fd[0], 0, loss, delay, jitter, reorder);
		if (pfd[1].revents & POLLIN)
			receive(fd[1], 1, loss, delay, jitter, reorder);
	}
	fprintf(stderr,
	        "pp-wire: a->b %lu in, %lu lost, %lu out; b->a %lu in, %lu lost, %lu out; "
	        "%lu over the limit, %lu send errors, %zu waiting\n",
	        n_in[0], n_lost[0], n_out[1], n_in[1], n_lost[1], n_out[0], n_over, n_err, nheap);
	return 0;
}
