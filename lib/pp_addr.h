/*
 * Host addresses of both families (lib/base/addr.c): what a result, a deployment,
 * a zone and every report hold.  The raw engine still works in IPv4 uint32s (host
 * order); pp_addr_from_v4 and pp_addr_v4 cross that line.
 */
#ifndef PP_ADDR_H_PUBLIC
#define PP_ADDR_H_PUBLIC

#include <stddef.h>
#include <stdint.h>

enum pp_family {
	PP_AF_NONE = 0,
	PP_AF_INET = 4,
	PP_AF_INET6 = 6,
};

/* Enough for any address as text, with its NUL (INET6_ADDRSTRLEN). */
#define PP_ADDR_STRLEN 46
/* And for a prefix ("/128"). */
#define PP_CIDR_STRLEN (PP_ADDR_STRLEN + 4)

/*
 * family PP_AF_INET: b[0..4) in network order, the rest zero; PP_AF_INET6: all
 * 16 bytes.  Zero-filled, so memcmp and == on the bytes are equality, and the
 * order (pp_addr_cmp) is family, then the bytes: IPv4 before IPv6, each numeric.
 */
struct pp_addr {
	uint8_t family; /* enum pp_family */
	uint8_t b[16];
};

/* An address and a prefix length; the bits past it are zero. */
struct pp_cidr {
	struct pp_addr addr;
	uint8_t bits; /* 0..32 or 0..128 */
};

/* An IPv4 address from the engine's host-order uint32. */
struct pp_addr pp_addr_from_v4(uint32_t host_order);
/* 1 for an IPv4 address. */
int pp_addr_is_v4(const struct pp_addr *a);
/* The host-order uint32 of an IPv4 address; 0 for an IPv6 one (check first). */
uint32_t pp_addr_v4(const struct pp_addr *a);

/*
 * Parses an address: a dotted quad without leading zeros or shorthand, or an IPv6
 * address as inet_pton(3) takes it.  0; PP_EINVAL when it is not one; PP_ENOTSUP
 * for a scoped address ("fe80::1%eth0"): a file or a result cannot say which
 * interface it means, so it needs one given separately (the caller's words:
 * "a scoped address needs an interface").
 */
int pp_addr_parse(const char *s, struct pp_addr *a);
/* The address as text: a dotted quad, or RFC 5952 (inet_ntop) for IPv6. */
const char *pp_addr_str(const struct pp_addr *a, char *buf, size_t len);
/* <0, 0, >0: IPv4 before IPv6, each by address. */
int pp_addr_cmp(const struct pp_addr *a, const struct pp_addr *b);
int pp_addr_eq(const struct pp_addr *a, const struct pp_addr *b);
/* A hash of the address for an index (not keyed: the input is the user's own). */
uint32_t pp_addr_hash(const struct pp_addr *a);

/*
 * "198.18.1.0/24", "2001:2::/48", or an address alone (/32, /128); the bits past
 * the prefix are cleared.  0, PP_EINVAL (not one), PP_ENOTSUP (scoped).
 */
int pp_cidr_parse(const char *s, struct pp_cidr *c);
const char *pp_cidr_str(const struct pp_cidr *c, char *buf, size_t len);
/* 1 when a is in c (never across families). */
int pp_cidr_match(const struct pp_cidr *c, const struct pp_addr *a);

#endif
