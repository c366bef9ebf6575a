/*
 * The engine's loop: send new probes in the permuted order as the ceiling and
 * the pacers allow (pace.c), take the collector's answers, expire and
 * retransmit the unanswered.  How a scan works and why is written for users in
 * portproof(1), HOW A SCAN WORKS (timing, pacing, ICMP rate limits, the
 * capture); what the code below relies on:
 *
 * - RTO = SRTT + 4 RTTVAR (RFC 6298) from answers whose try is known: a TCP
 *   answer names its try (cookie.h), a UDP one only if the probe went once
 *   (Karn), within [MIN_RTO_US, --max-rtt-timeout].  An answer late for its
 *   first try is thus measured, and the RTO grows with a path's queue instead
 *   of retrying into it.  Every probe shares it, so probes
 *   expire in the order they were armed and one ring holds them (engine_table.c).
 * - TCP retries follow the link's loss (adapt_retries); a probe whose tries may
 *   have been lost to our own speed (a pacer found a limit since, or has not
 *   judged them yet) or to our own capture is not given up as filtered.
 * - A UDP probe out of retries lingers in rounds timed by its host's ICMP
 *   evidence (round_delay): Linux sends one error a second after a burst of six.
 * - A send that waits for a pacer's token stalls the order (head of line): a
 *   guarded host is probed at its limit, and the others wait with it.
 */
#include "config.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine_int.h"
#include "pp_error.h"

#define WINDOW_US       PP__WINDOW_US    /* the capture's back-off window */
#define DROP_MEMORY_US  1000000u         /* capture losses this recent extend TCP retries */
#define DROP_RETRIES    PP__DROP_RETRIES /* by at most this many re-sends (rounds.h) */
#define LINGER_MAX      PP__LINGER_MAX
#define PACE_TICK_US    PP__PACE_TICK_US
#define PACE_WAIT_US    PP__PACE_WAIT_US
#define TWO_SENDERS_PPS 50000u /* rates from which a second core sends too */
#define QUIET_WAIT_US   PP__QUIET_WAIT_US

static uint64_t
now_us(const pp_scan *s)
{
	return (pp__now_ns() - s->t0_ns) / 1000;
}

/* The host and the probe an answer answers: 0, or -1 when it answers none of ours. */
static int
probe_of(const pp_scan *s, const struct pp__reply *r, uint32_t *hi, uint32_t *pi)
{
	int64_t h = r->v6 ? pp__targets_index6(&s->targets, r->addr6)
	                  : pp__targets_index(&s->targets, r->addr);
	const uint32_t *idx = r->proto == PP_PROTO_TCP ? s->tcp_idx : s->udp_idx;

	if (h < 0 || idx == NULL || idx[r->port] == 0)
		return -1;
	*hi = (uint32_t)h;
	*pi = idx[r->port] - 1 + (r->proto == PP_PROTO_UDP ? s->ntcp : 0);
	return 0;
}

/* The answer r of probe pi of host hi: its slot's tries, then the record. */
static void
answer(pp_scan *s, const struct pp__reply *r, uint32_t hi, uint32_t pi, uint64_t now)
{
	struct pp__slot *sl;
	uint32_t rtt = 0;
	uint64_t sent_us;
	unsigned attempts = 0;
	uint64_t first_us = 0;
	int timed = 0; /* the answered try's send time is known: rtt is a sample */

	if ((sl = pp__table_take(&s->tab, pp__probe_key(s, hi, pi))) != NULL) {
		attempts = sl->attempts;
		first_us = sl->first_us;
		/* Which try it answers: TCP's seq says (cookie.h); else only a
		 * lone try is sure (Karn). */
		sent_us = sl->tx_us;
		if (r->attempt == 0) {
			sent_us = first_us;
			timed = 1;
		} else {
			timed = r->attempt < 0 ? attempts == 1
			                       : (unsigned)r->attempt + 1 == attempts;
		}
		rtt = r->ts_us > sent_us ? (uint32_t)(r->ts_us - sent_us) : 1;
	}
	pp__scan_answer(s, r, hi, pi, now, attempts, first_us, rtt, timed);
}

