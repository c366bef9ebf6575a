/*
 * Pacing: find the speed a path allows by measuring it (see pace.h, and HOW A
 * SCAN WORKS in portproof(1)).
 *
 * A rate limit on the way (a SYN-flood guard, a policer, a slow link) and a
 * lossy link both leave tries unanswered; what tells them apart is whether
 * the loss depends on the speed.  The pacer measures, in intervals of a few
 * milliseconds, the rate probes were sent at, the share of their first tries
 * the target answered at once, and those answers a second (delivered: BBR's
 * delivery rate).  A filtered port answers at no speed, so the share is that of
 * the ports that answer, times the chance a try gets through; a lossy link
 * keeps that chance at every speed, a limit of N a second makes it N / rate.
 *
 * START doubles a first cap each interval while the share holds.  When the
 * share falls below the best the path took whole (by more than chance
 * explains), the pacer slows down (DOWN) and looks again: the share rose and
 * the answers a second held, so it is still over a limit, and halves; the share
 * rose and the answers a second fell, so it is under the limit now, which is
 * what was delivered over it divided by the share under it; the share did not
 * rise, so the loss is the link's own, and the cap goes (retransmissions answer
 * it, engine.c).  HELD keeps the cap under the limit and, after clean
 * intervals, tries an eighth more (BBR's probing for bandwidth), put back if
 * the share falls.
 *
 * With a cap, tokens are kept for a short burst only, so a guard with a small
 * bucket (nftables' limit: burst 5) is never sent a batch at once.
 */
#include "config.h"

#include <string.h>

#include "pace.h"

#define MIN_PPS       100.0   /* the lowest cap, without --min-rate */
#define IV_MIN_US     5000u   /* an interval lasts at least this */
#define IV_MIN_FIRST  64u     /* and holds at least this many TCP first tries */
#define IV_MAX_US     250000u /* or a quarter of that, after this long */
#define ACC_ANSWERS   24u     /* intervals are judged once they hold this many answers */
#define LOOK_ANSWERS  96u     /* or this many, when the judgment decides a limit */
#define ACC_FIRST     2048u   /* or this many first tries */
#define MARGIN        0.9     /* of the limit found, the cap */
#define UP_GAIN       1.125   /* a probe upward */
#define BIND          0.8     /* sent at this share of the cap, at least: the cap binds */
#define BURST_US      250u    /* a capped path is sent this long a burst at most */
#define REF_MAX       20000u  /* first tries the reference share is kept over */
#define START_WAIT_US 500000u /* START doubles without answers this often */
#define DOWN_BLIND    3       /* halvings that show nothing, before the loss is the link's */
#define DROP          0.15    /* a fall of the share that says: over a limit */
#define HELD_DROP     0.07    /* the same, under a limit found (no lossy link seen) */
#define PROBE_DROP    0.02    /* the same, for a probe upward: it must lose nothing */
#define QUEUE_MIN_US  25000u  /* a round trip grown by this (and 4x) is a queue filling */
#define RX_WINDOW_US  50000u  /* answers counted by arrival over this, for queue_check() */

void
pp__pace_init(struct pp__pace *p, double start_pps, double min_pps, uint64_t now_us)
{
	memset(p, 0, sizeof(*p));
	p->min = min_pps > MIN_PPS ? min_pps : MIN_PPS;
	if (start_pps > 0 && start_pps < p->min)
		start_pps = p->min;
	p->iv[0].start = now_us;
	p->refill_us = now_us;
	p->state = start_pps > 0 ? PP__PACE_START : PP__PACE_FREE;
	p->cap = start_pps;
	p->burst = 2;
	p->tokens = 2;
}

static struct pp__pace_iv *
iv_at(struct pp__pace *p, uint32_t seq)
{
	return &p->iv[seq % PP__PACE_IVS];
}

void
pp__pace_sent(struct pp__pace *p, int first, int tcp)
{
	struct pp__pace_iv *v = iv_at(p, p->cur);

	v->sent++;
	v->first += first && tcp;
	p->tx += first && tcp;
}

void
pp__pace_answered(struct pp__pace *p, uint64_t first_us)
{
	uint32_t seq = p->cur;

	p->rx++;
	/* The interval its first try went in, newest first, if not judged yet. */
	for (;;) {
		struct pp__pace_iv *v = iv_at(p, seq);
		if (first_us >= v->start) {
			v->answered++;
			return;
		}
		if (seq == p->done)
			return;
		seq--;
	}
}

