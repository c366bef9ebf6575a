/* Unit tests of the probe order: a bijection of the (host, port) space, host
 * changes between consecutive probes, shards disjoint and complete, the inverse;
 * with a class of ports first (the engine's UDP ports), the same, and that
 * class before the rest. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "engine/perm.h"
#include "pp_error.h"
#include "runner.h"

START_TEST(test_feistel_bijection)
{
	static const uint64_t sizes[] = {1, 2, 3, 5, 16, 17, 1000, 65535, 65536};
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct pp__feistel f;
		uint64_t n = sizes[i], x;
		uint8_t *seen = calloc(n, 1);
		pp__feistel_init(&f, n, 42 + i, 1);
		for (x = 0; x < n; x++) {
			uint64_t y = pp__feistel_fwd(&f, x);
			ck_assert_uint_lt(y, n);
			ck_assert_msg(!seen[y], "n=%llu: %llu hit twice", (unsigned long long)n,
			              (unsigned long long)y);
			seen[y] = 1;
			ck_assert_uint_eq(pp__feistel_inv(&f, y), x);
		}
		free(seen);
	}
}
END_TEST

/* Every (host, port) exactly once over the union of the shards; with lo > 0,
 * the ports [lo, ports) all before the others. */
static void
check_space_first(uint64_t hosts, uint64_t ports, unsigned nshards, uint64_t seed, uint64_t lo)
{
	uint64_t total = hosts * ports, sum = 0, j, h, p, jj;
	uint8_t *seen = calloc(total, 1);
	unsigned k;

	for (k = 1; k <= nshards; k++) {
		struct pp__perm pm;
		uint64_t prev_h = UINT64_MAX;
		int rest = 0; /* a port below lo seen: the first class is over */
		ck_assert_int_eq(pp__perm_init(&pm, hosts, ports, seed, k, nshards), 0);
		if (lo > 0)
			pp__perm_first(&pm, lo, seed);
		sum += pm.count;
		for (j = 0; j < pm.count; j++) {
			pp__perm_get(&pm, j, &h, &p);
			ck_assert_uint_lt(h, hosts);
			ck_assert_uint_lt(p, ports);
			ck_assert_msg(!seen[h * ports + p], "(%llu,%llu) twice",
			              (unsigned long long)h, (unsigned long long)p);
			seen[h * ports + p] = 1;
			if (lo > 0 && lo < ports) {
				ck_assert_msg(!rest || p < lo, "port %llu of the first class late",
				              (unsigned long long)p);
				rest |= p < lo;
			}
			/* The inverse finds it in this shard at j. */
			ck_assert(pp__perm_find(&pm, h, p, &jj));
			ck_assert_uint_eq(jj, j);
			/* Unsharded, consecutive probes go to different hosts. */
			if (nshards == 1 && hosts > 1)
				ck_assert_uint_ne(h, prev_h);
			prev_h = h;
		}
	}
	ck_assert_uint_eq(sum, total);
	for (j = 0; j < total; j++)
		ck_assert(seen[j]);
	free(seen);
}

static void
check_space(uint64_t hosts, uint64_t ports, unsigned nshards, uint64_t seed)
{
	check_space_first(hosts, ports, nshards, seed, 0);
}

START_TEST(test_perm_complete)
{
	check_space(1, 65535, 1, 7);
	check_space(2, 100, 1, 7);
	check_space(3, 100, 1, 8);
	check_space(256, 10, 1, 9);
	check_space(1000, 1, 1, 10);
	check_space(7, 13, 1, 11);
}
END_TEST

START_TEST(test_perm_shards)
{
	check_space(1, 65535, 4, 1);
	check_space(5, 1000, 3, 2);
	check_space(256, 7, 16, 3);
	check_space(3, 3, 10, 4); /* more shards than some have work */
}
END_TEST

START_TEST(test_perm_first)
{
	check_space_first(1, 65535, 1, 7, 65500); /* 35 UDP ports after 65500 TCP */
	check_space_first(3, 100, 1, 8, 90);
	check_space_first(3, 100, 1, 8, 1);
	check_space_first(256, 10, 4, 9, 5);
	check_space_first(5, 1000, 3, 2, 999);
	check_space_first(7, 13, 1, 11, 13); /* no first class: the plain order */
}
END_TEST

START_TEST(test_perm_not_in_shard)
{
	struct pp__perm a, b;
	uint64_t h, p, j;

	ck_assert_int_eq(pp__perm_init(&a, 10, 10, 5, 1, 2), 0);
	ck_assert_int_eq(pp__perm_init(&b, 10, 10, 5, 2, 2), 0);
	pp__perm_get(&a, 3, &h, &p);
	ck_assert(!pp__perm_find(&b, h, p, &j));
}
END_TEST

START_TEST(test_perm_seed)
{
	struct pp__perm a, b;
	uint64_t h1, p1, h2, p2, j, same = 0;

	ck_assert_int_eq(pp__perm_init(&a, 1, 65535, 1, 1, 1), 0);
	ck_assert_int_eq(pp__perm_init(&b, 1, 65535, 2, 1, 1), 0);
	for (j = 0; j < 1000; j++) {
		pp__perm_get(&a, j, &h1, &p1);
		pp__perm_get(&b, j, &h2, &p2);
		same += p1 == p2;
	}
	ck_assert_uint_lt(same, 10); /* another seed, another order */
	ck_assert_int_eq(pp__perm_init(&a, 1, 1, 1, 2, 1), PP_EINVAL); /* k > n */
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("perm");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_feistel_bijection);
	tcase_add_test(tc, test_perm_complete);
	tcase_add_test(tc, test_perm_shards);
	tcase_add_test(tc, test_perm_first);
	tcase_add_test(tc, test_perm_not_in_shard);
	tcase_add_test(tc, test_perm_seed);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
