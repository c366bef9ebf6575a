/*
 * The listener check's loop (pp_check.h): the open TCP ports of a result, a
 * bounded number of non-blocking connections at a time in one poll loop, each
 * taken through its opening (speak.c: greeting, request or TLS handshake) to an
 * answer the recogniser names (recognise.c).  Plain sockets and nothing else: it
 * runs in the process that dropped its privileges after the probe phase.
 *
 * A port that says nothing at all gets a second connection with the other
 * opening: a TLS port, an HTTP request (a plain-text server waiting for a line
 * would otherwise pass as merely silent); a port of no named protocol that an
 * HTTP request did not draw out, a TLS handshake (a TLS server closes on plain
 * text without a word).  A host where connections complete and are
 * reset at once, without a byte, is behind a SYN proxy (or a path doing SYN
 * cookies for it): its SYN-ACKs prove nothing, and the host is flagged.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/addr.h"
#include "check_int.h"
#include "pp_error.h"

#define GREET_MS 300 /* how long a silent listener gets before it is asked */
#define RESET_MS 500 /* a reset this soon after the handshake is "at once" */

enum phase { P_CONNECT, P_GREET, P_REPLY, P_TLS, P_TLS_APP };

struct item {
	size_t h, i; /* host and port of the result */
	const char *speaks;
	int expected;
};

struct conn {
	int fd;       /* -1: free */
	unsigned gen; /* one more for each connection the slot makes */
	struct item it;
	int second; /* the attempt with the other opening, after silence */
	int phase;
	int rst;  /* the server reset the connection */
	int sent; /* the check sent a byte */
	uint64_t deadline, greet_until, connected_at;
	struct pp_addr src;
	unsigned sport;
	uint8_t in[2048]; /* the first bytes the server sent, raw */
	size_t nin;
	uint8_t app[1024]; /* inside TLS */
	size_t napp;
	uint8_t out[2048]; /* to send */
	size_t nout, oout;
	struct pp__tls tls;
	char tlsdesc[200];
	int has_days;
	int32_t days;
};

struct hoststat {
	unsigned connected, resets;
};

