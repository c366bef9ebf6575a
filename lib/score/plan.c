/*
 * The audit's plan (pp_plan.h).  pp_profile_query says which services apply to a
 * host (its role, the deployment's features, restricted or not from the vantage);
 * here they become items with the ports to judge, dynamic ranges are sampled, the
 * profile's alternatives are attached to their reachable members, and the probe
 * sets are the union of every host's ports and the sweep.
 *
 * One port of one host is judged by one item.  Where two services claim it (a
 * fixed port carved from a media range, a port both cluster-only and open to all),
 * the stronger claim keeps it: a listen service before a dynamic range, a reachable
 * service before a restricted one (the document names someone who must reach it),
 * then the stronger requirement, then the profile's order.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pp_error.h"
#include "pp_plan.h"

int
pp_sweep_parse(const char *s)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "none") == 0)
		return PP_SWEEP_NONE;
	if (strcmp(s, "top1000") == 0)
		return PP_SWEEP_TOP1000;
	if (strcmp(s, "all") == 0)
		return PP_SWEEP_ALL;
	return -1;
}

const char *
pp_sweep_name(unsigned sweep)
{
	return sweep == PP_SWEEP_ALL ? "all" : sweep == PP_SWEEP_TOP1000 ? "top1000" : "none";
}

int
pp_plan_sample(pp_portset *out, unsigned lo, unsigned hi, unsigned n)
{
	unsigned long span = hi - lo, k;
	int rc;

	if (span <= (unsigned long)n + 1)
		return pp_portset_add(out, lo, hi);
	if ((rc = pp_portset_add(out, lo, lo)) < 0 || (rc = pp_portset_add(out, hi, hi)) < 0)
		return rc;
	/* n points at k/(n+1) of the way, rounded: evenly spaced, never an end. */
	for (k = 1; k <= n; k++) {
		unsigned p = lo + (unsigned)((span * k + (n + 1) / 2) / (n + 1));
		if ((rc = pp_portset_add(out, p, p)) < 0)
			return rc;
	}
	return 0;
}

/*
 * Range r of a UDP dynamic service that lies in a larger range of the host's
 * (merged: the union of its UDP dynamic ranges), e.g. a media server's 12000-13200
 * and 16384-16984 inside its 6000-17999: the larger one's sample points that fall
 * in r, and r's own ends.  Nested ranges are sampled as one: a closed UDP sample
 * costs an ICMP error of the target's (one a second past its burst), and each
 * range's own ends still catch a rule that stops short of them.
 */
static int
sample_nested(pp_portset *out, const struct pp_range *r, const pp_portset *merged, unsigned n)
{
	pp_portset pts;
	size_t i, k;
	int rc = 0;

	for (i = 0; i < merged->n; i++)
		if (merged->r[i].lo <= r->lo && r->hi <= merged->r[i].hi)
			break;
	if (i == merged->n || (merged->r[i].lo == r->lo && merged->r[i].hi == r->hi))
		return pp_plan_sample(out, r->lo, r->hi, n); /* alone */
	pp_portset_init(&pts);
	if ((rc = pp_plan_sample(&pts, merged->r[i].lo, merged->r[i].hi, n)) < 0 ||
	    (rc = pp_portset_add(out, r->lo, r->lo)) < 0 ||
	    (rc = pp_portset_add(out, r->hi, r->hi)) < 0)
		goto out;
	for (k = 0; k < pts.n; k++) {
		unsigned lo = pts.r[k].lo > r->lo ? pts.r[k].lo : r->lo;
		unsigned hi = pts.r[k].hi < r->hi ? pts.r[k].hi : r->hi;
		if (lo <= hi && (rc = pp_portset_add(out, lo, hi)) < 0)
			goto out;
	}
out:
	pp_portset_free(&pts);
	return rc;
}

/* The ports of a service to probe: all of a listen service, a sample of a range
 * (UDP: with the host's other UDP ranges, merged; see sample_nested). */
