/*
 * The html report: one self-contained page for the document of a hardening audit
 * that is mailed around and printed.  An audit shows, in the order a reader asks
 * for them: the deployment's score and each host's as gauges, the heatmap of
 * host x expected port, the findings grouped by severity (each with the line to
 * act on and the document row it cites), the ports open that no document asks
 * for, then every host's port table.  A plain scan has no verdicts: a summary of
 * the states and a port table per host.  Every string of the result is escaped
 * (html_int.h says how).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "html_int.h"
#include "portproof.h"
#include "report_int.h"
#include "result/result_int.h"

static const unsigned severities[] = {PP_SEV_HIGH, PP_SEV_MEDIUM, PP_SEV_LOW, PP_SEV_INFO};

static void
header(FILE *fp, const struct pp_result *r)
{
	size_t i;

	if (r->deployment != NULL)
		pp__hf(fp, "<header>\n<h1>Audit of %s</h1>\n", r->deployment);
	else
		pp__hf(fp, "<header>\n<h1>Scan of %zu host%s</h1>\n", r->nhosts,
		       r->nhosts == 1 ? "" : "s");
	pp__hf(fp, "<p class=\"meta\">Started <b>");
	pp__html_time(fp, r->started);
	pp__hf(fp,
	       "</b>, took <b>%ld s</b>; <b>%zu</b> host%s, <b>%llu</b> sent, "
	       "<b>%llu</b> answered",
	       pp__elapsed(r), r->nhosts, r->nhosts == 1 ? "" : "s", (unsigned long long)r->sent,
	       pp__answered(r));
	if (r->rate > 0)
		pp__hf(fp, ", rate limit %llu pps", (unsigned long long)r->rate);
	if (r->shard_n > 1)
		pp__hf(fp, "; shard <b>%u/%u</b>", r->shard_k, r->shard_n);
	pp__hf(fp, ".</p>\n");
	if (r->nargs > 0) {
		pp__hf(fp, "<p class=\"meta\">Command: <code>portproof");
		for (i = 0; i < r->nargs; i++)
			pp__hf(fp, " %s", r->args[i]);
		pp__hf(fp, "</code></p>\n");
	}
	if (!r->complete)
		pp__hf(fp, "<p class=\"warn\"><b>Incomplete:</b> the scan was interrupted; this "
		           "report shows what it saw.</p>\n");
	pp__hf(fp, "</header>\n");
}

static void
host_title(FILE *fp, const struct pp_host_result *h)
{
	char addr[PP_ADDR_STRLEN];

	pp_addr_str(&h->addr, addr, sizeof(addr));
	if (h->name != NULL)
		pp__hf(fp, "%s <span class=\"meta mono\">%s</span>", h->name, addr);
	else
		pp__hf(fp, "<span class=\"mono\">%s</span>", addr);
}

/* Findings of h by severity, into n[] indexed by enum pp_severity. */
static void
count_findings(const struct pp_host_result *h, unsigned n[PP_SEV_HIGH + 1])
{
	size_t i;

	memset(n, 0, (PP_SEV_HIGH + 1) * sizeof(*n));
	for (i = 0; i < h->nports; i++)
		if (pp__port_finding(&h->ports[i]) && h->ports[i].severity <= PP_SEV_HIGH)
			n[h->ports[i].severity]++;
}

static void
overview(FILE *fp, const struct pp_result *r)
{
	unsigned v, n[PP_SEV_HIGH + 1];
	size_t i, k;
	char label[160], buf[PP_ADDR_STRLEN], addr[PP_ADDR_STRLEN];

	pp__hf(fp, "<section id=\"overview\">\n<h2>Scores</h2>\n<div class=\"overview\">\n"
	           "<div class=\"card deploy\">");
	pp__html_gauge(fp, r->has_score, r->score, 220, "deployment score");
	pp__hf(fp,
	       "<div><div class=\"meta\">Deployment score</div><h3>%s</h3>"
	       "<div class=\"counts\">",
	       r->deployment);
	for (v = PP_VERDICT_PASS; v < PP_VERDICT_COUNT; v++)
		if (r->verdicts[v] > 0 || v == PP_VERDICT_PASS)
			pp__hf(fp, "<span class=\"chip v-%s\">%u %s</span>", pp_verdict_name(v),
			       r->verdicts[v], pp_verdict_name(v));
	pp__hf(fp, "</div></div></div>\n<div class=\"hosts\">\n");
	for (i = 0; i < r->nhosts; i++) {
		const struct pp_host_result *h = &r->hosts[i];
		snprintf(label, sizeof(label), "%s score", pp__host_label(h, buf, sizeof(buf)));
		pp__hf(fp, "<div class=\"card host\" data-host=\"%s\">",
		       pp__host_label(h, buf, sizeof(buf)));
		pp__html_gauge(fp, h->has_score, h->score, 130, label);
		pp__hf(fp,
		       "<div class=\"n\">%s</div><div class=\"s mono\">%s</div><div class=\"s\">"
		       "%s%s%s</div><div class=\"counts\">",
		       pp__host_label(h, buf, sizeof(buf)),
		       pp_addr_str(&h->addr, addr, sizeof(addr)), h->profile,
		       h->profile && h->role ? ", " : "", h->role);
		count_findings(h, n);
		for (k = 0; k < sizeof(severities) / sizeof(severities[0]); k++)
			if (n[severities[k]] > 0)
				pp__hf(fp, "<span class=\"chip sev-%s\">%u %s</span>",
				       pp_severity_name(severities[k]), n[severities[k]],
				       pp_severity_name(severities[k]));
		if (n[PP_SEV_HIGH] + n[PP_SEV_MEDIUM] + n[PP_SEV_LOW] + n[PP_SEV_INFO] == 0)
			pp__hf(fp, "<span class=\"ok\">no findings</span>");
		pp__hf(fp, "</div></div>\n");
	}
	pp__hf(fp, "</div>\n</div>\n</section>\n");
}

