/*
 * A small ASN.1 BER reader and writer, enough for SNMP (RFC 3416 PDUs in the
 * RFC 1157 / RFC 1901 message): single-octet tags, definite lengths, INTEGER.
 * The reader never reads outside the bytes it was given and rejects what SNMP
 * does not use (high tag numbers, indefinite lengths, lengths over 4 octets), so
 * it is safe on any datagram.  The writer fills its buffer from the end, so each
 * constructed value's length is known when its header is written.
 */
#ifndef PP_BER_H
#define PP_BER_H

#include <stddef.h>
#include <stdint.h>

#define BER_INTEGER  0x02
#define BER_OCTETS   0x04
#define BER_NULL     0x05
#define BER_OID      0x06
#define BER_SEQUENCE 0x30

/* A window of bytes being read: p[off..len). */
struct pp__ber {
	const uint8_t *p;
	size_t len, off;
};

void pp__ber_init(struct pp__ber *b, const uint8_t *p, size_t len);
/* Reads the next TLV: its tag into *tag, its contents as a new window into *val.
 * 0 on success, -1 if the bytes are not a well-formed TLV inside the window. */
int pp__ber_next(struct pp__ber *b, uint8_t *tag, struct pp__ber *val);
/* Reads the next TLV and insists on its tag. */
int pp__ber_expect(struct pp__ber *b, uint8_t tag, struct pp__ber *val);
/* Whether every byte of the window has been read. */
int pp__ber_done(const struct pp__ber *b);
/* The contents of an INTEGER as a signed value: 1 to 8 octets, else -1. */
int pp__ber_int(const struct pp__ber *val, int64_t *out);

/* The writer: buf[pos..len) holds what is written so far. */
struct pp__berw {
	uint8_t *buf;
	size_t len, pos;
	int overflow;
};

void pp__berw_init(struct pp__berw *w, uint8_t *buf, size_t len);
void pp__berw_bytes(struct pp__berw *w, const void *p, size_t n);
/* A primitive TLV. */
void pp__berw_prim(struct pp__berw *w, uint8_t tag, const void *p, size_t n);
void pp__berw_int(struct pp__berw *w, int64_t v);
/* Constructed values: mark where the contents end (they are written first, from
 * the back), then wrap everything written since the mark under tag. */
size_t pp__berw_mark(const struct pp__berw *w);
void pp__berw_wrap(struct pp__berw *w, uint8_t tag, size_t mark);
/* Moves the encoding to the start of buf; its length, or PP_ETRUNC. */
int pp__berw_finish(struct pp__berw *w);

#endif
