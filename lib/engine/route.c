/*
 * Our side of the network (see route.h): the route and source address come from
 * the kernel by connecting a UDP socket (no packet is sent) and reading its name
 * back; addresses and interfaces from getifaddrs(3).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pp_error.h"
#include "route.h"

static int
append(uint32_t **v, size_t *n, uint32_t a)
{
	uint32_t *nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (nv == NULL)
		return PP_ENOMEM;
	nv[(*n)++] = a;
	*v = nv;
	return 0;
}

int
pp__local_addrs(struct pp__local *l, char *err, size_t errlen)
{
	struct ifaddrs *ifa, *i;
	int rc = 0;

	memset(l, 0, sizeof(*l));
	if (getifaddrs(&ifa) < 0)
		return pp__errf(err, errlen, PP_ENET, "getifaddrs: %s", strerror(errno));
	for (i = ifa; i != NULL && rc == 0; i = i->ifa_next) {
		if (i->ifa_addr != NULL && i->ifa_addr->sa_family == AF_INET6) {
			uint8_t(*nv)[16] = realloc(l->own6, (l->nown6 + 1) * sizeof(*nv));
			if (nv == NULL) {
				rc = PP_ENOMEM;
				break;
			}
			memcpy(nv[l->nown6++], &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr,
			       16);
			l->own6 = nv;
			continue;
		}
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET)
			continue;
		rc = append(&l->own, &l->nown,
		            ntohl(((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr));
		if (rc == 0 && (i->ifa_flags & IFF_BROADCAST) && i->ifa_broadaddr != NULL &&
		    i->ifa_broadaddr->sa_family == AF_INET)
			rc = append(
			        &l->bcast, &l->nbcast,
			        ntohl(((struct sockaddr_in *)i->ifa_broadaddr)->sin_addr.s_addr));
	}
	freeifaddrs(ifa);
	if (rc < 0)
		pp__local_free(l);
	return rc;
}

void
pp__local_free(struct pp__local *l)
{
	free(l->own);
	free(l->bcast);
	free(l->own6);
	memset(l, 0, sizeof(*l));
}

int
pp__route_open(char *err, size_t errlen)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return pp__errf(err, errlen, PP_ENET, "socket: %s", strerror(errno));
	return fd;
}

int
pp__route_source_on(int fd, uint32_t dst, uint32_t *src, char *err, size_t errlen)
{
	struct sockaddr_in sin;
	struct sockaddr unspec;
	socklen_t sl = sizeof(sin);
	char a[INET_ADDRSTRLEN];

	/* Undo the last lookup's association first: a connected socket keeps the
	 * source address it was given, and would give it again. */
	memset(&unspec, 0, sizeof(unspec));
	unspec.sa_family = AF_UNSPEC;
	connect(fd, &unspec, sizeof(unspec));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(dst);
	sin.sin_port = htons(9);
	inet_ntop(AF_INET, &sin.sin_addr, a, sizeof(a));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		return pp__errf(err, errlen, PP_ENET, "no route to %s: %s", a, strerror(errno));
	if (getsockname(fd, (struct sockaddr *)&sin, &sl) < 0)
		return pp__errf(err, errlen, PP_ENET, "no source address toward %s: %s", a,
		                strerror(errno));
	*src = ntohl(sin.sin_addr.s_addr);
	return 0;
}

int
pp__route_source(uint32_t dst, uint32_t *src, char *err, size_t errlen)
{
	int fd = pp__route_open(err, errlen), rc;

	if (fd < 0)
		return fd;
	rc = pp__route_source_on(fd, dst, src, err, errlen);
	close(fd);
	return rc;
}

int
pp__iface_of_bytes(int family, const void *addr, char *ifname, size_t len, char *err, size_t errlen)
{
	size_t alen = family == AF_INET6 ? 16 : 4;
	struct ifaddrs *ifa, *i;
	char a[INET6_ADDRSTRLEN];
	int rc = PP_ENOENT;

	if (getifaddrs(&ifa) < 0)
		return pp__errf(err, errlen, PP_ENET, "getifaddrs: %s", strerror(errno));
	for (i = ifa; i != NULL; i = i->ifa_next) {
		const void *have;
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != family)
			continue;
		have = family == AF_INET6
		               ? (const void *)&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr
		               : (const void *)&((struct sockaddr_in *)i->ifa_addr)->sin_addr;
		if (memcmp(have, addr, alen) != 0)
			continue;
		snprintf(ifname, len, "%s", i->ifa_name);
		rc = 0;
		break;
	}
	freeifaddrs(ifa);
	if (rc < 0) {
		inet_ntop(family, addr, a, sizeof(a));
		pp__errf(err, errlen, rc, "%s: no interface has this address", a);
	}
	return rc;
}

int
pp__iface_of(uint32_t addr, char *ifname, size_t len, char *err, size_t errlen)
{
	struct in_addr in = {htonl(addr)};

	return pp__iface_of_bytes(AF_INET, &in, ifname, len, err, errlen);
}

int
pp__iface_addr(const char *ifname, uint32_t *addr, char *err, size_t errlen)
{
	struct ifaddrs *ifa, *i;
	int rc = PP_ENOENT, seen = 0;

	if (getifaddrs(&ifa) < 0)
		return pp__errf(err, errlen, PP_ENET, "getifaddrs: %s", strerror(errno));
	for (i = ifa; i != NULL; i = i->ifa_next) {
		if (strcmp(i->ifa_name, ifname) != 0)
			continue;
		seen = 1;
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET)
			continue;
		*addr = ntohl(((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr);
		rc = 0;
		break;
	}
	freeifaddrs(ifa);
	if (rc < 0)
		pp__errf(err, errlen, rc,
		         seen ? "%s: interface has no IPv4 address" : "%s: no such interface",
		         ifname);
	return rc;
}
