/*
 * The connect method's UDP probes (connect.h): a socket connected to the
 * target's port, with IP_RECVERR, so that the kernel hands it the target's
 * answers and the ICMP errors that quote our datagrams (the type and code in
 * the error queue).  The payload is the raw engine's: the same probe, with the
 * scan's cookie in the protocol's own id (pp__udp_ctx), only our source port is
 * the kernel's choice, which the payload names where the protocol does (a SIP
 * Via).  A probe whose server answers from another port (TFTP,
 * PP_PROBE_ANY_SPORT) gets an unconnected socket of its own instead, and takes
 * datagrams from the target's address only.  An IPv6 target: the same over an
 * AF_INET6 socket with IPV6_RECVERR, the probe's context the raw engine's
 * (the target's folded identity, its address in dst6).
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

static socklen_t
target(const pp_scan *s, const struct pp__cprobe *cp, struct sockaddr_storage *ss)
{
	return pp__conn_addr(s, cp->host, s->ports[cp->port], ss);
}

/* The probe's context: the raw engine's, with our real source port; an IPv6
 * target's address in dst6 (its storage the caller's). */
static void
ctx_of(const pp_scan *s, const struct pp__cprobe *cp, unsigned attempt, uint8_t dst6[16],
       struct pp_probe_ctx *ctx)
{
	pp__udp_ctx(&s->match, uport(s, cp), pp__host_id(s, cp->host), attempt, ctx);
	ctx->sport = cp->sport;
	if (pp__targets_is6(&s->targets, cp->host)) {
		pp__targets_addr6(&s->targets, cp->host, dst6);
		ctx->dst6 = dst6;
	}
}

/* The port of a socket address (getsockname's: ours), 0 if unknown. */
static uint16_t
port_of(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	if (ss->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)ss)->sin_port);
	return 0;
}

/* A socket for probe i: connected (or bound, for ANY_SPORT), under epoll. */
static int
open_socket(pp_scan *s, uint32_t i)
{
	struct pp__cprobe *cp = &s->conn->pool.p[i];
	struct sockaddr_storage ss;
	socklen_t len;
	struct epoll_event ev;
	int fd, rc;

	if ((fd = pp__conn_socket(s, cp->host, SOCK_DGRAM)) < 0)
		return fd;
	/* From the first -S source only: this method's ICMP rounds are per host,
	 * and a probe from another source could not be told from silence. */
	if ((rc = pp__conn_bind(s, fd, 0, cp->host, 0)) < 0)
		goto fail;
	len = target(s, cp, &ss);
	if (any_sport(uport(s, cp))) {
		/* A port of its own now: the payload names it. */
		struct sockaddr_storage any;
		memset(&any, 0, sizeof(any));
		any.ss_family = ss.ss_family;
		if (s->o.source_ip == NULL && bind(fd, (struct sockaddr *)&any, len) < 0) {
			rc = -errno;
			goto fail;
		}
	} else if (connect(fd, (struct sockaddr *)&ss, len) < 0) {
		rc = -errno;
		goto fail;
	}
	len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0) {
		rc = -errno;
		goto fail;
	}
	cp->sport = port_of(&ss);
	cp->family = ss.ss_family;
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
	struct sockaddr_storage ss;
	socklen_t len;
	uint8_t *buf = s->conn->buf, dst6[16];
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
	ctx_of(s, cp, cp->attempts, dst6, &ctx);
	n = up->probe->build != NULL ? up->probe->build(&ctx, buf, sizeof(s->conn->buf)) : 0;
	if (n < 0 || (size_t)n > sizeof(s->conn->buf))
		n = 0;
	len = target(s, cp, &ss);
	if (any_sport(up))
		sent = sendto(cp->fd, buf, (size_t)n, 0, (struct sockaddr *)&ss, len);
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

/* Whether a and b have the same address (the ports aside). */
static int
same_host(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return 0;
	if (a->ss_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
		              &((const struct sockaddr_in6 *)b)->sin6_addr, 16) == 0;
	return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
	       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
}

/* A datagram on probe i's socket: 1 if it answers the probe. */
static int
reply_ok(pp_scan *s, const struct pp__cprobe *cp, const uint8_t *p, size_t len,
         const struct sockaddr_storage *from)
{
	const struct pp__udp_port *up = uport(s, cp);
	struct pp_probe_ctx ctx;
	struct sockaddr_storage t;
	uint8_t dst6[16];

	if (any_sport(up)) {
		target(s, cp, &t);
		if (!same_host(from, &t))
			return 0;
	}
	if (up->probe->validate == NULL)
		return 1;
	ctx_of(s, cp, 0, dst6, &ctx);
	return up->probe->validate(&ctx, p, len) == 1;
}

int
pp__cudp_event(pp_scan *s, uint32_t i, uint32_t events, struct pp__reply *out)
{
	struct pp__connect *c = s->conn;
	struct pp__cprobe *cp = &c->pool.p[i];
	struct sockaddr_storage from;
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
