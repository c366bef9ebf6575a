/*
 * UDP protocol probes: one const struct per protocol in lib/probes/, found by name
 * or by port in a static registry.  A probe builds its payload with the scan's
 * cookie in the protocol's own id field (DNS id, SNMP request-id, SIP branch, STUN
 * transaction id, NTP transmit time, ...) and checks that a reply carries it back,
 * so a stray datagram is never taken for an answer.
 */
#ifndef PP_PROBE_H
#define PP_PROBE_H

#include <stddef.h>
#include <stdint.h>

struct pp_probe_custom;

/* What a probe knows of the one datagram it builds or checks. */
struct pp_probe_ctx {
	uint64_t cookie;   /* keyed SipHash of (proto, src, dst, dport): per probe */
	uint32_t src, dst; /* IPv4, host byte order */
	/* An IPv6 probe: the addresses (dst6 NULL when only checking a reply);
	 * src and dst are then the engine's folded identities, not addresses. */
	const uint8_t *src6, *dst6;
	uint16_t sport, dport;
	unsigned attempt;           /* 0 first send, 1.. retransmissions (SNMP falls back to v1) */
	const char *snmp_community; /* "public" unless --snmp-community */
	/* The --udp-payload probe being sent or checked, if any (see below); NULL for
	 * every registry probe. */
	const struct pp_probe_custom *custom;
};

/*
 * flags of a probe.  PP_PROBE_ANY_SPORT: the server answers from another source
 * port than the one probed (TFTP: each transfer gets a new ephemeral port), so the
 * engine must take a reply from any port of the target to our source port, find
 * the probe by our source port and the cookie (not by the reply's source port),
 * and then call validate().  Such a reply carries no id of ours in its payload:
 * the cookie in our source port is the whole check.
 */
#define PP_PROBE_ANY_SPORT 0x1u

struct pp_probe {
	const char *name;    /* "sip", "snmp", "ntp", "dns", "stun", "tftp", "ras", "empty" */
	const char *ports;   /* default ports, -p syntax without prefixes; NULL for none */
	const char *service; /* short service string for reports ("SNMP v2c") */
	/* Payload into buf; returns its length, or a negative PP_E* code. */
	int (*build)(const struct pp_probe_ctx *c, uint8_t *buf, size_t len);
	/* 1 if payload p is a reply to the probe described by c, else 0.  Must be safe
	 * on any bytes (it is fuzzed). */
	int (*validate)(const struct pp_probe_ctx *c, const uint8_t *p, size_t len);
	unsigned flags; /* PP_PROBE_* */
};

/* The registry; NULL-terminated array, and look-ups. */
const struct pp_probe *const *pp_probes(void);
const struct pp_probe *pp_probe_find(const char *name);
/* The probe whose default ports include port; the empty probe if none does. */
const struct pp_probe *pp_probe_for_port(unsigned port);
/* The probe for a port a profile names with a service name ("snmp" on 16100,
 * "ras" on 1820): the probe of that name if there is one, else the port's. */
const struct pp_probe *pp_probe_for_service(const char *name, unsigned port);

/*
 * --udp-payload PORT:HEX: a fixed payload for one port, in place of the registry's
 * probe there.  The caller holds an array of them (no globals); the engine picks
 * one with pp_probe_custom_find(), sends with &cp->probe and sets ctx->custom = cp
 * for build and validate.  The payload has no id field of ours, so any reply from
 * that port to our (cookie-carrying) source port is taken, as nmap does.  The
 * struct holds no pointer into itself: it may be copied and realloc'd.
 */
#define PP_PROBE_CUSTOM_MAX 1400
struct pp_probe_custom {
	struct pp_probe probe; /* name "custom", ports NULL */
	uint16_t port;
	uint16_t len;
	uint8_t payload[PP_PROBE_CUSTOM_MAX];
};

/* Parses "PORT:HEX" ("161:302602", hex digits in pairs, optional "0x", spaces or
 * colons not allowed inside); on error PP_ESYNTAX or PP_ERANGE with err naming the
 * bad part. */
int pp_probe_custom_parse(const char *arg, struct pp_probe_custom *out, char *err, size_t errlen);
/* The last of list[0..n) for port (a later --udp-payload wins), or NULL. */
const struct pp_probe_custom *pp_probe_custom_find(const struct pp_probe_custom *list, size_t n,
                                                   unsigned port);

#endif
