/*
 * Unit tests of the portproof-result/1 writer and reader: the exact bytes of a
 * plain scan, write -> read -> write giving the same bytes for a scan and an audit,
 * strings that need escaping, the summary's per-role scores, and every kind of bad
 * file rejected with the LINE:COLUMN of the value at fault.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "portproof.h"
#include "result_fixture.h"
#include "result/result_int.h"
#include "runner.h"

static const char scan_json[] =
        "{\n"
        "  \"schema\": \"portproof-result/1\",\n"
        "  \"tool\": {\"name\": \"portproof\", \"version\": \"0.1.0\"},\n"
        "  \"scan\": {\n"
        "    \"started\": \"2026-11-21T23:15:03Z\",\n"
        "    \"finished\": \"2026-11-21T23:15:04Z\",\n"
        "    \"complete\": true,\n"
        "    \"rate\": 10000,\n"
        "    \"sent\": 1030,\n"
        "    \"received\": 1024,\n"
        "    \"rejected\": 0,\n"
        "    \"shard\": \"1/1\",\n"
        "    \"args\": [\"scan\", \"-p\", \"T:1-1024,U:53\", \"198.18.0.2\"]\n"
        "  },\n"
        "  \"hosts\": [\n"
        "    {\n"
        "      \"address\": \"198.18.0.2\",\n"
        "      \"other\": {\"tcp\": \"closed\", \"udp\": null},\n"
        "      \"ports\": [\n"
        "        {\"proto\": \"tcp\", \"port\": 22, \"state\": \"open\", \"reason\": "
        "\"syn-ack\", \"rtt_us\": 222, \"ttl\": 64},\n"
        "        {\"proto\": \"tcp\", \"port\": 80, \"state\": \"open\", \"reason\": "
        "\"syn-ack\", \"rtt_us\": 280, \"ttl\": 64},\n"
        "        {\"proto\": \"tcp\", \"port\": 81, \"state\": \"filtered\", \"reason\": "
        "\"icmp-admin-prohibited\", \"rtt_us\": 0, \"ttl\": 0},\n"
        "        {\"proto\": \"udp\", \"port\": 53, \"state\": \"open\", \"reason\": "
        "\"udp-response\", \"rtt_us\": 0, \"ttl\": 0, \"probe\": \"dns\"}\n"
        "      ]\n"
        "    }\n"
        "  ],\n"
        "  \"summary\": {\"verdicts\": {\"pass\": 0, \"missing\": 0, \"blocked\": 0, "
        "\"exposed\": 0, \"unfiltered\": 0, \"unexpected\": 0, \"inconclusive\": 0, \"mismatch\": "
        "0}}\n"
        "}\n";

static void
round_trip(struct pp_result *r)
{
	struct pp_result *back;
	char *one, *two, err[256];

	one = fx_json(r);
	ck_assert_int_eq(pp_result_parse_json("t.json", one, strlen(one), &back, err, sizeof(err)),
	                 0);
	two = fx_json(back);
	ck_assert_str_eq(two, one);
	pp_result_free(back);
	free(one);
	free(two);
}

START_TEST(test_scan_bytes)
{
	struct pp_result *r = fx_scan();
	char *s = fx_json(r);

	ck_assert_str_eq(s, scan_json);
	free(s);
	pp_result_free(r);
}
END_TEST

START_TEST(test_round_trip)
{
	struct pp_result *r = fx_scan();

	round_trip(r);
	pp_result_free(r);
	r = fx_audit();
	round_trip(r);
	/* Partial, sharded, an odd ICMP code, no hosts at all. */
	r->complete = 0;
	r->shard_k = 2;
	r->shard_n = 3;
	r->hosts[0].ports[0].reason = PP_REASON_ICMP_UNREACH;
	r->hosts[0].ports[0].icmp_code = 10;
	r->hosts[1].has_score = 0;
	ck_assert_ptr_nonnull(r->hosts[0].ports[1].range = strdup("32768-61000"));
	round_trip(r);
	pp_result_free(r);
	r = pp_result_new();
	round_trip(r);
	pp_result_free(r);
}
END_TEST

/* scan.rate_reached and scan.paced_by: written when there, read back alike. */
START_TEST(test_pacing_round_trip)
{
	struct pp_result *r = fx_scan(), *back;
	char *s, err[256];

	r->rate_reached = 214208;
	r->npaced = 2;
	r->paced = calloc(2, sizeof(*r->paced));
	strcpy(r->paced[0].host, "198.18.1.2");
	r->paced[0].rate = 4900;
	strcpy(r->paced[1].host, "*");
	r->paced[1].rate = 120000;
	s = fx_json(r);
	ck_assert_ptr_nonnull(strstr(s, "\"rate_reached\": 214208,\n"));
	ck_assert_ptr_nonnull(strstr(s,
	                             "\"paced_by\": [{\"host\": \"198.18.1.2\", \"rate\": 4900}, "
	                             "{\"host\": \"*\", \"rate\": 120000}],\n"));
	ck_assert_int_eq(pp_result_parse_json("t.json", s, strlen(s), &back, err, sizeof(err)), 0);
	ck_assert_uint_eq(back->rate_reached, 214208);
	ck_assert_uint_eq(back->npaced, 2);
	ck_assert_str_eq(back->paced[0].host, "198.18.1.2");
	ck_assert_uint_eq(back->paced[1].rate, 120000);
	round_trip(r);
	pp_result_free(back);
	pp_result_free(r);
	free(s);
}
END_TEST

