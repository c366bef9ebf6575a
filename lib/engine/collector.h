/*
 * The collector: libpcap on its own thread, in immediate mode, behind a BPF filter
 * narrowed to our address and source-port range (and ICMP unreachables to us).
 * Each frame goes through the bounds-checked parser and the classifier; answers
 * are handed to the engine through a single-producer, single-consumer ring.
 */
#ifndef PP_COLLECTOR_H
#define PP_COLLECTOR_H

#include <pcap/pcap.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "classify.h"

struct pp__collector {
	pcap_t *pc;
	int dlt;
	pthread_t th;
	int running;
	int wakefd;       /* an eventfd: the stop wakes the thread out of poll() */
	pthread_t closer; /* pp__collector_release's */
	int closing;
	atomic_int stop;
	const struct pp__match *match;
	uint64_t t0_ns; /* CLOCK_MONOTONIC origin of the replies' ts_us */
	/* The ring to the engine. */
	struct pp__reply *q;
	uint32_t qmask;
	_Atomic uint32_t head, tail; /* head: next to write; tail: next to read */
	/* Counters (written by the collector thread, read by anyone). */
	_Atomic uint64_t received, matched, rejected, qdrops;
	_Atomic uint64_t kdrops; /* frames the kernel dropped, polled by the thread */
};

/* Open and filter the capture (needs privilege): room in the ring for `frames`
 * frames of up to `snaplen` bytes. */
/* srcs6: an IPv6 scan's nsrc addresses (srcs unused), NULL for IPv4. */
int pp__collector_open(struct pp__collector *c, const char *ifname, const uint32_t *srcs,
                       uint32_t nsrc, const uint8_t (*srcs6)[16], uint16_t sport_lo,
                       uint16_t sport_hi, unsigned snaplen, size_t frames, char *err,
                       size_t errlen);
/* The capture filter of an IPv6 scan from srcs6 (nsrc of them) into buf:
 * answers to our source ports, ICMPv6 destination unreachables, and whatever
 * carries extension headers (the parser walks them). */
void pp__collector_filter6(char *buf, size_t len, const uint8_t (*srcs6)[16], uint32_t nsrc,
                           uint16_t sport_lo, uint16_t sport_hi);
/* Without pcap (tests): only the ring, fed with pp__collector_feed. */
int pp__collector_init(struct pp__collector *c, int dlt, const struct pp__match *m, uint64_t t0_ns);
/* Start the thread (after privileges are dropped). */
int pp__collector_start(struct pp__collector *c, const struct pp__match *m, uint64_t t0_ns,
                        char *err, size_t errlen);
/* Parse, check and classify one frame; push the answer. */
void pp__collector_feed(struct pp__collector *c, const uint8_t *data, size_t len);
/* The next answer for the engine: 1, or 0 when there is none. */
int pp__collector_pop(struct pp__collector *c, struct pp__reply *out);
/* Frames the kernel dropped (pcap_stats, read by the collector thread every
 * 10 ms: a pcap_t is not shared between threads), 0 if unknown. */
uint64_t pp__collector_kernel_drops(struct pp__collector *c);
void pp__collector_stop(struct pp__collector *c);
/* Stop, keep the last count of lost frames, and close the capture on a thread of
 * its own (pp__collector_close joins it). */
void pp__collector_release(struct pp__collector *c);
void pp__collector_close(struct pp__collector *c);

uint64_t pp__now_ns(void);

#endif
