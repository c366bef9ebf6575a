/*
 * Unit tests of the scorer: every cell of DESIGN.md's verdict table, the
 * severities, a judged result built by hand (ports in "other" judged too, an open
 * port no one expects, details that cite the row), the score formula (weights
 * 3/2/1, items not ports, unexpected ports as failed weight-3 items, inconclusive
 * left out), a certificate that expires soon (a pass with a finding),
 * alternatives passing and failing, per-role scores, the findings that set the
 * exit code, and shards judged apart then merged equal to one run.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_fixture.h"
#include "pp_score.h"
#include "result_fixture.h"
#include "runner.h"

#define L PP_KIND_LISTEN
#define D PP_KIND_DYNAMIC

START_TEST(test_verdict_table)
{
	static const struct {
		unsigned kind;
		int restricted;
		unsigned open, closed, filtered, openfilt;
	} rows[] = {
	        {L, 0, PP_VERDICT_PASS, PP_VERDICT_MISSING, PP_VERDICT_BLOCKED,
	         PP_VERDICT_INCONCLUSIVE},
	        {D, 0, PP_VERDICT_PASS, PP_VERDICT_PASS, PP_VERDICT_BLOCKED,
	         PP_VERDICT_INCONCLUSIVE},
	        {L, 1, PP_VERDICT_EXPOSED, PP_VERDICT_UNFILTERED, PP_VERDICT_PASS, PP_VERDICT_PASS},
	        {D, 1, PP_VERDICT_EXPOSED, PP_VERDICT_UNFILTERED, PP_VERDICT_PASS, PP_VERDICT_PASS},
	        {0, 0, PP_VERDICT_UNEXPECTED, PP_VERDICT_NONE, PP_VERDICT_NONE, PP_VERDICT_NONE},
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		ck_assert_uint_eq(pp_score_verdict(rows[i].kind, rows[i].restricted, PP_STATE_OPEN),
		                  rows[i].open);
		ck_assert_uint_eq(
		        pp_score_verdict(rows[i].kind, rows[i].restricted, PP_STATE_CLOSED),
		        rows[i].closed);
		ck_assert_uint_eq(
		        pp_score_verdict(rows[i].kind, rows[i].restricted, PP_STATE_FILTERED),
		        rows[i].filtered);
		ck_assert_uint_eq(
		        pp_score_verdict(rows[i].kind, rows[i].restricted, PP_STATE_OPEN_FILTERED),
		        rows[i].openfilt);
		ck_assert_uint_eq(
		        pp_score_verdict(rows[i].kind, rows[i].restricted, PP_STATE_UNKNOWN),
		        PP_VERDICT_NONE);
	}
}
END_TEST

START_TEST(test_severities)
{
	static const unsigned reqs[] = {PP_REQ_MANDATORY, PP_REQ_RECOMMENDED, PP_REQ_OPTIONAL};
	static const unsigned take[] = {PP_SEV_HIGH, PP_SEV_MEDIUM, PP_SEV_LOW};
	size_t i;

	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(pp_score_severity(PP_VERDICT_MISSING, reqs[i]), take[i]);
		ck_assert_uint_eq(pp_score_severity(PP_VERDICT_BLOCKED, reqs[i]), take[i]);
		ck_assert_uint_eq(pp_score_severity(PP_VERDICT_EXPOSED, reqs[i]), PP_SEV_HIGH);
		ck_assert_uint_eq(pp_score_severity(PP_VERDICT_UNEXPECTED, reqs[i]), PP_SEV_HIGH);
		ck_assert_uint_eq(pp_score_severity(PP_VERDICT_UNFILTERED, reqs[i]), PP_SEV_LOW);
		ck_assert_uint_eq(pp_score_severity(PP_VERDICT_INCONCLUSIVE, reqs[i]), PP_SEV_INFO);
		ck_assert_uint_eq(pp_score_severity(PP_VERDICT_PASS, reqs[i]), PP_SEV_NONE);
	}
	ck_assert_uint_eq(pp_score_weight(PP_REQ_MANDATORY), 3);
	ck_assert_uint_eq(pp_score_weight(PP_REQ_RECOMMENDED), 2);
	ck_assert_uint_eq(pp_score_weight(PP_REQ_OPTIONAL), 1);
	ck_assert_uint_eq(pp_score_weight(PP_RREQ_NONE), 0);
}
END_TEST

#define HA 0xc6120001u
#define HB 0xc6120002u

static void
listed(struct pp_result *r, uint32_t addr, unsigned proto, unsigned port, unsigned state,
       unsigned reason)
{
	struct pp_port_result *p = pp_host_add_port(pp_result_host4(r, addr), proto, port);

	p->state = (uint8_t)state;
	p->reason = (uint8_t)reason;
}

static const struct pp_port_result *
port(const struct pp_result *r, uint32_t addr, unsigned proto, unsigned n)
{
	const struct pp_host_result *h = pp_result_find_host4(r, addr);

	ck_assert_ptr_nonnull(h);
	return pp_host_find_port(h, proto, n);
}

/* The engine's view of two hosts of profile t from vantage any. */
static struct pp_result *
observed(void)
{
	struct pp_result *r = pp_result_new();
	struct pp_host_result *h;

	h = pp_result_host4(r, HA);
	h->other_tcp = PP_STATE_CLOSED;
	h->other_udp = PP_STATE_OPEN_FILTERED;
	listed(r, HA, PP_PROTO_TCP, 443, PP_STATE_OPEN, PP_REASON_SYN_ACK);
	listed(r, HA, PP_PROTO_TCP, 8443, PP_STATE_FILTERED, PP_REASON_NO_RESPONSE);
	listed(r, HA, PP_PROTO_TCP, 3306, PP_STATE_OPEN, PP_REASON_SYN_ACK); /* unexpected */
	listed(r, HA, PP_PROTO_TCP, 1543, PP_STATE_OPEN, PP_REASON_SYN_ACK); /* exposed */
	listed(r, HA, PP_PROTO_TCP, 22, PP_STATE_OPEN, PP_REASON_SYN_ACK);
	listed(r, HA, PP_PROTO_TCP, 5060, PP_STATE_OPEN, PP_REASON_SYN_ACK);
	listed(r, HA, PP_PROTO_UDP, 20000, PP_STATE_CLOSED, PP_REASON_ICMP_UNREACH);
	/* Host b: everything TCP filtered but what listens; UDP closed. */
	h = pp_result_host4(r, HB);
	h->other_tcp = PP_STATE_FILTERED;
	h->other_udp = PP_STATE_CLOSED;
	listed(r, HB, PP_PROTO_TCP, 443, PP_STATE_OPEN, PP_REASON_SYN_ACK);
	listed(r, HB, PP_PROTO_TCP, 8443, PP_STATE_OPEN, PP_REASON_SYN_ACK);
	listed(r, HB, PP_PROTO_TCP, 22, PP_STATE_CLOSED, PP_REASON_RST);
	listed(r, HB, PP_PROTO_TCP, 1543, PP_STATE_CLOSED, PP_REASON_RST); /* unfiltered */
	listed(r, HB, PP_PROTO_UDP, 5060, PP_STATE_OPEN, PP_REASON_UDP_RESPONSE);
	pp_result_sort(r);
	return r;
}

