/*
 * The reply parser (see packet.h; IPv6 in packet6.c).  One cursor type
 * (cursor.h), whose accessors fail instead of reading past the end, and one
 * `invalid:` exit per parser, as tcpdump's extract.h does.  The layouts followed:
 *
 *   IPv4 (RFC 791)                       TCP (RFC 9293), first 14 bytes
 *   0       8       16      24      32   0               16              32
 *   +-------+-------+---------------+    +---------------+---------------+
 *   |Ver|IHL|  TOS  |  Total length |    |  Source port  |   Dest port   |
 *   |  Identification |Flg| Fragment |    |        Sequence number        |
 *   |  TTL  | Proto |   Checksum    |    |     Acknowledgment number     |
 *   |         Source address        |    | Off |  Flags  |  ...          |
 *   |      Destination address      |
 *
 *   UDP (RFC 768): sport, dport, length, checksum (2 bytes each), payload.
 *   ICMP (RFC 792): type, code, checksum, 4 unused bytes, then for errors the
 *   quoted IP header and at least the first 8 bytes of its payload.
 *
 * Checksums (RFC 1071) are verified on what arrived: the IP header's, then the
 * TCP, UDP (unless 0: none) or ICMP one.  A packet corrupted on the way (a SYN-ACK
 * whose flags turned into an RST) must not change a port's state, so one that
 * fails is rejected like any other junk.  One exception: a TCP or UDP checksum
 * field that holds only the pseudo-header sum is what Linux leaves in a packet
 * whose checksum it offloaded, and a capture sees it that way when the sender is
 * on the same machine (a veth, a bridge to a container, a virtio guest): it is
 * taken as valid, as the receiving stack itself does.  The quoted header of an
 * ICMP error is not checked: routers rewrite it (TTL) and may quote it cut.
 */
#include "config.h"

#include <string.h>

#include "build.h"
#include "cursor.h"
#include "packet.h"
#include "pp_error.h"

/* The network protocol an Ethernet type names: 4, 6, or PP_ENOTSUP. */
static int
ethertype(uint16_t type)
{
	return type == 0x0800 ? 4 : type == 0x86dd ? 6 : PP_ENOTSUP;
}

/* Link layer: leaves the cursor at the IP header; returns its version (4 or
 * 6) or an error. */
static int
parse_link(int dlt, struct pp__cur *c)
{
	uint16_t type;
	uint8_t v;

	switch (dlt) {
	case PP__DLT_EN10MB:
		if (pp__cur_get16(c, 12, &type) < 0)
			return PP_ETRUNC;
		if (type == 0x8100) { /* one VLAN tag */
			if (pp__cur_get16(c, 16, &type) < 0)
				return PP_ETRUNC;
			if (pp__cur_skip(c, 4) < 0)
				return PP_ETRUNC;
		}
		return pp__cur_skip(c, 14) < 0 ? PP_ETRUNC : ethertype(type);
	case PP__DLT_LINUX_SLL:
		if (pp__cur_get16(c, 14, &type) < 0)
			return PP_ETRUNC;
		return pp__cur_skip(c, 16) < 0 ? PP_ETRUNC : ethertype(type);
	case PP__DLT_LINUX_SLL2:
		if (pp__cur_get16(c, 0, &type) < 0)
			return PP_ETRUNC;
		return pp__cur_skip(c, 20) < 0 ? PP_ETRUNC : ethertype(type);
	case PP__DLT_RAW:
	case PP__DLT_RAW_ALT:
		if (pp__cur_get8(c, 0, &v) < 0)
			return PP_ETRUNC;
		return (v >> 4) == 6 ? 6 : 4;
	}
	return PP_ENOTSUP;
}

/*
 * An IPv4 header at c: fills the addresses, protocol and TTL, and leaves the
 * cursor at the payload, cut to the total length (quoted: the length may exceed
 * what was quoted; keep what is there).
 */
static int
parse_ip(struct pp__cur *c, int quoted, uint32_t *src, uint32_t *dst, uint8_t *proto, uint8_t *ttl)
{
	uint8_t vihl;
	uint16_t total, frag;
	size_t hl;

	if (pp__cur_get8(c, 0, &vihl) < 0 || pp__cur_get16(c, 2, &total) < 0 ||
	    pp__cur_get16(c, 6, &frag) < 0 || pp__cur_get8(c, 8, ttl) < 0 ||
	    pp__cur_get8(c, 9, proto) < 0 || pp__cur_get32(c, 12, src) < 0 ||
	    pp__cur_get32(c, 16, dst) < 0)
		return PP_ETRUNC;
	hl = (size_t)(vihl & 0x0f) * 4;
	if ((vihl >> 4) != 4 || hl < 20 || total < hl)
		return PP_EINVAL;
	if ((frag & 0x1fff) != 0) /* not the first fragment: no L4 header */
		return PP_ENOTSUP;
	if (!quoted) {
		if (total > c->len)
			return PP_ETRUNC;
		c->len = total; /* drop Ethernet padding */
		/* hl <= total: the header is all there */
		if (pp__csum_fold(pp__csum_add(0, c->p, hl)) != 0xffff)
			return PP_EINVAL;
	}
	if (pp__cur_skip(c, hl) < 0)
		return PP_ETRUNC;
	if (quoted && c->len > (size_t)total - hl)
		c->len = (size_t)total - hl;
	return 0;
}

