/*
 * A scan's counters for pp_scan_get_stats, those both back ends keep alike
 * (engine.c adds the capture's, connect.c its sockets'): probes, sends,
 * answers, times, and the pacers that hold a limit.
 */
#include "config.h"

#include <string.h>

#include "engine_int.h"

/* The lowest limit a pacer holds its path to, and the highest rate sent. */
static void
pace_stats(const pp_scan *s, struct pp_scan_stats *st)
{
	const struct pp__pace *p = &s->path;
	uint32_t i;

	st->peak_rate = s->peak_rate;
	if (pp__pace_limited(p)) {
		st->paced = 1;
		st->paced_rate = p->cap;
	}
	for (i = 0; i < s->npace; i++) {
		p = &s->paced[i];
		if (pp__pace_limited(p) && (!st->paced || p->cap < st->paced_rate)) {
			st->paced = 1;
			st->paced_rate = p->cap;
			st->paced_by = pp__host_addr(s, i);
		}
	}
}

void
pp__scan_stats(const pp_scan *s, struct pp_scan_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->planned = s->perm.count;
	st->sent = s->sent;
	st->retransmitted = s->retransmitted;
	st->answered = s->answered;
	st->open_ports = s->open_ports;
	st->elapsed_us = s->t0_ns ? (pp__now_ns() - s->t0_ns) / 1000 : 0;
	st->send_us = s->sent > 0 ? s->last_new_us - s->first_tx_us : 0;
	st->rate = s->rate;
	st->rto_us = s->rto_us;
	st->srtt_us = s->srtt_us;
	pace_stats(s, st);
}
