/*
 * Results with IPv6 hosts next to IPv4 ones (issue 18): the JSON writes each
 * address as RFC 5952 text and reads every spelling back to it, the hosts sort
 * IPv4 before IPv6 (each by address, not by text), merge joins IPv6 hosts across
 * vantages, diff sees one added, and every report format and diff rendering names
 * them in that order (nmap XML with addrtype="ipv6").
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "result_fixture.h"
#include "runner.h"

static struct pp_host_result *
host6(struct pp_result *r, const char *text)
{
	struct pp_addr a;

	ck_assert_int_eq(pp_addr_parse(text, &a), 0);
	return pp_result_host(r, &a);
}

/* fx_audit with two IPv6 hosts added before it is sorted: 2001:2::10 and 2001:2::a. */
static struct pp_result *
audit6(void)
{
	struct pp_result *r = fx_audit();
	struct pp_host_result *h;

	h = host6(r, "2001:2::10");
	h->name = strdup("ms-v6-b");
	h->profile = strdup("cisco-mediasense");
	h->role = strdup("expansion");
	h->other_tcp = PP_STATE_CLOSED;
	fx_port(h, PP_PROTO_TCP, 8443, PP_STATE_OPEN, PP_REASON_SYN_ACK, PP_VERDICT_EXPOSED,
	        PP_SEV_HIGH, PP_RREQ_MANDATORY, "cluster-https", "Table 2, HTTPS TCP 8443",
	        "tcp/8443 (cluster HTTPS, cluster only) is open from vantage any: filter it");
	h = host6(r, "2001:2:0:0::a");
	h->name = strdup("ms-v6-a");
	h->profile = strdup("cisco-mediasense");
	h->role = strdup("primary");
	h->other_tcp = PP_STATE_CLOSED;
	fx_port(h, PP_PROTO_TCP, 22, PP_STATE_OPEN, PP_REASON_SYN_ACK, PP_VERDICT_PASS, PP_SEV_NONE,
	        PP_RREQ_MANDATORY, "ssh", "Table 1, SSH TCP 22", NULL);
	pp_result_sort(r);
	return r;
}

/* The hosts in address order: the two IPv4 ones, then ::a before ::10. */
static void
assert_order(const struct pp_result *r)
{
	static const char *const want[] = {"198.18.1.10", "198.18.1.12", "2001:2::a", "2001:2::10"};
	char buf[PP_ADDR_STRLEN];
	size_t i;

	ck_assert_uint_eq(r->nhosts, 4);
	for (i = 0; i < 4; i++)
		ck_assert_str_eq(pp_addr_str(&r->hosts[i].addr, buf, sizeof(buf)), want[i]);
}

/* a, b, c ... appear in s in that order (each at its first place after the last). */
static void
assert_in_order(const char *s, const char *const *what, size_t n, const char *format)
{
	const char *at = s, *p;
	size_t i;

	for (i = 0; i < n; i++) {
		p = strstr(at, what[i]);
		ck_assert_msg(p != NULL, "%s: '%s' missing or out of order", format, what[i]);
		at = p + strlen(what[i]);
	}
}

START_TEST(test_sort_and_find)
{
	struct pp_result *r = audit6();
	struct pp_addr a;

	assert_order(r);
	ck_assert_int_eq(pp_addr_parse("2001:2::0:10", &a), 0);
	ck_assert_ptr_eq(pp_result_find_host(r, &a), &r->hosts[3]);
	/* The same last 32 bits as an IPv4 host: another host. */
	ck_assert_int_eq(pp_addr_parse("::c612:10a", &a), 0);
	ck_assert_ptr_null(pp_result_find_host(r, &a));
	ck_assert_ptr_eq(pp_result_find_host4(r, 0xc612010a), &r->hosts[0]);
	pp_result_free(r);
}
END_TEST

START_TEST(test_json_round_trip)
{
	struct pp_result *r = audit6(), *back;
	char *one, *two, err[256];

	one = fx_json(r);
	ck_assert_ptr_nonnull(strstr(one, "\"address\": \"2001:2::a\""));
	ck_assert_ptr_nonnull(strstr(one, "\"address\": \"198.18.1.10\""));
	ck_assert_int_eq(pp_result_parse_json("t.json", one, strlen(one), &back, err, sizeof(err)),
	                 0);
	assert_order(back);
	two = fx_json(back);
	ck_assert_str_eq(two, one);
	free(two);
	pp_result_free(back);
	free(one);
	pp_result_free(r);
}
END_TEST

