/*
 * From the engine's answers to the result model.  A port that was probed has
 * its answer's state, or, with none, filtered (TCP) / open|filtered (UDP) with
 * reason no-response.  Per host and protocol the most common state becomes
 * "other" and only the remaining ports are listed, as nmap's "Not shown" does,
 * but open is never folded into "other" (nmap never hides an open port either):
 * a UDP scan of a host where every daemon answers lists each one, with its probe,
 * and leaves "other" unknown when nothing else is left to stand for.  A shard, or
 * a scan that was stopped, lists every port it probed instead.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"
#include "pp_error.h"
#include "result/result_int.h"

static int
cmp_answer(const void *a, const void *b)
{
	uint32_t x = ((const struct pp__answer *)a)->port, y = ((const struct pp__answer *)b)->port;

	return (x > y) - (x < y);
}

static const struct pp__answer *
find_answer(const struct pp__host *h, uint32_t pi)
{
	size_t lo = 0, hi = h->nans;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->ans[mid].port < pi)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < h->nans && h->ans[lo].port == pi ? &h->ans[lo] : NULL;
}

static int
was_sent(const pp_scan *s, uint32_t hi, uint32_t pi)
{
	uint64_t j;

	if (s->complete && s->perm.shard_n == 1)
		return 1;
	return pp__perm_find(&s->perm, hi, pi, &j) && pp__order_sent(s, hi, pi, j);
}

/* The state of a probed port; *a its full answer if kept. */
static unsigned
port_state(const pp_scan *s, const struct pp__host *h, uint32_t pi, const struct pp__answer **a)
{
	*a = NULL;
	if (h->bits != NULL && (h->bits[pi >> 3] >> (pi & 7)) & 1) {
		if ((*a = find_answer(h, pi)) != NULL)
			return (*a)->state;
		return PP_STATE_CLOSED; /* an RST past the kept ones */
	}
	return pi < s->ntcp ? PP_STATE_FILTERED : PP_STATE_OPEN_FILTERED;
}

/* The most common state but open; ties go to closed, then filtered, open|filtered.
 * Unknown when every probed port is open. */
static uint8_t
majority(const uint64_t n[5])
{
	static const uint8_t pref[] = {PP_STATE_CLOSED, PP_STATE_FILTERED, PP_STATE_OPEN_FILTERED};
	uint8_t best = PP_STATE_UNKNOWN;
	size_t i;

	for (i = 0; i < sizeof(pref); i++)
		if (n[pref[i]] > 0 && (best == PP_STATE_UNKNOWN || n[pref[i]] > n[best]))
			best = pref[i];
	return best;
}

/* Whether the answers are in port order already (arrival order mostly is). */
static int
answers_ascending(const struct pp__host *h)
{
	uint32_t i;

	for (i = 1; i < h->nans; i++)
		if (h->ans[i - 1].port >= h->ans[i].port)
			return 0;
	return 1;
}

#define NOT_SENT 0xff /* in fill_host's st: no enum pp_state */

/*
 * One host's ports.  st is scratch of s->nports bytes: each port's state, or
 * NOT_SENT (pp__perm_find, for a shard, is worth doing once).  fresh: r had no
 * hosts before the scan's, so every host is new to it.
 */