static void
set_cap(struct pp__pace *p, double cap, uint64_t now)
{
	p->cap = cap > 0 && cap < p->min ? p->min : cap;
	memset(&p->acc, 0, sizeof(p->acc)); /* what was sent at the old cap */
	p->burst = p->cap * BURST_US / 1e6 < 2 ? 2 : p->cap * BURST_US / 1e6;
	if (p->tokens > p->burst)
		p->tokens = p->burst;
	p->changed_us = now;
}

/* Slower, to find the limit: the tries sent before now may have been lost. */
static void
cut(struct pp__pace *p, double cap, uint64_t now)
{
	p->settled_us = now;
	p->clean = 0;
	set_cap(p, cap, now);
}

/* 1 if b answered a share of its first tries below a's by more than chance
 * explains (z standard deviations of the difference of two binomial shares)
 * and by more than the fraction by of it. */
static int
share_below(const struct pp__pace_rate *a, const struct pp__pace_rate *b, double by, double z)
{
	double q = (double)(a->answered + b->answered) / (double)(a->first + b->first), d;

	if (a->first == 0 || b->first == 0 || b->share >= (1 - by) * a->share)
		return 0;
	if (q <= 0 || q >= 1)
		return 1; /* all answered against none */
	d = a->share - b->share;
	return d * d > z * z * q * (1 - q) * (1.0 / a->first + 1.0 / b->first);
}

/* 1 if b, sent slower than a, still delivered about as many answers a second:
 * over a limit, the answers a second are the limit's at any rate, so the share
 * grows as the rate falls; under it they fall with the rate.  The line between
 * is the geometric middle, which judges both ways alike (the counts are large
 * enough for it in DOWN, need()). */
static int
still_over(const struct pp__pace_rate *a, const struct pp__pace_rate *b)
{
	double k = a->rate > 0 ? b->rate / a->rate : 1;

	if (k > 0.9 || a->delivered <= 0)
		return 0; /* not slower: nothing to tell by */
	return b->delivered * b->delivered > k * a->delivered * a->delivered;
}

/* 1 if the round trip has grown well past the path's own (and our lateness
 * reading answers): a queue on the way is filling.  Then answers that have not
 * come back are late, not lost, and the share falling says the same as a
 * limit: more is sent than the path delivers (BBR's sign of a full pipe). */
static int
queueing(const struct pp__pace *p)
{
	return p->min_srtt_us > 0 &&
	       p->srtt_us > 4u * p->min_srtt_us + 2u * p->late_us + QUEUE_MIN_US;
}

/* Add an interval the path took whole to the reference share. */
static void
ref_add(struct pp__pace *p, const struct pp__pace_rate *m)
{
	struct pp__pace_rate *r = &p->ref;

	if (r->first > REF_MAX) { /* the recent ones weigh more */
		r->first /= 2;
		r->answered /= 2;
	}
	r->first += m->first;
	r->answered += m->answered;
	r->share = (double)r->answered / (double)r->first;
	if (m->rate > r->rate)
		r->rate = m->rate;
	if (m->delivered > r->delivered)
		r->delivered = m->delivered;
	r->secs = m->secs;
}

/* The cap under a limit: what was delivered over it (over), divided by the share
 * of tries answered under it, a margin under, and never above over's rate. */
static double
under(const struct pp__pace_rate *over, double share)
{
	double n = share > 0 ? over->delivered / share : over->rate;

	return MARGIN * (n < over->rate ? n : over->rate);
}

/* DOWN, over a limit shown: the limit passes at least what was answered (the
 * answers a second, m->delivered), so slower to that at once if it is more than
 * a halving away (at most by 16). */
static void
over_limit(struct pp__pace *p, const struct pp__pace_rate *m, uint64_t now)
{
	double c = m->delivered;

	p->limited = 1;
	p->last = *m;
	cut(p, c > p->cap / 2 ? p->cap / 2 : c < p->cap / 16 ? p->cap / 16 : c, now);
}