/* scan.method: written when known, read back; absent reads as not known. */
START_TEST(test_method_round_trip)
{
	struct pp_result *r = fx_scan(), *back;
	char *s, err[256];

	s = fx_json(r);
	ck_assert_ptr_null(strstr(s, "\"method\""));
	free(s);
	r->method = PP_METHOD_CONNECT;
	s = fx_json(r);
	ck_assert_ptr_nonnull(strstr(s, "\"method\": \"connect\",\n"));
	ck_assert_int_eq(pp_result_parse_json("t.json", s, strlen(s), &back, err, sizeof(err)), 0);
	ck_assert_uint_eq(back->method, PP_METHOD_CONNECT);
	round_trip(r);
	pp_result_free(back);
	free(s);
	r->method = PP_METHOD_RAW;
	round_trip(r);
	ck_assert_str_eq(pp_method_name(PP_METHOD_RAW), "raw");
	ck_assert_ptr_null(pp_method_name(PP_METHOD_NONE));
	ck_assert_int_eq(pp_method_parse("connect"), PP_METHOD_CONNECT);
	ck_assert_int_eq(pp_method_parse("syn"), -1);
	pp_result_free(r);
}
END_TEST

START_TEST(test_audit_values_read)
{
	struct pp_result *r = fx_audit(), *back;
	char *s = fx_json(r), err[256];
	const struct pp_port_result *p;

	ck_assert_int_eq(pp_result_parse_json("t.json", s, strlen(s), &back, err, sizeof(err)), 0);
	ck_assert_str_eq(back->deployment, "mediasense-lab");
	ck_assert_uint_eq(back->nhosts, 2);
	ck_assert_uint_eq(pp_addr_v4(&back->hosts[0].addr), 0xc612010a);
	ck_assert_str_eq(back->hosts[0].name, "ms-primary");
	ck_assert(back->hosts[0].has_score);
	ck_assert_double_eq_tol(back->hosts[0].score, 33.3, 1e-9);
	p = pp_host_find_port(&back->hosts[0], PP_PROTO_TCP, 8440);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->state, PP_STATE_FILTERED);
	ck_assert_uint_eq(p->verdict, PP_VERDICT_BLOCKED);
	ck_assert_uint_eq(p->severity, PP_SEV_HIGH);
	ck_assert_uint_eq(p->requirement, PP_RREQ_MANDATORY);
	ck_assert_str_eq(p->ref, "Table 1, HTTPS TCP 8440");
	ck_assert_ptr_null(p->range);
	ck_assert_uint_eq(back->verdicts[PP_VERDICT_PASS], 2);
	ck_assert_uint_eq(back->started, 1795302903);
	ck_assert_uint_eq(back->sent, 131080);
	ck_assert_uint_eq(back->nargs, 4);
	ck_assert_str_eq(back->args[3], "before.json");
	pp_result_free(back);
	pp_result_free(r);
	free(s);
}
END_TEST

START_TEST(test_escaping)
{
	struct pp_result *r = fx_audit(), *back;
	char *s, err[256];

	free(r->hosts[0].name);
	r->hosts[0].name =
	        strdup("a \"quoted\"\\ name\n\twith\x01 ctl, caf\xc3\xa9 and bad \xff\xfe");
	s = fx_json(r);
	ck_assert_ptr_nonnull(strstr(s, "\"a \\\"quoted\\\"\\\\ name\\n\\twith\\u0001 ctl, "
	                                "caf\xc3\xa9 and bad \xef\xbf\xbd\xef\xbf\xbd\""));
	ck_assert_int_eq(pp_result_parse_json("t.json", s, strlen(s), &back, err, sizeof(err)), 0);
	ck_assert_str_eq(back->hosts[0].name, "a \"quoted\"\\ name\n\twith\x01 ctl, caf\xc3\xa9 "
	                                      "and bad \xef\xbf\xbd\xef\xbf\xbd");
	round_trip(back);
	pp_result_free(back);
	pp_result_free(r);
	free(s);
}
END_TEST

START_TEST(test_times_and_offsets)
{
	static const char *const ok[] = {"2026-11-21T23:15:03Z", "2026-11-21T23:15:03.250Z",
	                                 "2026-11-22T00:15:03+01:00", "2026-11-21T22:15:03-01:00"};
	char text[1024], err[256];
	struct pp_result *r;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(text, sizeof(text),
		         "{\"schema\": \"portproof-result/1\", \"scan\": {\"started\": \"%s\", "
		         "\"finished\": \"%s\", \"complete\": false}, \"hosts\": []}",
		         ok[i], ok[i]);
		ck_assert_int_eq(
		        pp_result_parse_json("t", text, strlen(text), &r, err, sizeof(err)), 0);
		ck_assert_uint_eq(r->started, 1795302903);
		ck_assert_int_eq(r->complete, 0);
		pp_result_free(r);
	}
}
END_TEST