static struct pp_result *
judged(pp_deploy **dp, pp_plan **pp)
{
	static const struct afx_host hosts[] = {{"ha", HA, "a"}, {"hb", HB, "b"}};
	struct pp_plan_opts o = {.sweep = PP_SWEEP_NONE};
	struct pp_result *r = observed();
	char err[256];

	*dp = afx_deploy(afx_profile_t, "any", NULL, 0, hosts, 2);
	ck_assert_int_eq(pp_plan_build(*dp, &o, pp, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_score_judge(*pp, r, NULL, NULL, err, sizeof(err)), 0);
	return r;
}

START_TEST(test_judge)
{
	const struct pp_port_result *p;
	struct pp_result *r;
	pp_deploy *d;
	pp_plan *pl;

	r = judged(&d, &pl);
	ck_assert_str_eq(r->deployment, "fixture");
	ck_assert_str_eq(pp_result_find_host4(r, HA)->name, "ha");
	ck_assert_str_eq(pp_result_find_host4(r, HB)->role, "b");
	p = port(r, HA, PP_PROTO_TCP, 443);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_PASS);
	ck_assert_str_eq(p->service, "web");
	ck_assert_str_eq(p->ref, "T1 web");
	ck_assert_uint_eq(p->requirement, PP_REQ_MANDATORY);
	p = port(r, HA, PP_PROTO_TCP, 8443);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_BLOCKED);
	ck_assert_uint_eq(p->severity, PP_SEV_HIGH);
	ck_assert_str_eq(p->detail, "tcp/8443 (Web pages; and more, mandatory) is filtered from "
	                            "vantage any: "
	                            "a firewall between here and ha drops it; open it for vantage "
	                            "any (T1 web)");
	/* 8440 was in "other" (closed): judged, and listed now. */
	p = port(r, HA, PP_PROTO_TCP, 8440);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->state, PP_STATE_CLOSED);
	ck_assert_uint_eq(p->reason, PP_REASON_RST);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_MISSING);
	ck_assert_uint_eq(p->severity, PP_SEV_MEDIUM);
	ck_assert_ptr_nonnull(
	        strstr(p->detail, "tcp/8440 (API access, recommended) is closed on ha"));
	p = port(r, HA, PP_PROTO_TCP, 3306);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_UNEXPECTED);
	ck_assert_uint_eq(p->severity, PP_SEV_HIGH);
	ck_assert_ptr_null(p->service);
	ck_assert_ptr_nonnull(strstr(p->detail, "tcp/3306 is open on ha, but t asks for no such"));
	p = port(r, HA, PP_PROTO_TCP, 1543);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_EXPOSED);
	ck_assert_ptr_nonnull(strstr(p->detail, "(Database, mandatory, cluster only) is open"));
	/* Cluster-only UDP 8091 in "other" open|filtered: pass. */
	p = port(r, HA, PP_PROTO_UDP, 8091);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_PASS);
	ck_assert_uint_eq(p->reason, PP_REASON_NO_RESPONSE);
	/* The range: 20000 closed passes, the other samples are inconclusive. */
	ck_assert_uint_eq(port(r, HA, PP_PROTO_UDP, 20000)->verdict, PP_VERDICT_PASS);
	p = port(r, HA, PP_PROTO_UDP, 20999);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_INCONCLUSIVE);
	ck_assert_uint_eq(p->severity, PP_SEV_INFO);
	ck_assert_ptr_nonnull(
	        strstr(p->detail, "(RTP media, mandatory range 20000-20999) gets no"));
	/* Host b. */
	p = port(r, HB, PP_PROTO_TCP, 22);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_MISSING);
	ck_assert_uint_eq(p->severity, PP_SEV_LOW);
	p = port(r, HB, PP_PROTO_TCP, 1543);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_UNFILTERED);
	ck_assert_uint_eq(p->severity, PP_SEV_LOW);
	p = port(r, HB, PP_PROTO_UDP, 8091); /* closed, cluster only */
	ck_assert_uint_eq(p->verdict, PP_VERDICT_UNFILTERED);
	ck_assert_uint_eq(p->reason, PP_REASON_ICMP_UNREACH);
	ck_assert_uint_eq(p->icmp_code, 3);
	ck_assert_ptr_null(port(r, HB, PP_PROTO_TCP, 8440)); /* role b has no API */
	ck_assert_uint_eq(port(r, HB, PP_PROTO_UDP, 20999)->verdict, PP_VERDICT_PASS);
	ck_assert_ptr_null(port(r, HB, PP_PROTO_UDP, 20500)); /* not in the sample */
	pp_result_free(r);
	pp_plan_free(pl);
	pp_deploy_free(d);
}
END_TEST

