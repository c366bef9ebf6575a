/*
 * A diff as one self-contained page, for the change ticket or the glance after a
 * regression check: whether anything got worse, the deployment's score before
 * and after as two gauges, each host's score change, then what got worse (new
 * findings, passes lost, newly open ports, hosts gone) and what got better
 * (resolved findings), then the other changes.  Same frame and escaping as the
 * html report (html_page.c).
 */
#include "config.h"

#include <string.h>

#include "html_int.h"
#include "portproof.h"
#include "report_int.h"
#include "result/result_int.h"

enum { WORSE, BETTER, OTHER };

static const char *
host_name(const struct pp_diff_host *h, char *buf, size_t len)
{
	const struct pp_host_result *any = h->new ? h->new : h->old;

	return pp__host_label(any, buf, len);
}

static void
side(FILE *fp, const char *name, const struct pp_result *r)
{
	pp__hf(fp, "<b>%s</b> (", name);
	pp__html_time(fp, r->started);
	pp__hf(fp, "%s)", r->complete ? "" : ", incomplete");
}

static void
header(FILE *fp, const struct pp_diff *d)
{
	const char *dep = d->new->deployment ? d->new->deployment : d->old->deployment;

	if (dep != NULL)
		pp__hf(fp, "<header>\n<h1>What changed in %s</h1>\n<p class=\"meta\">", dep);
	else
		pp__hf(fp, "<header>\n<h1>What changed</h1>\n<p class=\"meta\">");
	side(fp, d->old_name ? d->old_name : "old", d->old);
	pp__hf(fp, " &rarr; ");
	side(fp, d->new_name ? d->new_name : "new", d->new);
	pp__hf(fp, "</p>\n<p id=\"verdict\" class=\"%s\" style=\"font-size:18px\">%s</p>\n",
	       d->worse ? "bad" : "ok",
	       d->worse ? "Worse: something that held before does not hold now."
	                : "Not worse: nothing that held before was lost.");
	if ((d->old->deployment != NULL) != (d->new->deployment != NULL))
		pp__hf(fp, "<p class=\"warn\">An audit compared with a plain scan: only port "
		           "states are compared.</p>\n");
	pp__hf(fp, "</header>\n");
}

static void
delta(FILE *fp, int has_old, double old, int has_new, double new)
{
	if (has_old && has_new)
		pp__hf(fp, "<span class=\"%s\">%s%.1f</span>",
		       new < old - 0.05   ? "delta-down"
		       : new > old + 0.05 ? "delta-up"
		                          : "meta",
		       new >= old ? "+" : "", new - old);
}

static void
scores(FILE *fp, const struct pp_diff *d)
{
	char buf[PP_ADDR_STRLEN];
	size_t i;

	pp__hf(fp, "<section id=\"overview\">\n<h2>Scores</h2>\n<div class=\"overview\">"
	           "<div class=\"card deploy\">");
	pp__html_gauge(fp, d->old->has_score, d->old->score, 180, "score before");
	pp__hf(fp, "<div style=\"font-size:28px\">&rarr;</div>");
	pp__html_gauge(fp, d->new->has_score, d->new->score, 180, "score after");
	pp__hf(fp, "<div><div class=\"meta\">Deployment score</div><h3>");
	delta(fp, d->old->has_score, d->old->score, d->new->has_score, d->new->score);
	pp__hf(fp,
	       "</h3><div class=\"counts\"><span class=\"chip sev-high\">%u new finding%s"
	       "</span><span class=\"chip v-pass\">%u resolved</span></div></div></div>\n",
	       d->new_findings, d->new_findings == 1 ? "" : "s", d->resolved);
	pp__hf(fp, "<table class=\"ports\" style=\"width:auto\"><thead><tr><th>Host</th>"
	           "<th>Before</th><th>After</th><th>Change</th></tr></thead><tbody>\n");
	for (i = 0; i < d->nhosts; i++) {
		const struct pp_diff_host *h = &d->hosts[i];
		int ho = h->old && h->old->has_score, hn = h->new && h->new->has_score;
		pp__hf(fp, "<tr data-host=\"%s\"><td>%s</td><td class=\"num\">",
		       host_name(h, buf, sizeof(buf)), host_name(h, buf, sizeof(buf)));
		if (ho)
			pp__hf(fp, "%.1f", h->old->score);
		pp__hf(fp, "</td><td class=\"num\">");
		if (hn)
			pp__hf(fp, "%.1f", h->new->score);
		pp__hf(fp, "</td><td>");
		if (h->status == PP_DIFF_REMOVED)
			pp__hf(fp, "<span class=\"bad\">gone</span>");
		else if (h->status == PP_DIFF_ADDED)
			pp__hf(fp, "new host");
		else
			delta(fp, ho, ho ? h->old->score : 0, hn, hn ? h->new->score : 0);
		pp__hf(fp, "</td></tr>\n");
	}
	pp__hf(fp, "</tbody></table>\n</div>\n</section>\n");
}

static int
kind(const struct pp_diff_port *p)
{
	if (p->worse)
		return WORSE;
	if (p->what & PP_DIFF_RESOLVED)
		return BETTER;
	return OTHER;
}

