/*
 * sendbench: how fast can this machine put TCP SYNs on the wire?  Sends COUNT
 * probes to DST (ports cycling over 1-65535, or all to -p PORT; DST/LEN cycles
 * the destinations over that block, as a scan of many hosts does) with one of
 * two batched senders and prints packets per second:
 *
 *   sendmmsg  a raw IPv4 socket (IPPROTO_RAW), batches of 64 through sendmmsg(2):
 *             the engine's sender
 *   ring      a PACKET_MMAP TX ring (TPACKET_V2) on IFACE with the Ethernet
 *             header written by us (next-hop MAC given), flushed with send(2)
 *             every 64 frames, the qdisc bypassed
 *
 * With -t THREADS (sendmmsg only) the batches are dealt out to THREADS threads,
 * each with its own socket, as the engine's second sending thread does: on a
 * machine with cores to spare, the ceiling of a sender that uses them.
 *
 * With -c CAPIFACE a thread captures the answers meanwhile, as a scanner must:
 * libpcap in immediate mode on CAPIFACE, filtered to SRC and the probes' source
 * port, read in non-blocking batches every 200 us, counted and nothing else
 * (the engine's collector without parsing); it prints how many it saw.
 *
 * It is the lab's ceiling for bench/ and the measurement behind the engine's
 * choice of sender.  Lab use only: run it in a lab namespace.
 *
 *   sendbench [-p PORT] [-c CAPIFACE] [-t THREADS] sendmmsg|ring COUNT SRC DST[/LEN]
 *             [IFACE DSTMAC]
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "engine/build.h"

#define BATCH       64
#define MAX_THREADS 8
#define SPORT       61000

/* The capture of -c: its handle, the count and the stop flag. */
struct capture {
	pcap_t *pc;
	pthread_t th;
	atomic_ulong n;
	atomic_int stop;
};

/* What probe i looks like: destination and port. */
struct target {
	uint32_t dst, nhosts; /* DST/LEN: nhosts addresses from dst */
	uint16_t port;        /* 0: cycle over 1-65535 */
};

static uint32_t
dst_of(const struct target *tg, unsigned long i)
{
	return tg->dst + (uint32_t)(i % tg->nhosts);
}

static uint16_t
port_of(const struct target *tg, unsigned long i)
{
	return tg->port != 0 ? tg->port : (uint16_t)(1 + i % 65535);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One sending thread's share: the batches k, k + stride, k + 2 stride, ... */
struct share {
	const struct pp__tmpl *t;
	const struct target *tg;
	unsigned long count;
	uint32_t src;
	unsigned k, stride;
	int rc;
	pthread_t th;
};

static void *
run_sendmmsg(void *arg)
{
	struct share *sh = arg;
	uint8_t buf[BATCH][64];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_in to[BATCH];
	unsigned long first = (unsigned long)sh->k * BATCH;
	int fd, i, sz = 8 << 20;

	sh->rc = 1;
	if ((fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW)) < 0) {
		perror("socket");
		return NULL;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz));
	memset(to, 0, sizeof(to));
	memset(msg, 0, sizeof(msg));
	for (i = 0; i < BATCH; i++) {
		to[i].sin_family = AF_INET;
		iov[i].iov_base = buf[i];
		iov[i].iov_len = PP__TCP_PKT_LEN;
		msg[i].msg_hdr.msg_iov = &iov[i];
		msg[i].msg_hdr.msg_iovlen = 1;
		msg[i].msg_hdr.msg_name = &to[i];
		msg[i].msg_hdr.msg_namelen = sizeof(to[i]);
	}
	for (; first < sh->count; first += (unsigned long)sh->stride * BATCH) {
		int n = sh->count - first < BATCH ? (int)(sh->count - first) : BATCH, done = 0, r;
		for (i = 0; i < n; i++) {
			uint32_t dst = dst_of(sh->tg, first + (unsigned long)i);
			to[i].sin_addr.s_addr = htonl(dst);
			pp__build_tcp(sh->t, buf[i], sh->src, dst, SPORT,
			              port_of(sh->tg, first + (unsigned long)i),
			              (uint32_t)(first + (unsigned long)i), 1);
		}
		while (done < n) {
			r = sendmmsg(fd, msg + done, (unsigned)(n - done), 0);
			if (r < 0 && errno != ENOBUFS && errno != EAGAIN) {
				perror("sendmmsg");
				close(fd);
				return NULL;
			}
			if (r > 0)
				done += r;
		}
	}
	close(fd);
	sh->rc = 0;
	return NULL;
}

