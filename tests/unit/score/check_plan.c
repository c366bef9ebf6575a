/*
 * Unit tests of the audit's plan: the sample of a dynamic range (16 spread evenly
 * plus both ends, every port of a small range, --range-sample N, --full-ranges),
 * the items of each host (role, when, vantage, alternatives, a port claimed by the
 * stronger of two services), and the probe sets of each --sweep.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "audit_fixture.h"
#include "pp_plan.h"
#include "runner.h"

START_TEST(test_sample_spread)
{
	pp_portset ps;
	unsigned prev, gap, i;

	pp_portset_init(&ps);
	ck_assert_int_eq(pp_plan_sample(&ps, 32768, 61000, 16), 0);
	ck_assert_uint_eq(pp_portset_count(&ps), 18);
	ck_assert_uint_eq(pp_portset_nth(&ps, 0), 32768);
	ck_assert_uint_eq(pp_portset_nth(&ps, 17), 61000);
	/* Evenly: every gap is 28232/17 rounded one way or the other. */
	prev = 32768;
	for (i = 1; i < 18; i++) {
		gap = pp_portset_nth(&ps, i) - prev;
		ck_assert_msg(gap == 1660 || gap == 1661, "gap %u before sample %u", gap, i);
		prev = pp_portset_nth(&ps, i);
	}
	pp_portset_free(&ps);
}
END_TEST

START_TEST(test_sample_small_and_odd)
{
	pp_portset ps;

	pp_portset_init(&ps);
	/* 18 ports or fewer: all of them. */
	ck_assert_int_eq(pp_plan_sample(&ps, 100, 117, 16), 0);
	ck_assert_uint_eq(pp_portset_count(&ps), 18);
	pp_portset_clear(&ps);
	ck_assert_int_eq(pp_plan_sample(&ps, 100, 118, 16), 0);
	ck_assert_uint_eq(pp_portset_count(&ps), 18);
	ck_assert(pp_portset_contains(&ps, 100) && pp_portset_contains(&ps, 118));
	pp_portset_clear(&ps);
	ck_assert_int_eq(pp_plan_sample(&ps, 5000, 5000, 16), 0);
	ck_assert_uint_eq(pp_portset_count(&ps), 1);
	pp_portset_clear(&ps);
	/* --range-sample 1: the ends and the middle. */
	ck_assert_int_eq(pp_plan_sample(&ps, 1000, 2000, 1), 0);
	ck_assert_uint_eq(pp_portset_count(&ps), 3);
	ck_assert(pp_portset_contains(&ps, 1500));
	pp_portset_clear(&ps);
	ck_assert_int_eq(pp_plan_sample(&ps, 1, 65535, 16), 0);
	ck_assert_uint_eq(pp_portset_count(&ps), 18);
	pp_portset_free(&ps);
}
END_TEST

static const struct pp_plan_item *
item(const pp_plan *pl, size_t h, const char *id)
{
	size_t i;

	for (i = 0; i < pl->hosts[h].nitems; i++)
		if (strcmp(pl->hosts[h].items[i].svc->id, id) == 0)
			return &pl->hosts[h].items[i];
	return NULL;
}

