/*
 * The result model (portproof-result/1): what a scan saw and, for an audit, how each
 * observation was judged.  Every reporter, `diff` and `merge` read this one model;
 * the engine and the scorer fill it.  See DESIGN.md "Result" and portproof-result(5).
 */
#ifndef PP_RESULT_H
#define PP_RESULT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "pp_addr.h"
#include "pp_portset.h" /* enum pp_proto, pp_proto_name */

#define PP_RESULT_SCHEMA "portproof-result/1"

enum pp_state {
	PP_STATE_UNKNOWN = 0, /* not probed */
	PP_STATE_OPEN,
	PP_STATE_CLOSED,
	PP_STATE_FILTERED,
	PP_STATE_OPEN_FILTERED, /* UDP, no answer */
};

enum pp_reason {
	PP_REASON_NONE = 0,
	PP_REASON_SYN_ACK,
	PP_REASON_RST,
	PP_REASON_UDP_RESPONSE,
	PP_REASON_ICMP_UNREACH, /* with icmp_code: 3 "icmp-port-unreach", 13
	                           "icmp-admin-prohibited", else "icmp-unreach-N"
	                           (ICMPv6's 4 and 1 too) */
	PP_REASON_NO_RESPONSE,
	/* An ICMPv6 destination unreachable other than admin prohibited (1) and
	 * port unreachable (4), which read as ICMP's 13 and 3: icmp_code is the
	 * ICMPv6 code, "icmp6-unreach-N". */
	PP_REASON_ICMP6_UNREACH,
};

/* An ICMP or ICMPv6 error said it (a router's or the target's). */
static inline int
pp_reason_is_icmp(unsigned reason)
{
	return reason == PP_REASON_ICMP_UNREACH || reason == PP_REASON_ICMP6_UNREACH;
}

enum pp_verdict {
	PP_VERDICT_NONE = 0, /* a plain scan: nothing to judge */
	PP_VERDICT_PASS,
	PP_VERDICT_MISSING,
	PP_VERDICT_BLOCKED,
	PP_VERDICT_EXPOSED,
	PP_VERDICT_UNFILTERED,
	PP_VERDICT_UNEXPECTED,
	PP_VERDICT_INCONCLUSIVE,
	PP_VERDICT_MISMATCH, /* open and expected, but not speaking the document's protocol */
	PP_VERDICT_COUNT
};

enum pp_severity {
	PP_SEV_NONE = 0,
	PP_SEV_INFO,
	PP_SEV_LOW,
	PP_SEV_MEDIUM,
	PP_SEV_HIGH,
};

/*
 * The requirement of the expectation a port was judged against: 0 none (a plain
 * scan, or a port no profile asks for), else the values of enum pp_requirement in
 * pp_profile.h, which this model does not include (the model knows no profiles).
 */
enum pp_result_req {
	PP_RREQ_NONE = 0,
	PP_RREQ_MANDATORY = 1,   /* PP_REQ_MANDATORY */
	PP_RREQ_RECOMMENDED = 2, /* PP_REQ_RECOMMENDED */
	PP_RREQ_OPTIONAL = 3,    /* PP_REQ_OPTIONAL */
};

/* scan.method: the engine that probed (raw sockets, or the unprivileged
 * connect / IP_RECVERR one); NONE when a result does not say. */
enum pp_scan_method {
	PP_METHOD_NONE = 0,
	PP_METHOD_RAW,
	PP_METHOD_CONNECT,
};
const char *pp_method_name(unsigned m); /* NULL for NONE or out of range */
int pp_method_parse(const char *s);     /* PP_METHOD_*, or -1 */