/* Optional keys left out read as their defaults (zero, none, unknown). */
START_TEST(test_defaults)
{
	static const char text[] =
	        "{\"schema\": \"portproof-result/1\", \"scan\": {\"started\": "
	        "\"2026-11-21T23:15:03Z\", \"finished\": \"2026-11-21T23:15:03Z\", \"complete\": "
	        "true}, \"hosts\": [{\"address\": \"10.0.0.1\", \"ports\": [{\"proto\": \"tcp\", "
	        "\"port\": 1, \"state\": \"open\"}, {\"proto\": \"udp\", \"port\": 2, \"state\": "
	        "\"closed\"}]}]}";
	struct pp_result *r;
	char err[256];
	size_t i;

	ck_assert_int_eq(pp_result_parse_json("t", text, strlen(text), &r, err, sizeof(err)), 0);
	ck_assert_uint_eq(r->hosts[0].nports, 2);
	for (i = 0; i < 2; i++) {
		const struct pp_port_result *p = &r->hosts[0].ports[i];
		ck_assert_uint_eq(p->rtt_us, 0);
		ck_assert_uint_eq(p->ttl, 0);
		ck_assert_uint_eq(p->reason, PP_REASON_NONE);
		ck_assert_uint_eq(p->verdict, PP_VERDICT_NONE);
		ck_assert_ptr_null(p->service);
	}
	ck_assert_uint_eq(r->hosts[0].other_tcp, PP_STATE_UNKNOWN);
	ck_assert_uint_eq(r->rate, 0);
	ck_assert_uint_eq(r->shard_n, 1);
	ck_assert_ptr_null(r->deployment);
	pp_result_free(r);
}
END_TEST

/*
 * Bad files, made from the good scan by replacing the first occurrence of `from`
 * with `to`; the error must point at the first occurrence of `at` in the bad text
 * (plus skip bytes) and contain `says`.
 */
static const struct bad {
	const char *from, *to, *at;
	int skip;
	int code;
	const char *says;
} bads[] = {
        {"\"rejected\": 0,", "\"rejected\": 0, \"paced_by\": [{\"host\": 5, \"rate\": 1}],",
         "5, \"rate\"", 0, PP_ESCHEMA, "\"host\": expected a string"},
        {"\"rejected\": 0,", "\"rejected\": 0, \"paced_by\": [{\"host\": \"*\"}],",
         "{\"host\": \"*\"}", 0, PP_ESCHEMA, "\"rate\""},
        {"\"rejected\": 0,", "\"rejected\": 0, \"paced_by\": [7],", "7]", 0, PP_ESCHEMA,
         "\"paced_by\": expected objects"},
        {"\"rejected\": 0,", "\"rejected\": 0, \"rate_reached\": -3,", "-3", 0, PP_ERANGE,
         "\"rate_reached\""},
        {"\"rejected\": 0,", "\"rejected\": 0, \"method\": \"syn\",", "\"syn\"", 0, PP_ESCHEMA,
         "\"method\": expected \"raw\" or \"connect\""},
        {"\"rejected\": 0,", "\"rejected\": 0, \"method\": 1,", "1,", 0, PP_ESCHEMA, "\"method\""},
        {"\"state\": \"open\"", "\"state\": \"banana\"", "\"banana\"", 0, PP_ESCHEMA,
         "unknown state \"banana\""},
        {"\"port\": 80,", "\"port\": \"80\",", "\"80\"", 0, PP_ESCHEMA,
         "\"port\": expected a number, got a string"},
        {"\"port\": 80,", "\"port\": 70000,", "70000", 0, PP_ERANGE, "from 1 to 65535"},
        {"\"port\": 80,", "\"port\": 8.5,", "8.5", 0, PP_ERANGE, "integer"},
        {"\"port\": 80,", "\"port\": -1,", "-1,", 0, PP_ERANGE, "integer"},
        {"\"port\": 80,", "\"port\": 22,",
         "22, \"state\": \"open\", \"reason\": \"syn-ack\", "
         "\"rtt_us\": 280",
         0, PP_ESCHEMA, "duplicate port tcp/22"},
        {"\"proto\": \"udp\"", "\"proto\": \"sctp\"", "\"sctp\"", 0, PP_ESCHEMA,
         "unknown protocol"},
        {"\"reason\": \"rst\"", "", "", 0, 0, NULL}, /* no rst in the scan: unchanged */
        {"\"reason\": \"syn-ack\"", "\"reason\": \"icmp-unreach-300\"", "\"icmp-unreach-300\"", 0,
         PP_ESCHEMA, "unknown reason"},
        {"\"schema\": \"portproof-result/1\"", "\"schema\": \"portproof-result/2\"",
         "\"portproof-result/2\"", 0, PP_ESCHEMA, "unsupported schema"},
        {"\"schema\": \"portproof-result/1\",", "", "{", 0, PP_ESCHEMA, "missing key \"schema\""},
        {"\"address\": \"198.18.0.2\"", "\"address\": \"198.18.0.300\"", "\"198.18.0.300\"", 0,
         PP_ESCHEMA, "expected an IPv4 or IPv6 address"},
        {"\"address\": \"198.18.0.2\",", "", "{\n      \n", 0, PP_ESCHEMA,
         "missing key \"address\""},
        {"\"started\": \"2026-11-21T23:15:03Z\"", "\"started\": \"yesterday\"", "\"yesterday\"", 0,
         PP_ESCHEMA, "RFC 3339"},
        {"\"started\": \"2026-11-21T23:15:03Z\"", "\"started\": \"2026-13-21T23:15:03Z\"",
         "\"2026-13", 0, PP_ESCHEMA, "RFC 3339"},
        {"\"complete\": true", "\"complete\": 1", "1,\n    \"rate\"", 0, PP_ESCHEMA,
         "expected a boolean"},
        {"\"shard\": \"1/1\"", "\"shard\": \"3/2\"", "\"3/2\"", 0, PP_ESCHEMA, "K/N"},
        {"\"198.18.0.2\"]", "\"198.18.0.2\", 7]", "7]", 0, PP_ESCHEMA, "expected strings"},
        {"\"hosts\": [", "\"hosts\": {\"a\": 1}, \"x\": [", "{\"a\"", 0, PP_ESCHEMA,
         "\"hosts\": expected an array, got an object"},
        {"\"other\": {\"tcp\": \"closed\"", "\"other\": {\"tcp\": \"shut\"", "\"shut\"", 0,
         PP_ESCHEMA, "unknown state"},
        {"\"ttl\": 64}", "\"ttl\": 256}", "256", 0, PP_ERANGE, "from 0 to 255"},
        {"\"rate\": 10000", "\"rate\": 1e300", "1e300", 0, PP_ERANGE, "integer"},
        {"{\"proto\": \"tcp\", \"port\": 22, \"state\": \"open\", \"reason\": \"syn-ack\", "
         "\"rtt_us\": 222, \"ttl\": 64}",
         "[\"tcp\", 22]", "[\"tcp\"", 0, PP_ESCHEMA, "a port: expected an object"},
        {"\"summary\": {", "\"summary\": [", ": {\"pass\"", 0, PP_EJSON, "malformed JSON"},
        {"\n}\n", "\n} x\n", "x\n", 0, PP_EJSON, "data after the end"},
        {"\"tool\": {\"name\"", "\"tool\": {\"name\" \"portproof\"", "\"portproof\": ", 0, PP_EJSON,
         "malformed JSON near '\"'"},
};

