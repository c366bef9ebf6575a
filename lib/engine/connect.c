/*
 * The connect method's loop (connect.h): probes in the scan's order, each a
 * socket of its own under one epoll, as many in flight as the file limit
 * allows.  What the raw loop (engine.c) does with packets, this does with
 * sockets, by the same rules (rounds.h, pace.c, engine_answer.c):
 *
 * - A TCP try is a connect(); a retry closes the socket and connects anew (the
 *   kernel's own SYN retransmission comes after 1 s, past most RTOs).  A
 *   refused socket serves the slot's next probe (tcp_send).  An open port's
 *   socket is closed with SO_LINGER 0: an RST, no socket in TIME_WAIT.
 * - A UDP probe keeps its socket for every try and round: the ICMP errors of
 *   earlier tries still land in its error queue.
 * - RTO = SRTT + 4 RTTVAR from first tries; TCP tries back off; a UDP probe out
 *   of retries lingers in rounds timed by its host's ICMP evidence; the pacers
 *   judge each path by TCP first tries answered by the target.
 * - An IPv6 target's sockets are AF_INET6 (connect_sock.c), their ICMPv6
 *   errors read as the raw engine reads them (pp__icmp6_unreach).
 * - RLIMIT_NOFILE is raised to its hard limit, and the sockets in flight kept
 *   under it (pp_scan_stats.fd_limited says when it, not the scan, decided).
 * - With two CPUs, a helper thread (cworker.h) makes TCP sockets' system
 *   calls while it has room: the loop hands it a slot and keeps every
 *   decision, leaving the slot alone until its outcome is taken back.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "connect.h"
#include "engine_int.h"
#include "pp_error.h"

#define FD_SPARE 64u /* descriptors left to the rest of the process */
#define EVENTS   256
#define CW_MIN   1024u /* probes at least, for a helper thread */

static uint64_t
now_us(const pp_scan *s)
{
	return (pp__now_ns() - s->t0_ns) / 1000;
}

/* The kernel's range of local ports (its default if unreadable), where each
 * slot's TCP socket binds a port of its own (connect_sock.c). */
static void
port_range(struct pp__connect *c)
{
	unsigned lo = 32768, hi = 60999;
	FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "re");

	if (f != NULL) {
		if (fscanf(f, "%u %u", &lo, &hi) != 2)
			lo = 32768, hi = 60999;
		fclose(f);
	}
	if (lo < 1024 || hi > 65535 || hi < lo)
		lo = 32768, hi = 60999;
	c->port_lo = lo;
	c->port_n = hi - lo + 1;
}

int
pp__connect_open(pp_scan *s, char *err, size_t errlen)
{
	struct pp__connect *c;
	struct rlimit rl;
	uint64_t want, room, spare;
	int rc;

	if (s->conn == NULL && (s->conn = calloc(1, sizeof(*s->conn))) == NULL)
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory");
	c = s->conn;
	c->ep = -1;
	c->nofile = 1024;
	/* As many sockets as the hard limit allows: the soft one is raised first. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		if (rl.rlim_cur < rl.rlim_max) {
			rlim_t cur = rl.rlim_cur;
			rl.rlim_cur = rl.rlim_max;
			if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
				rl.rlim_cur = cur;
		}
		c->nofile = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (1u << 24)
		                    ? (1u << 24)
		                    : (uint64_t)rl.rlim_cur;
	}
	spare = c->nofile / 4 < FD_SPARE ? c->nofile / 4 : FD_SPARE;
	room = c->nofile > spare + 1 ? c->nofile - spare - 1 : 1;
	want = s->perm.count < PP__CONN_MAX ? s->perm.count : PP__CONN_MAX;
	if (want == 0)
		want = 1;
	c->fd_limited = room < want;
	c->max = (uint32_t)(c->fd_limited ? room : want);
	/* The helper thread when there are TCP tries enough to share. */
	c->threads =
	        s->ntcp > 0 && s->perm.count >= CW_MIN && c->max > PP__CW_QMAX && pp__cw_cpus() > 1
	                ? 2
	                : 1;
	if ((rc = pp__cpool_init(&c->pool, c->max)) < 0)
		return pp__errf(err, errlen, rc, "out of memory for %u sockets", c->max);
	port_range(c);
	if ((c->ep = epoll_create1(EPOLL_CLOEXEC)) < 0)
		return pp__errf(err, errlen, PP_EIO, "epoll_create1: %s", strerror(errno));
	return 0;
}

