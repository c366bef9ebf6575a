/*
 * H.323 RAS probe, ITU-T H.225.0 (the RasMessage of module H323-MESSAGES), in
 * the ALIGNED variant of PER (ITU-T X.691) that H.225.0 prescribes: a
 * GatekeeperRequest (GRQ) for any gatekeeper, requestSeqNum from the scan cookie.
 * A gatekeeper answers GatekeeperConfirm (GCF) or GatekeeperReject (GRJ), both
 * echoing requestSeqNum; so does any RAS entity that answers at all (XRS,
 * unknownMessageResponse; RIP, requestInProgress).  nmap has no RAS probe.
 *
 * The GRQ we send, field by field, with PER's bits and alignment (20 octets):
 *
 *   bits  RasMessage CHOICE: extension bit 0, index 0 of 25 (5 bits) = GRQ
 *         GatekeeperRequest SEQUENCE: extension bit 0, 4 OPTIONAL-field bits 0000
 *         (nonStandardData, gatekeeperIdentifier, callServices, endpointAlias)
 *   +--------+--------+--------+--------+--------+----------------------------+
 *   |00000000|000.....| requestSeqNum-1 |  06    | 00 08 91 4A 00 04          |
 *   +--------+--------+--------+--------+--------+----------------------------+
 *      0        1      2..3 (INTEGER      4 len   5..10 protocolIdentifier OID
 *                      1..65535, aligned)         {0 0 8 2250 0 4}: H.225.0 v4
 *   +--------+-----------------+--------+--------+--------+
 *   |0000....| ip (4)          | port(2)|00000010|0000....|
 *   +--------+-----------------+--------+--------+--------+
 *      11      12..15            16..17    18       19
 *   rasAddress TransportAddress      endpointType EndpointType: extension 0,
 *   CHOICE: ext 0, index 0 of 7      6 OPTIONAL bits 000001 (terminal only),
 *   (ipAddress, 3 bits), then the    mc 0, undefinedNode 0, then TerminalInfo:
 *   SEQUENCE { ip OCTET STRING (4),  extension 0, nonStandardData absent; the
 *   port INTEGER (0..65535) }        last octet padded with zeros
 *
 * rasAddress is where the gatekeeper sends its answer, so it is our own address
 * and source port, not the target's.
 *
 * Every RAS reply we accept starts with requestSeqNum as the first field of its
 * SEQUENCE, so it sits after the CHOICE (1 + 5 bits), the SEQUENCE's extension
 * bit and its root OPTIONAL bits, aligned to the next octet.  The number of
 * OPTIONAL bits per message type is from H.225.0's ASN.1 (2009 edition, whose
 * root components are those of every edition since v1).
 */
#include "config.h"

#include <string.h>

#include "pp_error.h"
#include "pp_probe.h"
#include "probes.h"

#define RAS_GRQ_LEN 20
#define RAS_NROOT   25 /* root alternatives of RasMessage */

/* {itu-t(0) recommendation(0) h(8) h225-0(2250) version(0) 4}, BER contents. */
static const uint8_t h225_oid_prefix[] = {0x00, 0x08, 0x91, 0x4a, 0x00};

/*
 * Root OPTIONAL bits of each reply type, -1 for the requests (a device that sends
 * us a request is not answering ours) and for infoRequestResponse (IRR), whose
 * requestSeqNum is not its first field.  has_oid: the reply's second field is
 * protocolIdentifier, checked too.
 */
static const struct {
	signed char nopt;
	unsigned char has_oid;
} ras_reply[RAS_NROOT] = {
        [0] = {-1, 0},  /* gatekeeperRequest */
        [1] = {2, 1},   /* gatekeeperConfirm: nonStandardData, gatekeeperIdentifier */
        [2] = {2, 1},   /* gatekeeperReject: nonStandardData, gatekeeperIdentifier */
        [3] = {-1, 0},  /* registrationRequest */
        [4] = {3, 1},   /* registrationConfirm: nonStd, terminalAlias, gkIdentifier */
        [5] = {2, 1},   /* registrationReject: nonStandardData, gatekeeperIdentifier */
        [6] = {-1, 0},  /* unregistrationRequest */
        [7] = {1, 0},   /* unregistrationConfirm: nonStandardData */
        [8] = {1, 0},   /* unregistrationReject */
        [9] = {-1, 0},  /* admissionRequest */
        [10] = {2, 0},  /* admissionConfirm: irrFrequency, nonStandardData */
        [11] = {1, 0},  /* admissionReject */
        [12] = {-1, 0}, /* bandwidthRequest */
        [13] = {1, 0},  /* bandwidthConfirm */
        [14] = {1, 0},  /* bandwidthReject */
        [15] = {-1, 0}, /* disengageRequest */
        [16] = {1, 0},  /* disengageConfirm */
        [17] = {1, 0},  /* disengageReject */
        [18] = {-1, 0}, /* locationRequest */
        [19] = {1, 0},  /* locationConfirm */
        [20] = {1, 0},  /* locationReject */
        [21] = {-1, 0}, /* infoRequest */
        [22] = {-1, 0}, /* infoRequestResponse */
        [23] = {0, 0},  /* nonStandardMessage */
        [24] = {0, 0},  /* unknownMessageResponse (XRS) */
};

