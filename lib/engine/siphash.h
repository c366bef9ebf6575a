/*
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012):
 * the keyed hash behind the probe cookies.  Keyed per scan, so a reply cannot be
 * forged by someone who does not know the key, and cheap enough to run per packet.
 */
#ifndef PP_SIPHASH_H
#define PP_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

/* SipHash-2-4 of in[0..len) under a 16-byte key, as the reference implementation. */
uint64_t pp__siphash24(const uint8_t key[16], const void *in, size_t len);

#endif