struct run {
	struct pp_result *r;
	const struct pp_check_opts *o;
	void *ctx; /* SSL_CTX */
	struct hoststat *hs;
	unsigned timeout_ms;
	int nomem;
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static struct pp_port_result *
port_of(struct run *u, const struct item *it)
{
	return &u->r->hosts[it->h].ports[it->i];
}

static void
set_seen(struct run *u, struct conn *c, const char *seen, const char *detail)
{
	struct pp_port_result *p = port_of(u, &c->it);

	free(p->seen);
	free(p->seen_detail);
	p->seen = strdup(seen);
	p->seen_detail = detail != NULL && detail[0] != '\0' ? strdup(detail) : NULL;
	if (p->seen == NULL || (detail != NULL && detail[0] != '\0' && p->seen_detail == NULL))
		u->nomem = 1;
	p->has_cert_days = c->has_days;
	p->cert_days = c->days;
}

/* Whether the connection ended within RESET_MS of its handshake. */
static int
quick(const struct conn *c)
{
	return c->connected_at != 0 && now_ms() - c->connected_at < RESET_MS;
}

static void
close_conn(struct conn *c)
{
	if (c->tls.ssl != NULL)
		pp__tls_free(&c->tls);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/* The end of a port's check: seen (NULL: name the raw bytes), and whether the
 * connection ended in a reset or close without a byte. */
static void
finish(struct run *u, struct conn *c, const char *seen, const char *detail, int eof)
{
	char d[200];

	if (seen == NULL) {
		seen = pp_check_recognise(c->in, c->nin, d, sizeof(d));
		detail = d;
		if (c->nin == 0 && detail[0] == '\0')
			detail = c->rst ? (quick(c) ? "reset at once" : "reset")
			         : eof  ? "closed without a word"
			                : "no answer";
	}
	if (c->connected_at != 0) {
		u->hs[c->it.h].connected++;
		/* A reset, not a close (a listener that closes at once is still one),
		 * before the check said a word (a listener that closed at once resets
		 * the bytes that come after). */
		if (c->rst && c->nin == 0 && !c->sent && quick(c))
			u->hs[c->it.h].resets++;
	}
	set_seen(u, c, seen, detail);
	close_conn(c);
}

static void
queue(struct conn *c, const void *b, size_t n)
{
	if (n > sizeof(c->out) - c->nout)
		n = sizeof(c->out) - c->nout;
	memcpy(c->out + c->nout, b, n);
	c->nout += n;
}

static void
tls_flush(struct conn *c)
{
	uint8_t b[2048];
	size_t n;

	while ((n = pp__tls_output(&c->tls, b, sizeof(b))) > 0)
		queue(c, b, n);
}

static int
start(struct run *u, struct conn *c, const struct item *it, int second, uint64_t now)
{
	struct sockaddr_storage ss;
	const struct pp_host_result *h = &u->r->hosts[it->h];
	struct pp_addr src;
	socklen_t sl;
	char d[120];

	unsigned gen = c->gen + 1;

	memset(c, 0, offsetof(struct conn, in));
	c->nin = c->napp = c->nout = c->oout = 0;
	c->tls.ssl = NULL;
	c->has_days = 0;
	c->gen = gen;
	c->it = *it;
	c->second = second;
	c->phase = P_CONNECT;
	c->deadline = now + u->timeout_ms;
	sl = pp__addr_to_sockaddr(&h->addr, h->ports[it->i].port, &ss);
	if ((c->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0) {
		snprintf(d, sizeof(d), "socket: %s", strerror(errno));
		finish(u, c, "none", d, 0);
		return -1;
	}
	if (u->o->source != 0 && pp_addr_is_v4(&h->addr)) {
		struct sockaddr_storage me;
		src = pp_addr_from_v4(u->o->source);
		/* else the route's (and -S is IPv4: an IPv6 host takes the route's) */
		bind(c->fd, (struct sockaddr *)&me, pp__addr_to_sockaddr(&src, 0, &me));
	}
	if (connect(c->fd, (struct sockaddr *)&ss, sl) < 0 && errno != EINPROGRESS) {
		snprintf(d, sizeof(d), "connect: %s", strerror(errno));
		finish(u, c, "none", d, 0);
		return -1;
	}
	return 0;
}

static void
send_request(struct conn *c, const char *speaks)
{
	char req[1024];
	size_t n;
	struct pp_addr addr;
	unsigned port = 0;
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);

	memset(&addr, 0, sizeof(addr));
	if (getpeername(c->fd, (struct sockaddr *)&peer, &len) == 0)
		pp__addr_from_sockaddr((struct sockaddr *)&peer, &addr, &port);
	n = pp__check_request(speaks, &addr, port, &c->src, c->sport, req, sizeof(req));
	queue(c, req, n);
	c->phase = P_REPLY;
}

/* The first attempt opens as the protocol asks; the second, the other way:
 * after TLS, as HTTP; after a greeting and HTTP, with TLS. */
static enum pp__opening
opening(const struct conn *c)
{
	enum pp__opening first = pp__check_opening(c->it.speaks);

	if (!c->second)
		return first;
	return first == PP__OPEN_TLS ? PP__OPEN_REQUEST : PP__OPEN_TLS;
}

static void
connected(struct run *u, struct conn *c, uint64_t now)
{
	struct sockaddr_storage me;
	socklen_t len = sizeof(me);
	int e = 0;
	char d[120];

	len = sizeof(e);
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		e = errno;
	if (e == ECONNRESET) {
		/* Completed and reset before we looked: a SYN proxy's doing. */
		c->connected_at = now;
		c->rst = 1;
		finish(u, c, NULL, NULL, 1);
		return;
	}
	if (e != 0) {
		snprintf(d, sizeof(d), "connect: %s", strerror(e));
		finish(u, c, "none", d, 0);
		return;
	}
	c->connected_at = now;
	len = sizeof(me);
	if (getsockname(c->fd, (struct sockaddr *)&me, &len) == 0)
		pp__addr_from_sockaddr((struct sockaddr *)&me, &c->src, &c->sport);
	switch (opening(c)) {
	case PP__OPEN_GREET:
		c->phase = P_GREET;
		c->greet_until = now + GREET_MS;
		break;
	case PP__OPEN_REQUEST:
		send_request(c, c->second ? NULL : c->it.speaks);
		break;
	case PP__OPEN_TLS:
		if (pp__tls_start(u->ctx, &c->tls) < 0) {
			u->nomem = 1;
			finish(u, c, "none", "out of memory", 0);
			return;
		}
		c->phase = P_TLS;
		pp__tls_handshake(&c->tls);
		tls_flush(c);
		break;
	}
}

/* Heard nothing at all: once more, the other way (opening()), on a new
 * connection; 1 if so.  Not after the second attempt, and not after a reset at
 * once before a word was said (a SYN proxy's: nothing listens behind it). */
static int
try_again(struct run *u, struct conn *c, uint64_t now)
{
	struct item it = c->it;

	if (c->nin != 0 || c->second || (c->rst && !c->sent && quick(c)) || c->connected_at == 0)
		return 0;
	u->hs[it.h].connected++;
	close_conn(c);
	start(u, c, &it, 1, now);
	return 1;
}

static void
tls_finish(struct run *u, struct conn *c, int eof)
{
	char d[340], line[120];
	uint8_t *nl;

	if (c->napp > 0) {
		nl = memchr(c->app, '\n', c->napp);
		pp_check_recognise(c->app, nl ? (size_t)(nl - c->app) : c->napp, line,
		                   sizeof(line));
		snprintf(d, sizeof(d), "%s; %s", c->tlsdesc, line);
	} else if (c->it.speaks != NULL && strcmp(c->it.speaks, "sips") == 0) {
		snprintf(d, sizeof(d), "%s; no SIP answer", c->tlsdesc);
	} else {
		snprintf(d, sizeof(d), "%s", c->tlsdesc);
	}
	(void)eof;
	finish(u, c, "tls", d, 0);
}

/* TLS went wrong (or ended, eof): a TLS alert is still TLS; other bytes are what
 * the server speaks instead; nothing at all asks again in plain text. */
static void
tls_failed(struct run *u, struct conn *c, int eof, uint64_t now)
{
	char d[200], alert[120];

	if (try_again(u, c, now))
		return;
	if (strcmp(pp_check_recognise(c->in, c->nin, alert, sizeof(alert)), "tls") == 0) {
		snprintf(d, sizeof(d), "handshake failed (%s)", alert);
		finish(u, c, "tls", d, eof);
		return;
	}
	finish(u, c, NULL, NULL, eof);
}

/* SIP over TLS: the answer to OPTIONS, inside the TLS session. */
static void
app_data(struct run *u, struct conn *c, int eof)
{
	int rc;

	while (c->napp < sizeof(c->app) &&
	       (rc = pp__tls_read(&c->tls, c->app + c->napp, sizeof(c->app) - c->napp)) > 0)
		c->napp += (size_t)rc;
	if (eof || c->napp == sizeof(c->app) || memchr(c->app, '\n', c->napp) != NULL)
		tls_finish(u, c, eof);
}

static void
progress(struct run *u, struct conn *c, int eof, uint64_t now)
{
	int rc;
	char req[1024];
	size_t n;

	switch (c->phase) {
	case P_GREET:
	case P_REPLY:
		if (eof && try_again(u, c, now))
			break;
		if (eof || c->nin == sizeof(c->in) || pp__check_complete(c->in, c->nin))
			finish(u, c, NULL, NULL, eof);
		break;
	case P_TLS:
		rc = pp__tls_handshake(&c->tls);
		tls_flush(c);
		if (rc == 1) {
			pp__tls_describe(&c->tls, c->tlsdesc, sizeof(c->tlsdesc), &c->has_days,
			                 &c->days);
			if (c->it.speaks == NULL || strcmp(c->it.speaks, "sips") != 0) {
				tls_finish(u, c, eof);
				return;
			}
			n = pp__check_request("sips", &u->r->hosts[c->it.h].addr,
			                      u->r->hosts[c->it.h].ports[c->it.i].port, &c->src,
			                      c->sport, req, sizeof(req));
			pp__tls_write(&c->tls, req, n);
			tls_flush(c);
			c->phase = P_TLS_APP;
			app_data(u, c, eof); /* it may have come with the handshake */
		} else if (rc < 0 || eof) {
			tls_failed(u, c, eof, now);
		}
		break;
	case P_TLS_APP:
		app_data(u, c, eof);
		break;
	}
}

static void
readable(struct run *u, struct conn *c, uint64_t now)
{
	uint8_t b[4096];
	ssize_t n;
	size_t k;
	int eof = 0;

	n = recv(c->fd, b, sizeof(b), 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		eof = 1;
		c->rst = n < 0 && errno == ECONNRESET;
		n = 0;
	}
	k = (size_t)n < sizeof(c->in) - c->nin ? (size_t)n : sizeof(c->in) - c->nin;
	memcpy(c->in + c->nin, b, k);
	c->nin += k;
	if ((c->phase == P_TLS || c->phase == P_TLS_APP) && pp__tls_feed(&c->tls, b, (size_t)n) < 0)
		u->nomem = 1;
	progress(u, c, eof, now);
}

static void
writable(struct run *u, struct conn *c, uint64_t now)
{
	ssize_t n;

	if (c->phase == P_CONNECT) {
		connected(u, c, now);
		return;
	}
	n = send(c->fd, c->out + c->oout, c->nout - c->oout, MSG_NOSIGNAL);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		c->rst = errno == ECONNRESET;
		progress(u, c, 1, now);
		if (c->fd >= 0)
			finish(u, c, NULL, NULL, 1);
		return;
	}
	c->oout += (size_t)n;
	c->sent |= n > 0;
	if (c->oout == c->nout)
		c->oout = c->nout = 0;
}

static void
timed_out(struct run *u, struct conn *c, uint64_t now)
{
	if (c->phase == P_GREET && now >= c->greet_until && now < c->deadline) {
		send_request(c, NULL); /* silent: ask as HTTP */
		return;
	}
	if (now < c->deadline)
		return;
	switch (c->phase) {
	case P_CONNECT:
		finish(u, c, "none", "connect: timed out", 0);
		break;
	case P_TLS:
		if (try_again(u, c, now))
			break;
		if (c->nin == 0)
			finish(u, c, "none", "no answer to a TLS ClientHello nor to HTTP", 0);
		else
			tls_failed(u, c, 0, now);
		break;
	case P_TLS_APP:
		tls_finish(u, c, 0);
		break;
	default:
		if (try_again(u, c, now))
			break;
		if (c->nin == 0 && c->second)
			finish(u, c, "none", "no answer to a TLS ClientHello nor to HTTP", 0);
		else
			finish(u, c, NULL, NULL, 0);
	}
}

/* Expected ports first, then up to the bound of the others, host by host. */
static struct item *
pick(struct run *u, size_t *n, struct pp_check_stats *st)
{
	struct pp_result *r = u->r;
	struct item *it;
	size_t h, i, cap = 0, pass;
	unsigned extra;
	const char *speaks;

	for (h = 0; h < r->nhosts; h++)
		cap += r->hosts[h].nports;
	if ((it = calloc(cap ? cap : 1, sizeof(*it))) == NULL)
		return NULL;
	*n = 0;
	for (pass = 0; pass < 2; pass++)
		for (h = 0; h < r->nhosts; h++) {
			extra = 0;
			for (i = 0; i < r->hosts[h].nports; i++) {
				const struct pp_port_result *p = &r->hosts[h].ports[i];
				int want;
				if (p->proto != PP_PROTO_TCP || p->state != PP_STATE_OPEN)
					continue;
				speaks = NULL;
				want = u->o->expect != NULL &&
				       u->o->expect(u->o->arg, &r->hosts[h].addr, p->port, &speaks);
				if (want != (pass == 0))
					continue;
				if (!want && extra++ >= (u->o->unexpected ? u->o->unexpected : 8)) {
					st->skipped++;
					continue;
				}
				it[*n].h = h;
				it[*n].i = i;
				it[*n].speaks = speaks;
				it[*n].expected = want;
				(*n)++;
			}
		}
	return it;
}

/* A host whose connections were mostly reset at once, without a byte. */
static int
flag_middleboxes(struct run *u)
{
	struct pp_result *r = u->r;
	size_t h, i;
	unsigned n = 0;

	for (h = 0; h < r->nhosts; h++) {
		struct pp_host_result *hr = &r->hosts[h];
		if (u->hs[h].resets < 2 || u->hs[h].resets * 2 < u->hs[h].connected)
			continue;
		if ((hr->middlebox = strdup("syn-proxy")) == NULL)
			return -1;
		hr->middlebox_ports = 0;
		for (i = 0; i < hr->nports; i++) {
			const struct pp_port_result *p = &hr->ports[i];
			if (p->proto == PP_PROTO_TCP && p->state == PP_STATE_OPEN &&
			    (p->seen == NULL || strcmp(p->seen, "none") == 0))
				hr->middlebox_ports++;
		}
		n++;
	}
	return (int)n;
}

int
pp_check_run(struct pp_result *r, const struct pp_check_opts *o, const volatile sig_atomic_t *stop,
             struct pp_check_stats *st, char *err, size_t errlen)
{
	struct run u;
	struct item *items = NULL;
	struct conn *conns = NULL;
	struct pollfd *pfd = NULL;
	unsigned *gens = NULL;
	size_t nitems = 0, next = 0, k, nconn;
	uint64_t t0 = now_ms(), end, now, wake;
	int rc = 0, active, m;

