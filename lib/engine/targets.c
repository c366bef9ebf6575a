/*
 * Scan targets (see targets.h): parse the specs, resolve hostnames once, subtract
 * --exclude, refuse 0.0.0.0/8, multicast, broadcast and our own addresses unless
 * --force, and index the rest so the engine can go from a host index to an
 * address and back in O(log ranges).
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_error.h"
#include "targets.h"

void
pp__targets_init(pp__targets *t)
{
	memset(t, 0, sizeof(*t));
}

static void
free_specs(struct pp__tspec *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(s[i].text);
	free(s);
}

void
pp__targets_free(pp__targets *t)
{
	free_specs(t->inc, t->ninc);
	free_specs(t->exc, t->nexc);
	free(t->r);
	free(t->before);
	free(t->r6);
	free(t->before6);
	int prefer = t->prefer;
	pp__targets_init(t);
	t->prefer = prefer;
}

int
pp__parse_ipv4(const char *s, const char **end, uint32_t *out)
{
	uint32_t a = 0;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned v = 0, nd = 0;
		if (i > 0) {
			if (*s != '.')
				return PP_ESYNTAX;
			s++;
		}
		while (isdigit((unsigned char)*s) && nd < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			nd++;
		}
		if (nd == 0 || nd > 3 || v > 255)
			return PP_ESYNTAX;
		a = a << 8 | v;
	}
	*out = a;
	*end = s;
	return 0;
}

static int
push(pp__targets *t, int exclude, const char *text, size_t len, uint32_t lo, uint32_t hi)
{
	struct pp__tspec **v = exclude ? &t->exc : &t->inc, *nv;
	size_t *n = exclude ? &t->nexc : &t->ninc, *cap = exclude ? &t->capexc : &t->capinc;

	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		if ((nv = realloc(*v, nc * sizeof(**v))) == NULL)
			return PP_ENOMEM;
		*v = nv;
		*cap = nc;
	}
	if (((*v)[*n].text = strndup(text, len)) == NULL)
		return PP_ENOMEM;
	(*v)[*n].r.lo = lo;
	(*v)[*n].r.hi = hi;
	(*v)[*n].v6 = 0;
	(*n)++;
	return 0;
}

/* 128-bit arithmetic on pp__u128, as much as the ranges need. */
static inline int
u128_lt(pp__u128 a, pp__u128 b)
{
	return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
}

static inline int
u128_eq(pp__u128 a, pp__u128 b)
{
	return a.hi == b.hi && a.lo == b.lo;
}

static inline int
u128_le(pp__u128 a, pp__u128 b)
{
	return !u128_lt(b, a);
}

static inline pp__u128
u128_add(pp__u128 a, uint64_t n)
{
	pp__u128 r = {a.hi + (a.lo + n < a.lo), a.lo + n};

	return r;
}

static inline pp__u128
u128_sub(pp__u128 a, pp__u128 b)
{
	pp__u128 r = {a.hi - b.hi - (a.lo < b.lo), a.lo - b.lo};

	return r;
}

static inline pp__u128
u128_sub1(pp__u128 a)
{
	pp__u128 r = {a.hi - (a.lo == 0), a.lo - 1};

	return r;
}

static inline pp__u128
u128_max(void)
{
	pp__u128 r = {UINT64_MAX, UINT64_MAX};

	return r;
}

/* The netmask of a /len prefix (0..128). */
static pp__u128
u128_mask(unsigned len)
{
	pp__u128 m = {0, 0};

	if (len >= 64) {
		m.hi = UINT64_MAX;
		m.lo = len == 64 ? 0 : UINT64_MAX << (128 - len);
	} else if (len > 0) {
		m.hi = UINT64_MAX << (64 - len);
	}
	return m;
}

/* [a & mask, a | ~mask]: the prefix's first and last address. */
static void
u128_prefix(pp__u128 a, pp__u128 mask, pp__u128 *lo, pp__u128 *hi)
{
	lo->hi = a.hi & mask.hi;
	lo->lo = a.lo & mask.lo;
	hi->hi = lo->hi | ~mask.hi;
	hi->lo = lo->lo | ~mask.lo;
}

static pp__u128
u128_of(const uint8_t b[16])
{
	pp__u128 v = {0, 0};
	int i;

	for (i = 0; i < 8; i++) {
		v.hi = v.hi << 8 | b[i];
		v.lo = v.lo << 8 | b[8 + i];
	}
	return v;
}

