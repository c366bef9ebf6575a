/*
 * The scorer's judgement (pp_score.h): every port of the plan that was probed is
 * held against the item that expects it, by DESIGN.md's verdict table; every open
 * port that no item expects is unexpected; then the profile's alternatives.
 *
 * Alternatives: a group passes when one member passes.  Each port of a member
 * carries the group's id, and the groups are resolved from the ports alone
 * (score_alt.c, which says how), so `merge` resolves the union of shards the same
 * way.  Restricted members are never part of a group (pp_plan.c): an exposed port
 * is a finding whatever its siblings do.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pp_error.h"
#include "pp_score.h"
#include "score_int.h"

/* A dynamic service's ports as text, malloc'ed: the result's "range", which lets
 * a report group the samples without the profile.  NULL: out of memory. */
static char *
range_text(const pp_portset *ps)
{
	char buf[256];

	pp_portset_format(ps, buf, sizeof(buf));
	return strdup(buf);
}

/* The state of a port: its own entry among the first n (sorted), else "other". */
static unsigned
observed(const struct pp_host_result *hr, size_t n, unsigned proto, unsigned port, size_t *at)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct pp_port_result *p = &hr->ports[mid];
		if (p->proto < proto || (p->proto == proto && p->port < port))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && hr->ports[lo].proto == proto && hr->ports[lo].port == port) {
		*at = lo;
		return hr->ports[lo].state;
	}
	*at = (size_t)-1;
	return proto == PP_PROTO_TCP ? hr->other_tcp : hr->other_udp;
}

/* The reason a port in "other" had: what the engine gives a port of that state. */
static void
other_reason(struct pp_port_result *p)
{
	if (p->state == PP_STATE_CLOSED && p->proto == PP_PROTO_TCP) {
		p->reason = PP_REASON_RST;
	} else if (p->state == PP_STATE_CLOSED) {
		p->reason = PP_REASON_ICMP_UNREACH;
		p->icmp_code = 3;
	} else if (p->state != PP_STATE_OPEN) {
		p->reason = PP_REASON_NO_RESPONSE;
	}
}

static int
judge_port(const struct pp_plan_host *h, struct pp_host_result *hr, size_t nlisted,
           const struct pp_plan_item *it, unsigned port, const char *vantage)
{
	const struct pp_service *s = it->svc;
	struct pp_port_result *p;
	unsigned state, sev;
	size_t at;

	state = observed(hr, nlisted, s->proto, port, &at);
	if (state == PP_STATE_UNKNOWN)
		return 0;
	if (at != (size_t)-1) {
		p = &hr->ports[at];
	} else {
		if ((p = pp_host_add_port(hr, s->proto, port)) == NULL)
			return PP_ENOMEM;
		p->state = (uint8_t)state;
		other_reason(p);
	}
	p->verdict = (uint8_t)pp_score_verdict(s->kind, it->restricted, state);
	p->requirement = (uint8_t)s->requirement;
	p->severity = (uint8_t)pp_score_severity(p->verdict, s->requirement);
	/* The listener check: behind a SYN proxy, a reset at once is nothing
	 * listening; elsewhere, a listener of another protocol is a mismatch. */
	if (p->verdict == PP_VERDICT_PASS && state == PP_STATE_OPEN && !it->restricted &&
	    p->seen != NULL) {
		if (hr->middlebox != NULL && strcmp(p->seen, "none") == 0) {
			p->verdict = PP_VERDICT_MISSING;
			p->severity = (uint8_t)pp_score_severity(p->verdict, s->requirement);
		} else if ((sev = pp_score_mismatch(s->speaks, p->seen)) != PP_SEV_NONE) {
			p->verdict = PP_VERDICT_MISMATCH;
			p->severity = (uint8_t)sev;
		} else {
			/* The right listener: its certificate may still want renewing. */
			p->severity = (uint8_t)pp_score_cert(p->has_cert_days, p->cert_days);
		}
	}
	if ((p->service = strdup(s->id)) == NULL || (p->ref = strdup(s->ref)) == NULL ||
	    (p->detail = pp__score_detail(h, it, p, vantage)) == NULL ||
	    (it->alt != NULL && (p->alternative = strdup(it->alt->id)) == NULL) ||
	    (s->kind == PP_KIND_DYNAMIC && (p->range = range_text(&s->ports)) == NULL))
		return PP_ENOMEM;
	return 0;
}

/* A SYN proxy's open ports that no listener confirmed and no item judged: not
 * the host's, so not listed one by one; middlebox_ports counts them. */
