/*
 * The listener check (lib/check): after the probe phase, a short TCP connection
 * to the open ports of a result, from the unprivileged process, to learn what
 * each one speaks.  The check reads what the server says first, then speaks the
 * protocol the caller names (TLS via OpenSSL, HTTP, RTSP and SIP OPTIONS, SIP over
 * TLS) or, where none is named, asks as HTTP; it writes "seen" and "seen_detail"
 * into the port results, and flags a host whose SYN-ACKs came from a device on
 * the path (a SYN proxy: the handshake completes and is reset at once).
 *
 * Bounded: at most `concurrency` connections at once, `timeout_ms` per
 * connection, `budget_ms` for the whole check (ports left when it runs out read
 * "none", "not checked: out of time").  The check knows nothing of profiles: the
 * caller says per port what is expected (an audit: its profiles' "speaks").
 */
#ifndef PP_CHECK_H
#define PP_CHECK_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "pp_result.h"

struct pp_check_opts {
	unsigned concurrency; /* connections at once; 0 = 64 */
	unsigned timeout_ms;  /* one connection, greeting to answer; 0 = 1000 */
	unsigned budget_ms;   /* the whole check; 0 = 5000 */
	unsigned unexpected;  /* per host, open ports nobody expects that are checked; 0 = 8 */
	uint32_t source;      /* the source address to bind (IPv4, host order); 0: the route's */
	/* Whether the caller expects tcp/port of addr: non-zero,
	 * with *speaks a protocol of pp_speaks_known or NULL (a listener of no named
	 * protocol); 0 for a port nobody expects.  NULL: every port unexpected. */
	int (*expect)(void *arg, const struct pp_addr *addr, unsigned port, const char **speaks);
	void *arg;
};

struct pp_check_stats {
	unsigned checked;     /* ports connected to (or tried) */
	unsigned skipped;     /* open ports left out: unexpected beyond the bound */
	unsigned middleboxes; /* hosts flagged */
	uint64_t elapsed_us;
};

/*
 * Check the open TCP ports of r: every expected one, and up to o->unexpected
 * others per host.  Fills seen, seen_detail (and cert_days) of the ports it
 * checked, and middlebox / middlebox_ports of the hosts whose answers came
 * from a SYN proxy.  Stops early, with what it has, when *stop becomes
 * non-zero.  0, or PP_ENOMEM / PP_ENET (no TLS context, no poll) with err.
 */
int pp_check_run(struct pp_result *r, const struct pp_check_opts *o,
                 const volatile sig_atomic_t *stop, struct pp_check_stats *st, char *err,
                 size_t errlen);

/*
 * The protocol the first bytes a server sent belong to: "tls", "http", "rtsp",
 * "sip", "ssh", "mysql", "redis", "smtp", "ftp", "unknown", or "none" for no
 * bytes; detail gets a version or the first line, printable, cut to dlen.
 * Safe on any bytes (fuzzed: tests/fuzz/fuzz_check.c).
 */
const char *pp_check_recognise(const uint8_t *buf, size_t len, char *detail, size_t dlen);

#endif
