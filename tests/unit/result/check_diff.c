/*
 * Unit tests of `diff`: the model (new and resolved findings, state changes,
 * lost passes, a pass that carries a finding, scores, hosts added and gone) and the worse/not-worse
 * verdict that becomes the exit code, for audits and plain scans, and both renderings.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "pp_diff.h"
#include "pp_score.h"
#include "result_fixture.h"
#include "runner.h"

static struct pp_port_result *
port(struct pp_result *r, uint32_t addr, unsigned proto, unsigned p)
{
	struct pp_host_result *h = pp_result_find_host4(r, addr);

	ck_assert_ptr_nonnull(h);
	return pp_host_find_port(h, proto, p);
}

START_TEST(test_same)
{
	struct pp_result *a = fx_audit(), *b = fx_audit();
	struct pp_diff *d;
	char *s;

	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_uint_eq(d->nhosts, 0);
	ck_assert_int_eq(d->worse, 0);
	ck_assert_int_eq(d->score_changed, 0);
	s = fx_render_diff("text", d);
	ck_assert_ptr_nonnull(strstr(s, "no change; summary: score 35.3 -> 35.3; 0 new findings"));
	ck_assert_ptr_nonnull(strstr(s, ": not worse\n"));
	free(s);
	pp_diff_free(d);
	pp_result_free(a);
	pp_result_free(b);
}
END_TEST

/* A port opened by a change: a new unexpected finding, the score down. */
START_TEST(test_port_opened)
{
	struct pp_result *a = fx_audit(), *b = fx_audit();
	struct pp_host_result *h = pp_result_find_host4(b, 0xc612010c);
	struct pp_diff *d;
	char *s;

	fx_port(h, PP_PROTO_TCP, 3306, PP_STATE_OPEN, PP_REASON_SYN_ACK, PP_VERDICT_UNEXPECTED,
	        PP_SEV_HIGH, 0, NULL, NULL,
	        "tcp/3306 is open on ms-expansion but no document asks for it");
	pp_result_sort(b);
	pp_score_tally(b);
	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_int_eq(d->worse, 1);
	ck_assert_uint_eq(d->nhosts, 1);
	ck_assert_uint_eq(pp_addr_v4(&d->hosts[0].addr), 0xc612010c);
	ck_assert_uint_eq(d->hosts[0].nports, 1);
	ck_assert_uint_eq(d->hosts[0].ports[0].port, 3306);
	ck_assert_uint_eq(d->hosts[0].ports[0].what, PP_DIFF_NEW_FINDING | PP_DIFF_STATE);
	ck_assert_uint_eq(d->hosts[0].ports[0].old_state, PP_STATE_CLOSED); /* other tcp */
	ck_assert_int_eq(d->hosts[0].score_changed, 1);
	ck_assert_uint_eq(d->new_findings, 1);
	s = fx_render_diff("text", d);
	ck_assert_ptr_nonnull(
	        strstr(s, "\n198.18.1.12 ms-expansion: score 37.5 -> 27.3 (-10.2)\n"));
	ck_assert_ptr_nonnull(
	        strstr(s, "  + tcp/3306  new finding: unexpected (high); closed -> open\n"
	                  "             tcp/3306 is open on ms-expansion"));
	ck_assert_ptr_nonnull(strstr(s, ": worse\n"));
	free(s);
	s = fx_render_diff("json", d);
	ck_assert_ptr_nonnull(strstr(s, "\"schema\": \"portproof-diff/1\""));
	ck_assert_ptr_nonnull(strstr(s, "\"worse\": true,\n  \"hosts\""));
	ck_assert_ptr_nonnull(strstr(s,
	                             "{\"proto\": \"tcp\", \"port\": 3306, \"change\": "
	                             "[\"new-finding\", \"state\"], \"worse\": true, \"old\": "
	                             "{\"state\": \"closed\", \"verdict\": \"none\", \"severity\": "
	                             "\"none\"}, \"new\": {\"state\": \"open\", \"verdict\": "
	                             "\"unexpected\", \"severity\": \"high\"}"));
	ck_assert_ptr_nonnull(strstr(s, "\"score\": {\"old\": 37.5, \"new\": 27.3}"));
	free(s);
	pp_diff_free(d);
	pp_result_free(a);
	pp_result_free(b);
}
END_TEST

