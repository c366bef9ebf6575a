/*
 * The reply parser: Ethernet, Linux cooked (SLL and SLL2), raw IPv4, then TCP,
 * UDP and ICMP (with the quoted header of an ICMP error).  Every byte is read
 * through a bounds-checked cursor, so no input, however short or malformed, is
 * read past its length (tests/fuzz feeds it random bytes).
 */
#ifndef PP_PACKET_H
#define PP_PACKET_H

#include <stddef.h>
#include <stdint.h>

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
	uint32_t src, dst; /* IPv4, host byte order */
	uint8_t proto, ttl;
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
			/* The quoted datagram of an error (type 3, 11, 12): */
			int quoted;
			uint32_t qsrc, qdst;
			uint8_t qproto;
			uint16_t qsport, qdport;
			uint32_t qseq; /* TCP only */
		} icmp;
	} u;
};

/* Parse one captured frame; 0, or PP_ETRUNC / PP_EINVAL / PP_ENOTSUP. */
int pp__pkt_parse(int dlt, const uint8_t *data, size_t len, struct pp__pkt *out);

#endif
