/*
 * Internal to the engine: the scan's state, shared by engine_setup.c (targets,
 * order, sockets), engine.c (the send / collect / retransmit loop),
 * engine_table.c (the probes in flight) and engine_result.c (the result).
 */
#ifndef PP_ENGINE_INT_H
#define PP_ENGINE_INT_H

#include <net/if.h>
#include <stdint.h>
#include <string.h>

#include "build.h"
#include "classify.h"
#include "collector.h"
#include "pace.h"
#include "perm.h"
#include "rounds.h"
#include "pp_addr.h"
#include "pp_engine.h"
#include "sender.h"
#include "slab.h"
#include "targets.h"

/* One answer kept for a host: every answer but the bulk of RSTs (see pp__host).
 * 12 bytes: a UDP answer's probe is the port's (uprobe[port - ntcp]). */
struct pp__answer {
	uint32_t port; /* port index */
	uint32_t rtt_us;
	uint8_t state, reason, code, ttl;
};

/*
 * Per host: which port indices have an answer (a bitmap of the host's probe
 * space, allocated on the first answer), and the answers in full.  RSTs past the
 * first PP__RST_KEEP of a host only set their bit: a host with 65000 closed
 * ports costs 8 KB, not 65000 records, and a /16 x 100 ports of closed hosts
 * about 100 bytes a host; their TTL is the host's last RST TTL, their RTT unknown.
 */
#define PP__RST_KEEP 4
/* The bitmap and the first PP__ANS_SLAB answers come from the scan's slabs
 * (slab.h); an answer array grown past them is malloc'd (cap > PP__ANS_SLAB). */
#define PP__ANS_SLAB 4
struct pp__host {
	uint8_t *bits;
	struct pp__answer *ans;
	uint32_t nans, cap, nrst_kept, nanswered;
	uint8_t rst_ttl;
	uint64_t last_udp_us; /* its last UDP reply or ICMP error (engine.c: rounds) */
	uint32_t icmp_n;      /* ICMP errors from it (engine.c: round_delay) */
	uint64_t icmp_first_us, icmp_last_us; /* the times of the first and the last */
	struct pp__pace *pc; /* its own pacer (engine.c: few hosts); else the scan's */
	uint8_t next_src;    /* the source its next first try goes from (-S list) */
};

/* A host's ICMP bucket toward one of our sources (-S with several): Linux
 * limits its errors per peer, so each source has its own rounds (engine.c). */
struct pp__bucket {
	uint64_t last_udp_us, icmp_first_us, icmp_last_us;
	uint32_t icmp_n;
	uint64_t first_tx_us; /* our first UDP probe from this source to the host */
};

/* A probe in flight, in the ring in order of (re)arming. */
struct pp__slot {
	uint32_t host, port; /* indices */
	uint64_t armed_us;   /* when it was (re)armed: expires at armed + RTO */
	uint64_t tx_us;      /* when it was last sent */
	uint64_t first_us;   /* when it was first sent (pace.c: its interval) */
	uint16_t lingers;    /* re-sends past the retries (UDP rounds, capture loss) */
	uint8_t attempts;    /* transmissions so far */
	uint8_t live;
	uint8_t quiet; /* UDP: silent rounds so far */
	uint8_t src;   /* the index of the source it was last sent from */
};

struct pp__table {
	struct pp__slot *ring;
	uint64_t head, tail; /* ring positions, head <= tail, tail - head <= cap */
	uint32_t cap;        /* power of two */
	/* The hash, key and value side by side: one cache line a lookup. */
	struct pp__hent {
		uint64_t key; /* key + 1, 0 = empty */
		uint64_t pos; /* ring position & (cap - 1) */
	} * hash;
	uint32_t hmask;
	uint64_t live;
};

int pp__table_init(struct pp__table *t, uint32_t cap);
void pp__table_free(struct pp__table *t);
static inline int
pp__table_full(const struct pp__table *t)
{
	return t->tail - t->head >= t->cap;
}
/* Start loading key's place in the hash: the lookup that follows misses the
 * cache less (the hash is megabytes, its places random). */
void pp__table_prefetch(const struct pp__table *t, uint64_t key);
/* Arm a probe at the tail (the table must not be full). */
struct pp__slot *pp__table_push(struct pp__table *t, uint64_t key, uint32_t host, uint32_t port);
/* Find and kill in one lookup (an answer's): the slot, readable until the next push. */
struct pp__slot *pp__table_take(struct pp__table *t, uint64_t key);
/* Forget a live slot (answered or given up). */
void pp__table_kill(struct pp__table *t, struct pp__slot *sl, uint64_t key);
/* Move the head slot to the tail (re-arm); returns the new slot. */
struct pp__slot *pp__table_rearm(struct pp__table *t, uint64_t key);
/* The head slot (dead slots are skipped and dropped); NULL if empty. */
struct pp__slot *pp__table_head(struct pp__table *t);