/* Another spelling reads back to the address, written in RFC 5952 form. */
START_TEST(test_json_spellings)
{
	static const char text[] =
	        "{\"schema\": \"portproof-result/1\", \"tool\": {\"name\": \"portproof\", "
	        "\"version\": \"0.1.0\"},\n \"scan\": {\"started\": \"2026-11-21T23:15:03Z\", "
	        "\"finished\": \"2026-11-21T23:15:04Z\", \"complete\": true, \"rate\": 1, "
	        "\"sent\": "
	        "1, \"received\": 1, \"shard\": \"1/1\", \"args\": []},\n \"hosts\": [\n"
	        "  {\"address\": \"2001:0002:0000::000A\", \"ports\": []},\n"
	        "  {\"address\": \"198.18.0.9\", \"ports\": []}]}\n";
	struct pp_result *r;
	char err[256], *s;

	ck_assert_msg(pp_result_parse_json("t.json", text, strlen(text), &r, err, sizeof(err)) == 0,
	              "%s", err);
	ck_assert(pp_addr_is_v4(&r->hosts[0].addr));
	s = fx_json(r);
	assert_in_order(s, (const char *const[]){"\"198.18.0.9\"", "\"2001:2::a\""}, 2, "json");
	free(s);
	pp_result_free(r);
}
END_TEST

/* What the reader refuses, at the address's position. */
START_TEST(test_json_bad)
{
	static const struct {
		const char *addr, *says;
	} cases[] = {
	        {"2001:2::1::2", "expected an IPv4 or IPv6 address, got \"2001:2::1::2\""},
	        {"fe80::1%eth0", "a scoped address needs an interface, got \"fe80::1%eth0\""},
	        {"[2001:2::1]", "expected an IPv4 or IPv6 address"},
	        {"2001:2::/64", "expected an IPv4 or IPv6 address"},
	};
	char text[1024], err[256];
	struct pp_result *r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(
		        text, sizeof(text),
		        "{\"schema\": \"portproof-result/1\", \"tool\": {\"name\": \"portproof\", "
		        "\"version\": \"0.1.0\"},\n \"scan\": {\"started\": "
		        "\"2026-11-21T23:15:03Z\", \"finished\": \"2026-11-21T23:15:04Z\", "
		        "\"complete\": true, \"rate\": 1, \"sent\": 1, \"received\": 1, \"shard\": "
		        "\"1/1\", \"args\": []},\n \"hosts\": [\n  {\"address\": \"%s\", "
		        "\"ports\": "
		        "[]}]}\n",
		        cases[i].addr);
		ck_assert_int_eq(
		        pp_result_parse_json("t.json", text, strlen(text), &r, err, sizeof(err)),
		        PP_ESCHEMA);
		ck_assert_msg(strstr(err, "t.json:4:15: ") == err, "%s", err);
		ck_assert_msg(strstr(err, cases[i].says) != NULL, "%s", err);
	}
	/* Two spellings of one address: a duplicate. */
	snprintf(text, sizeof(text),
	         "{\"schema\": \"portproof-result/1\", \"tool\": {\"name\": \"portproof\", "
	         "\"version\": \"0.1.0\"},\n \"scan\": {\"started\": \"2026-11-21T23:15:03Z\", "
	         "\"finished\": \"2026-11-21T23:15:04Z\", \"complete\": true, \"rate\": 1, "
	         "\"sent\": 1, \"received\": 1, \"shard\": \"1/1\", \"args\": []},\n \"hosts\": [\n"
	         "  {\"address\": \"2001:2::a\", \"ports\": []},\n"
	         "  {\"address\": \"2001:2:0::a\", \"ports\": []}]}\n");
	ck_assert_int_eq(pp_result_parse_json("t.json", text, strlen(text), &r, err, sizeof(err)),
	                 PP_ESCHEMA);
	ck_assert_msg(strstr(err, "t.json:5:15: duplicate host 2001:2:0::a") == err, "%s", err);
}
END_TEST

