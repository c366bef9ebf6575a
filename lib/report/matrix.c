/*
 * The zone x port matrix of a result joined from several vantages (`merge` of
 * the audits run in each zone): per host, a row per port and a column per zone,
 * each cell the state seen from that zone and its verdict.  A restricted row
 * ("cluster nodes only") is proven only by both sides together: reachable from
 * where it must be, filtered from where it must not.  The samples of a dynamic
 * range are one row (as in the text report's port table), each cell what the
 * samples got from that zone.  The text report draws it here; html_matrix.c
 * draws the same rows.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pp_error.h"
#include "report_int.h"
#include "result/result_int.h"

int
pp__matrix_zones(const struct pp_result *r, const char ***out, size_t *n)
{
	const char **v;
	size_t cap = r->nvantages + 1, i, j, k;

	*n = 0;
	for (i = 0; i < r->nhosts; i++)
		cap += r->hosts[i].nports;
	if ((*out = v = calloc(cap, sizeof(*v))) == NULL)
		return PP_ENOMEM;
	for (i = 0; i < r->nvantages; i++)
		v[(*n)++] = r->vantages[i];
	/* Zones the ports name that the list does not (a hand-made file). */
	for (i = 0; i < r->nhosts; i++) {
		for (j = 0; j < r->hosts[i].nports; j++) {
			const char *z = r->hosts[i].ports[j].vantage;
			if (z == NULL)
				continue;
			for (k = 0; k < *n && strcmp(v[k], z) != 0; k++)
				;
			if (k == *n)
				v[(*n)++] = z;
		}
	}
	return 0;
}

size_t
pp__matrix_row(const struct pp_host_result *h, size_t i, const char *const *zones, size_t nz,
               const struct pp_port_result **cells)
{
	size_t j = i, k;

	memset(cells, 0, nz * sizeof(*cells));
	for (; j < h->nports && h->ports[j].proto == h->ports[i].proto &&
	       h->ports[j].port == h->ports[i].port;
	     j++)
		for (k = 0; k < nz; k++)
			if (h->ports[j].vantage != NULL &&
			    strcmp(h->ports[j].vantage, zones[k]) == 0)
				cells[k] = &h->ports[j];
	return j;
}

/* The range a port's entries sample (the first entry's that has one), or NULL. */
static const struct pp_port_result *
ranged(const struct pp_port_result *const *cells, size_t nz)
{
	size_t k;

	for (k = 0; k < nz; k++)
		if (cells[k] != NULL && cells[k]->range != NULL && cells[k]->service != NULL)
			return cells[k];
	return NULL;
}

static int
same_range(const struct pp_port_result *a, const struct pp_port_result *b)
{
	return a->proto == b->proto && a->range != NULL && b->range != NULL && a->service != NULL &&
	       b->service != NULL && strcmp(a->range, b->range) == 0 &&
	       strcmp(a->service, b->service) == 0;
}

const struct pp_port_result *
pp__matrix_range_row(const struct pp_host_result *h, size_t i,
                     const struct pp_port_result *const *cells, size_t nz, int *first)
{
	const struct pp_port_result *s = ranged(cells, nz);
	size_t j;

	*first = 1;
	if (s == NULL)
		return NULL;
	for (j = 0; j < i && *first; j++)
		*first = !same_range(&h->ports[j], s);
	return s;
}

void
pp__matrix_range(const struct pp_host_result *h, const struct pp_port_result *s, const char *zone,
                 struct pp__range_cell *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < h->nports; i++) {
		const struct pp_port_result *p = &h->ports[i];
		if (!same_range(p, s) || p->vantage == NULL || strcmp(p->vantage, zone) != 0)
			continue;
		c->n++;
		if (!pp__is_finding(p->verdict)) {
			c->passed++;
		} else if (c->worst == NULL || p->severity > c->worst->severity) {
			c->worst = p;
			c->nworst = 0;
		}
		c->nworst += c->worst != NULL && p->verdict == c->worst->verdict;
	}
}

int
pp__matrix_unverified(const struct pp_result *r, const char *zone)
{
	size_t i;

	for (i = 0; i < r->nunverified; i++)
		if (strcmp(r->unverified[i].vantage, zone) == 0)
			return 1;
	return 0;
}

/* The service of a row: the first cell's that has one. */
static const char *
row_service(const struct pp_port_result *const *cells, size_t nz)
{
	size_t k;

	for (k = 0; k < nz; k++)
		if (cells[k] != NULL && cells[k]->service != NULL)
			return cells[k]->service;
	return NULL;
}

#define CELL_W 24

int
pp__text_matrix(FILE *fp, const struct pp_result *r, const struct pp_host_result *h, int color)
{
	const struct pp_port_result **cells;
	const char **zones, *svc;
	char port[32], cell[64];
	size_t nz, i, k;
	int first;

	if (pp__matrix_zones(r, &zones, &nz) < 0)
		return PP_ENOMEM;
	if ((cells = calloc(nz + 1, sizeof(*cells))) == NULL) {
		free(zones);
		return PP_ENOMEM;
	}
	fprintf(fp, "  %-15s %-24s", "PORT", "SERVICE");
	for (k = 0; k < nz; k++)
		fprintf(fp, " from %-*s", k + 1 < nz ? CELL_W - 5 : 0, zones[k]);
	fputc('\n', fp);
	for (i = 0; i < h->nports;) {
		size_t next = pp__matrix_row(h, i, zones, nz, cells);
		const struct pp_port_result *range = pp__matrix_range_row(h, i, cells, nz, &first);
		i = next;
		if (!first)
			continue; /* a range's sample: its row is printed */
		svc = row_service(cells, nz);
		if (range != NULL)
			snprintf(port, sizeof(port), "%s/%.20s", pp_proto_name(range->proto),
			         range->range);
		else
			pp__port_str(h->ports[i - 1].proto, h->ports[i - 1].port, port,
			             sizeof(port));
		fprintf(fp, "  %-15s %-24s", port, svc != NULL ? svc : "");
		for (k = 0; k < nz; k++) {
			const struct pp_port_result *p = cells[k];
			int bad = p != NULL && pp__is_finding(p->verdict);
			struct pp__range_cell rc;
			if (range != NULL) {
				pp__matrix_range(h, range, zones[k], &rc);
				bad = rc.worst != NULL;
				if (rc.n == 0)
					snprintf(cell, sizeof(cell), "%s",
					         pp__matrix_unverified(r, zones[k]) ? "not checked"
					                                            : "-");
				else if (rc.worst == NULL)
					snprintf(cell, sizeof(cell), "pass (%zu sampled)", rc.n);
				else
					snprintf(cell, sizeof(cell), "%s %zu of %zu",
					         pp_verdict_name(rc.worst->verdict), rc.nworst,
					         rc.n);
			} else if (p == NULL)
				snprintf(cell, sizeof(cell), "%s",
				         pp__matrix_unverified(r, zones[k]) ? "not checked" : "-");
			else if (p->verdict == PP_VERDICT_NONE)
				snprintf(cell, sizeof(cell), "%s", pp_state_name(p->state));
			else
				snprintf(cell, sizeof(cell), "%s %s", pp_state_name(p->state),
				         bad ? pp_verdict_name(p->verdict) : "pass");
			fprintf(fp, " %s%-*s%s", color && bad ? "\033[1;31m" : "",
			        k + 1 < nz ? CELL_W : 0, cell, color && bad ? "\033[0m" : "");
		}
		fputc('\n', fp);
	}
	free(cells);
	free(zones);
	return 0;
}
