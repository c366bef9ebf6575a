/*
 * What the kernel knows of our side: our addresses (never probed without
 * --force), the source address and interface it would use toward a target, and
 * an interface's address.  No privilege needed: a connected UDP socket and
 * getifaddrs(3) answer everything.
 */
#ifndef PP_ROUTE_H
#define PP_ROUTE_H

#include <stddef.h>
#include <stdint.h>

struct pp__local {
	uint32_t *own, *bcast; /* host byte order */
	size_t nown, nbcast;
	uint8_t (*own6)[16];
	size_t nown6;
};

int pp__local_addrs(struct pp__local *l, char *err, size_t errlen);
void pp__local_free(struct pp__local *l);
/* The source address the kernel picks toward dst; PP_ENET if there is no route. */
int pp__route_source(uint32_t dst, uint32_t *src, char *err, size_t errlen);
/* The same for many lookups: a socket to ask on (its fd, or PP_ENET), asked
 * with pp__route_source_on, closed with close(2). */
int pp__route_open(char *err, size_t errlen);
int pp__route_source_on(int fd, uint32_t dst, uint32_t *src, char *err, size_t errlen);
/* The interface that holds addr; PP_ENOENT if none. */
int pp__iface_of(uint32_t addr, char *ifname, size_t len, char *err, size_t errlen);
/* The interface that has addr (network order, 4 or 16 bytes of family
 * AF_INET or AF_INET6); PP_ENOENT with a line naming it if none. */
int pp__iface_of_bytes(int family, const void *addr, char *ifname, size_t len, char *err,
                       size_t errlen);
/* IPv6 (route6.c): the kernel's source toward dst (PP_ENET: no route), the
 * interface holding addr, an interface's first global address. */
int pp__route_source6(const uint8_t dst[16], uint8_t src[16], char *err, size_t errlen);
int pp__iface_of6(const uint8_t addr[16], char *ifname, size_t len, char *err, size_t errlen);
int pp__iface_addr6(const char *ifname, uint8_t addr[16], char *err, size_t errlen);
/* The first IPv4 address of an interface; PP_ENOENT if it has none or does not exist. */
int pp__iface_addr(const char *ifname, uint32_t *addr, char *err, size_t errlen);

#endif