static void
linecol(const char *text, size_t pos, unsigned *line, unsigned *col)
{
	size_t i, start = 0;

	*line = 1;
	for (i = 0; i < pos; i++)
		if (text[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	*col = (unsigned)(pos - start + 1);
}

START_TEST(test_bad_files)
{
	const struct bad *b = &bads[_i];
	const char *hit = strstr(scan_json, b->from), *at;
	char text[4096], err[256], want[64];
	struct pp_result *r = NULL;
	unsigned line, col;
	int rc;

	ck_assert(strlen(scan_json) + 64 < sizeof(text));
	if (hit == NULL || b->says == NULL)
		return; /* a case kept only to show what is not in the scan */
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(hit - scan_json), scan_json, b->to,
	         hit + strlen(b->from));
	rc = pp_result_parse_json("bad.json", text, strlen(text), &r, err, sizeof(err));
	ck_assert_msg(rc == b->code, "case %d: got %d (%s), wanted %d", _i, rc, err, b->code);
	ck_assert_ptr_null(r);
	at = strstr(text, b->at);
	ck_assert_ptr_nonnull(at);
	linecol(text, (size_t)(at - text) + (size_t)b->skip, &line, &col);
	snprintf(want, sizeof(want), "bad.json:%u:%u: ", line, col);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "case %d: '%s' does not start '%s'",
	              _i, err, want);
	ck_assert_msg(strstr(err, b->says) != NULL, "case %d: '%s' does not say '%s'", _i, err,
	              b->says);
	ck_assert_ptr_null(strchr(err, '\n'));
}
END_TEST

/* A zone named by a port or by summary.unverified that scan.vantages does not
 * list: refused at the name (merge joins by those names, and a result that
 * named another zone merged to something else: fuzz_result). */