/*
 * How late this loop reads the answers the capture took (a busy machine, a
 * sanitizer build): smoothed as the RTT is, so that the pacers wait for the
 * answers of an interval that are still in our own queue (pace.c).
 */
static void
late_sample(pp_scan *s, uint64_t late)
{
	uint32_t l = late > 1000000 ? 1000000 : (uint32_t)late;
	uint32_t d = s->late_us > l ? s->late_us - l : l - s->late_us;

	s->late_var_us = (3 * s->late_var_us + d) / 4;
	s->late_us = (7 * s->late_us + l) / 8;
}

/*
 * The collector's answers, in batches: each one's probe and host are looked up
 * in memory too large for the cache, so the whole batch's places are asked for
 * first and the misses overlap.
 */
static void
drain(pp_scan *s)
{
	struct pp__reply r[32];
	uint32_t hi[32], pi[32];
	uint64_t now = now_us(s), late = 0;
	unsigned n, i, got = 0;

	do {
		n = 0;
		while (n < 32 && pp__collector_pop(&s->col, &r[n])) {
			got++;
			if (now > r[n].ts_us && now - r[n].ts_us > late)
				late = now - r[n].ts_us;
			if (probe_of(s, &r[n], &hi[n], &pi[n]) < 0) {
				s->stray++;
				continue;
			}
			__builtin_prefetch(&s->hosts[hi[n]], 1);
			pp__table_prefetch(&s->tab, pp__probe_key(s, hi[n], pi[n]));
			n++;
		}
		for (i = 0; i < n; i++)
			answer(s, &r[i], hi[i], pi[i], now);
	} while (n == 32);
	if (got > 0)
		late_sample(s, late);
}

static void
send_probe(pp_scan *s, struct pp__slot *sl, uint64_t now)
{
	size_t len = pp__scan_build(s, sl->host, sl->port, sl->attempts, sl->src,
	                            pp__sender_slot(&s->snd), NULL);
	struct pp__pace *pc = pp__pacer_of(s, sl->host);

	pp__sender_commit(&s->snd, len, s->v6 ? 0 : pp__targets_addr(&s->targets, sl->host));
	if (s->buckets != NULL && sl->port >= s->ntcp) {
		struct pp__bucket *b = &s->buckets[(uint64_t)sl->host * s->nsrc + sl->src];
		if (b->first_tx_us == 0)
			b->first_tx_us = now > 0 ? now : 1;
	}
	pp__pace_sent(pc, sl->attempts == 0, sl->port < s->ntcp);
	pp__pace_take(pc);
	if (sl->attempts == 0)
		sl->first_us = now;
	sl->attempts++;
	sl->tx_us = now;
	sl->armed_us = now;
	s->sent++;
	s->win_sent++;
	if (s->tokens >= 1)
		s->tokens -= 1;
}

static int
have_token(const pp_scan *s)
{
	return s->rate == 0 || s->tokens >= 1;
}

/* 1 if host hi's pacer lets a probe go now; else the send waits (stalled). */
static int
host_ready(pp_scan *s, uint32_t hi, uint64_t now)
{
	if (pp__pace_ready(pp__pacer_of(s, hi), now))
		return 1;
	s->stalled = 1;
	return 0;
}

/* Send the head of the ring, head, again (from source src, or -1: its own):
 * its slot, re-armed at the tail; NULL without a token. */
static struct pp__slot *
resend(pp_scan *s, struct pp__slot *head, uint64_t key, uint64_t now, int linger, int src)
{
	struct pp__slot *sl;

	if (!have_token(s) || !host_ready(s, head->host, now))
		return NULL;
	sl = pp__table_rearm(&s->tab, key);
	if (src >= 0)
		sl->src = (uint8_t)src;
	if (linger)
		sl->lingers++;
	send_probe(s, sl, now);
	s->retransmitted++;
	return sl;
}

/* When host hi's next ICMP round toward source si goes: a token refilled since
 * the last evidence of its bucket (rounds.h); with one source, the host's. */