struct pp_scan {
	struct pp_scan_opts o;
	pp_portset tcp, udp;
	uint16_t *ports; /* port index -> port: TCP first, then UDP */
	uint32_t ntcp, nudp, nports;
	uint32_t *tcp_idx; /* port -> 1 + index, 0 if not scanned */
	uint32_t *udp_idx; /* port -> 1 + index into udp[] (classify's udp_index) */
	struct pp__udp_port *uprobe;
	pp__targets targets;
	struct pp__perm perm;
	struct pp__match match;
	struct pp__tmpl tmpl;
	uint64_t seed;
	uint32_t src; /* the first source: the result's */
	/* An IPv6 scan (every target IPv6; one family a scan): our first
	 * address; src and srcs[] hold the folded identities of srcs6[]
	 * (pp__cookie_fold6). */
	int v6;
	uint8_t src6[16];
	uint8_t srcs6[PP__SRC_MAX][16];    /* an IPv6 scan's -S list; srcs6[0] = src6 */
	uint32_t *id6;                     /* the IPv6 hosts' identities, folded once (match.id6) */
	uint32_t srcs[PP__SRC_MAX];        /* -S's list; srcs[0] = src */
	int pair;                          /* one of a run's two scans (pp_scan_split) */
	uint32_t nsrc;                     /* 1 unless -S gave several */
	struct pp__bucket *buckets;        /* nsrc > 1: hosts x nsrc, host-major */
	uint64_t src_answers[PP__SRC_MAX]; /* answers that came to each source */
	char ifname[IF_NAMESIZE];
	int prepared, opened, dropped;
	unsigned method;          /* enum pp_scan_method, once open */
	struct pp__connect *conn; /* the connect back end's state (connect.h) */

	struct pp__sender snd;
	struct pp__collector col;
	struct pp__host *hosts;
	struct pp__slab *slabs; /* the hosts' bitmaps and first answers */
	struct pp__table tab;

	/* timing */
	uint64_t t0_ns;
	uint32_t srtt_us, rttvar_us, rto_us, max_rto_us;
	int have_rtt;
	double rate, tokens; /* the ceiling now (--rate, our capture's), 0 = none */
	uint64_t last_refill_us;
	uint64_t win_start_us, win_sent, hold_until_us; /* the capture's back-off */
	/* Pacing (pace.c): a pacer for each host of a scan of few, else one for
	 * the whole scan (path). */
	struct pp__pace path;
	struct pp__pace *paced; /* npace of them, hosts[i].pc = &paced[i] */
	uint32_t npace;
	uint64_t last_tick_us;
	int stalled;                   /* the last send waited for a pacer's token */
	double peak_rate;              /* the highest rate a back-off window was sent at */
	uint32_t late_us, late_var_us; /* how late the loop reads answers (engine.c) */
	/* TCP answers to a first transmission, to a retransmission; the retry limit
	 * they call for (engine.c adapt_retries) */
	uint64_t ans_first, ans_retx;
	unsigned tcp_retries;
	uint64_t kdrops, last_drop_us; /* the capture's losses, and the last seen */

	/* The send order in passes (order.c): per host a bitmap of the port
	 * indices the caller sends first (first_row bytes a host; NULL: none),
	 * the shard positions of the UDP rounds, the pass now. */
	uint8_t *first;
	uint64_t first_row, udp_end;
	unsigned pass;

	/* progress */
	uint64_t next;                      /* next position of the pass to send */
	uint64_t first_tx_us, last_new_us;  /* the first and the last first transmission */
	uint64_t ahead_j, ahead_h, ahead_p; /* probe ahead_j - 1 of the order, looked up early */
	unsigned ahead_pass;                /* (of pass ahead_pass) */
	uint64_t sent, retransmitted, answered, dups;
	uint64_t stray;      /* cookie-valid answers for a host or port not scanned: rejected */
	uint64_t open_ports; /* answers that said open, for the progress line */
	int complete;
};

/* The send order's passes (order.c): the caller's first TCP ports, its first
 * UDP ports, the rest; then done. */
enum { PP__PASS_TCP, PP__PASS_UDP, PP__PASS_REST, PP__PASS_DONE };
/* Positions of the order a send loop skips in one turn at most. */
#define PP__ORDER_SKIP 65536u
/* Builds the order's passes from pp_scan_opts.first (pp_scan_prepare). */
int pp__order_init(pp_scan *s, char *err, size_t errlen);
/* The pass that sends probe (host, port). */
unsigned pp__order_pass_of(const pp_scan *s, uint64_t h, uint64_t p);
/* From (pass, position), the next probe of the order: 1 with its host and port
 * there, 0 at the end (*pass done) or when budget positions were skipped. */
int pp__order_next(const pp_scan *s, unsigned *pass, uint64_t *j, uint64_t *h, uint64_t *p,
                   uint64_t *budget);
