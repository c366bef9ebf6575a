/*
 * The probe engine: raw-socket TCP SYN and UDP probes, a libpcap collector, the
 * classifier, adaptive timeouts and retransmissions, filling a pp_result.
 *
 *   pp_scan *s;
 *   pp_scan_new(&opts, &s, err, sizeof(err));
 *   pp_scan_add_targets(s, "198.18.0.0/24", 0, err, sizeof(err));   (and excludes)
 *   pp_scan_prepare(s, err, sizeof(err));     order, source address, refusals
 *   pp_scan_open(s, err, sizeof(err));        raw socket + capture (privileged)
 *   pp_scan_drop_privileges(s, err, sizeof(err));
 *   pp_scan_run(s, &stop_flag, result, err, sizeof(err));
 *   pp_scan_free(s);
 *
 * The engine knows nothing of profiles.  It never prints, never exits, and keeps
 * no global state; memory grows with the probes in flight and the answers, not
 * with hosts x ports.
 */
#ifndef PP_ENGINE_H
#define PP_ENGINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "pp_addr.h"
#include "pp_portset.h"
#include "pp_probe.h"
#include "pp_result.h"

struct pp_scan_stats {
	uint64_t planned;       /* probes of this shard (first transmissions) */
	uint64_t sent;          /* packets sent, retransmissions included */
	uint64_t retransmitted; /* of which retransmissions */
	uint64_t received;      /* frames the capture filter let through */
	uint64_t matched;       /* of which answers to our probes */
	uint64_t rejected;      /* of which failed the cookie or made no sense */
	uint64_t kernel_drops;  /* frames the capture buffer lost */
	uint64_t answered;      /* ports with an answer */
	uint64_t open_ports;    /* of which answered open (the progress line's "open") */
	uint64_t outstanding;   /* probes waiting for an answer now */
	uint64_t elapsed_us;
	uint64_t send_us; /* from the first probe to the last first transmission */
	double rate;      /* the current ceiling (--rate, the capture's back-off), 0 = none */
	uint32_t rto_us;  /* the current retransmission timeout */
	uint32_t srtt_us;
	/* Pacing: the path the lowest limit found holds back (paced != 0), its
	 * host (family PP_AF_NONE: the scan as a whole) and that limit (pps);
	 * the highest rate the scan was sent at, over a few milliseconds. */
	int paced;
	struct pp_addr paced_by;
	double paced_rate;
	double peak_rate;
	/* The connect method: sockets in flight at most, and the file limit
	 * (RLIMIT_NOFILE, raised to its hard limit) that set it when fd_limited. */
	uint64_t inflight_max, nofile;
	int fd_limited;
	/* The connect method: threads making TCP's system calls (2: a helper
	 * thread too, on two CPUs or more). */
	unsigned threads;
};

struct pp_scan_opts {
	const pp_portset *tcp, *udp; /* ports to probe; either may be empty */
	/* enum pp_scan_method (pp_result.h): RAW, CONNECT (no privilege: TCP by
	 * connect(2), UDP by connected sockets and IP_RECVERR), or NONE: raw when
	 * raw sockets are allowed, else connect (pp_scan_open decides). */
	unsigned method;
	uint64_t rate;         /* pps never exceeded; 0 = no ceiling */
	uint64_t min_rate;     /* the pacers never go below (pps); 0 = none */
	unsigned retries;      /* retransmissions of an unanswered probe */
	unsigned max_retries;  /* TCP, up to this on a lossy link; <= retries: fixed */
	unsigned max_rtt_ms;   /* upper bound of the timeout; 0 = 1000 */
	const char *iface;     /* -e; NULL: the route's */
	const char *source_ip; /* -S: addresses and ranges (a,b-c); NULL: the route's */
	const char *user;      /* --user; NULL: nobody */
	int have_seed;
	uint64_t seed;             /* the probe order; random unless have_seed */
	unsigned shard_k, shard_n; /* 1-based; 0/0 = 1/1 */
	int force;                 /* probe addresses refused by default */
	unsigned family;           /* -4, -6: a host name's address of that family; 0: IPv4 first */
	const char *snmp_community;
	const struct pp_probe_custom *custom; /* --udp-payload */
	size_t ncustom;
	uint16_t sport_lo, sport_hi; /* our source ports; 0 = 61000-65535 */
	/* The UDP probe for a port where the caller knows better than the port's
	 * default (an audit: the service a profile names on it, snmp on 16100);
	 * NULL, or NULL returned, for pp_probe_for_port.  --udp-payload wins over
	 * both.  Called by pp_scan_new only, once per UDP port. */
	const struct pp_probe *(*probe_for)(void *arg, unsigned port);
	void *probe_arg;
	/* Whether a UDP port's closed state is worth this host's ICMP rate limit
	 * (non-zero: yes): re-sent in rounds until the
	 * host's errors settle it (engine.c); the others get their retries only,
	 * and read open|filtered when the limit kept the error back.  An audit
	 * answers from each host's own expectations.  NULL: every UDP port of
	 * every host.  Called from pp_scan_run, for a probe out of retries. */
	int (*udp_linger)(void *arg, const struct pp_addr *addr, unsigned port);
	void *linger_arg;
	/* The ports of a host whose answers decide something (an audit: the ports its own
	 * expectations judge), sent to it before the others, TCP before UDP: a target's ICMP errors
	 * are few (Linux: a burst of six, then one a second), and so they go to the rejects and
	 * closed ports that decide, not to the sweep's (order.c). Fills tcp and udp (empty,
	 * initialised); non-zero on error.  NULL: one order for every probe.  Called by
	 * pp_scan_prepare, once per host. */
	int (*first)(void *arg, const struct pp_addr *addr, pp_portset *tcp, pp_portset *udp);
	void *first_arg;
	/* Progress, called from pp_scan_run every progress_ms (0: never). */
	void (*progress)(void *arg, const struct pp_scan_stats *st);
	void *progress_arg;
	unsigned progress_ms;
};