/* RequestSeqNum ::= INTEGER (1..65535): never 0. */
static uint16_t
ras_seqnum(uint64_t cookie)
{
	return (uint16_t)(cookie % 65535 + 1);
}

static int
ras_build(const struct pp_probe_ctx *c, uint8_t *buf, size_t len)
{
	if (len < RAS_GRQ_LEN)
		return PP_ETRUNC;
	memset(buf, 0, RAS_GRQ_LEN);
	/* Octets 0-1: the CHOICE index and the SEQUENCE preamble are all zero bits. */
	pp__put16(buf + 2, (uint16_t)(ras_seqnum(c->cookie) - 1));
	buf[4] = 6;
	memcpy(buf + 5, h225_oid_prefix, sizeof(h225_oid_prefix));
	buf[10] = 4; /* version 4 (H.225.0 2000): what gatekeepers still expect most */
	buf[11] = 0; /* TransportAddress: ipAddress */
	pp__put32(buf + 12, c->src);
	pp__put16(buf + 16, c->sport);
	buf[18] = 0x02; /* EndpointType: terminal present, mc FALSE */
	buf[19] = 0x00; /* undefinedNode FALSE, TerminalInfo empty */
	return RAS_GRQ_LEN;
}

/* protocolIdentifier at p[0..len): a length octet, then an H.225.0 OID. */
static int
ras_oid_ok(const uint8_t *p, size_t len)
{
	if (len < 1 || p[0] < sizeof(h225_oid_prefix) + 1 || p[0] > 16 || len - 1 < p[0])
		return 0;
	return memcmp(p + 1, h225_oid_prefix, sizeof(h225_oid_prefix)) == 0;
}

/* The requestSeqNum after a SEQUENCE preamble of 1 + nopt bits that starts at bit
 * `bit` of p; the octets after it go to *rest. */
static int
ras_seq_at(const uint8_t *p, size_t len, unsigned bit, unsigned nopt, uint16_t *seq, size_t *rest)
{
	size_t off = (bit + 1 + nopt + 7) / 8;

	if (len < off + 2)
		return 0;
	*seq = (uint16_t)(pp__get16(p + off) + 1);
	*rest = off + 2;
	return 1;
}

static int
ras_validate(const struct pp_probe_ctx *c, const uint8_t *p, size_t len)
{
	uint16_t want = ras_seqnum(c->cookie), seq;
	unsigned idx;
	size_t rest, olen;

	if (len < 3)
		return 0;
	if (p[0] & 0x80) {
		/*
		 * An extension alternative: a normally small number (bit 0, then 6 bits of
		 * index), then an open type (an aligned length octet and the encoding).
		 * Index 0 is requestInProgress: SEQUENCE { requestSeqNum, 3 OPTIONAL
		 * fields, ... }.
		 */
		if ((p[0] & 0x7f) != 0 || p[1] & 0x80)
			return 0;
		olen = p[1];
		if (olen > len - 2 || !ras_seq_at(p + 2, olen, 0, 3, &seq, &rest))
			return 0;
		return seq == want;
	}
	idx = (p[0] >> 2) & 0x1f;
	if (idx >= RAS_NROOT || ras_reply[idx].nopt < 0)
		return 0;
	if (!ras_seq_at(p, len, 6, (unsigned)ras_reply[idx].nopt, &seq, &rest) || seq != want)
		return 0;
	return !ras_reply[idx].has_oid || ras_oid_ok(p + rest, len - rest);
}

const struct pp_probe pp__probe_ras = {
        .name = "ras",
        .ports = "1718-1719",
        .service = "H.323 RAS",
        .build = ras_build,
        .validate = ras_validate,
};