START_TEST(test_vantage_not_listed)
{
	static const char *const texts[] = {
	        "{\"schema\": \"portproof-result/1\", \"scan\": {\"started\": "
	        "\"2026-12-06T22:12:45Z\", \"finished\": \"2026-12-06T22:12:47Z\", "
	        "\"complete\": true, \"vantages\": [\"m\"]}, \"hosts\": [{\"address\": "
	        "\"198.18.1.1\", \"ports\": [{\"proto\": \"tcp\", \"port\": 8, "
	        "\"vantage\": \"dmz\", \"state\": \"open\"}]}]}",
	        "{\"schema\": \"portproof-result/1\", \"scan\": {\"started\": "
	        "\"2026-12-06T22:12:45Z\", \"finished\": \"2026-12-06T22:12:47Z\", "
	        "\"complete\": true, \"vantages\": [\"m\"]}, \"hosts\": [], \"summary\": "
	        "{\"unverified\": [{\"vantage\": \"dmz\", \"rows\": 3}]}}",
	};
	struct pp_result *r = NULL;
	char err[256], want[64];
	unsigned line, col;
	size_t i;

	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(pp_result_parse_json("v.json", texts[i], strlen(texts[i]), &r, err,
		                                      sizeof(err)),
		                 PP_ESCHEMA);
		ck_assert_ptr_null(r);
		linecol(texts[i], (size_t)(strstr(texts[i], "\"dmz\"") - texts[i]), &line, &col);
		snprintf(want, sizeof(want), "v.json:%u:%u: ", line, col);
		ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "'%s' does not start '%s'",
		              err, want);
		ck_assert_ptr_nonnull(
		        strstr(err, "\"vantage\": \"dmz\" is not among scan.vantages"));
	}
}
END_TEST

/* The summary's per-role scores: written from the ports, checked when read. */
START_TEST(test_roles)
{
	static const struct {
		const char *from, *to, *at, *says;
		int code;
	} bad[] = {
	        {"\"primary\": 33.3", "\"primary\": 133.3", "133.3", "from 0 to 100", PP_ERANGE},
	        {"\"primary\": 33.3", "\"primary\": \"high\"", "\"high\", \"exp",
	         "a number or null", PP_ESCHEMA},
	        {"{\"primary\": 33.3, \"expansion\": 37.5}", "[33.3]", "[33.3]",
	         "an object of role scores", PP_ESCHEMA},
	        {"\"roles\": {\"cisco-mediasense\": {\"primary\": 33.3, \"expansion\": 37.5}}",
	         "\"roles\": [1]", "[1]", "\"roles\": expected an object", PP_ESCHEMA},
	};
	struct pp_result *r = fx_audit(), *back;
	char *s = fx_json(r), text[8192], err[256], want[64];
	const char *hit, *at;
	unsigned line, col;
	size_t i;

	ck_assert_ptr_nonnull(strstr(s, "  \"summary\": {\"score\": 35.3, \"roles\": "
	                                "{\"cisco-mediasense\": {\"primary\": 33.3, "
	                                "\"expansion\": 37.5}}, \"verdicts\": {\"pass\": 2, "));
	/* Values that disagree with the ports are read, and written as the ports say. */
	hit = strstr(s, "\"primary\": 33.3");
	snprintf(text, sizeof(text), "%.*s\"primary\": null, \"secondary\": 1%s", (int)(hit - s), s,
	         hit + strlen("\"primary\": 33.3"));
	ck_assert_int_eq(
	        pp_result_parse_json("t.json", text, strlen(text), &back, err, sizeof(err)), 0);
	free(s);
	s = fx_json(back);
	ck_assert_ptr_nonnull(strstr(s, "{\"primary\": 33.3, \"expansion\": 37.5}"));
	pp_result_free(back);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		hit = strstr(s, bad[i].from);
		ck_assert_ptr_nonnull(hit);
		snprintf(text, sizeof(text), "%.*s%s%s", (int)(hit - s), s, bad[i].to,
		         hit + strlen(bad[i].from));
		ck_assert_int_eq(pp_result_parse_json("bad.json", text, strlen(text), &back, err,
		                                      sizeof(err)),
		                 bad[i].code);
		at = strstr(text, bad[i].at);
		linecol(text, (size_t)(at - text), &line, &col);
		snprintf(want, sizeof(want), "bad.json:%u:%u: ", line, col);
		ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "'%s' does not start '%s'",
		              err, want);
		ck_assert_msg(strstr(err, bad[i].says) != NULL, "'%s' does not say '%s'", err,
		              bad[i].says);
	}
	/* A plain scan has none. */
	free(s);
	pp_result_free(r);
	r = fx_scan();
	s = fx_json(r);
	ck_assert_ptr_null(strstr(s, "roles"));
	free(s);
	pp_result_free(r);
}
END_TEST

/* Bytes cJSON takes that strict JSON does not (a raw control byte in a string, a
 * form feed as white space, a backslash-u escape without its hex digits): the
 * error still names the value at fault. */
