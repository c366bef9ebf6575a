/*
 * Unit tests of the classifier over IPv6, fed crafted packets: SYN-ACK and RST
 * to the probes the engine builds (pp__build_tcp6, the folded cookie identity),
 * a UDP reply, ICMPv6 destination unreachable quoting our probe (1
 * admin-prohibited -> filtered, icmp-admin-prohibited as over IPv4; 4 port
 * unreachable -> a UDP port closed; 0, 2, 3, 5, 6 filtered, icmp6-unreach-N),
 * and what must be rejected: another code or type (time exceeded), a quote of
 * someone else's probe, a reply to another address of ours, a wrong cookie, an
 * IPv6 reply to an IPv4 scan.  The match and classify() are check_classify.c's
 * (classify_fixture.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "engine/build.h"
#include "engine/classify.h"
#include "engine/packet.h"
#include "pp_portset.h"
#include "pp_result.h"

#include "classify_fixture.h"
#include "runner.h"

static uint8_t us[16], them[16], other[16], router[16];

static uint64_t
cookie(unsigned proto, unsigned dport)
{
	return pp__cookie(&m.key, proto, m.src, pp__cookie_fold6(&m.key, them), (uint16_t)dport);
}

static size_t
tcp6(uint8_t *b, const uint8_t *src, unsigned sport, unsigned dport, uint32_t ack, unsigned flags)
{
	uint8_t *t = b + cfx_ip6(b, src, us, 6, 20);

	memset(t, 0, 20);
	pp__put16(t, sport);
	pp__put16(t + 2, dport);
	pp__put32(t + 8, ack);
	t[12] = 5 << 4;
	t[13] = (uint8_t)flags;
	return 60;
}

/* The engine's probe to them:dport. */
static size_t
probe_tcp6(uint8_t *b, unsigned dport, const uint8_t *from)
{
	struct pp__tmpl t;
	uint64_t c = cookie(PP_PROTO_TCP, dport);

	ck_assert_int_eq(pp__tmpl_init(&t, 64, NULL, 0), 0);
	pp__build_tcp6(&t, b, from, them, pp__cookie_sport(&m.key, c), (uint16_t)dport,
	               pp__cookie_seq(c));
	return PP__TCP6_PKT_LEN;
}

static size_t
probe_udp6(uint8_t *b, unsigned dport)
{
	struct pp__tmpl t;
	struct pp_probe_ctx ctx;

	ck_assert_int_eq(pp__tmpl_init(&t, 64, NULL, 0), 0);
	pp__udp_ctx(&m, &udp[0], pp__cookie_fold6(&m.key, them), 0, &ctx);
	return pp__build_udp6(&t, b, 0, us, them, ctx.sport, (uint16_t)dport);
}

/* An ICMPv6 error of type and code from `from`, quoting q[0..qlen). */
static size_t
icmp6(uint8_t *b, const uint8_t *from, unsigned type, unsigned code, const uint8_t *q, size_t qlen)
{
	uint8_t *i = b + cfx_ip6(b, from, us, 58, 8 + qlen);

	memset(i, 0, 8);
	i[0] = (uint8_t)type;
	i[1] = (uint8_t)code;
	memcpy(i + 8, q, qlen);
	return 48 + qlen;
}

static void
setup(void)
{
	static const uint16_t ports[] = {53};
	static const char *const names[] = {"empty"};

	cfx_setup(0x3c, ports, names, 1);
	inet_pton(AF_INET6, "2001:2::1", us);
	inet_pton(AF_INET6, "2001:2::2", them);
	inet_pton(AF_INET6, "2001:2::9", other);
	inet_pton(AF_INET6, "2001:2:1::1", router);
	m.v6 = 1;
	memcpy(m.src6, us, 16);
	m.src = pp__cookie_fold6(&m.key, us);
}

