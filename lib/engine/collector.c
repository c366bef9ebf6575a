/*
 * The collector (see collector.h).  The thread reads with pcap_dispatch in
 * non-blocking mode; nothing is parsed before the engine has dropped its
 * privileges: the thread is started only after that.
 *
 * Between reads it waits in one of two ways.  While answers flow it naps
 * NAP_US and reads what came meanwhile: a reader blocked in poll() would be
 * woken by the kernel for every frame, and that wake-up is paid by whoever
 * receives the frame, here the engine's sending thread (on veth the target's
 * answer is received within our own sendmmsg): at 100k answers a second it cost
 * the sender ~4% of its time, as much again in context switches.  After IDLE_US
 * without a frame it blocks in poll() (10 ms, to see the stop flag), which
 * costs nothing while a slow scan waits, and an eventfd in the same poll() lets
 * the stop end it at once (the scan's end waited up to 10 ms for it).  Answers
 * are stamped when read, so an RTT grows by at most the nap, far below the 10 ms
 * floor of the timeout.
 *
 * The capture never sees our own probes: PCAP_D_IN alone drops them only after
 * the kernel has cloned each one to the socket and run the filter on it, on the
 * sending thread (2% of it); PACKET_IGNORE_OUTGOING (Linux 4.20) skips the
 * socket on transmit.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collector.h"
#include "pp_error.h"

#define QSIZE   (1u << 16)
#define NAP_US  200u   /* the wait between reads while answers flow */
#define IDLE_US 20000u /* and how long without a frame before poll() */

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

uint64_t
pp__now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
ring_init(struct pp__collector *c)
{
	if ((c->q = calloc(QSIZE, sizeof(*c->q))) == NULL)
		return PP_ENOMEM;
	c->qmask = QSIZE - 1;
	atomic_store(&c->head, 0);
	atomic_store(&c->tail, 0);
	return 0;
}

int
pp__collector_init(struct pp__collector *c, int dlt, const struct pp__match *m, uint64_t t0_ns)
{
	memset(c, 0, sizeof(*c));
	c->wakefd = -1;
	c->dlt = dlt;
	c->match = m;
	c->t0_ns = t0_ns;
	return ring_init(c);
}

/*
 * The buffer size to ask of libpcap for room for `frames` frames of `snaplen`.
 * In immediate mode it uses TPACKET_V2, whose frames have one size: the frame
 * header, room for the link header and a VLAN tag, and the snapshot, 16-aligned;
 * it takes the buffer size over that as the count of frames, and frames do not
 * span pages (a frame of over half a page wastes the rest of it).  At a snapshot
 * of 2048 every answer took a 4 KB page: "a quarter second of answers" sized in
 * bytes held a fortieth of that.
 */
static size_t
ring_bytes(unsigned snaplen, size_t frames)
{
	/* TPACKET2_HDRLEN: the header (32) and a sockaddr_ll (20); 16 + 4: link, VLAN */
	return frames * ((52 + 16 + 4 + (size_t)snaplen + 15) & ~(size_t)15);
}