static void
change(FILE *fp, const struct pp_diff_host *h, const struct pp_diff_port *p)
{
	const struct pp_port_result *n = p->new, *o = p->old, *any = n ? n : o;
	char port[96], buf[PP_ADDR_STRLEN];

	pp__port_str(p->proto, p->port, port, sizeof(port));
	if (p->vantage != NULL) /* a cell of a zone x port matrix */
		snprintf(port + strlen(port), sizeof(port) - strlen(port), " from %.64s",
		         p->vantage);
	pp__hf(fp,
	       "<li class=\"finding %s\" data-host=\"%s\" data-port=\"%s\">\n<div class=\"head\">"
	       "<span class=\"where\">%s <span class=\"mono\">%s</span></span>",
	       p->worse ? "sev-high" : "sev-low", host_name(h, buf, sizeof(buf)), port,
	       host_name(h, buf, sizeof(buf)), port);
	if (any->service != NULL)
		pp__hf(fp, "<span class=\"meta\">%s</span>", any->service);
	if (p->what & PP_DIFF_NEW_FINDING)
		pp__hf(fp, "<span>new finding: <span class=\"badge v-%s\">%s</span> (%s)</span>",
		       pp_verdict_name(n->verdict), pp_verdict_name(n->verdict),
		       pp_severity_name(n->severity));
	if (p->what & PP_DIFF_RESOLVED)
		pp__hf(fp, "<span>%s: <span class=\"badge v-%s\">%s</span> (%s)</span>",
		       p->what & PP_DIFF_NEW_FINDING ? "was" : "resolved",
		       pp_verdict_name(o->verdict), pp_verdict_name(o->verdict),
		       pp_severity_name(o->severity));
	if (p->what & PP_DIFF_LOST_PASS)
		pp__hf(fp, "<span>passed before, now %s</span>",
		       n ? pp_verdict_name(n->verdict) : "not judged");
	if (p->what & PP_DIFF_STATE)
		pp__hf(fp, "<span class=\"mono\">%s &rarr; %s</span>",
		       p->old_state ? pp_state_name(p->old_state) : "not scanned",
		       pp_state_name(p->new_state));
	if (p->what & PP_DIFF_SEEN)
		pp__hf(fp, "<span>speaks %s, was %s</span>", n->seen, o->seen);
	pp__hf(fp, "</div>\n");
	if ((p->what & PP_DIFF_NEW_FINDING) && n->detail != NULL)
		pp__hf(fp, "<div class=\"detail\">%s</div>\n", n->detail);
	else if ((p->what & PP_DIFF_RESOLVED) && o->detail != NULL)
		pp__hf(fp, "<div class=\"detail\">Was: %s</div>\n", o->detail);
	if (any->ref != NULL)
		pp__hf(fp, "<div class=\"ref\">Document: %s</div>\n", any->ref);
	pp__hf(fp, "</li>\n");
}

static void
host_line(FILE *fp, const struct pp_diff_host *h, const char *what)
{
	char buf[PP_ADDR_STRLEN], addr[PP_ADDR_STRLEN];

	pp__hf(fp,
	       "<li class=\"finding sev-%s\" data-host=\"%s\"><div class=\"head\"><span "
	       "class=\"where\">%s <span class=\"mono\">%s</span></span><span>%s</span></div>"
	       "</li>\n",
	       h->status == PP_DIFF_REMOVED ? "high" : "low", host_name(h, buf, sizeof(buf)),
	       host_name(h, buf, sizeof(buf)), pp_addr_str(&h->addr, addr, sizeof(addr)), what);
}

static void
group(FILE *fp, const struct pp_diff *d, int which)
{
	static const char *const title[] = {"What got worse", "What got better", "Other changes"};
	static const char *const none[] = {"Nothing got worse.", "Nothing got better.",
	                                   "No other change."};
	size_t i, j, n = 0;

	for (i = 0; i < d->nhosts; i++) {
		const struct pp_diff_host *h = &d->hosts[i];
		if (h->status == PP_DIFF_REMOVED)
			n += which == WORSE;
		else if (h->status == PP_DIFF_ADDED)
			n += which == OTHER;
		for (j = 0; j < h->nports; j++)
			n += kind(&h->ports[j]) == which;
	}
	pp__hf(fp, "<section id=\"%s\">\n<h2>%s (%zu)</h2>\n",
	       which == WORSE    ? "worse"
	       : which == BETTER ? "better"
	                         : "other",
	       title[which], n);
	if (n == 0) {
		pp__hf(fp, "<p class=\"%s\">%s</p>\n</section>\n", which == WORSE ? "ok" : "meta",
		       none[which]);
		return;
	}
	pp__hf(fp, "<ol class=\"findings\">\n");
	for (i = 0; i < d->nhosts; i++) {
		const struct pp_diff_host *h = &d->hosts[i];
		if (h->status == PP_DIFF_REMOVED && which == WORSE)
			host_line(fp, h, "gone: not in the new result");
		if (h->status == PP_DIFF_ADDED && which == OTHER)
			host_line(fp, h, "new host: not in the old result");
		for (j = 0; j < h->nports; j++)
			if (kind(&h->ports[j]) == which)
				change(fp, h, &h->ports[j]);
	}
	pp__hf(fp, "</ol>\n</section>\n");
}

int
pp__diff_render_html(const struct pp_diff *d, FILE *fp, const struct pp_report_opts *o)
{
	char title[256];
	const char *dep = d->new->deployment ? d->new->deployment : d->old->deployment;

	(void)o;
	snprintf(title, sizeof(title), "portproof diff%s%s: %s", dep ? " of " : "", dep ? dep : "",
	         d->worse ? "worse" : "not worse");
	pp__html_open(fp, title);
	header(fp, d);
	if (d->audit)
		scores(fp, d);
	group(fp, d, WORSE);
	group(fp, d, BETTER);
	group(fp, d, OTHER);
	pp__html_close(fp, d->new->tool_version ? d->new->tool_version : pp_version());
	return ferror(fp) ? PP_EIO : 0;
}