START_TEST(test_synack_rst)
{
	uint8_t b[128];
	struct pp__reply r;
	uint64_t c = cookie(PP_PROTO_TCP, 443);
	unsigned sport = pp__cookie_sport(&m.key, c);

	ck_assert_int_eq(classify(b, tcp6(b, them, 443, sport, pp__cookie_seq(c) + 1, 0x12), &r),
	                 1);
	ck_assert(r.v6);
	ck_assert_mem_eq(r.addr6, them, 16);
	ck_assert_uint_eq(r.port, 443);
	ck_assert_uint_eq(r.state, PP_STATE_OPEN);
	ck_assert_uint_eq(r.reason, PP_REASON_SYN_ACK);
	ck_assert_uint_eq(r.ttl, 61);
	ck_assert_int_eq(classify(b, tcp6(b, them, 443, sport, pp__cookie_seq(c) + 1, 0x14), &r),
	                 1);
	ck_assert_uint_eq(r.state, PP_STATE_CLOSED);
	ck_assert_uint_eq(r.reason, PP_REASON_RST);
	/* A wrong cookie, another sender (its cookie differs), another of our ports. */
	ck_assert_int_eq(classify(b, tcp6(b, them, 443, sport, pp__cookie_seq(c) + 2, 0x12), &r),
	                 0);
	ck_assert_int_eq(classify(b, tcp6(b, other, 443, sport, pp__cookie_seq(c) + 1, 0x12), &r),
	                 0);
	ck_assert_int_eq(classify(b, tcp6(b, them, 444, sport, pp__cookie_seq(c) + 1, 0x12), &r),
	                 0);
}
END_TEST

START_TEST(test_not_to_us)
{
	uint8_t b[128];
	struct pp__reply r;
	uint64_t c = cookie(PP_PROTO_TCP, 443);
	size_t n = tcp6(b, them, 443, pp__cookie_sport(&m.key, c), pp__cookie_seq(c) + 1, 0x12);

	memcpy(b + 24, other, 16); /* to another address */
	ck_assert_int_eq(classify(b, n, &r), 0);
	/* An IPv4 scan takes no IPv6 answer. */
	n = tcp6(b, them, 443, pp__cookie_sport(&m.key, c), pp__cookie_seq(c) + 1, 0x12);
	m.v6 = 0;
	ck_assert_int_eq(classify(b, n, &r), 0);
}
END_TEST

START_TEST(test_icmp6_tcp)
{
	/* Admin prohibited reads as IPv4's (13), the others by their own code. */
	static const struct {
		unsigned code, reason, icmp;
	} codes[] = {{0, PP_REASON_ICMP6_UNREACH, 0}, {1, PP_REASON_ICMP_UNREACH, 13},
	             {2, PP_REASON_ICMP6_UNREACH, 2}, {3, PP_REASON_ICMP6_UNREACH, 3},
	             {5, PP_REASON_ICMP6_UNREACH, 5}, {6, PP_REASON_ICMP6_UNREACH, 6}};
	char name[32];
	uint8_t b[256], q[PP__TCP6_PKT_LEN];
	struct pp__reply r;
	size_t i;

	probe_tcp6(q, 8443, us);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		ck_assert_int_eq(classify(b, icmp6(b, router, 1, codes[i].code, q, sizeof(q)), &r),
		                 1);
		ck_assert(r.v6);
		ck_assert_mem_eq(r.addr6, them, 16);
		ck_assert_uint_eq(r.proto, PP_PROTO_TCP);
		ck_assert_uint_eq(r.port, 8443);
		ck_assert_uint_eq(r.state, PP_STATE_FILTERED);
		ck_assert_uint_eq(r.reason, codes[i].reason);
		ck_assert_uint_eq(r.code, codes[i].icmp);
	}
	ck_assert_int_eq(classify(b, icmp6(b, router, 1, 3, q, sizeof(q)), &r), 1);
	ck_assert_str_eq(pp_reason_name(r.reason, r.code, name, sizeof(name)), "icmp6-unreach-3");
	ck_assert_int_eq(classify(b, icmp6(b, router, 1, 1, q, sizeof(q)), &r), 1);
	ck_assert_str_eq(pp_reason_name(r.reason, r.code, name, sizeof(name)),
	                 "icmp-admin-prohibited");
	/* Port unreachable for TCP: ICMP's 3, "closed" only for UDP; the
	 * classifier takes it as filtered, as over IPv4. */
	ck_assert_int_eq(classify(b, icmp6(b, them, 1, 4, q, sizeof(q)), &r), 1);
	ck_assert_uint_eq(r.state, PP_STATE_FILTERED);
	ck_assert_uint_eq(r.reason, PP_REASON_ICMP_UNREACH);
	ck_assert_uint_eq(r.code, 3);
	/* Unknown codes, time exceeded (3), packet too big (2): nothing of the port. */
	ck_assert_int_eq(classify(b, icmp6(b, them, 1, 7, q, sizeof(q)), &r), 0);
	ck_assert_int_eq(classify(b, icmp6(b, router, 3, 0, q, sizeof(q)), &r), 0);
	ck_assert_int_eq(classify(b, icmp6(b, router, 2, 0, q, sizeof(q)), &r), 0);
	/* Quoting a probe from another address. */
	probe_tcp6(q, 8443, other);
	ck_assert_int_eq(classify(b, icmp6(b, router, 1, 1, q, sizeof(q)), &r), 0);
}
END_TEST

