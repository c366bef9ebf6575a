/*
 * The classifier: from a parsed reply to a port state, after the cookie check.
 * A reply that is not an answer to one of our probes (wrong cookie, wrong ports,
 * an ICMP error quoting someone else's packet, an uninformative ICMP code) is
 * rejected: counted and dropped, never classified.
 */
#ifndef PP_CLASSIFY_H
#define PP_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "cookie.h"
#include "packet.h"
#include "pp_probe.h"
#include "targets.h"

/* Source addresses one scan sends from, at most (-S list or range). */
#define PP__SRC_MAX 64

/* What the engine sends to one UDP port of the scan. */
struct pp__udp_port {
	uint16_t port;
	const struct pp_probe *probe;         /* never NULL */
	const struct pp_probe_custom *custom; /* --udp-payload, or NULL */
};

struct pp__match {
	struct pp__cookie_key key;
	uint32_t src; /* our (first) address, host byte order */
	/* All of our addresses (-S with several): answers to any of them are ours. */
	const uint32_t *srcs;
	uint32_t nsrc;
	/* An IPv6 scan: our first address, its folded identity in src
	 * (pp__cookie_fold6), and all of them (srcs6[i] folds to srcs[i]);
	 * answers of the other family are not ours. */
	int v6;
	uint8_t src6[16];
	const uint8_t (*srcs6)[16];
	/* The targets' folded identities, once a host (pp__scan_timing_init):
	 * id6[i] of IPv6 host targets->count4 + i; NULL: fold each time. */
	const pp__targets *targets;
	const uint32_t *id6;
	/* UDP ports of the scan: udp_index[port] is 1 + the index in udp[], 0 if the
	 * port is not scanned; NULL when the scan has no UDP. */
	const uint32_t *udp_index;
	const struct pp__udp_port *udp;
	size_t nudp;
	const char *snmp_community;
};

/* A classified answer, as the collector hands it to the engine. */
struct pp__reply {
	uint32_t addr;     /* the target (IPv4) */
	uint8_t addr6[16]; /* the target (IPv6: v6) */
	uint8_t v6;
	uint16_t port; /* the target's port */
	uint8_t proto; /* enum pp_proto */
	uint8_t state, reason, code, ttl;
	uint8_t src;                  /* the index of our address it came to */
	int16_t attempt;              /* TCP: the try it answers (0: the first); UDP: -1, unknown */
	const struct pp_probe *probe; /* UDP: the probe that recognized it */
	uint64_t ts_us;               /* when it was read (set by the collector) */
};

/* 1 if an ICMP unreachable of this code says a port is filtered (or, 3,
 * closed); the others (fragmentation needed, ...) say nothing of the port. */
int pp__filtering_code(unsigned code);

/* ICMPv6 destination unreachable codes (RFC 4443) as the ICMP unreachable
 * codes the IPv4 rules judge by (RFC 792, 1812): 0 no route -> 0 net, 1 admin
 * prohibited, 5 source address failed policy, 6 reject route -> 13 admin
 * prohibited, 2 beyond scope, 3 address -> 1 host, 4 port -> 3 port. */
unsigned pp__icmp6_code(unsigned code);

/* The one reading of an ICMPv6 destination unreachable of code (RFC 4443)
 * answering a probe of proto (PP_PROTO_TCP, PP_PROTO_UDP), for the raw
 * classifier and the connect method alike: 1 with out->state, reason and
 * code set, 0 for a code that says nothing of the port (7, 8, unknown).
 * Admin prohibited (1) reads as IPv4's icmp-admin-prohibited (reason
 * PP_REASON_ICMP_UNREACH, code 13) and port unreachable (4) as its
 * icmp-port-unreach (code 3: closed for UDP); the others (0 no route, 2
 * beyond scope, 3 address, 5 failed policy, 6 reject route) are filtered,
 * PP_REASON_ICMP6_UNREACH with the ICMPv6 code: "icmp6-unreach-N". */
int pp__icmp6_unreach(unsigned code, unsigned proto, struct pp__reply *out);

/* 1 and *out filled when pk answers one of our probes; 0 when it is rejected. */
int pp__classify(const struct pp__match *m, const struct pp__pkt *pk, struct pp__reply *out);

/* The probe context of the UDP probe to (dst, port) from our first address. */
void pp__udp_ctx(const struct pp__match *m, const struct pp__udp_port *up, uint32_t dst,
                 unsigned attempt, struct pp_probe_ctx *ctx);
/* The same, from our address src. */
void pp__udp_ctx_from(const struct pp__match *m, const struct pp__udp_port *up, uint32_t src,
                      uint32_t dst, unsigned attempt, struct pp_probe_ctx *ctx);
/* The index of addr among our addresses, or -1. */
int pp__match_src(const struct pp__match *m, uint32_t addr);

#endif
