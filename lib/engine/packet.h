/*
 * The reply parser: Ethernet, Linux cooked (SLL and SLL2), raw IP, then IPv4 or
 * IPv6 (its extension headers skipped, packet6.c), then TCP, UDP, ICMP or ICMPv6
 * (with the quoted header of an error).  Every byte is read
 * through a bounds-checked cursor, so no input, however short or malformed, is
 * read past its length (tests/fuzz feeds it random bytes).
 */
#ifndef PP_PACKET_H
#define PP_PACKET_H

#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "pp_error.h"

/* Link types we accept (pcap DLT values). */
#define PP__DLT_EN10MB     1
#define PP__DLT_RAW        12
#define PP__DLT_LINUX_SLL  113
#define PP__DLT_RAW_ALT    101 /* LINKTYPE_RAW */
#define PP__DLT_LINUX_SLL2 276

#define PP__TCP_FIN 0x01
#define PP__TCP_SYN 0x02
#define PP__TCP_RST 0x04
#define PP__TCP_ACK 0x10

struct pp__pkt {
	uint8_t family;             /* 4 or 6 */
	uint32_t src, dst;          /* IPv4, host byte order */
	uint8_t src6[16], dst6[16]; /* IPv6 */
	uint8_t proto, ttl;         /* IPv6: the upper layer's next header, hop limit */
	union {
		struct {
			uint16_t sport, dport;
			uint32_t seq, ack;
			uint8_t flags;
		} tcp;
		struct {
			uint16_t sport, dport;
			const uint8_t *payload; /* points into the packet */
			size_t len;
		} udp;
		struct {
			uint8_t type, code;
			/* The quoted datagram of an error (ICMP type 3, 11, 12;
			 * ICMPv6 1 to 4): */
			int quoted;
			uint32_t qsrc, qdst;          /* IPv4 */
			uint8_t qsrc6[16], qdst6[16]; /* IPv6 */
			uint8_t qproto;
			uint16_t qsport, qdport;
			uint32_t qseq; /* TCP only */
		} icmp;
	} u;
};

/* Parse one captured frame; 0, or PP_ETRUNC / PP_EINVAL / PP_ENOTSUP. */
int pp__pkt_parse(int dlt, const uint8_t *data, size_t len, struct pp__pkt *out);

/* An IPv6 header and its extension headers at c (packet6.c): the addresses,
 * the upper layer's protocol and the hop limit; leaves c at the upper layer,
 * cut to the payload length (quoted: to what of it was quoted). */
int pp__ip6_parse(struct pp__cur *c, int quoted, uint8_t src[16], uint8_t dst[16], uint8_t *nh,
                  uint8_t *hlim);
/* The ports (and a TCP sequence number) of the datagram an ICMP or ICMPv6 error
 * quotes, its IP header passed (q), into pk->u.icmp, marked quoted.  Inline:
 * packet.c and packet6.c both use it, and packet.c calls into packet6.c. */
static inline int
pp__pkt_quoted_l4(const struct pp__cur *q, struct pp__pkt *pk)
{
	if (pp__cur_get16(q, 0, &pk->u.icmp.qsport) < 0 ||
	    pp__cur_get16(q, 2, &pk->u.icmp.qdport) < 0)
		return PP_ETRUNC;
	pk->u.icmp.qseq = 0;
	if (pk->u.icmp.qproto == 6 && pp__cur_get32(q, 4, &pk->u.icmp.qseq) < 0)
		return PP_ETRUNC;
	pk->u.icmp.quoted = 1;
	return 0;
}
/* An ICMPv6 message at c (its checksum checked by the caller); an error's
 * quoted datagram into pk->u.icmp. */
int pp__icmp6_parse(struct pp__cur *c, struct pp__pkt *pk);

#endif
