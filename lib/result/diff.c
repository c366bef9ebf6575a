/*
 * The diff model: two sorted results walked side by side, hosts by address and
 * ports by protocol and port, each difference recorded with what it means for
 * the person who made a change: a new finding, a resolved one, a state change, a
 * lost pass, a score that moved, a host that is gone.  A port that is listed on
 * one side only is compared with the other side's state for unlisted ports.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "pp_diff.h"
#include "result_int.h"

static int
is_finding(unsigned v)
{
	return v != PP_VERDICT_NONE && v != PP_VERDICT_PASS && v < PP_VERDICT_COUNT;
}

static unsigned
pass_severity(const struct pp_port_result *p)
{
	return p != NULL && p->verdict == PP_VERDICT_PASS ? p->severity : PP_SEV_NONE;
}

static uint8_t
other_of(const struct pp_host_result *h, unsigned proto)
{
	if (h == NULL)
		return PP_STATE_UNKNOWN;
	return proto == PP_PROTO_TCP ? h->other_tcp : h->other_udp;
}

static int
add_port(struct pp_diff_host *dh, const struct pp_diff_port *dp)
{
	struct pp_diff_port *p;

	if (dh->nports == dh->cap) {
		size_t cap = dh->cap ? dh->cap * 2 : 8;
		if ((p = realloc(dh->ports, cap * sizeof(*p))) == NULL)
			return PP_ENOMEM;
		dh->ports = p;
		dh->cap = cap;
	}
	dh->ports[dh->nports++] = *dp;
	return 0;
}

static int
compare_port(struct pp_diff_host *dh, int audit, const struct pp_port_result *op,
             const struct pp_port_result *np)
{
	const struct pp_port_result *any = op ? op : np;
	struct pp_diff_port dp;
	unsigned ov = op ? op->verdict : PP_VERDICT_NONE, nv = np ? np->verdict : PP_VERDICT_NONE;

	memset(&dp, 0, sizeof(dp));
	dp.proto = any->proto;
	dp.port = any->port;
	dp.vantage = any->vantage;
	dp.old = op;
	dp.new = np;
	dp.old_state = op ? op->state : other_of(dh->old, any->proto);
	dp.new_state = np ? np->state : other_of(dh->new, any->proto);
	if (audit) {
		/* A pass that carries a severity (a certificate to renew) is a
		 * finding too, and differs from a pass of another severity. */
		unsigned os = pass_severity(op), ns = pass_severity(np);
		int differ = nv != ov || os != ns;
		if ((is_finding(nv) || ns != PP_SEV_NONE) && differ)
			dp.what |= PP_DIFF_NEW_FINDING;
		if ((is_finding(ov) || os != PP_SEV_NONE) && differ)
			dp.what |= PP_DIFF_RESOLVED;
		if (ov == PP_VERDICT_PASS && nv != PP_VERDICT_PASS && !is_finding(nv))
			dp.what |= PP_DIFF_LOST_PASS;
		dp.worse = (dp.what & (PP_DIFF_NEW_FINDING | PP_DIFF_LOST_PASS)) != 0;
	}
	if (dp.new_state != PP_STATE_UNKNOWN && dp.old_state != dp.new_state &&
	    (dp.old_state != PP_STATE_UNKNOWN || !audit)) {
		dp.what |= PP_DIFF_STATE;
		if (!audit && (dp.old_state == PP_STATE_OPEN) != (dp.new_state == PP_STATE_OPEN))
			dp.worse = 1;
	}
	/* A listener that speaks something else now; the verdict, if any, says
	 * whether that is worse. */
	if (op != NULL && np != NULL && op->seen != NULL && np->seen != NULL &&
	    strcmp(op->seen, np->seen) != 0)
		dp.what |= PP_DIFF_SEEN;
	if (dp.what == 0)
		return 0;
	dh->new_findings += (dp.what & PP_DIFF_NEW_FINDING) != 0;
	dh->resolved += (dp.what & PP_DIFF_RESOLVED) != 0;
	dh->state_changes += (dp.what & PP_DIFF_STATE) != 0;
	dh->worse |= dp.worse;
	return add_port(dh, &dp);
}

static int
cmp_key(const struct pp_port_result *a, const struct pp_port_result *b)
{
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->port != b->port)
		return (a->port > b->port) - (a->port < b->port);
	/* Results joined from several zones: cell by cell (the ports' order). */
	if (a->vantage == NULL || b->vantage == NULL)
		return (a->vantage != NULL) - (b->vantage != NULL);
	return strcmp(a->vantage, b->vantage) < 0 ? -1 : strcmp(a->vantage, b->vantage) > 0;
}

static int
score_moved(int has_old, double old, int has_new, double new, int *down)
{
	*down = has_old && has_new && new < old - 0.05;
	return has_old != has_new || (has_old && fabs(new - old) >= 0.05);
}

