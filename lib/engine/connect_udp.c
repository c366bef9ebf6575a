/*
 * The connect method's UDP probes (connect.h): a socket connected to the
 * target's port, with IP_RECVERR, so that the kernel hands it the target's
 * answers and the ICMP errors that quote our datagrams (the type and code in
 * the error queue).  The payload is the raw engine's: the same probe, with the
 * scan's cookie in the protocol's own id (pp__udp_ctx), only our source port is
 * the kernel's choice, which the payload names where the protocol does (a SIP
 * Via).  A probe whose server answers from another port (TFTP,
 * PP_PROBE_ANY_SPORT) gets an unconnected socket of its own instead, and takes
 * datagrams from the target's address only.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "connect.h"
#include "engine_int.h"

static const struct pp__udp_port *
uport(const pp_scan *s, const struct pp__cprobe *cp)
{
	return &s->uprobe[cp->port - s->ntcp];
}

static int
any_sport(const struct pp__udp_port *up)
{
	return (up->probe->flags & PP_PROBE_ANY_SPORT) != 0;
}

static void
target(const pp_scan *s, const struct pp__cprobe *cp, struct sockaddr_in *sin)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(pp__targets_addr(&s->targets, cp->host));
	sin->sin_port = htons(s->ports[cp->port]);
}

/* The probe's context: the raw engine's, with our real source port. */
static void
ctx_of(const pp_scan *s, const struct pp__cprobe *cp, unsigned attempt, struct pp_probe_ctx *ctx)
{
	pp__udp_ctx(&s->match, uport(s, cp), pp__targets_addr(&s->targets, cp->host), attempt, ctx);
	ctx->sport = cp->sport;
}

/* A socket for probe i: connected (or bound, for ANY_SPORT), under epoll. */
static int
open_socket(pp_scan *s, uint32_t i)
{
	struct pp__cprobe *cp = &s->conn->pool.p[i];
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	struct epoll_event ev;
	int fd, one = 1, rc;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
		return -errno;
	setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one));
	/* From the first -S source only: this method's ICMP rounds are per host,
	 * and a probe from another source could not be told from silence. */
	if ((rc = pp__conn_bind(s, fd, 0, 0)) < 0)
		goto fail;
	target(s, cp, &sin);
	if (any_sport(uport(s, cp))) {
		struct sockaddr_in any;
		memset(&any, 0, sizeof(any));
		any.sin_family = AF_INET;
		if (s->o.source_ip == NULL && bind(fd, (struct sockaddr *)&any, sizeof(any)) < 0) {
			rc = -errno;
			goto fail;
		}
	} else if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		rc = -errno;
		goto fail;
	}
	if (getsockname(fd, (struct sockaddr *)&sin, &len) < 0) {
		rc = -errno;
		goto fail;
	}
	cp->sport = ntohs(sin.sin_port);
	ev.events = EPOLLIN;
	ev.data.u64 = i;
	if (epoll_ctl(s->conn->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		rc = -errno;
		goto fail;
	}
	cp->fd = fd;
	return 0;
fail:
	close(fd);
	return rc;
}

int
pp__cudp_send(pp_scan *s, uint32_t i, struct pp__reply *out)
{
	struct pp__cprobe *cp = &s->conn->pool.p[i];
	const struct pp__udp_port *up = uport(s, cp);
	struct pp_probe_ctx ctx;
	struct sockaddr_in sin;
	uint8_t *buf = s->conn->buf;
	ssize_t sent;
	int n, rc;

	if (cp->idle) { /* a TCP socket the slot kept */
		close(cp->fd);
		cp->fd = -1;
		cp->idle = 0;
	}
	if (cp->fd < 0 && (rc = open_socket(s, i)) < 0) {
		/* No route from here: what the kernel says of it, as for TCP. */
		out->proto = PP_PROTO_UDP;
		return pp__conn_udp_error(-rc, 0, 0, 0, out) ? 1 : rc;
	}
	ctx_of(s, cp, cp->attempts, &ctx);
	n = up->probe->build != NULL ? up->probe->build(&ctx, buf, sizeof(s->conn->buf)) : 0;
	if (n < 0 || (size_t)n > sizeof(s->conn->buf))
		n = 0;
	target(s, cp, &sin);
	if (any_sport(up))
		sent = sendto(cp->fd, buf, (size_t)n, 0, (struct sockaddr *)&sin, sizeof(sin));
	else
		sent = send(cp->fd, buf, (size_t)n, 0);
	if (sent >= 0)
		return 0;
	rc = errno;
	if (rc == EAGAIN || rc == ENOBUFS)
		return 0; /* lost on our side: the retries cover it */
	/* An error of an earlier try, reported on this one: its ICMP is queued. */
	if (rc == ECONNREFUSED || rc == EHOSTUNREACH || rc == ENETUNREACH) {
		unsigned type = 0, code = 0;
		int icmp = pp__conn_errqueue(cp->fd, &type, &code);
		out->proto = PP_PROTO_UDP;
		if (pp__conn_udp_error(rc, icmp, type, code, out))
			return 1;
	}
	return 0;
}

/* A datagram on probe i's socket: 1 if it answers the probe. */
static int
reply_ok(pp_scan *s, const struct pp__cprobe *cp, const uint8_t *p, size_t len,
         const struct sockaddr_in *from)
{
	const struct pp__udp_port *up = uport(s, cp);
	struct pp_probe_ctx ctx;

	if (any_sport(up) &&
	    ntohl(from->sin_addr.s_addr) != pp__targets_addr(&s->targets, cp->host))
		return 0;
	if (up->probe->validate == NULL)
		return 1;
	ctx_of(s, cp, 0, &ctx);
	return up->probe->validate(&ctx, p, len) == 1;
}

int
pp__cudp_event(pp_scan *s, uint32_t i, uint32_t events, struct pp__reply *out)
{
	struct pp__connect *c = s->conn;
	struct pp__cprobe *cp = &c->pool.p[i];
	struct sockaddr_in from;
	socklen_t flen;
	ssize_t n;

	out->proto = PP_PROTO_UDP;
	if (events & EPOLLERR) {
		unsigned type = 0, code = 0;
		int e = 0, icmp = pp__conn_errqueue(cp->fd, &type, &code);
		socklen_t len = sizeof(e);
		getsockopt(cp->fd, SOL_SOCKET, SO_ERROR, &e, &len); /* cleared */
		if (icmp || e != 0) {
			c->received++;
			if (pp__conn_udp_error(e, icmp, type, code, out))
				return 1;
			c->rejected++;
		}
	}
	for (;;) {
		flen = sizeof(from);
		n = recvfrom(cp->fd, c->buf, sizeof(c->buf), MSG_DONTWAIT, (struct sockaddr *)&from,
		             &flen);
		if (n < 0) {
			int e = errno;
			if (e == EINTR)
				continue;
			if (e == ECONNREFUSED || e == EHOSTUNREACH || e == ENETUNREACH) {
				unsigned type = 0, code = 0;
				int icmp = pp__conn_errqueue(cp->fd, &type, &code);
				c->received++;
				if (pp__conn_udp_error(e, icmp, type, code, out))
					return 1;
				continue;
			}
			return 0;
		}
		c->received++;
		if (reply_ok(s, cp, c->buf, (size_t)n, &from)) {
			out->state = PP_STATE_OPEN;
			out->reason = PP_REASON_UDP_RESPONSE;
			out->probe = uport(s, cp)->probe;
			return 1;
		}
		c->rejected++;
	}
}