struct pp_port_result {
	uint8_t proto; /* enum pp_proto: PP_PROTO_TCP or PP_PROTO_UDP */
	uint16_t port;
	uint8_t state;     /* enum pp_state */
	uint8_t reason;    /* enum pp_reason */
	uint8_t icmp_code; /* for PP_REASON_ICMP_UNREACH, PP_REASON_ICMP6_UNREACH */
	uint8_t ttl;       /* TTL of the reply (nmap's reason_ttl), 0 if none */
	uint32_t rtt_us;   /* round trip of the answered probe, 0 if none */
	char *probe;       /* UDP: the protocol a validated reply spoke ("snmp"), or NULL */
	/* Audit only (NULL / NONE in a plain scan): */
	char *service;       /* the profile's service id */
	uint8_t verdict;     /* enum pp_verdict */
	uint8_t severity;    /* enum pp_severity */
	uint8_t requirement; /* enum pp_result_req; weights 3/2/1 let merge rescore */
	char *alternative;   /* the id of the alternatives group of service, or NULL */
	char *range;         /* a dynamic service's ports ("32768-61000") this samples, or NULL */
	char *ref;           /* the document row the profile cites */
	char *detail;        /* one line a network engineer can act on */
	/* The listener check (lib/check, NULL when the port was not checked): the
	 * protocol the server spoke ("tls", "http", ..., "unknown", "none"), what it
	 * said (a version, a banner line, a certificate), and for TLS the days to
	 * the certificate's expiry (has_cert_days). */
	char *seen;
	char *seen_detail;
	int has_cert_days;
	int32_t cert_days;
	/* The zone it was seen from, in a result `merge` joined from several vantages
	 * (one entry per proto, port and vantage); NULL: the result's scan.vantage. */
	char *vantage;
};

struct pp_host_result {
	struct pp_addr addr;          /* IPv4 or IPv6 */
	char *name, *profile, *role;  /* audit only; NULL in a plain scan */
	uint8_t other_tcp, other_udp; /* state of scanned ports not listed, PP_STATE_* */
	struct pp_port_result *ports; /* sorted by proto then port (pp_result_sort) */
	size_t nports, cap;
	int has_score;
	double score;
	/* A device on the path that answers for the host ("syn-proxy": a SYN proxy
	 * or SYN cookies), or NULL; middlebox_ports: the open ports it answered for
	 * that the listener check did not confirm (an audit drops them). */
	char *middlebox;
	uint32_t middlebox_ports;
};

/* A path the engine held under a limit it found (portproof-result(5) paced_by). */
struct pp_paced {
	char host[48]; /* the target's address, or "*": every host of the scan */
	uint64_t rate; /* probes a second at the end of the scan */
};

/* A zone the deployment lists that no joined result covers (summary.unverified). */
struct pp_unverified {
	char *vantage;
	size_t rows; /* the document rows (host, port) nobody checked from there */
};

struct pp_result {
	char *tool_version;
	time_t started, finished;
	int complete;
	uint64_t rate, sent, received;
	uint64_t rate_reached; /* the highest rate sent at (pps), 0 = not known */
	struct pp_paced *paced;
	size_t npaced;
	uint64_t rejected; /* of received: not an answer to a probe (junk), dropped */
	uint8_t method;    /* enum pp_scan_method: how the engine probed; NONE: not known */
	unsigned shard_k, shard_n;
	char **args;
	size_t nargs;
	char *deployment; /* audit only */
	char *vantage;    /* the zone the scan ran from, NULL if not known or several */
	char **vantages;  /* the zones the deployment lists, when more than one */
	size_t nvantages;
	struct pp_unverified *unverified; /* merge: listed zones no result covers */
	size_t nunverified;
	struct pp_host_result *hosts;
	size_t nhosts, cap;
	int has_score;
	double score;
	unsigned verdicts[PP_VERDICT_COUNT];
	/* Private to result.c: host index by address (slot = host index + 1). */
	size_t *hidx, hidx_cap;
};

/* A new, empty result: complete, shard 1/1. */
struct pp_result *pp_result_new(void);
void pp_result_free(struct pp_result *r);
/*
 * Find the host, or add it (NULL when out of memory).  Adding a host may move the
 * hosts array: a pointer from an earlier call is valid only until the next add.
 */
struct pp_host_result *pp_result_host(struct pp_result *r, const struct pp_addr *addr);
/* Find a host without adding it; NULL if absent. */
struct pp_host_result *pp_result_find_host(const struct pp_result *r, const struct pp_addr *addr);
/* The same for an IPv4 address in host order (the engine's). */
struct pp_host_result *pp_result_host4(struct pp_result *r, uint32_t addr);
struct pp_host_result *pp_result_find_host4(const struct pp_result *r, uint32_t addr);
/*
 * Add a port to a host, zeroed but for proto and port (NULL when out of memory);
 * strings are set later by the caller, malloc'ed: pp_result_free frees them.
 * Like hosts, adding may move the ports array.
 */