static int
candidate_ports(const struct pp_service *s, const struct pp_plan_opts *o, const pp_portset *merged,
                pp_portset *out)
{
	unsigned n = o->range_sample            ? o->range_sample
	             : s->proto == PP_PROTO_UDP ? PP_RANGE_SAMPLE_UDP_DEFAULT
	                                        : PP_RANGE_SAMPLE_DEFAULT;
	size_t i;
	int rc;

	if (s->kind != PP_KIND_DYNAMIC || o->full_ranges)
		return pp_portset_copy(out, &s->ports);
	for (i = 0; i < s->ports.n; i++)
		if ((rc = s->proto == PP_PROTO_UDP
		                  ? sample_nested(out, &s->ports.r[i], merged, n)
		                  : pp_plan_sample(out, s->ports.r[i].lo, s->ports.r[i].hi, n)) < 0)
			return rc;
	return 0;
}

/* Order of claims on a port: see the comment at the top. */
static int
stronger(const struct pp_expect *a, size_t ia, const struct pp_expect *b, size_t ib)
{
	if (a->svc->kind != b->svc->kind)
		return a->svc->kind == PP_KIND_LISTEN;
	if (a->restricted != b->restricted)
		return !a->restricted;
	if (a->svc->requirement != b->svc->requirement)
		return a->svc->requirement < b->svc->requirement;
	return ia < ib;
}

/* Alternatives: a group among the host's reachable items; with fewer than two
 * such members, the one left is judged alone. */
static void
attach_alternatives(struct pp_plan_host *h)
{
	const pp_profile *p = h->host->profile;
	size_t a, m, i, n;

	for (a = 0; a < p->nalternatives; a++) {
		const struct pp_alternative *alt = &p->alternatives[a];
		for (n = 0, m = 0; m < alt->n; m++)
			for (i = 0; i < h->nitems; i++)
				n += !h->items[i].restricted &&
				     strcmp(h->items[i].svc->id, alt->one_of[m].s) == 0;
		if (n < 2)
			continue;
		for (m = 0; m < alt->n; m++)
			for (i = 0; i < h->nitems; i++)
				if (!h->items[i].restricted &&
				    strcmp(h->items[i].svc->id, alt->one_of[m].s) == 0)
					h->items[i].alt = alt;
	}
}

