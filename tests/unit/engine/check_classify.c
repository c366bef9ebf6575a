/*
 * Unit tests of the reply parser and the classifier, fed crafted packets: valid
 * answers (SYN-ACK, RST, ICMP unreachable, UDP) and the ones that must be
 * rejected (wrong cookie, not to us, truncated at every length, another
 * protocol, an ICMP error quoting someone else's packet, a bad checksum).
 * Crafted packets get their checksums from ppf_seal() (tests/fuzz/packet_fixture.h)
 * just before they are parsed.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "engine/build.h"
#include "base/bytes.h"
#include "engine/classify.h"
#include "engine/packet.h"
#include "pp_error.h"
#include "pp_portset.h"

#include "classify_fixture.h"
#include "pp_result.h"
#include "runner.h"

#define US   0xc6120001u /* 198.18.0.1 */
#define THEM 0xc6120002u /* 198.18.0.2 */
#define US2  0xc6120005u /* 198.18.0.5, a second source (-S) */

/* An IPv4 header; returns 20. */
static size_t
ip(uint8_t *b, uint32_t src, uint32_t dst, unsigned proto, size_t payload, unsigned ttl)
{
	memset(b, 0, 20);
	b[0] = 0x45;
	pp__put16(b + 2, (unsigned)(20 + payload));
	b[8] = (uint8_t)ttl;
	b[9] = (uint8_t)proto;
	pp__put32(b + 12, src);
	pp__put32(b + 16, dst);
	return 20;
}

static size_t
tcp(uint8_t *b, uint32_t src, uint32_t dst, unsigned sport, unsigned dport, uint32_t seq,
    uint32_t ack, unsigned flags)
{
	uint8_t *t = b + ip(b, src, dst, 6, 20, 61);

	memset(t, 0, 20);
	pp__put16(t, sport);
	pp__put16(t + 2, dport);
	pp__put32(t + 4, seq);
	pp__put32(t + 8, ack);
	t[12] = 5 << 4;
	t[13] = (uint8_t)flags;
	return 40;
}

/* The probe we would send to THEM:dport, as the engine builds it. */
static size_t
probe_tcp(uint8_t *b, unsigned dport)
{
	struct pp__tmpl t;
	uint64_t c = pp__cookie(&m.key, 1, US, THEM, (uint16_t)dport);

	ck_assert_int_eq(pp__tmpl_init(&t, 64, NULL, 0), 0);
	pp__build_tcp(&t, b, US, THEM, pp__cookie_sport(&m.key, c), (uint16_t)dport,
	              pp__cookie_seq(c), 1);
	return PP__TCP_PKT_LEN;
}

static size_t
probe_udp(uint8_t *b, unsigned dport)
{
	struct pp__tmpl t;
	struct pp_probe_ctx ctx;

	ck_assert_int_eq(pp__tmpl_init(&t, 64, NULL, 0), 0);
	pp__udp_ctx(&m, &udp[udp_index[dport] - 1], THEM, 0, &ctx);
	return pp__build_udp(&t, b, 0, US, THEM, ctx.sport, (uint16_t)dport, 1);
}

/* An ICMP unreachable from `from` quoting quoted[0..qlen). */
static size_t
icmp_unreach(uint8_t *b, uint32_t from, unsigned code, const uint8_t *quoted, size_t qlen)
{
	uint8_t *i = b + ip(b, from, US, 1, 8 + qlen, 63);

	memset(i, 0, 8);
	i[0] = 3;
	i[1] = (uint8_t)code;
	memcpy(i + 8, quoted, qlen);
	return 28 + qlen;
}

static void
setup(void)
{
	static const uint16_t ports[] = {53, 69};
	static const char *const names[] = {"empty", "tftp"};

	cfx_setup(0x5a, ports, names, 2);
	m.src = US;
}

static uint32_t
seq_of(unsigned dport)
{
	return pp__cookie_seq(pp__cookie(&m.key, 1, US, THEM, (uint16_t)dport));
}