START_TEST(test_positions_as_cjson)
{
	static const struct {
		const char *from, *to, *at, *says;
	} lax[] = {
	        {"\"address\": \"198.18.0.2\"", "\"address\": \"198.18\x01.0.2\"", "\"198.18\x01",
	         "expected an IPv4 or IPv6 address"},
	        {"\"port\": 80,", "\"port\": \f0,",
	         "0, \"state\": \"open\", \"reason\": \"syn-ack\", \"rtt_us\": 280",
	         "from 1 to 65535"},
	        {"\"reason\": \"syn-ack\"", "\"reason\": \"s\\uZZZZ\"", "\"s\\uZZZZ",
	         "unknown reason"},
	};
	char text[4096], err[256], want[64];
	struct pp_result *r;
	unsigned line, col;
	const char *hit;
	size_t i;

	for (i = 0; i < sizeof(lax) / sizeof(lax[0]); i++) {
		hit = strstr(scan_json, lax[i].from);
		ck_assert_ptr_nonnull(hit);
		snprintf(text, sizeof(text), "%.*s%s%s", (int)(hit - scan_json), scan_json,
		         lax[i].to, hit + strlen(lax[i].from));
		ck_assert_int_lt(
		        pp_result_parse_json("lax.json", text, strlen(text), &r, err, sizeof(err)),
		        0);
		linecol(text, (size_t)(strstr(text, lax[i].at) - text), &line, &col);
		snprintf(want, sizeof(want), "lax.json:%u:%u: ", line, col);
		ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "'%s' does not start '%s'",
		              err, want);
		ck_assert_ptr_nonnull(strstr(err, lax[i].says));
	}
}
END_TEST

START_TEST(test_truncated_everywhere)
{
	char err[256];
	struct pp_result *r;
	size_t n, len = strlen(scan_json);
	int rc;

	/* Every prefix is rejected with a position, and never crashes. */
	for (n = 0; n < len - 2; n++) {
		rc = pp_result_parse_json("cut.json", scan_json, n, &r, err, sizeof(err));
		ck_assert_msg(rc < 0, "prefix %zu accepted", n);
		ck_assert_ptr_null(r);
		if (n > 0 && strspn(scan_json, "{ \n") < n) {
			ck_assert_msg(strncmp(err, "cut.json:", 9) == 0, "%s", err);
			ck_assert_msg(strstr(err, "end of file") != NULL, "prefix %zu: %s", n, err);
		}
	}
	rc = pp_result_parse_json("cut.json", scan_json, 0, &r, err, sizeof(err));
	ck_assert_str_eq(err, "cut.json: empty file");
}
END_TEST

START_TEST(test_bad_paths)
{
	char err[256], path[] = "/tmp/check_result_json.XXXXXX";
	struct pp_result *r;
	int fd;

	ck_assert_int_eq(pp_result_read_json("/nonexistent/x.json", &r, err, sizeof(err)),
	                 PP_ENOENT);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/x.json: "));
	ck_assert_int_eq(pp_result_read_json("/tmp", &r, err, sizeof(err)), PP_EIO);
	ck_assert_str_eq(err, "/tmp: is a directory");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pp_result_read_json(path, &r, err, sizeof(err)), PP_EJSON);
	ck_assert_ptr_nonnull(strstr(err, ": empty file"));
	ck_assert_int_eq(write(fd, "\x89PNG\r\n\x1a\n\0\0", 10), 10);
	ck_assert_int_eq(pp_result_read_json(path, &r, err, sizeof(err)), PP_EJSON);
	ck_assert_ptr_nonnull(strstr(err, ":1:1: malformed JSON near byte 0x89"));
	close(fd);
	unlink(path);
}
END_TEST

/* Numbers and addresses at their edges, formatted by hand: the exact bytes. */
static const char edges_json[] =
        "{\n"
        "  \"schema\": \"portproof-result/1\",\n"
        "  \"tool\": {\"name\": \"portproof\", \"version\": \"\"},\n"
        "  \"scan\": {\n"
        "    \"started\": \"1970-01-01T00:00:00Z\",\n"
        "    \"finished\": \"2106-02-07T06:28:15Z\",\n"
        "    \"complete\": false,\n"
        "    \"rate\": 0,\n"
        "    \"sent\": 18446744073709551615,\n"
        "    \"received\": 10000000000000000000,\n"
        "    \"rejected\": 9,\n"
        "    \"shard\": \"4294967295/4294967295\",\n"
        "    \"args\": []\n"
        "  },\n"
        "  \"hosts\": [\n"
        "    {\n"
        "      \"address\": \"0.0.0.0\",\n"
        "      \"other\": {\"tcp\": null, \"udp\": \"open|filtered\"},\n"
        "      \"ports\": [\n"
        "        {\"proto\": \"tcp\", \"port\": 0, \"state\": \"unknown\", \"reason\": "
        "\"none\", \"rtt_us\": 0, \"ttl\": 0}\n"
        "      ]\n"
        "    },\n"
        "    {\n"
        "      \"address\": \"10.0.100.9\",\n"
        "      \"other\": {\"tcp\": \"unknown\", \"udp\": \"unknown\"},\n"
        "      \"ports\": []\n"
        "    },\n"
        "    {\n"
        "      \"address\": \"255.255.255.255\",\n"
        "      \"other\": {\"tcp\": \"filtered\", \"udp\": null},\n"
        "      \"ports\": [\n"
        "        {\"proto\": \"udp\", \"port\": 65535, \"state\": \"closed\", \"reason\": "
        "\"icmp-unreach-255\", \"rtt_us\": 4294967295, \"ttl\": 255, \"probe\": \"\"},\n"
        "        {\"proto\": \"?\", \"port\": 10, \"state\": \"unknown\", \"reason\": "
        "\"icmp-unreach-0\", \"rtt_us\": 10, \"ttl\": 100}\n"
        "      ]\n"
        "    }\n"
        "  ],\n"
        "  \"summary\": {\"verdicts\": {\"pass\": 0, \"missing\": 0, \"blocked\": 0, "
        "\"exposed\": 0, \"unfiltered\": 0, \"unexpected\": 0, \"inconclusive\": 0, \"mismatch\": "
        "0}}\n"
        "}\n";

