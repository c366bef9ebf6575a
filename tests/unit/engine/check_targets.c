/* Unit tests of the target specs: addresses, CIDR, ranges, lists, files,
 * exclusions, refusals (0.0.0.0/8, multicast, broadcast, our own addresses), and
 * the index between host numbers and addresses; the same over IPv6 (prefixes
 * past a /112, scoped addresses) and -4/-6 for a name. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pp_error.h"
#include "runner.h"
#include "engine/targets.h"

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static pp__targets t;
static char err[512];

static void
setup(void)
{
	pp__targets_init(&t);
	err[0] = '\0';
}

static void
teardown(void)
{
	pp__targets_free(&t);
}

static int
add(const char *spec)
{
	return pp__targets_add(&t, spec, 0, err, sizeof(err));
}

START_TEST(test_forms)
{
	ck_assert_int_eq(add("198.18.0.2"), 0);
	ck_assert_int_eq(add("198.18.1.0/30"), 0);
	ck_assert_int_eq(add("198.18.2.10-12"), 0);
	ck_assert_int_eq(add("198.18.3.250-198.18.4.1"), 0);
	ck_assert_int_eq(add("198.18.0.2,198.18.9.9 198.18.9.9"), 0); /* duplicates merge */
	ck_assert_int_eq(pp__targets_finish(&t, NULL, 0, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.count, 1 + 4 + 3 + 8 + 1);
	ck_assert_uint_eq(pp__targets_addr(&t, 0), A(198, 18, 0, 2));
	ck_assert_uint_eq(pp__targets_addr(&t, 1), A(198, 18, 1, 0));
	ck_assert_uint_eq(pp__targets_addr(&t, 16), A(198, 18, 9, 9));
	ck_assert_int_eq(pp__targets_index(&t, A(198, 18, 4, 1)), 15);
	ck_assert_int_eq(pp__targets_index(&t, A(198, 18, 4, 2)), -1);
	ck_assert_int_eq(pp__targets_index(&t, A(198, 18, 0, 1)), -1);
	for (uint64_t i = 0; i < t.count; i++)
		ck_assert_int_eq(pp__targets_index(&t, pp__targets_addr(&t, i)), (int64_t)i);
}
END_TEST