/* Every report format names every host, IPv4 before IPv6, ::a before ::10. */
START_TEST(test_reports)
{
	static const char *const formats[] = {"text", "json", "csv", "junit", "xml", "html"};
	static const char *const order[] = {"198.18.1.10", "198.18.1.12", "2001:2::a",
	                                    "2001:2::10"};
	struct pp_result *r = audit6();
	char *s;
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		s = fx_render(formats[i], r, NULL);
		assert_in_order(s, order, 4, formats[i]);
		free(s);
	}
	s = fx_render("xml", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, "<address addr=\"2001:2::a\" addrtype=\"ipv6\"/>"));
	ck_assert_ptr_nonnull(strstr(s, "<address addr=\"198.18.1.10\" addrtype=\"ipv4\"/>"));
	ck_assert_uint_eq(fx_count(s, "addrtype=\"ipv6\""), 2);
	free(s);
	s = fx_render("csv", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, "\n2001:2::10,"));
	free(s);
	pp_result_free(r);
}
END_TEST

/* ICMPv6's own reasons (icmp6-unreach-N) in every format, nmap's names in
 * XML, and back from JSON; admin prohibited is IPv4's. */
START_TEST(test_icmp6_reasons)
{
	static const char *const formats[] = {"text", "json", "csv", "junit", "html"};
	struct pp_result *r = pp_result_new(), *back;
	struct pp_host_result *h = host6(r, "2001:2::2");
	struct pp_port_result *p;
	char *s, *two, err[256];
	size_t i;

	h->other_tcp = PP_STATE_CLOSED;
	p = fx_port(h, PP_PROTO_TCP, 81, PP_STATE_FILTERED, PP_REASON_ICMP_UNREACH, 0, 0, 0, NULL,
	            NULL, NULL);
	p->icmp_code = 13;
	p = fx_port(h, PP_PROTO_TCP, 82, PP_STATE_FILTERED, PP_REASON_ICMP6_UNREACH, 0, 0, 0, NULL,
	            NULL, NULL);
	p->icmp_code = 3;
	p = fx_port(h, PP_PROTO_TCP, 83, PP_STATE_FILTERED, PP_REASON_ICMP6_UNREACH, 0, 0, 0, NULL,
	            NULL, NULL);
	p->icmp_code = 6;
	pp_result_sort(r);
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		s = fx_render(formats[i], r, NULL);
		ck_assert_msg(strstr(s, "icmp6-unreach-3") != NULL, "%s: %s", formats[i], s);
		ck_assert_msg(strstr(s, "icmp6-unreach-6") != NULL, "%s: %s", formats[i], s);
		ck_assert_msg(strstr(s, "icmp-admin-prohibited") != NULL, "%s: %s", formats[i], s);
		free(s);
	}
	s = fx_render("xml", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, "reason=\"host-unreach\""));
	ck_assert_ptr_nonnull(strstr(s, "reason=\"reject-route\""));
	ck_assert_ptr_nonnull(strstr(s, "reason=\"admin-prohibited\""));
	ck_assert_ptr_null(strstr(s, "icmp6-unreach"));
	free(s);
	s = fx_json(r);
	ck_assert_msg(pp_result_parse_json("t.json", s, strlen(s), &back, err, sizeof(err)) == 0,
	              "%s", err);
	ck_assert_uint_eq(back->hosts[0].ports[1].reason, PP_REASON_ICMP6_UNREACH);
	ck_assert_uint_eq(back->hosts[0].ports[1].icmp_code, 3);
	two = fx_json(back);
	ck_assert_str_eq(two, s);
	free(two);
	free(s);
	pp_result_free(back);
	pp_result_free(r);
}
END_TEST

/* The IPv4 hosts of a result render byte for byte as they did without IPv6
 * hosts beside them (the IPv6 ones only add). */
START_TEST(test_ipv4_unchanged)
{
	struct pp_result *r = fx_audit(), *r6 = audit6();
	char *s = fx_render("csv", r, NULL), *s6 = fx_render("csv", r6, NULL);

	ck_assert(strncmp(s6, s, strlen(s)) == 0);
	free(s);
	free(s6);
	pp_result_free(r);
	pp_result_free(r6);
}
END_TEST