START_TEST(test_site_items)
{
	struct pp_plan_opts o = {.sweep = PP_SWEEP_NONE};
	pp_deploy *d = afx_site();
	const struct pp_plan_item *it;
	pp_plan *pl;
	char err[256], buf[512];

	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	ck_assert_uint_eq(pl->nhosts, 3);
	/* Primary: API 8440 reachable from any, config 8088 cluster only. */
	it = item(pl, 0, "api-https");
	ck_assert_ptr_nonnull(it);
	ck_assert_int_eq(it->restricted, 0);
	it = item(pl, 0, "config-http");
	ck_assert_ptr_nonnull(it);
	ck_assert_int_eq(it->restricted, 1);
	/* Expansion: no API, no configuration service. */
	ck_assert_ptr_null(item(pl, 2, "api-https"));
	ck_assert_ptr_null(item(pl, 2, "config-http"));
	ck_assert_ptr_nonnull(item(pl, 2, "smagent-jms"));
	/* The RTP range sampled: a UDP range, its ends and 4 points (its closed
	 * ports cost the target's ICMP allowance). */
	it = item(pl, 1, "rtp-in");
	ck_assert_uint_eq(pp_portset_count(&it->ports), 2 + PP_RANGE_SAMPLE_UDP_DEFAULT);
	ck_assert_uint_eq(pp_portset_count(&it->ports), 6);
	ck_assert_ptr_eq(pp_plan_item_for(&pl->hosts[1], PP_PROTO_UDP, 61000), it);
	ck_assert_ptr_null(pp_plan_item_for(&pl->hosts[1], PP_PROTO_UDP, 61001));
	ck_assert_ptr_eq(pp_plan_item_for(&pl->hosts[0], PP_PROTO_TCP, 8440),
	                 item(pl, 0, "api-https"));
	/* Sweep none: exactly the ports the site's roles expect. */
	pp_portset_format(&pl->tcp, buf, sizeof(buf));
	ck_assert_str_eq(buf, "80,443,554,1543,5060,8080-8081,8085,8087-8088,8440,8443,8446,8554,"
	                      "9081,9443,9554,61610,61612,61616");
	ck_assert_uint_eq(pp_portset_count(&pl->udp), 2 + 6);
	ck_assert(pp_portset_contains(&pl->udp, 5060));
	ck_assert(pp_portset_contains(&pl->udp, 8091));
	pp_plan_free(pl);

	o.full_ranges = 1;
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	ck_assert_uint_eq(pp_portset_count(&pl->udp), 2 + 61000 - 32768 + 1);
	pp_plan_free(pl);

	o.full_ranges = 0;
	o.range_sample = 16; /* --range-sample: UDP ranges too */
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	ck_assert_uint_eq(pp_portset_count(&pl->udp), 2 + 18);
	pp_plan_free(pl);
	pp_deploy_free(d);
}
END_TEST

START_TEST(test_sweeps)
{
	struct pp_plan_opts o = {.sweep = PP_SWEEP_ALL};
	pp_deploy *d = afx_site();
	pp_profile **all;
	const uint16_t *top;
	pp_plan *pl;
	char err[256];
	size_t n, ntop, i;

	ck_assert_int_eq(pp_profile_load_all(afx_dirs, 1, &all, &n, NULL), 0);
	o.sweep_profiles = all;
	o.nsweep_profiles = n;
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	ck_assert_uint_eq(pp_portset_count(&pl->tcp), 65535);
	/* UDP: the site's own, and the listen ports of every shipped profile. */
	ck_assert(pp_portset_contains(&pl->udp, 8091));
	ck_assert(pp_portset_contains(&pl->udp, 161));  /* SNMP, TelePresence */
	ck_assert(pp_portset_contains(&pl->udp, 1719)); /* RAS, Equinox */
	ck_assert(pp_portset_contains(&pl->udp, 69));   /* TFTP, TelePresence */
	/* but not the other products' media ranges. */
	ck_assert(!pp_portset_contains(&pl->udp, 16400));
	pp_plan_free(pl);

	o.sweep = PP_SWEEP_TOP1000;
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	top = pp_top_tcp_ports(&ntop);
	ck_assert_uint_eq(ntop, 1000);
	ck_assert_uint_eq(top[0], 80);
	for (i = 0; i < ntop; i++)
		ck_assert(pp_portset_contains(&pl->tcp, top[i]));
	ck_assert(pp_portset_contains(&pl->tcp, 61616)); /* expected, not a top port */
	ck_assert_uint_lt(pp_portset_count(&pl->tcp), 1000 + 21);
	ck_assert(pp_portset_contains(&pl->udp, 161));
	pp_plan_free(pl);

	/* Without the shipped profiles, the sweep's UDP is the deployment's own. */
	o.sweep_profiles = NULL;
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	ck_assert(!pp_portset_contains(&pl->udp, 161));
	pp_plan_free(pl);
	pp_profiles_free(all, n);
	pp_deploy_free(d);

	ck_assert_int_eq(pp_sweep_parse("all"), PP_SWEEP_ALL);
	ck_assert_int_eq(pp_sweep_parse("top1000"), PP_SWEEP_TOP1000);
	ck_assert_int_eq(pp_sweep_parse("none"), PP_SWEEP_NONE);
	ck_assert_int_eq(pp_sweep_parse("some"), -1);
}
END_TEST

