/*
 * The classifier (see classify.h), nmap's and RFC 792's reading of replies:
 *
 *   TCP SYN-ACK                        open      syn-ack
 *   TCP RST (ack = our seq + 1)        closed    rst
 *   ICMP unreachable 0,1,2,3,9,10,13   filtered  icmp-unreach-N (13: admin-prohibited)
 *   UDP datagram the probe validates   open      udp-response
 *   ICMP port unreachable (UDP)        closed    icmp-port-unreach
 *   ICMP unreachable 0,1,2,9,10,13     filtered  icmp-unreach-N
 *
 * IPv6: the same, ICMPv6 destination unreachable (type 1) judged as ICMP's
 * codes (pp__icmp6_code) and named by pp__icmp6_unreach: 1 ->
 * icmp-admin-prohibited, 4 -> icmp-port-unreach, 0, 2, 3, 5, 6 ->
 * icmp6-unreach-N (filtered).
 *
 * Silence is the engine's to judge (filtered / open|filtered, no-response).
 */
#include "config.h"

#include <string.h>

#include "classify.h"
#include "pp_portset.h"
#include "pp_result.h"

void
pp__udp_ctx(const struct pp__match *m, const struct pp__udp_port *up, uint32_t dst,
            unsigned attempt, struct pp_probe_ctx *ctx)
{
	pp__udp_ctx_from(m, up, m->src, dst, attempt, ctx);
}

void
pp__udp_ctx_from(const struct pp__match *m, const struct pp__udp_port *up, uint32_t src,
                 uint32_t dst, unsigned attempt, struct pp_probe_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->cookie = pp__cookie(&m->key, PP_PROTO_UDP, src, dst, up->port);
	ctx->src = src;
	ctx->dst = dst;
	ctx->sport = pp__cookie_sport(&m->key, ctx->cookie);
	ctx->dport = up->port;
	ctx->attempt = attempt;
	ctx->custom = up->custom;
	ctx->snmp_community = m->snmp_community ? m->snmp_community : "public";
	if (m->v6) {
		/* The IPv6 address src is the folded identity of (-S list). */
		int i = m->srcs6 != NULL ? pp__match_src(m, src) : -1;
		ctx->src6 = i >= 0 ? m->srcs6[i] : m->src6;
	}
}

int
pp__match_src(const struct pp__match *m, uint32_t addr)
{
	uint32_t i;

	if (m->nsrc == 0)
		return addr == m->src ? 0 : -1;
	for (i = 0; i < m->nsrc; i++)
		if (m->srcs[i] == addr)
			return (int)i;
	return -1;
}

int
pp__filtering_code(unsigned code)
{
	return code <= 3 || code == 9 || code == 10 || code == 13;
}

static const struct pp__udp_port *
udp_port(const struct pp__match *m, uint16_t port)
{
	uint32_t i;

	if (m->udp_index == NULL || (i = m->udp_index[port]) == 0 || i > m->nudp)
		return NULL;
	return &m->udp[i - 1];
}

static int
validate(const struct pp__match *m, const struct pp__udp_port *up, uint32_t us, uint32_t target,
         const uint8_t *p, size_t len)
{
	struct pp_probe_ctx ctx;

	if (up->probe->validate == NULL)
		return 1;
	pp__udp_ctx_from(m, up, us, target, 0, &ctx);
	return up->probe->validate(&ctx, p, len) == 1;
}