START_TEST(test_cidr_unaligned)
{
	/* The host bits of a block are ignored, as nmap does. */
	ck_assert_int_eq(add("198.18.0.77/24"), 0);
	ck_assert_int_eq(pp__targets_finish(&t, NULL, 0, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.count, 256);
	ck_assert_uint_eq(pp__targets_addr(&t, 0), A(198, 18, 0, 0));
}
END_TEST

static const struct {
	const char *spec;
	int code;
	const char *says;
} bad[] = {
        {"198.18.0.256", PP_ESYNTAX, "198.18.0.256"},
        {"198.18.0", PP_ESYNTAX, "not an IPv4 address"},
        {"198.18.0.1/33", PP_ESYNTAX, "prefix"},
        {"198.18.0.1/", PP_ESYNTAX, "prefix"},
        {"198.18.0.9-3", PP_ERANGE, "reversed"},
        {"198.18.0.9-300", PP_ESYNTAX, "range"},
        {"198.18.0.1x", PP_ESYNTAX, "198.18.0.1x"},
        {"bad!name", PP_ESYNTAX, "bad!name"},
        {"", PP_ESYNTAX, "empty"},
        {"no-such-host.invalid", PP_ENOENT, "no-such-host.invalid"},
        {"2001:2::1::2", PP_ESYNTAX, "not an IPv6 address"},
        {"2001:2::/129", PP_ESYNTAX, "/0 to /128"},
        {"2001:2::/", PP_ESYNTAX, "/0 to /128"},
        {"2001:2::9-2001:2::3", PP_ERANGE, "reversed"},
        {"2001:2::9-x", PP_ESYNTAX, "not an IPv6 address"},
        {"fe80::1%eth0", PP_EINVAL, "a scoped address"},
        {"host%eth0", PP_EINVAL, "a scoped address"},
};

static void
addr6(uint64_t i, const char *want)
{
	uint8_t b[16];
	char a[64];

	pp__targets_addr6(&t, i, b);
	inet_ntop(AF_INET6, b, a, sizeof(a));
	ck_assert_str_eq(a, want);
	ck_assert_int_eq(pp__targets_index6(&t, b), (int64_t)i);
}

/* IPv6: addresses, prefixes, ranges, exclusions; after the IPv4 hosts. */
START_TEST(test_v6)
{
	uint8_t b[16];

	ck_assert_int_eq(add("2001:2::10,198.18.0.2"), 0);
	ck_assert_int_eq(add("2001:2::1:0/126"), 0);
	ck_assert_int_eq(add("2001:2::ffff-2001:2::1:1"), 0); /* overlaps: merge */
	ck_assert_int_eq(add("2001:2::2"), 0);
	ck_assert_int_eq(pp__targets_add(&t, "2001:2::1:2", 1, err, sizeof(err)), 0);
	ck_assert_int_eq(pp__targets_finish(&t, NULL, 0, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.count4, 1);
	ck_assert_uint_eq(t.count, 1 + 1 + 1 + 4);
	ck_assert(!pp__targets_is6(&t, 0));
	ck_assert(pp__targets_is6(&t, 1));
	ck_assert_uint_eq(pp__targets_addr(&t, 0), A(198, 18, 0, 2));
	addr6(1, "2001:2::2");
	addr6(2, "2001:2::10");
	addr6(3, "2001:2::ffff");
	addr6(4, "2001:2::1:0");
	addr6(5, "2001:2::1:1");
	addr6(6, "2001:2::1:3");
	inet_pton(AF_INET6, "2001:2::1:2", b);
	ck_assert_int_eq(pp__targets_index6(&t, b), -1);
	inet_pton(AF_INET6, "2001:2::3", b);
	ck_assert_int_eq(pp__targets_index6(&t, b), -1);
}
END_TEST

/* More than a /112 without --force, with the count; never more than 2^40. */
START_TEST(test_v6_large)
{
	ck_assert_int_eq(add("2001:2::/112"), 0);
	ck_assert_int_eq(pp__targets_finish(&t, NULL, 0, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.count, 65536);
	pp__targets_free(&t);
	ck_assert_int_eq(add("2001:2::/111"), 0);
	ck_assert_int_eq(pp__targets_finish(&t, NULL, 0, err, sizeof(err)), PP_EPERM);
	ck_assert_str_eq(err,
	                 "2001:2::/111: 131072 addresses, more than a /112's 65536 (--force to "
	                 "scan them)");
	ck_assert_int_eq(pp__targets_finish(&t, NULL, 1, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.count, 131072);
	pp__targets_free(&t);
	ck_assert_int_eq(add("2001:2::/64"), 0);
	ck_assert_int_eq(pp__targets_finish(&t, NULL, 1, err, sizeof(err)), PP_ERANGE);
	ck_assert_ptr_nonnull(strstr(err, "18446744073709551616 addresses, too many"));
}
END_TEST

/* The 128-bit arithmetic (two 64-bit halves) where a carry crosses them, and
 * at the ends of the address space. */
START_TEST(test_v6_halves)
{
	ck_assert_int_eq(add("2001:2::ffff:ffff:ffff:fffe-2001:2:0:1::1"), 0);
	ck_assert_int_eq(pp__targets_add(&t, "2001:2:0:1::", 1, err, sizeof(err)), 0);
	ck_assert_int_eq(pp__targets_finish(&t, NULL, 0, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.count, 3);
	addr6(0, "2001:2::ffff:ffff:ffff:fffe");
	addr6(1, "2001:2::ffff:ffff:ffff:ffff");
	addr6(2, "2001:2:0:1::1");
	pp__targets_free(&t);
	/* A /63 across the halves, merged with its neighbour /64. */
	ck_assert_int_eq(add("2001:2:0:2::/63,2001:2:0:4::/64"), 0);
	ck_assert_int_eq(pp__targets_finish(&t, NULL, 1, err, sizeof(err)), PP_ERANGE);
	ck_assert_ptr_nonnull(strstr(err, "2001:2:0:2::/63: 36893488147419103232 addresses"));
	pp__targets_free(&t);
	ck_assert_int_eq(add("::/0"), 0);
	ck_assert_int_eq(pp__targets_finish(&t, NULL, 1, err, sizeof(err)), PP_ERANGE);
	ck_assert_ptr_nonnull(strstr(err, "::/0: 340282366920938463463374607431768211456 "
	                                  "addresses, too many"));
	pp__targets_free(&t);
	/* The last addresses, merged with a range ending there. */
	ck_assert_int_eq(add("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe-ffff:ffff:ffff:ffff:ffff:"
	                     "ffff:ffff:ffff,"
	                     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
	                 0);
	ck_assert_int_eq(pp__targets_finish(&t, NULL, 1, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.count, 2);
	addr6(1, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}
END_TEST

START_TEST(test_v6_refused)
{
	uint8_t own6[1][16];
	struct pp__refuse rf = {NULL, 0, NULL, 0, (const uint8_t(*)[16])own6, 1};
	static const struct {
		const char *spec, *says;
	} cases[] = {
	        {"::1", "loopback"},
	        {"::", "unspecified"},
	        {"ff02::1", "multicast"},
	        {"fe80::1", "link-local"},
	        {"::ffff:198.18.0.2", "IPv4-mapped"},
	        {"2001:2::1", "this machine's own"},
	        {"2001:2::/120", "includes 2001:2::1, this machine's own"},
	};
	size_t i;

	inet_pton(AF_INET6, "2001:2::1", own6[0]);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pp__targets_free(&t);
		ck_assert_int_eq(add(cases[i].spec), 0);
		ck_assert_int_eq(pp__targets_finish(&t, &rf, 0, err, sizeof(err)), PP_EPERM);
		ck_assert_msg(strstr(err, cases[i].says) != NULL, "%s: %s", cases[i].spec, err);
		ck_assert_int_eq(pp__targets_finish(&t, &rf, 1, err, sizeof(err)), 0);
	}
	/* Excluded, it is no longer refused. */
	pp__targets_free(&t);
	ck_assert_int_eq(add("2001:2::/120"), 0);
	ck_assert_int_eq(pp__targets_add(&t, "2001:2::1", 1, err, sizeof(err)), 0);
	ck_assert_int_eq(pp__targets_finish(&t, &rf, 0, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.count, 255);
}
END_TEST

/* -4: a name's IPv4 address (-6: tests/integration/scan-ipv6.sh, with a
 * hosts file of its own: this machine's may have no IPv6 name). */
START_TEST(test_hostname_family)
{
	t.prefer = 4;
	ck_assert_int_eq(add("localhost"), 0);
	ck_assert(!t.inc[0].v6);
	ck_assert_uint_eq(t.inc[0].r.lo >> 24, 127);
}
END_TEST

START_TEST(test_bad)
{
	ck_assert_int_eq(add(bad[_i].spec), bad[_i].code);
	ck_assert_msg(strstr(err, bad[_i].says) != NULL, "'%s': %s", bad[_i].spec, err);
}
END_TEST

START_TEST(test_hostname)
{
	ck_assert_int_eq(add("localhost"), 0);
	ck_assert_uint_eq(t.inc[0].r.lo >> 24, 127);
}
END_TEST

START_TEST(test_exclude)
{
	ck_assert_int_eq(add("198.18.0.0/24"), 0);
	ck_assert_int_eq(pp__targets_add(&t, "198.18.0.0-9,198.18.0.128/25", 1, err, sizeof(err)),
	                 0);
	ck_assert_int_eq(pp__targets_add(&t, "198.18.0.50", 1, err, sizeof(err)), 0);
	ck_assert_int_eq(pp__targets_finish(&t, NULL, 0, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.count, 128 - 10 - 1);
	ck_assert_uint_eq(pp__targets_addr(&t, 0), A(198, 18, 0, 10));
	ck_assert_int_eq(pp__targets_index(&t, A(198, 18, 0, 50)), -1);
	ck_assert_int_eq(pp__targets_index(&t, A(198, 18, 0, 51)), 40);
}
END_TEST

START_TEST(test_everything_excluded)
{
	ck_assert_int_eq(add("198.18.0.1"), 0);
	ck_assert_int_eq(pp__targets_add(&t, "198.18.0.0/24", 1, err, sizeof(err)), 0);
	ck_assert_int_eq(pp__targets_finish(&t, NULL, 0, err, sizeof(err)), PP_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "excluded"));
}
END_TEST

START_TEST(test_refused)
{
	uint32_t own[] = {A(198, 18, 0, 1)}, bc[] = {A(198, 18, 0, 255)};
	struct pp__refuse rf = {own, 1, bc, 1, NULL, 0};
	static const struct {
		const char *spec;
		const char *says;
	} cases[] = {
	        {"0.1.2.3", "0.0.0.0/8"},
	        {"224.0.0.1", "multicast"},
	        {"239.255.255.250", "multicast"},
	        {"255.255.255.255", "broadcast"},
	        {"198.18.0.255", "broadcast"},
	        {"198.18.0.1", "own"},
	        {"198.18.0.0/24", "198.18.0.0/24: includes 198.18.0.1"},
	        {"127.0.0.1", "loopback"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pp__targets_free(&t);
		pp__targets_init(&t);
		ck_assert_int_eq(add(cases[i].spec), 0);
		ck_assert_int_eq(pp__targets_finish(&t, &rf, 0, err, sizeof(err)), PP_EPERM);
		ck_assert_msg(strstr(err, cases[i].says) != NULL, "%s: %s", cases[i].spec, err);
		ck_assert_msg(strncmp(err, cases[i].spec, strlen(cases[i].spec)) == 0,
		              "error names the target: %s", err);
		/* --force lets it through. */
		ck_assert_int_eq(pp__targets_finish(&t, &rf, 1, err, sizeof(err)), 0);
	}
	/* Excluding the refused addresses is enough. */
	pp__targets_free(&t);
	pp__targets_init(&t);
	ck_assert_int_eq(add("198.18.0.0/24"), 0);
	ck_assert_int_eq(pp__targets_add(&t, "198.18.0.1,198.18.0.255", 1, err, sizeof(err)), 0);
	ck_assert_int_eq(pp__targets_finish(&t, &rf, 0, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.count, 254);
}
END_TEST

START_TEST(test_file)
{
	char path[] = "/tmp/check_targets.XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");

	fputs("# the lab\n198.18.0.2 198.18.0.3\n\n198.18.1.0/31 # two\n", fp);
	fclose(fp);
	ck_assert_int_eq(pp__targets_add_file(&t, path, 0, err, sizeof(err)), 0);
	ck_assert_int_eq(pp__targets_finish(&t, NULL, 0, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.count, 4);
	fp = fopen(path, "w");
	fputs("198.18.0.2\n198.18.0.999\n", fp);
	fclose(fp);
	ck_assert_int_eq(pp__targets_add_file(&t, path, 0, err, sizeof(err)), PP_ESYNTAX);
	ck_assert_msg(strstr(err, ":2: 198.18.0.999") != NULL, "%s", err);
	unlink(path);
	ck_assert_int_eq(pp__targets_add_file(&t, path, 0, err, sizeof(err)), PP_EIO);
	ck_assert_ptr_nonnull(strstr(err, path));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("targets");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_forms);
	tcase_add_test(tc, test_cidr_unaligned);
	tcase_add_loop_test(tc, test_bad, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_hostname);
	tcase_add_test(tc, test_exclude);
	tcase_add_test(tc, test_everything_excluded);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_file);
	tcase_add_test(tc, test_v6);
	tcase_add_test(tc, test_v6_large);
	tcase_add_test(tc, test_v6_halves);
	tcase_add_test(tc, test_v6_refused);
	tcase_add_test(tc, test_hostname_family);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