static int
compare_host(struct pp_diff *d, struct pp_diff_host *dh)
{
	const struct pp_host_result *o = dh->old, *n = dh->new;
	size_t i = 0, j = 0, no = o ? o->nports : 0, nn = n ? n->nports : 0;
	int rc, c, down;

	while (i < no || j < nn) {
		c = i == no ? 1 : j == nn ? -1 : cmp_key(&o->ports[i], &n->ports[j]);
		if (c < 0)
			rc = compare_port(dh, d->audit, &o->ports[i++], NULL);
		else if (c > 0)
			rc = compare_port(dh, d->audit, NULL, &n->ports[j++]);
		else
			rc = compare_port(dh, d->audit, &o->ports[i++], &n->ports[j++]);
		if (rc < 0)
			return rc;
	}
	if (o != NULL && n != NULL && d->audit) {
		dh->score_changed =
		        score_moved(o->has_score, o->score, n->has_score, n->score, &down);
		dh->worse |= down;
	}
	if (o != NULL && n != NULL && !d->audit &&
	    ((o->other_tcp != n->other_tcp && n->other_tcp != PP_STATE_UNKNOWN &&
	      (o->other_tcp == PP_STATE_OPEN || n->other_tcp == PP_STATE_OPEN)) ||
	     (o->other_udp != n->other_udp && n->other_udp != PP_STATE_UNKNOWN &&
	      (o->other_udp == PP_STATE_OPEN || n->other_udp == PP_STATE_OPEN))))
		dh->worse = 1;
	return 0;
}

/* Did anything worth a line change for this host? */
static int
host_changed(const struct pp_diff_host *dh)
{
	const struct pp_host_result *o = dh->old, *n = dh->new;

	if (dh->status != PP_DIFF_CHANGED)
		return 1;
	return dh->nports > 0 || dh->score_changed || dh->worse ||
	       (n->other_tcp != PP_STATE_UNKNOWN && o->other_tcp != n->other_tcp) ||
	       (n->other_udp != PP_STATE_UNKNOWN && o->other_udp != n->other_udp);
}

static int
visit(struct pp_diff *d, const struct pp_host_result *o, const struct pp_host_result *n)
{
	struct pp_diff_host dh, *h;
	int rc;

	memset(&dh, 0, sizeof(dh));
	dh.addr = o ? o->addr : n->addr;
	dh.old = o;
	dh.new = n;
	dh.status = o == NULL ? PP_DIFF_ADDED : n == NULL ? PP_DIFF_REMOVED : PP_DIFF_CHANGED;
	if (dh.status == PP_DIFF_REMOVED)
		dh.worse = 1;
	else if ((rc = compare_host(d, &dh)) < 0)
		goto fail;
	if (!host_changed(&dh))
		return 0;
	if (d->nhosts == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		if ((h = realloc(d->hosts, cap * sizeof(*h))) == NULL) {
			rc = PP_ENOMEM;
			goto fail;
		}
		d->hosts = h;
		d->cap = cap;
	}
	d->hosts[d->nhosts++] = dh;
	d->new_findings += dh.new_findings;
	d->resolved += dh.resolved;
	d->state_changes += dh.state_changes;
	d->hosts_added += dh.status == PP_DIFF_ADDED;
	d->hosts_removed += dh.status == PP_DIFF_REMOVED;
	d->worse |= dh.worse;
	return 0;
fail:
	free(dh.ports);
	return rc;
}

int
pp_diff_compute(const struct pp_result *old, const struct pp_result *new, struct pp_diff **out)
{
	struct pp_diff *d;
	size_t i = 0, j = 0;
	int rc = 0, down;

	*out = NULL;
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return PP_ENOMEM;
	d->old = old;
	d->new = new;
	d->audit = old->deployment != NULL && new->deployment != NULL;
	while (rc == 0 && (i < old->nhosts || j < new->nhosts)) {
		if (j == new->nhosts ||
		    (i < old->nhosts && pp_addr_cmp(&old->hosts[i].addr, &new->hosts[j].addr) < 0))
			rc = visit(d, &old->hosts[i++], NULL);
		else if (i == old->nhosts ||
		         pp_addr_cmp(&new->hosts[j].addr, &old->hosts[i].addr) < 0)
			rc = visit(d, NULL, &new->hosts[j++]);
		else
			rc = visit(d, &old->hosts[i++], &new->hosts[j++]);
	}
	if (rc < 0) {
		pp_diff_free(d);
		return rc;
	}
	if (d->audit) {
		d->score_changed =
		        score_moved(old->has_score, old->score, new->has_score, new->score, &down);
		d->worse |= down;
	}
	*out = d;
	return 0;
}

void
pp_diff_free(struct pp_diff *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nhosts; i++)
		free(d->hosts[i].ports);
	free(d->hosts);
	free(d);
}