static void
judge(struct pp__pace *p, const struct pp__pace_rate *m, uint64_t now)
{
	double held;
	int rose;

	if (m->rate > p->peak)
		p->peak = m->rate;
	switch (p->state) {
	case PP__PACE_START:
	case PP__PACE_FREE:
		if (p->ref.first > 0 && share_below(&p->ref, m, DROP, 3)) {
			/* Over a limit, from somewhere under this rate: a first guess,
			 * at least a halving. */
			double c = under(m, p->ref.share);
			p->state = PP__PACE_DOWN;
			p->steps = 0;
			p->last = *m;
			cut(p,
			    c > m->rate / 2    ? m->rate / 2
			    : c < m->rate / 16 ? m->rate / 16
			                       : c,
			    now);
			return;
		}
		ref_add(p, m);
		if (p->state == PP__PACE_START) {
			/* No answer yet: a host that is not there, or a path that holds
			 * the answers back (a queue).  Doubled only every START_WAIT_US
			 * then, so a queue is not filled blind. */
			if (p->ref.answered == 0 && now - p->grown_us < START_WAIT_US)
				return;
			if (m->from < p->grown_us)
				return; /* sent before the last doubling: the next tells */
			if (p->cap > 4 * p->peak) { /* it does not bind: something else does */
				p->state = PP__PACE_FREE;
				set_cap(p, 0, now);
			} else {
				uint64_t since = p->changed_us;
				set_cap(p, 2 * p->cap, now);
				p->changed_us = since; /* what it sent slower still counts */
				p->grown_us = now;
			}
		}
		return;
	case PP__PACE_DOWN:
		if (still_over(&p->last, m)) {
			/* As many answers a second, slower: still over a limit. */
			over_limit(p, m, now);
			return;
		}
		rose = share_below(m, &p->last, DROP, 3);
		if (!rose && !p->limited && share_below(&p->ref, m, DROP, 3) &&
		    p->steps < DOWN_BLIND) {
			/* No better than the last interval, which may have been sent
			 * half before a limit came up: slower still, a few times. */
			p->steps++;
			p->last = *m;
			cut(p, p->cap / 2, now);
			return;
		}
		if (!rose && queueing(p)) {
			/* The answers are late, held in a queue that grew at the speed
			 * sent: over a limit (a slow link). */
			over_limit(p, m, now);
			return;
		}
		if (!rose && !p->limited) {
			/* Slower, and no more of the tries answered: the loss is not the
			 * speed's.  Free again, from the share seen now. */
			p->state = PP__PACE_FREE;
			memset(&p->ref, 0, sizeof(p->ref));
			ref_add(p, m);
			set_cap(p, 0, now);
			return;
		}
		/* Under the limit now: the answers a second fell with the rate. */
		p->limited = 1;
		p->state = PP__PACE_HELD;
		memset(&p->ref, 0, sizeof(p->ref));
		ref_add(p, m);
		p->probing = 0;
		p->failed_ups = 0;
		held = under(&p->last, m->share);
		/* The interval over it had none of its answers read yet (a late
		 * machine): it delivered nothing, and says no more of the limit than
		 * that this rate is under it.  (A cap of 0 is none: held at "0/s".) */
		cut(p, held > 0 ? held : MARGIN * m->rate, now);
		return;
	default:
		if (p->probing && (share_below(&p->ref, m, PROBE_DROP, 2) || queueing(p))) {
			/* Too far (more lost, or a queue filling): back to the cap
			 * that held. */
			if (p->failed_ups < 4)
				p->failed_ups++;
			p->probing = 0;
			p->ups = 0;
			cut(p, 0.97 * p->prev_cap, now);
			return;
		}
		if (p->probing && m->rate < BIND * p->cap) {
			/* Not sent at its cap (the machine, or another host's pacer,
			 * held the sending back): the probe says nothing.  Back to the
			 * cap that held, no penalty (a loaded machine passed probe
			 * after probe this way, to 35000/s behind a 5000/s guard). */
			p->probing = 0;
			set_cap(p, p->prev_cap, now);
			return;
		}
		if (p->checking) {
			p->checking = 0;
			/* Unless the cut slowed the sending, it could not help. */
			if (!share_below(m, &p->last, HELD_DROP, 2) &&
			    m->rate <= BIND * p->last.rate) {
				/* The cut did not help: that loss was the link's own, not
				 * the limit's.  The cap back, and the share seen now is
				 * the path's from here on. */
				memset(&p->ref, 0, sizeof(p->ref));
				ref_add(p, m);
				set_cap(p, p->cut_from, now);
				return;
			}
		} else if (share_below(&p->ref, m, DROP, 3)) {
			/* Losing at a cap that held: the limit fell, or the link went
			 * worse.  Down by what passed, at most by half, and the next
			 * interval tells which. */
			double c = under(m, p->ref.share);
			p->cut_from = p->cap;
			p->last = *m;
			p->checking = 1;
			cut(p, c < p->cap / 2 ? p->cap / 2 : c, now);
			return;
		}
		if (share_below(m, &p->ref, HELD_DROP, 3)) {
			memset(&p->ref, 0, sizeof(p->ref)); /* more passed than ever */
			ref_add(p, m);
		} else if (m->share >= p->ref.share * (1 - HELD_DROP / 2)) {
			ref_add(p, m); /* the reference stays that of tries that passed */
		}
		if ((p->cap > 2 * m->rate && !p->probing && m->first >= 4 * IV_MIN_FIRST) ||
		    p->cap > 4 * p->peak) {
			/* The cap no longer binds: something else holds the sending
			 * (the machine, another host's pacer).  Free again.  Not on
			 * the few last tries of a scan winding down, unless the cap
			 * is far above anything this path was ever sent at: probes
			 * upward on a trickle of tries raised it without end (an
			 * audit's UDP rounds: 1e15 a second, more than a result's
			 * JSON can hold as an integer, issue 16). */
			p->state = PP__PACE_FREE;
			p->limited = 0;
			set_cap(p, 0, now);
			return;
		}
		if (p->probing) {
			p->failed_ups = 0;
			if (p->ups < 1)
				p->ups++; /* a probe that passes: the next goes twice as far */
		}
		p->probing = 0;
		if (queueing(p) || m->rate < BIND * p->cap)
			p->clean = 0; /* a queue on the way, or a cap that does not bind:
			               * more would fill the one and say nothing of the other */
		else if (++p->clean >= 2 + 2 * p->failed_ups) {
			p->clean = 0;
			p->prev_cap = p->cap;
			p->probing = 1;
			set_cap(p, p->cap * (1 + (UP_GAIN - 1) * (1 << p->ups)), now);
		}
		return;
	}
}

