/*
 * DNS probe, RFC 1035 (section 4.1): a query for "version.bind" class CH type TXT
 * (the name BIND and dnsmasq answer with their version; a server that keeps it
 * to itself answers REFUSED or NOTIMP), with the low 16 bits of the scan
 * cookie as the message id.  Any response counts, whatever its rcode: NOERROR,
 * REFUSED and NOTIMP all prove a DNS server is there.
 *
 *    0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 *   +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *   |                   ID  <- cookie                |
 *   |QR|   Opcode  |AA|TC|RD|RA|   Z    |   RCODE   |
 *   |                    QDCOUNT = 1                 |
 *   |                    ANCOUNT = 0                 |
 *   |                    NSCOUNT = 0                 |
 *   |                    ARCOUNT = 0                 |
 *   +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *   | QNAME 7"version"4"bind"0 | QTYPE 16 | QCLASS 3 |
 *   +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *
 * The id holds only 16 bits, so a reply that repeats the question (as almost all
 * do) must repeat ours; one that drops it (qdcount 0, as some FORMERR answers do)
 * is judged on the id and the header alone.  The records that follow are walked
 * to their end (names, fixed fields, rdata lengths), so a cut reply is rejected.
 */
#include "config.h"

#include <string.h>

#include "pp_error.h"
#include "pp_probe.h"
#include "probes.h"

#define DNS_HDR       12
#define DNS_QR        0x80 /* in byte 2 */
#define DNS_OPCODE(b) (((b) >> 3) & 0xf)

static const uint8_t dns_question[] = {
        7, 'v', 'e', 'r', 's', 'i', 'o', 'n', 4, 'b', 'i', 'n', 'd', 0, 0, 16, /* TXT */
        0, 3,                                                                  /* CH */
};

static int
dns_build(const struct pp_probe_ctx *c, uint8_t *buf, size_t len)
{
	if (len < DNS_HDR + sizeof(dns_question))
		return PP_ETRUNC;
	memset(buf, 0, DNS_HDR);
	pp__put16(buf, (uint16_t)c->cookie);
	pp__put16(buf + 4, 1); /* QDCOUNT; flags 0: a standard query, no recursion */
	memcpy(buf + DNS_HDR, dns_question, sizeof(dns_question));
	return (int)(DNS_HDR + sizeof(dns_question));
}

/* ASCII case-insensitive comparison: servers may change the case of a name. */
static int
dns_same_question(const uint8_t *q, size_t len)
{
	size_t i;
	uint8_t a, b;

	if (len < sizeof(dns_question))
		return 0;
	for (i = 0; i < sizeof(dns_question); i++) {
		a = q[i];
		b = dns_question[i];
		if (a >= 'A' && a <= 'Z')
			a = (uint8_t)(a - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return 1;
}

/* The offset just past a (maybe compressed) name at p[off..len), or 0. */
static size_t
dns_skip_name(const uint8_t *p, size_t len, size_t off)
{
	while (off < len) {
		uint8_t l = p[off];
		if ((l & 0xc0) == 0xc0)
			return off + 2 <= len ? off + 2 : 0; /* a pointer ends the name */
		if (l & 0xc0)
			return 0; /* the reserved label types */
		if (l == 0)
			return off + 1;
		off += 1 + (size_t)l;
	}
	return 0;
}

static int
dns_validate(const struct pp_probe_ctx *c, const uint8_t *p, size_t len)
{
	size_t off = DNS_HDR, nrr;

	if (len < DNS_HDR)
		return 0;
	if (pp__get16(p) != (uint16_t)c->cookie || !(p[2] & DNS_QR) || DNS_OPCODE(p[2]) != 0)
		return 0;
	switch (pp__get16(p + 4)) {
	case 0:
		break;
	case 1:
		if (!dns_same_question(p + DNS_HDR, len - DNS_HDR))
			return 0;
		off += sizeof(dns_question);
		break;
	default:
		return 0;
	}
	/* Every record the counts announce must be there: a cut reply is no reply. */
	nrr = (size_t)pp__get16(p + 6) + pp__get16(p + 8) + pp__get16(p + 10);
	for (; nrr > 0; nrr--) {
		if ((off = dns_skip_name(p, len, off)) == 0 || len - off < 10)
			return 0;
		if ((size_t)pp__get16(p + off + 8) > len - off - 10)
			return 0;
		off += 10 + pp__get16(p + off + 8);
	}
	return 1;
}

const struct pp_probe pp__probe_dns = {
        .name = "dns",
        .ports = "53",
        .service = "DNS",
        .build = dns_build,
        .validate = dns_validate,
};
