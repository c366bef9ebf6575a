/*
 * The BER reader and writer of ber.h (ITU-T X.690, the subset SNMP uses).  The
 * reader checks every length against the bytes left before it moves, so a
 * fuzzed or hostile reply can at worst be rejected.
 */
#include "config.h"

#include <string.h>

#include "ber.h"
#include "pp_error.h"

void
pp__ber_init(struct pp__ber *b, const uint8_t *p, size_t len)
{
	b->p = p;
	b->len = len;
	b->off = 0;
}

int
pp__ber_next(struct pp__ber *b, uint8_t *tag, struct pp__ber *val)
{
	size_t left = b->len - b->off, n, i, hdr;
	const uint8_t *q = b->p + b->off;

	if (left < 2)
		return -1;
	if ((q[0] & 0x1f) == 0x1f)
		return -1; /* high tag number form: SNMP never uses it */
	if (q[1] < 0x80) {
		n = q[1];
		hdr = 2;
	} else {
		/* Long form: 0x81..0x84 octets of length; 0x80 is indefinite. */
		size_t k = q[1] & 0x7f;
		if (k == 0 || k > 4 || left < 2 + k)
			return -1;
		for (n = 0, i = 0; i < k; i++)
			n = n << 8 | q[2 + i];
		hdr = 2 + k;
	}
	if (n > left - hdr)
		return -1;
	*tag = q[0];
	val->p = q + hdr;
	val->len = n;
	val->off = 0;
	b->off += hdr + n;
	return 0;
}

int
pp__ber_expect(struct pp__ber *b, uint8_t tag, struct pp__ber *val)
{
	uint8_t t;

	if (pp__ber_next(b, &t, val) < 0 || t != tag)
		return -1;
	return 0;
}

int
pp__ber_done(const struct pp__ber *b)
{
	return b->off == b->len;
}

int
pp__ber_int(const struct pp__ber *val, int64_t *out)
{
	uint64_t v;
	size_t i;

	if (val->len < 1 || val->len > 8)
		return -1;
	/* Sign-extend from the first octet, then shift the rest in. */
	v = (val->p[0] & 0x80) ? ~(uint64_t)0 : 0;
	for (i = 0; i < val->len; i++)
		v = v << 8 | val->p[i];
	*out = (int64_t)v;
	return 0;
}

void
pp__berw_init(struct pp__berw *w, uint8_t *buf, size_t len)
{
	w->buf = buf;
	w->len = len;
	w->pos = len;
	w->overflow = 0;
}

void
pp__berw_bytes(struct pp__berw *w, const void *p, size_t n)
{
	if (w->overflow || n > w->pos) {
		w->overflow = 1;
		return;
	}
	w->pos -= n;
	if (n > 0)
		memcpy(w->buf + w->pos, p, n);
}

/* Tag and length in front of n bytes of contents already written. */
static void
berw_header(struct pp__berw *w, uint8_t tag, size_t n)
{
	uint8_t h[6];
	size_t k = 0, i;

	if (n < 0x80) {
		h[k++] = (uint8_t)n;
	} else {
		uint8_t tmp[4];
		size_t m = 0;
		for (; n > 0 && m < 4; n >>= 8)
			tmp[m++] = (uint8_t)n;
		h[k++] = (uint8_t)(0x80 | m);
		for (i = 0; i < m; i++)
			h[k++] = tmp[m - 1 - i];
	}
	pp__berw_bytes(w, h, k);
	pp__berw_bytes(w, &tag, 1);
}

void
pp__berw_prim(struct pp__berw *w, uint8_t tag, const void *p, size_t n)
{
	pp__berw_bytes(w, p, n);
	berw_header(w, tag, n);
}

void
pp__berw_int(struct pp__berw *w, int64_t v)
{
	uint8_t b[8];
	size_t n = 8, i;
	uint64_t u = (uint64_t)v;

	for (i = 0; i < 8; i++)
		b[7 - i] = (uint8_t)(u >> (8 * i));
	/* Minimal two's complement: drop a leading octet that only repeats the sign. */
	while (n > 1 && ((b[8 - n] == 0x00 && !(b[9 - n] & 0x80)) ||
	                 (b[8 - n] == 0xff && (b[9 - n] & 0x80))))
		n--;
	pp__berw_prim(w, BER_INTEGER, b + 8 - n, n);
}

size_t
pp__berw_mark(const struct pp__berw *w)
{
	return w->pos;
}

void
pp__berw_wrap(struct pp__berw *w, uint8_t tag, size_t mark)
{
	if (w->overflow)
		return;
	berw_header(w, tag, mark - w->pos);
}

int
pp__berw_finish(struct pp__berw *w)
{
	size_t n;

	if (w->overflow)
		return PP_ETRUNC;
	n = w->len - w->pos;
	if (n > (size_t)0x7fffffff)
		return PP_ERANGE;
	memmove(w->buf, w->buf + w->pos, n);
	return (int)n;
}