/*
 * A queue filling on the way (queueing()) while the pacer ramps up or runs
 * free: its intervals are judged a round trip late, and that round trip is the
 * queue's, seconds on a slow link with a deep buffer, so by then every first try
 * has gone and the queue has dropped most of them.  The answers arriving now
 * say what the path delivers (rx_pps, of the tries the host answers: divided by
 * the share it answers at): when first tries go faster than that (tx_pps), the
 * pacer holds a tenth under it, as a limit found.
 */
static void
queue_check(struct pp__pace *p, double tx_pps, double rx_pps, uint64_t now)
{
	double c;

	if ((p->state != PP__PACE_START && p->state != PP__PACE_FREE) || !queueing(p) ||
	    rx_pps <= 0 || (p->ref.first > 0 && p->ref.share <= 0))
		return;
	/* Before any interval is judged (the queue filled first), the share is
	 * taken as all: slower than the path, if anything. */
	c = p->ref.first > 0 ? rx_pps / p->ref.share : rx_pps;
	/* Only while first tries go faster than they come back: after the last
	 * one, answers trickle in at no rate the path sets. */
	if (tx_pps < 1.25 * c)
		return;
	c *= MARGIN;
	if (p->cap > 0 && c >= p->cap)
		return;
	p->state = PP__PACE_HELD;
	p->limited = 1;
	memset(&p->ref, 0, sizeof(p->ref));
	p->probing = 0;
	p->failed_ups = 0;
	p->checking = 0;
	cut(p, c, now);
}

/* The answers an interval needs to be judged.  Ramping up and holding, a few
 * (a wrong step is undone at the next); looking for a limit, or checking that
 * one holds, more: with a few dozen answers, chance alone moves the share by a
 * fifth, as much as a limit does (a CI run held a 2000/s guard at 5000/s). */
static uint32_t
need(const struct pp__pace *p)
{
	if (p->state == PP__PACE_DOWN || p->checking || p->probing)
		return LOOK_ANSWERS;
	return ACC_ANSWERS;
}