static int
classify_udp(const struct pp__match *m, const struct pp__pkt *pk, struct pp__reply *out)
{
	const struct pp__udp_port *up = udp_port(m, pk->u.udp.sport);
	size_t i;

	out->proto = PP_PROTO_UDP;
	out->addr = pk->src;
	out->state = PP_STATE_OPEN;
	out->reason = PP_REASON_UDP_RESPONSE;
	if (up != NULL &&
	    pp__cookie_check_udp(&m->key, pk->dst, pk->src, pk->u.udp.dport, up->port)) {
		if (!validate(m, up, pk->dst, pk->src, pk->u.udp.payload, pk->u.udp.len))
			return 0;
		out->port = up->port;
		out->probe = up->probe;
		return 1;
	}
	/* TFTP answers from a new port: match our port, the cookie it carries. */
	for (i = 0; i < m->nudp; i++) {
		up = &m->udp[i];
		if (!(up->probe->flags & PP_PROBE_ANY_SPORT))
			continue;
		if (pp__cookie_check_udp(&m->key, pk->dst, pk->src, pk->u.udp.dport, up->port) &&
		    validate(m, up, pk->dst, pk->src, pk->u.udp.payload, pk->u.udp.len)) {
			out->port = up->port;
			out->probe = up->probe;
			return 1;
		}
	}
	return 0;
}

static int
classify_icmp(const struct pp__match *m, const struct pp__pkt *pk, struct pp__reply *out)
{
	unsigned code = pk->u.icmp.code;
	int us;

	/* The quoted probe is ours, from the address the error came to. */
	if (pk->u.icmp.type != 3 || !pk->u.icmp.quoted || pk->u.icmp.qsrc != pk->dst ||
	    (us = pp__match_src(m, pk->u.icmp.qsrc)) < 0)
		return 0;
	out->src = (uint8_t)us;
	out->addr = pk->u.icmp.qdst;
	out->port = pk->u.icmp.qdport;
	out->code = (uint8_t)code;
	out->reason = PP_REASON_ICMP_UNREACH;
	if (pk->u.icmp.qproto == 6) {
		int t = pp__cookie_check_tcp_seq(&m->key, pk->u.icmp.qsrc, pk->u.icmp.qdst,
		                                 pk->u.icmp.qsport, pk->u.icmp.qdport,
		                                 pk->u.icmp.qseq);
		if (t == 0 || !pp__filtering_code(code))
			return 0;
		out->attempt = (int16_t)(t - 1);
		out->proto = PP_PROTO_TCP;
		out->state = PP_STATE_FILTERED;
		return 1;
	}
	if (pk->u.icmp.qproto == 17) {
		if (udp_port(m, pk->u.icmp.qdport) == NULL ||
		    !pp__cookie_check_udp(&m->key, pk->u.icmp.qsrc, pk->u.icmp.qdst,
		                          pk->u.icmp.qsport, pk->u.icmp.qdport) ||
		    !pp__filtering_code(code))
			return 0;
		out->proto = PP_PROTO_UDP;
		out->state = code == 3 ? PP_STATE_CLOSED : PP_STATE_FILTERED;
		return 1;
	}
	return 0;
}

unsigned
pp__icmp6_code(unsigned code)
{
	static const uint8_t v4[] = {0, 13, 1, 1, 3, 13, 13};

	return code < sizeof(v4) ? v4[code] : 255;
}

int
pp__icmp6_unreach(unsigned code, unsigned proto, struct pp__reply *out)
{
	unsigned v4 = pp__icmp6_code(code);

	if (!pp__filtering_code(v4))
		return 0;
	out->proto = (uint8_t)proto;
	out->state = proto == PP_PROTO_UDP && v4 == 3 ? PP_STATE_CLOSED : PP_STATE_FILTERED;
	if (code == 1 || code == 4) {
		out->reason = PP_REASON_ICMP_UNREACH;
		out->code = (uint8_t)v4;
	} else {
		out->reason = PP_REASON_ICMP6_UNREACH;
		out->code = (uint8_t)code;
	}
	return 1;
}

static int classify4(const struct pp__match *m, const struct pp__pkt *pk, struct pp__reply *out);

/* addr's cookie identity: a target's from the scan's table, the fold of
 * anyone else's (a SipHash, the answer's costliest step). */
static uint32_t
fold6(const struct pp__match *m, const uint8_t addr[16])
{
	int64_t h;

	if (m->id6 != NULL && (h = pp__targets_index6(m->targets, addr)) >= 0)
		return m->id6[(uint64_t)h - m->targets->count4];
	return pp__cookie_fold6(&m->key, addr);
}

