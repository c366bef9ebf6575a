/*
 * SNMP probe, RFC 3416 PDUs in the community-based message of RFC 1901 (v2c) and
 * RFC 1157 (v1): a GetRequest for sysDescr.0 (1.3.6.1.2.1.1.1.0, the one object
 * every agent has) with --snmp-community ("public" unless set) and the scan
 * cookie as request-id.  The first send is v2c; retransmissions (attempt >= 1)
 * fall back to v1 for agents that speak only v1.  An agent that does not know the
 * community stays silent (RFC 3584 section 4.1): that is open|filtered, not a
 * failure of ours.
 *
 *   Message ::= SEQUENCE {                          30 LL
 *       version    INTEGER (1 = v2c, 0 = v1),       02 01 01
 *       community  OCTET STRING,                    04 LL "public"
 *       data       GetRequest-PDU [0] {             A0 LL
 *           request-id    INTEGER,  <- cookie       02 LL ...
 *           error-status  INTEGER 0,                02 01 00
 *           error-index   INTEGER 0,                02 01 00
 *           variable-bindings SEQUENCE OF {         30 LL
 *               SEQUENCE { name OID, value NULL }   30 LL 06 08 2B 06 01 02 01 01 01 00 05 00
 *   } } }
 *
 * A reply is a message of version 0 or 1 (a late answer to either attempt),
 * with our community, carrying a GetResponse [2] (A2) or Report [8] (A8) PDU with
 * our request-id, parsed strictly to its end.
 */
#include "config.h"

#include <string.h>

#include "ber.h"
#include "pp_error.h"
#include "pp_probe.h"
#include "probes.h"

#define SNMP_V1            0
#define SNMP_V2C           1
#define SNMP_PDU_GET       0xa0
#define SNMP_PDU_RESPONSE  0xa2
#define SNMP_PDU_REPORT    0xa8
#define SNMP_COMMUNITY_MAX 255

static const uint8_t sysdescr_oid[] = {0x2b, 6, 1, 2, 1, 1, 1, 0};

/* 31 bits of the cookie: positive, since some agents mishandle negative ids. */
static int64_t
snmp_request_id(uint64_t cookie)
{
	return (int64_t)(cookie & 0x7fffffff);
}

static const char *
snmp_community(const struct pp_probe_ctx *c)
{
	return c->snmp_community != NULL ? c->snmp_community : "public";
}

static int
snmp_build(const struct pp_probe_ctx *c, uint8_t *buf, size_t len)
{
	const char *community = snmp_community(c);
	size_t clen = strlen(community);
	struct pp__berw w;
	size_t msg, pdu, vbl, vb;

	if (clen > SNMP_COMMUNITY_MAX)
		return PP_ERANGE;
	pp__berw_init(&w, buf, len);
	msg = pp__berw_mark(&w);
	pdu = pp__berw_mark(&w);
	vbl = pp__berw_mark(&w);
	vb = pp__berw_mark(&w);
	pp__berw_prim(&w, BER_NULL, NULL, 0);
	pp__berw_prim(&w, BER_OID, sysdescr_oid, sizeof(sysdescr_oid));
	pp__berw_wrap(&w, BER_SEQUENCE, vb);
	pp__berw_wrap(&w, BER_SEQUENCE, vbl);
	pp__berw_int(&w, 0); /* error-index */
	pp__berw_int(&w, 0); /* error-status */
	pp__berw_int(&w, snmp_request_id(c->cookie));
	pp__berw_wrap(&w, SNMP_PDU_GET, pdu);
	pp__berw_prim(&w, BER_OCTETS, community, clen);
	pp__berw_int(&w, c->attempt >= 1 ? SNMP_V1 : SNMP_V2C);
	pp__berw_wrap(&w, BER_SEQUENCE, msg);
	return pp__berw_finish(&w);
}

/* variable-bindings: SEQUENCE OF SEQUENCE { OID, any value }, nothing else. */
static int
snmp_varbinds_ok(struct pp__ber *vbl)
{
	struct pp__ber vb, name, value;
	uint8_t tag;

	while (!pp__ber_done(vbl)) {
		if (pp__ber_expect(vbl, BER_SEQUENCE, &vb) < 0 ||
		    pp__ber_expect(&vb, BER_OID, &name) < 0 || name.len == 0 ||
		    pp__ber_next(&vb, &tag, &value) < 0 || !pp__ber_done(&vb))
			return 0;
	}
	return 1;
}

static int
snmp_validate(const struct pp_probe_ctx *c, const uint8_t *p, size_t len)
{
	const char *community = snmp_community(c);
	struct pp__ber all, msg, f, pdu, vbl;
	int64_t v;
	uint8_t tag;

	pp__ber_init(&all, p, len);
	if (pp__ber_expect(&all, BER_SEQUENCE, &msg) < 0 || !pp__ber_done(&all))
		return 0;
	if (pp__ber_expect(&msg, BER_INTEGER, &f) < 0 || pp__ber_int(&f, &v) < 0 ||
	    (v != SNMP_V1 && v != SNMP_V2C))
		return 0;
	if (pp__ber_expect(&msg, BER_OCTETS, &f) < 0 || f.len != strlen(community) ||
	    memcmp(f.p, community, f.len) != 0)
		return 0;
	if (pp__ber_next(&msg, &tag, &pdu) < 0 || !pp__ber_done(&msg) ||
	    (tag != SNMP_PDU_RESPONSE && tag != SNMP_PDU_REPORT))
		return 0;
	if (pp__ber_expect(&pdu, BER_INTEGER, &f) < 0 || pp__ber_int(&f, &v) < 0 ||
	    v != snmp_request_id(c->cookie))
		return 0;
	/* error-status, error-index, then the bindings, and nothing after them. */
	if (pp__ber_expect(&pdu, BER_INTEGER, &f) < 0 || pp__ber_int(&f, &v) < 0 ||
	    pp__ber_expect(&pdu, BER_INTEGER, &f) < 0 || pp__ber_int(&f, &v) < 0 ||
	    pp__ber_expect(&pdu, BER_SEQUENCE, &vbl) < 0 || !pp__ber_done(&pdu))
		return 0;
	return snmp_varbinds_ok(&vbl);
}

const struct pp_probe pp__probe_snmp = {
        .name = "snmp",
        .ports = "161",
        .service = "SNMP",
        .build = snmp_build,
        .validate = snmp_validate,
};
