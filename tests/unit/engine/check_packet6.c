/*
 * Unit tests of IPv6 in the reply parser (lib/engine/packet6.c, packet.c) and
 * the IPv6 probe templates (build.c): a probe built here parses back to what
 * was put in, over every link type; the checksums are checked (UDP's 0 is
 * refused, as IPv6 wants); extension headers are skipped, a later fragment is
 * not read; ICMPv6 errors give their type, code and the quoted probe; and no
 * prefix of a packet is read past its end.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/build.h"
#include "engine/packet.h"
#include "pp_error.h"
#include "runner.h"

static const uint8_t US[16] = {0x20, 0x01, 0, 2, [15] = 1};
static const uint8_t THEM[16] = {0x20, 0x01, 0, 2, [15] = 2};
static const uint8_t ROUTER[16] = {0x20, 0x01, 0, 2, 0, 0, 0, 1, [15] = 1};

static struct pp__tmpl tmpl;

static void
setup(void)
{
	char err[256];

	ck_assert_int_eq(pp__tmpl_init(&tmpl, 64, err, sizeof(err)), 0);
}

/* The checksum of the upper layer at ip + 40 (no extension headers). */
static void
seal(uint8_t *ip)
{
	size_t len = (size_t)(ip[4] << 8 | ip[5]);
	size_t off = ip[6] == 6 ? 16 : ip[6] == 17 ? 6 : 2;

	ip[40 + off] = ip[40 + off + 1] = 0;
	pp__csum_put(ip + 40 + off,
	             pp__pseudo6_sum(ip + 8, ip + 24, ip[6], len) + pp__csum_add(0, ip + 40, len));
}

START_TEST(test_syn_round_trip)
{
	uint8_t b[128];
	struct pp__pkt pk;

	pp__build_tcp6(&tmpl, b, US, THEM, 40000, 443, 0xdeadbeef);
	ck_assert_uint_eq(b[0] >> 4, 6);
	ck_assert_uint_eq(b[7], 64); /* the hop limit */
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, PP__TCP6_PKT_LEN, &pk), 0);
	ck_assert_uint_eq(pk.family, 6);
	ck_assert_mem_eq(pk.src6, US, 16);
	ck_assert_mem_eq(pk.dst6, THEM, 16);
	ck_assert_uint_eq(pk.proto, 6);
	ck_assert_uint_eq(pk.u.tcp.sport, 40000);
	ck_assert_uint_eq(pk.u.tcp.dport, 443);
	ck_assert_uint_eq(pk.u.tcp.seq, 0xdeadbeef);
	ck_assert_uint_eq(pk.u.tcp.flags, PP__TCP_SYN);
	b[PP__TCP6_PKT_LEN - 1] ^= 1; /* the MSS option changed on the way */
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, PP__TCP6_PKT_LEN, &pk), PP_EINVAL);
}
END_TEST

START_TEST(test_udp_round_trip)
{
	uint8_t b[128];
	struct pp__pkt pk;
	size_t n;

	memcpy(b + PP__UDP6_HDR_LEN, "hello", 5);
	n = pp__build_udp6(&tmpl, b, 5, US, THEM, 40001, 53);
	ck_assert_uint_eq(n, PP__UDP6_HDR_LEN + 5);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), 0);
	ck_assert_uint_eq(pk.family, 6);
	ck_assert_uint_eq(pk.proto, 17);
	ck_assert_uint_eq(pk.u.udp.dport, 53);
	ck_assert_uint_eq(pk.u.udp.len, 5);
	ck_assert_mem_eq(pk.u.udp.payload, "hello", 5);
	b[46] = b[47] = 0; /* no checksum: allowed over IPv4, not IPv6 */
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), PP_EINVAL);
}
END_TEST

