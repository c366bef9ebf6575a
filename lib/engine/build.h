/*
 * Probe packets: an IPv4+TCP SYN and an IPv4+UDP header built once with libnet
 * into templates, then copied and patched per probe (addresses, ports, sequence
 * number, lengths, checksums).  Building needs no privilege (libnet's
 * build-only mode), so --dry-run and the unit tests use the same bytes.
 */
#ifndef PP_BUILD_H
#define PP_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "base/bytes.h"

#define PP__TCP_PKT_LEN 44 /* IPv4 (20) + TCP (20) + MSS option (4) */
#define PP__UDP_HDR_LEN 28 /* IPv4 (20) + UDP (8) */
#define PP__PKT_MAX     1500

struct pp__tmpl {
	uint8_t tcp[PP__TCP_PKT_LEN];
	uint8_t udp[PP__UDP_HDR_LEN];
	uint8_t ttl;
};

int pp__tmpl_init(struct pp__tmpl *t, uint8_t ttl, char *err, size_t errlen);

/* A TCP SYN into buf (PP__TCP_PKT_LEN bytes); addresses in host byte order. */
void pp__build_tcp(const struct pp__tmpl *t, uint8_t *buf, uint32_t src, uint32_t dst,
                   uint16_t sport, uint16_t dport, uint32_t seq, uint16_t ipid);
/* The headers of a UDP datagram whose payload (plen bytes) is already at
 * buf + PP__UDP_HDR_LEN; returns the packet length. */
size_t pp__build_udp(const struct pp__tmpl *t, uint8_t *buf, size_t plen, uint32_t src,
                     uint32_t dst, uint16_t sport, uint16_t dport, uint16_t ipid);

/* The Internet checksum (RFC 1071) of a buffer, folded, not complemented. */
uint32_t pp__csum_add(uint32_t sum, const uint8_t *p, size_t len);
uint16_t pp__csum_fold(uint32_t sum);

/* Store at p the checksum field that covers sum (the sum of everything it covers,
 * the field counted as 0). */
static inline void
pp__csum_put(uint8_t *p, uint32_t sum)
{
	pp__put16(p, (uint16_t)~pp__csum_fold(sum));
}

#endif
