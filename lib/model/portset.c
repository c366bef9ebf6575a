/*
 * Port sets kept as sorted, merged ranges: a profile's "32768-61000" costs one
 * range, not 28k bits, and printing the set back gives the canonical -p form.
 * Also the names of the protocols a set is of.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_error.h"
#include "pp_portset.h"

void
pp_portset_init(pp_portset *ps)
{
	memset(ps, 0, sizeof(*ps));
}

void
pp_portset_free(pp_portset *ps)
{
	free(ps->r);
	pp_portset_init(ps);
}

void
pp_portset_clear(pp_portset *ps)
{
	ps->n = 0;
}

static int
reserve(pp_portset *ps, size_t want)
{
	struct pp_range *r;
	size_t cap;

	if (want <= ps->cap)
		return 0;
	cap = ps->cap ? ps->cap * 2 : 8;
	while (cap < want)
		cap *= 2;
	if ((r = realloc(ps->r, cap * sizeof(*r))) == NULL)
		return PP_ENOMEM;
	ps->r = r;
	ps->cap = cap;
	return 0;
}

int
pp_portset_copy(pp_portset *dst, const pp_portset *src)
{
	int rc;

	if (dst == src)
		return 0;
	if ((rc = reserve(dst, src->n)) < 0)
		return rc;
	if (src->n > 0)
		memcpy(dst->r, src->r, src->n * sizeof(*src->r));
	dst->n = src->n;
	return 0;
}

/* Index of the first range whose hi + 1 >= port: where port would merge or insert. */
static size_t
lower_bound(const pp_portset *ps, unsigned port)
{
	size_t lo = 0, hi = ps->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((unsigned)ps->r[mid].hi + 1 < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
pp_portset_add(pp_portset *ps, unsigned lo, unsigned hi)
{
	size_t i, j;
	int rc;

	if (lo > hi || hi > PP_PORT_MAX)
		return PP_ERANGE;
	i = lower_bound(ps, lo);
	/* Ranges i..j-1 touch or overlap [lo, hi]: fold them into one. */
	j = i;
	while (j < ps->n && ps->r[j].lo <= hi + 1) {
		if (ps->r[j].lo < lo)
			lo = ps->r[j].lo;
		if (ps->r[j].hi > hi)
			hi = ps->r[j].hi;
		j++;
	}
	if (j == i) {
		if ((rc = reserve(ps, ps->n + 1)) < 0)
			return rc;
		memmove(&ps->r[i + 1], &ps->r[i], (ps->n - i) * sizeof(*ps->r));
		ps->n++;
	} else if (j > i + 1) {
		memmove(&ps->r[i + 1], &ps->r[j], (ps->n - j) * sizeof(*ps->r));
		ps->n -= j - i - 1;
	}
	ps->r[i].lo = (uint16_t)lo;
	ps->r[i].hi = (uint16_t)hi;
	return 0;
}

int
pp_portset_contains(const pp_portset *ps, unsigned port)
{
	size_t i;

	if (port > PP_PORT_MAX)
		return 0;
	i = lower_bound(ps, port);
	return i < ps->n && ps->r[i].lo <= port && port <= ps->r[i].hi;
}

size_t
pp_portset_count(const pp_portset *ps)
{
	size_t i, n = 0;

	for (i = 0; i < ps->n; i++)
		n += (size_t)ps->r[i].hi - ps->r[i].lo + 1;
	return n;
}

unsigned
pp_portset_nth(const pp_portset *ps, size_t k)
{
	size_t i, len;

	for (i = 0; i < ps->n; i++) {
		len = (size_t)ps->r[i].hi - ps->r[i].lo + 1;
		if (k < len)
			return ps->r[i].lo + (unsigned)k;
		k -= len;
	}
	return 0;
}

int
pp_portset_union(pp_portset *dst, const pp_portset *src)
{
	size_t i;
	int rc;

	for (i = 0; i < src->n; i++)
		if ((rc = pp_portset_add(dst, src->r[i].lo, src->r[i].hi)) < 0)
			return rc;
	return 0;
}

int
pp_portset_intersect(pp_portset *dst, const pp_portset *a, const pp_portset *b)
{
	pp_portset out;
	size_t i = 0, j = 0;
	int rc = 0;

	pp_portset_init(&out);
	while (i < a->n && j < b->n) {
		unsigned lo = a->r[i].lo > b->r[j].lo ? a->r[i].lo : b->r[j].lo;
		unsigned hi = a->r[i].hi < b->r[j].hi ? a->r[i].hi : b->r[j].hi;
		if (lo <= hi && (rc = pp_portset_add(&out, lo, hi)) < 0)
			break;
		if (a->r[i].hi < b->r[j].hi)
			i++;
		else
			j++;
	}
	if (rc == 0)
		rc = pp_portset_copy(dst, &out);
	pp_portset_free(&out);
	return rc;
}

int
pp_portset_subtract(pp_portset *dst, const pp_portset *src)
{
	pp_portset out;
	size_t i, j = 0;
	int rc = 0;

	pp_portset_init(&out);
	for (i = 0; i < dst->n && rc == 0; i++) {
		unsigned lo = dst->r[i].lo, hi = dst->r[i].hi;
		while (j < src->n && src->r[j].hi < lo)
			j++;
		for (size_t k = j; k < src->n && src->r[k].lo <= hi; k++) {
			if (src->r[k].lo > lo &&
			    (rc = pp_portset_add(&out, lo, src->r[k].lo - 1u)) < 0)
				break;
			if (src->r[k].hi >= hi) {
				lo = hi + 1;
				break;
			}
			lo = src->r[k].hi + 1u;
		}
		if (rc == 0 && lo <= hi)
			rc = pp_portset_add(&out, lo, hi);
	}
	if (rc == 0)
		rc = pp_portset_copy(dst, &out);
	pp_portset_free(&out);
	return rc;
}

int
pp_portset_equal(const pp_portset *a, const pp_portset *b)
{
	return a->n == b->n && (a->n == 0 || memcmp(a->r, b->r, a->n * sizeof(*a->r)) == 0);
}

size_t
pp_portset_format(const pp_portset *ps, char *buf, size_t len)
{
	size_t i, need = 0;
	char tmp[16];

	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < ps->n; i++) {
		size_t t;
		if (ps->r[i].lo == ps->r[i].hi)
			t = (size_t)snprintf(tmp, sizeof(tmp), "%s%u", i ? "," : "",
			                     (unsigned)ps->r[i].lo);
		else
			t = (size_t)snprintf(tmp, sizeof(tmp), "%s%u-%u", i ? "," : "",
			                     (unsigned)ps->r[i].lo, (unsigned)ps->r[i].hi);
		if (need + t < len)
			memcpy(buf + need, tmp, t + 1);
		else if (len > 0)
			buf[need < len ? need : len - 1] = '\0';
		need += t;
	}
	return need;
}

const char *
pp_proto_name(unsigned proto)
{
	switch (proto) {
	case PP_PROTO_TCP:
		return "tcp";
	case PP_PROTO_UDP:
		return "udp";
	default:
		return "?";
	}
}

int
pp_proto_parse(const char *s)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "tcp") == 0)
		return PP_PROTO_TCP;
	if (strcmp(s, "udp") == 0)
		return PP_PROTO_UDP;
	return -1;
}