static unsigned
sport_of(unsigned proto, unsigned dport)
{
	return pp__cookie_sport(&m.key, pp__cookie(&m.key, proto, US, THEM, (uint16_t)dport));
}

START_TEST(test_synack_open)
{
	uint8_t b[64];
	struct pp__reply r;
	size_t n = tcp(b, THEM, US, 443, sport_of(1, 443), 12345, seq_of(443) + 1, 0x12);

	ck_assert_int_eq(classify(b, n, &r), 1);
	ck_assert_uint_eq(r.proto, PP_PROTO_TCP);
	ck_assert_uint_eq(r.addr, THEM);
	ck_assert_uint_eq(r.port, 443);
	ck_assert_uint_eq(r.state, PP_STATE_OPEN);
	ck_assert_uint_eq(r.reason, PP_REASON_SYN_ACK);
	ck_assert_uint_eq(r.ttl, 61);
	ck_assert_int_eq(r.attempt, 0);
	/* The third try's, answered at its own source port: the reply names it. */
	n = tcp(b, THEM, US, 443,
	        pp__cookie_sport_try(&m.key, pp__cookie(&m.key, 1, US, THEM, 443), 2), 12345,
	        (seq_of(443) ^ (2u << 24)) + 1, 0x12);
	ck_assert_int_eq(classify(b, n, &r), 1);
	ck_assert_int_eq(r.attempt, 2);
	/* The third try's sequence number at the first try's port is no try's. */
	n = tcp(b, THEM, US, 443, sport_of(1, 443), 12345, (seq_of(443) ^ (2u << 24)) + 1, 0x12);
	ck_assert_int_eq(classify(b, n, &r), 0);
}
END_TEST

START_TEST(test_rst_closed)
{
	uint8_t b[64];
	struct pp__reply r;
	size_t n = tcp(b, THEM, US, 25, sport_of(1, 25), 0, seq_of(25) + 1, 0x14);

	ck_assert_int_eq(classify(b, n, &r), 1);
	ck_assert_uint_eq(r.state, PP_STATE_CLOSED);
	ck_assert_uint_eq(r.reason, PP_REASON_RST);
	/* An RST without ACK acknowledges nothing: not ours to believe. */
	n = tcp(b, THEM, US, 25, sport_of(1, 25), 0, seq_of(25) + 1, 0x04);
	ck_assert_int_eq(classify(b, n, &r), 0);
}
END_TEST

START_TEST(test_wrong_cookie)
{
	uint8_t b[64];
	struct pp__reply r;

	/* ack off by one, by the whole seq, wrong port, wrong source, wrong key */
	ck_assert_int_eq(
	        classify(b, tcp(b, THEM, US, 80, sport_of(1, 80), 0, seq_of(80), 0x12), &r), 0);
	ck_assert_int_eq(
	        classify(b, tcp(b, THEM, US, 80, sport_of(1, 80), 0, seq_of(80) + 2, 0x12), &r), 0);
	ck_assert_int_eq(
	        classify(b, tcp(b, THEM, US, 81, sport_of(1, 80), 0, seq_of(80) + 1, 0x12), &r), 0);
	ck_assert_int_eq(
	        classify(b, tcp(b, THEM + 1, US, 80, sport_of(1, 80), 0, seq_of(80) + 1, 0x12), &r),
	        0);
	ck_assert_int_eq(classify(b,
	                          tcp(b, THEM, US, 80, (sport_of(1, 80) + 1) % 65536, 0,
	                              seq_of(80) + 1, 0x12),
	                          &r),
	                 0);
	m.key.k[3] ^= 0x80;
	ck_assert_int_eq(classify(b, tcp(b, THEM, US, 80, 0, 0, 0, 0x12), &r), 0);
}
END_TEST

START_TEST(test_not_to_us)
{
	uint8_t b[64];
	struct pp__reply r;
	size_t n = tcp(b, THEM, US + 5, 443, sport_of(1, 443), 0, seq_of(443) + 1, 0x12);

	ck_assert_int_eq(classify(b, n, &r), 0);
}
END_TEST

