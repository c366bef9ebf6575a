/*
 * IPv6 and ICMPv6 for the reply parser (packet.h).  The layouts followed:
 *
 *   IPv6 (RFC 8200), 40 bytes               an extension header
 *   0       8       16      24      32      0       8       16
 *   +---+---+-------+---------------+       +-------+-------+-----
 *   |Ver| TC|    Flow label         |       | Next  |  Len  | ...
 *   | Payload length|  Next | Hop   |       +-------+-------+-----
 *   |  Source address (16 bytes)    |       Len: 8-byte units after the
 *   |  Destination address (16)     |       first 8 (AH: 4-byte units, + 2)
 *
 *   Fragment header: next, 0, offset (13 bits) << 3 | M, identification.
 *   ICMPv6 (RFC 4443): type, code, checksum, 4 bytes, then for errors
 *   (types 1 to 4) as much of the invoking packet as fits.
 *
 * IPv6 has no header checksum; the upper layer's covers a pseudo-header of both
 * addresses (packet.c checks it).  A quoted packet is taken as far as it goes:
 * a router quotes what fits in the minimum MTU, and it need not be checked.
 */
#include "config.h"

#include "cursor.h"
#include "packet.h"
#include "pp_error.h"

#define EXT_MAX 8 /* extension headers followed, at most (RFC 8200 orders six) */

int
pp__ip6_parse(struct pp__cur *c, int quoted, uint8_t src[16], uint8_t dst[16], uint8_t *nh,
              uint8_t *hlim)
{
	uint8_t v, len8;
	uint16_t plen, frag;
	size_t n;
	int i;

	if (pp__cur_get8(c, 0, &v) < 0 || pp__cur_get16(c, 4, &plen) < 0 ||
	    pp__cur_get8(c, 6, nh) < 0 || pp__cur_get8(c, 7, hlim) < 0 ||
	    pp__cur_getn(c, 8, src, 16) < 0 || pp__cur_getn(c, 24, dst, 16) < 0)
		return PP_ETRUNC;
	if ((v >> 4) != 6)
		return PP_EINVAL;
	if (pp__cur_skip(c, 40) < 0)
		return PP_ETRUNC;
	if (!quoted) {
		/* A jumbogram (payload length 0, RFC 2675) is not a reply to us. */
		if (plen == 0)
			return PP_ENOTSUP;
		if (plen > c->len)
			return PP_ETRUNC;
		c->len = plen; /* drop Ethernet padding */
	} else if (c->len > plen) {
		c->len = plen;
	}
	for (i = 0; i < EXT_MAX; i++) {
		switch (*nh) {
		case 0:  /* hop-by-hop options */
		case 43: /* routing */
		case 60: /* destination options */
			if (pp__cur_get8(c, 1, &len8) < 0)
				return PP_ETRUNC;
			n = ((size_t)len8 + 1) * 8;
			break;
		case 51: /* authentication header */
			if (pp__cur_get8(c, 1, &len8) < 0)
				return PP_ETRUNC;
			n = ((size_t)len8 + 2) * 4;
			break;
		case 44: /* fragment */
			if (pp__cur_get16(c, 2, &frag) < 0)
				return PP_ETRUNC;
			if ((frag >> 3) != 0) /* not the first fragment: no upper header */
				return PP_ENOTSUP;
			n = 8;
			break;
		default:
			return 0;
		}
		if (pp__cur_get8(c, 0, nh) < 0 || pp__cur_skip(c, n) < 0)
			return PP_ETRUNC;
	}
	return PP_ENOTSUP; /* a chain that long is not a reply to a probe */
}

int
pp__icmp6_parse(struct pp__cur *c, struct pp__pkt *pk)
{
	struct pp__cur q;
	uint8_t hlim;
	int rc;

	if (pp__cur_get8(c, 0, &pk->u.icmp.type) < 0 || pp__cur_get8(c, 1, &pk->u.icmp.code) < 0)
		return PP_ETRUNC;
	pk->u.icmp.quoted = 0;
	/* Errors: destination unreachable, packet too big, time exceeded,
	 * parameter problem. */
	if (pk->u.icmp.type < 1 || pk->u.icmp.type > 4)
		return 0;
	q = *c;
	if (pp__cur_skip(&q, 8) < 0)
		return PP_ETRUNC;
	rc = pp__ip6_parse(&q, 1, pk->u.icmp.qsrc6, pk->u.icmp.qdst6, &pk->u.icmp.qproto, &hlim);
	if (rc < 0)
		return rc == PP_ETRUNC ? PP_ETRUNC : PP_EINVAL;
	if (pp__cur_get16(&q, 0, &pk->u.icmp.qsport) < 0 ||
	    pp__cur_get16(&q, 2, &pk->u.icmp.qdport) < 0)
		return PP_ETRUNC;
	pk->u.icmp.qseq = 0;
	if (pk->u.icmp.qproto == 6 && pp__cur_get32(&q, 4, &pk->u.icmp.qseq) < 0)
		return PP_ETRUNC;
	pk->u.icmp.quoted = 1;
	return 0;
}
