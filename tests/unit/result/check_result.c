/*
 * Unit tests of the result model: building hosts and ports, the hash index that
 * finds hosts, the canonical sort and verdict recount, and every name table read
 * both ways (so the JSON writer and reader cannot disagree).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "pp_result.h"
#include "result/result_int.h"
#include "runner.h"

/* The engine's append, with an IPv4 address in host order. */
static struct pp_host_result *
append4(struct pp_result *r, uint32_t a)
{
	struct pp_addr x = pp_addr_from_v4(a);

	return pp__result_append_host(r, &x);
}

START_TEST(test_new_defaults)
{
	struct pp_result *r = pp_result_new();

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->complete, 1);
	ck_assert_uint_eq(r->shard_k, 1);
	ck_assert_uint_eq(r->shard_n, 1);
	ck_assert_uint_eq(r->nhosts, 0);
	pp_result_free(r);
	pp_result_free(NULL);
}
END_TEST

START_TEST(test_hosts_found_again)
{
	struct pp_result *r = pp_result_new();
	struct pp_host_result *h;
	uint32_t a;

	/* Enough hosts to grow both the array and the index several times. */
	for (a = 0; a < 5000; a++) {
		h = pp_result_host4(r, 0xc6120000u + a * 7919u);
		ck_assert_ptr_nonnull(h);
		ck_assert_uint_eq(pp_addr_v4(&h->addr), 0xc6120000u + a * 7919u);
	}
	ck_assert_uint_eq(r->nhosts, 5000);
	for (a = 0; a < 5000; a++) {
		h = pp_result_host4(r, 0xc6120000u + a * 7919u);
		ck_assert_uint_eq(pp_addr_v4(&h->addr), 0xc6120000u + a * 7919u);
	}
	ck_assert_uint_eq(r->nhosts, 5000);
	ck_assert_ptr_null(pp_result_find_host4(r, 1));
	pp_result_free(r);
}
END_TEST

START_TEST(test_sort_and_recount)
{
	struct pp_result *r = pp_result_new();
	struct pp_host_result *h;
	struct pp_port_result *p;

	h = pp_result_host4(r, 0xc612010c);
	p = pp_host_add_port(h, PP_PROTO_UDP, 53);
	p->verdict = PP_VERDICT_PASS;
	p = pp_host_add_port(h, PP_PROTO_TCP, 8440);
	p->verdict = PP_VERDICT_MISSING;
	p = pp_host_add_port(h, PP_PROTO_TCP, 22);
	p->verdict = PP_VERDICT_PASS;
	p->service = strdup("ssh");
	h = pp_result_host4(r, 0xc612010a);
	p = pp_host_add_port(h, PP_PROTO_TCP, 443);
	p->verdict = PP_VERDICT_UNEXPECTED;
	r->verdicts[PP_VERDICT_BLOCKED] = 9; /* stale: the recount must clear it */

	pp_result_sort(r);
	ck_assert_uint_eq(pp_addr_v4(&r->hosts[0].addr), 0xc612010a);
	ck_assert_uint_eq(pp_addr_v4(&r->hosts[1].addr), 0xc612010c);
	h = &r->hosts[1];
	ck_assert_uint_eq(h->ports[0].proto, PP_PROTO_TCP);
	ck_assert_uint_eq(h->ports[0].port, 22);
	ck_assert_str_eq(h->ports[0].service, "ssh");
	ck_assert_uint_eq(h->ports[1].port, 8440);
	ck_assert_uint_eq(h->ports[2].proto, PP_PROTO_UDP);
	ck_assert_uint_eq(r->verdicts[PP_VERDICT_PASS], 2);
	ck_assert_uint_eq(r->verdicts[PP_VERDICT_MISSING], 1);
	ck_assert_uint_eq(r->verdicts[PP_VERDICT_UNEXPECTED], 1);
	ck_assert_uint_eq(r->verdicts[PP_VERDICT_BLOCKED], 0);
	/* The index follows the new order. */
	ck_assert_ptr_eq(pp_result_host4(r, 0xc612010c), &r->hosts[1]);
	ck_assert_ptr_eq(pp_result_find_host4(r, 0xc612010a), &r->hosts[0]);
	ck_assert_ptr_eq(pp_host_find_port(&r->hosts[1], PP_PROTO_UDP, 53), &r->hosts[1].ports[2]);
	ck_assert_ptr_null(pp_host_find_port(&r->hosts[1], PP_PROTO_UDP, 22));
	pp_result_free(r);
}
END_TEST

