/*
 * An answer's record, for both back ends (the raw loop of engine.c and the
 * connect one of connect.c): the host's bitmap and answers, the round trip
 * (RFC 6298, Karn), the host's ICMP evidence for the UDP rounds, and what the
 * pacers and the TCP retry limit learn from it; the state all that starts
 * from (pp__scan_timing_init), and a loop's turn of pacing (pp__scan_pace).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "engine_int.h"
#include "pp_error.h"

#define LOSS_WRONG_MAX 1e-5 /* expected wrong states the retries aim under */

static void
rtt_sample(pp_scan *s, uint32_t r)
{
	uint32_t rto;

	if (!s->have_rtt) {
		s->srtt_us = r;
		s->rttvar_us = r / 2;
		s->have_rtt = 1;
	} else {
		uint32_t d = s->srtt_us > r ? s->srtt_us - r : r - s->srtt_us;
		s->rttvar_us = (3 * s->rttvar_us + d) / 4;
		s->srtt_us = (7 * s->srtt_us + r) / 8;
	}
	rto = s->srtt_us + 4 * s->rttvar_us;
	if (rto < PP__MIN_RTO_US)
		rto = PP__MIN_RTO_US;
	if (rto > s->max_rto_us)
		rto = s->max_rto_us;
	s->rto_us = rto;
}

static int
bit_test(const uint8_t *b, uint32_t i)
{
	return b != NULL && (b[i >> 3] >> (i & 7)) & 1;
}

void
pp__scan_answer(pp_scan *s, const struct pp__reply *r, uint32_t hi, uint32_t pi, uint64_t now,
                unsigned attempts, uint64_t first_us, uint32_t rtt, int timed)
{
	struct pp__host *h;
	struct pp__answer *a;

	h = &s->hosts[hi];
	if (r->proto == PP_PROTO_UDP || pp_reason_is_icmp(r->reason))
		h->last_udp_us = now; /* the host's ICMP bucket: engine.c, rounds.h */
	if (pp_reason_is_icmp(r->reason)) {
		if (h->icmp_n++ == 0)
			h->icmp_first_us = now;
		h->icmp_last_us = now;
	}
	if (r->src < PP__SRC_MAX)
		s->src_answers[r->src]++;
	if (s->buckets != NULL && r->src < s->nsrc) {
		/* Its bucket toward the source the answer came to (several -S). */
		struct pp__bucket *b = &s->buckets[(uint64_t)hi * s->nsrc + r->src];
		if (r->proto == PP_PROTO_UDP || pp_reason_is_icmp(r->reason))
			b->last_udp_us = now;
		if (pp_reason_is_icmp(r->reason)) {
			if (b->icmp_n++ == 0)
				b->icmp_first_us = now;
			b->icmp_last_us = now;
		}
	}
	if (bit_test(h->bits, pi)) {
		s->dups++;
		return;
	}
	if (h->bits == NULL && (h->bits = pp__slab_alloc(&s->slabs, (s->nports + 7) / 8)) == NULL)
		return;
	/* Round trips from answers of a known try, answered by the target
	 * itself: a port unreachable is, other ICMP errors may come from a router
	 * on the way (a UDP scan of closed ports had no sample at all, and every
	 * silent port waited out three 1 s timeouts). */
	if (timed && (!pp_reason_is_icmp(r->reason) ||
	              (r->reason == PP_REASON_ICMP_UNREACH && r->code == 3)))
		rtt_sample(s, rtt);
	/* The pacers judge the path by TCP answers from the target: ICMP errors
	 * are held back by the target's own limit, UDP answers by the service. */
	if (r->proto == PP_PROTO_TCP && !pp_reason_is_icmp(r->reason)) {
		if (attempts == 1)
			pp__pace_answered(pp__pacer_of(s, hi), first_us);
		/* A first try answered late, after its retry went, was not lost. */
		if (attempts == 1 || (attempts > 1 && r->attempt == 0))
			s->ans_first++;
		else if (attempts > 1)
			s->ans_retx++;
	}
	if (r->reason == PP_REASON_RST) {
		h->rst_ttl = r->ttl;
		if (h->nrst_kept >= PP__RST_KEEP)
			goto mark;
		h->nrst_kept++;
	}
	if (h->nans == h->cap) {
		uint32_t cap = h->cap ? h->cap * 2 : PP__ANS_SLAB;
		struct pp__answer *na = NULL;
		if (h->cap == 0)
			na = pp__slab_alloc(&s->slabs, cap * sizeof(*na));
		else if (h->cap == PP__ANS_SLAB && (na = malloc(cap * sizeof(*na))) != NULL)
			memcpy(na, h->ans, h->cap * sizeof(*na));
		else if (h->cap > PP__ANS_SLAB)
			na = realloc(h->ans, cap * sizeof(*na));
		if (na == NULL)
			return;
		h->ans = na;
		h->cap = cap;
	}
	a = &h->ans[h->nans++];
	a->port = pi;
	a->rtt_us = rtt;
	a->state = r->state;
	a->reason = r->reason;
	a->code = r->code;
	a->ttl = r->ttl;
mark:
	h->bits[pi >> 3] |= (uint8_t)(1u << (pi & 7));
	h->nanswered++;
	s->answered++;
	s->open_ports += r->state == PP_STATE_OPEN;
}