START_TEST(test_edges_bytes)
{
	struct pp_result *r = pp_result_new();
	struct pp_host_result *h;
	struct pp_port_result *p;
	char *s;

	r->tool_version = strdup("");
	r->started = 0;
	r->finished = 4294967295;
	r->complete = 0;
	r->sent = UINT64_MAX;
	r->received = 10000000000000000000u;
	r->rejected = 9;
	r->shard_k = r->shard_n = UINT32_MAX;
	r->verdicts[PP_VERDICT_PASS] = 7; /* a plain scan writes 0s all the same */
	h = pp_result_host4(r, 0xffffffffu);
	h->other_tcp = PP_STATE_FILTERED;
	p = pp_host_add_port(h, PP_PROTO_UDP, 65535);
	p->state = PP_STATE_CLOSED;
	p->reason = PP_REASON_ICMP_UNREACH;
	p->icmp_code = 255;
	p->rtt_us = UINT32_MAX;
	p->ttl = 255;
	p->probe = strdup("");
	p = pp_host_add_port(h, 200, 10); /* no such proto: "?" */
	p->state = 9;                     /* no such state: "unknown" */
	p->reason = PP_REASON_ICMP_UNREACH;
	p->rtt_us = 10;
	p->ttl = 100;
	h = pp_result_host4(r, 0);
	h->other_udp = PP_STATE_OPEN_FILTERED;
	pp_host_add_port(h, PP_PROTO_TCP, 0);
	h = pp_result_host4(r, 0x0a006409u);
	h->other_tcp = h->other_udp = 9;
	pp_result_sort(r);
	s = fx_json(r);
	ck_assert_str_eq(s, edges_json);
	free(s);
	pp_result_free(r);
}
END_TEST

/* The escaping rules, byte by byte, as a test oracle. */
static size_t
ref_escape(const char *str, char *out)
{
	const unsigned char *s = (const unsigned char *)str;
	char *o = out;
	size_t n;

	*o++ = '"';
	while (*s != '\0') {
		if (*s == '"' || *s == '\\') {
			*o++ = '\\';
			*o++ = (char)*s++;
		} else if (*s == '\n' || *s == '\t') {
			*o++ = '\\';
			*o++ = *s++ == '\n' ? 'n' : 't';
		} else if (*s < 0x20 || *s == 0x7f) {
			o += sprintf(o, "\\u%04x", *s++);
		} else if ((n = pp__utf8_len(s)) == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			s++;
		} else {
			memcpy(o, s, n);
			o += n;
			s += n;
		}
	}
	*o++ = '"';
	*o = '\0';
	return (size_t)(o - out);
}

static char *
json_str(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	pp__json_str(fp, s);
	fclose(fp);
	return buf;
}

START_TEST(test_escape_every_byte)
{
	char in[4], want[16], *got;
	unsigned b;

	for (b = 1; b < 256; b++) {
		snprintf(in, sizeof(in), "a%cz", b);
		if (b == '"' || b == '\\')
			snprintf(want, sizeof(want), "\"a\\%cz\"", b);
		else if (b == '\n')
			snprintf(want, sizeof(want), "\"a\\nz\"");
		else if (b == '\t')
			snprintf(want, sizeof(want), "\"a\\tz\"");
		else if (b < 0x20 || b == 0x7f)
			snprintf(want, sizeof(want), "\"a\\u%04xz\"", b); /* lower-case hex */
		else if (b < 0x80)
			snprintf(want, sizeof(want), "\"a%cz\"", b);
		else /* alone, no byte from 0x80 up is UTF-8 */
			snprintf(want, sizeof(want), "\"a\xef\xbf\xbdz\"");
		got = json_str(in);
		ck_assert_msg(strcmp(got, want) == 0, "byte 0x%02x: %s, not %s", b, got, want);
		free(got);
	}
	got = json_str(NULL);
	ck_assert_str_eq(got, "null");
	free(got);
	got = json_str("");
	ck_assert_str_eq(got, "\"\"");
	free(got);
}
END_TEST

START_TEST(test_escape_utf8)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	        {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	         "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\""},
	        {"\xdf\xbf\xed\x9f\xbf\xf4\x8f\xbf\xbf",
	         "\"\xdf\xbf\xed\x9f\xbf\xf4\x8f\xbf\xbf\""},
	        /* Each byte of a bad sequence is one U+FFFD. */
	        {"\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\""},                 /* overlong */
	        {"\xe0\x80\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""}, /* overlong */
	        {"\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""}, /* surrogate */
	        {"\xf4\x90\x80\x80x", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx\""},
	        {"\xe2\x82", "\"\xef\xbf\xbd\xef\xbf\xbd\""}, /* cut short by the end */
	        {"\xc3\"", "\"\xef\xbf\xbd\\\"\""},
	        {"\xef\xbf\xbd", "\"\xef\xbf\xbd\""},
	};
	size_t i;
	char *got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = json_str(cases[i].in);
		ck_assert_str_eq(got, cases[i].out);
		free(got);
	}
}
END_TEST