/* The batches dealt out to nthreads threads, each with its own socket. */
static int
run_threads(const struct pp__tmpl *t, unsigned long count, uint32_t src, const struct target *tg,
            unsigned nthreads)
{
	struct share sh[MAX_THREADS];
	unsigned k;
	int rc = 0;

	for (k = 0; k < nthreads; k++) {
		sh[k] = (struct share){t, tg, count, src, k, nthreads, 1, 0};
		if (k > 0 && pthread_create(&sh[k].th, NULL, run_sendmmsg, &sh[k]) != 0)
			return 1;
	}
	run_sendmmsg(&sh[0]);
	for (k = 0; k < nthreads; k++) {
		if (k > 0)
			pthread_join(sh[k].th, NULL);
		rc |= sh[k].rc;
	}
	return rc;
}

static int
run_ring(const struct pp__tmpl *t, unsigned long count, uint32_t src, const struct target *tg,
         const char *ifname, const uint8_t mac[6])
{
	struct tpacket_req req;
	struct sockaddr_ll ll;
	unsigned frames = 4096, fsz = 2048, cur = 0, i;
	unsigned long sent = 0;
	int fd, v = TPACKET_V2, one = 1;
	uint8_t *ring, own[6] = {0x02, 0, 0, 0, 0, 1};

	if ((fd = socket(AF_PACKET, SOCK_RAW, 0)) < 0) {
		perror("socket(AF_PACKET)");
		return 1;
	}
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) < 0) {
		perror("PACKET_VERSION");
		return 1;
	}
	setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one));
	memset(&req, 0, sizeof(req));
	req.tp_block_size = fsz * 16;
	req.tp_frame_size = fsz;
	req.tp_block_nr = frames / 16;
	req.tp_frame_nr = frames;
	if (setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof(req)) < 0) {
		perror("PACKET_TX_RING");
		return 1;
	}
	ring = mmap(NULL, (size_t)frames * fsz, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ring == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	memset(&ll, 0, sizeof(ll));
	ll.sll_family = AF_PACKET;
	ll.sll_protocol = htons(ETH_P_IP);
	ll.sll_ifindex = (int)if_nametoindex(ifname);
	if (ll.sll_ifindex == 0 || bind(fd, (struct sockaddr *)&ll, sizeof(ll)) < 0) {
		perror(ifname);
		return 1;
	}
	while (sent < count) {
		unsigned queued = 0;
		for (i = 0; i < BATCH && sent + queued < count; i++) {
			struct tpacket2_hdr *h = (struct tpacket2_hdr *)(ring + (size_t)cur * fsz);
			uint8_t *d = (uint8_t *)h + TPACKET2_HDRLEN - sizeof(struct sockaddr_ll);
			if (h->tp_status != TP_STATUS_AVAILABLE)
				break;
			memcpy(d, mac, 6);
			memcpy(d + 6, own, 6);
			d[12] = 0x08;
			d[13] = 0x00;
			pp__build_tcp(t, d + 14, src, dst_of(tg, sent + queued), SPORT,
			              port_of(tg, sent + queued), (uint32_t)(sent + queued), 1);
			h->tp_len = 14 + PP__TCP_PKT_LEN;
			h->tp_status = TP_STATUS_SEND_REQUEST;
			cur = (cur + 1) % frames;
			queued++;
		}
		if (send(fd, NULL, 0, 0) < 0 && errno != ENOBUFS && errno != EAGAIN) {
			perror("send");
			return 1;
		}
		sent += queued;
	}
	/* Wait for the ring to drain. */
	for (i = 0; i < frames; i++) {
		struct tpacket2_hdr *h = (struct tpacket2_hdr *)(ring + (size_t)i * fsz);
		while (h->tp_status != TP_STATUS_AVAILABLE &&
		       h->tp_status != TP_STATUS_WRONG_FORMAT)
			send(fd, NULL, 0, 0);
	}
	munmap(ring, (size_t)frames * fsz);
	close(fd);
	return 0;
}

static void
count_frame(u_char *arg, const struct pcap_pkthdr *h, const u_char *data)
{
	(void)h;
	(void)data;
	atomic_fetch_add_explicit((atomic_ulong *)arg, 1, memory_order_relaxed);
}

static void *
capture_run(void *arg)
{
	struct capture *c = arg;
	struct timespec nap = {0, 200000};

	while (!atomic_load(&c->stop))
		if (pcap_dispatch(c->pc, 4096, count_frame, (u_char *)&c->n) < 4096)
			nanosleep(&nap, NULL);
	return NULL;
}

