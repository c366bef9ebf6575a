/*
 * Our side of the network toward IPv6 targets (see route.h): the kernel's
 * source address by connecting a UDP6 socket (no packet is sent), interfaces
 * and their addresses from getifaddrs(3).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pp_error.h"
#include "route.h"

int
pp__route_source6(const uint8_t dst[16], uint8_t src[16], char *err, size_t errlen)
{
	struct sockaddr_in6 sin;
	socklen_t sl = sizeof(sin);
	char a[INET6_ADDRSTRLEN];
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = 0;

	inet_ntop(AF_INET6, dst, a, sizeof(a));
	if (fd < 0)
		return pp__errf(err, errlen, PP_ENET, "no IPv6 route to %s: %s", a,
		                strerror(errno));
	memset(&sin, 0, sizeof(sin));
	sin.sin6_family = AF_INET6;
	memcpy(&sin.sin6_addr, dst, 16);
	sin.sin6_port = htons(9);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		rc = pp__errf(err, errlen, PP_ENET, "no route to %s: %s", a, strerror(errno));
	else if (getsockname(fd, (struct sockaddr *)&sin, &sl) < 0)
		rc = pp__errf(err, errlen, PP_ENET, "no source address toward %s: %s", a,
		              strerror(errno));
	else
		memcpy(src, &sin.sin6_addr, 16);
	close(fd);
	return rc;
}

int
pp__iface_of6(const uint8_t addr[16], char *ifname, size_t len, char *err, size_t errlen)
{
	return pp__iface_of_bytes(AF_INET6, addr, ifname, len, err, errlen);
}

int
pp__iface_addr6(const char *ifname, uint8_t addr[16], char *err, size_t errlen)
{
	struct ifaddrs *ifa, *i;
	int rc = PP_ENOENT, seen = 0;

	if (getifaddrs(&ifa) < 0)
		return pp__errf(err, errlen, PP_ENET, "getifaddrs: %s", strerror(errno));
	for (i = ifa; i != NULL; i = i->ifa_next) {
		const struct sockaddr_in6 *s6 = (const void *)i->ifa_addr;
		if (strcmp(i->ifa_name, ifname) != 0)
			continue;
		seen = 1;
		/* A link-local address would need its scope on every packet: not ours. */
		if (s6 == NULL || s6->sin6_family != AF_INET6 ||
		    IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr))
			continue;
		memcpy(addr, &s6->sin6_addr, 16);
		rc = 0;
		break;
	}
	freeifaddrs(ifa);
	if (rc < 0)
		pp__errf(err, errlen, rc,
		         seen ? "%s: interface has no global IPv6 address"
		              : "%s: no such interface",
		         ifname);
	return rc;
}