int
pp__pace_tick(struct pp__pace *p, const struct pp__pace_clock *c, int final)
{
	struct pp__pace_iv *v = iv_at(p, p->cur);
	uint64_t now = c->now_us, len = c->srtt_us > IV_MIN_US ? c->srtt_us : IV_MIN_US;
	uint64_t lag = 2 * (uint64_t)c->srtt_us > (uint64_t)c->srtt_us + 4 * c->rttvar_us
	                       ? 2 * (uint64_t)c->srtt_us
	                       : (uint64_t)c->srtt_us + 4 * c->rttvar_us;
	double cap = p->cap;

	lag += 2000 + (uint64_t)c->late_us; /* the capture's delay, our loop's, the tick's */
	if (c->srtt_us > 0) {
		p->srtt_us = c->srtt_us;
		if (p->min_srtt_us == 0 || c->srtt_us < p->min_srtt_us)
			p->min_srtt_us = c->srtt_us;
	}
	p->late_us = c->late_us;
	if (now - p->rx_us >= RX_WINDOW_US) {
		double secs = (double)(now - p->rx_us) / 1e6;
		queue_check(p, p->tx / secs, p->rx / secs, now);
		p->rx = p->tx = 0;
		p->rx_us = now;
	}
	/* Close the open interval once it is long and full enough (or long, on a
	 * slow path), if there is room for the next (else it grows until the
	 * oldest is judged). */
	if (((now - v->start >= len && v->first >= IV_MIN_FIRST) ||
	     (now - v->start >= IV_MAX_US && v->first >= IV_MIN_FIRST / 4) ||
	     (final && v->first > 0)) &&
	    p->cur - p->done < PP__PACE_IVS - 1) {
		v->end = now;
		p->cur++;
		v = iv_at(p, p->cur);
		memset(v, 0, sizeof(*v));
		v->start = now;
	}
	/* Judge the closed intervals whose first tries have had time to answer;
	 * one begun before the cap last changed mixes two speeds: skipped. */
	while (p->done != p->cur) {
		struct pp__pace_rate m;
		v = iv_at(p, p->done);
		if (now < v->end + lag)
			break;
		p->done++;
		if (v->start < p->changed_us)
			continue; /* its tries are judged with the next interval's */
		/* Intervals at one cap add up until their answers say enough. */
		if (p->acc.secs == 0)
			p->acc.from = v->start;
		p->acc.secs += (double)(v->end - v->start) / 1e6;
		p->acc.first += v->first;
		p->acc.answered += v->answered < v->first ? v->answered : v->first;
		p->acc.rate += v->sent; /* packets, until judged */
		if (p->acc.answered < need(p) && p->acc.first < ACC_FIRST &&
		    !(final && p->done == p->cur))
			continue;
		p->judged_us = v->end;
		m = p->acc;
		memset(&p->acc, 0, sizeof(p->acc));
		m.share = (double)m.answered / (double)m.first;
		m.rate = m.rate / m.secs;
		/* Answers a second had every try been a first: retries share the
		 * cap, and the same chance of getting through. */
		m.delivered = m.share * m.rate;
		judge(p, &m, now);
	}
	return p->cap != cap;
}

int
pp__pace_ready(struct pp__pace *p, uint64_t now_us)
{
	if (p->cap <= 0)
		return 1;
	if (now_us > p->refill_us) {
		p->tokens += p->cap * (double)(now_us - p->refill_us) / 1e6;
		if (p->tokens > p->burst)
			p->tokens = p->burst;
		p->refill_us = now_us;
	}
	return p->tokens >= 1;
}

void
pp__pace_take(struct pp__pace *p)
{
	if (p->cap > 0 && p->tokens >= 1)
		p->tokens -= 1;
}

int
pp__pace_unsettled(const struct pp__pace *p, uint64_t tx_us)
{
	return p->state == PP__PACE_DOWN || tx_us < p->settled_us;
}

int
pp__pace_pending(const struct pp__pace *p, uint64_t tx_us)
{
	/* Not judged yet, and a judgment to come: an interval closed and waiting,
	 * or first tries in the open one. */
	if (p->state == PP__PACE_START)
		return 1; /* the first guess not known to hold yet */
	return tx_us >= p->judged_us &&
	       (p->done != p->cur || p->iv[p->cur % PP__PACE_IVS].first > 0);
}

int
pp__pace_limited(const struct pp__pace *p)
{
	/* Looking, and not yet shown that the speed matters: a share that chance
	 * moved, most of the time; not a limit to name. */
	return p->cap > 0 &&
	       (p->state == PP__PACE_HELD || (p->state == PP__PACE_DOWN && p->limited));
}