START_TEST(test_truncated_every_length)
{
	uint8_t full[256], *b;
	struct pp__reply r;
	size_t n, len;
	uint8_t q[PP__TCP_PKT_LEN];

	probe_tcp(q, 22);
	n = icmp_unreach(full, THEM, 13, q, 28);
	for (len = 0; len < n; len++) {
		/* Exactly len bytes on the heap, so ASan sees any read past them. */
		b = malloc(len ? len : 1);
		memcpy(b, full, len);
		ck_assert_int_ne(classify(b, len, &r), 1);
		free(b);
	}
	ck_assert_int_eq(classify(full, n, &r), 1);
	n = tcp(full, THEM, US, 443, sport_of(1, 443), 0, seq_of(443) + 1, 0x12);
	for (len = 0; len < n; len++) {
		b = malloc(len ? len : 1);
		memcpy(b, full, len);
		ck_assert_int_ne(classify(b, len, &r), 1);
		free(b);
	}
}
END_TEST

START_TEST(test_wrong_protocol)
{
	uint8_t b[128];
	struct pp__reply r;
	struct pp__pkt pk;
	size_t n = ip(b, THEM, US, 47, 20, 64); /* GRE */

	memset(b + n, 0, 20);
	ck_assert_int_lt(pp__pkt_parse(PP__DLT_RAW, b, n + 20, &pk), 0);
	/* An ICMP echo reply is not an answer to a probe. */
	n = ip(b, THEM, US, 1, 8, 64);
	memset(b + n, 0, 8);
	ck_assert_int_eq(classify(b, n + 8, &r), 0);
	/* IPv6 in the version field. */
	b[0] = 0x65;
	ck_assert_int_lt(pp__pkt_parse(PP__DLT_RAW, b, n + 8, &pk), 0);
	/* Not IPv4 on Ethernet (ARP). */
	memset(b, 0, 60);
	b[12] = 0x08;
	b[13] = 0x06;
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_EN10MB, b, 60, &pk), PP_ENOTSUP);
}
END_TEST

START_TEST(test_icmp_quoting_ours)
{
	uint8_t b[256], q[PP__TCP_PKT_LEN];
	struct pp__reply r;
	static const unsigned codes[] = {0, 1, 2, 3, 9, 10, 13};
	size_t i;

	probe_tcp(q, 8443);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		/* From a router on the way, quoting the IP header and 8 bytes. */
		ck_assert_int_eq(classify(b, icmp_unreach(b, 0xc6120101u, codes[i], q, 28), &r), 1);
		ck_assert_uint_eq(r.addr, THEM);
		ck_assert_uint_eq(r.port, 8443);
		ck_assert_uint_eq(r.state, PP_STATE_FILTERED);
		ck_assert_uint_eq(r.reason, PP_REASON_ICMP_UNREACH);
		ck_assert_uint_eq(r.code, codes[i]);
	}
	/* Fragmentation needed says nothing of the port. */
	ck_assert_int_eq(classify(b, icmp_unreach(b, THEM, 4, q, 28), &r), 0);
}
END_TEST

START_TEST(test_icmp_quoting_someone_else)
{
	uint8_t b[256], q[PP__TCP_PKT_LEN];
	struct pp__reply r;

	/* Someone else's SYN (another source address). */
	probe_tcp(q, 8443);
	pp__put32(q + 12, US + 1);
	ck_assert_int_eq(classify(b, icmp_unreach(b, THEM, 13, q, 28), &r), 0);
	/* Ours, but another sequence number. */
	probe_tcp(q, 8443);
	q[27] ^= 1;
	ck_assert_int_eq(classify(b, icmp_unreach(b, THEM, 13, q, 28), &r), 0);
	/* Ours, the second try's (the try is the seq's top byte, and the next
	 * source port: cookie.h). */
	probe_tcp(q, 8443);
	q[24] ^= 1;
	pp__put16(q + 20, pp__cookie_sport_try(&m.key, pp__cookie(&m.key, 1, US, THEM, 8443), 1));
	ck_assert_int_eq(classify(b, icmp_unreach(b, THEM, 13, q, 28), &r), 1);
	ck_assert_int_eq(r.attempt, 1);
	/* Ours, but another port than the one the cookie was made for. */
	probe_tcp(q, 8443);
	pp__put16(q + 22, 8444);
	ck_assert_int_eq(classify(b, icmp_unreach(b, THEM, 13, q, 28), &r), 0);
	/* Fewer than 8 quoted bytes of TCP: no sequence number to check. */
	probe_tcp(q, 8443);
	ck_assert_int_ne(classify(b, icmp_unreach(b, THEM, 13, q, 24), &r), 1);
}
END_TEST

