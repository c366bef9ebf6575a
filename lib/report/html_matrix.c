/*
 * The HTML report's zone x port matrix (matrix.c has the rows): for a result
 * joined from several vantages, in place of the single-vantage heatmap, a table
 * of host and port against one column per zone, each cell the state seen from
 * that zone in the colour of its verdict (a dynamic range's samples one row, in
 * the colour of the worst), and a warning for every zone the
 * deployment lists that no result covers (its rows were not checked: not a pass).
 */
#include "config.h"

#include <stdlib.h>

#include "html_int.h"
#include "result/result_int.h"

static void
cell(FILE *fp, const struct pp_result *r, const char *zone, const struct pp_port_result *p)
{
	if (p == NULL) {
		pp__hf(fp, "<td class=\"v-none\">%s</td>",
		       pp__matrix_unverified(r, zone) ? "not checked" : "-");
		return;
	}
	if (p->verdict == PP_VERDICT_NONE) {
		pp__hf(fp, "<td class=\"v-none\">%s</td>", pp_state_name(p->state));
		return;
	}
	pp__hf(fp, "<td class=\"v-%s\" data-verdict=\"%s\" title=\"%s\">%s %s</td>",
	       pp_verdict_name(p->verdict), pp_verdict_name(p->verdict), p->detail ? p->detail : "",
	       pp_state_name(p->state), pp_verdict_name(p->verdict));
}

static void
range_cell(FILE *fp, const struct pp_result *r, const struct pp_host_result *h,
           const struct pp_port_result *s, const char *zone)
{
	struct pp__range_cell c;

	pp__matrix_range(h, s, zone, &c);
	if (c.n == 0)
		pp__hf(fp, "<td class=\"v-none\">%s</td>",
		       pp__matrix_unverified(r, zone) ? "not checked" : "-");
	else if (c.worst == NULL)
		pp__hf(fp, "<td class=\"v-pass\" data-verdict=\"pass\">pass (%zu sampled)</td>",
		       c.n);
	else
		pp__hf(fp, "<td class=\"v-%s\" data-verdict=\"%s\" title=\"%s\">%s %zu of %zu</td>",
		       pp_verdict_name(c.worst->verdict), pp_verdict_name(c.worst->verdict),
		       c.worst->detail ? c.worst->detail : "", pp_verdict_name(c.worst->verdict),
		       c.nworst, c.n);
}

void
pp__html_unverified(FILE *fp, const struct pp_result *r)
{
	size_t i;

	for (i = 0; i < r->nunverified; i++)
		pp__hf(fp,
		       "<p class=\"bad\">Not verified from zone %s: no result covers it, %zu "
		       "rows unchecked.</p>\n",
		       r->unverified[i].vantage, r->unverified[i].rows);
}

void
pp__html_matrix(FILE *fp, const struct pp_result *r)
{
	const struct pp_port_result **cells;
	const char **zones;
	const struct pp_port_result *range;
	char port[32], label[PP_ADDR_STRLEN];
	size_t nz, i, j, k, next;
	int first;

	if (pp__matrix_zones(r, &zones, &nz) < 0)
		return;
	if ((cells = calloc(nz + 1, sizeof(*cells))) == NULL) {
		free(zones);
		return;
	}
	pp__hf(fp, "<section id=\"matrix\">\n<h2>Reachability from each zone</h2>\n");
	pp__hf(fp, "<div class=\"scroll\"><table class=\"ports matrix\" aria-label=\"state and "
	           "verdict of each port from each zone\">\n<thead><tr><th scope=\"col\">Host</th>"
	           "<th scope=\"col\">Port</th><th scope=\"col\">Service</th>");
	for (k = 0; k < nz; k++)
		pp__hf(fp, "<th scope=\"col\">from %s</th>", zones[k]);
	pp__hf(fp, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < r->nhosts; i++) {
		const struct pp_host_result *h = &r->hosts[i];
		for (j = 0; j < h->nports; j = next) {
			const char *svc = NULL;
			next = pp__matrix_row(h, j, zones, nz, cells);
			if ((range = pp__matrix_range_row(h, j, cells, nz, &first)) != NULL &&
			    !first)
				continue; /* a range's sample: its row is drawn */
			if (range != NULL)
				snprintf(port, sizeof(port), "%s/%.20s",
				         pp_proto_name(range->proto), range->range);
			else
				pp__port_str(h->ports[j].proto, h->ports[j].port, port,
				             sizeof(port));
			for (k = 0; k < nz && svc == NULL; k++)
				svc = cells[k] != NULL ? cells[k]->service : NULL;
			pp__hf(fp,
			       "<tr data-host=\"%s\"><th scope=\"row\">%s</th><td "
			       "class=\"mono\">%s</td><td>%s</td>",
			       pp__host_label(h, label, sizeof(label)),
			       pp__host_label(h, label, sizeof(label)), port, svc ? svc : "");
			for (k = 0; k < nz; k++) {
				if (range != NULL)
					range_cell(fp, r, h, range, zones[k]);
				else
					cell(fp, r, zones[k], cells[k]);
			}
			pp__hf(fp, "</tr>\n");
		}
	}
	pp__hf(fp, "</tbody></table></div>\n</section>\n");
	free(cells);
	free(zones);
}