/* The same SYN behind each link layer we accept. */
START_TEST(test_link_types)
{
	uint8_t b[256], f[256];
	struct pp__pkt pk;

	pp__build_tcp6(&tmpl, b, THEM, US, 443, 40000, 1);
	memset(f, 0, sizeof(f));
	f[12] = 0x86;
	f[13] = 0xdd;
	memcpy(f + 14, b, PP__TCP6_PKT_LEN);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_EN10MB, f, 14 + PP__TCP6_PKT_LEN, &pk), 0);
	ck_assert_uint_eq(pk.family, 6);
	/* With Ethernet padding past the payload length. */
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_EN10MB, f, 14 + PP__TCP6_PKT_LEN + 6, &pk), 0);
	memset(f, 0, sizeof(f));
	f[14] = 0x86;
	f[15] = 0xdd;
	memcpy(f + 16, b, PP__TCP6_PKT_LEN);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_LINUX_SLL, f, 16 + PP__TCP6_PKT_LEN, &pk), 0);
	memset(f, 0, sizeof(f));
	f[0] = 0x86;
	f[1] = 0xdd;
	memcpy(f + 20, b, PP__TCP6_PKT_LEN);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_LINUX_SLL2, f, 20 + PP__TCP6_PKT_LEN, &pk), 0);
	ck_assert_mem_eq(pk.src6, THEM, 16);
	/* An IPv6 packet labelled IPv4, and the other way round: refused. */
	f[0] = 0x08;
	f[1] = 0x00;
	ck_assert_int_lt(pp__pkt_parse(PP__DLT_LINUX_SLL2, f, 20 + PP__TCP6_PKT_LEN, &pk), 0);
}
END_TEST

/* Hop-by-hop and destination options, and a first fragment, are skipped to
 * the TCP header; a later fragment has none to read. */
START_TEST(test_extension_headers)
{
	uint8_t b[256], p[128];
	struct pp__pkt pk;

	pp__build_tcp6(&tmpl, p, THEM, US, 443, 40000, 7);
	memcpy(b, p, 40);
	b[6] = 0; /* hop-by-hop, 8 bytes */
	memset(b + 40, 0, 8);
	b[40] = 60;
	b[42] = 1; /* PadN, 4 bytes */
	b[43] = 4;
	memset(b + 48, 0, 16); /* destination options, 16 bytes */
	b[48] = 44;
	b[49] = 1;
	b[50] = 1;
	b[51] = 12;
	memset(b + 64, 0, 8); /* fragment: offset 0, more to come */
	b[64] = 6;
	b[67] = 1;
	memcpy(b + 72, p + 40, 24);
	b[4] = 0;
	b[5] = 32 + 24;
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, 96, &pk), 0);
	ck_assert_uint_eq(pk.proto, 6);
	ck_assert_uint_eq(pk.u.tcp.seq, 7);
	b[66] = 0x01; /* offset 32: a later fragment */
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, 96, &pk), PP_ENOTSUP);
}
END_TEST

/* An ICMPv6 error (type, code) from `from` quoting qlen bytes of q; its length. */
static size_t
icmp6(uint8_t *b, const uint8_t from[16], unsigned type, unsigned code, const uint8_t *q,
      size_t qlen)
{
	memset(b, 0, 48);
	b[0] = 0x60;
	b[4] = (uint8_t)((8 + qlen) >> 8);
	b[5] = (uint8_t)(8 + qlen);
	b[6] = 58;
	b[7] = 64;
	memcpy(b + 8, from, 16);
	memcpy(b + 24, US, 16);
	b[40] = (uint8_t)type;
	b[41] = (uint8_t)code;
	memcpy(b + 48, q, qlen);
	seal(b);
	return 48 + qlen;
}