static void
u128_to(pp__u128 v, uint8_t b[16])
{
	int i;

	for (i = 7; i >= 0; i--, v.hi >>= 8, v.lo >>= 8) {
		b[i] = (uint8_t)v.hi;
		b[8 + i] = (uint8_t)v.lo;
	}
}

/* v in decimal into buf (40 bytes at least): 2^128 - 1 has 39 digits.  Long
 * division by 10 on 32-bit digits, most significant first. */
static const char *
u128_dec(pp__u128 v, char *buf)
{
	uint32_t w[4] = {(uint32_t)(v.hi >> 32), (uint32_t)v.hi, (uint32_t)(v.lo >> 32),
	                 (uint32_t)v.lo};
	char t[40];
	int n = 0, i, zero;

	do {
		uint64_t rem = 0;
		zero = 1;
		for (i = 0; i < 4; i++) {
			uint64_t cur = rem << 32 | w[i];
			w[i] = (uint32_t)(cur / 10);
			rem = cur % 10;
			zero &= w[i] == 0;
		}
		t[n++] = (char)('0' + (int)rem);
	} while (!zero);
	for (i = 0; i < n; i++)
		buf[i] = t[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

static int
push6(pp__targets *t, int exclude, const char *text, pp__u128 lo, pp__u128 hi)
{
	struct pp__tspec *sp;
	int rc;

	if ((rc = push(t, exclude, text, strlen(text), 0, 0)) < 0)
		return rc;
	sp = exclude ? &t->exc[t->nexc - 1] : &t->inc[t->ninc - 1];
	sp->v6 = 1;
	sp->r6.lo = lo;
	sp->r6.hi = hi;
	return 0;
}

static int
parse6(const char *spec, const char *s, size_t len, pp__u128 *out, char *err, size_t errlen)
{
	char buf[64];
	struct in6_addr in;

	if (len >= sizeof(buf))
		return pp__errf(err, errlen, PP_ESYNTAX, "%s: not an IPv6 address", spec);
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET6, buf, &in) != 1)
		return pp__errf(err, errlen, PP_ESYNTAX, "%s: not an IPv6 address", spec);
	*out = u128_of(in.s6_addr);
	return 0;
}

/* An IPv6 address, prefix (a/len) or range (a-b). */
static int
add_v6(pp__targets *t, const char *spec, int exclude, char *err, size_t errlen)
{
	const char *sl = strchr(spec, '/'), *dash = strchr(spec, '-');
	pp__u128 a, b;
	int rc;

	if (strchr(spec, '%') != NULL)
		return pp__errf(err, errlen, PP_EINVAL,
		                "%s: a scoped address (%%zone): not supported, the interface "
		                "comes from the route",
		                spec);
	if (sl != NULL) {
		unsigned long len;
		char *end;
		if ((rc = parse6(spec, spec, (size_t)(sl - spec), &a, err, errlen)) < 0)
			return rc;
		len = strtoul(sl + 1, &end, 10);
		if (!isdigit((unsigned char)sl[1]) || *end != '\0' || len > 128)
			return pp__errf(err, errlen, PP_ESYNTAX,
			                "%s: bad prefix length (expected /0 to /128)", spec);
		u128_prefix(a, u128_mask((unsigned)len), &a, &b);
		return push6(t, exclude, spec, a, b);
	}
	if (dash != NULL) {
		if ((rc = parse6(spec, spec, (size_t)(dash - spec), &a, err, errlen)) < 0 ||
		    (rc = parse6(spec, dash + 1, strlen(dash + 1), &b, err, errlen)) < 0)
			return rc;
		if (u128_lt(b, a))
			return pp__errf(err, errlen, PP_ERANGE,
			                "%s: reversed range (low end first)", spec);
		return push6(t, exclude, spec, a, b);
	}
	if ((rc = parse6(spec, spec, strlen(spec), &a, err, errlen)) < 0)
		return rc;
	return push6(t, exclude, spec, a, a);
}

/* A name's address: -4 or -6 asks for that family only; else its IPv4
 * address if it has one (as nmap), else its IPv6 one. */