static void
saw(struct pp_result *r, uint32_t addr, unsigned port, const char *seen, const char *detail)
{
	struct pp_port_result *p =
	        pp_host_find_port(pp_result_find_host4(r, addr), PP_PROTO_TCP, port);

	ck_assert_ptr_nonnull(p);
	p->seen = strdup(seen);
	p->seen_detail = detail ? strdup(detail) : NULL;
}

/* The listener check's seen against the profile's speaks: a mismatch (high for
 * TLS in clear text), nothing said is no mismatch, an unexpected port says what
 * it speaks; behind a SYN proxy, unconfirmed ports are dropped and counted, and
 * an expected port the proxy answered alone is missing. */
START_TEST(test_listener_check)
{
	static const struct afx_host hosts[] = {{"ha", HA, "a"}, {"hb", HB, "b"}};
	struct pp_plan_opts o = {.sweep = PP_SWEEP_NONE};
	struct pp_result *r = observed();
	const struct pp_port_result *p;
	struct pp_host_result *h;
	pp_deploy *d;
	pp_plan *pl;
	char err[256];

	ck_assert_uint_eq(pp_score_mismatch("tls", "tls"), PP_SEV_NONE);
	ck_assert_uint_eq(pp_score_mismatch("sips", "tls"), PP_SEV_NONE);
	ck_assert_uint_eq(pp_score_mismatch("tls", "http"), PP_SEV_HIGH);
	ck_assert_uint_eq(pp_score_mismatch("tls", "ssh"), PP_SEV_MEDIUM);
	ck_assert_uint_eq(pp_score_mismatch("http", "tls"), PP_SEV_MEDIUM);
	ck_assert_uint_eq(pp_score_mismatch("tls", "none"), PP_SEV_NONE);
	ck_assert_uint_eq(pp_score_mismatch(NULL, "http"), PP_SEV_NONE);
	ck_assert(pp_score_failed(PP_VERDICT_MISMATCH));

	saw(r, HA, 443, "http", "HTTP/1.0 200 OK");
	saw(r, HA, 22, "none", "closed without a word");
	saw(r, HA, 3306, "mysql", "server version 8.0.36");
	saw(r, HB, 443, "tls", "TLSv1.3");
	saw(r, HB, 8443, "none", "reset at once");
	/* hb is behind a SYN proxy: 9999 and 9998 answered by it alone. */
	listed(r, HB, PP_PROTO_TCP, 9999, PP_STATE_OPEN, PP_REASON_SYN_ACK);
	listed(r, HB, PP_PROTO_TCP, 9998, PP_STATE_OPEN, PP_REASON_SYN_ACK);
	listed(r, HB, PP_PROTO_TCP, 2222, PP_STATE_OPEN, PP_REASON_SYN_ACK);
	saw(r, HB, 9998, "none", "reset at once");
	saw(r, HB, 2222, "ssh", "SSH-2.0-x");
	h = pp_result_find_host4(r, HB);
	h->middlebox = strdup("syn-proxy");
	pp_result_sort(r);
	d = afx_deploy(afx_profile_t, "any", NULL, 0, hosts, 2);
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_score_judge(pl, r, NULL, NULL, err, sizeof(err)), 0);

	p = port(r, HA, PP_PROTO_TCP, 443);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_MISMATCH);
	ck_assert_uint_eq(p->severity, PP_SEV_HIGH);
	ck_assert_ptr_nonnull(strstr(p->detail, "is open on ha but speaks http (HTTP/1.0 200 OK), "
	                                        "not tls as the document says"));
	ck_assert_ptr_nonnull(strstr(p->detail, "clear text"));
	ck_assert_uint_eq(port(r, HA, PP_PROTO_TCP, 22)->verdict, PP_VERDICT_PASS);
	p = port(r, HA, PP_PROTO_TCP, 3306);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_UNEXPECTED);
	ck_assert_ptr_nonnull(strstr(p->detail, "speaks mysql (server version 8.0.36)"));
	/* Host b, behind the proxy. */
	h = pp_result_find_host4(r, HB);
	ck_assert_uint_eq(port(r, HB, PP_PROTO_TCP, 443)->verdict, PP_VERDICT_PASS);
	p = port(r, HB, PP_PROTO_TCP, 8443);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_MISSING);
	ck_assert_uint_eq(p->severity, PP_SEV_HIGH);
	ck_assert_ptr_nonnull(strstr(p->detail, "(a SYN proxy), but nothing listens behind it"));
	ck_assert_ptr_null(port(r, HB, PP_PROTO_TCP, 9999));
	ck_assert_ptr_null(port(r, HB, PP_PROTO_TCP, 9998));
	ck_assert_uint_eq(port(r, HB, PP_PROTO_TCP, 2222)->verdict, PP_VERDICT_UNEXPECTED);
	ck_assert_uint_eq(h->middlebox_ports, 2);
	ck_assert_uint_eq(r->verdicts[PP_VERDICT_MISMATCH], 1);
	pp_result_free(r);
	pp_plan_free(pl);
	pp_deploy_free(d);
}
END_TEST