static uint64_t
round_of(const pp_scan *s, uint32_t hi, unsigned si)
{
	const struct pp__host *h = &s->hosts[hi];
	const struct pp__bucket *b;

	if (s->buckets == NULL)
		return h->last_udp_us +
		       pp__round_delay(h->icmp_n, h->icmp_first_us, h->icmp_last_us);
	b = &s->buckets[(uint64_t)hi * s->nsrc + si];
	/* No evidence of this bucket: full, unless our probes from it went
	 * unanswered (another scan may have just spent it): then a token has
	 * come back a round after the first of them. */
	if (b->last_udp_us == 0)
		return b->first_tx_us == 0 ? 0 : b->first_tx_us + PP__LINGER_ROUND;
	return b->last_udp_us + pp__round_delay(b->icmp_n, b->icmp_first_us, b->icmp_last_us);
}

/* The source whose round at host hi comes first (*si), and when: a lingering
 * probe is asked again from the bucket that refills first. */
static uint64_t
best_round(const pp_scan *s, uint32_t hi, unsigned *si)
{
	uint64_t best = round_of(s, hi, *si), r;
	unsigned k;

	for (k = 0; k < s->nsrc && s->buckets != NULL; k++)
		if ((r = round_of(s, hi, k)) < best) {
			best = r;
			*si = k;
		}
	return best;
}

/* Silent rounds a lingering UDP probe needs (see the top). */
static unsigned
quiet_rounds(const pp_scan *s)
{
	return s->ans_retx > 0 || s->last_drop_us != 0 ? 2 : 1;
}

/* Expire the head of the ring: retransmit, linger (UDP) or give up. */
static void
expire(pp_scan *s, uint64_t now)
{
	struct pp__slot *sl;

	while ((sl = pp__table_head(&s->tab)) != NULL && sl->armed_us + s->rto_us <= now) {
		uint64_t key = pp__probe_key(s, sl->host, sl->port);
		const struct pp__host *h = &s->hosts[sl->host];
		const struct pp__pace *pc = pp__pacer_of(s, sl->host);
		int udp = sl->port >= s->ntcp;
		unsigned retries = s->o.retries;
		/* The loss-driven retries only where an answer can be lost: a host
		 * that answers.  A silent host keeps the base count. */
		if (!udp && h->nanswered > 0)
			retries = s->tcp_retries;
		if (!udp && pc->state == PP__PACE_DOWN && pp__order_left(s) &&
		    now - sl->tx_us < PACE_WAIT_US) {
			/* Its pacer is looking for the limit on first tries: they get
			 * the tokens, and this one waits, a try not spent (for a while,
			 * and while first tries are left to judge by). */
			pp__table_rearm(&s->tab, key)->armed_us = now;
		} else if (!udp && sl->attempts <= retries &&
		           now - sl->tx_us < (uint64_t)s->rto_us * pp__backoff(sl->attempts)) {
			/* Its next try waits longer: a loss that lasts (a queue that
			 * overflows for a while) does not take every try. */
			pp__table_rearm(&s->tab, key)->armed_us = now;
		} else if (sl->attempts <= retries) {
			if (!resend(s, sl, key, now, 0, -1))
				return;
		} else if (udp && sl->lingers < LINGER_MAX && h->last_udp_us != 0 &&
		           pp__udp_lingers(s, sl->host, sl->port)) {
			unsigned next_src = sl->src;
			uint64_t next_round, round = round_of(s, sl->host, sl->src);
			/* Sent with a token back and unanswered: one more silent round. */
			unsigned quiet = sl->quiet + (sl->tx_us >= round);
			next_round = best_round(s, sl->host, &next_src);
			if (sl->tx_us >= round &&
			    now - sl->tx_us < QUIET_WAIT_US + s->late_us + 4ull * s->late_var_us) {
				/* Silent so far, but the host's one error of the round may
				 * still be in our own queue (a busy machine reads late, and
				 * the RTO is milliseconds): it is judged when that had time. */
				pp__table_rearm(&s->tab, key)->armed_us = now;
			} else if (quiet >= quiet_rounds(s)) {
				pp__table_kill(&s->tab, sl, key); /* its token unused */
			} else if (now >= next_round) {
				if ((sl = resend(s, sl, key, now, 1, (int)next_src)) == NULL)
					return;
				sl->quiet = (uint8_t)quiet;
			} else {
				pp__table_rearm(&s->tab, key)->armed_us = now; /* until the round */
			}
		} else if (!udp && sl->lingers < DROP_RETRIES &&
		           ((s->last_drop_us != 0 && now - s->last_drop_us < DROP_MEMORY_US) ||
		            pp__pace_unsettled(pc, sl->tx_us))) {
			/* Our own capture lost answers lately, or the tries went faster
			 * than the path allows: silence proves nothing yet. */
			if (!resend(s, sl, key, now, 1, -1))
				return;
		} else if (!udp && pp__pace_pending(pc, sl->tx_us) &&
		           now - sl->tx_us < PACE_WAIT_US) {
			/* Whether its tries were lost to our own speed is not judged
			 * yet: it waits for the pacer before it reads filtered. */
			pp__table_rearm(&s->tab, key)->armed_us = now;
		} else {
			pp__table_kill(&s->tab, sl, key);
		}
	}
}

