/*
 * The heatmap of the html report: a row per host, a column per expected port,
 * each cell coloured by the verdict of that port on that host, with its mark and
 * the verdict in words for a screen reader, and the whole explanation in its
 * title.  A port that the host's role is not asked for is a grey cell.
 *
 * A sampled dynamic range (RTP: 16 or more ports of one service) would take as
 * many columns as samples; it gets one column instead, "32768-61000", whose cell
 * shows the worst verdict of the host's samples and counts them in its title.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "html_int.h"
#include "portproof.h"
#include "report_int.h"
#include "result/result_int.h"

/* More judged ports than this of one service on one host: a range column. */
#define RANGE_MIN 5

struct col {
	uint8_t proto;
	uint16_t lo, hi;     /* a port, or the span of a range's samples */
	const char *service; /* range columns: the service; else NULL */
};

struct cols {
	struct col *c;
	size_t n, cap;
	const char **ranges; /* services shown as a range column, with ranges_proto */
	uint8_t *ranges_proto;
	size_t nranges;
};

static int
expected(const struct pp_port_result *p)
{
	return p->verdict != PP_VERDICT_NONE && p->verdict != PP_VERDICT_UNEXPECTED &&
	       p->verdict < PP_VERDICT_COUNT;
}

static int
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static int
is_range(const struct cols *cs, unsigned proto, const char *service)
{
	size_t i;

	for (i = 0; i < cs->nranges; i++)
		if (cs->ranges_proto[i] == proto && same(cs->ranges[i], service))
			return 1;
	return 0;
}

/* The services some host has RANGE_MIN or more judged ports of. */
static int
find_ranges(struct cols *cs, const struct pp_result *r)
{
	size_t i, j, k, n;

	for (i = 0; i < r->nhosts; i++) {
		const struct pp_host_result *h = &r->hosts[i];
		for (j = 0; j < h->nports; j++) {
			const struct pp_port_result *p = &h->ports[j];
			if (!expected(p) || p->service == NULL ||
			    is_range(cs, p->proto, p->service))
				continue;
			for (n = 0, k = 0; k < h->nports; k++)
				n += expected(&h->ports[k]) && h->ports[k].proto == p->proto &&
				     same(h->ports[k].service, p->service);
			if (n < RANGE_MIN)
				continue;
			if (cs->nranges % 8 == 0) {
				const char **nr =
				        realloc(cs->ranges, (cs->nranges + 8) * sizeof(*nr));
				uint8_t *np;
				if (nr == NULL)
					return -1;
				cs->ranges = nr;
				np = realloc(cs->ranges_proto, cs->nranges + 8);
				if (np == NULL)
					return -1;
				cs->ranges_proto = np;
			}
			cs->ranges[cs->nranges] = p->service;
			cs->ranges_proto[cs->nranges++] = p->proto;
		}
	}
	return 0;
}

static int
add_col(struct cols *cs, const struct pp_port_result *p)
{
	const char *svc = is_range(cs, p->proto, p->service) ? p->service : NULL;
	struct col *c;
	size_t i;

	for (i = 0; i < cs->n; i++) {
		c = &cs->c[i];
		if (c->proto != p->proto)
			continue;
		if (svc != NULL && same(c->service, svc)) {
			c->lo = p->port < c->lo ? p->port : c->lo;
			c->hi = p->port > c->hi ? p->port : c->hi;
			return 0;
		}
		if (svc == NULL && c->service == NULL && c->lo == p->port)
			return 0;
	}
	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? cs->cap * 2 : 32;
		if ((c = realloc(cs->c, cap * sizeof(*c))) == NULL)
			return -1;
		cs->c = c;
		cs->cap = cap;
	}
	cs->c[cs->n++] = (struct col){p->proto, p->port, p->port, svc};
	return 0;
}

static int
by_port(const void *a, const void *b)
{
	const struct col *x = a, *y = b;

	if (x->proto != y->proto)
		return x->proto - y->proto;
	return (x->lo > y->lo) - (x->lo < y->lo);
}

/* Which of two judged ports is worse: severity, then a failure over the rest. */
static int
worse(const struct pp_port_result *a, const struct pp_port_result *b)
{
	if (b == NULL)
		return 1;
	if (a->severity != b->severity)
		return a->severity > b->severity;
	return pp__is_failure(a->verdict) && !pp__is_failure(b->verdict);
}