static void
finding(FILE *fp, const struct pp_host_result *h, const struct pp_port_result *p)
{
	char port[16], buf[PP_ADDR_STRLEN];

	pp__port_str(p->proto, p->port, port, sizeof(port));
	pp__hf(fp,
	       "<li class=\"finding sev-%s\" data-host=\"%s\" data-port=\"%s\" "
	       "data-verdict=\"%s\">\n<div class=\"head\"><span class=\"badge v-%s\">%s</span>"
	       "<span class=\"where\">%s <span class=\"mono\">%s</span></span>",
	       pp_severity_name(p->severity), pp__host_label(h, buf, sizeof(buf)), port,
	       pp_verdict_name(p->verdict), pp_verdict_name(p->verdict),
	       pp_verdict_name(p->verdict), pp__host_label(h, buf, sizeof(buf)), port);
	if (p->service != NULL)
		pp__hf(fp, "<span class=\"meta\">%s</span>", p->service);
	if (p->requirement != PP_RREQ_NONE)
		pp__hf(fp, "<span class=\"meta\">%s</span>", pp_result_req_name(p->requirement));
	pp__hf(fp, "<span class=\"meta\">%s (%s)</span></div>\n", pp_state_name(p->state),
	       pp_severity_name(p->severity));
	if (p->detail != NULL)
		pp__hf(fp, "<div class=\"detail\">%s</div>\n", p->detail);
	else
		pp__hf(fp, "<div class=\"detail\">%s is %s on %s</div>\n", port,
		       pp_state_name(p->state), pp__host_label(h, buf, sizeof(buf)));
	if (p->ref != NULL)
		pp__hf(fp, "<div class=\"ref\">Document: %s</div>\n", p->ref);
	else
		pp__hf(fp, "<div class=\"ref\">Document: no document asks for this port</div>\n");
	pp__hf(fp, "</li>\n");
}

static void
findings(FILE *fp, const struct pp_result *r)
{
	unsigned n[PP_SEV_HIGH + 1], all[PP_SEV_HIGH + 1] = {0}, sev;
	size_t i, j, k, total = 0;

	for (i = 0; i < r->nhosts; i++) {
		count_findings(&r->hosts[i], n);
		for (k = 0; k <= PP_SEV_HIGH; k++)
			all[k] += n[k];
	}
	for (k = 0; k <= PP_SEV_HIGH; k++)
		total += all[k];
	pp__hf(fp, "<section id=\"findings\">\n<h2>Findings (%zu)</h2>\n", total);
	if (total == 0)
		pp__hf(fp, "<p class=\"ok\">No findings: every expectation holds.</p>\n");
	for (k = 0; k < sizeof(severities) / sizeof(severities[0]); k++) {
		sev = severities[k];
		if (all[sev] == 0)
			continue;
		pp__hf(fp,
		       "<h3 id=\"sev-%s\"><span class=\"chip sev-%s\">%s</span> %u finding%s</h3>\n"
		       "<ol class=\"findings\">\n",
		       pp_severity_name(sev), pp_severity_name(sev), pp_severity_name(sev),
		       all[sev], all[sev] == 1 ? "" : "s");
		for (i = 0; i < r->nhosts; i++)
			for (j = 0; j < r->hosts[i].nports; j++)
				if (pp__port_finding(&r->hosts[i].ports[j]) &&
				    r->hosts[i].ports[j].severity == sev)
					finding(fp, &r->hosts[i], &r->hosts[i].ports[j]);
		pp__hf(fp, "</ol>\n");
	}
	pp__hf(fp, "</section>\n");
}

