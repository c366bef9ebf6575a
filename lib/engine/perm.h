/*
 * The probe order: a keyed permutation of the (host, port) index space.
 *
 * Index i of [0, H*P) is round r = i / H, slot k = i % H.  Round r probes port
 * F_P(r) on every host, the hosts in the order F_H((k + r) mod H) (no rotation
 * when H == 2), where F_n is a keyed Feistel bijection of [0, n).  So
 * consecutive probes always go to different hosts when H > 1, and every host
 * receives one probe per round.  Shard K of N takes the indices i = K-1 (mod N).
 *
 * pp__perm_first(p, lo) puts the port indices [lo, P) first: the rounds r < P - lo
 * probe F_A(r) + lo, the later ones F_B(r - (P - lo)), with F_A and F_B keyed
 * bijections of their classes.  The engine puts its UDP ports first: their
 * answers can be held back by the targets' ICMP rate limits, and the waiting
 * runs while the TCP ports are probed instead of after them.
 */
#ifndef PP_PERM_H
#define PP_PERM_H

#include <stdint.h>

/* A keyed bijection of [0, n), by cycle-walking a balanced Feistel network. */
struct pp__feistel {
	uint64_t n;
	unsigned half;   /* bits per half */
	uint64_t mask;   /* (1 << half) - 1 */
	uint64_t key[4]; /* one per round */
};

void pp__feistel_init(struct pp__feistel *f, uint64_t n, uint64_t seed, uint64_t tweak);
uint64_t pp__feistel_fwd(const struct pp__feistel *f, uint64_t x);
uint64_t pp__feistel_inv(const struct pp__feistel *f, uint64_t y);

struct pp__perm {
	uint64_t nhosts, nports;
	uint64_t total;            /* nhosts * nports */
	uint64_t shard_k, shard_n; /* 0-based k < n */
	uint64_t count;            /* indices in this shard */
	struct pp__feistel fh, fp;
	uint64_t first_lo, nfirst; /* port indices [first_lo, nports) first; 0: none */
	struct pp__feistel fa, fb; /* the first class, the rest */
};

int pp__perm_init(struct pp__perm *p, uint64_t nhosts, uint64_t nports, uint64_t seed,
                  unsigned shard_k /* 1-based */, unsigned shard_n);
/* Port indices [lo, nports) go first (after pp__perm_init; lo 0 or nports: one
 * class, the order of pp__perm_init). */
void pp__perm_first(struct pp__perm *p, uint64_t lo, uint64_t seed);
/* The j-th probe of this shard (j < count): host and port indices. */
void pp__perm_get(const struct pp__perm *p, uint64_t j, uint64_t *host, uint64_t *port);
/* The position of (host, port) in the whole order, and whether shard takes it:
 * returns 1 and sets *j (the position in the shard) when it does. */
int pp__perm_find(const struct pp__perm *p, uint64_t host, uint64_t port, uint64_t *j);

#endif