static void
cell(FILE *fp, const struct pp_host_result *h, const struct col *c, struct pp__svc_cache *sc)
{
	const struct pp_port_result *w = NULL, *p;
	unsigned count[PP_VERDICT_COUNT] = {0}, v;
	char port[16], buf[PP_ADDR_STRLEN];
	size_t i, n = 0;

	if (c->service == NULL) {
		p = pp_host_find_port(h, c->proto, c->lo);
		if (p != NULL && expected(p))
			w = p, n = 1;
	} else {
		for (i = 0; i < h->nports; i++) {
			p = &h->ports[i];
			if (p->proto != c->proto || !expected(p) || !same(p->service, c->service))
				continue;
			count[p->verdict]++;
			n++;
			if (worse(p, w))
				w = p;
		}
	}
	if (w == NULL) {
		pp__hf(fp,
		       "<td class=\"v-none\" title=\"%s: not expected for its role\">"
		       "<span class=\"sr\">not expected</span></td>",
		       pp__host_label(h, buf, sizeof(buf)));
		return;
	}
	pp__port_str(w->proto, w->port, port, sizeof(port));
	pp__hf(fp, "<td class=\"v-%s\" data-verdict=\"%s\" title=\"%s ",
	       pp_verdict_name(w->verdict), pp_verdict_name(w->verdict),
	       pp__host_label(h, buf, sizeof(buf)));
	if (c->service == NULL) {
		pp__hf(fp, "%s (%s): %s", port, pp__port_service(w, sc),
		       pp_verdict_name(w->verdict));
		if (w->severity != PP_SEV_NONE)
			pp__hf(fp, ", %s", pp_severity_name(w->severity));
		if (w->detail != NULL)
			pp__hf(fp, ". %s", w->detail);
	} else {
		pp__hf(fp, "%s %u-%u: %zu ports sampled", w->service, c->lo, c->hi, n);
		for (v = PP_VERDICT_PASS; v < PP_VERDICT_COUNT; v++)
			if (count[v] > 0)
				pp__hf(fp, ", %u %s", count[v], pp_verdict_name(v));
		if (w->verdict != PP_VERDICT_PASS && w->detail != NULL)
			pp__hf(fp, ". Worst: %s", w->detail);
	}
	pp__hf(fp, "\"><span aria-hidden=\"true\">%s</span><span class=\"sr\">%s</span></td>",
	       pp__html_verdict_mark(w->verdict), pp_verdict_name(w->verdict));
}

static void
header_rows(FILE *fp, const struct cols *cs)
{
	size_t i, j, n;

	pp__hf(fp, "<thead><tr><th class=\"h\" rowspan=\"2\" scope=\"col\">Host</th>");
	for (i = 0; i < cs->n; i = j) {
		for (j = i, n = 0; j < cs->n && cs->c[j].proto == cs->c[i].proto; j++)
			n++;
		pp__hf(fp, "<th class=\"proto\" colspan=\"%zu\" scope=\"colgroup\">%s</th>", n,
		       pp_proto_name(cs->c[i].proto));
	}
	pp__hf(fp, "</tr>\n<tr>");
	for (i = 0; i < cs->n; i++) {
		const struct col *c = &cs->c[i];
		if (c->service != NULL)
			pp__hf(fp,
			       "<th class=\"p\" scope=\"col\" title=\"%s/%u-%u: %s "
			       "(sampled)\"><span>"
			       "%u-%u</span></th>",
			       pp_proto_name(c->proto), c->lo, c->hi, c->service, c->lo, c->hi);
		else
			pp__hf(fp,
			       "<th class=\"p\" scope=\"col\" title=\"%s/%u\"><span>%u</span></th>",
			       pp_proto_name(c->proto), c->lo, c->lo);
	}
	pp__hf(fp, "</tr></thead>\n");
}

void
pp__html_heatmap(FILE *fp, const struct pp_result *r)
{
	struct pp__svc_cache *sc = calloc(1, sizeof(*sc));
	struct cols cs;
	char buf[PP_ADDR_STRLEN];
	size_t i, j;

	memset(&cs, 0, sizeof(cs));
	if (sc == NULL || find_ranges(&cs, r) < 0)
		goto out;
	for (i = 0; i < r->nhosts; i++)
		for (j = 0; j < r->hosts[i].nports; j++)
			if (expected(&r->hosts[i].ports[j]) &&
			    add_col(&cs, &r->hosts[i].ports[j]) < 0)
				goto out;
	if (cs.n == 0) {
		pp__hf(fp, "<p class=\"meta\">No port was judged against an expectation.</p>\n");
		goto out;
	}
	qsort(cs.c, cs.n, sizeof(*cs.c), by_port);
	pp__html_legend(fp);
	pp__hf(fp, "<div class=\"scroll\"><table class=\"heat\" aria-label=\"verdict of each "
	           "expected port on each host\">\n");
	header_rows(fp, &cs);
	pp__hf(fp, "<tbody>\n");
	for (i = 0; i < r->nhosts; i++) {
		const struct pp_host_result *h = &r->hosts[i];
		pp__hf(fp, "<tr data-host=\"%s\"><th class=\"h\" scope=\"row\">%s",
		       pp__host_label(h, buf, sizeof(buf)), pp__host_label(h, buf, sizeof(buf)));
		if (h->role != NULL)
			pp__hf(fp, " <span class=\"meta\">%s</span>", h->role);
		pp__hf(fp, "</th>");
		for (j = 0; j < cs.n; j++)
			cell(fp, h, &cs.c[j], sc);
		pp__hf(fp, "</tr>\n");
	}
	pp__hf(fp, "</tbody></table></div>\n");
out:
	free(sc);
	free(cs.c);
	free(cs.ranges);
	free(cs.ranges_proto);
}