typedef struct pp_scan pp_scan;

int pp_scan_new(const struct pp_scan_opts *o, pp_scan **out, char *err, size_t errlen);
void pp_scan_free(pp_scan *s);

/* Targets: addresses, CIDR, a.b.c.d-e, host names, comma-separated; exclude != 0
 * for --exclude.  The file forms read white-space separated specs, # comments. */
int pp_scan_add_targets(pp_scan *s, const char *spec, int exclude, char *err, size_t errlen);
int pp_scan_add_target_file(pp_scan *s, const char *path, int exclude, char *err, size_t errlen);

/*
 * One scan sends from one address, so of one family.  When s's targets are of
 * both, this moves the IPv6 ones (and the IPv6 exclusions) into a new scan
 * *out6 with the same options, s keeping the IPv4 ones: a run of the two
 * (their results into one pp_result, IPv4 first).  Each then takes its own
 * family's addresses of -S, and needs one.  *out6 is NULL when the targets are
 * of one family.  After the targets and exclusions, before pp_scan_prepare.
 */
int pp_scan_split(pp_scan *s, pp_scan **out6, char *err, size_t errlen);

/* Applies exclusions and refusals, finds the source address and interface,
 * builds the probe order.  PP_EPERM: a refused target (err names it); PP_ENET or
 * PP_ENOENT: no route, no such interface (the scan cannot run).  One of a
 * split's two scans whose every target is excluded: 0, and pp_scan_hosts 0
 * (run the other alone). */
int pp_scan_prepare(pp_scan *s, char *err, size_t errlen);
/* Hosts and probes (first transmissions) of this shard. */
uint64_t pp_scan_hosts(const pp_scan *s);
uint64_t pp_scan_probes(const pp_scan *s);
/* The source address and interface the scan uses (after prepare); IPv4, host
 * order (0 for an IPv6 scan: pp_scan_source_addr). */
uint32_t pp_scan_source(const pp_scan *s);
struct pp_addr pp_scan_source_addr(const pp_scan *s);
/* Every source address (-S list): up to max of them into addrs and, after the
 * run, the answers that came to each into answers (either may be NULL);
 * returns how many there are. */
uint32_t pp_scan_sources(const pp_scan *s, uint32_t *addrs, uint64_t *answers, uint32_t max);
/* The same for either family (an IPv6 scan's -S list). */
uint32_t pp_scan_source_addrs(const pp_scan *s, struct pp_addr *addrs, uint64_t *answers,
                              uint32_t max);
const char *pp_scan_interface(const pp_scan *s);

/* --dry-run: every probe in order, as it would be sent.  No privilege. */
struct pp_probe_info {
	unsigned proto;                    /* enum pp_proto */
	uint32_t src, dst;                 /* IPv4 */
	struct pp_addr src_addr, dst_addr; /* either family */
	uint16_t sport, dport;
	uint32_t seq;          /* TCP */
	const char *probe;     /* UDP: the payload's protocol */
	size_t len;            /* bytes on the wire (IP header included) */
	const uint8_t *packet; /* the packet itself */
};
int pp_scan_each_probe(pp_scan *s, int (*cb)(void *arg, const struct pp_probe_info *p), void *arg);
/* Whether this shard (--shard K/N) probes port (proto, enum pp_proto) of addr, a
 * target: 1 or 0, asked of the probe order (shard.c); after pp_scan_prepare. */
int pp_scan_in_shard(const pp_scan *s, const struct pp_addr *addr, unsigned proto, unsigned port);

/* Opens the raw socket and the capture (the raw method), or readies the
 * connect method: with method NONE, connect when raw sockets are not allowed.
 * PP_EPERM without CAP_NET_RAW for the raw method asked for. */
int pp_scan_open(pp_scan *s, char *err, size_t errlen);
/* The method the scan runs with (enum pp_scan_method), after pp_scan_open. */
unsigned pp_scan_method(const pp_scan *s);
/* To --user (nobody) with no capabilities; before any packet is parsed. */
int pp_scan_drop_privileges(pp_scan *s, char *err, size_t errlen);

/*
 * Runs the scan and fills r (hosts, ports, counters, times, complete).  When
 * *stop becomes non-zero (a signal handler sets it) the engine stops sending,
 * waits one timeout for the answers in flight, fills r with what is known
 * (complete = 0) and returns PP_EINTR.
 */
int pp_scan_run(pp_scan *s, const volatile sig_atomic_t *stop, struct pp_result *r, char *err,
                size_t errlen);
void pp_scan_get_stats(const pp_scan *s, struct pp_scan_stats *st);

#endif
