/*
 * The send order in passes.  A target's ICMP errors are few (Linux: a burst of
 * six, then one a second per peer), and every one of them answers a probe: a
 * firewall's reject of a TCP port, a closed UDP port's port unreachable.  The
 * caller may say which ports of each host decide something (pp_scan_opts.first:
 * an audit's judged ports); those go first, TCP before UDP, so the burst goes to
 * a rejected port the caller judges and to the closed UDP ports it needs, not to
 * the sweep's ports that decide nothing.  Pass 0 sends the first TCP ports,
 * pass 1 the first UDP ports, pass 2 everything else; without the callback
 * there is only pass 2, the permutation as it is.
 *
 * Each pass walks the shard's permutation (perm.h) and skips what is not its
 * own.  The permutation puts the UDP ports' rounds first, so pass 1 walks only
 * the positions before first_end and pass 0 only those after: the three passes
 * together walk it twice.  Which probes a shard takes does not change, only when.
 */
#include "config.h"

#include <stdlib.h>

#include "engine_int.h"
#include "pp_error.h"

/* Shard positions whose global index lies in the UDP rounds (perm.h). */
static uint64_t
udp_positions(const pp_scan *s)
{
	const struct pp__perm *p = &s->perm;
	uint64_t end = p->nfirst * p->nhosts;

	if (s->nudp == 0)
		return 0;
	if (s->ntcp == 0)
		return p->count;
	return end <= p->shard_k ? 0 : (end - p->shard_k + p->shard_n - 1) / p->shard_n;
}

/* The port indices of ps (ports of one protocol: idx, from base) in bits. */
static void
set_bits(uint8_t *bits, const pp_portset *ps, const uint32_t *idx, uint32_t base)
{
	size_t i;
	unsigned port, pi;

	for (i = 0; idx != NULL && i < ps->n; i++)
		for (port = ps->r[i].lo; port <= ps->r[i].hi && port <= PP_PORT_MAX; port++) {
			if (idx[port] == 0)
				continue; /* not scanned: nothing to send first */
			pi = base + idx[port] - 1;
			bits[pi >> 3] |= (uint8_t)(1u << (pi & 7));
		}
}

int
pp__order_init(pp_scan *s, char *err, size_t errlen)
{
	uint64_t h, row = ((uint64_t)s->nports + 7) / 8;
	pp_portset tcp, udp;
	int rc = 0;

	free(s->first);
	s->first = NULL;
	s->first_row = row;
	s->udp_end = udp_positions(s);
	s->pass = PP__PASS_REST;
	s->next = 0;
	if (s->o.first == NULL || s->targets.count == 0 || s->nports == 0)
		return 0;
	if (row > SIZE_MAX / s->targets.count ||
	    (s->first = calloc((size_t)(s->targets.count * row), 1)) == NULL)
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory for the order of %llu hosts",
		                (unsigned long long)s->targets.count);
	pp_portset_init(&tcp);
	pp_portset_init(&udp);
	for (h = 0; h < s->targets.count && rc == 0; h++) {
		uint8_t *bits = s->first + h * row;
		pp_portset_clear(&tcp);
		pp_portset_clear(&udp);
		struct pp_addr a = pp__host_addr(s, h);
		rc = s->o.first(s->o.first_arg, &a, &tcp, &udp);
		if (rc == 0) {
			set_bits(bits, &tcp, s->tcp_idx, 0);
			set_bits(bits, &udp, s->udp_idx, s->ntcp);
		}
	}
	pp_portset_free(&tcp);
	pp_portset_free(&udp);
	if (rc < 0)
		return pp__errf(err, errlen, rc, "out of memory for the order");
	s->pass = PP__PASS_TCP;
	s->next = s->udp_end;
	return 0;
}

unsigned
pp__order_pass_of(const pp_scan *s, uint64_t h, uint64_t p)
{
	const uint8_t *bits;

	if (s->first == NULL)
		return PP__PASS_REST;
	bits = s->first + h * s->first_row;
	if (!((bits[p >> 3] >> (p & 7)) & 1))
		return PP__PASS_REST;
	return p < s->ntcp ? PP__PASS_TCP : PP__PASS_UDP;
}

/* The positions pass walks: [*lo, *hi). */
static void
pass_range(const pp_scan *s, unsigned pass, uint64_t *lo, uint64_t *hi)
{
	*lo = pass == PP__PASS_TCP ? s->udp_end : 0;
	*hi = pass == PP__PASS_UDP ? s->udp_end : s->perm.count;
}

int
pp__order_next(const pp_scan *s, unsigned *pass, uint64_t *j, uint64_t *h, uint64_t *p,
               uint64_t *budget)
{
	uint64_t lo, hi;

	while (*pass < PP__PASS_DONE) {
		pass_range(s, *pass, &lo, &hi);
		if (*j < lo)
			*j = lo;
		for (; *j < hi; ++*j) {
			pp__perm_get(&s->perm, *j, h, p);
			if (pp__order_pass_of(s, *h, *p) == *pass)
				return 1;
			if (*budget == 0)
				return 0;
			--*budget;
		}
		++*pass;
		*j = 0;
	}
	return 0;
}

int
pp__order_sent(const pp_scan *s, uint64_t h, uint64_t p, uint64_t j)
{
	unsigned c = pp__order_pass_of(s, h, p);

	return c < s->pass || (c == s->pass && j < s->next);
}