/* A TLS listener of the right protocol whose certificate expires within
 * PP_SCORE_CERT_DAYS: the port passes (the score is that of the same audit
 * without certificates) and carries a low finding, medium once expired; the
 * findings count them, the exit code's high count does not. */
static void
judge_certs(int with_days, struct pp_result **out, struct pp_score_findings *f)
{
	static const struct afx_host hosts[] = {{"ha", HA, "a"}, {"hb", HB, "b"}};
	struct pp_plan_opts o = {.sweep = PP_SWEEP_NONE};
	struct pp_result *r = observed();
	struct pp_port_result *p;
	pp_deploy *d;
	pp_plan *pl;
	char err[256];

	saw(r, HA, 443, "tls", "TLSv1.3, certificate CN=a, expires in 10 days");
	saw(r, HB, 443, "tls", "TLSv1.3, certificate CN=b, expires in -3 days");
	if (with_days) {
		p = pp_host_find_port(pp_result_find_host4(r, HA), PP_PROTO_TCP, 443);
		p->has_cert_days = 1;
		p->cert_days = 10;
		p = pp_host_find_port(pp_result_find_host4(r, HB), PP_PROTO_TCP, 443);
		p->has_cert_days = 1;
		p->cert_days = -3;
	}
	d = afx_deploy(afx_profile_t, "any", NULL, 0, hosts, 2);
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_score_judge(pl, r, NULL, NULL, err, sizeof(err)), 0);
	pp_score_findings(r, f);
	pp_plan_free(pl);
	pp_deploy_free(d);
	*out = r;
}

START_TEST(test_cert_expiry)
{
	struct pp_score_findings f0, f;
	const struct pp_port_result *p;
	struct pp_result *r0, *r;

	ck_assert_uint_eq(pp_score_cert(0, 5), PP_SEV_NONE);
	ck_assert_uint_eq(pp_score_cert(1, PP_SCORE_CERT_DAYS), PP_SEV_NONE);
	ck_assert_uint_eq(pp_score_cert(1, 365), PP_SEV_NONE);
	ck_assert_uint_eq(pp_score_cert(1, PP_SCORE_CERT_DAYS - 1), PP_SEV_LOW);
	ck_assert_uint_eq(pp_score_cert(1, 0), PP_SEV_LOW);
	ck_assert_uint_eq(pp_score_cert(1, -1), PP_SEV_MEDIUM);

	judge_certs(0, &r0, &f0);
	judge_certs(1, &r, &f);
	p = port(r, HA, PP_PROTO_TCP, 443);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_PASS);
	ck_assert_uint_eq(p->severity, PP_SEV_LOW);
	ck_assert_ptr_nonnull(
	        strstr(p->detail, "speaks TLS, but its certificate expires in 10 days: renew it"));
	p = port(r, HB, PP_PROTO_TCP, 443);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_PASS);
	ck_assert_uint_eq(p->severity, PP_SEV_MEDIUM);
	ck_assert_ptr_nonnull(strstr(p->detail, "its certificate expired 3 days ago: renew it"));
	p = port(r0, HA, PP_PROTO_TCP, 443);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_PASS);
	ck_assert_uint_eq(p->severity, PP_SEV_NONE);
	ck_assert_ptr_null(strstr(p->detail, "certificate"));
	/* The scores and the exit code's counts are those without the certificates. */
	ck_assert(r->has_score && r0->has_score);
	ck_assert(fabs(r->score - r0->score) < 1e-9);
	ck_assert(fabs(pp_result_find_host4(r, HA)->score - pp_result_find_host4(r0, HA)->score) <
	          1e-9);
	ck_assert_uint_eq(r->verdicts[PP_VERDICT_PASS], r0->verdicts[PP_VERDICT_PASS]);
	ck_assert_uint_eq(f.findings, f0.findings + 2);
	ck_assert_uint_eq(f.high, f0.high);
	ck_assert_uint_eq(f.mandatory_failed, f0.mandatory_failed);
	pp_result_free(r0);
	pp_result_free(r);
}
END_TEST

START_TEST(test_alternatives)
{
	const struct pp_port_result *p;
	struct pp_result *r;
	pp_deploy *d;
	pp_plan *pl;

	r = judged(&d, &pl);
	/* Host a: sip-tcp (mandatory) open, sip-udp (recommended) gets no answer: the
	 * group passes on sip-tcp with the strongest requirement. */
	p = port(r, HA, PP_PROTO_TCP, 5060);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_PASS);
	ck_assert_uint_eq(p->requirement, PP_REQ_MANDATORY);
	p = port(r, HA, PP_PROTO_UDP, 5060);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_INCONCLUSIVE);
	ck_assert_uint_eq(p->requirement, PP_RREQ_NONE);
	/* Host b: sip-udp open, sip-tcp filtered: blocked kept, at info, not counted. */
	p = port(r, HB, PP_PROTO_UDP, 5060);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_PASS);
	ck_assert_uint_eq(p->requirement, PP_REQ_MANDATORY);
	p = port(r, HB, PP_PROTO_TCP, 5060);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_BLOCKED);
	ck_assert_uint_eq(p->severity, PP_SEV_INFO);
	ck_assert_uint_eq(p->requirement, PP_RREQ_NONE);
	ck_assert_ptr_nonnull(strstr(p->detail, "not counted: alternatives 'sip' need one member, "
	                                        "and sip-udp passes"));
	pp_result_free(r);
	pp_plan_free(pl);
	pp_deploy_free(d);
}
END_TEST

