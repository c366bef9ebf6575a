/*
 * Pacing: the speed the path allows, found by measuring it (pace.c).
 *
 * One pacer watches one path: a destination host (SYN-flood guards are per
 * host) or, for the hosts that have none of their own, the scan as a whole.
 * The engine tells it what it sends and which TCP probes were answered at the
 * first try; the pacer answers with a cap in probes a second (0: none) and the
 * tokens that enforce it.  It knows nothing of packets or hosts.
 */
#ifndef PP_PACE_H
#define PP_PACE_H

#include <stdint.h>

#define PP__PACE_IVS 8 /* intervals measured or waiting for their answers */

/* The probes first sent in one interval, and how many were answered at once. */
struct pp__pace_iv {
	uint64_t start, end; /* us; end 0: still open */
	uint32_t first;      /* TCP first transmissions in it */
	uint32_t sent;       /* every transmission in it */
	uint32_t answered;   /* of first, answered by the target at the first try */
};

/* What an interval measured: the rate it was sent at, the share of its first
 * tries answered, and the answers a second (delivered). */
struct pp__pace_rate {
	double rate, share, delivered;
	uint32_t first, answered;
	double secs;
	uint64_t from; /* us: the first of its intervals began */
};

enum pp__pace_state {
	PP__PACE_START, /* doubling from a first guess, while the answers keep up */
	PP__PACE_FREE,  /* no cap: the path took all we sent */
	PP__PACE_DOWN,  /* the answers fell behind: slowing, to find the limit */
	PP__PACE_HELD,  /* a limit found: held under it, probing upward now and then */
};

struct pp__pace {
	struct pp__pace_iv iv[PP__PACE_IVS];
	uint32_t cur, done; /* sequence numbers: the open interval, the next to judge */
	uint8_t state, clean, failed_ups, probing;
	uint8_t limited;  /* the loss was shown to depend on the speed */
	uint8_t ups;      /* HELD: probes upward that passed in a row (each goes further) */
	uint8_t steps;    /* DOWN: halvings that showed nothing yet */
	uint8_t checking; /* HELD: the last cut is being checked against last */
	double cut_from;  /* HELD: the cap before that cut */
	double cap;       /* probes a second; 0: none */
	double prev_cap;  /* HELD: the cap before the last probe upward */
	double tokens, burst;
	double min;                /* the lowest cap (--min-rate) */
	struct pp__pace_rate ref;  /* the best interval the path took whole */
	struct pp__pace_rate last; /* the last interval judged */
	struct pp__pace_rate acc;  /* intervals at this cap, not yet judged */
	double peak;               /* the highest rate an interval was sent at */
	uint64_t refill_us;
	uint64_t changed_us; /* the cap last changed: intervals before it are stale */
	uint64_t settled_us; /* the cap last lowered: tries before it may be lost */
	uint64_t judged_us;  /* tries sent before this have been judged */
	uint64_t grown_us;   /* START: the cap last doubled */
	uint32_t srtt_us, min_srtt_us, late_us; /* the clock's, its lowest, the last tick's */
	uint32_t rx, tx;     /* first tries answered (by arrival), and sent, since rx_us */
	uint64_t rx_us;
};

/* The engine's round-trip estimate, which times the intervals. */
struct pp__pace_clock {
	uint64_t now_us;
	uint32_t srtt_us, rttvar_us;
	uint32_t late_us; /* answers wait this long in our own queue, at most */
};

/* start_pps: the first cap (0: none, the path taken as free); min_pps: the
 * cap never goes below it (0: 100 a second). */
void pp__pace_init(struct pp__pace *p, double start_pps, double min_pps, uint64_t now_us);
/* A transmission sent now; first: the probe's first, tcp: a TCP probe. */
void pp__pace_sent(struct pp__pace *p, int first, int tcp);
/* A TCP probe first sent at first_us was answered at its first try. */
void pp__pace_answered(struct pp__pace *p, uint64_t first_us);
/* Close and judge the intervals whose answers are in; 1 if the cap changed.
 * final: no first tries are left to send, so the last interval closes and is
 * judged on what it has. */
int pp__pace_tick(struct pp__pace *p, const struct pp__pace_clock *c, int final);
/* 1 if a probe may go now (a token, or no cap); pp__pace_take spends it. */
int pp__pace_ready(struct pp__pace *p, uint64_t now_us);
void pp__pace_take(struct pp__pace *p);
/* 1 if a try sent at tx_us may have been lost to our own speed: the cap was
 * lowered since, or the limit is still being looked for. */
int pp__pace_unsettled(const struct pp__pace *p, uint64_t tx_us);
/* 1 if a try sent at tx_us has not been judged yet: whether it was lost to our
 * own speed is not known (a probe out of tries waits to be given up). */
int pp__pace_pending(const struct pp__pace *p, uint64_t tx_us);
/* 1 if the pacer holds its path under a limit it found (HELD), or slows down
 * on one it has shown (DOWN, the share rising as it slowed). */
int pp__pace_limited(const struct pp__pace *p);

#endif
