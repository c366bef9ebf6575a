/*
 * The probe order: a keyed permutation of the (host, port) index space.
 *
 * Index i of [0, H*P) is round r = i / H, slot k = i % H.  Round r probes port
 * F_P(r) on every host, the hosts in the order F_H((k + r) mod H) (no rotation
 * when H == 2), where F_n is a keyed Feistel bijection of [0, n).  So
 * consecutive probes always go to different hosts when H > 1, and every host
 * receives one probe per round.  Shard K of N takes the indices i = K-1 (mod N).
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
};

int pp__perm_init(struct pp__perm *p, uint64_t nhosts, uint64_t nports, uint64_t seed,
                  unsigned shard_k /* 1-based */, unsigned shard_n);
/* The j-th probe of this shard (j < count): host and port indices. */
void pp__perm_get(const struct pp__perm *p, uint64_t j, uint64_t *host, uint64_t *port);
/* The position of (host, port) in the whole order, and whether shard takes it:
 * returns 1 and sets *j (the position in the shard) when it does. */
int pp__perm_find(const struct pp__perm *p, uint64_t host, uint64_t port, uint64_t *j);

#endif