void
pp__connect_free(pp_scan *s)
{
	struct pp__connect *c = s->conn;
	uint32_t i;

	if (c == NULL)
		return;
	for (i = 0; c->pool.p != NULL && i < c->pool.cap; i++)
		if (c->pool.p[i].fd >= 0)
			close(c->pool.p[i].fd);
	pp__cpool_free(&c->pool);
	free(c->w);
	if (c->ep >= 0)
		close(c->ep);
	free(c);
	s->conn = NULL;
}

void
pp__connect_stats(const pp_scan *s, struct pp_scan_stats *st)
{
	const struct pp__connect *c = s->conn;

	st->received = c->received;
	st->rejected = c->rejected;
	st->matched = c->received - c->rejected;
	st->outstanding = c->pool.live;
	st->inflight_max = c->max;
	st->nofile = c->nofile;
	st->fd_limited = c->fd_limited;
	st->threads = c->threads;
}

/* Probe i answered with r: recorded, its socket closed, its slot freed. */
static void
finish(pp_scan *s, uint32_t i, struct pp__reply *r, uint64_t now)
{
	struct pp__connect *c = s->conn;
	struct pp__cprobe *cp = &c->pool.p[i];
	uint32_t rtt = now > cp->tx_us ? (uint32_t)(now - cp->tx_us) : 1;

	r->addr = pp__host_id(s, cp->host);
	if (pp__targets_is6(&s->targets, cp->host)) {
		r->v6 = 1;
		pp__targets_addr6(&s->targets, cp->host, r->addr6);
	}
	r->port = s->ports[cp->port];
	r->ts_us = now;
	/* A TCP answer is its socket's, the last try's; a UDP one may answer
	 * any try the socket sent (Karn: timed only when it sent one). */
	r->attempt = cp->port < s->ntcp && cp->attempts > 0 ? (int16_t)(cp->attempts - 1) : -1;
	pp__scan_answer(s, r, cp->host, cp->port, now, cp->attempts, cp->first_us, rtt,
	                r->attempt >= 0 || cp->attempts == 1);
	if (cp->port < s->ntcp && r->state == PP_STATE_OPEN && cp->fd >= 0) {
		/* An RST ends the connection: no socket waits in TIME_WAIT. */
		struct linger lg = {1, 0};
		setsockopt(cp->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	}
	if (!cp->idle)
		pp__conn_drop(cp);
	pp__cpool_put(&c->pool, i);
}

/* Forget probe i without an answer. */
static void
give_up(pp_scan *s, uint32_t i)
{
	struct pp__cprobe *cp = &s->conn->pool.p[i];

	if (!cp->idle)
		pp__conn_drop(cp);
	pp__cpool_put(&s->conn->pool, i);
}

/* What probe i's TCP socket said (pp__ctcp_event's got and recv): its
 * answer, if it is one. */
static void
tcp_said(pp_scan *s, uint32_t i, int got, int recv, struct pp__reply *r, uint64_t now)
{
	s->conn->received += (unsigned)recv;
	if (recv && !got)
		s->conn->rejected++;
	if (got)
		finish(s, i, r, now);
	else if (s->conn->pool.p[i].idle)
		give_up(s, i); /* an error that says nothing: the port unknown */
}

/* An event of probe i's socket: its answer, if it is one.  A TCP socket's
 * goes to the helper while it has room. */
static void
event(pp_scan *s, uint32_t i, uint32_t events, uint64_t now)
{
	struct pp__connect *c = s->conn;
	struct pp__cprobe *cp = &c->pool.p[i];
	struct pp__reply r;
	int got, recv = 0;

	memset(&r, 0, sizeof(r));
	if (cp->port >= s->ntcp) {
		if (pp__cudp_event(s, i, events, &r))
			finish(s, i, &r, now);
	} else if (c->w != NULL && c->w->out < PP__CW_QMAX) {
		cp->at_worker = 1;
		cp->pend_ev = 0;
		pp__cw_push(c->w, i, events);
	} else {
		got = pp__ctcp_event(s, i, events, &r, &recv);
		tcp_said(s, i, got, recv, &r, now);
	}
}

/*
 * What the helper handed back.  A try it could not send keeps its place, not
 * counted (as resend() does: the next try after an RTO).  A slot still in
 * flight gets the events that came meanwhile.
 */
static void
collect(pp_scan *s, uint64_t now)
{
	struct pp__connect *c = s->conn;
	struct pp__cdone d;

	while (pp__cw_pop(c->w, &d)) {
		struct pp__cprobe *cp = &c->pool.p[d.slot];
		cp->at_worker = 0;
		if (d.events != 0) {
			tcp_said(s, d.slot, d.rc, d.recv, &d.r, d.ts_us);
		} else if (d.rc == 1) {
			finish(s, d.slot, &d.r, d.ts_us);
		} else if (d.rc == -EIO) {
			give_up(s, d.slot);
		} else if (d.rc < 0) {
			cp->attempts--;
			s->sent--;
			pp__cpool_rearm(&c->pool, d.slot, now);
			if (d.rc == -EMFILE || d.rc == -ENFILE) {
				c->max = c->pool.live > 1 ? c->pool.live - 1 : 1;
				c->fd_limited = 1;
			}
		}
		if (cp->live && !cp->at_worker && cp->pend_ev != 0 && cp->fd >= 0) {
			uint32_t ev = cp->pend_ev;
			cp->pend_ev = 0;
			event(s, d.slot, ev, d.ts_us > now ? d.ts_us : now);
		}
	}
}

static int
have_token(const pp_scan *s)
{
	return s->rate == 0 || s->tokens >= 1;
}

/* A try of probe i counted as sent, now. */
static void
sent(pp_scan *s, uint32_t i, uint64_t now)
{
	struct pp__connect *c = s->conn;
	struct pp__cprobe *cp = &c->pool.p[i];
	struct pp__pace *pc = pp__pacer_of(s, cp->host);

	pp__pace_sent(pc, cp->attempts == 0, cp->port < s->ntcp);
	pp__pace_take(pc);
	if (cp->attempts == 0)
		cp->first_us = now;
	cp->attempts++;
	cp->tx_us = now;
	s->sent++;
	s->win_sent++;
	if (s->tokens >= 1)
		s->tokens -= 1;
}

/*
 * A try of probe i (first or again), now: 0 sent (or answered at once), < 0
 * -errno when nothing could be sent (the probe keeps its place).  A TCP try
 * goes to the helper thread while it has room: counted as sent, its outcome
 * taken back by collect().
 */
static int
transmit(pp_scan *s, uint32_t i, uint64_t now)
{
	struct pp__connect *c = s->conn;
	struct pp__cprobe *cp = &c->pool.p[i];
	struct pp__reply r;
	int rc, tcp = cp->port < s->ntcp;

	if (tcp && c->w != NULL && c->w->out < PP__CW_QMAX) {
		sent(s, i, now);
		cp->at_worker = 1;
		cp->pend_ev = 0;
		pp__cw_push(c->w, i, 0);
		return 0;
	}
	memset(&r, 0, sizeof(r));
	rc = tcp ? pp__ctcp_send(s, i, &r) : pp__cudp_send(s, i, &r);
	if (rc < 0 && rc != -EIO)
		return rc;
	sent(s, i, now);
	if (rc == 1)
		finish(s, i, &r, now);
	else if (rc == -EIO)
		give_up(s, i); /* an error that says nothing of the port */
	return 0;
}

/* Send probe i again (re-armed at the tail); 0, or -1 without a token. */
static int
resend(pp_scan *s, uint32_t i, uint64_t now, int linger)
{
	struct pp__cprobe *cp = &s->conn->pool.p[i];

	if (!have_token(s) || !pp__pace_ready(pp__pacer_of(s, cp->host), now)) {
		s->stalled = 1;
		return -1;
	}
	pp__cpool_rearm(&s->conn->pool, i, now);
	if (linger)
		cp->lingers++;
	s->retransmitted++;
	if (transmit(s, i, now) < 0)
		cp->armed_us = now; /* no socket now: the next try after an RTO */
	return 0;
}

/* Expire the oldest armed probes: retry, linger (UDP) or give up, as the raw
 * loop's expire() (engine.c) does. */
static void
expire(pp_scan *s, uint64_t now)
{
	struct pp__cpool *pool = &s->conn->pool;
	uint32_t i;

	while ((i = pp__cpool_head(pool)) != PP__CNIL && pool->p[i].armed_us + s->rto_us <= now) {
		struct pp__cprobe *cp = &pool->p[i];
		if (cp->at_worker) {
			pp__cpool_rearm(pool, i, now); /* the helper's still: after its outcome */
			continue;
		}
		const struct pp__host *h = &s->hosts[cp->host];
		struct pp__pace *pc = pp__pacer_of(s, cp->host);
		int udp = cp->port >= s->ntcp;
		unsigned retries = !udp && h->nanswered > 0 ? s->tcp_retries : s->o.retries;

		if (!udp && pc->state == PP__PACE_DOWN && pp__order_left(s) &&
		    now - cp->tx_us < PP__PACE_WAIT_US) {
			pp__cpool_rearm(pool, i, now); /* its pacer judges first tries */
		} else if (!udp && cp->attempts <= retries &&
		           now - cp->tx_us < (uint64_t)s->rto_us * pp__backoff(cp->attempts)) {
			pp__cpool_rearm(pool, i, now);
		} else if (cp->attempts <= retries) {
			if (resend(s, i, now, 0) < 0)
				return;
		} else if (udp && cp->lingers < PP__LINGER_MAX && h->last_udp_us != 0 &&
		           pp__udp_lingers(s, cp->host, cp->port)) {
			uint64_t round =
			        h->last_udp_us +
			        pp__round_delay(h->icmp_n, h->icmp_first_us, h->icmp_last_us);
			unsigned quiet = cp->quiet + (cp->tx_us >= round);
			if (cp->tx_us >= round && now - cp->tx_us < PP__QUIET_WAIT_US) {
				/* Silent so far: its host's one error may be on its way. */
				pp__cpool_rearm(pool, i, now);
			} else if (quiet >= (s->ans_retx > 0 ? 2u : 1u)) {
				give_up(s, i);
			} else if (now >= round) {
				if (resend(s, i, now, 1) < 0)
					return;
				if (pool->p[i].live)
					pool->p[i].quiet = (uint8_t)quiet;
			} else {
				pp__cpool_rearm(pool, i, now); /* until the round */
			}
		} else if (!udp && cp->lingers < PP__DROP_RETRIES &&
		           pp__pace_unsettled(pc, cp->tx_us)) {
			if (resend(s, i, now, 1) < 0)
				return;
		} else if (!udp && pp__pace_pending(pc, cp->tx_us) &&
		           now - cp->tx_us < PP__PACE_WAIT_US) {
			pp__cpool_rearm(pool, i, now);
		} else {
			give_up(s, i);
		}
	}
}

/* New probes in the scan's order, while sockets, tokens and pacers allow. */
static void
send_new(pp_scan *s, uint64_t now)
{
	struct pp__connect *c = s->conn;
	unsigned n = 0;
	uint64_t h, p, budget = PP__ORDER_SKIP;
	uint32_t i;
	int rc;

	if (s->sent == 0)
		s->first_tx_us = now;
	while (pp__order_left(s) && have_token(s) && c->pool.live < c->max && n++ < EVENTS) {
		if (c->w != NULL)
			collect(s, now); /* the helper's room, and the slots it freed */
		/* In passes, the caller's first ports first (order.c). */
		if (!pp__order_next(s, &s->pass, &s->next, &h, &p, &budget))
			break;
		if (!pp__pace_ready(pp__pacer_of(s, (uint32_t)h), now)) {
			s->stalled = 1;
			break;
		}
		if ((i = pp__cpool_get(&c->pool, now)) == PP__CNIL)
			break;
		c->pool.p[i].host = (uint32_t)h;
		c->pool.p[i].port = (uint32_t)p;
		if ((rc = transmit(s, i, now)) < 0) {
			pp__cpool_put(&c->pool, i);
			if (rc == -EMFILE || rc == -ENFILE) {
				/* Fewer descriptors than we counted on: this many, then. */
				c->max = c->pool.live > 0 ? c->pool.live : 1;
				c->fd_limited = 1;
			}
			break; /* no socket or port now: after some answers */
		}
		if (++s->next >= s->perm.count && s->pass == PP__PASS_REST)
			s->pass = PP__PASS_DONE;
		s->last_new_us = now;
	}
}

/* --rate's tokens, the pacers' intervals, the TCP retry limit, the peak rate:
 * the raw loop's (pp__scan_pace), without its capture's back-off. */
static void
pace(pp_scan *s, uint64_t now)
{
	double cur;

	pp__scan_pace(s, now, 0, &cur);
}

static int
setup(pp_scan *s, char *err, size_t errlen)
{
	int rc;

	s->tokens = PP__BATCH;
	if ((rc = pp__scan_timing_init(s, err, errlen)) < 0)
		return rc;
	if (s->conn->threads > 1 && (s->conn->w = pp__cw_start(s)) == NULL)
		s->conn->threads = 1;
	return 0;
}

/* The events of one wait. */
static void
events(pp_scan *s, const struct epoll_event *ev, int n, uint64_t now)
{
	int k;

	for (k = 0; k < n; k++) {
		uint32_t i = (uint32_t)ev[k].data.u64;
		struct pp__cprobe *cp;
		if (i == PP__CNIL) {
			pp__cw_woken(s->conn->w);
			continue;
		}
		cp = &s->conn->pool.p[i];
		if (!cp->live)
			continue;
		if (cp->at_worker)
			cp->pend_ev |= ev[k].events;
		else if (cp->fd >= 0)
			event(s, i, ev[k].events, now);
	}
}

int
pp__connect_run(pp_scan *s, const volatile sig_atomic_t *stop, struct pp_result *r, char *err,
                size_t errlen)
{
	struct pp__connect *c = s->conn;
	struct epoll_event ev[EVENTS];
	uint64_t now, stop_at = 0, last_progress = 0;
	struct timespec wait = {0, 0};
	int rc, n, stopping = 0;

	if ((rc = setup(s, err, errlen)) < 0)
		return rc;
	r->started = time(NULL);
	for (;;) {
		if (c->w != NULL)
			pp__cw_flush(c->w);
		if (c->w != NULL && (wait.tv_nsec == 0 || pp__cw_waiting(c->w, 1)))
			wait.tv_nsec = 0; /* outcomes are back: no sleep */
		n = epoll_pwait2(c->ep, ev, EVENTS, &wait, NULL);
		if (c->w != NULL)
			pp__cw_waiting(c->w, 0);
		now = now_us(s);
		if (n > 0)
			events(s, ev, n, now);
		if (c->w != NULL)
			collect(s, now); /* also when no event came: the helper's outcomes */
		if (!stopping && stop != NULL && *stop) {
			stopping = 1;
			stop_at = now + s->rto_us;
		}
		if (stopping) {
			if (now >= stop_at)
				break;
			wait.tv_nsec = 1000000;
			continue;
		}
		pace(s, now);
		s->stalled = 0;
		expire(s, now);
		send_new(s, now);
		if (s->o.progress != NULL && s->o.progress_ms > 0 &&
		    now - last_progress >= s->o.progress_ms * 1000ull) {
			struct pp_scan_stats st;
			pp__scan_stats(s, &st);
			pp__connect_stats(s, &st);
			s->o.progress(s->o.progress_arg, &st);
			last_progress = now;
		}
		if (!pp__order_left(s) && c->pool.live == 0)
			break;
		/* Wait for answers: briefly for a pacer's token, longer when every
		 * socket is out or every probe sent. */
		wait.tv_nsec = n == EVENTS                                    ? 0
		               : s->stalled                                   ? 50000
		               : !pp__order_left(s) || c->pool.live >= c->max ? 1000000
		               : !have_token(s)                               ? 1000000
		                                                              : 0;
	}
	if (c->w != NULL) {
		pp__cw_stop(c->w); /* joined: its last outcomes are in */
		collect(s, now_us(s));
	}
	s->complete = !stopping;
	r->finished = time(NULL);
	rc = pp__scan_result(s, r, err, errlen);
	r->received = c->received;
	r->rejected = c->rejected;
	if (rc == 0 && stopping)
		rc = PP_EINTR;
	return rc;
}
