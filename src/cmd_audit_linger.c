/*
 * Which UDP ports of which host are worth that host's ICMP rate limit (Linux:
 * one error a second after a burst of six).  A closed UDP port shows only by its
 * port unreachable, so the engine asks again, in rounds, past the limit; but
 * only where closed and open|filtered are different verdicts: the ports this
 * host's own expectations judge.  A port the host only sweeps is unexpected if
 * open and nothing otherwise, so it gets its retries and no more; asking every
 * host every port any host expects cost the Equinox audit two minutes (issue 16).
 *
 * The engine knows nothing of profiles: it asks pp_audit_udp_linger, through its
 * udp_linger option, with the host's address, and this file answers from the
 * plan's items of the host at that address.
 */
#include "config.h"

#include <stdlib.h>

#include "cmd_audit.h"
#include "pp_error.h"

static int
by_addr(const void *x, const void *y)
{
	const struct pp_audit_host *a = x, *b = y;

	return (a->addr > b->addr) - (a->addr < b->addr);
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

int
pp_audit_udp_linger(void *arg, uint32_t addr, unsigned port)
{
	const struct pp_audit *a = arg;
	struct pp_audit_host key = {addr, NULL};
	const struct pp_audit_host *h =
	        bsearch(&key, a->byaddr, a->nbyaddr, sizeof(*a->byaddr), by_addr);

	/* Not a host of the plan (cannot happen): the engine's own default. */
	return h == NULL || pp_plan_item_for(h->host, PP_PROTO_UDP, port) != NULL;
}
