/*
 * Probe packets: a TCP SYN and a UDP header, over IPv4 and over IPv6, built once
 * with libnet into templates, then copied and patched per probe (addresses, ports, sequence
 * number, lengths, checksums).  Building needs no privilege (libnet's
 * build-only mode), so --dry-run and the unit tests use the same bytes.
 */
#ifndef PP_BUILD_H
#define PP_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "base/bytes.h"

#define PP__TCP_PKT_LEN  44 /* IPv4 (20) + TCP (20) + MSS option (4) */
#define PP__UDP_HDR_LEN  28 /* IPv4 (20) + UDP (8) */
#define PP__TCP6_PKT_LEN 64 /* IPv6 (40) + TCP (20) + MSS option (4) */
#define PP__UDP6_HDR_LEN 48 /* IPv6 (40) + UDP (8) */
#define PP__PKT_MAX      1500

struct pp__tmpl {
	uint8_t tcp[PP__TCP_PKT_LEN];
	uint8_t udp[PP__UDP_HDR_LEN];
	uint8_t tcp6[PP__TCP6_PKT_LEN];
	uint8_t udp6[PP__UDP6_HDR_LEN];
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

/* The same over IPv6 (the TTL is the hop limit; no IP id): a SYN into buf
 * (PP__TCP6_PKT_LEN bytes), and the headers of a UDP datagram whose payload is
 * at buf + PP__UDP6_HDR_LEN, returning the packet length. */
void pp__build_tcp6(const struct pp__tmpl *t, uint8_t *buf, const uint8_t src[16],
                    const uint8_t dst[16], uint16_t sport, uint16_t dport, uint32_t seq);
size_t pp__build_udp6(const struct pp__tmpl *t, uint8_t *buf, size_t plen, const uint8_t src[16],
                      const uint8_t dst[16], uint16_t sport, uint16_t dport);

/* The sum of the IPv6 pseudo-header (RFC 8200 8.1) of an upper layer of len
 * bytes and protocol nh, for the checksums. */
uint32_t pp__pseudo6_sum(const uint8_t src[16], const uint8_t dst[16], uint8_t nh, size_t len);

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