/* The engine's way: hosts appended in order, indexed once at the end. */
START_TEST(test_append_then_index)
{
	struct pp_result *r = pp_result_new();
	struct pp_host_result *h;
	uint32_t a;

	h = pp_result_host4(r, 5); /* an index from before is dropped, not left stale */
	for (a = 10; a < 5010; a++) {
		h = append4(r, a * 3);
		ck_assert_ptr_nonnull(h);
		ck_assert_uint_eq(h->nports, 0);
		ck_assert_ptr_null(h->name);
	}
	ck_assert_uint_eq(r->nhosts, 5001);
	/* Before the index, lookups are linear but right. */
	ck_assert_ptr_eq(pp_result_find_host4(r, 30), &r->hosts[1]);
	ck_assert_ptr_null(pp_result_find_host4(r, 31));
	ck_assert_int_eq(pp__result_index(r), 0);
	ck_assert_ptr_nonnull(r->hidx);
	ck_assert_uint_ge(r->hidx_cap, 2 * r->nhosts);
	for (a = 10; a < 5010; a++)
		ck_assert_ptr_eq(pp_result_find_host4(r, a * 3), &r->hosts[a - 9]);
	ck_assert_ptr_eq(pp_result_find_host4(r, 5), &r->hosts[0]);
	ck_assert_ptr_null(pp_result_find_host4(r, 31));
	/* In order already: the sort moves nothing and the index still holds. */
	pp_result_sort(r);
	ck_assert_uint_eq(pp_addr_v4(&r->hosts[0].addr), 5);
	ck_assert_uint_eq(pp_addr_v4(&r->hosts[5000].addr), 5009 * 3);
	ck_assert_ptr_eq(pp_result_find_host4(r, 6000), &r->hosts[1991]);
	/* A new host after them goes through the index as before. */
	h = pp_result_host4(r, 2);
	ck_assert_ptr_eq(h, &r->hosts[5001]);
	ck_assert_ptr_eq(pp_result_host4(r, 2), h);
	pp_result_sort(r);
	ck_assert_uint_eq(pp_addr_v4(&r->hosts[0].addr), 2);
	ck_assert_ptr_eq(pp_result_find_host4(r, 2), &r->hosts[0]);
	ck_assert_ptr_eq(pp_result_find_host4(r, 5009 * 3), &r->hosts[5001]);
	pp_result_free(r);
}
END_TEST