/* A firewall fixed: resolved findings, states changed, nothing worse. */
START_TEST(test_fixed)
{
	struct pp_result *a = fx_audit(), *b = fx_audit();
	struct pp_port_result *p = port(b, 0xc612010a, PP_PROTO_TCP, 8440);
	struct pp_diff *d;
	char *s;

	p->state = PP_STATE_OPEN;
	p->reason = PP_REASON_SYN_ACK;
	p->verdict = PP_VERDICT_PASS;
	p->severity = PP_SEV_NONE;
	pp_result_sort(b);
	pp_score_tally(b);
	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_int_eq(d->worse, 0);
	ck_assert_uint_eq(d->resolved, 1);
	ck_assert_uint_eq(d->state_changes, 1);
	ck_assert_uint_eq(d->new_findings, 0);
	ck_assert_int_eq(d->score_changed, 1);
	s = fx_render_diff("text", d);
	ck_assert_ptr_nonnull(
	        strstr(s, "  - tcp/8440  resolved: blocked (high); filtered -> open\n"));
	ck_assert_ptr_nonnull(strstr(s,
	                             "summary: score 35.3 -> 52.9; 0 new findings, 1 resolved, 1 "
	                             "state change, 0 hosts added, 0 gone: not worse\n"));
	free(s);
	pp_diff_free(d);
	pp_result_free(a);
	pp_result_free(b);
}
END_TEST

/* A pass turned into a finding of another kind, a host gone, a host added. */
START_TEST(test_regressions)
{
	struct pp_result *a = fx_audit(), *b = fx_audit();
	struct pp_port_result *p = port(b, 0xc612010a, PP_PROTO_TCP, 22);
	struct pp_host_result *h;
	struct pp_diff *d;
	char *s;

	p->state = PP_STATE_CLOSED;
	p->verdict = PP_VERDICT_MISSING;
	p->severity = PP_SEV_HIGH;
	/* Removing ms-expansion: clear it and move the last host over it. */
	h = pp_result_find_host4(b, 0xc612010c);
	pp_host_result_clear(h);
	b->nhosts--;
	h = pp_result_host4(b, 0xc6120114);
	h->name = strdup("ms-new");
	fx_port(h, PP_PROTO_TCP, 22, PP_STATE_OPEN, PP_REASON_SYN_ACK, PP_VERDICT_PASS, 0,
	        PP_RREQ_MANDATORY, "ssh", NULL, NULL);
	fx_port(h, PP_PROTO_TCP, 23, PP_STATE_OPEN, PP_REASON_SYN_ACK, PP_VERDICT_UNEXPECTED,
	        PP_SEV_HIGH, 0, NULL, NULL, NULL);
	pp_result_sort(b);
	pp_score_tally(b);
	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_int_eq(d->worse, 1);
	ck_assert_uint_eq(d->nhosts, 3);
	ck_assert_uint_eq(pp_addr_v4(&d->hosts[0].addr), 0xc612010a);
	ck_assert_uint_eq(d->hosts[0].ports[0].what, PP_DIFF_NEW_FINDING | PP_DIFF_STATE);
	ck_assert_int_eq(d->hosts[1].status, PP_DIFF_REMOVED);
	ck_assert_int_eq(d->hosts[1].worse, 1);
	ck_assert_int_eq(d->hosts[2].status, PP_DIFF_ADDED);
	ck_assert_uint_eq(d->hosts[2].nports, 1); /* the new finding; the pass is no news */
	ck_assert_uint_eq(d->hosts_added, 1);
	ck_assert_uint_eq(d->hosts_removed, 1);
	ck_assert_uint_eq(d->new_findings, 2);
	s = fx_render_diff("text", d);
	ck_assert_ptr_nonnull(
	        strstr(s, "\n198.18.1.12 ms-expansion: gone (not in the new result)\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n198.18.1.20 ms-new: new host, score 50.0\n"));
	ck_assert_ptr_nonnull(
	        strstr(s, "  + tcp/22    new finding: missing (high); open -> closed\n"));
	free(s);
	pp_diff_free(d);
	pp_result_free(a);
	pp_result_free(b);
}
END_TEST

