/*
 * Alternatives, resolved from the ports of a judged result alone (pp_score.h).
 * Each port judged against a member of a profile's alternatives carries the
 * group's id ("alternative"), so the same rules give the same answer whether they
 * run on the scorer's fresh verdicts or on the union of the shards `merge` joins
 * (where each shard resolved its groups with only its own ports):
 *
 *  - a member passes when none of its ports failed and one passed, fails when one
 *    failed; the group passes when a member passes, fails when none passes and
 *    one fails, and is left as judged when all its ports are inconclusive;
 *  - the group counts once, with the strongest requirement among its ports, on
 *    one member: the passing member whose first port comes first (proto, then
 *    port), or, when the group fails, the failed member whose first port comes
 *    first; every other member's ports get requirement none (not counted);
 *  - when the group passes, a failed member keeps its verdict at severity info
 *    with a line saying why it does not count; when it fails, every failing port
 *    of the group takes the severity of the group's requirement.
 *
 * A result joined from several vantages holds each port once per zone: a group is
 * resolved per zone, as each zone's run resolved it.
 *
 * Requirements only ever move to the group's (the strongest) or to none, so the
 * strongest requirement among the ports is the group's again when this runs a
 * second time, on its own output or on shards joined together.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pp_error.h"
#include "pp_score.h"
#include "score_int.h"

struct member {
	const char *svc;
	int outcome; /* 1 passed, -1 failed, 0 nothing to count */
};

static int
same_zone(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int
in_group(const struct pp_port_result *p, const char *group, const char *zone)
{
	return p->alternative != NULL && p->service != NULL && strcmp(p->alternative, group) == 0 &&
	       same_zone(p->vantage, zone);
}

/* The members of group on h, in the order of their first port, with outcomes. */
static int
members(const struct pp_host_result *h, const char *group, const char *zone, struct member **out,
        size_t *n)
{
	struct member *v;
	size_t i, k;

	*n = 0;
	if ((*out = v = calloc(h->nports, sizeof(*v))) == NULL)
		return PP_ENOMEM;
	for (i = 0; i < h->nports; i++) {
		const struct pp_port_result *p = &h->ports[i];
		if (!in_group(p, group, zone))
			continue;
		for (k = 0; k < *n && strcmp(v[k].svc, p->service) != 0; k++)
			;
		if (k == *n)
			v[(*n)++].svc = p->service;
		if (pp_score_failed(p->verdict))
			v[k].outcome = -1;
		else if (p->verdict == PP_VERDICT_PASS && v[k].outcome == 0)
			v[k].outcome = 1;
	}
	return 0;
}

/* The strongest requirement among the group's ports (PP_RREQ_NONE if none). */
static unsigned
strongest(const struct pp_host_result *h, const char *group, const char *zone)
{
	unsigned req = PP_RREQ_NONE;
	size_t i;

	for (i = 0; i < h->nports; i++)
		if (in_group(&h->ports[i], group, zone) &&
		    pp_score_weight(h->ports[i].requirement) > pp_score_weight(req))
			req = h->ports[i].requirement;
	return req;
}

static int
resolve_group(struct pp_host_result *h, const char *group, const char *zone)
{
	const char *counted = NULL, *passing = NULL;
	struct member *m;
	unsigned req;
	size_t n, i;
	char *d;

	if (members(h, group, zone, &m, &n) < 0)
		return PP_ENOMEM;
	for (i = 0; i < n && passing == NULL; i++)
		if (m[i].outcome > 0)
			passing = m[i].svc;
	for (i = 0; i < n && passing == NULL && counted == NULL; i++)
		if (m[i].outcome < 0)
			counted = m[i].svc;
	if (passing != NULL)
		counted = passing;
	free(m);
	if (counted == NULL)
		return 0; /* all inconclusive: each stays out of the sums as it is */
	req = strongest(h, group, zone);
	for (i = 0; i < h->nports; i++) {
		struct pp_port_result *p = &h->ports[i];
		if (!in_group(p, group, zone))
			continue;
		pp__score_detail_unspare(p->detail, group);
		p->requirement = (uint8_t)(strcmp(p->service, counted) == 0 ? req : PP_RREQ_NONE);
		if (!pp_score_failed(p->verdict))
			continue;
		if (passing == NULL) {
			p->severity = (uint8_t)pp_score_severity(p->verdict, req);
			continue;
		}
		p->severity = PP_SEV_INFO;
		if (p->detail != NULL) {
			if ((d = pp__score_detail_spared(p->detail, group, passing)) == NULL)
				return PP_ENOMEM;
			free(p->detail);
			p->detail = d;
		}
	}
	return 0;
}

int
pp_score_alternatives(struct pp_result *r)
{
	size_t i, j, k;
	int rc;

	pp_result_sort(r);
	for (i = 0; i < r->nhosts; i++) {
		struct pp_host_result *h = &r->hosts[i];
		for (j = 0; j < h->nports; j++) {
			const char *g = h->ports[j].alternative, *z = h->ports[j].vantage;
			if (g == NULL || h->ports[j].service == NULL)
				continue;
			for (k = 0; k < j && !in_group(&h->ports[k], g, z); k++)
				;
			if (k == j && (rc = resolve_group(h, g, z)) < 0)
				return rc;
		}
	}
	return 0;
}