/* Whether probe (host, port), at shard position j, went out before the order's
 * place now (s->pass, s->next). */
int pp__order_sent(const pp_scan *s, uint64_t h, uint64_t p, uint64_t j);
/* First tries left to send. */
static inline int
pp__order_left(const pp_scan *s)
{
	return s->pass < PP__PASS_DONE;
}

/* Host hi's address as the caller knows it. */
static inline struct pp_addr
pp__host_addr(const pp_scan *s, uint64_t hi)
{
	struct pp_addr a;

	if (!pp__targets_is6(&s->targets, hi))
		return pp_addr_from_v4(pp__targets_addr(&s->targets, hi));
	memset(&a, 0, sizeof(a));
	a.family = PP_AF_INET6;
	pp__targets_addr6(&s->targets, hi, a.b);
	return a;
}

/* Host hi's identity in cookies: its IPv4 address, or its IPv6 one folded. */
static inline uint32_t
pp__host_id(const pp_scan *s, uint64_t hi)
{
	uint8_t b[16];

	if (!pp__targets_is6(&s->targets, hi))
		return pp__targets_addr(&s->targets, hi);
	if (s->id6 != NULL)
		return s->id6[hi - s->targets.count4];
	pp__targets_addr6(&s->targets, hi, b);
	return pp__cookie_fold6(&s->match.key, b);
}

/* Whether the caller finds UDP probe (host, port)'s closed state worth the
 * host's ICMP limit (pp_scan_opts.udp_linger); both back ends ask. */
static inline int
pp__udp_lingers(const pp_scan *s, uint32_t host, uint32_t port)
{
	struct pp_addr a;

	if (s->o.udp_linger == NULL)
		return 1;
	a = pp__host_addr(s, host);
	return s->o.udp_linger(s->o.linger_arg, &a, s->ports[port]);
}

/* The packet of probe (host, port) at attempt into buf; returns its length.
 * info, if not NULL, is filled for --dry-run. */
size_t pp__scan_build(pp_scan *s, uint32_t host, uint32_t port, unsigned attempt, unsigned src,
                      uint8_t *buf, struct pp_probe_info *info);
/* Record the answer r of probe pi of host hi, read at now: the probe was
 * sent attempts times (0: not known), first at first_us, the answered try rtt
 * before; timed: which try it answers is known, so rtt is a round-trip sample
 * (engine_answer.c). */
void pp__scan_answer(pp_scan *s, const struct pp__reply *r, uint32_t hi, uint32_t pi, uint64_t now,
                     unsigned attempts, uint64_t first_us, uint32_t rtt, int timed);
/* The hosts, the first RTO and rate, the pacers and the clock both back ends
 * start a run from (engine_answer.c). */
int pp__scan_timing_init(pp_scan *s, char *err, size_t errlen);
/* The TCP retry limit the loss seen so far calls for (s->tcp_retries). */
void pp__adapt_retries(pp_scan *s);
/* The peak rate's window (and the raw loop's back-off's). */
#define PP__WINDOW_US 50000u
/*
 * A turn's pacing, both loops alike (engine_answer.c): the TCP retry limit,
 * --rate's tokens (a burst of a hundredth of a second, PP__BATCH at least),
 * the pacers' intervals closed and judged every PP__PACE_TICK_US (late_us:
 * how late the loop reads answers).  1 when a window closed: its send rate in
 * *cur (the peak kept), a new window begun.
 */
int pp__scan_pace(pp_scan *s, uint64_t now, uint32_t late_us, double *cur);
/* The counters both back ends keep alike, into st (engine_stats.c). */
void pp__scan_stats(const pp_scan *s, struct pp_scan_stats *st);
/* The connect back end (connect.c): open (no privilege), run, close. */
int pp__connect_open(pp_scan *s, char *err, size_t errlen);
int pp__connect_run(pp_scan *s, const volatile sig_atomic_t *stop, struct pp_result *r, char *err,
                    size_t errlen);
void pp__connect_free(pp_scan *s);
/* Its counters in st (received, matched, rejected; the sockets in flight). */
void pp__connect_stats(const pp_scan *s, struct pp_scan_stats *st);
/* Fill the result from the hosts' answers. */
int pp__scan_result(pp_scan *s, struct pp_result *r, char *err, size_t errlen);
/* Privilege drop (privdrop.c). */
int pp__drop_privileges(const char *user, char *err, size_t errlen);

/* The pacer of host hi: its own, or the path's. */
static inline struct pp__pace *
pp__pacer_of(pp_scan *s, uint32_t hi)
{
	struct pp__pace *pc = s->hosts[hi].pc;

	return pc != NULL ? pc : &s->path;
}

static inline uint64_t
pp__probe_key(const pp_scan *s, uint32_t host, uint32_t port)
{
	return (uint64_t)host * s->nports + port;
}

#endif