struct pp_port_result *pp_host_add_port(struct pp_host_result *h, unsigned proto, unsigned port);
/* Find a port of a host (the first of its vantages); NULL if absent. */
struct pp_port_result *pp_host_find_port(const struct pp_host_result *h, unsigned proto,
                                         unsigned port);
/* The same, seen from vantage (NULL: the entry without one). */
struct pp_port_result *pp_host_find_port_from(const struct pp_host_result *h, unsigned proto,
                                              unsigned port, const char *vantage);
/* The zone a port was seen from: its own, else the result's; NULL if not known. */
const char *pp_port_vantage(const struct pp_result *r, const struct pp_port_result *p);
/* 1 when the result's ports carry vantages of their own (several zones joined). */
int pp_result_by_vantage(const struct pp_result *r);
/* Free what a port or host owns and zero it (the array slot itself stays). */
void pp_port_result_clear(struct pp_port_result *p);
void pp_host_result_clear(struct pp_host_result *h);
/* Sort hosts by address (IPv4 before IPv6) and ports by proto, port, then vantage; recount
 * verdicts. */
void pp_result_sort(struct pp_result *r);

/* Names in the JSON and the reports; parse returns -1 for an unknown name. */
const char *pp_state_name(unsigned state);
int pp_state_parse(const char *s);
/* "icmp-port-unreach" etc.; buf needed only for icmp-unreach-N, icmp6-unreach-N. */
const char *pp_reason_name(unsigned reason, unsigned icmp_code, char *buf, size_t len);
int pp_reason_parse(const char *s, unsigned *icmp_code);
const char *pp_verdict_name(unsigned verdict);
int pp_verdict_parse(const char *s);
const char *pp_severity_name(unsigned sev);
int pp_severity_parse(const char *s);
/* Whether s is one of the names the listener check gives "seen": tls, http, rtsp,
 * sip, ssh, mysql, redis, smtp, ftp, unknown, none. */
int pp_seen_known(const char *s);
/* "none", "mandatory", "recommended", "optional". */
const char *pp_result_req_name(unsigned req);
int pp_result_req_parse(const char *s);

/*
 * Join the results of one scan or audit (merge.c): per vantage (scan.vantage),
 * every shard 1..N exactly once, all of the same deployment.  Results of several
 * vantages give a result whose ports carry their vantage; a zone the deployment
 * lists that no result covers goes to unverified.  names[i] names in[i] in
 * errors.  An audit's alternatives are resolved again and its scores tallied over
 * the joined ports (pp_score.h).  What merge had to decide (shards disagreeing)
 * goes to warn as lines, if warn is not NULL.
 */
int pp_result_merge(struct pp_result *const *in, const char *const *names, size_t n,
                    struct pp_result **out, char *err, size_t errlen, char *warn, size_t warnlen);

/* With PP_MERGE_PARTIAL, a missing shard is a warning and the result incomplete
 * (a scanner that could not be reached), not an error. */
#define PP_MERGE_PARTIAL 1u
int pp_result_merge_opts(struct pp_result *const *in, const char *const *names, size_t n,
                         unsigned flags, struct pp_result **out, char *err, size_t errlen,
                         char *warn, size_t warnlen);

/* portproof-result/1 JSON, exactly as DESIGN.md. */
int pp_result_write_json(const struct pp_result *r, FILE *fp);
/*
 * Reads a result ("-" for stdin), checked against the schema, sorted and its
 * verdicts recounted; errors name PATH:LINE:COLUMN in err (or PATH and the cause
 * when there is no position: empty, a directory, unreadable).
 */
int pp_result_read_json(const char *path, struct pp_result **out, char *err, size_t errlen);
/* The same from memory; name is what errors call the text. */
int pp_result_parse_json(const char *name, const char *text, size_t len, struct pp_result **out,
                         char *err, size_t errlen);

#endif