/* A pass that is no longer judged (the expectation went away) is worse too. */
START_TEST(test_lost_pass)
{
	struct pp_result *a = fx_audit(), *b = fx_audit();
	struct pp_port_result *p = port(b, 0xc612010a, PP_PROTO_TCP, 22);
	struct pp_diff *d;

	p->verdict = PP_VERDICT_NONE;
	pp_result_sort(b);
	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_int_eq(d->worse, 1);
	ck_assert_uint_eq(d->hosts[0].ports[0].what, PP_DIFF_LOST_PASS);
	pp_diff_free(d);
	pp_result_free(a);
	pp_result_free(b);
}
END_TEST

/* A pass that comes to carry a severity (a certificate to renew) is a new
 * finding, worse; its going back to none resolves it, not worse; a change of
 * severity of a pass is both. */
START_TEST(test_pass_finding)
{
	struct pp_result *a = fx_audit(), *b = fx_audit();
	struct pp_port_result *p = port(b, 0xc612010a, PP_PROTO_TCP, 22);
	struct pp_diff *d;
	char *s;

	p->severity = PP_SEV_LOW;
	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_int_eq(d->worse, 1);
	ck_assert_uint_eq(d->new_findings, 1);
	ck_assert_uint_eq(d->hosts[0].ports[0].what, PP_DIFF_NEW_FINDING);
	s = fx_render_diff("text", d);
	ck_assert_ptr_nonnull(strstr(s, "tcp/22    new finding: pass (low)\n"));
	free(s);
	pp_diff_free(d);
	ck_assert_int_eq(pp_diff_compute(b, a, &d), 0);
	ck_assert_int_eq(d->worse, 0);
	ck_assert_uint_eq(d->resolved, 1);
	ck_assert_uint_eq(d->hosts[0].ports[0].what, PP_DIFF_RESOLVED);
	pp_diff_free(d);
	port(a, 0xc612010a, PP_PROTO_TCP, 22)->severity = PP_SEV_MEDIUM;
	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_uint_eq(d->hosts[0].ports[0].what, PP_DIFF_NEW_FINDING | PP_DIFF_RESOLVED);
	pp_diff_free(d);
	p->severity = PP_SEV_MEDIUM;
	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_uint_eq(d->nhosts, 0);
	pp_diff_free(d);
	pp_result_free(a);
	pp_result_free(b);
}
END_TEST

START_TEST(test_score_only)
{
	struct pp_result *a = fx_audit(), *b = fx_audit();
	struct pp_diff *d;

	b->score -= 1;
	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_uint_eq(d->nhosts, 0);
	ck_assert_int_eq(d->score_changed, 1);
	ck_assert_int_eq(d->worse, 1);
	pp_diff_free(d);
	b->score += 2;
	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_int_eq(d->worse, 0);
	pp_diff_free(d);
	pp_result_free(a);
	pp_result_free(b);
}
END_TEST

