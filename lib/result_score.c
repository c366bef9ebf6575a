/*
 * Scores from a result alone, with the weights of DESIGN.md "Verdicts": 100 x the
 * weight passed over the weight evaluated, 3/2/1 for mandatory, recommended and
 * optional expectations, 3 (failed) for each unexpected open port, inconclusive
 * left out.  The scorer computes scores from the profile; this is what `merge`
 * uses to score shards joined together, and it checks itself against the scores
 * each shard carries before it trusts its own.
 */
#include "config.h"

#include <math.h>

#include "portproof.h"
#include "pp_result.h"

/* The weight of a port in the score: >0 counts, 0 does not, -1 cannot tell. */
static int
weight(const struct pp_port_result *p)
{
	switch (p->verdict) {
	case PP_VERDICT_NONE:
	case PP_VERDICT_INCONCLUSIVE:
		return 0;
	case PP_VERDICT_UNEXPECTED:
		return 3;
	default:
		switch (p->requirement) {
		case PP_RREQ_MANDATORY:
			return 3;
		case PP_RREQ_RECOMMENDED:
			return 2;
		case PP_RREQ_OPTIONAL:
			return 1;
		default:
			return -1;
		}
	}
}

int
pp_host_score_sums(const struct pp_host_result *h, unsigned *passed, unsigned *evaluated)
{
	size_t i;
	int w;

	*passed = *evaluated = 0;
	for (i = 0; i < h->nports; i++) {
		if ((w = weight(&h->ports[i])) < 0)
			return PP_ENOTSUP;
		*evaluated += (unsigned)w;
		if (h->ports[i].verdict == PP_VERDICT_PASS)
			*passed += (unsigned)w;
	}
	return 0;
}

int
pp_score_matches(double stored, unsigned passed, unsigned evaluated)
{
	/* Stored scores may be rounded to one decimal. */
	return evaluated == 0 || fabs(stored - 100.0 * passed / evaluated) < 0.051;
}

int
pp_result_rescore(struct pp_result *r)
{
	unsigned p, e, tp = 0, te = 0;
	size_t i;
	int rc;

	for (i = 0; i < r->nhosts; i++)
		if ((rc = pp_host_score_sums(&r->hosts[i], &p, &e)) < 0)
			return rc;
	for (i = 0; i < r->nhosts; i++) {
		pp_host_score_sums(&r->hosts[i], &p, &e);
		r->hosts[i].has_score = e > 0;
		r->hosts[i].score = e > 0 ? 100.0 * p / e : 0;
		tp += p;
		te += e;
	}
	r->has_score = te > 0;
	r->score = te > 0 ? 100.0 * tp / te : 0;
	return 0;
}
