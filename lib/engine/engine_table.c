/*
 * The probes in flight: a ring in order of arming, so timeouts expire from the
 * head (every probe of a scan shares one RTO, so the order of arming is the
 * order of expiry), and an open-addressing hash from the probe's key (host,
 * port) to its ring position, so an answer finds its probe in O(1).  Both are
 * sized by the probes in flight (rate x timeout), never by hosts x ports.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "engine_int.h"
#include "pp_error.h"

static uint32_t
hslot(const struct pp__table *t, uint64_t key)
{
	uint64_t z = key + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)(z ^ (z >> 31)) & t->hmask;
}

int
pp__table_init(struct pp__table *t, uint32_t cap)
{
	memset(t, 0, sizeof(*t));
	t->cap = cap;
	t->hmask = cap * 2 - 1;
	t->ring = calloc(cap, sizeof(*t->ring));
	t->hash = calloc((size_t)cap * 2, sizeof(*t->hash));
	if (t->ring == NULL || t->hash == NULL) {
		pp__table_free(t);
		return PP_ENOMEM;
	}
	return 0;
}

void
pp__table_free(struct pp__table *t)
{
	free(t->ring);
	free(t->hash);
	memset(t, 0, sizeof(*t));
}

static void
hash_put(struct pp__table *t, uint64_t key, uint32_t pos)
{
	uint32_t i = hslot(t, key);

	while (t->hash[i].key != 0 && t->hash[i].key != key + 1)
		i = (i + 1) & t->hmask;
	t->hash[i].key = key + 1;
	t->hash[i].pos = pos;
}

static int64_t
hash_get(const struct pp__table *t, uint64_t key)
{
	uint32_t i = hslot(t, key);

	while (t->hash[i].key != 0) {
		if (t->hash[i].key == key + 1)
			return i;
		i = (i + 1) & t->hmask;
	}
	return -1;
}

/* Linear-probing delete by backward shift: no tombstones to clean up. */
static void
hash_del(struct pp__table *t, uint32_t i)
{
	uint32_t j = i, k;

	t->hash[i].key = 0;
	for (;;) {
		j = (j + 1) & t->hmask;
		if (t->hash[j].key == 0)
			return;
		k = hslot(t, t->hash[j].key - 1);
		/* Move j back to i unless its home k lies cyclically in (i, j]. */
		if ((i <= j) ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		t->hash[i] = t->hash[j];
		t->hash[j].key = 0;
		i = j;
	}
}

void
pp__table_prefetch(const struct pp__table *t, uint64_t key)
{
	__builtin_prefetch(&t->hash[hslot(t, key)], 1);
}

struct pp__slot *
pp__table_push(struct pp__table *t, uint64_t key, uint32_t host, uint32_t port)
{
	uint32_t pos = (uint32_t)(t->tail & (t->cap - 1));
	struct pp__slot *sl = &t->ring[pos];

	memset(sl, 0, sizeof(*sl));
	sl->host = host;
	sl->port = port;
	sl->live = 1;
	t->tail++;
	t->live++;
	hash_put(t, key, pos);
	return sl;
}

struct pp__slot *
pp__table_take(struct pp__table *t, uint64_t key)
{
	int64_t i = hash_get(t, key);
	struct pp__slot *sl;

	if (i < 0)
		return NULL;
	sl = &t->ring[t->hash[i].pos];
	hash_del(t, (uint32_t)i);
	if (sl->live) {
		sl->live = 0;
		t->live--;
	}
	return sl;
}

void
pp__table_kill(struct pp__table *t, struct pp__slot *sl, uint64_t key)
{
	int64_t i = hash_get(t, key);

	if (i >= 0)
		hash_del(t, (uint32_t)i);
	if (sl->live) {
		sl->live = 0;
		t->live--;
	}
}

struct pp__slot *
pp__table_head(struct pp__table *t)
{
	while (t->head < t->tail) {
		struct pp__slot *sl = &t->ring[t->head & (t->cap - 1)];
		if (sl->live)
			return sl;
		t->head++;
	}
	return NULL;
}

struct pp__slot *
pp__table_rearm(struct pp__table *t, uint64_t key)
{
	struct pp__slot old = t->ring[t->head & (t->cap - 1)], *sl;
	uint32_t pos;
	int64_t i;

	t->ring[t->head & (t->cap - 1)].live = 0;
	t->head++;
	pos = (uint32_t)(t->tail & (t->cap - 1));
	sl = &t->ring[pos];
	*sl = old;
	t->tail++;
	if ((i = hash_get(t, key)) >= 0)
		t->hash[i].pos = pos;
	return sl;
}
