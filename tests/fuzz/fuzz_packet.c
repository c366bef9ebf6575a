/*
 * Fuzz harness of the reply path: a captured frame goes through the collector's
 * feed (lib/engine/packet.c's parser, then the classifier, then the ring to the engine)
 * exactly as pcap would hand it over, once for each link type we accept
 * (Ethernet, raw IPv4, Linux cooked SLL and SLL2), with the fixed scans of
 * packet_fixture.h (IPv4, and IPv6).  Each frame is fed twice: as it is, and with its IP and
 * TCP/UDP/ICMP checksums recomputed, so that mutations get past the checksum
 * check to the cookie and the classifier behind it.  Any bytes must leave the
 * counters consistent (received = matched + rejected) and hand the engine only
 * answers that make sense: TCP or UDP, a real state and reason, from the
 * packet's source for direct replies, with its probe for a UDP response.
 *
 * Built by `make check` with tests/fuzz/replay.c, it replays the seed corpus
 * tests/fuzz/corpus/packet (made by mkseeds_packet.c); `make fuzz` builds it
 * with libFuzzer.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/build.h"
#include "engine/collector.h"
#include "engine/packet.h"
#include "packet_fixture.h"
#include "pp_result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ppf fix, fix6;
static struct pp__collector col, col6;

/* An IPv6 answer: the same rules on the IPv6 addresses. */
static void
check_reply6(const struct pp__reply *r, const struct pp__pkt *pk)
{
	if (pk->family != 6)
		abort(); /* an IPv6 scan takes IPv6 answers only */
	if (pp_reason_is_icmp(r->reason)) {
		/* ICMPv6's own reasons for codes other than 1 and 4, which read as
		 * ICMP's 13 and 3 (pp__icmp6_unreach). */
		if (r->reason == PP_REASON_ICMP6_UNREACH && (r->code == 1 || r->code == 4))
			abort();
		if (r->reason == PP_REASON_ICMP_UNREACH && r->code != 13 && r->code != 3)
			abort();
		if (pk->proto != 58 || !pk->u.icmp.quoted ||
		    memcmp(pk->u.icmp.qsrc6, PPF_US6, 16) != 0 ||
		    memcmp(r->addr6, pk->u.icmp.qdst6, 16) != 0 || r->port != pk->u.icmp.qdport)
			abort();
		return;
	}
	if (memcmp(r->addr6, pk->src6, 16) != 0)
		abort();
	if (r->reason == PP_REASON_UDP_RESPONSE && (r->probe == NULL || r->proto != PP_PROTO_UDP))
		abort();
	if ((r->reason == PP_REASON_SYN_ACK || r->reason == PP_REASON_RST) &&
	    (r->proto != PP_PROTO_TCP || r->port != pk->u.tcp.sport))
		abort();
}

static void
check_reply(const struct pp__reply *r, const struct pp__pkt *pk)
{
	if (r->proto != PP_PROTO_TCP && r->proto != PP_PROTO_UDP)
		abort();
	if (r->state < PP_STATE_OPEN || r->state > PP_STATE_OPEN_FILTERED)
		abort();
	if (r->v6) {
		check_reply6(r, pk);
		return;
	}
	if (pk->family != 4 || r->reason == PP_REASON_ICMP6_UNREACH)
		abort(); /* an IPv4 scan takes IPv4 answers only */
	if (r->reason == PP_REASON_ICMP_UNREACH) {
		if (pk->proto != 1 || !pk->u.icmp.quoted || pk->u.icmp.qsrc != PPF_US ||
		    r->addr != pk->u.icmp.qdst || r->port != pk->u.icmp.qdport)
			abort(); /* the probe the error quotes */
		return;
	}
	if (r->addr != pk->src)
		abort(); /* a direct answer comes from the target */
	if (r->reason == PP_REASON_UDP_RESPONSE && (r->probe == NULL || r->proto != PP_PROTO_UDP))
		abort();
	if ((r->reason == PP_REASON_SYN_ACK || r->reason == PP_REASON_RST) &&
	    (r->proto != PP_PROTO_TCP || r->port != pk->u.tcp.sport))
		abort();
}

static void
feed_to(struct pp__collector *c, int dlt, const uint8_t *data, size_t size)
{
	uint64_t recv = atomic_load(&c->received);
	struct pp__reply r;
	struct pp__pkt pk;
	int parsed, n = 0;

	c->dlt = dlt;
	pp__collector_feed(c, data, size);
	if (atomic_load(&c->received) != recv + 1 ||
	    atomic_load(&c->matched) + atomic_load(&c->rejected) != recv + 1)
		abort();
	parsed = pp__pkt_parse(dlt, data, size, &pk) == 0;
	while (pp__collector_pop(c, &r)) {
		if (!parsed || ++n > 1)
			abort(); /* one frame, at most one answer */
		check_reply(&r, &pk);
	}
}

/* To the IPv4 scan and to the IPv6 one. */
static void
feed(int dlt, const uint8_t *data, size_t size)
{
	feed_to(&col, dlt, data, size);
	feed_to(&col6, dlt, data, size);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		int dlt;
		size_t off;
	} links[] = {{PP__DLT_EN10MB, 14},
	             {PP__DLT_RAW, 0},
	             {PP__DLT_LINUX_SLL, 16},
	             {PP__DLT_LINUX_SLL2, 20}};
	static int ready;
	uint8_t *copy;
	size_t i, off;

	if (!ready) {
		if (ppf_init(&fix) < 0 || pp__collector_init(&col, PP__DLT_RAW, &fix.m, 0) < 0 ||
		    ppf_init6(&fix6) < 0 || pp__collector_init(&col6, PP__DLT_RAW, &fix6.m, 0) < 0)
			abort();
		ready = 1;
	}
	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		feed(links[i].dlt, data, size);
		off = links[i].off;
		if (links[i].dlt == PP__DLT_EN10MB && size >= 14 && data[12] == 0x81 &&
		    data[13] == 0x00)
			off += 4; /* one VLAN tag */
		memcpy(copy, data, size);
		if (size >= off)
			ppf_seal(copy + off, size - off);
		if (memcmp(copy, data, size) != 0)
			feed(links[i].dlt, copy, size);
	}
	free(copy);
	return 0;
}