static int
plan_host(pp_plan *pl, struct pp_plan_host *h, const struct pp_plan_opts *o, char *err,
          size_t errlen)
{
	const pp_deploy *d = pl->dep;
	struct pp_expect *ex = NULL;
	pp_portset claimed[2], merged;
	size_t n = 0, i, j, *order = NULL;
	int rc;

	pp_portset_init(&claimed[0]);
	pp_portset_init(&claimed[1]);
	pp_portset_init(&merged);
	rc = pp_profile_query(h->host->profile, h->host->role, (const char *const *)d->features,
	                      d->nfeatures, d->vantage, 0, &ex, &n, err, errlen);
	if (rc < 0)
		return rc;
	if ((h->items = calloc(n ? n : 1, sizeof(*h->items))) == NULL ||
	    (order = malloc((n ? n : 1) * sizeof(*order))) == NULL) {
		rc = PP_ENOMEM;
		goto out;
	}
	/* The host's UDP dynamic ranges, merged (candidate_ports). */
	for (i = 0; i < n; i++)
		if (ex[i].svc->proto == PP_PROTO_UDP && ex[i].svc->kind == PP_KIND_DYNAMIC &&
		    (rc = pp_portset_union(&merged, &ex[i].svc->ports)) < 0)
			goto out;
	/* Claims in order of strength (insertion sort: n is tens). */
	for (i = 0; i < n; i++) {
		for (j = i; j > 0 && stronger(&ex[i], i, &ex[order[j - 1]], order[j - 1]); j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	for (i = 0; i < n; i++) {
		const struct pp_expect *e = &ex[order[i]];
		pp_portset *cl = &claimed[e->svc->proto == PP_PROTO_UDP];
		struct pp_plan_item *it = &h->items[order[i]];
		it->svc = e->svc;
		it->restricted = e->restricted;
		pp_portset_init(&it->ports);
		if ((rc = candidate_ports(e->svc, o, &merged, &it->ports)) < 0 ||
		    (rc = pp_portset_subtract(&it->ports, cl)) < 0 ||
		    (rc = pp_portset_union(cl, &it->ports)) < 0)
			goto out;
	}
	if ((rc = pp_portset_union(&pl->tcp, &claimed[0])) < 0 ||
	    (rc = pp_portset_union(&pl->udp, &claimed[1])) < 0)
		goto out;
	pl->nexpected += pp_portset_count(&claimed[0]) + pp_portset_count(&claimed[1]);
	/* Drop the items left without a port, keeping the query's order. */
	for (i = 0; i < n; i++) {
		if (h->items[i].ports.n == 0) {
			pp_portset_free(&h->items[i].ports);
			continue;
		}
		h->items[h->nitems++] = h->items[i];
	}
	attach_alternatives(h);
out:
	if (rc < 0 && h->items != NULL) {
		for (i = 0; i < n; i++)
			pp_portset_free(&h->items[i].ports);
		h->nitems = 0;
	}
	if (rc == PP_ENOMEM)
		pp__errf(err, errlen, rc, "out of memory");
	pp_portset_free(&claimed[0]);
	pp_portset_free(&claimed[1]);
	pp_portset_free(&merged);
	free(order);
	free(ex);
	return rc;
}

/* The sweep: TCP by the option, UDP the listen ports of every (shipped) profile. */
static int
sweep(pp_plan *pl, const struct pp_plan_opts *o)
{
	pp_profile *const *pv = o->sweep_profiles ? o->sweep_profiles : pl->dep->profiles;
	size_t np = o->sweep_profiles ? o->nsweep_profiles : pl->dep->nprofiles;
	const uint16_t *top;
	size_t i, j, n;
	int rc;

	if (o->sweep == PP_SWEEP_NONE)
		return 0;
	if (o->sweep == PP_SWEEP_ALL) {
		if ((rc = pp_portset_add(&pl->tcp, 1, PP_PORT_MAX)) < 0)
			return rc;
	} else {
		top = pp_top_tcp_ports(&n);
		for (i = 0; i < n; i++)
			if ((rc = pp_portset_add(&pl->tcp, top[i], top[i])) < 0)
				return rc;
	}
	for (i = 0; i < np; i++) {
		for (j = 0; j < pv[i]->nservices; j++) {
			const struct pp_service *s = &pv[i]->services[j];
			if (s->proto == PP_PROTO_UDP && s->kind == PP_KIND_LISTEN &&
			    (rc = pp_portset_union(&pl->udp, &s->ports)) < 0)
				return rc;
		}
	}
	return 0;
}

int
pp_plan_build(const pp_deploy *d, const struct pp_plan_opts *o, pp_plan **out, char *err,
              size_t errlen)
{
	pp_plan *pl;
	size_t i;
	int rc;

	*out = NULL;
	if ((pl = calloc(1, sizeof(*pl))) == NULL ||
	    (pl->hosts = calloc(d->nhosts ? d->nhosts : 1, sizeof(*pl->hosts))) == NULL) {
		free(pl);
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory");
	}
	pl->dep = d;
	pp_portset_init(&pl->tcp);
	pp_portset_init(&pl->udp);
	for (i = 0; i < d->nhosts; i++) {
		pl->hosts[i].host = &d->hosts[i];
		pl->nhosts++;
		if ((rc = plan_host(pl, &pl->hosts[i], o, err, errlen)) < 0)
			goto fail;
	}
	if ((rc = sweep(pl, o)) < 0) {
		pp__errf(err, errlen, rc, "out of memory");
		goto fail;
	}
	*out = pl;
	return 0;
fail:
	pp_plan_free(pl);
	return rc;
}

void
pp_plan_free(pp_plan *pl)
{
	size_t i, j;

	if (pl == NULL)
		return;
	for (i = 0; i < pl->nhosts; i++) {
		for (j = 0; j < pl->hosts[i].nitems; j++)
			pp_portset_free(&pl->hosts[i].items[j].ports);
		free(pl->hosts[i].items);
	}
	free(pl->hosts);
	pp_portset_free(&pl->tcp);
	pp_portset_free(&pl->udp);
	free(pl);
}

const struct pp_plan_item *
pp_plan_item_for(const struct pp_plan_host *h, unsigned proto, unsigned port)
{
	size_t i;

	for (i = 0; i < h->nitems; i++)
		if (h->items[i].svc->proto == proto &&
		    pp_portset_contains(&h->items[i].ports, port))
			return &h->items[i];
	return NULL;
}