int
pp__collector_open(struct pp__collector *c, const char *ifname, const uint32_t *srcs, uint32_t nsrc,
                   const uint8_t (*srcs6)[16], uint16_t sport_lo, uint16_t sport_hi,
                   unsigned snaplen, size_t frames, char *err, size_t errlen)
{
	char perr[PCAP_ERRBUF_SIZE], filter[256 + 64 * 64], hosts[64 * 64], a[INET_ADDRSTRLEN];
	struct bpf_program prog;
	struct in_addr in;
	size_t off = 0;
	uint32_t i;
	int rc;

	memset(c, 0, sizeof(*c));
	c->wakefd = -1;
	if ((rc = ring_init(c)) < 0)
		return pp__errf(err, errlen, rc, "out of memory");
	if ((c->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0)
		return pp__errf(err, errlen, PP_ENET, "eventfd: %s", strerror(errno));
	perr[0] = '\0';
	if ((c->pc = pcap_create(ifname, perr)) == NULL)
		return pp__errf(err, errlen, PP_ENET, "%s: cannot capture: %s", ifname, perr);
	pcap_set_snaplen(c->pc, (int)snaplen);
	pcap_set_promisc(c->pc, 0);
	pcap_set_immediate_mode(c->pc, 1);
	pcap_set_buffer_size(c->pc, (int)ring_bytes(snaplen, frames));
	if ((rc = pcap_activate(c->pc)) < 0) {
		int code = rc == PCAP_ERROR_PERM_DENIED      ? PP_EPERM
		           : rc == PCAP_ERROR_NO_SUCH_DEVICE ? PP_ENOENT
		                                             : PP_ENET;
		pp__errf(err, errlen, code, "%s: cannot capture: %s%s", ifname, pcap_geterr(c->pc),
		         code == PP_EPERM ? " (needs root or CAP_NET_RAW)" : "");
		pcap_close(c->pc);
		c->pc = NULL;
		return code;
	}
	c->dlt = pcap_datalink(c->pc);
	pcap_setdirection(c->pc, PCAP_D_IN);
	{
		int one = 1; /* best effort: older kernels filter outgoing frames as before */
		setsockopt(pcap_get_selectable_fd(c->pc), SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
		           sizeof(one));
	}
	if (srcs6 != NULL) {
		pp__collector_filter6(filter, sizeof(filter), srcs6, nsrc, sport_lo, sport_hi);
	} else {
		/* "ip dst host A or ip dst host B ...". */
		hosts[0] = '\0';
		for (i = 0; i < nsrc && i < 64 && off < sizeof(hosts); i++) {
			in.s_addr = htonl(srcs[i]);
			off += (size_t)snprintf(hosts + off, sizeof(hosts) - off,
			                        "%sip dst host %s", i > 0 ? " or " : "",
			                        inet_ntop(AF_INET, &in, a, sizeof(a)));
		}
		snprintf(filter, sizeof(filter),
		         "(%s) and (((tcp or udp) and dst portrange %u-%u) or "
		         "(icmp and icmp[icmptype] == icmp-unreach))",
		         hosts, (unsigned)sport_lo, (unsigned)sport_hi);
	}
	if (pcap_compile(c->pc, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0 ||
	    pcap_setfilter(c->pc, &prog) < 0) {
		pp__errf(err, errlen, PP_ENET, "%s: cannot set the capture filter: %s", ifname,
		         pcap_geterr(c->pc));
		pcap_close(c->pc);
		c->pc = NULL;
		return PP_ENET;
	}
	pcap_freecode(&prog);
	if (pcap_setnonblock(c->pc, 1, perr) < 0) {
		pp__errf(err, errlen, PP_ENET, "%s: %s", ifname, perr);
		pcap_close(c->pc);
		c->pc = NULL;
		return PP_ENET;
	}
	return 0;
}

/*
 * BPF reads ports and the ICMPv6 type at fixed offsets past the 40-byte
 * header, so an answer behind extension headers (hop-by-hop, routing,
 * fragment, destination options, AH: the ones packet6.c walks) passes
 * whole, to our address only, and the parser judges it.  Measured in
 * pcap's interpreter: 31 instructions, 13-16 ns an answer as before;
 * `ip6 protochain` took 211 and 26-94 ns and, like `ip6 dst host` alone,
 * let the host's own TCP traffic (ssh to it) into the ring.
 */
void
pp__collector_filter6(char *buf, size_t len, const uint8_t (*srcs6)[16], uint32_t nsrc,
                      uint16_t sport_lo, uint16_t sport_hi)
{
	/* "ip6 dst host A or ip6 dst host B ...": 60 bytes an address at most. */
	char hosts[64 * 64], a[INET6_ADDRSTRLEN];
	size_t off = 0;
	uint32_t i;

	hosts[0] = '\0';
	for (i = 0; i < nsrc && i < 64 && off < sizeof(hosts); i++)
		off += (size_t)snprintf(hosts + off, sizeof(hosts) - off, "%sip6 dst host %s",
		                        i > 0 ? " or " : "",
		                        inet_ntop(AF_INET6, srcs6[i], a, sizeof(a)));
	snprintf(buf, len,
	         "(%s) and (((tcp or udp) and dst portrange %u-%u) or "
	         "(icmp6 and ip6[40] == 1) or ip6[6] == 0 or ip6[6] == 43 or ip6[6] == 44 or "
	         "ip6[6] == 51 or ip6[6] == 60)",
	         hosts, (unsigned)sport_lo, (unsigned)sport_hi);
}

void
pp__collector_feed(struct pp__collector *c, const uint8_t *data, size_t len)
{
	struct pp__pkt pk;
	struct pp__reply r;
	uint32_t h, t;

	atomic_fetch_add_explicit(&c->received, 1, memory_order_relaxed);
	if (pp__pkt_parse(c->dlt, data, len, &pk) < 0 || !pp__classify(c->match, &pk, &r)) {
		atomic_fetch_add_explicit(&c->rejected, 1, memory_order_relaxed);
		return;
	}
	atomic_fetch_add_explicit(&c->matched, 1, memory_order_relaxed);
	r.ts_us = (pp__now_ns() - c->t0_ns) / 1000;
	h = atomic_load_explicit(&c->head, memory_order_relaxed);
	t = atomic_load_explicit(&c->tail, memory_order_acquire);
	if (h - t > c->qmask) {
		atomic_fetch_add_explicit(&c->qdrops, 1, memory_order_relaxed);
		return;
	}
	c->q[h & c->qmask] = r;
	atomic_store_explicit(&c->head, h + 1, memory_order_release);
}

int
pp__collector_pop(struct pp__collector *c, struct pp__reply *out)
{
	uint32_t t = atomic_load_explicit(&c->tail, memory_order_relaxed);
	uint32_t h = atomic_load_explicit(&c->head, memory_order_acquire);

	if (t == h)
		return 0;
	*out = c->q[t & c->qmask];
	atomic_store_explicit(&c->tail, t + 1, memory_order_release);
	return 1;
}

static void
on_packet(u_char *arg, const struct pcap_pkthdr *h, const u_char *data)
{
	pp__collector_feed((struct pp__collector *)arg, data, h->caplen);
}

static void *
run(void *arg)
{
	struct pp__collector *c = arg;
	struct timespec nap = {0, NAP_US * 1000};
	struct pollfd pfd[2];
	struct pcap_stat st;
	uint64_t last = 0, last_frame = 0, t;

	pfd[0].fd = pcap_get_selectable_fd(c->pc);
	pfd[0].events = POLLIN;
	pfd[1].fd = c->wakefd;
	pfd[1].events = POLLIN;
	while (!atomic_load(&c->stop)) {
		int n = pcap_dispatch(c->pc, 4096, on_packet, (u_char *)c);
		if (n < 0)
			break;
		t = pp__now_ns();
		if (t - last > 10000000u) {
			if (pcap_stats(c->pc, &st) == 0)
				atomic_store(&c->kdrops, st.ps_drop);
			last = t;
		}
		if (n > 0)
			last_frame = t;
		if (n == 4096)
			continue; /* more are waiting */
		if (t - last_frame < IDLE_US * 1000ull)
			nanosleep(&nap, NULL);
		else if (poll(pfd, 2, 10) < 0 && errno != EINTR)
			break;
	}
	return NULL;
}

int
pp__collector_start(struct pp__collector *c, const struct pp__match *m, uint64_t t0_ns, char *err,
                    size_t errlen)
{
	int e;

	c->match = m;
	c->t0_ns = t0_ns;
	atomic_store(&c->stop, 0);
	if ((e = pthread_create(&c->th, NULL, run, c)) != 0)
		return pp__errf(err, errlen, PP_ENOMEM, "cannot start the collector: %s",
		                strerror(e));
	c->running = 1;
	return 0;
}

uint64_t
pp__collector_kernel_drops(struct pp__collector *c)
{
	struct pcap_stat st;

	if (!c->running && c->pc != NULL && pcap_stats(c->pc, &st) == 0)
		atomic_store(&c->kdrops, st.ps_drop);
	return atomic_load(&c->kdrops);
}

void
pp__collector_stop(struct pp__collector *c)
{
	if (c->running) {
		uint64_t one = 1;
		ssize_t n;
		atomic_store(&c->stop, 1);
		n = c->wakefd >= 0 ? write(c->wakefd, &one, sizeof(one)) : 0;
		(void)n; /* failing, the thread sees the flag within its 10 ms poll */
		pthread_join(c->th, NULL);
		c->running = 0;
	}
}

static void *
close_capture(void *arg)
{
	pcap_close(arg);
	return NULL;
}

/*
 * Closing a packet socket waits for an RCU grace period (26 ms of a scan's end
 * here, on a 2-core VM) that the result being written need not wait for.
 */
void
pp__collector_release(struct pp__collector *c)
{
	struct pcap_stat st;

	pp__collector_stop(c);
	if (c->pc == NULL || c->closing)
		return;
	if (pcap_stats(c->pc, &st) == 0)
		atomic_store(&c->kdrops, st.ps_drop);
	if (pthread_create(&c->closer, NULL, close_capture, c->pc) == 0)
		c->closing = 1;
	else
		pcap_close(c->pc);
	c->pc = NULL;
}

void
pp__collector_close(struct pp__collector *c)
{
	pp__collector_stop(c);
	if (c->closing)
		pthread_join(c->closer, NULL);
	c->closing = 0;
	if (c->pc != NULL)
		pcap_close(c->pc);
	c->pc = NULL;
	/* q != NULL: init or open ran and set wakefd (a zeroed struct has fd 0). */
	if (c->q != NULL && c->wakefd >= 0)
		close(c->wakefd);
	c->wakefd = -1;
	free(c->q);
	c->q = NULL;
}
