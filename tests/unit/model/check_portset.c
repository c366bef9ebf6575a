/* Unit tests of the port sets and of the -p / profile port-spec parser. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "runner.h"

static char fmtbuf[1 << 17];

static const char *
fmt(const pp_portset *ps)
{
	pp_portset_format(ps, fmtbuf, sizeof(fmtbuf));
	return fmtbuf;
}

START_TEST(test_parse_simple)
{
	pp_portset ps;
	char err[128];
	size_t off;

	pp_portset_init(&ps);
	ck_assert_int_eq(pp_portset_parse("80,22,1000-2000,443", &ps, &off, err, sizeof(err)), 0);
	ck_assert_str_eq(fmt(&ps), "22,80,443,1000-2000");
	ck_assert_uint_eq(pp_portset_count(&ps), 1004);
	ck_assert(pp_portset_contains(&ps, 1500));
	ck_assert(!pp_portset_contains(&ps, 81));
	pp_portset_free(&ps);
}
END_TEST

START_TEST(test_parse_merge_and_ends)
{
	pp_portset ps;
	char err[128];
	size_t off;

	pp_portset_init(&ps);
	ck_assert_int_eq(pp_portset_parse("5-10, 11-20,1-4,60000-", &ps, &off, err, sizeof(err)),
	                 0);
	ck_assert_str_eq(fmt(&ps), "1-20,60000-65535");
	pp_portset_clear(&ps);
	ck_assert_int_eq(pp_portset_parse("-", &ps, &off, err, sizeof(err)), 0);
	ck_assert_uint_eq(pp_portset_count(&ps), 65535);
	pp_portset_clear(&ps);
	ck_assert_int_eq(pp_portset_parse("-1024", &ps, &off, err, sizeof(err)), 0);
	ck_assert_str_eq(fmt(&ps), "1-1024");
	pp_portset_free(&ps);
}
END_TEST

/* Each bad spec, the code, the offset of the bad part, and a word the error must hold. */
static const struct {
	const char *spec;
	int code;
	size_t off;
	const char *says;
} bad_specs[] = {
        {"99999", PP_ERANGE, 0, "99999"},
        {"22,65536", PP_ERANGE, 3, "65536"},
        {"0", PP_ERANGE, 0, "port 0"},
        {"80,0-10", PP_ERANGE, 3, "0-10"},
        {"2000-1000", PP_ERANGE, 0, "reversed"},
        {"22,abc", PP_ESYNTAX, 3, "abc"},
        {"22,,80", PP_ESYNTAX, 3, "empty"},
        {"", PP_ESYNTAX, 0, "empty"},
        {"1-2-3", PP_ESYNTAX, 0, "1-2-3"},
        {"22,", PP_ESYNTAX, 3, "empty"},
        {"T:22", PP_ESYNTAX, 0, "prefix"},
        {"12000-132000", PP_ERANGE, 0, "above 65535"},
        {"99999999999999999999999", PP_ERANGE, 0, "above 65535"},
};

START_TEST(test_parse_errors)
{
	pp_portset ps;
	char err[128];
	size_t off = 99;

	pp_portset_init(&ps);
	ck_assert_int_eq(pp_portset_parse(bad_specs[_i].spec, &ps, &off, err, sizeof(err)),
	                 bad_specs[_i].code);
	ck_assert_uint_eq(off, bad_specs[_i].off);
	ck_assert_msg(strstr(err, bad_specs[_i].says) != NULL, "'%s' -> '%s'", bad_specs[_i].spec,
	              err);
	pp_portset_free(&ps);
}
END_TEST

START_TEST(test_portspec_prefixes)
{
	pp_portset t, u;
	char err[128];
	size_t off;

	pp_portset_init(&t);
	pp_portset_init(&u);
	ck_assert_int_eq(pp_portspec_parse("22,80,U:53,161,T:443,8000-8010", PP_PROTO_TCP, &t, &u,
	                                   &off, err, sizeof(err)),
	                 0);
	ck_assert_str_eq(fmt(&t), "22,80,443,8000-8010");
	ck_assert_str_eq(fmt(&u), "53,161");
	pp_portset_clear(&t);
	pp_portset_clear(&u);
	ck_assert_int_eq(pp_portspec_parse("5060", PP_PROTO_TCP | PP_PROTO_UDP, &t, &u, &off, err,
	                                   sizeof(err)),
	                 0);
	ck_assert_str_eq(fmt(&t), "5060");
	ck_assert_str_eq(fmt(&u), "5060");
	ck_assert_int_eq(
	        pp_portspec_parse("T:22,X:5", PP_PROTO_TCP, &t, &u, &off, err, sizeof(err)),
	        PP_ESYNTAX);
	ck_assert_uint_eq(off, 5);
	ck_assert_int_eq(pp_portspec_parse("U:", PP_PROTO_TCP, &t, &u, &off, err, sizeof(err)),
	                 PP_ESYNTAX);
	pp_portset_free(&t);
	pp_portset_free(&u);
}
END_TEST