static void
drop_proxied(struct pp_host_result *hr)
{
	size_t i, k = 0;

	hr->middlebox_ports = 0;
	for (i = 0; i < hr->nports; i++) {
		struct pp_port_result *p = &hr->ports[i];
		if (p->proto == PP_PROTO_TCP && p->state == PP_STATE_OPEN && p->service == NULL &&
		    p->verdict == PP_VERDICT_NONE) {
			pp_port_result_clear(p);
			hr->middlebox_ports++;
			continue;
		}
		if (k != i)
			hr->ports[k] = *p;
		k++;
	}
	hr->nports = k;
}

static int
judge_host(const pp_plan *pl, const struct pp_plan_host *h, struct pp_result *r,
           pp_score_probed_fn probed, void *arg)
{
	const struct pp_deploy_host *dh = h->host;
	struct pp_host_result *hr;
	size_t i, j, k, nlisted;
	int rc;

	if ((hr = pp_result_find_host(r, &dh->addr)) == NULL)
		return PP_ENOMEM;
	free(hr->name);
	free(hr->profile);
	free(hr->role);
	if ((hr->name = strdup(dh->name)) == NULL ||
	    (hr->profile = strdup(dh->profile_id)) == NULL || (hr->role = strdup(dh->role)) == NULL)
		return PP_ENOMEM;
	nlisted = hr->nports;
	for (i = 0; i < h->nitems; i++) {
		const struct pp_plan_item *it = &h->items[i];
		for (j = 0; j < it->ports.n; j++) {
			for (k = it->ports.r[j].lo; k <= it->ports.r[j].hi; k++) {
				if (probed != NULL &&
				    !probed(arg, &dh->addr, it->svc->proto, (unsigned)k))
					continue;
				if ((rc = judge_port(h, hr, nlisted, it, (unsigned)k,
				                     pl->dep->vantage)) < 0)
					return rc;
			}
		}
	}
	/* Open ports the engine listed that no item claimed.  Behind a SYN proxy,
	 * only those a listener answered on: the proxy's SYN-ACKs prove nothing. */
	for (i = 0; i < nlisted; i++) {
		struct pp_port_result *p = &hr->ports[i];
		if (p->service != NULL || pp_score_verdict(0, 0, p->state) != PP_VERDICT_UNEXPECTED)
			continue;
		if (hr->middlebox != NULL && (p->seen == NULL || strcmp(p->seen, "none") == 0))
			continue;
		p->verdict = PP_VERDICT_UNEXPECTED;
		p->severity = PP_SEV_HIGH;
		p->requirement = PP_RREQ_NONE;
		if ((p->detail = pp__score_detail(h, NULL, p, pl->dep->vantage)) == NULL)
			return PP_ENOMEM;
	}
	if (hr->middlebox != NULL)
		drop_proxied(hr);
	return 0;
}

/* The zone of this run, and the zones the deployment lists when they are several
 * (so merge can name those no result covers). */
static int
set_vantages(struct pp_result *r, const pp_deploy *d)
{
	size_t i;

	free(r->vantage);
	if ((r->vantage = d->vantage ? strdup(d->vantage) : NULL) == NULL && d->vantage != NULL)
		return PP_ENOMEM;
	for (i = 0; i < r->nvantages; i++)
		free(r->vantages[i]);
	free(r->vantages);
	r->vantages = NULL;
	r->nvantages = 0;
	if (d->nvantages < 2)
		return 0;
	if ((r->vantages = calloc(d->nvantages, sizeof(*r->vantages))) == NULL)
		return PP_ENOMEM;
	for (i = 0; i < d->nvantages; i++)
		if ((r->vantages[r->nvantages++] = strdup(d->vantages[i].zone)) == NULL)
			return PP_ENOMEM;
	return 0;
}

int
pp_score_judge(const pp_plan *pl, struct pp_result *r, pp_score_probed_fn probed, void *arg,
               char *err, size_t errlen)
{
	size_t i;
	int rc;

	free(r->deployment);
	if ((r->deployment = strdup(pl->dep->name)) == NULL || set_vantages(r, pl->dep) < 0)
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory");
	/* Every host of the plan in the result (one the engine saw nothing of has no
	 * state, so nothing to judge), then the engine's ports in order, for the
	 * binary search of observed(). */
	for (i = 0; i < pl->nhosts; i++)
		if (pp_result_host(r, &pl->hosts[i].host->addr) == NULL)
			return pp__errf(err, errlen, PP_ENOMEM, "out of memory");
	pp_result_sort(r);
	for (i = 0; i < pl->nhosts; i++)
		if ((rc = judge_host(pl, &pl->hosts[i], r, probed, arg)) < 0)
			return pp__errf(err, errlen, rc, "out of memory while scoring");
	if ((rc = pp_score_alternatives(r)) < 0)
		return pp__errf(err, errlen, rc, "out of memory while scoring");
	pp_score_tally(r);
	return 0;
}