static void
send_new(pp_scan *s, uint64_t now)
{
	uint64_t h, p, key, budget = PP__ORDER_SKIP, aj, none = 0;
	struct pp__slot *sl;
	unsigned n = 0, ap;

	if (s->sent == 0)
		s->first_tx_us = now;
	while (pp__order_left(s) && have_token(s) && !pp__table_full(&s->tab) &&
	       n++ < 4 * PP__BATCH) {
		if (s->ahead_j == s->next + 1 && s->ahead_pass == s->pass) { /* + 1: 0 is none */
			h = s->ahead_h;
			p = s->ahead_p;
		} else if (!pp__order_next(s, &s->pass, &s->next, &h, &p, &budget)) {
			break; /* the end, or enough of the order skipped for one turn */
		} else {
			s->ahead_j = s->next + 1;
			s->ahead_pass = s->pass;
			s->ahead_h = h;
			s->ahead_p = p;
		}
		if (!host_ready(s, (uint32_t)h, now))
			break; /* in order: the probe waits for its host's pacer */
		s->last_new_us = now;
		if (++s->next >= s->perm.count && s->pass == PP__PASS_REST)
			s->pass = PP__PASS_DONE; /* the last first try: known at once */
		key = pp__probe_key(s, (uint32_t)h, (uint32_t)p);
		/* The next probe's hash place loads while this one is built (when it
		 * is the next position's: no skipping here). */
		ap = s->pass;
		aj = s->next;
		if (pp__order_next(s, &ap, &aj, &s->ahead_h, &s->ahead_p, &none)) {
			s->ahead_j = aj + 1;
			s->ahead_pass = ap;
			pp__table_prefetch(&s->tab, pp__probe_key(s, (uint32_t)s->ahead_h,
			                                          (uint32_t)s->ahead_p));
			__builtin_prefetch(&s->hosts[s->ahead_h], 0); /* its pacer */
		}
		sl = pp__table_push(&s->tab, key, (uint32_t)h, (uint32_t)p);
		if (s->nsrc > 1) {
			/* Several sources: a host's first tries take them in turn, so
			 * each bucket's burst is spent before any round waits. */
			struct pp__host *hh = &s->hosts[h];
			sl->src = hh->next_src;
			hh->next_src = (uint8_t)((hh->next_src + 1u) % s->nsrc);
		}
		send_probe(s, sl, now);
	}
}

/*
 * The ceiling: --rate, and our own capture's back-off (its ring overflowed:
 * the answers came faster than we read them, whatever the path) in tokens;
 * the path's speed in the pacers (pace.c), closed and judged every
 * PACE_TICK_US (pp__scan_pace, the connect loop's too); the back-off once a
 * window.
 */
static void
pace(pp_scan *s, uint64_t now)
{
	double max = (double)s->o.rate, cur;
	uint64_t kd;

	if (!pp__scan_pace(s, now, s->late_us + 4 * s->late_var_us, &cur))
		return;
	kd = pp__collector_kernel_drops(&s->col);
	if (kd > s->kdrops) {
		if (s->rate > 0 && s->rate < cur)
			cur = s->rate;
		s->last_drop_us = now;
		s->rate = cur * 0.7 > 100 ? cur * 0.7 : 100;
		if (s->tokens > 1)
			s->tokens = 1;
		s->hold_until_us = now + 4 * WINDOW_US;
	} else if (now >= s->hold_until_us && s->rate > 0 && (max == 0 || s->rate < max)) {
		s->rate *= 1.05;
		if (max > 0 && s->rate > max)
			s->rate = max;
		if (max == 0 && s->rate > 5e6)
			s->rate = 0; /* back to unlimited */
	}
	s->kdrops = kd;
}