static int
parse_icmp(struct pp__cur *c, struct pp__pkt *pk)
{
	struct pp__cur q;
	uint8_t ttl;

	if (pp__cur_get8(c, 0, &pk->u.icmp.type) < 0 || pp__cur_get8(c, 1, &pk->u.icmp.code) < 0)
		return PP_ETRUNC;
	pk->u.icmp.quoted = 0;
	if (pk->u.icmp.type != 3 && pk->u.icmp.type != 11 && pk->u.icmp.type != 12)
		return 0;
	q = *c;
	if (pp__cur_skip(&q, 8) < 0)
		return PP_ETRUNC;
	if (parse_ip(&q, 1, &pk->u.icmp.qsrc, &pk->u.icmp.qdst, &pk->u.icmp.qproto, &ttl) < 0)
		return PP_EINVAL;
	/* RFC 792: at least 64 bits of the original datagram. */
	return pp__pkt_quoted_l4(&q, pk);
}

/* The sum of the pseudo-header (RFC 9293 3.1, RFC 768, RFC 8200 8.1). */
static uint32_t
pseudo_sum(const struct pp__pkt *pk, size_t len)
{
	if (pk->family == 6)
		return pp__pseudo6_sum(pk->src6, pk->dst6, pk->proto, len);
	return (pk->src >> 16) + (pk->src & 0xffff) + (pk->dst >> 16) + (pk->dst & 0xffff) +
	       pk->proto + (uint32_t)len;
}

/*
 * 1 if the len bytes of a TCP segment or UDP datagram at p check out: the sum of
 * pseudo-header and data is 0xffff, or the field (at off) holds only the
 * pseudo-header sum (a sender's offload, see above; 0 and 0xffff are the same
 * number in ones' complement).
 */
static int
l4_sum_ok(const struct pp__pkt *pk, const uint8_t *p, size_t len, size_t off)
{
	uint16_t field = (uint16_t)(p[off] << 8 | p[off + 1]);
	uint16_t partial = pp__csum_fold(pseudo_sum(pk, len));

	if (pp__csum_fold(pseudo_sum(pk, len) + pp__csum_add(0, p, len)) == 0xffff)
		return 1;
	return field == partial || (field == 0 && partial == 0xffff) ||
	       (field == 0xffff && partial == 0);
}

int
pp__pkt_parse(int dlt, const uint8_t *data, size_t len, struct pp__pkt *pk)
{
	struct pp__cur c = {data, len};
	uint8_t off;
	uint16_t ulen;
	int rc;

	memset(pk, 0, sizeof(*pk));
	if ((rc = parse_link(dlt, &c)) < 0)
		return rc;
	pk->family = (uint8_t)rc;
	if (pk->family == 6)
		rc = pp__ip6_parse(&c, 0, pk->src6, pk->dst6, &pk->proto, &pk->ttl);
	else
		rc = parse_ip(&c, 0, &pk->src, &pk->dst, &pk->proto, &pk->ttl);
	if (rc < 0)
		return rc;
	switch (pk->proto) {
	case 6:
		if (pp__cur_get16(&c, 0, &pk->u.tcp.sport) < 0 ||
		    pp__cur_get16(&c, 2, &pk->u.tcp.dport) < 0 ||
		    pp__cur_get32(&c, 4, &pk->u.tcp.seq) < 0 ||
		    pp__cur_get32(&c, 8, &pk->u.tcp.ack) < 0 || pp__cur_get8(&c, 12, &off) < 0 ||
		    pp__cur_get8(&c, 13, &pk->u.tcp.flags) < 0)
			goto invalid;
		if ((off >> 4) < 5 || (size_t)(off >> 4) * 4 > c.len)
			goto invalid;
		if (!l4_sum_ok(pk, c.p, c.len, 16))
			return PP_EINVAL;
		return 0;
	case 17:
		if (pp__cur_get16(&c, 0, &pk->u.udp.sport) < 0 ||
		    pp__cur_get16(&c, 2, &pk->u.udp.dport) < 0 || pp__cur_get16(&c, 4, &ulen) < 0)
			goto invalid;
		if (ulen < 8 || ulen > c.len)
			goto invalid;
		/* 0: no checksum, which IPv6 does not allow (RFC 8200 8.1). */
		if ((c.p[6] | c.p[7]) == 0 ? pk->family == 6 : !l4_sum_ok(pk, c.p, ulen, 6))
			return PP_EINVAL;
		pk->u.udp.payload = c.p + 8;
		pk->u.udp.len = (size_t)ulen - 8;
		return 0;
	case 1:
		if (pk->family != 4)
			return PP_ENOTSUP;
		if (c.len >= 4 && pp__csum_fold(pp__csum_add(0, c.p, c.len)) != 0xffff)
			return PP_EINVAL;
		return parse_icmp(&c, pk);
	case 58: /* ICMPv6: its checksum covers the pseudo-header too */
		if (pk->family != 6)
			return PP_ENOTSUP;
		if (c.len < 4)
			return PP_ETRUNC;
		if (pp__csum_fold(pseudo_sum(pk, c.len) + pp__csum_add(0, c.p, c.len)) != 0xffff)
			return PP_EINVAL;
		return pp__icmp6_parse(&c, pk);
	}
	return PP_ENOTSUP;
invalid:
	return c.len < 20 ? PP_ETRUNC : PP_EINVAL;
}
