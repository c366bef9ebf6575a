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
 * and source port, not the target's.  Over IPv6 it is the ip6Address
 * alternative (32 octets in all):
 *
 *   +--------+--------------------------+--------+--------+--------+
 *   |0011 0..| ip (16)                  | port(2)|00000010|0000....|
 *   +--------+--------------------------+--------+--------+--------+
 *      11      12..27                     28..29    30       31
 *   TransportAddress CHOICE: ext 0, index 3 of 7 (ip6Address), then its
 *   SEQUENCE { ip OCTET STRING (16), port INTEGER (0..65535), ... }: extension
 *   bit 0, aligned; endpointType as above.
 *
 * Every RAS reply we accept starts with requestSeqNum as the first field of its
 * SEQUENCE, so it sits after the CHOICE (1 + 5 bits), the SEQUENCE's extension
 * bit and its root OPTIONAL bits, aligned to the next octet.  The number of
 * OPTIONAL bits per message type is from H.225.0's ASN.1 (2009 edition, whose
 * root components are those of every edition since v1).  The encodings here
 * were checked against Wireshark's H.225.0 dissector (tshark decodes our GRQ,
 * and the GCF, GRJ, XRS and RIP of check_probes, field by field).
 */
#include "config.h"

#include <string.h>

#include "per.h"
#include "pp_error.h"
#include "pp_probe.h"
#include "probes.h"

#define RAS_GRQ_LEN  20
#define RAS_GRQ6_LEN 32
#define RAS_NROOT    25 /* root alternatives of RasMessage */
#define RAS_GCF      1
#define RAS_GRJ      2
#define RAS_XRS      24

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
	size_t n = c->src6 != NULL ? RAS_GRQ6_LEN : RAS_GRQ_LEN;

	if (len < n)
		return PP_ETRUNC;
	memset(buf, 0, n);
	/* Octets 0-1: the CHOICE index and the SEQUENCE preamble are all zero bits. */
	pp__put16(buf + 2, (uint16_t)(ras_seqnum(c->cookie) - 1));
	buf[4] = 6;
	memcpy(buf + 5, h225_oid_prefix, sizeof(h225_oid_prefix));
	buf[10] = 4; /* version 4 (H.225.0 2000): what gatekeepers still expect most */
	if (c->src6 != NULL) {
		buf[11] = 0x30; /* TransportAddress: ip6Address, its extension bit 0 */
		memcpy(buf + 12, c->src6, 16);
		pp__put16(buf + 28, c->sport);
	} else {
		buf[11] = 0; /* TransportAddress: ipAddress */
		pp__put32(buf + 12, c->src);
		pp__put16(buf + 16, c->sport);
	}
	buf[n - 2] = 0x02; /* EndpointType: terminal present, mc FALSE */
	buf[n - 1] = 0x00; /* undefinedNode FALSE, TerminalInfo empty */
	return (int)n;
}

/* protocolIdentifier: a length determinant, then an H.225.0 OID. */
static void
ras_oid(struct pp__per *r)
{
	size_t n = pp__per_length(r);
	const uint8_t *q = pp__per_octets(r, n);

	if (q != NULL && (n <= sizeof(h225_oid_prefix) ||
	                  memcmp(q, h225_oid_prefix, sizeof(h225_oid_prefix)) != 0))
		r->bad = 1;
}

/* NonStandardParameter ::= SEQUENCE { nonStandardIdentifier CHOICE { object OID,
 * h221NonStandard SEQUENCE {...}, ... }, data OCTET STRING } */
static void
ras_nonstandard(struct pp__per *r)
{
	unsigned ext;

	if (pp__per_bits(r, 1)) {
		pp__per_small(r);
		pp__per_skip_open(r);
	} else if (pp__per_bits(r, 1) == 0) {
		pp__per_octets(r, pp__per_length(r)); /* object: an OID's contents */
	} else {
		/* t35CountryCode, t35Extension (0..255), manufacturerCode (0..65535) */
		ext = pp__per_bits(r, 1);
		pp__per_octets(r, 4);
		if (ext)
			pp__per_skip_extensions(r);
	}
	pp__per_octets(r, pp__per_length(r)); /* data */
}

