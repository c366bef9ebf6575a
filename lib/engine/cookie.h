/*
 * Probe cookies: the stateless check that a reply answers a probe we sent.
 * cookie = SipHash-2-4(scan key; proto, src, dst, dport).  The probe's source port
 * is derived from it (within our source-port range) and, for TCP, the sequence
 * number is its low 32 bits; a UDP payload carries it in the protocol's own id.
 *
 * A TCP probe's try number rides in the sequence number's top byte (xor): an
 * answer then says which try it answers, so an answer late for its first try
 * is a round trip to learn from, not a loss (nmap encodes its tries likewise).
 * The low 24 bits must match exactly, so an ack off by one never reads as
 * another try's.
 */
#ifndef PP_COOKIE_H
#define PP_COOKIE_H

#include <stdint.h>

/* Our source ports, unless configured: above Linux's ephemeral range (32768-60999),
 * so the kernel's own connections never share a port with a probe. */
#define PP__SPORT_LO 61000u
#define PP__SPORT_HI 65535u

struct pp__cookie_key {
	uint8_t k[16];
	uint16_t sport_lo, sport_hi; /* inclusive */
};

/* addresses in host byte order; proto is enum pp_proto. */
uint64_t pp__cookie(const struct pp__cookie_key *key, unsigned proto, uint32_t src, uint32_t dst,
                    uint16_t dport);
/* An IPv6 address as the 32-bit identity pp__cookie takes: keyed, so the
 * cookie stays as unpredictable as an IPv4 one's; the classifier still matches
 * the full 16 bytes (classify.c). */
uint32_t pp__cookie_fold6(const struct pp__cookie_key *key, const uint8_t addr[16]);
/* The source port a probe with this cookie is sent from (UDP, TCP's first try). */
uint16_t pp__cookie_sport(const struct pp__cookie_key *key, uint64_t cookie);

static inline uint32_t
pp__cookie_seq(uint64_t cookie)
{
	return (uint32_t)cookie;
}

#define PP__TRY_MAX 255u /* later tries share the last number */

/* The sequence number of a probe's attempt-th try (0: the first). */
static inline uint32_t
pp__cookie_seq_try(uint64_t cookie, unsigned attempt)
{
	return (uint32_t)cookie ^ ((attempt < PP__TRY_MAX ? attempt : PP__TRY_MAX) << 24);
}

/* The source port of a TCP probe's attempt-th try: the next port for each try.
 * A retry from the first try's port, with another sequence number, meets the
 * half-open connection the first left on a listener whose SYN-ACK was lost:
 * Linux answers it with a bare ACK, once per half second, never a SYN-ACK,
 * and the open port read filtered.  A new port is a new connection. */
uint16_t pp__cookie_sport_try(const struct pp__cookie_key *key, uint64_t cookie, unsigned attempt);

/*
 * The checks, each nonzero when the reply is ours: for TCP, 1 + the try it
 * answers.  src/dst are those of the probe (us, the target), ports those of the
 * probe (our sport, the target's dport).
 *   TCP reply (SYN-ACK or RST): ack - 1 is a try's seq and the ports match.
 *   Quoted TCP in an ICMP error: the quoted seq is a try's and the ports match.
 *   UDP reply or quoted UDP: the ports match (the payload is the probe's to check).
 */
int pp__cookie_check_tcp_ack(const struct pp__cookie_key *key, uint32_t src, uint32_t dst,
                             uint16_t sport, uint16_t dport, uint32_t ack);
int pp__cookie_check_tcp_seq(const struct pp__cookie_key *key, uint32_t src, uint32_t dst,
                             uint16_t sport, uint16_t dport, uint32_t seq);
int pp__cookie_check_udp(const struct pp__cookie_key *key, uint32_t src, uint32_t dst,
                         uint16_t sport, uint16_t dport);

#endif
