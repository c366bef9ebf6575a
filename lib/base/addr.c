/*
 * Addresses as text, both ways, and the address type of both families (addr.h,
 * pp_addr.h): what a deployment file, a result, a zone and every report read and
 * write.  IPv4 keeps its own strict parser (no leading zeros: octal to some,
 * decimal to others); IPv6 is inet_pton's, and its text inet_ntop's (RFC 5952).
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "pp_addr.h"
#include "pp_error.h"

const char *
pp__addr_str(uint32_t a, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
	return buf;
}

int
pp__addr_parse(const char *s, uint32_t *addr)
{
	uint32_t a = 0;
	unsigned part, digits;
	int i;

	for (i = 0; i < 4; i++) {
		part = digits = 0;
		while (*s >= '0' && *s <= '9') {
			if (digits > 0 && part == 0)
				return -1; /* leading zero: octal to some, decimal to others */
			part = part * 10 + (unsigned)(*s++ - '0');
			if (++digits > 3 || part > 255)
				return -1;
		}
		if (digits == 0 || *s != (i < 3 ? '.' : '\0'))
			return -1;
		s++;
		a = a << 8 | part;
	}
	*addr = a;
	return 0;
}

struct pp_addr
pp_addr_from_v4(uint32_t a)
{
	struct pp_addr x;

	memset(&x, 0, sizeof(x));
	x.family = PP_AF_INET;
	x.b[0] = (uint8_t)(a >> 24);
	x.b[1] = (uint8_t)(a >> 16);
	x.b[2] = (uint8_t)(a >> 8);
	x.b[3] = (uint8_t)a;
	return x;
}

int
pp_addr_is_v4(const struct pp_addr *a)
{
	return a->family == PP_AF_INET;
}

uint32_t
pp_addr_v4(const struct pp_addr *a)
{
	if (a->family != PP_AF_INET)
		return 0;
	return (uint32_t)a->b[0] << 24 | (uint32_t)a->b[1] << 16 | (uint32_t)a->b[2] << 8 | a->b[3];
}

int
pp_addr_parse(const char *s, struct pp_addr *a)
{
	uint32_t v4;

	if (strchr(s, '%') != NULL)
		return PP_ENOTSUP;
	if (strchr(s, ':') == NULL) {
		if (pp__addr_parse(s, &v4) < 0)
			return PP_EINVAL;
		*a = pp_addr_from_v4(v4);
		return 0;
	}
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET6, s, a->b) != 1)
		return PP_EINVAL;
	a->family = PP_AF_INET6;
	return 0;
}

const char *
pp_addr_str(const struct pp_addr *a, char *buf, size_t len)
{
	if (a->family == PP_AF_INET)
		return pp__addr_str(pp_addr_v4(a), buf, len);
	if (a->family != PP_AF_INET6 || inet_ntop(AF_INET6, a->b, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

int
pp_addr_cmp(const struct pp_addr *a, const struct pp_addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->b, b->b, sizeof(a->b));
}

int
pp_addr_eq(const struct pp_addr *a, const struct pp_addr *b)
{
	return a->family == b->family && memcmp(a->b, b->b, sizeof(a->b)) == 0;
}

uint32_t
pp_addr_hash(const struct pp_addr *a)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t i, n = a->family == PP_AF_INET6 ? 16 : 4;

	for (i = 0; i < n; i++)
		h = (h ^ a->b[i]) * 16777619u;
	return h ^ a->family;
}

int
pp_cidr_parse(const char *s, struct pp_cidr *c)
{
	char addr[PP_ADDR_STRLEN], *end;
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	unsigned long len;
	unsigned i, max;
	int rc;

	if (alen == 0 || alen >= sizeof(addr))
		return strchr(s, '%') != NULL ? PP_ENOTSUP : PP_EINVAL;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if ((rc = pp_addr_parse(addr, &c->addr)) < 0)
		return rc;
	max = c->addr.family == PP_AF_INET6 ? 128 : 32;
	len = max;
	if (slash != NULL) {
		errno = 0;
		len = strtoul(slash + 1, &end, 10);
		if (slash[1] < '0' || slash[1] > '9' || *end != '\0' || errno != 0 || len > max)
			return PP_EINVAL;
	}
	c->bits = (uint8_t)len;
	for (i = 0; i < 16; i++) {
		unsigned bits = len > i * 8 ? (unsigned)len - i * 8 : 0;
		if (bits < 8)
			c->addr.b[i] &= (uint8_t)(0xff00u >> bits);
	}
	return 0;
}

const char *
pp_cidr_str(const struct pp_cidr *c, char *buf, size_t len)
{
	char a[PP_ADDR_STRLEN];

	snprintf(buf, len, "%s/%u", pp_addr_str(&c->addr, a, sizeof(a)), c->bits);
	return buf;
}

int
pp_cidr_match(const struct pp_cidr *c, const struct pp_addr *a)
{
	unsigned i, full = c->bits / 8u, rest = c->bits % 8u;

	if (a->family != c->addr.family)
		return 0;
	for (i = 0; i < full; i++)
		if (a->b[i] != c->addr.b[i])
			return 0;
	if (rest != 0 && ((a->b[full] ^ c->addr.b[full]) & (uint8_t)(0xff00u >> rest)) != 0)
		return 0;
	return 1;
}

unsigned
pp__addr_to_sockaddr(const struct pp_addr *a, unsigned port, struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->family == PP_AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		memcpy(&sin->sin_addr, a->b, 4);
		return sizeof(*sin);
	}
	if (a->family == PP_AF_INET6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		memcpy(&sin6->sin6_addr, a->b, 16);
		return sizeof(*sin6);
	}
	return 0;
}

int
pp__addr_from_sockaddr(const struct sockaddr *sa, struct pp_addr *a, unsigned *port)
{
	memset(a, 0, sizeof(*a));
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)(const void *)sa;
		a->family = PP_AF_INET;
		memcpy(a->b, &sin->sin_addr, 4);
		*port = ntohs(sin->sin_port);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)(const void *)sa;
		a->family = PP_AF_INET6;
		memcpy(a->b, &sin6->sin6_addr, 16);
		*port = ntohs(sin6->sin6_port);
		return 0;
	}
	*port = 0;
	return -1;
}