/* Strings longer than the writer's buffer, escapes on every side of its edges. */
START_TEST(test_escape_long)
{
	static const char *const pieces[] = {
	        "plain text ", "\"",       "\\",       "\n",           "\t",
	        "\x01",        "\x7f",     "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
	        "\xff",        "\xe2\x82", "x"};
	size_t len = 300000, n = 0, i = 0;
	char *in = malloc(len + 8), *want = malloc(6 * len + 8), *got, *doc;
	struct pp_result *r = fx_scan();

	while (n < len) {
		const char *p = pieces[(i * 7 + i / 13) % (sizeof(pieces) / sizeof(pieces[0]))];
		memcpy(in + n, p, strlen(p));
		n += strlen(p);
		i++;
	}
	in[n] = '\0';
	ref_escape(in, want);
	got = json_str(in);
	ck_assert(strcmp(got, want) == 0);
	free(got);
	/* The same inside a whole result, in the writer's buffer. */
	r->args[1] = realloc(r->args[1], n + 1);
	memcpy(r->args[1], in, n + 1);
	doc = fx_json(r);
	ck_assert_ptr_nonnull(strstr(doc, want));
	free(doc);
	pp_result_free(r);
	free(in);
	free(want);
}
END_TEST

/* Scores as "%.1f" printed them, whole numbers and the rest, each also negated. */
START_TEST(test_scores)
{
	static const char scores[] = "0 100 33.333333 66.666667 99.95 0.05 0.25 0.35 50 1 7 0.04 "
	                             "1e15 1e300 1e-300 0.1 999999999999999 1000000000000002 "
	                             "4503599627370495.5 18446744073709551616";
	struct pp_result *r = fx_audit();
	char want[512], key[600], *s, *end;
	const char *p;
	int neg;

	for (p = scores; *p != '\0'; p = end) {
		for (neg = 0; neg < 2; neg++) {
			double v = strtod(p, &end) * (neg ? -1 : 1);
			r->hosts[1].has_score = 1;
			r->hosts[1].score = v;
			r->has_score = 1;
			r->score = v;
			s = fx_json(r);
			snprintf(want, sizeof(want), "%.1f", v);
			snprintf(key, sizeof(key), "\"score\": %s\n    }\n  ],", want);
			ck_assert_msg(strstr(s, key) != NULL, "host score %g: not %s", v, want);
			snprintf(key, sizeof(key), "\"summary\": {\"score\": %s, ", want);
			ck_assert_msg(strstr(s, key) != NULL, "summary score %g: not %s", v, want);
			free(s);
		}
	}
	r->hosts[1].has_score = 0;
	r->has_score = 0;
	s = fx_json(r);
	ck_assert_ptr_nonnull(strstr(s, "\"score\": null\n    }\n  ],"));
	ck_assert_ptr_nonnull(strstr(s, "\"summary\": {\"score\": null, "));
	free(s);
	pp_result_free(r);
}
END_TEST

/* An audit's counts as they are, up to the largest. */
START_TEST(test_audit_counts)
{
	struct pp_result *r = fx_audit();
	char *s;

	r->verdicts[PP_VERDICT_PASS] = 0;
	r->verdicts[PP_VERDICT_INCONCLUSIVE] = UINT32_MAX;
	r->verdicts[PP_VERDICT_MISSING] = 1000000;
	s = fx_json(r);
	ck_assert_ptr_nonnull(strstr(s, "\"verdicts\": {\"pass\": 0, \"missing\": 1000000, "));
	ck_assert_ptr_nonnull(strstr(s, "\"inconclusive\": 4294967295, \"mismatch\": 0}}\n}\n"));
	free(s);
	pp_result_free(r);
}
END_TEST

static Suite *
result_json_suite(void)
{
	Suite *s = suite_create("result_json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_scan_bytes);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_pacing_round_trip);
	tcase_add_test(tc, test_method_round_trip);
	tcase_add_test(tc, test_audit_values_read);
	tcase_add_test(tc, test_escaping);
	tcase_add_test(tc, test_times_and_offsets);
	tcase_add_test(tc, test_defaults);
	tcase_add_loop_test(tc, test_bad_files, 0, (int)(sizeof(bads) / sizeof(bads[0])));
	tcase_add_test(tc, test_vantage_not_listed);
	tcase_add_test(tc, test_roles);
	tcase_add_test(tc, test_positions_as_cjson);
	tcase_add_test(tc, test_truncated_everywhere);
	tcase_add_test(tc, test_bad_paths);
	tcase_add_test(tc, test_edges_bytes);
	tcase_add_test(tc, test_escape_every_byte);
	tcase_add_test(tc, test_escape_utf8);
	tcase_add_test(tc, test_escape_long);
	tcase_add_test(tc, test_scores);
	tcase_add_test(tc, test_audit_counts);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(result_json_suite());
}
