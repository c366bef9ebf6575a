/*
 * Printing a diff: text for the person reading a change ticket ('+' a new
 * finding, '-' a resolved one, '~' a state change, '!' a pass lost), and JSON
 * (portproof-diff/1) for the job that files it.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "portproof.h"
#include "pp_diff.h"
#include "html_int.h"
#include "result/result_int.h"

#define RED   "\033[1;31m"
#define GREEN "\033[32m"
#define RESET "\033[0m"

static void
text_header(const struct pp_diff *d, FILE *fp)
{
	char a[32], b[32];
	struct tm tm;

	if (gmtime_r(&d->old->started, &tm) == NULL ||
	    strftime(a, sizeof(a), "%Y-%m-%d %H:%M:%S", &tm) == 0)
		strcpy(a, "?");
	if (gmtime_r(&d->new->started, &tm) == NULL ||
	    strftime(b, sizeof(b), "%Y-%m-%d %H:%M:%S", &tm) == 0)
		strcpy(b, "?");
	fprintf(fp, "portproof diff: %s (%s UTC) -> %s (%s UTC)\n",
	        d->old_name ? d->old_name : "old", a, d->new_name ? d->new_name : "new", b);
	if (!d->new->complete)
		fputs("note: the new result is incomplete (the scan was interrupted)\n", fp);
	if ((d->old->deployment != NULL) != (d->new->deployment != NULL))
		fputs("note: an audit compared with a plain scan: only port states are compared\n",
		      fp);
}

static void
text_port(FILE *fp, const struct pp_diff_port *p, const struct pp_report_opts *o)
{
	const struct pp_port_result *n = p->new, *old = p->old;
	char port[16];
	char mark = p->what & PP_DIFF_NEW_FINDING ? '+'
	            : p->what & PP_DIFF_LOST_PASS ? '!'
	            : p->what & PP_DIFF_RESOLVED  ? '-'
	                                          : '~';

	pp__port_str(p->proto, p->port, port, sizeof(port));
	fprintf(fp, "  %s%c%s %-9s", o->color ? (p->worse ? RED : GREEN) : "", mark,
	        o->color ? RESET : "", port);
	if (p->vantage != NULL)
		fprintf(fp, " from %s", p->vantage);
	if (p->what & PP_DIFF_NEW_FINDING)
		fprintf(fp, " new finding: %s (%s)", pp_verdict_name(n->verdict),
		        pp_severity_name(n->severity));
	if (p->what & PP_DIFF_RESOLVED)
		fprintf(fp, "%s %s: %s (%s)", p->what & PP_DIFF_NEW_FINDING ? ";" : "",
		        p->what & PP_DIFF_NEW_FINDING ? "was" : "resolved",
		        pp_verdict_name(old->verdict), pp_severity_name(old->severity));
	if (p->what & PP_DIFF_LOST_PASS)
		fprintf(fp, " passed before, now %s",
		        n ? pp_verdict_name(n->verdict) : "not judged");
	if (p->what & PP_DIFF_STATE)
		fprintf(fp, "%s %s -> %s", p->what & ~PP_DIFF_STATE ? ";" : "",
		        p->old_state ? pp_state_name(p->old_state) : "not scanned",
		        pp_state_name(p->new_state));
	if (p->what & PP_DIFF_SEEN)
		fprintf(fp, "%s speaks %s, was %s", p->what & ~PP_DIFF_SEEN ? ";" : "", n->seen,
		        old->seen);
	fputc('\n', fp);
	if ((p->what & PP_DIFF_NEW_FINDING) && n->detail != NULL) {
		fprintf(fp, "             %s", n->detail);
		if (n->ref != NULL && strstr(n->detail, n->ref) == NULL)
			fprintf(fp, " [%s]", n->ref);
		fputc('\n', fp);
	}
}

static void
text_other(FILE *fp, const char *proto, unsigned o, unsigned n)
{
	if (n != PP_STATE_UNKNOWN && o != n)
		fprintf(fp, "  ~ unlisted %s ports: %s -> %s\n", proto,
		        o ? pp_state_name(o) : "not scanned", pp_state_name(n));
}

static void
text_host(const struct pp_diff *d, const struct pp_diff_host *h, FILE *fp,
          const struct pp_report_opts *o)
{
	const struct pp_host_result *any = h->new ? h->new : h->old;
	char addr[PP_ADDR_STRLEN];
	size_t i;

	fprintf(fp, "\n%s", pp_addr_str(&h->addr, addr, sizeof(addr)));
	if (any->name != NULL)
		fprintf(fp, " %s", any->name);
	if (h->status == PP_DIFF_REMOVED) {
		fputs(": gone (not in the new result)\n", fp);
		return;
	}
	if (h->status == PP_DIFF_ADDED)
		fputs(": new host", fp);
	if (h->score_changed) {
		fputs(h->status == PP_DIFF_ADDED ? ", " : ": ", fp);
		if (h->old->has_score && h->new->has_score)
			fprintf(fp, "score %.1f -> %.1f (%+.1f)", h->old->score, h->new->score,
			        h->new->score - h->old->score);
		else if (h->new->has_score)
			fprintf(fp, "score none -> %.1f", h->new->score);
		else
			fprintf(fp, "score %.1f -> none", h->old->score);
	} else if (d->audit && h->new->has_score && h->status == PP_DIFF_ADDED) {
		fprintf(fp, ", score %.1f", h->new->score);
	}
	fputc('\n', fp);
	if (h->old != NULL) {
		text_other(fp, "tcp", h->old->other_tcp, h->new->other_tcp);
		text_other(fp, "udp", h->old->other_udp, h->new->other_udp);
	}
	for (i = 0; i < h->nports; i++)
		text_port(fp, &h->ports[i], o);
}

static int
render_text(const struct pp_diff *d, FILE *fp, const struct pp_report_opts *o)
{
	size_t i;

	text_header(d, fp);
	for (i = 0; i < d->nhosts; i++)
		text_host(d, &d->hosts[i], fp, o);
	fputs(d->nhosts ? "\nsummary:" : "\nno change; summary:", fp);
	if (d->audit && d->old->has_score && d->new->has_score)
		fprintf(fp, " score %.1f -> %.1f;", d->old->score, d->new->score);
	if (d->audit)
		fprintf(fp, " %u new finding%s, %u resolved,", d->new_findings,
		        d->new_findings == 1 ? "" : "s", d->resolved);
	fprintf(fp, " %u state change%s, %u host%s added, %u gone: %s%s%s\n", d->state_changes,
	        d->state_changes == 1 ? "" : "s", d->hosts_added, d->hosts_added == 1 ? "" : "s",
	        d->hosts_removed, o->color ? (d->worse ? RED : GREEN) : "",
	        d->worse ? "worse" : "not worse", o->color ? RESET : "");
	return ferror(fp) ? PP_EIO : 0;
}

static void
json_side(FILE *fp, const char *name, const struct pp_result *r, int audit)
{
	fputs("{\"file\": ", fp);
	pp__json_str(fp, name);
	fputs(", \"started\": ", fp);
	pp__json_time(fp, r->started);
	fprintf(fp, ", \"complete\": %s", r->complete ? "true" : "false");
	if (audit && r->has_score)
		fprintf(fp, ", \"score\": %.1f", r->score);
	else if (audit)
		fputs(", \"score\": null", fp);
	fputc('}', fp);
}

static void
json_port_side(FILE *fp, unsigned state, const struct pp_port_result *p, int audit)
{
	fputs("{\"state\": ", fp);
	pp__json_str(fp, state ? pp_state_name(state) : NULL);
	if (audit)
		fprintf(fp, ", \"verdict\": \"%s\", \"severity\": \"%s\"",
		        pp_verdict_name(p ? p->verdict : 0), pp_severity_name(p ? p->severity : 0));
	if (p != NULL && p->seen != NULL) {
		fputs(", \"seen\": ", fp);
		pp__json_str(fp, p->seen);
	}
	fputc('}', fp);
}

static void
json_port(FILE *fp, const struct pp_diff_port *p, int audit, int first)
{
	static const char *const names[] = {"new-finding", "resolved", "state", "lost-pass",
	                                    "seen"};
	const struct pp_port_result *any = p->new ? p->new : p->old;
	size_t i;
	int n = 0;

	fprintf(fp, "%s\n        {\"proto\": \"%s\", \"port\": %u, ", first ? "" : ",",
	        pp_proto_name(p->proto), p->port);
	if (p->vantage != NULL) {
		fputs("\"vantage\": ", fp);
		pp__json_str(fp, p->vantage);
		fputs(", ", fp);
	}
	fputs("\"change\": [", fp);
	for (i = 0; i < 5; i++)
		if (p->what & (1u << i))
			fprintf(fp, "%s\"%s\"", n++ ? ", " : "", names[i]);
	fprintf(fp, "], \"worse\": %s, \"old\": ", p->worse ? "true" : "false");
	json_port_side(fp, p->old_state, p->old, audit);
	fputs(", \"new\": ", fp);
	json_port_side(fp, p->new_state, p->new, audit);
	if (audit) {
		fputs(", \"service\": ", fp);
		pp__json_str(fp, any->service);
		fputs(", \"ref\": ", fp);
		pp__json_str(fp, any->ref);
		fputs(", \"detail\": ", fp);
		pp__json_str(fp, p->new && (p->what & PP_DIFF_NEW_FINDING) ? p->new->detail
		                                                           : any->detail);
	}
	fputc('}', fp);
}

static void
json_host(FILE *fp, const struct pp_diff *d, const struct pp_diff_host *h)
{
	static const char *const status[] = {"", "changed", "added", "removed"};
	const struct pp_host_result *any = h->new ? h->new : h->old;
	char addr[PP_ADDR_STRLEN];
	size_t i;

	fprintf(fp, "\n    {\"address\": \"%s\", ", pp_addr_str(&h->addr, addr, sizeof(addr)));
	if (d->audit) {
		fputs("\"name\": ", fp);
		pp__json_str(fp, any->name);
		fputs(", ", fp);
	}
	fprintf(fp, "\"status\": \"%s\", \"worse\": %s", status[h->status],
	        h->worse ? "true" : "false");
	if (d->audit) {
		fputs(", \"score\": {\"old\": ", fp);
		if (h->old && h->old->has_score)
			fprintf(fp, "%.1f", h->old->score);
		else
			fputs("null", fp);
		fputs(", \"new\": ", fp);
		if (h->new && h->new->has_score)
			fprintf(fp, "%.1f", h->new->score);
		else
			fputs("null", fp);
		fputc('}', fp);
	}
	fputs(", \"changes\": [", fp);
	for (i = 0; i < h->nports; i++)
		json_port(fp, &h->ports[i], d->audit, i == 0);
	fputs(h->nports ? "\n      ]}" : "]}", fp);
}

static int
render_json(const struct pp_diff *d, FILE *fp, const struct pp_report_opts *o)
{
	size_t i;

	(void)o;
	fputs("{\n  \"schema\": \"portproof-diff/1\",\n  \"old\": ", fp);
	json_side(fp, d->old_name, d->old, d->audit);
	fputs(",\n  \"new\": ", fp);
	json_side(fp, d->new_name, d->new, d->audit);
	fprintf(fp, ",\n  \"worse\": %s,\n  \"hosts\": [", d->worse ? "true" : "false");
	for (i = 0; i < d->nhosts; i++) {
		if (i)
			fputc(',', fp);
		json_host(fp, d, &d->hosts[i]);
	}
	fprintf(fp,
	        "%s],\n  \"summary\": {\"new_findings\": %u, \"resolved\": %u, \"state_changes\": "
	        "%u, \"hosts_added\": %u, \"hosts_removed\": %u}\n}\n",
	        d->nhosts ? "\n  " : "", d->new_findings, d->resolved, d->state_changes,
	        d->hosts_added, d->hosts_removed);
	return ferror(fp) ? PP_EIO : 0;
}

int
pp_diff_render(const char *format, const struct pp_diff *d, FILE *fp,
               const struct pp_report_opts *o, char *err, size_t errlen)
{
	static const struct pp_report_opts none;

	if (format == NULL || strcmp(format, "text") == 0)
		return render_text(d, fp, o ? o : &none);
	if (strcmp(format, "json") == 0)
		return render_json(d, fp, o ? o : &none);
	if (strcmp(format, "html") == 0)
		return pp__diff_render_html(d, fp, o ? o : &none);
	return pp__errf(err, errlen, PP_EINVAL,
	                "unknown format '%s' for diff (expected text, json or html)", format);
}
