/*
 * Scan targets: the host addresses of a scan, kept as sorted, merged ranges so a
 * /8 costs one entry.  Specs are IPv4 addresses, CIDR blocks, a.b.c.d-e (last
 * octet) or a.b.c.d-w.x.y.z ranges, and hostnames (resolved once).  Host i of the
 * scan is the i-th address in ascending order.
 */
#ifndef PP_TARGETS_H
#define PP_TARGETS_H

#include <stddef.h>
#include <stdint.h>

struct pp__arange {
	uint32_t lo, hi; /* inclusive, host byte order */
};

/* IPv6 ranges in 128-bit integers (the address bytes, big-endian), a pair
 * of 64-bit halves: unsigned __int128 is not there on 32-bit targets. */
typedef struct {
	uint64_t hi, lo;
} pp__u128;
struct pp__arange6 {
	pp__u128 lo, hi;
};

struct pp__tspec {
	char *text; /* as the user wrote it, for errors */
	struct pp__arange r;
	struct pp__arange6 r6;
	int v6; /* r6, not r */
};

typedef struct pp__targets {
	struct pp__tspec *inc, *exc; /* specs as given */
	size_t ninc, nexc, capinc, capexc;
	/* After pp__targets_finish: */
	struct pp__arange *r; /* sorted, disjoint */
	uint64_t *before;     /* hosts in r[0..i) */
	size_t n;
	uint64_t count; /* count4 IPv4 hosts (indices 0..count4), then the IPv6 ones */
	/* IPv6 hosts, after the IPv4 ones: results sort IPv4 first. */
	struct pp__arange6 *r6;
	uint64_t *before6; /* IPv6 hosts in r6[0..i) */
	size_t n6;
	uint64_t count4;
	/* A host name with addresses of both families: 4 or 6 (-4, -6); 0: IPv4. */
	int prefer;
	int excluded_all; /* pp__targets_finish failed because every target is excluded */
} pp__targets;

/* Addresses refused without --force: ours (and our subnets' broadcast). */
struct pp__refuse {
	const uint32_t *own;
	size_t nown;
	const uint32_t *bcast;
	size_t nbcast;
	const uint8_t (*own6)[16];
	size_t nown6;
};

/* An IPv6 prefix larger than this many hosts (/112) is refused without --force. */
#define PP__V6_MAX_HOSTS 65536u

void pp__targets_init(pp__targets *t);
void pp__targets_free(pp__targets *t);
/* One spec or a comma-separated list of them; exclude != 0 for --exclude. */
int pp__targets_add(pp__targets *t, const char *spec, int exclude, char *err, size_t errlen);
/* Specs separated by white space, '#' to end of line; errors name FILE:LINE. */
int pp__targets_add_file(pp__targets *t, const char *path, int exclude, char *err, size_t errlen);
/* Moves the IPv6 specs (targets and exclusions) of t into to, empty (a run's
 * IPv6 scan); 0 or PP_ENOMEM. */
int pp__targets_move6(pp__targets *t, pp__targets *to);
/* Subtract the exclusions, refuse what must be refused (unless force), index. */
int pp__targets_finish(pp__targets *t, const struct pp__refuse *rf, int force, char *err,
                       size_t errlen);
/* Host i's IPv4 address (i < count4). */
uint32_t pp__targets_addr(const pp__targets *t, uint64_t i);
/* The index of addr, or -1 if it is not a target. */
int64_t pp__targets_index(const pp__targets *t, uint32_t addr);
/* Host i's IPv6 address (i >= count4). */
void pp__targets_addr6(const pp__targets *t, uint64_t i, uint8_t out[16]);
int64_t pp__targets_index6(const pp__targets *t, const uint8_t addr[16]);
static inline int
pp__targets_is6(const pp__targets *t, uint64_t i)
{
	return i >= t->count4;
}

/* Strict dotted quad; *end after it.  0 or PP_ESYNTAX. */
int pp__parse_ipv4(const char *s, const char **end, uint32_t *out);

#endif
