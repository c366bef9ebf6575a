/*
 * The connect method's socket helpers (connect.h), for TCP and UDP alike: a
 * host's socket address (IPv4 or IPv6), -S and -e on a new socket, and the
 * ICMP error an IP_RECVERR (IPV6_RECVERR) socket queued.
 */
#include "config.h"

#include <errno.h>
#include <time.h> /* before linux/errqueue.h, which uses struct timespec */
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "connect.h"
#include "engine_int.h"

int
pp__conn_family(const pp_scan *s, uint32_t host)
{
	return pp__targets_is6(&s->targets, host) ? AF_INET6 : AF_INET;
}

socklen_t
pp__conn_addr(const pp_scan *s, uint32_t host, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (pp__targets_is6(&s->targets, host)) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		pp__targets_addr6(&s->targets, host, a->sin6_addr.s6_addr);
		return sizeof(*a);
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	a->sin_family = AF_INET;
	a->sin_port = htons(port);
	a->sin_addr.s_addr = htonl(pp__targets_addr(&s->targets, host));
	return sizeof(*a);
}

int
pp__conn_socket(const pp_scan *s, uint32_t host, int type)
{
	int fd, one = 1, v6 = pp__targets_is6(&s->targets, host);

	if ((fd = socket(v6 ? AF_INET6 : AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
		return -errno;
	if (v6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof(one));
	else
		setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one));
	return fd;
}

/* Several -S sources: the slots take them in turn (a slot keeps its socket). */
static uint32_t
source(const pp_scan *s, uint32_t slot)
{
	return s->nsrc > 1 ? slot % s->nsrc : 0;
}

/* Our local address for slot's socket to host, port 0: any, or -S's. */
static socklen_t
local(const pp_scan *s, uint32_t host, uint32_t slot, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (pp__targets_is6(&s->targets, host)) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		if (s->o.source_ip != NULL)
			memcpy(a->sin6_addr.s6_addr, s->srcs6[source(s, slot)], 16);
		return sizeof(*a);
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	a->sin_family = AF_INET;
	a->sin_addr.s_addr =
	        s->o.source_ip == NULL ? htonl(INADDR_ANY) : htonl(s->srcs[source(s, slot)]);
	return sizeof(*a);
}

static void
set_port(struct sockaddr_storage *ss, uint16_t port)
{
	if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
	else
		((struct sockaddr_in *)ss)->sin_port = htons(port);
}

/*
 * TCP: a local port of the slot's own, bound once.  connect() then skips the
 * kernel's search for a free port, and a refused socket keeps its port for the
 * slot's next probe: the search and the port's release were near a tenth of a
 * closed port's cost.  Taken (another socket of the host): the kernel's choice.
 */
static int
tcp_port(const pp_scan *s, int fd, uint32_t host, uint32_t slot)
{
	const struct pp__connect *c = s->conn;
	struct sockaddr_storage ss;
	socklen_t len = local(s, host, slot, &ss);
	unsigned k;

	for (k = 0; k < 4 && c->port_n > 0; k++) {
		set_port(&ss, (uint16_t)(c->port_lo + (slot + k * 7919u) % c->port_n));
		if (bind(fd, (struct sockaddr *)&ss, len) == 0)
			return 1;
		if (errno != EADDRINUSE)
			break;
	}
	return 0;
}

int
pp__conn_bind(const pp_scan *s, int fd, int tcp, uint32_t host, uint32_t slot)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int one = 1;

	if (s->o.iface != NULL && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, s->o.iface,
	                                     (socklen_t)strlen(s->o.iface)) < 0)
		return -errno;
	if (tcp && tcp_port(s, fd, host, slot))
		return 0;
	if (s->o.source_ip == NULL)
		return 0;
	/* The port is chosen at connect(), per destination: binding does not
	 * use one up for every socket (IPv6 sockets take this IPv4 option too). */
	if (tcp)
		setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
	len = local(s, host, slot, &ss);
	return bind(fd, (struct sockaddr *)&ss, len) < 0 ? -errno : 0;
}

/*
 * An ICMPv6 error: destination unreachable (1) is unreachable (3) with its own
 * code past PP__CONN_ICMP6, for connect_class.c to name as the raw classifier
 * does (pp__icmp6_unreach); the other types are none of ICMP's (256 + type), so
 * that no caller reads them as an unreachable.
 */
static void
icmp_of(const struct sock_extended_err *ee, unsigned *type, unsigned *code)
{
	if (ee->ee_origin == SO_EE_ORIGIN_ICMP) {
		*type = ee->ee_type;
		*code = ee->ee_code;
	} else if (ee->ee_type == 1) {
		*type = 3;
		*code = PP__CONN_ICMP6 + ee->ee_code;
	} else {
		*type = 256u + ee->ee_type;
		*code = ee->ee_code;
	}
}

int
pp__conn_errqueue(int fd, unsigned *type, unsigned *code)
{
	uint8_t data[64], ctl[512];
	struct iovec iov = {data, sizeof(data)};
	struct msghdr m;
	struct cmsghdr *cm;
	int found = 0;

	for (;;) {
		memset(&m, 0, sizeof(m));
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = ctl;
		m.msg_controllen = sizeof(ctl);
		if (recvmsg(fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			return found;
		for (cm = CMSG_FIRSTHDR(&m); cm != NULL; cm = CMSG_NXTHDR(&m, cm)) {
			struct sock_extended_err ee;
			if (!((cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_RECVERR) ||
			      (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_RECVERR)) ||
			    cm->cmsg_len < CMSG_LEN(sizeof(ee)))
				continue;
			memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
			if ((ee.ee_origin != SO_EE_ORIGIN_ICMP &&
			     ee.ee_origin != SO_EE_ORIGIN_ICMP6) ||
			    found)
				continue;
			icmp_of(&ee, type, code);
			found = 1;
		}
	}
}