/* The mapping the raw classifier and the connect method share, code by code. */
START_TEST(test_icmp6_unreach_helper)
{
	static const struct {
		unsigned code, reason, icmp, udp_state;
	} want[] = {
	        {0, PP_REASON_ICMP6_UNREACH, 0, PP_STATE_FILTERED},
	        {1, PP_REASON_ICMP_UNREACH, 13, PP_STATE_FILTERED},
	        {2, PP_REASON_ICMP6_UNREACH, 2, PP_STATE_FILTERED},
	        {3, PP_REASON_ICMP6_UNREACH, 3, PP_STATE_FILTERED},
	        {4, PP_REASON_ICMP_UNREACH, 3, PP_STATE_CLOSED},
	        {5, PP_REASON_ICMP6_UNREACH, 5, PP_STATE_FILTERED},
	        {6, PP_REASON_ICMP6_UNREACH, 6, PP_STATE_FILTERED},
	};
	struct pp__reply r;
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		memset(&r, 0, sizeof(r));
		ck_assert_int_eq(pp__icmp6_unreach(want[i].code, PP_PROTO_UDP, &r), 1);
		ck_assert_uint_eq(r.proto, PP_PROTO_UDP);
		ck_assert_uint_eq(r.reason, want[i].reason);
		ck_assert_uint_eq(r.code, want[i].icmp);
		ck_assert_uint_eq(r.state, want[i].udp_state);
		ck_assert_int_eq(pp__icmp6_unreach(want[i].code, PP_PROTO_TCP, &r), 1);
		ck_assert_uint_eq(r.state, PP_STATE_FILTERED); /* TCP: never closed by ICMP */
		ck_assert_uint_eq(r.reason, want[i].reason);
	}
	/* Error in the source routing header (7), headers too long (8, RFC 8883),
	 * unknown codes: nothing of the port. */
	ck_assert_int_eq(pp__icmp6_unreach(7, PP_PROTO_TCP, &r), 0);
	ck_assert_int_eq(pp__icmp6_unreach(8, PP_PROTO_UDP, &r), 0);
	ck_assert_int_eq(pp__icmp6_unreach(200, PP_PROTO_UDP, &r), 0);
}
END_TEST