static void
unexpected(FILE *fp, const struct pp_result *r, struct pp__svc_cache *c)
{
	char port[16], code[24], addr[PP_ADDR_STRLEN], buf[PP_ADDR_STRLEN];
	size_t i, j, n = 0;

	for (i = 0; i < r->nhosts; i++)
		for (j = 0; j < r->hosts[i].nports; j++)
			n += r->hosts[i].ports[j].verdict == PP_VERDICT_UNEXPECTED;
	pp__hf(fp, "<section id=\"unexpected\">\n<h2>Open ports no document asks for (%zu)</h2>\n",
	       n);
	if (n == 0) {
		pp__hf(fp, "<p class=\"ok\">None: every open port is one a document asks "
		           "for.</p>\n</section>\n");
		return;
	}
	pp__hf(fp, "<table class=\"ports\">\n<thead><tr><th>Host</th><th>Address</th><th>Port</th>"
	           "<th>Service (guess)</th><th>Reason</th><th>What to do</th></tr></thead>\n"
	           "<tbody>\n");
	for (i = 0; i < r->nhosts; i++) {
		const struct pp_host_result *h = &r->hosts[i];
		for (j = 0; j < h->nports; j++) {
			const struct pp_port_result *p = &h->ports[j];
			if (p->verdict != PP_VERDICT_UNEXPECTED)
				continue;
			pp__hf(fp,
			       "<tr data-host=\"%s\" data-port=\"%s\"><td>%s</td><td "
			       "class=\"mono\">"
			       "%s</td><td class=\"mono\">%s</td><td>%s</td><td>%s</td><td "
			       "class=\"wrap\">%s</td>"
			       "</tr>\n",
			       pp__host_label(h, buf, sizeof(buf)),
			       pp__port_str(p->proto, p->port, port, sizeof(port)),
			       pp__host_label(h, buf, sizeof(buf)),
			       pp_addr_str(&h->addr, addr, sizeof(addr)), port,
			       pp__port_service(p, c),
			       pp_reason_name(p->reason, p->icmp_code, code, sizeof(code)),
			       p->detail ? p->detail
			                 : "close it, filter it, or add it to the profile");
		}
	}
	pp__hf(fp, "</tbody>\n</table>\n</section>\n");
}

static void
other_ports(FILE *fp, const struct pp_host_result *h)
{
	if (h->other_tcp == PP_STATE_UNKNOWN && h->other_udp == PP_STATE_UNKNOWN)
		return;
	pp__hf(fp, "<p class=\"meta\">Not shown:");
	if (h->other_tcp != PP_STATE_UNKNOWN)
		pp__hf(fp, " other tcp ports %s%s", pp_state_name(h->other_tcp),
		       h->other_udp != PP_STATE_UNKNOWN ? ";" : "");
	if (h->other_udp != PP_STATE_UNKNOWN)
		pp__hf(fp, " other udp ports %s", pp_state_name(h->other_udp));
	pp__hf(fp, ".</p>\n");
}

static void
port_table(FILE *fp, const struct pp_host_result *h, int audit, struct pp__svc_cache *c)
{
	char port[16], code[24];
	size_t i;

	if (h->nports == 0) {
		pp__hf(fp, "<p class=\"meta\">No ports listed.</p>\n");
		return;
	}
	pp__hf(fp, "<table class=\"ports\">\n<thead><tr><th>Port</th><th>State</th>"
	           "<th>Service</th><th>Reason</th>");
	if (audit)
		pp__hf(fp, "<th>Verdict</th><th>Requirement</th><th>Document</th>");
	else
		pp__hf(fp, "<th>TTL</th><th>RTT</th>");
	pp__hf(fp, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < h->nports; i++) {
		const struct pp_port_result *p = &h->ports[i];
		pp__hf(fp,
		       "<tr class=\"%s\"><td class=\"mono\">%s%s%s</td><td class=\"st\">%s</td>"
		       "<td>%s",
		       p->state == PP_STATE_OPEN ? "open" : "",
		       pp__port_str(p->proto, p->port, port, sizeof(port)),
		       p->vantage ? " from " : "", p->vantage ? p->vantage : "",
		       pp_state_name(p->state), pp__port_service(p, c));
		if (p->seen != NULL)
			pp__hf(fp, "<br><span class=\"meta\">speaks %s%s%s</span>", p->seen,
			       p->seen_detail ? ": " : "", p->seen_detail ? p->seen_detail : "");
		pp__hf(fp, "</td><td>%s</td>",
		       pp_reason_name(p->reason, p->icmp_code, code, sizeof(code)));
		if (audit && p->verdict != PP_VERDICT_NONE)
			pp__hf(fp,
			       "<td><span class=\"badge v-%s\">%s</span></td><td>%s</td>"
			       "<td class=\"wrap\">%s</td>",
			       pp_verdict_name(p->verdict), pp_verdict_name(p->verdict),
			       p->requirement ? pp_result_req_name(p->requirement) : "",
			       p->ref ? p->ref : "");
		else if (audit)
			pp__hf(fp, "<td class=\"meta\">not judged</td><td></td><td></td>");
		else if (p->rtt_us > 0)
			pp__hf(fp, "<td class=\"num\">%u</td><td class=\"num\">%.2f ms</td>",
			       p->ttl, p->rtt_us / 1000.0);
		else
			pp__hf(fp, "<td></td><td></td>");
		pp__hf(fp, "</tr>\n");
	}
	pp__hf(fp, "</tbody>\n</table>\n");
}