START_TEST(test_udp)
{
	uint8_t b[256], q[128];
	struct pp__reply r;
	size_t n, ql = probe_udp(q, 53);

	/* Port unreachable: closed; other codes: filtered. */
	ck_assert_int_eq(classify(b, icmp_unreach(b, THEM, 3, q, ql), &r), 1);
	ck_assert_uint_eq(r.proto, PP_PROTO_UDP);
	ck_assert_uint_eq(r.port, 53);
	ck_assert_uint_eq(r.state, PP_STATE_CLOSED);
	ck_assert_uint_eq(r.code, 3);
	ck_assert_int_eq(classify(b, icmp_unreach(b, THEM, 13, q, ql), &r), 1);
	ck_assert_uint_eq(r.state, PP_STATE_FILTERED);
	/* A quoted probe from another source port is not ours. */
	pp__put16(q + 20, (unsigned)(sport_of(2, 53) == 61000 ? 61001 : 61000));
	ck_assert_int_eq(classify(b, icmp_unreach(b, THEM, 3, q, ql), &r), 0);
	/* A datagram from the probed port to our port: open. */
	n = ip(b, THEM, US, 17, 12, 64);
	pp__put16(b + n, 53);
	pp__put16(b + n + 2, sport_of(2, 53));
	pp__put16(b + n + 4, 12);
	pp__put16(b + n + 6, 0);
	memcpy(b + n + 8, "abcd", 4);
	ck_assert_int_eq(classify(b, n + 12, &r), 1);
	ck_assert_uint_eq(r.state, PP_STATE_OPEN);
	ck_assert_uint_eq(r.reason, PP_REASON_UDP_RESPONSE);
	ck_assert_str_eq(r.probe->name, "empty");
	/* To another of our ports: rejected. */
	pp__put16(b + n + 2, sport_of(2, 53) + 1u > 65535 ? 61000 : sport_of(2, 53) + 1u);
	ck_assert_int_eq(classify(b, n + 12, &r), 0);
	/* A UDP length past the packet: rejected by the parser. */
	pp__put16(b + n + 2, sport_of(2, 53));
	pp__put16(b + n + 4, 200);
	ck_assert_int_lt(classify(b, n + 12, &r), 1);
}
END_TEST

/* -S with several sources: an answer to any of them is ours (r.src says which),
 * checked against the cookie of the probe from that source; one to an address
 * not ours, or to another of ours than the probe came from, is not. */
