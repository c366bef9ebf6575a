/*
 * Unit tests of a run of both families and of -S with IPv6 (issue 18):
 * - pp_scan_split: targets of both families make an IPv4 scan and an IPv6
 *   one, each with its exclusions; one family only makes none; a family whose
 *   every target is excluded prepares empty (0 hosts), the other as usual;
 * - -S at pp_scan_prepare (before any route is asked): a list of either
 *   family serves a scan of either, each scan of a split takes its own, and a
 *   scan given none of its family's, a backward range or more than 64
 *   addresses in all is one error; the probes (--dry-run's) take the IPv6
 *   sources in turn;
 * - the classifier with four IPv6 sources: an answer to any of them is ours,
 *   with the index of the one it came to; an ICMPv6 error must quote the
 *   address it came to; a UDP probe's context names its own source (SIP's Via).
 * No privilege: nothing is sent.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "engine/build.h"
#include "engine/classify.h"
#include "engine/packet.h"
#include "portproof.h"
#include "pp_engine.h"
#include "pp_error.h"

#include "classify_fixture.h"
#include "runner.h"

static pp_portset ports;

static pp_scan *
new_scan(const char *targets, const char *exclude, const char *sources)
{
	struct pp_scan_opts o;
	char err[256];
	pp_scan *s;

	pp_portset_init(&ports);
	ck_assert_int_eq(pp_portset_add(&ports, 22, 23), 0);
	memset(&o, 0, sizeof(o));
	o.tcp = &ports;
	o.source_ip = sources;
	o.have_seed = 1;
	o.seed = 7;
	ck_assert_int_eq(pp_scan_new(&o, &s, err, sizeof(err)), 0);
	pp_portset_free(&ports);
	ck_assert_int_eq(pp_scan_add_targets(s, targets, 0, err, sizeof(err)), 0);
	if (exclude != NULL)
		ck_assert_int_eq(pp_scan_add_targets(s, exclude, 1, err, sizeof(err)), 0);
	return s;
}

START_TEST(test_split)
{
	char err[256];
	pp_scan *s, *s6;

	s = new_scan("198.18.0.2,2001:2::2-2001:2::4,198.18.0.3", "2001:2::3", NULL);
	ck_assert_int_eq(pp_scan_split(s, &s6, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(s6);
	ck_assert_int_eq(pp_scan_prepare(s, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_scan_prepare(s6, err, sizeof(err)), 0);
	ck_assert_uint_eq(pp_scan_hosts(s), 2);
	ck_assert_uint_eq(pp_scan_hosts(s6), 2); /* ::3 excluded */
	ck_assert_uint_eq(pp_scan_probes(s), 4);
	ck_assert_uint_eq(pp_scan_probes(s6), 4);
	pp_scan_free(s);
	pp_scan_free(s6);

	/* One family: nothing to split, and it prepares as before. */
	s = new_scan("2001:2::2", NULL, NULL);
	ck_assert_int_eq(pp_scan_split(s, &s6, err, sizeof(err)), 0);
	ck_assert_ptr_null(s6);
	ck_assert_int_eq(pp_scan_prepare(s, err, sizeof(err)), 0);
	pp_scan_free(s);

	/* Unsplit, both families are still refused. */
	s = new_scan("198.18.0.2,2001:2::2", NULL, NULL);
	ck_assert_int_eq(pp_scan_prepare(s, err, sizeof(err)), PP_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "IPv4 and IPv6 targets in one scan"));
	pp_scan_free(s);

	/* Every IPv6 target excluded: that scan is empty, not an error. */
	s = new_scan("198.18.0.2,2001:2::2", "2001:2::/64", NULL);
	ck_assert_int_eq(pp_scan_split(s, &s6, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_scan_prepare(s, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_scan_prepare(s6, err, sizeof(err)), 0);
	ck_assert_uint_eq(pp_scan_hosts(s), 1);
	ck_assert_uint_eq(pp_scan_hosts(s6), 0);
	pp_scan_free(s);
	pp_scan_free(s6);
}
END_TEST

/* pp_scan_prepare's -S error for targets and sources, or "" when it takes them. */
static const char *
prepare_error(const char *targets, const char *sources, int split)
{
	static char err[256];
	pp_scan *s, *s6 = NULL;
	int rc;

	s = new_scan(targets, NULL, sources);
	err[0] = '\0';
	if (split)
		ck_assert_int_eq(pp_scan_split(s, &s6, err, sizeof(err)), 0);
	rc = pp_scan_prepare(s, err, sizeof(err));
	if (rc == 0 && s6 != NULL)
		rc = pp_scan_prepare(s6, err, sizeof(err));
	if (rc == 0)
		err[0] = '\0';
	else
		ck_assert_int_eq(rc, PP_EINVAL);
	pp_scan_free(s);
	pp_scan_free(s6);
	return err;
}

START_TEST(test_sources)
{
	char list[64 * 16];
	int i, n;

	ck_assert_str_eq(prepare_error("2001:2::2", "2001:2::1,2001:2::5-2001:2::7", 0), "");
	ck_assert_str_eq(prepare_error("2001:2::2", "198.18.0.1,2001:2::1", 0), "");
	ck_assert_str_eq(prepare_error("198.18.0.2", "198.18.0.1,2001:2::1", 0), "");
	ck_assert_str_eq(prepare_error("198.18.0.2,2001:2::2", "2001:2::1,198.18.0.1", 1), "");
	ck_assert_str_eq(prepare_error("2001:2::2", "198.18.0.1", 0),
	                 "-S: 198.18.0.1: not an IPv6 address, and the scan is IPv6");
	ck_assert_str_eq(prepare_error("198.18.0.2", "2001:2::1", 0),
	                 "-S: 2001:2::1: an IPv6 address, and the scan is IPv4");
	ck_assert_str_eq(prepare_error("198.18.0.2,2001:2::2", "198.18.0.1", 1),
	                 "-S: 198.18.0.1: no IPv6 source, and the scan has IPv6 targets too: "
	                 "give one of each family");
	ck_assert_str_eq(prepare_error("198.18.0.2,2001:2::2", "2001:2::1", 1),
	                 "-S: 2001:2::1: no IPv4 source, and the scan has IPv4 targets too: "
	                 "give one of each family");
	ck_assert_str_eq(prepare_error("2001:2::2", "2001:2::1,2001:2::7-2001:2::5", 0),
	                 "-S: 2001:2::7-2001:2::5: not an IPv6 address or range (A-B, A <= B)");
	ck_assert_str_eq(prepare_error("2001:2::2", "2001:2::1-2001:2::zz", 0),
	                 "-S: 2001:2::1-2001:2::zz: not an IPv6 address or range (A-B, A <= B)");
	/* 64 in all, both families together; an address given twice counts once. */
	ck_assert_str_eq(prepare_error("2001:2::2", "2001:2::1-2001:2::40,2001:2::1", 0), "");
	ck_assert_str_eq(prepare_error("2001:2::2", "2001:2::1-2001:2::41", 0),
	                 "-S: 2001:2::1-2001:2::41: more than 64 source addresses");
	for (i = 0, n = 0; i < 33; i++)
		n += snprintf(list + n, sizeof(list) - (size_t)n, "%s198.18.0.%d,2001:2::%x",
		              i ? "," : "", i + 1, i + 1);
	/* The 65th address is named. */
	ck_assert_str_eq(prepare_error("198.18.0.2,2001:2::2", list, 1),
	                 "-S: 198.18.0.33: more than 64 source addresses");
}
END_TEST

/* --dry-run's probes of an IPv6 scan with three -S sources: in turn. */
static int
count_src(void *arg, const struct pp_probe_info *p)
{
	unsigned *n = arg;

	ck_assert_uint_eq(p->src_addr.family, PP_AF_INET6);
	ck_assert_uint_eq(p->src_addr.b[15] >= 5 && p->src_addr.b[15] <= 7, 1);
	n[p->src_addr.b[15] - 5]++;
	return 0;
}

START_TEST(test_probes_in_turn)
{
	struct pp_scan_opts o;
	unsigned n[3] = {0, 0, 0};
	char err[256];
	pp_scan *s;

	pp_portset_init(&ports);
	ck_assert_int_eq(pp_portset_add(&ports, 1, 30), 0);
	memset(&o, 0, sizeof(o));
	o.tcp = &ports;
	o.source_ip = "2001:2::5-2001:2::7";
	ck_assert_int_eq(pp_scan_new(&o, &s, err, sizeof(err)), 0);
	pp_portset_free(&ports);
	ck_assert_int_eq(pp_scan_add_targets(s, "2001:2::2", 0, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_scan_prepare(s, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_scan_each_probe(s, count_src, n), 0);
	ck_assert_uint_eq(n[0], 10);
	ck_assert_uint_eq(n[1], 10);
	ck_assert_uint_eq(n[2], 10);
	pp_scan_free(s);
}
END_TEST

/* --- the classifier with several IPv6 sources --- */

static uint8_t srcs6[4][16], them[16], other[16];
static uint32_t srcs[4];

static void
setup_match(void)
{
	static const uint16_t sip_port[] = {5060};
	static const char *const sip[] = {"sip"};
	int i;

	cfx_setup(0x5a, sip_port, sip, 1);
	for (i = 0; i < 4; i++) {
		inet_pton(AF_INET6, "2001:2::1", srcs6[i]);
		srcs6[i][15] = (uint8_t)(i == 0 ? 1 : 4 + i); /* ::1, ::5, ::6, ::7 */
		srcs[i] = pp__cookie_fold6(&m.key, srcs6[i]);
	}
	inet_pton(AF_INET6, "2001:2::2", them);
	inet_pton(AF_INET6, "2001:2::9", other);
	m.v6 = 1;
	memcpy(m.src6, srcs6[0], 16);
	m.src = srcs[0];
	m.srcs = srcs;
	m.srcs6 = (const uint8_t(*)[16])srcs6;
	m.nsrc = 4;
}

static void
teardown_match(void)
{
	cfx_teardown();
}

/* The SYN-ACK to the probe to them:443 from our source i, sent to `to`. */
static size_t
synack(uint8_t *b, int i, const uint8_t *to)
{
	uint64_t c = pp__cookie(&m.key, PP_PROTO_TCP, srcs[i], pp__cookie_fold6(&m.key, them), 443);
	uint8_t *t = b + cfx_ip6(b, them, to, 6, 20);

	memset(t, 0, 20);
	pp__put16(t, 443);
	pp__put16(t + 2, pp__cookie_sport(&m.key, c));
	pp__put32(t + 8, pp__cookie_seq(c) + 1);
	t[12] = 5 << 4;
	t[13] = 0x12;
	return 60;
}

START_TEST(test_classify_sources)
{
	uint8_t b[256], q[PP__TCP6_PKT_LEN];
	struct pp__tmpl t;
	struct pp__reply r;
	uint64_t c;
	int i;

	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(classify(b, synack(b, i, srcs6[i]), &r), 1);
		ck_assert_uint_eq(r.src, (unsigned)i);
		ck_assert_uint_eq(r.state, PP_STATE_OPEN);
		ck_assert_mem_eq(r.addr6, them, 16);
	}
	/* To an address not ours; to one of ours with another's cookie. */
	ck_assert_int_eq(classify(b, synack(b, 1, other), &r), 0);
	ck_assert_int_eq(classify(b, synack(b, 1, srcs6[2]), &r), 0);
	/* An ICMPv6 error about our probe from source 2, to source 2: ours. */
	ck_assert_int_eq(pp__tmpl_init(&t, 64, NULL, 0), 0);
	c = pp__cookie(&m.key, PP_PROTO_TCP, srcs[2], pp__cookie_fold6(&m.key, them), 8443);
	pp__build_tcp6(&t, q, srcs6[2], them, pp__cookie_sport(&m.key, c), 8443, pp__cookie_seq(c));
	memset(b + cfx_ip6(b, them, srcs6[2], 58, 8 + sizeof(q)), 0, 8);
	b[40] = 1; /* destination unreachable */
	b[41] = 1; /* administratively prohibited */
	memcpy(b + 48, q, sizeof(q));
	ck_assert_int_eq(classify(b, 48 + sizeof(q), &r), 1);
	ck_assert_uint_eq(r.src, 2);
	ck_assert_uint_eq(r.state, PP_STATE_FILTERED);
	/* The same error delivered to source 3: it quotes another address. */
	memcpy(b + 24, srcs6[3], 16);
	ck_assert_int_eq(classify(b, 48 + sizeof(q), &r), 0);
}
END_TEST

START_TEST(test_udp_ctx_source)
{
	struct pp_probe_ctx ctx;
	char buf[1500];
	int n;

	/* The SIP probe from source 3 names 2001:2::7 in its Via. */
	pp__udp_ctx_from(&m, &udp[0], srcs[3], pp__cookie_fold6(&m.key, them), 0, &ctx);
	ctx.dst6 = them;
	ck_assert_mem_eq(ctx.src6, srcs6[3], 16);
	n = udp[0].probe->build(&ctx, (uint8_t *)buf, sizeof(buf) - 1);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_ptr_nonnull(strstr(buf, "Via: SIP/2.0/UDP [2001:2::7]:"));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sources6");
	TCase *tc = tcase_create("split");
	TCase *tm = tcase_create("classify");

	tcase_add_test(tc, test_split);
	tcase_add_test(tc, test_sources);
	tcase_add_test(tc, test_probes_in_turn);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tm, setup_match, teardown_match);
	tcase_add_test(tm, test_classify_sources);
	tcase_add_test(tm, test_udp_ctx_source);
	suite_add_tcase(s, tm);
	return run_suite(s);
}