START_TEST(test_when_alternatives_claims)
{
	static const struct afx_host hosts[] = {{"ha", 0xc6120001, "a"}, {"hb", 0xc6120002, "b"}};
	static const char *const tls[] = {"tls"};
	struct pp_plan_opts o = {.sweep = PP_SWEEP_NONE};
	const struct pp_plan_item *it;
	pp_deploy *d;
	pp_plan *pl;
	char err[256];

	/* Without tls: sip-tls does not apply; sip-udp and sip-tcp make the group. */
	d = afx_deploy(afx_profile_t, "any", NULL, 0, hosts, 2);
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	ck_assert_ptr_null(item(pl, 0, "sip-tls"));
	ck_assert_ptr_nonnull(item(pl, 0, "sip-udp")->alt);
	ck_assert_str_eq(item(pl, 0, "sip-tcp")->alt->id, "sip");
	ck_assert_ptr_null(item(pl, 0, "web")->alt);
	/* The fixed listen port inside the range belongs to "fixed" on role a only. */
	it = item(pl, 0, "rtp");
	ck_assert(!pp_portset_contains(&it->ports, 20500));
	ck_assert_ptr_eq(pp_plan_item_for(&pl->hosts[0], PP_PROTO_UDP, 20500),
	                 item(pl, 0, "fixed"));
	ck_assert_uint_eq(pp_portset_count(&it->ports), 6);
	ck_assert_ptr_null(item(pl, 1, "api"));
	ck_assert_int_eq(item(pl, 0, "db")->restricted, 1);
	pp_plan_free(pl);
	o.full_ranges = 1;
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	it = item(pl, 0, "rtp");
	ck_assert(!pp_portset_contains(&it->ports, 20500));
	ck_assert_uint_eq(pp_portset_count(&it->ports), 999);
	it = item(pl, 1, "rtp");
	ck_assert(pp_portset_contains(&it->ports, 20500));
	ck_assert_uint_eq(pp_portset_count(&it->ports), 1000);
	o.full_ranges = 0;
	pp_plan_free(pl);
	pp_deploy_free(d);

	/* With tls and from the cluster: sip-tls joins, db is reachable. */
	d = afx_deploy(afx_profile_t, "cluster", tls, 1, hosts, 2);
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(item(pl, 0, "sip-tls"));
	ck_assert_str_eq(item(pl, 0, "sip-tls")->alt->id, "sip");
	ck_assert_int_eq(item(pl, 0, "db")->restricted, 0);
	ck_assert_int_eq(item(pl, 0, "hb")->restricted, 0);
	pp_plan_free(pl);
	pp_deploy_free(d);
}
END_TEST

START_TEST(test_content_server_alternatives)
{
	/* After the errata: 8080 and the server-push 80 are required on their own. */
	static const char text[] =
	        "{\"schema\": \"portproof-deployment/1\", \"name\": \"cs\", \"vantage\": \"any\",\n"
	        " \"features\": [\"server-push\"], \"hosts\": [\n"
	        " {\"name\": \"cs\", \"address\": \"198.18.2.1\", \"profile\": "
	        "\"cisco-content-server\","
	        " \"role\": \"content-server\"},\n"
	        " {\"name\": \"wms\", \"address\": \"198.18.2.2\", \"profile\": "
	        "\"cisco-content-server\", \"role\": \"windows-media-server\"}]}\n";
	struct pp_plan_opts o = {.sweep = PP_SWEEP_NONE};
	pp_deploy *d;
	pp_plan *pl;
	char err[256];

	ck_assert_int_eq(pp_deploy_parse(text, strlen(text), afx_dirs, 1, &d, NULL), 0);
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	ck_assert_ptr_null(item(pl, 0, "cs-wms-http")->alt);
	ck_assert_ptr_nonnull(item(pl, 0, "cs-wms-rtsp-tcp")->alt);
	ck_assert_ptr_null(item(pl, 1, "wms-http"));
	ck_assert_ptr_null(item(pl, 1, "wms-http-push")->alt);
	ck_assert_ptr_nonnull(item(pl, 1, "wms-rtsp-udp")->alt);
	pp_plan_free(pl);
	pp_deploy_free(d);
}
END_TEST

static Suite *
plan_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("plan");

	tcase_add_test(tc, test_sample_spread);
	tcase_add_test(tc, test_sample_small_and_odd);
	tcase_add_test(tc, test_site_items);
	tcase_add_test(tc, test_sweeps);
	tcase_add_test(tc, test_when_alternatives_claims);
	tcase_add_test(tc, test_content_server_alternatives);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(plan_suite());
}