static int
fill_host(pp_scan *s, struct pp_result *r, uint32_t hi, uint8_t *st, int fresh)
{
	struct pp__host *h = &s->hosts[hi];
	const struct pp__answer *a;
	struct pp_addr addr;
	struct pp_host_result *hr;
	struct pp_port_result *pr;
	uint64_t n[2][5] = {{0}}, nsent[2] = {0, 0};
	uint8_t other[2];
	uint32_t pi;
	size_t nlisted;
	int udp;

	if (h->nans > 1 && !answers_ascending(h))
		qsort(h->ans, h->nans, sizeof(*h->ans), cmp_answer);
	for (pi = 0; pi < s->nports; pi++) {
		udp = pi >= s->ntcp;
		if (!was_sent(s, hi, pi)) {
			st[pi] = NOT_SENT;
			continue;
		}
		st[pi] = (uint8_t)port_state(s, h, pi, &a);
		n[udp][st[pi]]++;
		nsent[udp]++;
	}
	if (nsent[0] + nsent[1] == 0)
		return 0;
	/* A shard or a stopped scan probed a set of ports no reader can know: list
	 * every probed port and leave "other" out, so results merge by union. */
	if (s->complete && s->perm.shard_n == 1) {
		other[0] = majority(n[0]);
		other[1] = majority(n[1]);
	} else {
		other[0] = other[1] = PP_STATE_UNKNOWN;
	}
	addr = pp__host_addr(s, hi);
	hr = fresh ? pp__result_append_host(r, &addr) : pp_result_host(r, &addr);
	if (hr == NULL)
		return PP_ENOMEM;
	hr->other_tcp = other[0];
	hr->other_udp = other[1];
	/* The exact size of the port list (every probed port not in "other"): a /16
	 * of hosts with a port or two each must not cost a default-sized array per
	 * host. */
	nlisted = (size_t)(nsent[0] - n[0][other[0]] + nsent[1] - n[1][other[1]]);
	if (nlisted > 0 && hr->cap < nlisted) {
		struct pp_port_result *np = realloc(hr->ports, nlisted * sizeof(*np));
		if (np == NULL)
			return PP_ENOMEM;
		hr->ports = np;
		hr->cap = nlisted;
	}
	for (pi = 0; pi < s->nports; pi++) {
		udp = pi >= s->ntcp;
		if (st[pi] == NOT_SENT || st[pi] == other[udp])
			continue;
		port_state(s, h, pi, &a);
		pr = pp_host_add_port(hr, udp ? PP_PROTO_UDP : PP_PROTO_TCP, s->ports[pi]);
		if (pr == NULL)
			return PP_ENOMEM;
		pr->state = st[pi];
		if (a != NULL) {
			pr->reason = a->reason;
			pr->icmp_code = a->code;
			pr->ttl = a->ttl;
			pr->rtt_us = a->rtt_us;
			const struct pp_probe *pb = udp ? s->uprobe[pi - s->ntcp].probe : NULL;
			if (a->reason == PP_REASON_UDP_RESPONSE && pb != NULL &&
			    strcmp(pb->name, "empty") != 0 &&
			    (pr->probe = strdup(pb->name)) == NULL)
				return PP_ENOMEM;
		} else if (st[pi] == PP_STATE_CLOSED) {
			pr->reason = PP_REASON_RST;
			pr->ttl = h->rst_ttl;
		} else {
			pr->reason = PP_REASON_NO_RESPONSE;
		}
	}
	return 0;
}

/* scan.rate_reached and scan.paced_by: the pacers that hold a limit now. */
static int
pace_result(const pp_scan *s, struct pp_result *r)
{
	uint32_t i, n = pp__pace_limited(&s->path);

	r->rate_reached = (uint64_t)(s->peak_rate + 0.5);
	for (i = 0; i < s->npace; i++)
		n += pp__pace_limited(&s->paced[i]);
	free(r->paced);
	r->paced = NULL;
	r->npaced = 0;
	if (n == 0)
		return 0;
	if ((r->paced = calloc(n, sizeof(*r->paced))) == NULL)
		return PP_ENOMEM;
	if (pp__pace_limited(&s->path)) {
		strcpy(r->paced[0].host, "*");
		r->paced[r->npaced++].rate = (uint64_t)(s->path.cap + 0.5);
	}
	for (i = 0; i < s->npace; i++) {
		struct pp_paced *p = &r->paced[r->npaced];
		if (!pp__pace_limited(&s->paced[i]))
			continue;
		struct pp_addr ha = pp__host_addr(s, i);
		pp_addr_str(&ha, p->host, sizeof(p->host));
		p->rate = (uint64_t)(s->paced[i].cap + 0.5);
		r->npaced++;
	}
	return 0;
}

int
pp__scan_result(pp_scan *s, struct pp_result *r, char *err, size_t errlen)
{
	int fresh = r->nhosts == 0, rc = 0;
	uint8_t *st;
	uint64_t hi;

	r->complete = s->complete;
	r->method = (uint8_t)s->method;
	r->rate = s->o.rate;
	if ((rc = pace_result(s, r)) < 0)
		return pp__errf(err, errlen, rc, "out of memory for the result");
	r->sent = s->sent;
	r->received = atomic_load(&s->col.received);
	r->rejected = atomic_load(&s->col.rejected) + s->stray;
	r->shard_k = s->o.shard_k;
	r->shard_n = s->o.shard_n;
	if ((st = malloc(s->nports ? s->nports : 1)) == NULL)
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory for the result");
	/* Hosts come in target order, which is address order: appended, indexed once,
	 * and already sorted for pp_result_sort. */
	for (hi = 0; hi < s->targets.count && rc == 0; hi++) {
		/* Each host's answers lie where they arrived, all over the slabs: a few
		 * hosts ahead are asked for while this one is filled. */
		if (hi + 8 < s->targets.count) {
			__builtin_prefetch(s->hosts[hi + 8].bits);
			__builtin_prefetch(s->hosts[hi + 8].ans);
		}
		rc = fill_host(s, r, (uint32_t)hi, st, fresh);
	}
	free(st);
	if (rc == 0 && fresh)
		rc = pp__result_index(r);
	if (rc < 0)
		return pp__errf(err, errlen, rc, "out of memory for the result");
	pp_result_sort(r);
	return 0;
}
