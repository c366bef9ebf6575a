/*
 * A reader for the ALIGNED variant of ASN.1 PER (ITU-T X.691), the encoding of
 * H.225.0 RAS: bit fields, octet alignment, length determinants, open types and
 * the extension additions of an extensible SEQUENCE.  It never reads past the
 * bytes it was given: a read past the end sets `bad` and returns zeros, so a
 * parser can read a whole structure and check `bad` once at the end.
 */
#ifndef PP_PER_H
#define PP_PER_H

#include <stddef.h>
#include <stdint.h>

struct pp__per {
	const uint8_t *p;
	size_t len; /* octets */
	size_t bit; /* next bit to read, from the most significant bit of p[0] */
	int bad;    /* read past the end, or an encoding we do not take */
};

void pp__per_init(struct pp__per *r, const uint8_t *p, size_t len);
/* n (at most 16) bits as an unsigned number. */
unsigned pp__per_bits(struct pp__per *r, unsigned n);
/* Skips to the next octet boundary. */
void pp__per_align(struct pp__per *r);
/* n octets at the next octet boundary; NULL (and bad) if they are not all there. */
const uint8_t *pp__per_octets(struct pp__per *r, size_t n);
/* An unconstrained length determinant (X.691 10.9.3.5-7), octet-aligned; lengths
 * of 16K and more come in fragments, which no RAS message needs: bad. */
size_t pp__per_length(struct pp__per *r);
/* An open type: a length determinant and that many octets, skipped. */
void pp__per_skip_open(struct pp__per *r);
/* A normally small non-negative number (X.691 10.6): a CHOICE's extension index. */
unsigned pp__per_small(struct pp__per *r);
/* The extension additions of a SEQUENCE whose extension bit was set: the count, a
 * presence bitmap, and an open type for each one present (X.691 18.7-18.9). */
void pp__per_skip_extensions(struct pp__per *r);

#endif