START_TEST(test_merge_vantages)
{
	struct pp_result *in[2] = {audit6(), audit6()}, *m = NULL;
	const char *names[2] = {"any.json", "cluster.json"};
	char err[256], *s;
	size_t z;

	for (z = 0; z < 2; z++) {
		in[z]->vantage = strdup(z ? "cluster" : "any");
		in[z]->vantages = calloc(2, sizeof(*in[z]->vantages));
		in[z]->vantages[in[z]->nvantages++] = strdup("any");
		in[z]->vantages[in[z]->nvantages++] = strdup("cluster");
	}
	/* From the cluster, 2001:2::10 answers on 8443 and that is its zone: pass. */
	struct pp_port_result *p = pp_host_find_port(&in[1]->hosts[3], PP_PROTO_TCP, 8443);
	p->verdict = PP_VERDICT_PASS;
	p->severity = PP_SEV_NONE;
	ck_assert_msg(pp_result_merge(in, names, 2, &m, err, sizeof(err), NULL, 0) == 0, "%s", err);
	assert_order(m);
	ck_assert(pp_result_by_vantage(m));
	ck_assert_uint_eq(m->hosts[3].nports, 2); /* tcp/8443 from each zone */
	ck_assert_uint_eq(
	        pp_host_find_port_from(&m->hosts[3], PP_PROTO_TCP, 8443, "cluster")->verdict,
	        PP_VERDICT_PASS);
	ck_assert_uint_eq(pp_host_find_port_from(&m->hosts[3], PP_PROTO_TCP, 8443, "any")->verdict,
	                  PP_VERDICT_EXPOSED);
	s = fx_render("text", m, NULL);
	assert_in_order(s, (const char *const[]){"198.18.1.12", "2001:2::a", "2001:2::10"}, 3,
	                "merged text");
	free(s);
	pp_result_free(m);
	pp_result_free(in[0]);
	pp_result_free(in[1]);
}
END_TEST

START_TEST(test_diff)
{
	struct pp_result *old = fx_scan(), *new = fx_scan();
	struct pp_host_result *h;
	struct pp_diff *d;
	char buf[PP_ADDR_STRLEN], *s;
	static const char *const formats[] = {"text", "json", "html"};
	size_t i;

	h = host6(new, "2001:2::2");
	h->other_tcp = PP_STATE_CLOSED;
	fx_port(h, PP_PROTO_TCP, 22, PP_STATE_OPEN, PP_REASON_SYN_ACK, 0, 0, 0, NULL, NULL, NULL);
	h = host6(old, "2001:2::3"); /* gone from the new one */
	h->other_tcp = PP_STATE_CLOSED;
	fx_port(h, PP_PROTO_TCP, 80, PP_STATE_OPEN, PP_REASON_SYN_ACK, 0, 0, 0, NULL, NULL, NULL);
	pp_result_sort(old);
	pp_result_sort(new);
	ck_assert_int_eq(pp_diff_compute(old, new, &d), 0);
	ck_assert_uint_eq(d->nhosts, 2);
	ck_assert_str_eq(pp_addr_str(&d->hosts[0].addr, buf, sizeof(buf)), "2001:2::2");
	ck_assert_uint_eq(d->hosts[0].status, PP_DIFF_ADDED);
	ck_assert_str_eq(pp_addr_str(&d->hosts[1].addr, buf, sizeof(buf)), "2001:2::3");
	ck_assert_uint_eq(d->hosts[1].status, PP_DIFF_REMOVED);
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		s = fx_render_diff(formats[i], d);
		assert_in_order(s, (const char *const[]){"2001:2::2", "2001:2::3"}, 2, formats[i]);
		free(s);
	}
	pp_diff_free(d);
	pp_result_free(old);
	pp_result_free(new);
}
END_TEST

static Suite *
ipv6_suite(void)
{
	Suite *s = suite_create("result_ipv6");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sort_and_find);
	tcase_add_test(tc, test_json_round_trip);
	tcase_add_test(tc, test_json_spellings);
	tcase_add_test(tc, test_json_bad);
	tcase_add_test(tc, test_reports);
	tcase_add_test(tc, test_icmp6_reasons);
	tcase_add_test(tc, test_ipv4_unchanged);
	tcase_add_test(tc, test_merge_vantages);
	tcase_add_test(tc, test_diff);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(ipv6_suite());
}