/* Plain scans: changes to or from open are worse, closed <-> filtered is not. */
START_TEST(test_scan)
{
	struct pp_result *a = fx_scan(), *b = fx_scan();
	struct pp_diff *d;
	char *s;

	port(b, 0xc6120002, PP_PROTO_TCP, 81)->state = PP_STATE_CLOSED;
	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_int_eq(d->worse, 0);
	ck_assert_uint_eq(d->state_changes, 1);
	s = fx_render_diff("text", d);
	ck_assert_ptr_nonnull(strstr(s, "  ~ tcp/81    filtered -> closed\n"));
	ck_assert_ptr_nonnull(
	        strstr(s, "summary: 1 state change, 0 hosts added, 0 gone: not worse"));
	ck_assert_ptr_null(strstr(s, "finding"));
	free(s);
	s = fx_render_diff("json", d);
	ck_assert_ptr_null(strstr(s, "verdict"));
	ck_assert_ptr_nonnull(strstr(s, "\"old\": {\"state\": \"filtered\"}, \"new\": {\"state\": "
	                                "\"closed\"}}"));
	free(s);
	pp_diff_free(d);
	port(b, 0xc6120002, PP_PROTO_TCP, 22)->state = PP_STATE_FILTERED;
	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_int_eq(d->worse, 1);
	ck_assert_uint_eq(d->state_changes, 2);
	pp_diff_free(d);
	pp_result_free(a);
	pp_result_free(b);
	/* A host gone from a scan is worse. */
	a = fx_scan();
	b = pp_result_new();
	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_int_eq(d->worse, 1);
	ck_assert_uint_eq(d->hosts_removed, 1);
	pp_diff_free(d);
	/* And one added with an open port, the other way round. */
	ck_assert_int_eq(pp_diff_compute(b, a, &d), 0);
	ck_assert_int_eq(d->worse, 1);
	ck_assert_uint_eq(d->hosts_added, 1);
	pp_diff_free(d);
	pp_result_free(a);
	pp_result_free(b);
}
END_TEST

START_TEST(test_bad_format)
{
	struct pp_result *a = fx_scan();
	struct pp_diff *d;
	char err[256];

	ck_assert_int_eq(pp_diff_compute(a, a, &d), 0);
	ck_assert_int_eq(pp_diff_render("xml", d, stdout, NULL, err, sizeof(err)), PP_EINVAL);
	ck_assert_str_eq(err, "unknown format 'xml' for diff (expected text, json or html)");
	pp_diff_free(d);
	pp_result_free(a);
}
END_TEST

/* Results joined from several zones are compared cell by cell: a port that
 * changed from one zone only is one change, named with its zone. */
START_TEST(test_zones)
{
	struct pp_result *a = fx_zones(0), *b = fx_zones(0);
	struct pp_port_result *p = pp_host_find_port_from(pp_result_find_host4(b, 0xc612010c),
	                                                  PP_PROTO_TCP, 8443, "cluster");
	struct pp_diff *d;
	char *s;

	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_uint_eq(d->nhosts, 0);
	pp_diff_free(d);
	p->state = PP_STATE_FILTERED;
	p->reason = PP_REASON_NO_RESPONSE;
	p->verdict = PP_VERDICT_BLOCKED;
	p->severity = PP_SEV_HIGH;
	pp_result_sort(b);
	pp_score_tally(b);
	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	ck_assert_int_eq(d->worse, 1);
	ck_assert_uint_eq(d->new_findings, 1);
	ck_assert_uint_eq(d->nhosts, 1);
	ck_assert_uint_eq(d->hosts[0].nports, 1);
	ck_assert_str_eq(d->hosts[0].ports[0].vantage, "cluster");
	s = fx_render_diff("text", d);
	ck_assert_ptr_nonnull(strstr(s, "tcp/8443  from cluster new finding: blocked (high)"));
	free(s);
	s = fx_render_diff("json", d);
	ck_assert_ptr_nonnull(strstr(s, "\"port\": 8443, \"vantage\": \"cluster\", \"change\""));
	free(s);
	pp_diff_free(d);
	pp_result_free(a);
	pp_result_free(b);
}
END_TEST

static Suite *
diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_same);
	tcase_add_test(tc, test_port_opened);
	tcase_add_test(tc, test_fixed);
	tcase_add_test(tc, test_regressions);
	tcase_add_test(tc, test_lost_pass);
	tcase_add_test(tc, test_pass_finding);
	tcase_add_test(tc, test_score_only);
	tcase_add_test(tc, test_scan);
	tcase_add_test(tc, test_bad_format);
	tcase_add_test(tc, test_zones);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(diff_suite());
}
