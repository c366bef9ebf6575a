/*
 * The junit format, for CI servers: a testsuite per host, a testcase per
 * expectation and per unexpected port (classname deployment.host), a failure for
 * every finding that fails (its type the verdict, its message the line to act
 * on, its body the severity, state and document row), skipped for inconclusive.
 * A plain scan has no expectations: a testcase per listed port, never failing.
 * A result joined from several vantages has a testcase per (host, port, zone),
 * named "PORT SERVICE from ZONE", and a failing testcase per zone the deployment
 * lists that no result covers.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "pp_error.h"
#include "report_int.h"
#include "result/result_int.h"

struct counts {
	size_t tests, failures, skipped;
};

static struct counts
count_host(const struct pp_host_result *h, int audit)
{
	struct counts c = {0, 0, 0};
	size_t i;

	for (i = 0; i < h->nports; i++) {
		unsigned v = h->ports[i].verdict;
		if (audit && v == PP_VERDICT_NONE)
			continue;
		c.tests++;
		c.failures += audit && pp__is_failure(v);
		c.skipped += audit && v == PP_VERDICT_INCONCLUSIVE;
	}
	return c;
}

static void
classname(FILE *fp, const struct pp_result *r, const struct pp_host_result *h)
{
	char buf[PP_ADDR_STRLEN];

	pp__xml_str(fp, r->deployment ? r->deployment : "scan");
	putc('.', fp);
	pp__xml_str(fp, pp__host_label(h, buf, sizeof(buf)));
}

static void
testcase(FILE *fp, const struct pp_result *r, const struct pp_host_result *h,
         const struct pp_port_result *p)
{
	char port[16], code[24];

	fputs("    <testcase classname=\"", fp);
	classname(fp, r, h);
	fprintf(fp, "\" name=\"%s", pp__port_str(p->proto, p->port, port, sizeof(port)));
	if (p->service != NULL || p->verdict == PP_VERDICT_UNEXPECTED) {
		putc(' ', fp);
		pp__xml_str(fp, p->service ? p->service : "unexpected");
	}
	if (p->vantage != NULL) {
		fputs(" from ", fp);
		pp__xml_str(fp, p->vantage);
	}
	fprintf(fp, "\" time=\"%.6f\"", p->rtt_us / 1e6);
	if (r->deployment == NULL || !pp__is_finding(p->verdict)) {
		fprintf(fp, ">\n      <system-out>%s (%s)", pp_state_name(p->state),
		        pp_reason_name(p->reason, p->icmp_code, code, sizeof(code)));
		/* A pass with a finding (a certificate to renew) passes, and says so. */
		if (pp__port_finding(p) && p->detail != NULL) {
			fprintf(fp, "&#10;severity %s: ", pp_severity_name(p->severity));
			pp__xml_str(fp, p->detail);
		}
		fputs("</system-out>\n    </testcase>\n", fp);
		return;
	}
	fprintf(fp, ">\n      <%s", pp__is_failure(p->verdict) ? "failure" : "skipped");
	if (pp__is_failure(p->verdict))
		fprintf(fp, " type=\"%s\"", pp_verdict_name(p->verdict));
	fputs(" message=\"", fp);
	if (p->detail != NULL)
		pp__xml_str(fp, p->detail);
	else
		fprintf(fp, "%s is %s: %s", port, pp_state_name(p->state),
		        pp_verdict_name(p->verdict));
	fprintf(fp, "\">verdict: %s&#10;severity: %s&#10;requirement: %s&#10;state: %s (%s)",
	        pp_verdict_name(p->verdict), pp_severity_name(p->severity),
	        pp_result_req_name(p->requirement), pp_state_name(p->state),
	        pp_reason_name(p->reason, p->icmp_code, code, sizeof(code)));
	if (p->ref != NULL) {
		fputs("&#10;ref: ", fp);
		pp__xml_str(fp, p->ref);
	}
	fprintf(fp, "</%s>\n    </testcase>\n", pp__is_failure(p->verdict) ? "failure" : "skipped");
}

static void
property(FILE *fp, const char *name, const char *value)
{
	if (value == NULL)
		return;
	fprintf(fp, "      <property name=\"%s\" value=\"", name);
	pp__xml_str(fp, value);
	fputs("\"/>\n", fp);
}

/* The zones no result covers: each a failure, nothing was checked from there. */
static void
unverified(FILE *fp, const struct pp_result *r)
{
	size_t i;

	if (r->nunverified == 0)
		return;
	fputs("  <testsuite name=\"", fp);
	pp__xml_str(fp, r->deployment ? r->deployment : "scan");
	fprintf(fp,
	        ".vantages\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\" "
	        "time=\"0\">\n",
	        r->nunverified, r->nunverified);
	for (i = 0; i < r->nunverified; i++) {
		fputs("    <testcase classname=\"", fp);
		pp__xml_str(fp, r->deployment ? r->deployment : "scan");
		fputs(".vantages\" name=\"from ", fp);
		pp__xml_str(fp, r->unverified[i].vantage);
		fputs("\" time=\"0\">\n      <failure type=\"unverified\" message=\"no result from "
		      "vantage ",
		      fp);
		pp__xml_str(fp, r->unverified[i].vantage);
		fprintf(fp, ": %zu rows unverified from there\"/>\n    </testcase>\n",
		        r->unverified[i].rows);
	}
	fputs("  </testsuite>\n", fp);
}

static int
render(const struct pp_result *r, FILE *fp, const struct pp_report_opts *o)
{
	int audit = r->deployment != NULL;
	struct counts all = {0, 0, 0}, c;
	char when[32], addr[PP_ADDR_STRLEN], score[16];
	struct tm tm;
	size_t i, j;

	(void)o;
	for (i = 0; i < r->nhosts; i++) {
		c = count_host(&r->hosts[i], audit);
		all.tests += c.tests;
		all.failures += c.failures;
		all.skipped += c.skipped;
	}
	all.tests += r->nunverified;
	all.failures += r->nunverified;
	if (gmtime_r(&r->started, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		strcpy(when, "1970-01-01T00:00:00");
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"portproof ", fp);
	pp__xml_str(fp, audit ? r->deployment : "scan");
	fprintf(fp,
	        "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"%ld\">\n",
	        all.tests, all.failures, all.skipped, pp__elapsed(r));
	for (i = 0; i < r->nhosts; i++) {
		const struct pp_host_result *h = &r->hosts[i];
		c = count_host(h, audit);
		fputs("  <testsuite name=\"", fp);
		classname(fp, r, h);
		fprintf(fp,
		        "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"0\" "
		        "timestamp=\"%s\" hostname=\"%s\">\n",
		        c.tests, c.failures, c.skipped, when,
		        pp_addr_str(&h->addr, addr, sizeof(addr)));
		fputs("    <properties>\n", fp);
		property(fp, "address", addr);
		property(fp, "profile", h->profile);
		property(fp, "role", h->role);
		if (audit && h->has_score) {
			snprintf(score, sizeof(score), "%.1f", h->score);
			property(fp, "score", score);
		}
		fputs("    </properties>\n", fp);
		for (j = 0; j < h->nports; j++)
			if (!audit || h->ports[j].verdict != PP_VERDICT_NONE)
				testcase(fp, r, h, &h->ports[j]);
		fputs("  </testsuite>\n", fp);
	}
	unverified(fp, r);
	fputs("</testsuites>\n", fp);
	return ferror(fp) ? PP_EIO : 0;
}

const struct pp_reporter pp__report_junit = {
        .name = "junit",
        .description = "JUnit XML: a testcase per expectation and per unexpected port",
        .render = render,
};
