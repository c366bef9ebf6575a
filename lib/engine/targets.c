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
	pp__targets_init(t);
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
	(*n)++;
	return 0;
}

static int
resolve(const char *name, uint32_t *addr, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(name, NULL, &hints, &res)) != 0 || res == NULL)
		return pp__errf(err, errlen, PP_ENOENT, "%s: cannot resolve host name: %s", name,
		                rc != 0 ? gai_strerror(rc) : "no IPv4 address");
	*addr = ntohl(((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr);
	freeaddrinfo(res);
	return 0;
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
	if (!hostname_like(spec))
		return pp__errf(err, errlen, PP_ESYNTAX, "%s: not an address or host name", spec);
	if ((a = 0, resolve(spec, &a, err, errlen)) < 0)
		return PP_ENOENT;
	return push(t, exclude, spec, strlen(spec), a, a);
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
			inet_ntop(AF_INET, &in, a, sizeof(a));
			if (s->r.lo == s->r.hi)
				return pp__errf(err, errlen, PP_EPERM,
				                "%s: refusing %s, %s (--force to probe it)",
				                s->text, a, why);
			return pp__errf(err, errlen, PP_EPERM,
			                "%s: includes %s, %s (--exclude it, or --force)", s->text,
			                a, why);
		}
	}
	return 0;
}

int
pp__targets_finish(pp__targets *t, const struct pp__refuse *rf, int force, char *err, size_t errlen)
{
	struct pp__arange *inc = NULL, *ex = NULL, *out = NULL;
	size_t ni, ne, i, j, n = 0;
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
		inc[i] = t->inc[i].r;
	for (i = 0; i < t->nexc; i++)
		ex[i] = t->exc[i].r;
	ni = merge(inc, t->ninc);
	ne = merge(ex, t->nexc);
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
	if (n == 0) {
		rc = pp__errf(err, errlen, PP_EINVAL, "every target is excluded");
		goto out;
	}
	free(t->r);
	free(t->before);
	t->r = out;
	out = NULL;
	t->n = n;
	if ((t->before = malloc(n * sizeof(*t->before))) == NULL)
		goto out;
	t->count = 0;
	for (i = 0; i < n; i++) {
		t->before[i] = t->count;
		t->count += (uint64_t)t->r[i].hi - t->r[i].lo + 1;
	}
	rc = 0;
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
