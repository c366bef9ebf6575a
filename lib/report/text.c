/*
 * The text report, for a person at a terminal: a header line, then per host its
 * score and findings (most severe first, each with the line an engineer acts on
 * and the document row it cites), then a port table laid out like nmap's
 * "PORT STATE SERVICE REASON" so it reads familiar.  Colour only when asked.
 */
#include "config.h"

#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "portproof.h"
#include "pp_score.h"
#include "report_int.h"
#include "result/result_int.h"

#define RED    "\033[1;31m"
#define YELLOW "\033[33m"
#define CYAN   "\033[36m"
#define GREEN  "\033[32m"
#define DIM    "\033[2m"
#define BOLD   "\033[1m"
#define RESET  "\033[0m"

static const char *
sev_color(unsigned sev)
{
	switch (sev) {
	case PP_SEV_HIGH:
		return RED;
	case PP_SEV_MEDIUM:
		return YELLOW;
	case PP_SEV_LOW:
		return CYAN;
	default:
		return DIM;
	}
}

static const char *
score_color(double s)
{
	return s >= 90 ? GREEN : s >= 50 ? YELLOW : RED;
}

static void
header(const struct pp_result *r, FILE *fp, const struct pp_report_opts *o)
{
	char when[32];
	struct tm tm;

	if (gmtime_r(&r->started, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		strcpy(when, "?");
	fprintf(fp, "%sportproof %s %s", o->color ? BOLD : "",
	        r->tool_version ? r->tool_version : pp_version(), r->deployment ? "audit" : "scan");
	if (r->deployment != NULL)
		fprintf(fp, " of %s", r->deployment);
	fprintf(fp, "%s: %zu host%s, %s, %ld s, %llu sent, %llu answered", o->color ? RESET : "",
	        r->nhosts, r->nhosts == 1 ? "" : "s", when, pp__elapsed(r),
	        (unsigned long long)r->sent, pp__answered(r));
	if (r->shard_n > 1)
		fprintf(fp, ", shard %u/%u", r->shard_k, r->shard_n);
	fputc('\n', fp);
	if (!r->complete)
		fprintf(fp,
		        "%sincomplete: the scan was interrupted; what follows is what it saw%s\n",
		        o->color ? YELLOW : "", o->color ? RESET : "");
}

static void
finding(FILE *fp, const struct pp_port_result *p, const struct pp_report_opts *o)
{
	char port[16];

	pp__port_str(p->proto, p->port, port, sizeof(port));
	fprintf(fp, "  %s%s%s%*s %-12s %-9s ", o->color ? sev_color(p->severity) : "",
	        pp_severity_name(p->severity), o->color ? RESET : "",
	        (int)(6 - strlen(pp_severity_name(p->severity))), "", pp_verdict_name(p->verdict),
	        port);
	if (p->detail != NULL)
		fputs(p->detail, fp);
	else
		fprintf(fp, "%s%s%s is %s", p->service ? p->service : "", p->service ? " on " : "",
		        port, pp_state_name(p->state));
	if (p->ref != NULL && (p->detail == NULL || strstr(p->detail, p->ref) == NULL))
		fprintf(fp, " [%s]", p->ref);
	fputc('\n', fp);
}

static void
port_table(FILE *fp, const struct pp_host_result *h, int audit, const struct pp_report_opts *o,
           struct pp__svc_cache *c)
{
	size_t i, pw = 4, sw = 7, rw = 6;
	char port[16], reason[48], code[24];

	for (i = 0; i < h->nports; i++) {
		const struct pp_port_result *p = &h->ports[i];
		size_t l = (size_t)snprintf(port, sizeof(port), "%u/%s", p->port,
		                            pp_proto_name(p->proto));
		pw = l > pw ? l : pw;
		l = strlen(pp__port_service(p, c));
		sw = l > sw ? l : sw;
		l = strlen(pp_reason_name(p->reason, p->icmp_code, code, sizeof(code))) + 8;
		rw = l > rw ? l : rw;
	}
	if (h->nports > 0 && audit)
		fprintf(fp, "  %-*s  %-13s  %-*s  %-*s  VERDICT\n", (int)pw, "PORT", "STATE",
		        (int)sw, "SERVICE", (int)rw, "REASON");
	else if (h->nports > 0)
		fprintf(fp, "  %-*s  %-13s  %-*s  REASON\n", (int)pw, "PORT", "STATE", (int)sw,
		        "SERVICE");
	for (i = 0; i < h->nports; i++) {
		const struct pp_port_result *p = &h->ports[i];
		const char *st = pp_state_name(p->state);
		int n;

		snprintf(port, sizeof(port), "%u/%s", p->port, pp_proto_name(p->proto));
		n = snprintf(reason, sizeof(reason), "%s",
		             pp_reason_name(p->reason, p->icmp_code, code, sizeof(code)));
		if (p->ttl > 0 && n > 0 && (size_t)n < sizeof(reason))
			snprintf(reason + n, sizeof(reason) - (size_t)n, " ttl %u", p->ttl);
		fprintf(fp, "  %-*s  %s%-13s%s  %-*s  ", (int)pw, port,
		        o->color && p->state == PP_STATE_OPEN ? GREEN : "", st,
		        o->color && p->state == PP_STATE_OPEN ? RESET : "", (int)sw,
		        pp__port_service(p, c));
		if (audit)
			fprintf(fp, "%-*s  %s", (int)rw, reason, pp_verdict_name(p->verdict));
		else
			fputs(reason, fp);
		if (o->verbose && p->rtt_us > 0)
			fprintf(fp, "  rtt %.1f ms", p->rtt_us / 1000.0);
		fputc('\n', fp);
	}
}

static void
not_shown(FILE *fp, const struct pp_host_result *h)
{
	if (h->other_tcp == PP_STATE_UNKNOWN && h->other_udp == PP_STATE_UNKNOWN)
		return;
	fputs("  Not shown:", fp);
	if (h->other_tcp != PP_STATE_UNKNOWN)
		fprintf(fp, " other tcp ports %s%s", pp_state_name(h->other_tcp),
		        h->other_udp != PP_STATE_UNKNOWN ? ";" : "");
	if (h->other_udp != PP_STATE_UNKNOWN)
		fprintf(fp, " other udp ports %s", pp_state_name(h->other_udp));
	fputc('\n', fp);
}

static void
host(FILE *fp, const struct pp_host_result *h, int audit, const struct pp_report_opts *o,
     struct pp__svc_cache *c)
{
	const struct pp_port_result **f;
	char addr[16];
	size_t i, n;

	fprintf(fp, "\n%s%s%s", o->color ? BOLD : "", pp__addr_str(h->addr, addr, sizeof(addr)),
	        o->color ? RESET : "");
	if (h->name != NULL)
		fprintf(fp, " %s", h->name);
	if (h->profile != NULL || h->role != NULL)
		fprintf(fp, " (%s%s%s)", h->profile ? h->profile : "",
		        h->profile && h->role ? ", " : "", h->role ? h->role : "");
	if (audit && h->has_score)
		fprintf(fp, ": score %s%.1f%s", o->color ? score_color(h->score) : "", h->score,
		        o->color ? RESET : "");
	fputc('\n', fp);
	if (audit) {
		f = pp__findings(h, &n);
		for (i = 0; i < n; i++)
			finding(fp, f[i], o);
		if (n == 0)
			fputs("  no findings\n", fp);
		free(f);
	}
	if (audit && h->nports > 0)
		fputc('\n', fp);
	port_table(fp, h, audit, o, c);
	if (h->nports == 0)
		fputs("  no ports listed\n", fp);
	not_shown(fp, h);
}

/* "roles: primary 95.0, secondary 90.0", the score of each role's hosts together,
 * when there is more than one role (with its profile when there are several). */
static void
roles(FILE *fp, const struct pp_result *r)
{
	struct pp_role_score *v;
	size_t n, i;
	int profiles = 0;

	if (pp_score_roles(r, &v, &n) < 0)
		return;
	for (i = 1; i < n; i++)
		profiles |= strcmp(v[i].profile ? v[i].profile : "",
		                   v[0].profile ? v[0].profile : "") != 0;
	for (i = 0; n > 1 && i < n; i++) {
		fprintf(fp, "%s%s%s%s",
		        i ? ", " : "roles: ", profiles && v[i].profile ? v[i].profile : "",
		        profiles && v[i].profile ? "/" : "", v[i].role);
		if (v[i].has_score)
			fprintf(fp, " %.1f", v[i].score);
	}
	if (n > 1)
		fputc('\n', fp);
	free(v);
}

static void
summary(FILE *fp, const struct pp_result *r)
{
	unsigned v, st[PP_STATE_OPEN_FILTERED + 1] = {0};
	size_t i, j;
	int first = 1;

	fputs("\nsummary:", fp);
	if (r->deployment != NULL) {
		if (r->has_score)
			fprintf(fp, " score %.1f;", r->score);
		for (v = PP_VERDICT_PASS; v < PP_VERDICT_COUNT; v++) {
			if (r->verdicts[v] == 0 && v != PP_VERDICT_PASS)
				continue;
			fprintf(fp, "%s %u %s", first ? "" : ",", r->verdicts[v],
			        pp_verdict_name(v));
			first = 0;
		}
	} else {
		for (i = 0; i < r->nhosts; i++)
			for (j = 0; j < r->hosts[i].nports; j++)
				if (r->hosts[i].ports[j].state <= PP_STATE_OPEN_FILTERED)
					st[r->hosts[i].ports[j].state]++;
		fprintf(fp, " %u open, %u closed, %u filtered, %u open|filtered ports listed",
		        st[PP_STATE_OPEN], st[PP_STATE_CLOSED], st[PP_STATE_FILTERED],
		        st[PP_STATE_OPEN_FILTERED]);
	}
	fputc('\n', fp);
	if (r->deployment != NULL)
		roles(fp, r);
}

static int
render(const struct pp_result *r, FILE *fp, const struct pp_report_opts *o)
{
	struct pp__svc_cache c;
	size_t i;

	memset(&c, 0, sizeof(c));
	header(r, fp, o);
	for (i = 0; i < r->nhosts; i++)
		host(fp, &r->hosts[i], r->deployment != NULL, o, &c);
	summary(fp, r);
	return ferror(fp) ? PP_EIO : 0;
}

const struct pp_reporter pp__report_text = {
        .name = "text",
        .description = "per host: score, findings by severity, then the port table",
        .render = render,
};
