/*
 * The timing rules both back ends share (engine.c's raw loop and connect.c's
 * unprivileged one), kept apart so they are one rule, tested alone:
 * a TCP probe's back-off between tries, and when a lingering UDP probe's next
 * round goes after its host's last ICMP evidence (Linux sends one error a
 * second to a peer after a burst of six).
 */
#ifndef PP_ROUNDS_H
#define PP_ROUNDS_H

#include <stdint.h>

#define PP__MIN_RTO_US     10000u
#define PP__LINGER_MAX     600u     /* re-sends of a lingering UDP probe at most */
#define PP__LINGER_ROUND   1010000u /* a round: a token refilled since the last evidence */
#define PP__ROUND_MIN_US   20000u   /* a round of a host not held to Linux's limit, at least */
#define PP__ICMP_BURST     6u       /* Linux's burst of ICMP errors to one peer */
#define PP__QUIET_WAIT_US  250000u  /* a silent round is judged this long after it, at least */
#define PP__DROP_RETRIES   8u       /* re-sends a probe gets while its pacer is unsettled */
#define PP__PACE_HOSTS     4096u    /* scans of this many hosts at most pace each one */
#define PP__PACE_TICK_US   1000u    /* the pacers' intervals closed and judged this often */
#define PP__PACE_START_PPS 10000.0  /* a pacer's first cap, doubled while the path keeps up */
#define PP__PACE_WAIT_US   1000000u /* a probe out of tries waits this long for its pacer */

/* How long after a host's last evidence its next round goes: icmp_n errors
 * from it, the first and the last at first_us and last_us. */
uint64_t pp__round_delay(uint32_t icmp_n, uint64_t first_us, uint64_t last_us);

/* A TCP probe's try after its attempt-th (>= 1) waits this many RTOs (TCP's
 * backoff, capped: 10 tries span about 60 RTOs). */
unsigned pp__backoff(unsigned attempt);

#endif