/* TransportAddress: the 7 root alternatives of H.225.0, or an extension. */
static void
ras_transport(struct pp__per *r)
{
	unsigned ext, n;

	if (pp__per_bits(r, 1)) {
		pp__per_small(r);
		pp__per_skip_open(r);
		return;
	}
	switch (pp__per_bits(r, 3)) {
	case 0: /* ipAddress { ip OCTET STRING (4), port INTEGER (0..65535) } */
		pp__per_octets(r, 6);
		break;
	case 1: /* ipSourceRoute { ip, port, route SEQUENCE OF ip, routing CHOICE, ... } */
		ext = pp__per_bits(r, 1);
		pp__per_octets(r, 6);
		n = (unsigned)pp__per_length(r);
		pp__per_octets(r, 4 * (size_t)n);
		if (pp__per_bits(r, 1)) {
			pp__per_small(r);
			pp__per_skip_open(r);
		} else {
			pp__per_bits(r, 1);
		}
		if (ext)
			pp__per_skip_extensions(r);
		break;
	case 2: /* ipxAddress { node (6), netnum (4), port (2, not aligned) } */
		pp__per_octets(r, 10);
		pp__per_bits(r, 16);
		break;
	case 3: /* ip6Address { ip OCTET STRING (16), port, ... } */
		ext = pp__per_bits(r, 1);
		pp__per_octets(r, 18);
		if (ext)
			pp__per_skip_extensions(r);
		break;
	case 4: /* netBios OCTET STRING (16) */
		pp__per_octets(r, 16);
		break;
	case 5: /* nsap OCTET STRING (SIZE (1..20)) */
		pp__per_octets(r, pp__per_bits(r, 5) + 1u);
		break;
	case 6:
		ras_nonstandard(r);
		break;
	default:
		r->bad = 1;
	}
}

/*
 * GCF, GRJ and XRS, the answers a GRQ gets, are read to their end (root
 * components, then the extension additions as open types), so a reply cut at any
 * octet is rejected; for the other reply types the requestSeqNum and, where it
 * follows, the protocolIdentifier are checked.
 */
static int
ras_root(const uint8_t *p, size_t len, uint16_t want)
{
	struct pp__per r;
	unsigned idx, ext, nopt, i, opt[3] = {0, 0, 0};
	const uint8_t *q;

	pp__per_init(&r, p, len);
	pp__per_bits(&r, 1); /* 0: a root alternative (the caller checked) */
	idx = pp__per_bits(&r, 5);
	if (idx >= RAS_NROOT || ras_reply[idx].nopt < 0)
		return 0;
	nopt = (unsigned)ras_reply[idx].nopt;
	ext = pp__per_bits(&r, 1);
	for (i = 0; i < nopt; i++) {
		unsigned b = pp__per_bits(&r, 1);
		if (i < 3)
			opt[i] = b;
	}
	if ((q = pp__per_octets(&r, 2)) == NULL || (uint16_t)(pp__get16(q) + 1) != want)
		return 0;
	if (ras_reply[idx].has_oid)
		ras_oid(&r);
	switch (idx) {
	case RAS_GCF:
	case RAS_GRJ:
		if (opt[0])
			ras_nonstandard(&r);
		if (opt[1]) /* gatekeeperIdentifier BMPString (SIZE (1..128)) */
			pp__per_octets(&r, 2 * (pp__per_bits(&r, 7) + (size_t)1));
		if (idx == RAS_GCF) {
			ras_transport(&r);        /* rasAddress */
		} else if (pp__per_bits(&r, 1)) { /* rejectReason */
			pp__per_small(&r);
			pp__per_skip_open(&r);
		} else {
			pp__per_bits(&r, 2);
		}
		break;
	case RAS_XRS:
		break;
	default:
		return !r.bad;
	}
	if (ext)
		pp__per_skip_extensions(&r);
	return !r.bad;
}

static int
ras_validate(const struct pp_probe_ctx *c, const uint8_t *p, size_t len)
{
	uint16_t want = ras_seqnum(c->cookie);
	struct pp__per r;
	const uint8_t *q;
	size_t n;

	if (len < 1)
		return 0;
	if (!(p[0] & 0x80))
		return ras_root(p, len, want);
	/*
	 * An extension alternative: a normally small index, then an open type.  Index
	 * 0 is requestInProgress: SEQUENCE { requestSeqNum, 3 OPTIONAL fields, ...};
	 * the open type's length bounds it, and its requestSeqNum must be ours.
	 */
	pp__per_init(&r, p, len);
	pp__per_bits(&r, 1);
	if (pp__per_small(&r) != 0)
		return 0;
	n = pp__per_length(&r);
	if ((q = pp__per_octets(&r, n)) == NULL || n < 3)
		return 0;
	return (uint16_t)(pp__get16(q + 1) + 1) == want;
}

const struct pp_probe pp__probe_ras = {
        .name = "ras",
        .ports = "1718-1719",
        .service = "H.323 RAS",
        .build = ras_build,
        .validate = ras_validate,
};