START_TEST(test_several_sources)
{
	static const uint32_t srcs[] = {US, US2};
	uint8_t b[256], q[128], *i;
	struct pp__reply r;
	struct pp__tmpl t;
	struct pp_probe_ctx ctx;
	uint64_t c = pp__cookie(&m.key, 1, US2, THEM, 443);
	size_t n, ql;

	m.srcs = srcs;
	m.nsrc = 2;
	/* A SYN-ACK to US2 for US2's probe. */
	n = tcp(b, THEM, US2, 443, pp__cookie_sport(&m.key, c), 7, pp__cookie_seq(c) + 1, 0x12);
	ck_assert_int_eq(classify(b, n, &r), 1);
	ck_assert_uint_eq(r.src, 1);
	ck_assert_uint_eq(r.state, PP_STATE_OPEN);
	/* The same to an address not ours, and to US (US's cookie differs). */
	n = tcp(b, THEM, US2 + 1, 443, pp__cookie_sport(&m.key, c), 7, pp__cookie_seq(c) + 1, 0x12);
	ck_assert_int_eq(classify(b, n, &r), 0);
	n = tcp(b, THEM, US, 443, pp__cookie_sport(&m.key, c), 7, pp__cookie_seq(c) + 1, 0x12);
	ck_assert_int_eq(classify(b, n, &r), 0);
	/* US's probe still answered at US. */
	n = tcp(b, THEM, US, 443, sport_of(1, 443), 12345, seq_of(443) + 1, 0x12);
	ck_assert_int_eq(classify(b, n, &r), 1);
	ck_assert_uint_eq(r.src, 0);
	/* A port unreachable to US2 quoting US2's UDP probe: closed. */
	ck_assert_int_eq(pp__tmpl_init(&t, 64, NULL, 0), 0);
	pp__udp_ctx_from(&m, &udp[0], US2, THEM, 0, &ctx);
	ql = pp__build_udp(&t, q, 0, US2, THEM, ctx.sport, 53, 1);
	i = b + ip(b, THEM, US2, 1, 8 + ql, 63);
	memset(i, 0, 8);
	i[0] = 3;
	i[1] = 3;
	memcpy(i + 8, q, ql);
	ck_assert_int_eq(classify(b, 28 + ql, &r), 1);
	ck_assert_uint_eq(r.src, 1);
	ck_assert_uint_eq(r.state, PP_STATE_CLOSED);
	/* The same error delivered to US: it quotes a probe not from there. */
	pp__put32(b + 16, US);
	ck_assert_int_eq(classify(b, 28 + ql, &r), 0);
	/* Quoting a probe from an address not ours, delivered there. */
	pp__put32(b + 16, US2 + 1);
	pp__put32(i + 8 + 12, US2 + 1);
	ck_assert_int_eq(classify(b, 28 + ql, &r), 0);
}
END_TEST

START_TEST(test_udp_any_sport)
{
	/* TFTP answers from a new port: taken on our port and the cookie. */
	uint8_t b[64];
	struct pp__reply r;
	size_t n = ip(b, THEM, US, 17, 13, 64);

	pp__put16(b + n, 40123);
	pp__put16(b + n + 2, sport_of(2, 69));
	pp__put16(b + n + 4, 13);
	pp__put16(b + n + 6, 0);
	memcpy(b + n + 8, "\x00\x05\x00\x01", 5); /* ERROR, file not found, "" */
	ck_assert_int_eq(classify(b, n + 13, &r), 1);
	ck_assert_uint_eq(r.port, 69);
	ck_assert_str_eq(r.probe->name, "tftp");
}
END_TEST

START_TEST(test_link_layers)
{
	uint8_t raw[64], b[128];
	struct pp__reply r;
	struct pp__pkt pk;
	size_t n = tcp(raw, THEM, US, 22, sport_of(1, 22), 0, seq_of(22) + 1, 0x12);

	ppf_seal(raw, n);
	/* Ethernet, with padding to 60 bytes beyond the IP total length. */
	memset(b, 0, sizeof(b));
	b[12] = 0x08;
	memcpy(b + 14, raw, n);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_EN10MB, b, 14 + n + 6, &pk), 0);
	ck_assert_int_eq(pp__classify(&m, &pk, &r), 1);
	/* One 802.1Q tag. */
	memset(b, 0, sizeof(b));
	b[12] = 0x81;
	b[16] = 0x08;
	memcpy(b + 18, raw, n);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_EN10MB, b, 18 + n, &pk), 0);
	ck_assert_int_eq(pp__classify(&m, &pk, &r), 1);
	/* Linux cooked (SLL): protocol at 14. */
	memset(b, 0, sizeof(b));
	b[14] = 0x08;
	memcpy(b + 16, raw, n);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_LINUX_SLL, b, 16 + n, &pk), 0);
	ck_assert_int_eq(pp__classify(&m, &pk, &r), 1);
	/* SLL2: protocol first. */
	memset(b, 0, sizeof(b));
	b[0] = 0x08;
	memcpy(b + 20, raw, n);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_LINUX_SLL2, b, 20 + n, &pk), 0);
	ck_assert_int_eq(pp__classify(&m, &pk, &r), 1);
	/* An IP total length past the capture: truncated. */
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, raw, n - 1, &pk), PP_ETRUNC);
}
END_TEST