static int
capture_start(struct capture *c, const char *ifname, uint32_t src)
{
	char e[PCAP_ERRBUF_SIZE], filter[160];
	struct bpf_program prog;

	snprintf(filter, sizeof(filter), "ip dst host %u.%u.%u.%u and ((tcp dst port %d) or icmp)",
	         src >> 24, (src >> 16) & 255, (src >> 8) & 255, src & 255, SPORT);
	if ((c->pc = pcap_create(ifname, e)) == NULL) {
		fprintf(stderr, "%s: %s\n", ifname, e);
		return -1;
	}
	pcap_set_snaplen(c->pc, 440);
	pcap_set_immediate_mode(c->pc, 1);
	pcap_set_buffer_size(c->pc, 8 << 20);
	if (pcap_activate(c->pc) < 0 || pcap_setdirection(c->pc, PCAP_D_IN) < 0 ||
	    pcap_compile(c->pc, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0 ||
	    pcap_setfilter(c->pc, &prog) < 0 || pcap_setnonblock(c->pc, 1, e) < 0) {
		fprintf(stderr, "%s: %s\n", ifname, pcap_geterr(c->pc));
		return -1;
	}
	atomic_store(&c->n, 0);
	atomic_store(&c->stop, 0);
	return pthread_create(&c->th, NULL, capture_run, c) == 0 ? 0 : -1;
}

/* Waits until no answer came for 50 ms, then stops the thread: the count. */
static unsigned long
capture_stop(struct capture *c)
{
	struct timespec ms50 = {0, 50000000};
	unsigned long n;

	do {
		n = atomic_load(&c->n);
		nanosleep(&ms50, NULL);
	} while (atomic_load(&c->n) != n);
	atomic_store(&c->stop, 1);
	pthread_join(c->th, NULL);
	pcap_close(c->pc);
	return n;
}

static int
usage(void)
{
	fprintf(stderr,
	        "usage: sendbench [-p PORT] [-c CAPIFACE] [-t THREADS] sendmmsg|ring COUNT SRC "
	        "DST[/LEN] [IFACE DSTMAC]\n");
	return 2;
}

/* DST or DST/LEN (LEN 16-32): the block's addresses, from its first. */
static int
parse_target(const char *arg, struct target *tg)
{
	char buf[32], *slash;
	struct in_addr a;
	unsigned len = 32;

	snprintf(buf, sizeof(buf), "%s", arg);
	if ((slash = strchr(buf, '/')) != NULL) {
		*slash = '\0';
		len = (unsigned)strtoul(slash + 1, NULL, 10);
		if (len < 16 || len > 32)
			return -1;
	}
	if (inet_pton(AF_INET, buf, &a) != 1)
		return -1;
	tg->nhosts = 1u << (32 - len);
	tg->dst = ntohl(a.s_addr) & ~(tg->nhosts - 1);
	return 0;
}

int
main(int argc, char **argv)
{
	struct target tg = {0, 1, 0};
	struct capture cap;
	const char *capif = NULL;
	struct pp__tmpl t;
	struct in_addr a;
	uint32_t src;
	unsigned long count;
	uint8_t mac[6];
	double t0, t1;
	unsigned nthreads = 1;
	int rc, c;

	while ((c = getopt(argc, argv, "p:c:t:")) != -1) {
		unsigned long p = strtoul(optarg, NULL, 10);
		if (c == 'c') {
			capif = optarg;
			continue;
		}
		if (c == 't') {
			if (p == 0 || p > MAX_THREADS)
				return usage();
			nthreads = (unsigned)p;
			continue;
		}
		if (c != 'p' || p == 0 || p > 65535)
			return usage();
		tg.port = (uint16_t)p;
	}
	argc -= optind - 1;
	argv += optind - 1;
	if (argc < 5 || inet_pton(AF_INET, argv[3], &a) != 1 || parse_target(argv[4], &tg) < 0)
		return usage();
	src = ntohl(a.s_addr);
	count = strtoul(argv[2], NULL, 10);
	if (count == 0 || count > 100000000)
		return 2;
	if (pp__tmpl_init(&t, 64, NULL, 0) < 0)
		return 1;
	if (capif != NULL && capture_start(&cap, capif, src) < 0)
		return 1;
	t0 = now();
	if (strcmp(argv[1], "sendmmsg") == 0) {
		rc = run_threads(&t, count, src, &tg, nthreads);
	} else if (strcmp(argv[1], "ring") == 0 && argc == 7 && nthreads == 1 &&
	           sscanf(argv[6], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2],
	                  &mac[3], &mac[4], &mac[5]) == 6) {
		rc = run_ring(&t, count, src, &tg, argv[5], mac);
	} else {
		return usage();
	}
	t1 = now();
	if (rc == 0)
		printf("%s %lu packets in %.3f s: %.0f pps", argv[1], count, t1 - t0,
		       (double)count / (t1 - t0));
	if (rc == 0 && nthreads > 1)
		printf(" (%u threads)", nthreads);
	if (rc == 0 && capif != NULL)
		printf("; %lu answers captured", capture_stop(&cap));
	if (rc == 0)
		printf("\n");
	return rc;
}
