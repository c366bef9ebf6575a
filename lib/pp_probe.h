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

/* What a probe knows of the one datagram it builds or checks. */
struct pp_probe_ctx {
	uint64_t cookie;   /* keyed SipHash of (proto, src, dst, dport): per probe */
	uint32_t src, dst; /* IPv4, host byte order */
	uint16_t sport, dport;
	unsigned attempt;           /* 0 first send, 1.. retransmissions (SNMP falls back to v1) */
	const char *snmp_community; /* "public" unless --snmp-community */
};

struct pp_probe {
	const char *name;    /* "sip", "snmp", "ntp", "dns", "stun", "tftp", "ras", "empty" */
	const char *ports;   /* default ports, -p syntax without prefixes; NULL for none */
	const char *service; /* short service string for reports ("SNMP v2c") */
	/* Payload into buf; returns its length, or a negative PP_E* code. */
	int (*build)(const struct pp_probe_ctx *c, uint8_t *buf, size_t len);
	/* 1 if payload p is a reply to the probe described by c, else 0.  Must be safe
	 * on any bytes (it is fuzzed). */
	int (*validate)(const struct pp_probe_ctx *c, const uint8_t *p, size_t len);
};

/* The registry; NULL-terminated array, and look-ups. */
const struct pp_probe *const *pp_probes(void);
const struct pp_probe *pp_probe_find(const char *name);
/* The probe whose default ports include port; the empty probe if none does. */
const struct pp_probe *pp_probe_for_port(unsigned port);

#endif