START_TEST(test_alternatives_fail)
{
	static const struct afx_host hosts[] = {{"ha", HA, "a"}};
	struct pp_plan_opts o = {.sweep = PP_SWEEP_NONE};
	struct pp_result *r = pp_result_new();
	struct pp_host_result *h = pp_result_host4(r, HA);
	const struct pp_port_result *p;
	struct pp_score_findings f;
	pp_deploy *d;
	pp_plan *pl;
	char err[256];

	/* Everything closed: sip-tcp (mandatory) and sip-udp (recommended) missing. */
	h->other_tcp = PP_STATE_CLOSED;
	h->other_udp = PP_STATE_CLOSED;
	d = afx_deploy(afx_profile_t, "any", NULL, 0, hosts, 1);
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_score_judge(pl, r, NULL, NULL, err, sizeof(err)), 0);
	p = port(r, HA, PP_PROTO_TCP, 5060);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_MISSING);
	ck_assert_uint_eq(p->requirement, PP_REQ_MANDATORY);
	ck_assert_uint_eq(p->severity, PP_SEV_HIGH);
	p = port(r, HA, PP_PROTO_UDP, 5060);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_MISSING);
	ck_assert_uint_eq(p->requirement, PP_RREQ_NONE); /* the group counts once */
	ck_assert_uint_eq(p->severity, PP_SEV_HIGH);     /* the group's, not recommended's */
	/* Items: web 3 failed, api 2 failed, ssh 1 failed, db 3 (unfiltered) failed,
	 * hb 3 failed, sip 3 failed, rtp 3 passed (closed is reachable), fixed 3
	 * failed: 3 / 21. */
	ck_assert(r->hosts[0].has_score);
	ck_assert_double_eq_tol(r->hosts[0].score, 100.0 * 3 / 21, 1e-9);
	pp_score_findings(r, &f);
	ck_assert_uint_eq(f.mandatory_failed, 2 + 1 + 1 + 1 + 1); /* web x2, db, hb, sip, fixed */
	pp_result_free(r);
	pp_plan_free(pl);
	pp_deploy_free(d);
}
END_TEST

/* A profile whose descriptions are long and whose services no zone may reach. */
static const char profile_words[] =
        "{\"schema\": \"portproof-profile/1\", \"id\": \"w\", \"product\": \"W\",\n"
        " \"document\": {\"title\": \"w\", \"file\": \"w.txt\"},\n"
        " \"zones\": {\"any\": \"anyone\"},\n"
        " \"roles\": {\"a\": {\"description\": \"A\"}},\n"
        " \"services\": [\n"
        "  {\"id\": \"cli\", \"proto\": \"tcp\", \"ports\": \"22\", \"roles\": [\"a\"], "
        "\"from\": [\"any\"], \"requirement\": \"recommended\", \"kind\": \"listen\", "
        "\"description\": \"CTS-Manager administrative CLI, over SSH. Requirement not stated by "
        "the document: recommended, as management access.\", \"ref\": \"W1\"},\n"
        "  {\"id\": \"soap\", \"proto\": \"tcp\", \"ports\": \"8081\", \"roles\": [\"a\"], "
        "\"from\": [\"any\"], \"requirement\": \"mandatory\", \"kind\": \"listen\", "
        "\"description\": \"XML/SOAP from CTS-Manager to coordinate meeting schedule and "
        "operational status with every endpoint of the deployment\", \"ref\": \"W2\"},\n"
        "  {\"id\": \"debug\", \"proto\": \"tcp\", \"ports\": \"9999\", \"roles\": [\"a\"], "
        "\"from\": [], \"requirement\": \"optional\", \"kind\": \"listen\", "
        "\"description\": \"Debug port (never to be reached)\", \"ref\": \"W3\"},\n"
        "  {\"id\": \"media\", \"proto\": \"udp\", \"ports\": \"30000-30999\", "
        "\"roles\": [\"a\"], \"from\": [], \"requirement\": \"mandatory\", "
        "\"kind\": \"dynamic\", \"description\": \"Internal media\", \"ref\": \"W4\"}\n"
        " ],\n"
        " \"alternatives\": [], \"errata\": [], \"excluded\": []}\n";

/* Descriptions whole or cut between words with "...", never inside one at the
 * first ',' (issue 16); services no zone may reach say so, with no requirement. */
START_TEST(test_detail_words)
{
	static const struct afx_host hosts[] = {{"ha", HA, "a"}};
	struct pp_plan_opts o = {.sweep = PP_SWEEP_NONE};
	struct pp_result *r = pp_result_new();
	struct pp_host_result *h = pp_result_host4(r, HA);
	const struct pp_port_result *p;
	pp_deploy *d;
	pp_plan *pl;
	char err[256];

	h->other_tcp = PP_STATE_CLOSED;
	h->other_udp = PP_STATE_CLOSED;
	d = afx_deploy(profile_words, "any", NULL, 0, hosts, 1);
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_score_judge(pl, r, NULL, NULL, err, sizeof(err)), 0);
	/* Over 100 bytes: cut at the end of a sentence, the dots after it. */
	p = port(r, HA, PP_PROTO_TCP, 22);
	ck_assert_ptr_nonnull(strstr(p->detail, "tcp/22 (CTS-Manager administrative CLI, over "
	                                        "SSH..., recommended) is closed on ha"));
	/* No sentence ends in time: at the last word that fits. */
	p = port(r, HA, PP_PROTO_TCP, 8081);
	ck_assert_ptr_nonnull(strstr(p->detail, "(XML/SOAP from CTS-Manager to coordinate meeting "
	                                        "schedule and operational status with every "
	                                        "endpoint..., mandatory) is closed"));
	/* Short: whole, parentheses and all. */
	p = port(r, HA, PP_PROTO_TCP, 9999);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_UNFILTERED);
	ck_assert_ptr_nonnull(strstr(p->detail, "tcp/9999 (Debug port (never to be reached), must "
	                                        "be filtered from every zone) is closed, not"));
	ck_assert_ptr_null(strstr(p->detail, "optional"));
	p = port(r, HA, PP_PROTO_UDP, 30000);
	ck_assert_ptr_nonnull(strstr(p->detail, "(Internal media, range 30000-30999, must be "
	                                        "filtered from every zone)"));
	pp_result_free(r);
	pp_plan_free(pl);
	pp_deploy_free(d);
}
END_TEST

