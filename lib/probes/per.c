/*
 * The aligned-PER reader of per.h.  Every read goes through pp__per_bits or
 * pp__per_octets, which check the remaining length first, so the H.225.0 parser
 * on top of it can be as naive as the ASN.1 and still be safe on any datagram.
 */
#include "config.h"

#include "per.h"

void
pp__per_init(struct pp__per *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->bit = 0;
	r->bad = 0;
}

unsigned
pp__per_bits(struct pp__per *r, unsigned n)
{
	unsigned v = 0;

	if (r->bad || n > 16 || r->bit + n > r->len * 8) {
		r->bad = 1;
		return 0;
	}
	while (n-- > 0) {
		v = v << 1 | ((r->p[r->bit / 8] >> (7 - r->bit % 8)) & 1);
		r->bit++;
	}
	return v;
}

void
pp__per_align(struct pp__per *r)
{
	r->bit = (r->bit + 7) / 8 * 8;
	if (r->bit / 8 > r->len)
		r->bad = 1;
}

const uint8_t *
pp__per_octets(struct pp__per *r, size_t n)
{
	const uint8_t *q;

	pp__per_align(r);
	if (r->bad || r->len - r->bit / 8 < n) {
		r->bad = 1;
		return NULL;
	}
	q = r->p + r->bit / 8;
	r->bit += 8 * n;
	return q;
}

size_t
pp__per_length(struct pp__per *r)
{
	const uint8_t *q = pp__per_octets(r, 1);
	size_t n;

	if (q == NULL)
		return 0;
	if (!(q[0] & 0x80))
		return q[0];
	if ((q[0] & 0xc0) == 0xc0) {
		r->bad = 1; /* a fragment */
		return 0;
	}
	n = (size_t)(q[0] & 0x3f) << 8;
	if ((q = pp__per_octets(r, 1)) == NULL)
		return 0;
	return n | q[0];
}

void
pp__per_skip_open(struct pp__per *r)
{
	size_t n = pp__per_length(r);

	if (!r->bad)
		pp__per_octets(r, n);
}

unsigned
pp__per_small(struct pp__per *r)
{
	if (pp__per_bits(r, 1) != 0) {
		r->bad = 1; /* 64 or more: not in any RAS type */
		return 0;
	}
	return pp__per_bits(r, 6);
}

void
pp__per_skip_extensions(struct pp__per *r)
{
	unsigned n, present = 0, i;

	n = pp__per_small(r) + 1; /* a normally small length: the count less one */
	for (i = 0; i < n && !r->bad; i++)
		present += pp__per_bits(r, 1);
	for (i = 0; i < present && !r->bad; i++)
		pp__per_skip_open(r);
}