/* Random sets built two ways, as ranges and as a bitmap, must agree everywhere. */
START_TEST(test_random_against_bitmap)
{
	static unsigned char bits[2][65536];
	pp_portset a, b, x;
	unsigned seed = 12345u + (unsigned)_i, p, k;
	size_t n[2];

	memset(bits, 0, sizeof(bits));
	pp_portset_init(&a);
	pp_portset_init(&b);
	pp_portset_init(&x);
	for (int s = 0; s < 2; s++) {
		pp_portset *ps = s ? &b : &a;
		for (k = 0; k < 200; k++) {
			unsigned lo = 1 + (unsigned)(rand_r(&seed) % 65535);
			unsigned len = (unsigned)(rand_r(&seed) % (k % 3 ? 50 : 3000));
			unsigned hi = lo + len > 65535 ? 65535 : lo + len;
			ck_assert_int_eq(pp_portset_add(ps, lo, hi), 0);
			for (p = lo; p <= hi; p++)
				bits[s][p] = 1;
		}
	}
	for (int s = 0; s < 2; s++) {
		n[s] = 0;
		for (p = 0; p < 65536; p++) {
			ck_assert_int_eq(pp_portset_contains(s ? &b : &a, p), bits[s][p]);
			n[s] += bits[s][p];
		}
		ck_assert_uint_eq(pp_portset_count(s ? &b : &a), n[s]);
	}
	/* Ranges stay sorted, disjoint and not adjacent. */
	for (size_t i = 1; i < a.n; i++)
		ck_assert_uint_gt(a.r[i].lo, (unsigned)a.r[i - 1].hi + 1);
	/* nth walks the set in order. */
	for (size_t i = 0, q = 0; q < 65536; q++)
		if (bits[0][q])
			ck_assert_uint_eq(pp_portset_nth(&a, i++), q);
	/* Intersection, union, difference. */
	ck_assert_int_eq(pp_portset_intersect(&x, &a, &b), 0);
	for (p = 0; p < 65536; p++)
		ck_assert_int_eq(pp_portset_contains(&x, p), bits[0][p] && bits[1][p]);
	ck_assert_int_eq(pp_portset_copy(&x, &a), 0);
	ck_assert_int_eq(pp_portset_subtract(&x, &b), 0);
	for (p = 0; p < 65536; p++)
		ck_assert_int_eq(pp_portset_contains(&x, p), bits[0][p] && !bits[1][p]);
	ck_assert_int_eq(pp_portset_union(&x, &b), 0);
	for (p = 0; p < 65536; p++)
		ck_assert_int_eq(pp_portset_contains(&x, p), bits[0][p] || bits[1][p]);
	/* Format and parse back: the same set. */
	{
		pp_portset y;
		char err[128];
		size_t off;
		pp_portset_init(&y);
		ck_assert_int_eq(pp_portset_parse(fmt(&x), &y, &off, err, sizeof(err)), 0);
		ck_assert(pp_portset_equal(&x, &y));
		pp_portset_free(&y);
	}
	pp_portset_free(&a);
	pp_portset_free(&b);
	pp_portset_free(&x);
}
END_TEST

START_TEST(test_strerror)
{
	ck_assert_str_eq(pp_strerror(PP_ERANGE), "value out of range");
	ck_assert_str_eq(pp_strerror(PP_EINVAL), "invalid argument");
	ck_assert_int_eq(PP_EINVAL, -1);
	ck_assert_str_eq(pp_strerror(-1000), "unknown error");
	ck_assert_str_eq(pp_strerror(0), "success");
}
END_TEST

static Suite *
portset_suite(void)
{
	Suite *s = suite_create("portset");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_simple);
	tcase_add_test(tc, test_parse_merge_and_ends);
	tcase_add_loop_test(tc, test_parse_errors, 0, sizeof(bad_specs) / sizeof(bad_specs[0]));
	tcase_add_test(tc, test_portspec_prefixes);
	tcase_add_loop_test(tc, test_random_against_bitmap, 0, 8);
	tcase_add_test(tc, test_strerror);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(portset_suite());
}