	memset(st, 0, sizeof(*st));
	memset(&u, 0, sizeof(u));
	u.r = r;
	u.o = o;
	u.timeout_ms = o->timeout_ms ? o->timeout_ms : 1000;
	end = t0 + (o->budget_ms ? o->budget_ms : 5000);
	nconn = o->concurrency ? o->concurrency : 64;
	if ((u.hs = calloc(r->nhosts ? r->nhosts : 1, sizeof(*u.hs))) == NULL ||
	    (items = pick(&u, &nitems, st)) == NULL) {
		rc = pp__errf(err, errlen, PP_ENOMEM, "listener check: out of memory");
		goto out;
	}
	if (nitems == 0)
		goto out;
	if ((u.ctx = pp__tls_ctx_new()) == NULL) {
		rc = pp__errf(err, errlen, PP_ENOMEM, "listener check: no TLS context (OpenSSL)");
		goto out;
	}
	if (nconn > nitems)
		nconn = nitems;
	conns = calloc(nconn, sizeof(*conns));
	pfd = calloc(nconn, sizeof(*pfd));
	gens = calloc(nconn, sizeof(*gens));
	if (conns == NULL || pfd == NULL || gens == NULL) {
		rc = pp__errf(err, errlen, PP_ENOMEM, "listener check: out of memory");
		goto out;
	}
	for (k = 0; k < nconn; k++)
		conns[k].fd = -1;
	for (;;) {
		now = now_ms();
		active = 0;
		wake = end;
		for (k = 0; k < nconn; k++) {
			struct conn *c = &conns[k];
			while (c->fd < 0 && next < nitems && now < end && !(stop && *stop)) {
				st->checked++;
				start(&u, c, &items[next++], 0, now);
			}
			pfd[k].fd = c->fd;
			pfd[k].events = 0;
			gens[k] = c->gen;
			if (c->fd < 0)
				continue;
			active++;
			if (c->phase == P_CONNECT || c->nout > c->oout)
				pfd[k].events |= POLLOUT;
			if (c->phase != P_CONNECT)
				pfd[k].events |= POLLIN;
			if (c->deadline < wake)
				wake = c->deadline;
			if (c->phase == P_GREET && c->greet_until < wake)
				wake = c->greet_until;
		}
		if (active == 0 || now >= end || (stop && *stop))
			break;
		m = poll(pfd, nconn, wake > now ? (int)(wake - now) : 0);
		if (m < 0 && errno != EINTR) {
			rc = pp__errf(err, errlen, PP_ENET, "listener check: poll: %s",
			              strerror(errno));
			break;
		}
		now = now_ms();
		for (k = 0; k < nconn; k++) {
			struct conn *c = &conns[k];
			if (c->fd < 0 || gens[k] != c->gen)
				continue; /* not the connection that was polled */
			if (m > 0 && (pfd[k].revents & POLLOUT))
				writable(&u, c, now);
			if (c->fd >= 0 && m > 0 &&
			    (pfd[k].revents & (POLLIN | POLLHUP | POLLERR))) {
				if (c->phase == P_CONNECT)
					connected(&u, c, now);
				else
					readable(&u, c, now);
			}
			if (c->fd >= 0)
				timed_out(&u, c, now);
		}
	}
	/* Out of time (or stopped): what each connection has so far. */
	for (k = 0; conns != NULL && k < nconn; k++)
		if (conns[k].fd >= 0)
			finish(&u, &conns[k], conns[k].nin ? NULL : "none",
			       conns[k].nin ? NULL : "not checked: out of time", 0);
	if (rc == 0 && (m = flag_middleboxes(&u)) < 0)
		u.nomem = 1;
	else if (rc == 0)
		st->middleboxes = (unsigned)m;
	if (rc == 0 && u.nomem)
		rc = pp__errf(err, errlen, PP_ENOMEM, "listener check: out of memory");
out:
	for (k = 0; conns != NULL && k < nconn; k++)
		close_conn(&conns[k]);
	if (u.ctx != NULL)
		pp__tls_ctx_free(u.ctx);
	free(conns);
	free(pfd);
	free(gens);
	free(items);
	free(u.hs);
	st->elapsed_us = (now_ms() - t0) * 1000;
	return rc;
}