/*
 * The TCP retry limit the loss calls for (see the top): q from the answers with
 * one success and one failure added (no answer yet is no proof of a clean link),
 * then the smallest number of tries k with probes x q^k under LOSS_WRONG_MAX.
 */
void
pp__adapt_retries(pp_scan *s)
{
	unsigned max = s->o.max_retries > s->o.retries ? s->o.max_retries : s->o.retries;
	double q, wrong = (double)s->perm.count;
	unsigned tries = 0;

	s->tcp_retries = s->o.retries;
	if (max == s->o.retries || s->ans_retx == 0)
		return; /* fixed, or no loss seen */
	q = (double)(s->ans_retx + 1) / (double)(s->ans_first + s->ans_retx + 2);
	while (wrong > LOSS_WRONG_MAX && tries <= max) {
		wrong *= q;
		tries++;
	}
	if (tries > s->o.retries + 1)
		s->tcp_retries = tries - 1 < max ? tries - 1 : max;
}

/* Each IPv6 host's cookie identity, folded once: a SipHash a probe and an
 * answer otherwise (a -p- over IPv6 paid ~1% of its time in them). */
static int
fold_hosts6(pp_scan *s, char *err, size_t errlen)
{
	uint64_t n = s->targets.count - s->targets.count4, i;
	uint8_t b[16];

	if (n == 0 || s->id6 != NULL)
		return 0;
	if ((s->id6 = malloc(n * sizeof(*s->id6))) == NULL)
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory for %llu hosts",
		                (unsigned long long)n);
	for (i = 0; i < n; i++) {
		pp__targets_addr6(&s->targets, s->targets.count4 + i, b);
		s->id6[i] = pp__cookie_fold6(&s->match.key, b);
	}
	s->match.targets = &s->targets;
	s->match.id6 = s->id6;
	return 0;
}

int
pp__scan_pace(pp_scan *s, uint64_t now, uint32_t late_us, double *cur)
{
	struct pp__pace_clock c = {now, s->srtt_us, s->rttvar_us, late_us};
	int final = !pp__order_left(s); /* no first tries left */
	uint32_t i;

	pp__adapt_retries(s); /* every turn: the first give-ups come before a window ends */
	if (s->rate > 0) {
		double burst = s->rate / 100 > PP__BATCH ? s->rate / 100 : PP__BATCH;
		s->tokens += s->rate * (double)(now - s->last_refill_us) / 1e6;
		if (s->tokens > burst)
			s->tokens = burst;
	}
	s->last_refill_us = now;
	if (now - s->last_tick_us >= PP__PACE_TICK_US) {
		s->last_tick_us = now;
		pp__pace_tick(&s->path, &c, final);
		for (i = 0; i < s->npace; i++)
			pp__pace_tick(&s->paced[i], &c, final);
	}
	if (now - s->win_start_us < PP__WINDOW_US)
		return 0;
	*cur = (double)s->win_sent * 1e6 / (double)(now - s->win_start_us);
	if (*cur > s->peak_rate)
		s->peak_rate = *cur;
	s->win_start_us = now;
	s->win_sent = 0;
	return 1;
}

int
pp__scan_timing_init(pp_scan *s, char *err, size_t errlen)
{
	double start;
	uint32_t i;
	int rc;

	if ((s->hosts = calloc(s->targets.count ? s->targets.count : 1, sizeof(*s->hosts))) == NULL)
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory for %llu hosts",
		                (unsigned long long)s->targets.count);
	if (s->nsrc > 1 &&
	    (s->buckets = calloc(s->targets.count * s->nsrc, sizeof(*s->buckets))) == NULL)
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory for %u sources",
		                (unsigned)s->nsrc);
	if ((rc = fold_hosts6(s, err, errlen)) < 0)
		return rc;
	s->max_rto_us = s->o.max_rtt_ms * 1000u;
	s->rto_us = s->max_rto_us < 1000000u ? s->max_rto_us : 1000000u;
	s->rate = (double)s->o.rate;
	/* A pacer for each host of a scan of few (a guard is per host), else one for
	 * the whole scan (pace.c). */
	if (s->targets.count <= PP__PACE_HOSTS) {
		s->npace = (uint32_t)s->targets.count;
		if ((s->paced = calloc(s->npace ? s->npace : 1, sizeof(*s->paced))) == NULL)
			return pp__errf(err, errlen, PP_ENOMEM, "out of memory");
	}
	s->tcp_retries = s->o.retries;
	s->t0_ns = pp__now_ns();
	/* The pacers measure TCP first tries (UDP answers wait on the targets'
	 * ICMP limits and services): a scan without TCP is not paced. */
	start = s->ntcp > 0 ? PP__PACE_START_PPS : 0;
	pp__pace_init(&s->path, start, (double)s->o.min_rate, 0);
	for (i = 0; i < s->npace; i++) {
		pp__pace_init(&s->paced[i], start, (double)s->o.min_rate, 0);
		s->hosts[i].pc = &s->paced[i];
	}
	return 0;
}