static int
resolve(const pp__targets *t, const char *name, int exclude, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL, *ai, *v4 = NULL, *v6 = NULL;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = t->prefer == 4 ? AF_INET : t->prefer == 6 ? AF_INET6 : AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(name, NULL, &hints, &res)) != 0 || res == NULL)
		return pp__errf(err, errlen, PP_ENOENT, "%s: cannot resolve host name: %s", name,
		                rc != 0 ? gai_strerror(rc) : "no address");
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET && v4 == NULL)
			v4 = ai;
		if (ai->ai_family == AF_INET6 && v6 == NULL)
			v6 = ai;
	}
	if (v4 != NULL)
		rc = push((pp__targets *)t, exclude, name, strlen(name),
		          ntohl(((struct sockaddr_in *)v4->ai_addr)->sin_addr.s_addr),
		          ntohl(((struct sockaddr_in *)v4->ai_addr)->sin_addr.s_addr));
	else if (v6 != NULL) {
		pp__u128 a = u128_of(((struct sockaddr_in6 *)v6->ai_addr)->sin6_addr.s6_addr);
		rc = push6((pp__targets *)t, exclude, name, a, a);
	} else
		rc = pp__errf(err, errlen, PP_ENOENT, "%s: cannot resolve host name: no address",
		              name);
	freeaddrinfo(res);
	return rc;
}

