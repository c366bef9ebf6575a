/*
 * The connect method's socket helpers (connect.h), for TCP and UDP alike: -S
 * and -e on a new socket, and the ICMP error an IP_RECVERR socket queued.
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

/* Several -S sources: the slots take them in turn (a slot keeps its socket). */
static uint32_t
source(const pp_scan *s, uint32_t slot)
{
	return s->srcs[s->nsrc > 1 ? slot % s->nsrc : 0];
}

/*
 * TCP: a local port of the slot's own, bound once.  connect() then skips the
 * kernel's search for a free port, and a refused socket keeps its port for the
 * slot's next probe: the search and the port's release were near a tenth of a
 * closed port's cost.  Taken (another socket of the host): the kernel's choice.
 */
static int
tcp_port(const pp_scan *s, int fd, uint32_t slot)
{
	const struct pp__connect *c = s->conn;
	struct sockaddr_in sin;
	unsigned k;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = s->o.source_ip == NULL ? htonl(INADDR_ANY) : htonl(source(s, slot));
	for (k = 0; k < 4 && c->port_n > 0; k++) {
		sin.sin_port = htons((uint16_t)(c->port_lo + (slot + k * 7919u) % c->port_n));
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0)
			return 1;
		if (errno != EADDRINUSE)
			break;
	}
	return 0;
}

int
pp__conn_bind(const pp_scan *s, int fd, int tcp, uint32_t slot)
{
	struct sockaddr_in sin;
	int one = 1;

	if (s->o.iface != NULL && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, s->o.iface,
	                                     (socklen_t)strlen(s->o.iface)) < 0)
		return -errno;
	if (tcp && tcp_port(s, fd, slot))
		return 0;
	if (s->o.source_ip == NULL)
		return 0;
	/* The port is chosen at connect(), per destination: binding does not
	 * use one up for every socket. */
	if (tcp)
		setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(source(s, slot));
	return bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ? -errno : 0;
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
			if (cm->cmsg_level != IPPROTO_IP || cm->cmsg_type != IP_RECVERR ||
			    cm->cmsg_len < CMSG_LEN(sizeof(ee)))
				continue;
			memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
			if (ee.ee_origin != SO_EE_ORIGIN_ICMP || found)
				continue;
			*type = ee.ee_type;
			*code = ee.ee_code;
			found = 1;
		}
	}
}