START_TEST(test_udp6)
{
	uint8_t b[256], q[PP__UDP6_HDR_LEN];
	struct pp__reply r;
	struct pp_probe_ctx ctx;
	uint8_t *u;

	probe_udp6(q, 53);
	ck_assert_int_eq(classify(b, icmp6(b, them, 1, 4, q, sizeof(q)), &r), 1);
	ck_assert_uint_eq(r.proto, PP_PROTO_UDP);
	ck_assert_uint_eq(r.port, 53);
	ck_assert_uint_eq(r.state, PP_STATE_CLOSED);
	ck_assert_uint_eq(r.code, 3);
	ck_assert_int_eq(classify(b, icmp6(b, them, 1, 1, q, sizeof(q)), &r), 1);
	ck_assert_uint_eq(r.state, PP_STATE_FILTERED);
	ck_assert_uint_eq(r.code, 13);
	ck_assert_int_eq(classify(b, icmp6(b, them, 1, 0, q, sizeof(q)), &r), 1);
	ck_assert_uint_eq(r.state, PP_STATE_FILTERED);
	ck_assert_uint_eq(r.reason, PP_REASON_ICMP6_UNREACH);
	ck_assert_uint_eq(r.code, 0);
	/* A reply from the port to our source port. */
	pp__udp_ctx(&m, &udp[0], pp__cookie_fold6(&m.key, them), 0, &ctx);
	u = b + cfx_ip6(b, them, us, 17, 12);
	pp__put16(u, 53);
	pp__put16(u + 2, ctx.sport);
	pp__put16(u + 4, 12);
	memcpy(u + 8, "abcd", 4);
	ck_assert_int_eq(classify(b, 52, &r), 1);
	ck_assert(r.v6);
	ck_assert_mem_eq(r.addr6, them, 16);
	ck_assert_uint_eq(r.state, PP_STATE_OPEN);
	ck_assert_uint_eq(r.reason, PP_REASON_UDP_RESPONSE);
	pp__put16(u + 2, ctx.sport == 61000 ? 61001 : 61000);
	ck_assert_int_eq(classify(b, 52, &r), 0);
}
END_TEST

/* The SIP probe over IPv6 names both ends in brackets (RFC 3261), and takes
 * the answer that copies its Via and Call-ID. */
START_TEST(test_sip6)
{
	struct pp__udp_port up = {5060, pp_probe_find("sip"), NULL};
	struct pp_probe_ctx ctx;
	char buf[1500], reply[1500], *via, *cid;
	int n;

	pp__udp_ctx(&m, &up, pp__cookie_fold6(&m.key, them), 0, &ctx);
	ctx.dst6 = them;
	n = up.probe->build(&ctx, (uint8_t *)buf, sizeof(buf) - 1);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_ptr_nonnull(strstr(buf, "OPTIONS sip:[2001:2::2]:5060 SIP/2.0\r\n"));
	ck_assert_ptr_nonnull(strstr(buf, "Via: SIP/2.0/UDP [2001:2::1]:"));
	ck_assert_ptr_nonnull(cid = strstr(buf, "Call-ID: "));
	ck_assert_ptr_nonnull(strstr(cid, "@[2001:2::1]\r\n"));
	via = strstr(buf, "Via: ");
	n = snprintf(reply, sizeof(reply), "SIP/2.0 200 OK\r\n%.*s%.*sCSeq: 1 OPTIONS\r\n\r\n",
	             (int)(strstr(via, "\r\n") + 2 - via), via,
	             (int)(strstr(cid, "\r\n") + 2 - cid), cid);
	/* The classifier's context for a reply: our address, not the target's. */
	pp__udp_ctx(&m, &up, pp__cookie_fold6(&m.key, them), 0, &ctx);
	ck_assert_int_eq(up.probe->validate(&ctx, (const uint8_t *)reply, (size_t)n), 1);
	memcpy(strstr(strstr(reply, "Call-ID: "), "[2001:2::1]"), "[2001:2::9]", 11);
	ck_assert_int_eq(up.probe->validate(&ctx, (const uint8_t *)reply, (size_t)n), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("classify6");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, cfx_teardown);
	tcase_add_test(tc, test_synack_rst);
	tcase_add_test(tc, test_not_to_us);
	tcase_add_test(tc, test_icmp6_tcp);
	tcase_add_test(tc, test_icmp6_unreach_helper);
	tcase_add_test(tc, test_udp6);
	tcase_add_test(tc, test_sip6);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
