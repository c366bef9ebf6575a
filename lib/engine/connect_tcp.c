/*
 * The connect method's TCP try and its socket's events (connect.h).  A try
 * touches nothing of the scan but its own slot, so the helper thread
 * (cworker.c) may send it: the loop (connect.c) keeps the bookkeeping.
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

/* A new TCP socket for slot i (its host's family), under epoll
 * (edge-triggered: an idle socket of the slot, closed, would be reported again
 * and again). */
static int
tcp_socket(const pp_scan *s, uint32_t i)
{
	struct epoll_event ev;
	int fd, rc;

	if ((fd = pp__conn_socket(s, s->conn->pool.p[i].host, SOCK_STREAM)) < 0)
		return fd;
	ev.events = EPOLLOUT | EPOLLET;
	ev.data.u64 = i;
	/* Several -S sources: the slots take them in turn (a slot keeps its socket). */
	if ((rc = pp__conn_bind(s, fd, 1, s->conn->pool.p[i].host, i)) < 0 ||
	    (epoll_ctl(s->conn->ep, EPOLL_CTL_ADD, fd, &ev) < 0 && (rc = -errno) < 0)) {
		close(fd);
		return rc;
	}
	return fd;
}

void
pp__conn_drop(struct pp__cprobe *cp)
{
	if (cp->fd >= 0)
		close(cp->fd);
	cp->fd = -1;
	cp->idle = 0;
}

/*
 * A TCP try: connect().  The slot's idle socket, whose last connect failed
 * (refused, or an ICMP error), is dissolved (connect to AF_UNSPEC) and used
 * again: a port costs two system calls less than a socket of its own (socket,
 * its options, epoll, close), the most of a closed port's cost.  A try that
 * waited unanswered gets a new socket.
 */
int
pp__ctcp_send(const pp_scan *s, uint32_t i, struct pp__reply *out)
{
	struct pp__cprobe *cp = &s->conn->pool.p[i];
	struct sockaddr_storage ss;
	struct sockaddr_in sin;
	socklen_t len;
	unsigned type = 0, code = 0;
	int e, icmp;

	/* A slot's idle socket is of its last host's family: of the other, a new one. */
	if (cp->fd >= 0 && cp->idle && cp->family != pp__conn_family(s, cp->host))
		pp__conn_drop(cp);
	if (cp->fd >= 0 && cp->idle) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_UNSPEC;
		if (connect(cp->fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
			pp__conn_drop(cp);
	} else if (cp->fd >= 0) {
		pp__conn_drop(cp);
	}
	cp->idle = 0;
	if (cp->fd < 0 && (cp->fd = tcp_socket(s, i)) < 0) {
		e = cp->fd;
		cp->fd = -1;
		return e;
	}
	cp->family = (uint8_t)pp__conn_family(s, cp->host);
	len = pp__conn_addr(s, cp->host, s->ports[cp->port], &ss);
	if (connect(cp->fd, (struct sockaddr *)&ss, len) == 0) {
		e = 0;
	} else if (errno == EINPROGRESS) {
		return 0;
	} else {
		e = errno;
		if (e == EADDRNOTAVAIL || e == EAGAIN || e == ENOBUFS || e == ENOMEM) {
			pp__conn_drop(cp); /* no local port or buffer now: not sent */
			return -e;
		}
	}
	icmp = e != 0 && pp__conn_errqueue(cp->fd, &type, &code);
	if (e != 0)
		cp->idle = 1;
	return pp__conn_tcp_outcome(e, icmp, type, code, out) ? 1 : -EIO;
}

/*
 * What the socket is now decides, not the event (edge-triggered: an event of
 * the slot's earlier try, or of a socket just made, may come late).
 * Connected: writable and not hung up.  Failed: an error.
 */
int
pp__ctcp_event(const pp_scan *s, uint32_t i, uint32_t events, struct pp__reply *out, int *recv)
{
	struct pp__cprobe *cp = &s->conn->pool.p[i];
	unsigned type = 0, code = 0;
	socklen_t len = sizeof(int);
	int e = 0, icmp;

	if (cp->idle)
		return 0;
	if (!(events & EPOLLERR)) {
		if (!(events & EPOLLOUT) || (events & EPOLLHUP))
			return 0;
		*recv = 1;
		return pp__conn_tcp_outcome(0, 0, 0, 0, out);
	}
	if (getsockopt(cp->fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		e = errno;
	icmp = pp__conn_errqueue(cp->fd, &type, &code);
	if (e == 0 && !icmp)
		return 0;
	if (e == 0)
		e = EHOSTUNREACH; /* the error was read: the queue has its ICMP */
	*recv = 1;
	cp->idle = 1;
	return pp__conn_tcp_outcome(e, icmp, type, code, out);
}