/*
 * An IPv6 answer: ours when it came to our address; then the IPv4 rules on
 * a copy with the addresses folded to their cookie identities and ICMPv6's
 * unreachable read as ICMP's.  The target's full address goes in out->addr6.
 */
/* The index of IPv6 address a among ours, or -1. */
static int
match_src6(const struct pp__match *m, const uint8_t a[16])
{
	uint32_t i;

	if (m->srcs6 == NULL || m->nsrc == 0)
		return memcmp(a, m->src6, 16) == 0 ? 0 : -1;
	for (i = 0; i < m->nsrc; i++)
		if (memcmp(a, m->srcs6[i], 16) == 0)
			return (int)i;
	return -1;
}

static int
classify6(const struct pp__match *m, const struct pp__pkt *pk, struct pp__reply *out)
{
	struct pp__pkt q;
	int i;

	if (!m->v6 || (i = match_src6(m, pk->dst6)) < 0)
		return 0;
	q = *pk;
	q.family = 4;
	q.dst = m->srcs != NULL && m->nsrc > 0 ? m->srcs[i] : m->src;
	q.src = fold6(m, pk->src6);
	if (pk->proto == 58) {
		/* The error quotes our probe from the address it came to. */
		if (pk->u.icmp.type != 1 || !pk->u.icmp.quoted ||
		    memcmp(pk->u.icmp.qsrc6, pk->dst6, 16) != 0)
			return 0;
		q.proto = 1;
		q.u.icmp.type = 3;
		q.u.icmp.code = (uint8_t)pp__icmp6_code(pk->u.icmp.code);
		q.u.icmp.qsrc = q.dst;
		q.u.icmp.qdst = fold6(m, pk->u.icmp.qdst6);
	} else if (pk->proto == 1) {
		return 0;
	}
	if (!classify4(m, &q, out))
		return 0;
	/* Judged as ICMP's code, named by ICMPv6's own. */
	if (pk->proto == 58 && !pp__icmp6_unreach(pk->u.icmp.code, out->proto, out))
		return 0;
	out->v6 = 1;
	memcpy(out->addr6, pk->proto == 58 ? pk->u.icmp.qdst6 : pk->src6, 16);
	return 1;
}

int
pp__classify(const struct pp__match *m, const struct pp__pkt *pk, struct pp__reply *out)
{
	if (pk->family == 6)
		return classify6(m, pk, out);
	if (m->v6)
		return 0;
	return classify4(m, pk, out);
}

static int
classify4(const struct pp__match *m, const struct pp__pkt *pk, struct pp__reply *out)
{
	uint8_t f;
	int t;

	memset(out, 0, sizeof(*out));
	out->ttl = pk->ttl;
	out->attempt = -1;
	if ((t = pp__match_src(m, pk->dst)) < 0)
		return 0;
	out->src = (uint8_t)t;
	switch (pk->proto) {
	case 6:
		f = pk->u.tcp.flags;
		if (!(f & PP__TCP_ACK) ||
		    (t = pp__cookie_check_tcp_ack(&m->key, pk->dst, pk->src, pk->u.tcp.dport,
		                                  pk->u.tcp.sport, pk->u.tcp.ack)) == 0)
			return 0;
		out->attempt = (int16_t)(t - 1);
		out->proto = PP_PROTO_TCP;
		out->addr = pk->src;
		out->port = pk->u.tcp.sport;
		if (f & PP__TCP_RST) {
			out->state = PP_STATE_CLOSED;
			out->reason = PP_REASON_RST;
			return 1;
		}
		if (f & PP__TCP_SYN) {
			out->state = PP_STATE_OPEN;
			out->reason = PP_REASON_SYN_ACK;
			return 1;
		}
		return 0;
	case 17:
		return classify_udp(m, pk, out);
	case 1:
		return classify_icmp(m, pk, out);
	}
	return 0;
}