/* Sorted input stays as it is; equal keys go through qsort as they always did. */
START_TEST(test_sort_in_order_and_equal)
{
	struct pp_result *r = pp_result_new();
	struct pp_host_result *h;
	struct pp_port_result *p;

	h = append4(r, 1);
	pp_host_add_port(h, PP_PROTO_TCP, 1)->verdict = PP_VERDICT_PASS;
	pp_host_add_port(h, PP_PROTO_TCP, 2)->verdict = PP_VERDICT_PASS;
	pp_host_add_port(h, PP_PROTO_UDP, 1)->verdict = PP_VERDICT_EXPOSED;
	h = append4(r, 2);
	p = pp_host_add_port(h, PP_PROTO_UDP, 7);
	p->service = strdup("b");
	p = pp_host_add_port(h, PP_PROTO_TCP, 7);
	p = pp_host_add_port(h, PP_PROTO_UDP, 7); /* the same port twice */
	p->service = strdup("a");
	ck_assert_int_eq(pp__result_index(r), 0);
	pp_result_sort(r);
	ck_assert_uint_eq(r->hosts[0].ports[0].port, 1);
	ck_assert_uint_eq(r->hosts[0].ports[1].port, 2);
	ck_assert_uint_eq(r->hosts[0].ports[2].proto, PP_PROTO_UDP);
	ck_assert_uint_eq(r->verdicts[PP_VERDICT_PASS], 2);
	ck_assert_uint_eq(r->verdicts[PP_VERDICT_EXPOSED], 1);
	ck_assert_uint_eq(r->verdicts[PP_VERDICT_NONE], 3);
	h = &r->hosts[1];
	ck_assert_uint_eq(h->ports[0].proto, PP_PROTO_TCP);
	ck_assert_uint_eq(h->ports[1].proto, PP_PROTO_UDP);
	ck_assert_uint_eq(h->ports[2].proto, PP_PROTO_UDP);
	pp_result_free(r);
}
END_TEST

START_TEST(test_state_names)
{
	static const char *const names[] = {"open", "closed", "filtered", "open|filtered"};
	size_t i;

	for (i = 0; i < 4; i++) {
		ck_assert_str_eq(pp_state_name((unsigned)i + 1), names[i]);
		ck_assert_int_eq(pp_state_parse(names[i]), (int)i + 1);
	}
	ck_assert_int_eq(pp_state_parse("open|closed"), -1);
	ck_assert_int_eq(pp_state_parse("OPEN"), -1);
	ck_assert_int_eq(pp_state_parse(NULL), -1);
	ck_assert_str_eq(pp_state_name(99), "unknown");
}
END_TEST

START_TEST(test_reason_names)
{
	char buf[32];
	unsigned code = 99;

	ck_assert_str_eq(pp_reason_name(PP_REASON_SYN_ACK, 0, buf, sizeof(buf)), "syn-ack");
	ck_assert_str_eq(pp_reason_name(PP_REASON_RST, 0, buf, sizeof(buf)), "rst");
	ck_assert_str_eq(pp_reason_name(PP_REASON_UDP_RESPONSE, 0, buf, sizeof(buf)),
	                 "udp-response");
	ck_assert_str_eq(pp_reason_name(PP_REASON_ICMP_UNREACH, 3, buf, sizeof(buf)),
	                 "icmp-port-unreach");
	ck_assert_str_eq(pp_reason_name(PP_REASON_ICMP_UNREACH, 13, buf, sizeof(buf)),
	                 "icmp-admin-prohibited");
	ck_assert_str_eq(pp_reason_name(PP_REASON_ICMP_UNREACH, 10, buf, sizeof(buf)),
	                 "icmp-unreach-10");
	ck_assert_str_eq(pp_reason_name(PP_REASON_NO_RESPONSE, 0, NULL, 0), "no-response");
	ck_assert_str_eq(pp_reason_name(PP_REASON_ICMP6_UNREACH, 3, buf, sizeof(buf)),
	                 "icmp6-unreach-3");
	ck_assert_str_eq(pp_reason_name(PP_REASON_ICMP6_UNREACH, 0, buf, sizeof(buf)),
	                 "icmp6-unreach-0");
	ck_assert(pp_reason_is_icmp(PP_REASON_ICMP6_UNREACH));
	ck_assert(pp_reason_is_icmp(PP_REASON_ICMP_UNREACH));
	ck_assert(!pp_reason_is_icmp(PP_REASON_NO_RESPONSE));

	ck_assert_int_eq(pp_reason_parse("icmp-port-unreach", &code), PP_REASON_ICMP_UNREACH);
	ck_assert_uint_eq(code, 3);
	ck_assert_int_eq(pp_reason_parse("icmp-admin-prohibited", &code), PP_REASON_ICMP_UNREACH);
	ck_assert_uint_eq(code, 13);
	ck_assert_int_eq(pp_reason_parse("icmp-unreach-9", &code), PP_REASON_ICMP_UNREACH);
	ck_assert_uint_eq(code, 9);
	ck_assert_int_eq(pp_reason_parse("icmp-unreach-0", &code), PP_REASON_ICMP_UNREACH);
	ck_assert_uint_eq(code, 0);
	ck_assert_int_eq(pp_reason_parse("icmp6-unreach-6", &code), PP_REASON_ICMP6_UNREACH);
	ck_assert_uint_eq(code, 6);
	ck_assert_int_eq(pp_reason_parse("icmp6-unreach-0", &code), PP_REASON_ICMP6_UNREACH);
	ck_assert_uint_eq(code, 0);
	ck_assert_int_eq(pp_reason_parse("icmp6-unreach-", &code), -1);
	ck_assert_int_eq(pp_reason_parse("icmp6-unreach-03", &code), -1);
	ck_assert_int_eq(pp_reason_parse("icmp6-unreach-256", &code), -1);
	ck_assert_int_eq(pp_reason_parse("syn-ack", &code), PP_REASON_SYN_ACK);
	ck_assert_int_eq(pp_reason_parse("no-response", NULL), PP_REASON_NO_RESPONSE);
	ck_assert_int_eq(pp_reason_parse("icmp-unreach-256", &code), -1);
	ck_assert_int_eq(pp_reason_parse("icmp-unreach-", &code), -1);
	ck_assert_int_eq(pp_reason_parse("icmp-unreach-01", &code), -1);
	ck_assert_int_eq(pp_reason_parse("icmp-unreach-3x", &code), -1);
	ck_assert_int_eq(pp_reason_parse("syn", &code), -1);
}
END_TEST