static void
hosts(FILE *fp, const struct pp_result *r, int audit, struct pp__svc_cache *c)
{
	char buf[PP_ADDR_STRLEN];
	size_t i;

	char addr[PP_ADDR_STRLEN];

	pp__hf(fp, "<section id=\"hosts\">\n<h2>%s</h2>\n", audit ? "Hosts in detail" : "Hosts");
	for (i = 0; i < r->nhosts; i++) {
		const struct pp_host_result *h = &r->hosts[i];
		pp__hf(fp, "<section class=\"hostsec\" data-host=\"%s\">\n<h3>",
		       pp__host_label(h, buf, sizeof(buf)));
		host_title(fp, h);
		if (h->profile != NULL || h->role != NULL)
			pp__hf(fp, " <span class=\"meta\">(%s%s%s)</span>", h->profile,
			       h->profile && h->role ? ", " : "", h->role);
		if (audit && h->has_score)
			pp__hf(fp, " &mdash; score <span class=\"sc-%s\">%.1f</span>",
			       pp__html_score_class(h->score), h->score);
		pp__hf(fp, "</h3>\n");
		if (h->middlebox != NULL)
			pp__hf(fp,
			       "<p class=\"detail\">A device on the path answers for %s: %s (%u "
			       "open "
			       "ports no listener confirmed, not listed).</p>\n",
			       pp_addr_str(&h->addr, addr, sizeof(addr)),
			       pp__middlebox_name(h->middlebox), h->middlebox_ports);
		port_table(fp, h, audit, c);
		other_ports(fp, h);
		pp__hf(fp, "</section>\n");
	}
	pp__hf(fp, "</section>\n");
}

static void
scan_summary(FILE *fp, const struct pp_result *r)
{
	unsigned st[PP_STATE_OPEN_FILTERED + 1] = {0};
	size_t i, j;

	for (i = 0; i < r->nhosts; i++)
		for (j = 0; j < r->hosts[i].nports; j++)
			if (r->hosts[i].ports[j].state <= PP_STATE_OPEN_FILTERED)
				st[r->hosts[i].ports[j].state]++;
	pp__hf(fp,
	       "<section id=\"overview\">\n<h2>Ports listed</h2>\n<div class=\"counts\">"
	       "<span class=\"chip v-pass\">%u open</span><span class=\"chip v-none\">%u closed"
	       "</span><span class=\"chip v-blocked\">%u filtered</span><span class=\"chip "
	       "v-inconclusive\">%u open|filtered</span></div>\n</section>\n",
	       st[PP_STATE_OPEN], st[PP_STATE_CLOSED], st[PP_STATE_FILTERED],
	       st[PP_STATE_OPEN_FILTERED]);
}

static int
render(const struct pp_result *r, FILE *fp, const struct pp_report_opts *o)
{
	struct pp__svc_cache *c;
	char title[256];
	int audit = r->deployment != NULL;

	(void)o;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return PP_ENOMEM;
	snprintf(title, sizeof(title), "portproof %s%s", audit ? "audit: " : "scan",
	         audit ? r->deployment : "");
	pp__html_open(fp, title);
	header(fp, r);
	if (audit) {
		overview(fp, r);
		pp__html_unverified(fp, r);
		if (pp_result_by_vantage(r)) {
			pp__html_matrix(fp, r); /* seen from several zones: a column each */
		} else {
			pp__hf(fp, "<section id=\"heatmap\">\n<h2>Expected ports, host by "
			           "host</h2>\n");
			pp__html_heatmap(fp, r);
			pp__hf(fp, "</section>\n");
		}
		findings(fp, r);
		unexpected(fp, r, c);
	} else {
		scan_summary(fp, r);
	}
	hosts(fp, r, audit, c);
	pp__html_close(fp, r->tool_version ? r->tool_version : pp_version());
	free(c);
	return ferror(fp) ? PP_EIO : 0;
}

const struct pp_reporter pp__report_html = {
        .name = "html",
        .description = "one self-contained page: score gauges, a heatmap, findings by severity",
        .render = render,
};