void
pp_scan_get_stats(const pp_scan *s, struct pp_scan_stats *st)
{
	pp__scan_stats(s, st);
	if (s->conn != NULL) {
		pp__connect_stats(s, st);
		return;
	}
	st->received = atomic_load(&((pp_scan *)s)->col.received);
	st->matched = atomic_load(&((pp_scan *)s)->col.matched) - s->stray;
	st->rejected = atomic_load(&((pp_scan *)s)->col.rejected) + s->stray;
	st->kernel_drops = pp__collector_kernel_drops((struct pp__collector *)&s->col);
	st->outstanding = s->tab.live;
}

/* The CPUs this process may run on. */
static int
cpus(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;
}

static void
nap(uint64_t us)
{
	struct timespec ts = {0, (long)us * 1000};

	nanosleep(&ts, NULL);
}

int
pp_scan_run(pp_scan *s, const volatile sig_atomic_t *stop, struct pp_result *r, char *err,
            size_t errlen)
{
	uint64_t now, stop_at = 0, last_progress = 0, cap;
	int rc, stopping = 0;

	if (!s->opened)
		return pp__errf(err, errlen, PP_EINVAL, "the scan is not open");
	if (s->method == PP_METHOD_CONNECT)
		return pp__connect_run(s, stop, r, err, errlen);
	if ((rc = pp__scan_timing_init(s, err, errlen)) < 0)
		return rc;
	/* In flight: rate x the longest timeout, twice over, within [4096, 2^18];
	 * unlimited: 2^16, many times what answers in 10 ms at the fastest rates. */
	cap = s->o.rate == 0 ? (1u << 16) : s->o.rate * s->o.max_rtt_ms / 500;
	for (rc = 4096; (uint64_t)rc < cap && rc < (1 << 18); rc *= 2)
		;
	if (pp__table_init(&s->tab, (uint32_t)rc) < 0)
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory");
	s->tokens = PP__BATCH;
	r->started = time(NULL);
	if ((rc = pp__collector_start(&s->col, &s->match, s->t0_ns, err, errlen)) < 0)
		return rc;
	/* At these rates the sending CPU is the limit: in the kernel, a packet's
	 * send carries it all the way out (on a veth, to the target and back) on
	 * the CPU that sent it.  A second thread sends the batches handed to it, on
	 * another CPU (sender.c). */
	if ((s->o.rate == 0 || s->o.rate >= TWO_SENDERS_PPS) && cpus() > 1)
		pp__sender_start_thread(&s->snd);
	for (;;) {
		now = now_us(s);
		drain(s);
		if (!stopping && stop != NULL && *stop) {
			stopping = 1;
			stop_at = now + s->rto_us;
		}
		if (stopping) {
			if (now >= stop_at)
				break;
			nap(1000);
			continue;
		}
		pace(s, now);
		expire(s, now);
		send_new(s, now);
		pp__sender_flush(&s->snd);
		if (s->o.progress != NULL && s->o.progress_ms > 0 &&
		    now - last_progress >= s->o.progress_ms * 1000ull) {
			struct pp_scan_stats st;
			pp_scan_get_stats(s, &st);
			s->o.progress(s->o.progress_arg, &st);
			last_progress = now;
		}
		if (!pp__order_left(s) && s->tab.live == 0)
			break;
		if (s->stalled)
			nap(50); /* a pacer's token: a few tens of us at most */
		else if (!pp__order_left(s) || pp__table_full(&s->tab) || !have_token(s))
			nap(s->rate > 0 && s->rate < 10000 ? 1000 : 100);
		s->stalled = 0;
	}
	pp__collector_release(&s->col);
	drain(s);
	s->complete = !stopping;
	r->finished = time(NULL);
	rc = pp__scan_result(s, r, err, errlen);
	if (rc == 0 && stopping)
		rc = PP_EINTR;
	return rc;
}