START_TEST(test_icmp6_errors)
{
	uint8_t b[512], q[128];
	struct pp__pkt pk;
	size_t n, qn;

	/* Port unreachable from the target, quoting our UDP probe whole. */
	qn = pp__build_udp6(&tmpl, q, 0, US, THEM, 40001, 161);
	n = icmp6(b, THEM, 1, 4, q, qn);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), 0);
	ck_assert_uint_eq(pk.proto, 58);
	ck_assert_uint_eq(pk.u.icmp.type, 1);
	ck_assert_uint_eq(pk.u.icmp.code, 4);
	ck_assert_int_eq(pk.u.icmp.quoted, 1);
	ck_assert_mem_eq(pk.u.icmp.qsrc6, US, 16);
	ck_assert_mem_eq(pk.u.icmp.qdst6, THEM, 16);
	ck_assert_uint_eq(pk.u.icmp.qproto, 17);
	ck_assert_uint_eq(pk.u.icmp.qsport, 40001);
	ck_assert_uint_eq(pk.u.icmp.qdport, 161);
	/* Administratively prohibited from a router, quoting our SYN. */
	pp__build_tcp6(&tmpl, q, US, THEM, 40002, 8443, 0x01020304);
	n = icmp6(b, ROUTER, 1, 1, q, PP__TCP6_PKT_LEN);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), 0);
	ck_assert_uint_eq(pk.u.icmp.code, 1);
	ck_assert_mem_eq(pk.src6, ROUTER, 16);
	ck_assert_uint_eq(pk.u.icmp.qproto, 6);
	ck_assert_uint_eq(pk.u.icmp.qseq, 0x01020304);
	/* Time exceeded quoting the SYN cut after its sequence number. */
	n = icmp6(b, ROUTER, 3, 0, q, 48);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), 0);
	ck_assert_uint_eq(pk.u.icmp.type, 3);
	ck_assert_uint_eq(pk.u.icmp.qseq, 0x01020304);
	/* Cut inside the sequence number: too short to tell the probe. */
	n = icmp6(b, ROUTER, 3, 0, q, 46);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), PP_ETRUNC);
	/* An echo reply is no error: nothing quoted. */
	n = icmp6(b, THEM, 129, 0, q, 8);
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), 0);
	ck_assert_int_eq(pk.u.icmp.quoted, 0);
	/* A bad checksum (the pseudo-header counts: another destination). */
	n = icmp6(b, THEM, 1, 4, q, 48);
	b[39] ^= 1;
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), PP_EINVAL);
}
END_TEST

/* ICMP's protocol number inside IPv6, ICMPv6's inside IPv4: refused. */
START_TEST(test_wrong_icmp_family)
{
	uint8_t b[512], q[128];
	struct pp__pkt pk;
	size_t n, qn;

	qn = pp__build_udp6(&tmpl, q, 0, US, THEM, 40001, 161);
	n = icmp6(b, THEM, 1, 4, q, qn);
	b[6] = 1;
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), PP_ENOTSUP);
}
END_TEST

/* Every prefix of each packet fails cleanly (ASan and the sanitizer build
 * catch a read past the end); none parses as the whole. */
START_TEST(test_every_prefix)
{
	uint8_t b[512], q[128];
	struct pp__pkt pk;
	size_t n, i;

	pp__build_tcp6(&tmpl, q, US, THEM, 40002, 8443, 5);
	n = icmp6(b, ROUTER, 1, 1, q, PP__TCP6_PKT_LEN);
	for (i = 0; i < n; i++) {
		uint8_t *cut = malloc(i ? i : 1);
		memcpy(cut, b, i);
		ck_assert_int_lt(pp__pkt_parse(PP__DLT_RAW, cut, i, &pk), 0);
		free(cut);
	}
	ck_assert_int_eq(pp__pkt_parse(PP__DLT_RAW, b, n, &pk), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("packet6");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_syn_round_trip);
	tcase_add_test(tc, test_udp_round_trip);
	tcase_add_test(tc, test_link_types);
	tcase_add_test(tc, test_extension_headers);
	tcase_add_test(tc, test_icmp6_errors);
	tcase_add_test(tc, test_wrong_icmp_family);
	tcase_add_test(tc, test_every_prefix);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