START_TEST(test_built_probe_checksums)
{
	uint8_t b[64];
	size_t n = probe_tcp(b, 80);

	/* Both checksums verify: the sums come out 0xffff. */
	ck_assert_uint_eq(pp__csum_fold(pp__csum_add(0, b, 20)), 0xffff);
	ck_assert_uint_eq(pp__csum_fold(pp__csum_add(US >> 16, NULL, 0) + (US & 0xffff) +
	                                (THEM >> 16) + (THEM & 0xffff) + 6 + (uint32_t)(n - 20) +
	                                pp__csum_add(0, b + 20, n - 20)),
	                  0xffff);
	ck_assert_uint_eq(b[9], 6);
	ck_assert_uint_eq(b[33], 0x02); /* SYN */
}
END_TEST

START_TEST(test_checksums)
{
	uint8_t b[256], q[128];
	struct pp__reply r;
	struct pp__pkt pk;
	size_t n = tcp(b, THEM, US, 443, sport_of(1, 443), 0, seq_of(443) + 1, 0x12), ql;

	ppf_seal(b, n);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), 0);
	/* A flipped bit anywhere but the checksums' own fields: rejected. */
	b[33] ^= 0x16; /* SYN-ACK became RST-ACK on the way */
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), PP_EINVAL);
	b[33] ^= 0x16;
	b[8] ^= 1; /* the TTL: the IP header's checksum */
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), PP_EINVAL);
	b[8] ^= 1;
	/* The field holding only the pseudo-header sum (a local sender's offload). */
	pp__put16(b + 36, pp__csum_fold((US >> 16) + (US & 0xffff) + (THEM >> 16) +
	                                (THEM & 0xffff) + 6 + 20));
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), 0);
	ck_assert_int_eq(pp__classify(&m, &pk, &r), 1);
	pp__put16(b + 36, 0x1234);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), PP_EINVAL);
	/* UDP: a checksum of 0 is none; a wrong one is rejected. */
	n = ip(b, THEM, US, 17, 12, 64);
	pp__put16(b + n, 53);
	pp__put16(b + n + 2, sport_of(2, 53));
	pp__put16(b + n + 4, 12);
	memcpy(b + n + 8, "abcd", 4);
	ppf_seal(b, n + 12);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n + 12, &pk), 0);
	pp__put16(b + n + 6, 0);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n + 12, &pk), 0);
	pp__put16(b + n + 6, 0x1234);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n + 12, &pk), PP_EINVAL);
	/* ICMP: the message's own checksum. */
	ql = probe_udp(q, 53);
	n = icmp_unreach(b, THEM, 3, q, ql);
	ppf_seal(b, n);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), 0);
	b[20 + 1] = 13; /* port unreachable turned admin-prohibited */
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), PP_EINVAL);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("classify");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, cfx_teardown);
	tcase_add_test(tc, test_synack_open);
	tcase_add_test(tc, test_rst_closed);
	tcase_add_test(tc, test_wrong_cookie);
	tcase_add_test(tc, test_not_to_us);
	tcase_add_test(tc, test_truncated_every_length);
	tcase_add_test(tc, test_wrong_protocol);
	tcase_add_test(tc, test_icmp_quoting_ours);
	tcase_add_test(tc, test_icmp_quoting_someone_else);
	tcase_add_test(tc, test_udp);
	tcase_add_test(tc, test_udp_any_sport);
	tcase_add_test(tc, test_several_sources);
	tcase_add_test(tc, test_link_layers);
	tcase_add_test(tc, test_built_probe_checksums);
	tcase_add_test(tc, test_checksums);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
