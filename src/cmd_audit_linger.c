/*
 * Which ports of which host are worth that host's ICMP rate limit (Linux: one
 * error a second after a burst of six).  A closed UDP port shows only by its
 * port unreachable, so the engine asks again, in rounds, past the limit; but
 * only where closed and open|filtered are different verdicts: the ports this
 * host's own expectations judge.  A port the host only sweeps is unexpected if
 * open and nothing otherwise, so it gets its retries and no more; asking every
 * host every port any host expects cost the Equinox audit two minutes (issue 16).
 *
 * The burst goes to whatever reaches the host first, so the ports the host's
 * expectations judge go first (pp_audit_first): TCP, where a firewall's reject
 * is an ICMP error too, then UDP; the sweep after.
 *
 * The engine knows nothing of profiles: it asks pp_audit_udp_linger and
 * pp_audit_first, through its udp_linger and first options, with the host's
 * address, and this file answers from the plan's items of the host at that
 * address.
 */
#include "config.h"

#include <stdlib.h>

#include "cmd_audit.h"
#include "pp_error.h"

static int
by_addr(const void *x, const void *y)
{
	const struct pp_audit_host *a = x, *b = y;

	return pp_addr_cmp(&a->addr, &b->addr);
}

int
pp_audit_index_hosts(struct pp_audit *a)
{
	const pp_plan *pl = a->plan;
	size_t i;

	if ((a->byaddr = calloc(pl->nhosts ? pl->nhosts : 1, sizeof(*a->byaddr))) == NULL)
		return PP_ENOMEM;
	for (i = 0; i < pl->nhosts; i++) {
		a->byaddr[i].addr = pl->hosts[i].host->addr;
		a->byaddr[i].host = &pl->hosts[i];
	}
	a->nbyaddr = pl->nhosts;
	qsort(a->byaddr, a->nbyaddr, sizeof(*a->byaddr), by_addr);
	return 0;
}

const struct pp_audit_host *
pp_audit_host_at(const struct pp_audit *a, const struct pp_addr *addr)
{
	struct pp_audit_host key = {*addr, NULL};

	return bsearch(&key, a->byaddr, a->nbyaddr, sizeof(*a->byaddr), by_addr);
}

int
pp_audit_first(void *arg, const struct pp_addr *addr, pp_portset *tcp, pp_portset *udp)
{
	const struct pp_audit_host *h = pp_audit_host_at(arg, addr);
	size_t i;
	int rc;

	for (i = 0; h != NULL && i < h->host->nitems; i++) {
		const struct pp_plan_item *it = &h->host->items[i];
		pp_portset *to = it->svc->proto == PP_PROTO_UDP ? udp : tcp;
		if ((rc = pp_portset_union(to, &it->ports)) < 0)
			return rc;
	}
	return 0;
}

int
pp_audit_udp_linger(void *arg, const struct pp_addr *addr, unsigned port)
{
	const struct pp_audit_host *h = pp_audit_host_at(arg, addr);

	/* Not a host of the plan (cannot happen): the engine's own default. */
	return h == NULL || pp_plan_item_for(h->host, PP_PROTO_UDP, port) != NULL;
}
