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

/* ", from vantage any", or ", from vantages any, cluster" of a joined result. */
static void
vantages(const struct pp_result *r, FILE *fp)
{
	size_t i;

	if (r->vantage != NULL)
		fprintf(fp, ", from vantage %s", r->vantage);
	for (i = 0; r->vantage == NULL && i < r->nvantages; i++)
		fprintf(fp, "%s%s", i ? ", " : ", from vantages ", r->vantages[i]);
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
	vantages(r, fp);
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

/* One row of the port table: a port, or the one row of a dynamic range's samples. */
struct row {
	char port[48], state[24], reason[64], verdict[96];
	size_t reason_w; /* the width it asks of the REASON column */
	const char *service;
	const struct pp_port_result *p; /* NULL for a range's row */
};

static int
same_range(const struct pp_port_result *a, const struct pp_port_result *b)
{
	return a->range != NULL && b->range != NULL && a->proto == b->proto &&
	       strcmp(a->range, b->range) == 0;
}

/* "16 closed, 2 open|filtered": the counts that are not 0, with their names. */
static void
counts(char *buf, size_t len, const unsigned *n, unsigned count, const char *(*name)(unsigned))
{
	size_t used = 0;
	unsigned i;

	buf[0] = '\0';
	for (i = 0; i < count && used < len; i++)
		if (n[i] > 0)
			used += (size_t)snprintf(buf + used, len - used, "%s%u %s",
			                         used ? ", " : "", n[i], name(i));
}

/* The row of the range whose first sample is h->ports[i]: range, samples, their
 * states and verdicts ("pass" when every one passes). */
static void
range_row(struct row *w, const struct pp_host_result *h, size_t i)
{
	const struct pp_port_result *f = &h->ports[i];
	unsigned st[PP_STATE_OPEN_FILTERED + 1] = {0}, v[PP_VERDICT_COUNT] = {0}, n = 0;
	size_t j;

	for (j = i; j < h->nports; j++) {
		const struct pp_port_result *p = &h->ports[j];
		if (!same_range(p, f))
			continue;
		n++;
		if (p->state <= PP_STATE_OPEN_FILTERED)
			st[p->state]++;
		if (p->verdict < PP_VERDICT_COUNT)
			v[p->verdict]++;
	}
	snprintf(w->port, sizeof(w->port), "%s/%s", f->range, pp_proto_name(f->proto));
	snprintf(w->state, sizeof(w->state), "%u sample%s", n, n == 1 ? "" : "s");
	counts(w->reason, sizeof(w->reason), st, PP_STATE_OPEN_FILTERED + 1, pp_state_name);
	w->reason_w = strlen(w->reason);
	if (v[PP_VERDICT_PASS] == n)
		snprintf(w->verdict, sizeof(w->verdict), "%s", pp_verdict_name(PP_VERDICT_PASS));
	else
		counts(w->verdict, sizeof(w->verdict), v, PP_VERDICT_COUNT, pp_verdict_name);
	w->service = f->service != NULL ? f->service : "";
	w->p = NULL;
}

static void
port_row(struct row *w, const struct pp_port_result *p, struct pp__svc_cache *c)
{
	char code[24];
	int n;

	snprintf(w->port, sizeof(w->port), "%u/%s", p->port, pp_proto_name(p->proto));
	snprintf(w->state, sizeof(w->state), "%s", pp_state_name(p->state));
	n = snprintf(w->reason, sizeof(w->reason), "%s",
	             pp_reason_name(p->reason, p->icmp_code, code, sizeof(code)));
	w->reason_w = (size_t)(n > 0 ? n : 0) + 8; /* room for any " ttl N" */
	if (p->ttl > 0 && n > 0 && (size_t)n < sizeof(w->reason))
		snprintf(w->reason + n, sizeof(w->reason) - (size_t)n, " ttl %u", p->ttl);
	snprintf(w->verdict, sizeof(w->verdict), "%s", pp_verdict_name(p->verdict));
	w->service = pp__port_service(p, c);
	w->p = p;
}

/*
 * The rows of a host's table, in port order.  Each dynamic range's samples are
 * one row, at its first sample, followed only by the samples that did not pass
 * (all of them with -v): a range's 18 "closed ... pass" rows buried the
 * findings (issue 16).  The result keeps every sample; this is only the view.
 */
static struct row *
table_rows(const struct pp_host_result *h, const struct pp_report_opts *o, struct pp__svc_cache *c,
           size_t *nrows)
{
	const struct pp_port_result **seen;
	struct row *rows;
	size_t i, k, nseen = 0, n = 0;

	rows = calloc(2 * h->nports + 1, sizeof(*rows));
	seen = calloc(h->nports + 1, sizeof(*seen));
	if (rows == NULL || seen == NULL) {
		free(rows);
		free(seen);
		return NULL;
	}
	for (i = 0; i < h->nports; i++) {
		const struct pp_port_result *p = &h->ports[i];
		if (p->range != NULL) {
			for (k = 0; k < nseen && !same_range(seen[k], p); k++)
				;
			if (k == nseen) {
				seen[nseen++] = p;
				range_row(&rows[n++], h, i);
			}
			if (!o->verbose && p->verdict == PP_VERDICT_PASS)
				continue;
		}
		port_row(&rows[n++], p, c);
	}
	free(seen);
	*nrows = n;
	return rows;
}

static int
port_table(FILE *fp, const struct pp_host_result *h, int audit, const struct pp_report_opts *o,
           struct pp__svc_cache *c)
{
	size_t i, n, pw = 4, sw = 7, rw = 6, l;
	struct row *rows;

	if (h->nports == 0)
		return 0;
	if ((rows = table_rows(h, o, c, &n)) == NULL)
		return PP_ENOMEM;
	for (i = 0; i < n; i++) {
		pw = (l = strlen(rows[i].port)) > pw ? l : pw;
		sw = (l = strlen(rows[i].service)) > sw ? l : sw;
		rw = rows[i].reason_w > rw ? rows[i].reason_w : rw;
	}
	if (audit)
		fprintf(fp, "  %-*s  %-13s  %-*s  %-*s  VERDICT\n", (int)pw, "PORT", "STATE",
		        (int)sw, "SERVICE", (int)rw, "REASON");
	else
		fprintf(fp, "  %-*s  %-13s  %-*s  REASON\n", (int)pw, "PORT", "STATE", (int)sw,
		        "SERVICE");
	for (i = 0; i < n; i++) {
		const struct row *w = &rows[i];
		int open = w->p != NULL && w->p->state == PP_STATE_OPEN && o->color;

		fprintf(fp, "  %-*s  %s%-13s%s  %-*s  ", (int)pw, w->port, open ? GREEN : "",
		        w->state, open ? RESET : "", (int)sw, w->service);
		if (audit)
			fprintf(fp, "%-*s  %s", (int)rw, w->reason, w->verdict);
		else
			fputs(w->reason, fp);
		if (o->verbose && w->p != NULL && w->p->rtt_us > 0)
			fprintf(fp, "  rtt %.1f ms", w->p->rtt_us / 1000.0);
		/* A passing port that said nothing (a listener that accepts and
		 * closes) is noise on every row: -v shows it, the JSON keeps it. */
		if (w->p != NULL && w->p->seen != NULL &&
		    (o->verbose || strcmp(w->p->seen, "none") != 0 ||
		     w->p->verdict != PP_VERDICT_PASS))
			fprintf(fp, "  speaks %s%s%s", w->p->seen, w->p->seen_detail ? ": " : "",
			        w->p->seen_detail ? w->p->seen_detail : "");
		fputc('\n', fp);
	}
	free(rows);
	return 0;
}

#define ICMP_BURST 6 /* Linux's burst of ICMP errors to one peer */

/* Whether udp/port lies in the range of one of the host's judged samples that
 * got no answer either: a firewall drops that range, the port with it. */
static int
in_silent_range(const struct pp_host_result *h, unsigned port)
{
	pp_portset ps;
	size_t i, off;
	int in = 0;
	char err[64];

	for (i = 0; i < h->nports && !in; i++) {
		const struct pp_port_result *p = &h->ports[i];
		if (p->proto != PP_PROTO_UDP || p->range == NULL || p->verdict == PP_VERDICT_NONE ||
		    p->state != PP_STATE_OPEN_FILTERED)
			continue;
		pp_portset_init(&ps);
		in = pp_portset_parse(p->range, &ps, &off, err, sizeof(err)) == 0 &&
		     pp_portset_contains(&ps, port);
		pp_portset_free(&ps);
	}
	return in;
}

/* Whether the host sent port unreachables, at least a burst's worth of ICMP
 * errors (fewer cannot have met its limit: a firewall that drops all but one
 * closed port must not read as the limit), and left UDP ports that nothing
 * judges unanswered, other than in a range of its own that a firewall drops. */
static int
limit_kept_back(const struct pp_host_result *h)
{
	int unreach = 0, silent = h->other_udp == PP_STATE_OPEN_FILTERED;
	unsigned errors = 0;
	size_t i;

	for (i = 0; i < h->nports; i++) {
		const struct pp_port_result *p = &h->ports[i];
		errors += pp_reason_is_icmp(p->reason);
		if (p->proto != PP_PROTO_UDP)
			continue;
		unreach |= p->reason == PP_REASON_ICMP_UNREACH && p->icmp_code == 3;
		silent |= p->state == PP_STATE_OPEN_FILTERED && p->verdict == PP_VERDICT_NONE &&
		          !in_silent_range(h, p->port);
	}
	return unreach && errors >= ICMP_BURST && silent;
}

/*
 * An audit asks a UDP port that no expectation of the host judges no more than
 * its retries (portproof-deployment(5)): where the host does send port
 * unreachables, its ICMP rate limit (Linux: one a second after six), not the
 * network, most likely kept those ports' answers back.  Said once, plainly, so
 * a reader does not go looking for a firewall.
 */
static void
limit_note(FILE *fp, const struct pp_host_result *h, int audit)
{
	if (audit && limit_kept_back(h))
		fputs("  Unanswered udp ports that no expectation of this host judges are most "
		      "likely closed: the host sends port unreachables, but its ICMP rate limit "
		      "held theirs back, and the audit does not wait past it for them\n",
		      fp);
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

/* matrix: the result, when its ports were seen from several zones (a column each). */
static int
host(FILE *fp, const struct pp_host_result *h, int audit, const struct pp_report_opts *o,
     struct pp__svc_cache *c, const struct pp_result *matrix)
{
	const struct pp_port_result **f;
	char addr[PP_ADDR_STRLEN];
	size_t i, n;

	fprintf(fp, "\n%s%s%s", o->color ? BOLD : "", pp_addr_str(&h->addr, addr, sizeof(addr)),
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
	if (h->middlebox != NULL)
		fprintf(fp,
		        "  a device on the path answers for %s: %s (%u open ports no listener "
		        "confirmed, not listed)\n",
		        addr, pp__middlebox_name(h->middlebox), h->middlebox_ports);
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
	if (matrix != NULL ? pp__text_matrix(fp, matrix, h, o->color) < 0
	                   : port_table(fp, h, audit, o, c) < 0)
		return PP_ENOMEM;
	if (h->nports == 0)
		fputs("  no ports listed\n", fp);
	not_shown(fp, h);
	limit_note(fp, h, audit);
	return 0;
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
	/* A zone no result covers is not a pass: nothing was checked from there. */
	for (i = 0; i < r->nunverified; i++)
		fprintf(fp,
		        "NOT VERIFIED from vantage %s: no result covers it, %zu rows unchecked\n",
		        r->unverified[i].vantage, r->unverified[i].rows);
}

static int
render(const struct pp_result *r, FILE *fp, const struct pp_report_opts *o)
{
	const struct pp_result *matrix = pp_result_by_vantage(r) ? r : NULL;
	struct pp__svc_cache c;
	size_t i;

	memset(&c, 0, sizeof(c));
	header(r, fp, o);
	for (i = 0; i < r->nhosts; i++)
		if (host(fp, &r->hosts[i], r->deployment != NULL, o, &c, matrix) < 0)
			return PP_ENOMEM;
	summary(fp, r);
	return ferror(fp) ? PP_EIO : 0;
}

const struct pp_reporter pp__report_text = {
        .name = "text",
        .description = "per host: score, findings by severity, then the port table",
        .render = render,
};
