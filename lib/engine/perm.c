/*
 * The probe order (see perm.h).  The Feistel round function is a keyed 64-bit
 * mixer (SplitMix64's finalizer), not a cryptographic PRF: the order needs to be
 * spread and reproducible from --seed, not secret.  Cycle-walking keeps the
 * bijection on [0, n) for any n: the cipher runs on the next even power of two
 * (under 4n), so a walk takes fewer than four steps on average.
 */
#include "config.h"

#include "perm.h"
#include "pp_error.h"

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
pp__feistel_init(struct pp__feistel *f, uint64_t n, uint64_t seed, uint64_t tweak)
{
	unsigned bits = 2;
	int i;

	while (bits < 64 && ((uint64_t)1 << bits) < n)
		bits++;
	if (bits & 1)
		bits++;
	f->n = n;
	f->half = bits / 2;
	f->mask = ((uint64_t)1 << f->half) - 1;
	for (i = 0; i < 4; i++)
		f->key[i] = mix64(seed ^ mix64(tweak * 4 + (uint64_t)i + 0x9e3779b97f4a7c15ULL));
}

static uint64_t
round_f(const struct pp__feistel *f, int i, uint64_t x)
{
	return mix64(x ^ f->key[i]) & f->mask;
}

static uint64_t
encrypt(const struct pp__feistel *f, uint64_t x)
{
	uint64_t l = x >> f->half, r = x & f->mask, t;
	int i;

	for (i = 0; i < 4; i++) {
		t = r;
		r = l ^ round_f(f, i, r);
		l = t;
	}
	return l << f->half | r;
}

static uint64_t
decrypt(const struct pp__feistel *f, uint64_t y)
{
	uint64_t l = y >> f->half, r = y & f->mask, t;
	int i;

	for (i = 3; i >= 0; i--) {
		t = l;
		l = r ^ round_f(f, i, l);
		r = t;
	}
	return l << f->half | r;
}

uint64_t
pp__feistel_fwd(const struct pp__feistel *f, uint64_t x)
{
	if (f->n <= 1)
		return 0;
	do
		x = encrypt(f, x);
	while (x >= f->n);
	return x;
}

uint64_t
pp__feistel_inv(const struct pp__feistel *f, uint64_t y)
{
	if (f->n <= 1)
		return 0;
	do
		y = decrypt(f, y);
	while (y >= f->n);
	return y;
}

int
pp__perm_init(struct pp__perm *p, uint64_t nhosts, uint64_t nports, uint64_t seed, unsigned shard_k,
              unsigned shard_n)
{
	if (shard_n == 0 || shard_k == 0 || shard_k > shard_n)
		return PP_EINVAL;
	if (nhosts != 0 && nports > UINT64_MAX / nhosts)
		return PP_ERANGE;
	p->nhosts = nhosts;
	p->nports = nports;
	p->total = nhosts * nports;
	p->shard_k = shard_k - 1;
	p->shard_n = shard_n;
	p->count = p->total > p->shard_k ? (p->total - p->shard_k + shard_n - 1) / shard_n : 0;
	pp__feistel_init(&p->fh, nhosts, seed, 1);
	pp__feistel_init(&p->fp, nports, seed, 2);
	p->first_lo = p->nfirst = 0;
	return 0;
}

void
pp__perm_first(struct pp__perm *p, uint64_t lo, uint64_t seed)
{
	p->first_lo = p->nfirst = 0;
	if (lo == 0 || lo >= p->nports)
		return;
	p->first_lo = lo;
	p->nfirst = p->nports - lo;
	pp__feistel_init(&p->fa, p->nfirst, seed, 3);
	pp__feistel_init(&p->fb, lo, seed, 4);
}

/* The port of round r, and the round of port q. */
static uint64_t
round_port(const struct pp__perm *p, uint64_t r)
{
	if (p->nfirst == 0)
		return pp__feistel_fwd(&p->fp, r);
	if (r < p->nfirst)
		return p->first_lo + pp__feistel_fwd(&p->fa, r);
	return pp__feistel_fwd(&p->fb, r - p->nfirst);
}

static uint64_t
port_round(const struct pp__perm *p, uint64_t q)
{
	if (p->nfirst == 0)
		return pp__feistel_inv(&p->fp, q);
	if (q >= p->first_lo)
		return pp__feistel_inv(&p->fa, q - p->first_lo);
	return p->nfirst + pp__feistel_inv(&p->fb, q);
}

void
pp__perm_get(const struct pp__perm *p, uint64_t j, uint64_t *host, uint64_t *port)
{
	uint64_t i = j * p->shard_n + p->shard_k;
	uint64_t r = i / p->nhosts, k = i % p->nhosts;

	if (p->nhosts != 2)
		k = (k + r % p->nhosts) % p->nhosts;
	*host = pp__feistel_fwd(&p->fh, k);
	*port = round_port(p, r);
}

int
pp__perm_find(const struct pp__perm *p, uint64_t host, uint64_t port, uint64_t *j)
{
	uint64_t r = port_round(p, port);
	uint64_t k = pp__feistel_inv(&p->fh, host), i;

	if (p->nhosts != 2)
		k = (k + p->nhosts - r % p->nhosts) % p->nhosts;
	i = r * p->nhosts + k;
	if (i % p->shard_n != p->shard_k)
		return 0;
	*j = i / p->shard_n;
	return 1;
}