START_TEST(test_score_formula)
{
	const struct pp_host_result *h;
	struct pp_role_score *roles;
	struct pp_score_findings f;
	struct pp_result *r;
	pp_deploy *d;
	pp_plan *pl;
	size_t n;

	r = judged(&d, &pl);
	/*
	 * Host a, items: web 3 failed (8443 blocked, though 443 passes), api 2 failed,
	 * ssh 1 passed, db 3 failed (exposed), hb 3 passed, sip 3 passed (sip-tcp),
	 * rtp 3 passed (20000; the rest inconclusive), fixed 3 left out (inconclusive),
	 * tcp/3306 unexpected 3 failed: passed 1+3+3+3 = 10 of 3+2+1+3+3+3+3+3 = 21.
	 */
	h = pp_result_find_host4(r, HA);
	ck_assert(h->has_score);
	ck_assert_double_eq_tol(h->score, 100.0 * 10 / 21, 1e-9);
	/*
	 * Host b, role b (no api, no fixed): web 3 passed, ssh 1 failed, db 3 failed
	 * (unfiltered), hb 3 failed (unfiltered), sip 3 passed, rtp 3 passed:
	 * 9 of 16.
	 */
	h = pp_result_find_host4(r, HB);
	ck_assert_double_eq_tol(h->score, 100.0 * 9 / 16, 1e-9);
	ck_assert(r->has_score);
	ck_assert_double_eq_tol(r->score, 100.0 * 19 / 37, 1e-9);
	ck_assert_uint_eq(r->verdicts[PP_VERDICT_UNEXPECTED], 1);
	ck_assert_uint_eq(r->verdicts[PP_VERDICT_EXPOSED], 1);
	ck_assert_uint_eq(r->verdicts[PP_VERDICT_UNFILTERED], 2);
	/* Per role. */
	ck_assert_int_eq(pp_score_roles(r, &roles, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(roles[0].role, "a");
	ck_assert_uint_eq(roles[0].passed, 10);
	ck_assert_uint_eq(roles[0].evaluated, 21);
	ck_assert_str_eq(roles[1].profile, "t");
	ck_assert_double_eq_tol(roles[1].score, 100.0 * 9 / 16, 1e-9);
	free(roles);
	pp_score_findings(r, &f);
	ck_assert_uint_ge(f.high, 3); /* blocked mandatory, unexpected, exposed */
	ck_assert_uint_gt(f.mandatory_failed, 0);
	pp_result_free(r);
	pp_plan_free(pl);
	pp_deploy_free(d);
}
END_TEST

START_TEST(test_tally_from_ports)
{
	/* Only what the result keeps: what merge rescores. */
	struct pp_result *r = pp_result_new();
	struct pp_host_result *h = pp_result_host4(r, HA);
	struct pp_port_result *p;
	struct pp_score_findings f;

	p = pp_host_add_port(h, PP_PROTO_TCP, 1);
	p->verdict = PP_VERDICT_PASS, p->requirement = PP_REQ_MANDATORY, p->service = strdup("x");
	p = pp_host_add_port(h, PP_PROTO_TCP, 2);
	p->verdict = PP_VERDICT_MISSING, p->requirement = PP_REQ_RECOMMENDED;
	p->service = strdup("y");
	p = pp_host_add_port(h, PP_PROTO_UDP, 3);
	p->verdict = PP_VERDICT_INCONCLUSIVE, p->requirement = PP_REQ_MANDATORY;
	p->service = strdup("z");
	p = pp_host_add_port(h, PP_PROTO_TCP, 4);
	p->verdict = PP_VERDICT_BLOCKED, p->requirement = PP_RREQ_NONE, p->service = strdup("w");
	p = pp_host_add_port(h, PP_PROTO_TCP, 5);
	p->verdict = PP_VERDICT_UNEXPECTED, p->severity = PP_SEV_HIGH;
	p = pp_host_add_port(h, PP_PROTO_TCP, 6);
	p->verdict = PP_VERDICT_PASS, p->requirement = PP_REQ_OPTIONAL, p->service = strdup("v");
	pp_score_tally(r);
	/* passed 3 + 1 of 3 + 2 + 3 (unexpected) + 1. */
	ck_assert_double_eq_tol(r->hosts[0].score, 100.0 * 4 / 9, 1e-9);
	ck_assert_double_eq_tol(r->score, 100.0 * 4 / 9, 1e-9);
	pp_score_findings(r, &f);
	ck_assert_uint_eq(f.findings, 4);
	ck_assert_uint_eq(f.high, 1);
	ck_assert_uint_eq(f.mandatory_failed, 0);
	ck_assert_uint_eq(f.inconclusive, 1);

	/* Only inconclusive: no score at all. */
	pp_result_free(r);
	r = pp_result_new();
	h = pp_result_host4(r, HA);
	p = pp_host_add_port(h, PP_PROTO_UDP, 3);
	p->verdict = PP_VERDICT_INCONCLUSIVE, p->requirement = PP_REQ_MANDATORY;
	p->service = strdup("z");
	pp_score_tally(r);
	ck_assert(!r->hosts[0].has_score);
	ck_assert(!r->has_score);
	pp_result_free(r);
}
END_TEST

/* probed: every port; counts the calls for an IPv6 host. */
static int
count_v6(void *arg, const struct pp_addr *addr, unsigned proto, unsigned n)
{
	(void)proto;
	(void)n;
	*(unsigned *)arg += !pp_addr_is_v4(addr);
	return 1;
}

/* Host b at an IPv6 address is judged as it is at its IPv4 one: same verdicts,
 * same score, its name and role; it sorts after host a. */
START_TEST(test_judge_ipv6)
{
	static const struct afx_host hosts[] = {{"ha", HA, "a"}, {"hb", HB, "b"}};
	struct pp_plan_opts o = {.sweep = PP_SWEEP_NONE};
	struct pp_result *r4, *r6;
	struct pp_host_result *h;
	struct pp_addr b6;
	pp_deploy *d4, *d6;
	pp_plan *p4, *p6;
	unsigned calls = 0;
	char err[256], *json;
	size_t i;

	r4 = judged(&d4, &p4);
	ck_assert_int_eq(pp_addr_parse("2001:2::b", &b6), 0);
	d6 = afx_deploy(afx_profile_t, "any", NULL, 0, hosts, 2);
	d6->hosts[1].addr = b6;
	/* The observations of r4's host b, at the IPv6 address (written and read
	 * back: a host's address is not changed in place). */
	r6 = observed();
	pp_result_find_host4(r6, HB)->addr = b6;
	json = fx_json(r6);
	pp_result_free(r6);
	ck_assert_int_eq(pp_result_parse_json("r6", json, strlen(json), &r6, err, sizeof(err)), 0);
	free(json);
	ck_assert_ptr_nonnull(pp_result_find_host(r6, &b6));
	ck_assert_int_eq(pp_plan_build(d6, &o, &p6, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_score_judge(p6, r6, count_v6, &calls, err, sizeof(err)), 0);
	ck_assert_uint_gt(calls, 0);
	ck_assert_uint_eq(r6->nhosts, 2);
	ck_assert(pp_addr_is_v4(&r6->hosts[0].addr));
	ck_assert(pp_addr_eq(&r6->hosts[1].addr, &b6));
	ck_assert_str_eq(r6->hosts[1].name, "hb");
	ck_assert_str_eq(r6->hosts[1].role, "b");
	h = pp_result_find_host4(r4, HB);
	ck_assert_uint_eq(r6->hosts[1].nports, h->nports);
	for (i = 0; i < h->nports; i++) {
		ck_assert_uint_eq(r6->hosts[1].ports[i].port, h->ports[i].port);
		ck_assert_uint_eq(r6->hosts[1].ports[i].verdict, h->ports[i].verdict);
	}
	ck_assert_int_eq(r6->hosts[1].has_score, h->has_score);
	ck_assert(r6->hosts[1].score == h->score);
	ck_assert(r6->score == r4->score);
	pp_result_free(r4);
	pp_result_free(r6);
	pp_plan_free(p4);
	pp_plan_free(p6);
	pp_deploy_free(d4);
	pp_deploy_free(d6);
}
END_TEST

/* A shard probed only the even ports. */
static int
even(void *arg, const struct pp_addr *addr, unsigned proto, unsigned n)
{
	(void)arg;
	(void)addr;
	(void)proto;
	return n % 2 == 0;
}

START_TEST(test_shard)
{
	static const struct afx_host hosts[] = {{"ha", HA, "a"}};
	struct pp_plan_opts o = {.sweep = PP_SWEEP_NONE};
	struct pp_result *r = observed();
	pp_deploy *d;
	pp_plan *pl;
	char err[256];

	d = afx_deploy(afx_profile_t, "any", NULL, 0, hosts, 1);
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_score_judge(pl, r, even, NULL, err, sizeof(err)), 0);
	ck_assert_uint_eq(port(r, HA, PP_PROTO_TCP, 8440)->verdict, PP_VERDICT_MISSING);
	ck_assert_ptr_null(port(r, HA, PP_PROTO_UDP, 8091)); /* odd: not probed here */
	ck_assert_ptr_null(port(r, HA, PP_PROTO_UDP, 20999));
	pp_result_free(r);
	pp_plan_free(pl);
	pp_deploy_free(d);
}
END_TEST

/* --- sharded audits: the scorer on each shard, then merge, equals one run --- */

struct shard_of {
	unsigned k, n;
};

/* Shard k of n probes the (host, port) pairs that hash to it. */
static int
in_shard(void *arg, const struct pp_addr *addr, unsigned proto, unsigned n)
{
	const struct shard_of *s = arg;

	return (pp_addr_v4(addr) + proto * 7 + n * 3) % s->n == s->k - 1;
}

/* Alternatives "sip" split every way: ha's group passes on sip-tls while sip-udp
 * is missing and sip-tcp blocked; hb's group fails (sip-udp gets no answer, sip-tcp
 * missing, sip-tls blocked). */
static struct pp_result *
observed_sip(void)
{
	struct pp_result *r = observed();

	struct pp_port_result *p;

	p = pp_host_find_port(pp_result_find_host4(r, HA), PP_PROTO_TCP, 5060);
	p->state = PP_STATE_FILTERED;
	p->reason = PP_REASON_NO_RESPONSE;
	p = pp_host_find_port(pp_result_find_host4(r, HB), PP_PROTO_UDP, 5060);
	p->state = PP_STATE_OPEN_FILTERED;
	p->reason = PP_REASON_NO_RESPONSE;
	listed(r, HA, PP_PROTO_TCP, 5061, PP_STATE_OPEN, PP_REASON_SYN_ACK);
	listed(r, HA, PP_PROTO_UDP, 5060, PP_STATE_CLOSED, PP_REASON_ICMP_UNREACH);
	listed(r, HB, PP_PROTO_TCP, 5060, PP_STATE_CLOSED, PP_REASON_RST);
	pp_result_sort(r);
	return r;
}

/* Shard s of what the engine saw: the listed ports it probed, and the same
 * "other" (so the join of the shards lists what one run lists, byte for byte). */
static struct pp_result *
engine_shard(const struct pp_result *whole, struct shard_of *s)
{
	struct pp_result *r = pp_result_new();
	struct pp_host_result *h;
	size_t i, j;

	r->shard_k = s->k;
	r->shard_n = s->n;
	for (i = 0; i < whole->nhosts; i++) {
		const struct pp_host_result *w = &whole->hosts[i];
		h = pp_result_host(r, &w->addr);
		h->other_tcp = w->other_tcp;
		h->other_udp = w->other_udp;
		for (j = 0; j < w->nports; j++)
			if (in_shard(s, &w->addr, w->ports[j].proto, w->ports[j].port))
				listed(r, pp_addr_v4(&w->addr), w->ports[j].proto, w->ports[j].port,
				       w->ports[j].state, w->ports[j].reason);
	}
	pp_result_sort(r);
	return r;
}

/* Equal texts, or a failure quoting the first line that differs. */
static void
first_difference(unsigned n, const char *got, const char *want)
{
	size_t i = 0, start = 0;

	for (; got[i] != '\0' && got[i] == want[i]; i++)
		if (got[i] == '\n')
			start = i + 1;
	ck_assert_msg(got[i] == want[i], "%u shards: got '%.200s', want '%.200s'", n, got + start,
	              want + start);
}

START_TEST(test_shards_merge)
{
	static const struct afx_host hosts[] = {{"ha", HA, "a"}, {"hb", HB, "b"}};
	static const char *const tls[] = {"tls"};
	static const char *const names[] = {"s1", "s2", "s3", "s4", "s5"};
	struct pp_plan_opts o = {.sweep = PP_SWEEP_NONE};
	struct pp_result *seen = observed_sip(), *whole = observed_sip(), *in[5], *m;
	const struct pp_port_result *p;
	struct shard_of sh[5];
	char err[256], warn[256], *a, *b;
	unsigned n, k;
	pp_deploy *d;
	pp_plan *pl;

	d = afx_deploy(afx_profile_t, "any", tls, 1, hosts, 2);
	ck_assert_int_eq(pp_plan_build(d, &o, &pl, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_score_judge(pl, whole, NULL, NULL, err, sizeof(err)), 0);
	a = fx_json(whole);
	for (n = 1; n <= 5; n++) {
		for (k = 1; k <= n; k++) {
			sh[k - 1].k = k;
			sh[k - 1].n = n;
			in[k - 1] = engine_shard(seen, &sh[k - 1]);
			ck_assert_int_eq(pp_score_judge(pl, in[k - 1], n > 1 ? in_shard : NULL,
			                                &sh[k - 1], err, sizeof(err)),
			                 0);
		}
		ck_assert_int_eq(
		        pp_result_merge(in, names, n, &m, err, sizeof(err), warn, sizeof(warn)), 0);
		ck_assert_str_eq(warn, "");
		b = fx_json(m);
		first_difference(n, b, a);
		free(b);
		pp_result_free(m);
		for (k = 0; k < n; k++)
			pp_result_free(in[k]);
	}
	/* The groups as one run resolves them. */
	p = port(whole, HA, PP_PROTO_TCP, 5061);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_PASS);
	ck_assert_uint_eq(p->requirement, PP_REQ_MANDATORY);
	ck_assert_str_eq(p->alternative, "sip");
	p = port(whole, HA, PP_PROTO_TCP, 5060);
	ck_assert_uint_eq(p->severity, PP_SEV_INFO);
	ck_assert_uint_eq(p->requirement, PP_RREQ_NONE);
	ck_assert_ptr_nonnull(strstr(p->detail, "T1 sip); not counted: alternatives 'sip' need "
	                                        "one member, and sip-tls passes"));
	p = port(whole, HB, PP_PROTO_TCP, 5060); /* the first failed member counts */
	ck_assert_uint_eq(p->verdict, PP_VERDICT_MISSING);
	ck_assert_uint_eq(p->requirement, PP_REQ_MANDATORY);
	p = port(whole, HB, PP_PROTO_TCP, 5061); /* failed too: the group's severity */
	ck_assert_uint_eq(p->verdict, PP_VERDICT_BLOCKED);
	ck_assert_uint_eq(p->severity, PP_SEV_HIGH);
	ck_assert_uint_eq(p->requirement, PP_RREQ_NONE);
	ck_assert_ptr_null(strstr(p->detail, "not counted"));
	free(a);
	pp_result_free(seen);
	pp_result_free(whole);
	pp_plan_free(pl);
	pp_deploy_free(d);
}
END_TEST

static Suite *
score_suite(void)
{
	Suite *s = suite_create("score");
	TCase *tc = tcase_create("score");

	tcase_add_test(tc, test_verdict_table);
	tcase_add_test(tc, test_severities);
	tcase_add_test(tc, test_judge);
	tcase_add_test(tc, test_judge_ipv6);
	tcase_add_test(tc, test_listener_check);
	tcase_add_test(tc, test_cert_expiry);
	tcase_add_test(tc, test_detail_words);
	tcase_add_test(tc, test_alternatives);
	tcase_add_test(tc, test_alternatives_fail);
	tcase_add_test(tc, test_score_formula);
	tcase_add_test(tc, test_tally_from_ports);
	tcase_add_test(tc, test_shard);
	tcase_add_test(tc, test_shards_merge);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(score_suite());
}