START_TEST(test_verdict_severity_proto_names)
{
	static const char *const v[] = {"pass",       "missing",    "blocked",     "exposed",
	                                "unfiltered", "unexpected", "inconclusive"};
	static const char *const s[] = {"none", "info", "low", "medium", "high"};
	size_t i;

	for (i = 0; i < 7; i++) {
		ck_assert_str_eq(pp_verdict_name((unsigned)i + 1), v[i]);
		ck_assert_int_eq(pp_verdict_parse(v[i]), (int)i + 1);
	}
	ck_assert_int_eq(pp_verdict_parse("fail"), -1);
	for (i = 0; i < 5; i++) {
		ck_assert_str_eq(pp_severity_name((unsigned)i), s[i]);
		ck_assert_int_eq(pp_severity_parse(s[i]), (int)i);
	}
	ck_assert_int_eq(pp_severity_parse("critical"), -1);
	ck_assert_str_eq(pp_result_req_name(PP_RREQ_MANDATORY), "mandatory");
	ck_assert_str_eq(pp_result_req_name(PP_RREQ_OPTIONAL), "optional");
	ck_assert_int_eq(pp_result_req_parse("recommended"), PP_RREQ_RECOMMENDED);
	ck_assert_int_eq(pp_result_req_parse("required"), -1);
	ck_assert_str_eq(pp_proto_name(PP_PROTO_TCP), "tcp");
	ck_assert_str_eq(pp_proto_name(PP_PROTO_UDP), "udp");
	ck_assert_int_eq(pp_proto_parse("udp"), PP_PROTO_UDP);
	ck_assert_int_eq(pp_proto_parse("sctp"), -1);
}
END_TEST

static Suite *
result_suite(void)
{
	Suite *s = suite_create("result");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_new_defaults);
	tcase_add_test(tc, test_hosts_found_again);
	tcase_add_test(tc, test_sort_and_recount);
	tcase_add_test(tc, test_append_then_index);
	tcase_add_test(tc, test_sort_in_order_and_equal);
	tcase_add_test(tc, test_state_names);
	tcase_add_test(tc, test_reason_names);
	tcase_add_test(tc, test_verdict_severity_proto_names);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(result_suite());
}
