/*
 * The connect method's helper thread (cworker.c).  A closed port's cost is
 * almost all the kernel's, inside connect(2) (the SYN out, the target's RST
 * back, in the same call): one thread keeps one core busy.  The loop
 * (connect.c) keeps every decision and hands the helper TCP sockets' system
 * calls, by slot: a try to send (pp__ctcp_send), events to read
 * (pp__ctcp_event); it hands back what each found.  The loop makes the calls
 * itself when the helper has enough: the work shares itself out.  Two single-producer rings, no
 * lock: a slot handed over is the helper's until its outcome is taken back, and the loop leaves it
 * alone.
 */
#ifndef PP_CWORKER_H
#define PP_CWORKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "classify.h"

#define PP__CW_RING  128u /* a power of two */
#define PP__CW_QMAX  64u  /* tries handed over and not yet taken back, at most */
#define PP__CW_BATCH 16u  /* handed over before a sleeping helper is woken */

struct pp__cjob {
	uint32_t slot;
	uint32_t events; /* 0: send the slot's try; else its socket's epoll events */
};

struct pp__cdone {
	uint32_t slot;
	uint32_t events; /* the job's */
	int rc;          /* pp__ctcp_send's, or pp__ctcp_event's */
	int recv;        /* pp__ctcp_event's */
	uint64_t ts_us;  /* when it returned */
	struct pp__reply r;
};

struct pp_scan;
struct pp__cworker {
	struct pp_scan *s;
	pthread_t th;
	int wake_fd;       /* eventfd: the loop wakes the helper */
	int done_fd;       /* eventfd under the loop's epoll: the helper wakes the loop */
	uint32_t out;      /* handed over, not taken back (the loop's) */
	uint32_t unkicked; /* handed over since the last pp__cw_flush (the loop's) */
	uint32_t req_tail; /* the helper's */
	uint32_t res_tail; /* the loop's */
	struct pp__cjob req[PP__CW_RING];
	struct pp__cdone res[PP__CW_RING];
	atomic_uint req_head, res_head;
	atomic_int sleeping, waiting, quit;
};

/* The CPUs this process may run on. */
int pp__cw_cpus(void);
/* The helper started, or NULL (no thread): the loop makes every call itself. */
struct pp__cworker *pp__cw_start(struct pp_scan *s);
/* Stopped and joined, its outcomes left to pp__cw_pop; free() frees it. */
void pp__cw_stop(struct pp__cworker *w);
/* Hand slot i's try (events 0) or its socket's events over: 0, or -1 when
 * PP__CW_QMAX are out. */
int pp__cw_push(struct pp__cworker *w, uint32_t i, uint32_t events);
/* Wake the helper for what was handed over, if it sleeps: before the loop
 * turns to other work or waits. */
void pp__cw_flush(struct pp__cworker *w);
/* The next outcome handed back: 1 and *d, or 0. */
int pp__cw_pop(struct pp__cworker *w, struct pp__cdone *d);
/* The loop is about to wait (1) or done waiting (0); 1: outcomes are
 * waiting already, do not sleep. */
int pp__cw_waiting(struct pp__cworker *w, int waiting);
/* Its eventfd said so (the epoll event whose slot is PP__CNIL): cleared. */
void pp__cw_woken(struct pp__cworker *w);

#endif
