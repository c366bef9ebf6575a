/*
 * Scores from the ports of a judged result (pp_score.h): items are the host's
 * services (every port judged against one service id is one item, passed when
 * none failed and one passed, failed when one failed, left out when all were
 * inconclusive), each unexpected open port a failed item of weight 3, and a port
 * with requirement none (a member of alternatives that does not count) is left
 * out.  In a result joined from several vantages an item is a service seen from
 * one zone: each (port, vantage) counts.  Because this needs only what the
 * result keeps, `merge` rescores the union of shards with it and gets the
 * numbers of the unsharded audit.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pp_error.h"
#include "pp_score.h"

struct item {
	const char *service, *vantage;
	unsigned weight;
	int failed, passed;
};

static int
same_zone(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The sums of weights passed and evaluated of one host. */
static int
host_sums(const struct pp_host_result *h, unsigned *passed, unsigned *evaluated)
{
	struct item *v = NULL, *nv;
	size_t n = 0, cap = 0, i, k;

	*passed = *evaluated = 0;
	for (i = 0; i < h->nports; i++) {
		const struct pp_port_result *p = &h->ports[i];
		unsigned w = pp_score_weight(p->requirement);
		if (p->verdict == PP_VERDICT_UNEXPECTED) {
			*evaluated += 3;
			continue;
		}
		if (p->verdict == PP_VERDICT_NONE || p->service == NULL || w == 0)
			continue;
		for (k = 0; k < n && !(strcmp(v[k].service, p->service) == 0 &&
		                       same_zone(v[k].vantage, p->vantage));
		     k++)
			;
		if (k == n) {
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
					free(v);
					return PP_ENOMEM;
				}
				v = nv;
			}
			v[n].service = p->service;
			v[n].vantage = p->vantage;
			v[n].weight = 0;
			v[n].failed = v[n].passed = 0;
			n++;
		}
		if (w > v[k].weight)
			v[k].weight = w;
		v[k].failed |= pp_score_failed(p->verdict);
		v[k].passed |= p->verdict == PP_VERDICT_PASS;
	}
	for (k = 0; k < n; k++) {
		if (!v[k].failed && !v[k].passed)
			continue; /* inconclusive throughout */
		*evaluated += v[k].weight;
		if (!v[k].failed)
			*passed += v[k].weight;
	}
	free(v);
	return 0;
}

static double
ratio(unsigned passed, unsigned evaluated)
{
	return 100.0 * passed / evaluated;
}

void
pp_score_tally(struct pp_result *r)
{
	unsigned passed, evaluated, tp = 0, te = 0;
	size_t i;

	pp_result_sort(r);
	for (i = 0; i < r->nhosts; i++) {
		struct pp_host_result *h = &r->hosts[i];
		if (host_sums(h, &passed, &evaluated) < 0 || evaluated == 0) {
			h->has_score = 0;
			h->score = 0;
			continue;
		}
		h->has_score = 1;
		h->score = ratio(passed, evaluated);
		tp += passed;
		te += evaluated;
	}
	r->has_score = te > 0;
	r->score = te > 0 ? ratio(tp, te) : 0;
}

static int
same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

int
pp_score_roles(const struct pp_result *r, struct pp_role_score **out, size_t *n)
{
	struct pp_role_score *v;
	unsigned passed, evaluated;
	size_t i, k;

	*n = 0;
	if ((*out = v = calloc(r->nhosts ? r->nhosts : 1, sizeof(*v))) == NULL)
		return PP_ENOMEM;
	for (i = 0; i < r->nhosts; i++) {
		const struct pp_host_result *h = &r->hosts[i];
		if (h->role == NULL)
			continue;
		if (host_sums(h, &passed, &evaluated) < 0) {
			free(v);
			*out = NULL;
			*n = 0;
			return PP_ENOMEM;
		}
		for (k = 0; k < *n && !(same(v[k].profile, h->profile) && same(v[k].role, h->role));
		     k++)
			;
		if (k == *n) {
			v[k].profile = h->profile;
			v[k].role = h->role;
			(*n)++;
		}
		v[k].nhosts++;
		v[k].passed += passed;
		v[k].evaluated += evaluated;
	}
	for (k = 0; k < *n; k++) {
		v[k].has_score = v[k].evaluated > 0;
		v[k].score = v[k].has_score ? ratio(v[k].passed, v[k].evaluated) : 0;
	}
	return 0;
}

void
pp_score_findings(const struct pp_result *r, struct pp_score_findings *f)
{
	size_t i, j;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < r->nhosts; i++) {
		for (j = 0; j < r->hosts[i].nports; j++) {
			const struct pp_port_result *p = &r->hosts[i].ports[j];
			if (p->verdict == PP_VERDICT_NONE ||
			    (p->verdict == PP_VERDICT_PASS && p->severity == PP_SEV_NONE))
				continue;
			f->findings++;
			f->high += p->severity == PP_SEV_HIGH;
			f->inconclusive += p->verdict == PP_VERDICT_INCONCLUSIVE;
			f->mandatory_failed +=
			        pp_score_failed(p->verdict) && p->requirement == PP_REQ_MANDATORY;
		}
	}
	for (i = 0; i < r->nunverified; i++)
		f->unverified_rows += r->unverified[i].rows;
	f->unverified = r->nunverified;
}
