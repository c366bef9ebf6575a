/*
 * STUN probe, RFC 5389 (section 6): a Binding request with no attributes, the
 * fixed magic cookie, and a 96-bit transaction id made from the scan cookie.  A
 * STUN server (coturn, a TURN relay, a TelePresence traversal server) answers a
 * Binding success response with XOR-MAPPED-ADDRESS, or an error response; either
 * echoes the transaction id and proves a STUN server is there.  Default ports
 * 3478 and 3479: servers commonly run the RFC 5780 alternate port next to the main
 * one, and nmap misses the second.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |0 0|     STUN Message Type     |         Message Length        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                   Magic Cookie = 0x2112A442                   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                Transaction ID (96 bits)                       |
 *   |      = scan cookie (64) || mix(scan cookie) (32)              |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Type 0x0001 is a Binding request, 0x0101 a success response, 0x0111 an error
 * response.  The length counts the attributes after the 20-byte header and is a
 * multiple of 4.
 */
#include "config.h"

#include <string.h>

#include "pp_error.h"
#include "pp_probe.h"
#include "probes.h"

#define STUN_HDR           20
#define STUN_MAGIC         0x2112A442u
#define STUN_BINDING_REQ   0x0001
#define STUN_BINDING_OK    0x0101
#define STUN_BINDING_ERROR 0x0111
#define STUN_TXID_SALT     0x5354554eull /* "STUN" */

static void
stun_txid(uint64_t cookie, uint8_t txid[12])
{
	pp__put64(txid, cookie);
	pp__put32(txid + 8, (uint32_t)pp__probe_mix(cookie, STUN_TXID_SALT));
}

static int
stun_build(const struct pp_probe_ctx *c, uint8_t *buf, size_t len)
{
	if (len < STUN_HDR)
		return PP_ETRUNC;
	pp__put16(buf, STUN_BINDING_REQ);
	pp__put16(buf + 2, 0);
	pp__put32(buf + 4, STUN_MAGIC);
	stun_txid(c->cookie, buf + 8);
	return STUN_HDR;
}

static int
stun_validate(const struct pp_probe_ctx *c, const uint8_t *p, size_t len)
{
	uint8_t txid[12];
	uint16_t type, mlen;

	if (len < STUN_HDR)
		return 0;
	type = pp__get16(p);
	mlen = pp__get16(p + 2);
	if (type != STUN_BINDING_OK && type != STUN_BINDING_ERROR)
		return 0;
	if (pp__get32(p + 4) != STUN_MAGIC || mlen % 4 != 0 || (size_t)mlen > len - STUN_HDR)
		return 0;
	stun_txid(c->cookie, txid);
	return memcmp(p + 8, txid, sizeof(txid)) == 0;
}

const struct pp_probe pp__probe_stun = {
        .name = "stun",
        .ports = "3478,3479",
        .service = "STUN",
        .build = stun_build,
        .validate = stun_validate,
};