/* A host name: letters, digits, '-', '.', '_', not starting with '-'. */
static int
hostname_like(const char *s)
{
	const char *p;

	if (*s == '\0' || *s == '-' || strlen(s) > 253)
		return 0;
	for (p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.' && *p != '_')
			return 0;
	return 1;
}

/* One spec (no commas, no white space). */
static int
add_one(pp__targets *t, const char *spec, int exclude, char *err, size_t errlen)
{
	const char *p;
	uint32_t a, b;
	char *end;

	if (strchr(spec, ':') != NULL)
		return add_v6(t, spec, exclude, err, errlen);
	if (pp__parse_ipv4(spec, &p, &a) == 0) {
		if (*p == '\0')
			return push(t, exclude, spec, strlen(spec), a, a);
		if (*p == '/') {
			unsigned long len;
			errno = 0;
			len = strtoul(p + 1, &end, 10);
			if (!isdigit((unsigned char)p[1]) || *end != '\0' || len > 32)
				return pp__errf(err, errlen, PP_ESYNTAX,
				                "%s: bad prefix length (expected /0 to /32)", spec);
			uint32_t mask = len == 0 ? 0 : ~(uint32_t)0 << (32 - len);
			return push(t, exclude, spec, strlen(spec), a & mask, (a & mask) | ~mask);
		}
		if (*p == '-') {
			const char *q;
			if (pp__parse_ipv4(p + 1, &q, &b) == 0 && *q == '\0') {
				/* a.b.c.d-w.x.y.z */
			} else {
				unsigned long e;
				errno = 0;
				e = strtoul(p + 1, &end, 10);
				if (!isdigit((unsigned char)p[1]) || *end != '\0' || e > 255)
					return pp__errf(err, errlen, PP_ESYNTAX,
					                "%s: bad range (expected a.b.c.d-e or "
					                "a.b.c.d-w.x.y.z)",
					                spec);
				b = (a & 0xffffff00u) | (uint32_t)e;
			}
			if (b < a)
				return pp__errf(err, errlen, PP_ERANGE,
				                "%s: reversed range (low end first)", spec);
			return push(t, exclude, spec, strlen(spec), a, b);
		}
		return pp__errf(err, errlen, PP_ESYNTAX, "%s: not an address, block or range",
		                spec);
	}
	if (isdigit((unsigned char)spec[0]) && strspn(spec, "0123456789./-") == strlen(spec))
		return pp__errf(err, errlen, PP_ESYNTAX, "%s: not an IPv4 address", spec);
	if (strchr(spec, '%') != NULL)
		return pp__errf(err, errlen, PP_EINVAL,
		                "%s: a scoped address (%%zone): not supported, the interface "
		                "comes from the route",
		                spec);
	if (!hostname_like(spec))
		return pp__errf(err, errlen, PP_ESYNTAX, "%s: not an address or host name", spec);
	return resolve(t, spec, exclude, err, errlen);
}

int
pp__targets_add(pp__targets *t, const char *spec, int exclude, char *err, size_t errlen)
{
	char buf[512];
	const char *s = spec, *e;
	int rc, any = 0;

	for (;;) {
		while (*s == ',' || isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		e = s;
		while (*e != '\0' && *e != ',' && !isspace((unsigned char)*e))
			e++;
		if ((size_t)(e - s) >= sizeof(buf))
			return pp__errf(err, errlen, PP_ERANGE, "%.40s...: target too long", s);
		memcpy(buf, s, (size_t)(e - s));
		buf[e - s] = '\0';
		if ((rc = add_one(t, buf, exclude, err, errlen)) < 0)
			return rc;
		any = 1;
		s = e;
	}
	if (!any)
		return pp__errf(err, errlen, PP_ESYNTAX, "empty target");
	return 0;
}

int
pp__targets_add_file(pp__targets *t, const char *path, int exclude, char *err, size_t errlen)
{
	char line[4096], sub[512];
	FILE *fp;
	unsigned lineno = 0;
	int rc = 0;

	if ((fp = fopen(path, "r")) == NULL)
		return pp__errf(err, errlen, PP_EIO, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *h = strchr(line, '#');
		lineno++;
		if (h != NULL)
			*h = '\0';
		if (strspn(line, " \t\r\n,") == strlen(line))
			continue;
		if ((rc = pp__targets_add(t, line, exclude, sub, sizeof(sub))) < 0) {
			pp__errf(err, errlen, rc, "%s:%u: %s", path, lineno, sub);
			break;
		}
	}
	if (rc == 0 && ferror(fp))
		rc = pp__errf(err, errlen, PP_EIO, "%s: %s", path, strerror(errno));
	fclose(fp);
	return rc;
}

static int
cmp_range(const void *a, const void *b)
{
	const struct pp__arange *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Sort and merge n ranges in place; returns the new count. */
static size_t
merge(struct pp__arange *r, size_t n)
{
	size_t i, m = 0;

	qsort(r, n, sizeof(*r), cmp_range);
	for (i = 0; i < n; i++) {
		if (m > 0 && (uint64_t)r[i].lo <= (uint64_t)r[m - 1].hi + 1) {
			if (r[i].hi > r[m - 1].hi)
				r[m - 1].hi = r[i].hi;
		} else {
			r[m++] = r[i];
		}
	}
	return m;
}

/* The first address of [lo, hi] not covered by the sorted exclusions, if any. */
static int
first_not_excluded(const struct pp__arange *ex, size_t nex, uint64_t lo, uint64_t hi, uint64_t *out)
{
	size_t i;

	for (i = 0; i < nex && lo <= hi; i++) {
		if (ex[i].hi < lo)
			continue;
		if (ex[i].lo > lo)
			break;
		lo = (uint64_t)ex[i].hi + 1;
	}
	if (lo > hi)
		return 0;
	*out = lo;
	return 1;
}

static const struct {
	uint32_t lo, hi;
	const char *why;
} reserved[] = {
        {0x00000000u, 0x00ffffffu, "in 0.0.0.0/8 (\"this network\")"},
        {0x7f000000u, 0x7fffffffu, "a loopback address, this machine's own"},
        {0xe0000000u, 0xefffffffu, "a multicast address"},
        {0xffffffffu, 0xffffffffu, "the broadcast address"},
};

/* A target spec that takes an address refused without --force: one line,
 * naming the address and why (single: the spec is that one address). */
static int
refused(const char *spec, int single, const char *addr, const char *why, char *err, size_t errlen)
{
	if (single)
		return pp__errf(err, errlen, PP_EPERM, "%s: refusing %s, %s (--force to probe it)",
		                spec, addr, why);
	return pp__errf(err, errlen, PP_EPERM, "%s: includes %s, %s (--exclude it, or --force)",
	                spec, addr, why);
}

static int
refuse(const pp__targets *t, const struct pp__arange *ex, size_t nex, const struct pp__refuse *rf,
       char *err, size_t errlen)
{
	char a[INET_ADDRSTRLEN];
	struct in_addr in;
	uint64_t hit;
	size_t i, j;

	for (i = 0; i < t->ninc; i++) {
		const struct pp__tspec *s = &t->inc[i];
		const char *why = NULL;
		if (s->v6)
			continue;
		for (j = 0; j < sizeof(reserved) / sizeof(reserved[0]) && why == NULL; j++) {
			uint64_t lo = s->r.lo > reserved[j].lo ? s->r.lo : reserved[j].lo;
			uint64_t hi = s->r.hi < reserved[j].hi ? s->r.hi : reserved[j].hi;
			if (lo <= hi && first_not_excluded(ex, nex, lo, hi, &hit))
				why = reserved[j].why;
		}
		for (j = 0; rf != NULL && j < rf->nown && why == NULL; j++)
			if (s->r.lo <= rf->own[j] && rf->own[j] <= s->r.hi &&
			    first_not_excluded(ex, nex, rf->own[j], rf->own[j], &hit))
				why = "this machine's own address";
		for (j = 0; rf != NULL && j < rf->nbcast && why == NULL; j++)
			if (s->r.lo <= rf->bcast[j] && rf->bcast[j] <= s->r.hi &&
			    first_not_excluded(ex, nex, rf->bcast[j], rf->bcast[j], &hit))
				why = "the broadcast address of a local network";
		if (why != NULL) {
			in.s_addr = htonl((uint32_t)hit);
			return refused(s->text, s->r.lo == s->r.hi,
			               inet_ntop(AF_INET, &in, a, sizeof(a)), why, err, errlen);
		}
	}
	return 0;
}

/* The first IPv6 address of [lo, hi] not covered by the sorted exclusions. */
static int
first_not_excluded6(const struct pp__arange6 *ex, size_t nex, pp__u128 lo, pp__u128 hi,
                    pp__u128 *out)
{
	size_t i;

	for (i = 0; i < nex; i++) {
		if (u128_lt(ex[i].hi, lo))
			continue;
		if (u128_lt(lo, ex[i].lo))
			break;
		if (u128_le(hi, ex[i].hi))
			return 0;
		lo = u128_add(ex[i].hi, 1);
	}
	*out = lo;
	return 1;
}

static const struct {
	uint8_t b0, bits; /* a prefix of the first byte(s) */
	uint16_t w0;
	const char *why;
} reserved6[] = {
        {0x00, 128, 0, "the unspecified address ::"},
        {0x00, 128, 1, "the loopback address, this machine's own"},
        {0xff, 8, 0xff00, "a multicast address"},
        {0xfe, 10, 0xfe80, "a link-local address (it needs an interface: not supported)"},
        {0x00, 96, 0xffff, "an IPv4-mapped address (give the IPv4 address)"},
};

static void
reserved6_range(size_t j, pp__u128 *lo, pp__u128 *hi)
{
	unsigned bits = reserved6[j].bits;
	pp__u128 base = {0, 0};

	if (bits == 128)
		base.lo = reserved6[j].w0;
	else if (bits == 96)
		base.lo = (uint64_t)0xffff << 32;
	else
		base.hi = (uint64_t)reserved6[j].w0 << 48;
	u128_prefix(base, u128_mask(bits), lo, hi);
}

static int
cmp_range6(const void *a, const void *b)
{
	const struct pp__arange6 *x = a, *y = b;

	return u128_lt(x->lo, y->lo) ? -1 : u128_lt(y->lo, x->lo);
}

static size_t
merge6(struct pp__arange6 *r, size_t n)
{
	size_t i, m = 0;

	qsort(r, n, sizeof(*r), cmp_range6);
	for (i = 0; i < n; i++) {
		if (m > 0 && (u128_eq(r[m - 1].hi, u128_max()) ||
		              u128_le(r[i].lo, u128_add(r[m - 1].hi, 1)))) {
			if (u128_lt(r[m - 1].hi, r[i].hi))
				r[m - 1].hi = r[i].hi;
		} else {
			r[m++] = r[i];
		}
	}
	return m;
}

static int
refuse6(const pp__targets *t, const struct pp__arange6 *ex, size_t nex, const struct pp__refuse *rf,
        int force, char *err, size_t errlen)
{
	char a[INET6_ADDRSTRLEN];
	uint8_t b[16];
	pp__u128 hit = {0, 0}, lo, hi;
	size_t i, j;

	for (i = 0; i < t->ninc; i++) {
		const struct pp__tspec *s = &t->inc[i];
		const char *why = NULL;
		pp__u128 size = u128_sub(s->r6.hi, s->r6.lo);
		if (!s->v6)
			continue;
		if ((size.hi != 0 || size.lo >= PP__V6_MAX_HOSTS) &&
		    (!force || size.hi != 0 || size.lo >= (uint64_t)1 << 40))
			return pp__errf(err, errlen, force ? PP_ERANGE : PP_EPERM,
			                "%s: %s addresses, %s", s->text,
			                u128_eq(size, u128_max()) /* ::/0: 2^128 */
			                        ? "340282366920938463463374607431768211456"
			                        : u128_dec(u128_add(size, 1), a),
			                force ? "too many to scan (2^40 at most)"
			                      : "more than a /112's 65536 (--force to scan them)");
		if (force)
			continue;
		for (j = 0; j < sizeof(reserved6) / sizeof(reserved6[0]) && why == NULL; j++) {
			reserved6_range(j, &lo, &hi);
			lo = u128_lt(lo, s->r6.lo) ? s->r6.lo : lo;
			hi = u128_lt(s->r6.hi, hi) ? s->r6.hi : hi;
			if (u128_le(lo, hi) && first_not_excluded6(ex, nex, lo, hi, &hit))
				why = reserved6[j].why;
		}
		for (j = 0; rf != NULL && j < rf->nown6 && why == NULL; j++) {
			pp__u128 o = u128_of(rf->own6[j]);
			if (u128_le(s->r6.lo, o) && u128_le(o, s->r6.hi) &&
			    first_not_excluded6(ex, nex, o, o, &hit))
				why = "this machine's own address";
		}
		if (why != NULL) {
			u128_to(hit, b);
			return refused(s->text, u128_eq(s->r6.lo, s->r6.hi),
			               inet_ntop(AF_INET6, b, a, sizeof(a)), why, err, errlen);
		}
	}
	return 0;
}

/* The IPv6 half of pp__targets_finish: its hosts come after the IPv4 ones. */
static int
finish6(pp__targets *t, const struct pp__refuse *rf, int force, char *err, size_t errlen)
{
	struct pp__arange6 *inc = NULL, *ex = NULL, *out = NULL;
	size_t ni = 0, ne = 0, i, j, n = 0;
	int rc = PP_ENOMEM;

	inc = malloc((t->ninc + 1) * sizeof(*inc));
	ex = malloc((t->nexc + 1) * sizeof(*ex));
	out = malloc((t->ninc + t->nexc + 1) * sizeof(*out));
	if (inc == NULL || ex == NULL || out == NULL)
		goto out;
	for (i = 0; i < t->ninc; i++)
		if (t->inc[i].v6)
			inc[ni++] = t->inc[i].r6;
	for (i = 0; i < t->nexc; i++)
		if (t->exc[i].v6)
			ex[ne++] = t->exc[i].r6;
	ni = merge6(inc, ni);
	ne = merge6(ex, ne);
	if ((rc = refuse6(t, ex, ne, rf, force, err, errlen)) < 0)
		goto out;
	for (i = 0, j = 0; i < ni; i++) {
		pp__u128 lo = inc[i].lo, hi = inc[i].hi;
		int more = 1;
		while (j < ne && u128_lt(ex[j].hi, lo))
			j++;
		for (size_t k = j; k < ne && u128_le(ex[k].lo, hi) && more; k++) {
			if (u128_lt(lo, ex[k].lo))
				out[n++] = (struct pp__arange6){lo, u128_sub1(ex[k].lo)};
			if (u128_le(hi, ex[k].hi))
				more = 0;
			else
				lo = u128_add(ex[k].hi, 1);
		}
		if (more)
			out[n++] = (struct pp__arange6){lo, hi};
	}
	free(t->r6);
	free(t->before6);
	t->r6 = out;
	out = NULL;
	t->n6 = n;
	if ((t->before6 = malloc((n + 1) * sizeof(*t->before6))) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		t->before6[i] = t->count - t->count4;
		t->count += u128_sub(t->r6[i].hi, t->r6[i].lo).lo + 1; /* < 2^40: refuse6 */
	}
	rc = 0;
out:
	free(inc);
	free(ex);
	free(out);
	return rc;
}

/* The IPv6 specs of *from appended to *to (allocated), the others kept in order. */
static int
move_specs6(struct pp__tspec *from, size_t *nfrom, struct pp__tspec **to, size_t *nto,
            size_t *capto)
{
	size_t i, k = 0, n = 0;

	for (i = 0; i < *nfrom; i++)
		n += from[i].v6 != 0;
	if ((*to = calloc(n + 1, sizeof(**to))) == NULL)
		return PP_ENOMEM;
	*capto = n + 1;
	for (i = 0; i < *nfrom; i++) {
		if (from[i].v6)
			(*to)[(*nto)++] = from[i];
		else
			from[k++] = from[i];
	}
	*nfrom = k;
	return 0;
}

int
pp__targets_move6(pp__targets *t, pp__targets *to)
{
	if (move_specs6(t->inc, &t->ninc, &to->inc, &to->ninc, &to->capinc) < 0 ||
	    move_specs6(t->exc, &t->nexc, &to->exc, &to->nexc, &to->capexc) < 0)
		return PP_ENOMEM;
	return 0;
}

int
pp__targets_finish(pp__targets *t, const struct pp__refuse *rf, int force, char *err, size_t errlen)
{
	struct pp__arange *inc = NULL, *ex = NULL, *out = NULL;
	size_t ni = 0, ne = 0, i, j, n = 0;
	int rc = PP_ENOMEM;

	if (t->ninc == 0)
		return pp__errf(err, errlen, PP_EINVAL, "no targets");
	inc = malloc(t->ninc * sizeof(*inc));
	ex = malloc((t->nexc + 1) * sizeof(*ex));
	/* Subtracting splits a range at most once per exclusion. */
	out = malloc((t->ninc + t->nexc + 1) * sizeof(*out));
	if (inc == NULL || ex == NULL || out == NULL)
		goto out;
	for (i = 0; i < t->ninc; i++)
		if (!t->inc[i].v6)
			inc[ni++] = t->inc[i].r;
	for (i = 0; i < t->nexc; i++)
		if (!t->exc[i].v6)
			ex[ne++] = t->exc[i].r;
	ni = merge(inc, ni);
	ne = merge(ex, ne);
	if (!force && (rc = refuse(t, ex, ne, rf, err, errlen)) < 0)
		goto out;
	for (i = 0, j = 0; i < ni; i++) {
		uint64_t lo = inc[i].lo, hi = inc[i].hi;
		while (j < ne && ex[j].hi < lo)
			j++;
		for (size_t k = j; k < ne && ex[k].lo <= hi && lo <= hi; k++) {
			if (ex[k].lo > lo)
				out[n++] = (struct pp__arange){(uint32_t)lo, ex[k].lo - 1};
			lo = (uint64_t)ex[k].hi + 1;
		}
		if (lo <= hi)
			out[n++] = (struct pp__arange){(uint32_t)lo, (uint32_t)hi};
	}
	free(t->r);
	free(t->before);
	t->r = out;
	out = NULL;
	t->n = n;
	if ((t->before = malloc((n + 1) * sizeof(*t->before))) == NULL)
		goto out;
	t->count = 0;
	for (i = 0; i < n; i++) {
		t->before[i] = t->count;
		t->count += (uint64_t)t->r[i].hi - t->r[i].lo + 1;
	}
	t->count4 = t->count;
	if ((rc = finish6(t, rf, force, err, errlen)) < 0)
		goto out;
	if (t->count == 0) {
		t->excluded_all = 1;
		rc = pp__errf(err, errlen, PP_EINVAL, "every target is excluded");
	}
out:
	free(inc);
	free(ex);
	free(out);
	return rc;
}

uint32_t
pp__targets_addr(const pp__targets *t, uint64_t i)
{
	size_t lo = 0, hi = t->n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->before[mid] <= i)
			lo = mid;
		else
			hi = mid;
	}
	return t->r[lo].lo + (uint32_t)(i - t->before[lo]);
}

int64_t
pp__targets_index(const pp__targets *t, uint32_t addr)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->r[mid].hi < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->n && t->r[lo].lo <= addr)
		return (int64_t)(t->before[lo] + (addr - t->r[lo].lo));
	return -1;
}

void
pp__targets_addr6(const pp__targets *t, uint64_t i, uint8_t out[16])
{
	size_t lo = 0, hi = t->n6;

	i -= t->count4;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->before6[mid] <= i)
			lo = mid;
		else
			hi = mid;
	}
	u128_to(u128_add(t->r6[lo].lo, i - t->before6[lo]), out);
}

int64_t
pp__targets_index6(const pp__targets *t, const uint8_t addr[16])
{
	pp__u128 a = u128_of(addr);
	size_t lo = 0, hi = t->n6;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (u128_lt(t->r6[mid].hi, a))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->n6 && u128_le(t->r6[lo].lo, a))
		return (int64_t)(t->count4 + t->before6[lo] + u128_sub(a, t->r6[lo].lo).lo);
	return -1;
}
