/*
 * Unit tests of the address type (pp_addr.h): what parses and what does not
 * (inet_pton's rules for IPv6, the strict dotted quad, scoped addresses refused),
 * RFC 5952 text, the order (IPv4 before IPv6, each by address), CIDR parsing and
 * matching in both families, and the crossing to the engine's IPv4 uint32.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_addr.h"
#include "pp_error.h"
#include "runner.h"

/* Text in, the canonical text out (NULL: it must not parse, with rc). */
static const struct {
	const char *in, *out;
	int rc;
} cases[] = {
        {"198.18.0.1", "198.18.0.1", 0},
        {"255.255.255.255", "255.255.255.255", 0},
        {"0.0.0.0", "0.0.0.0", 0},
        {"2001:2::1", "2001:2::1", 0},
        {"2001:0002:0000:0000:0000:0000:0000:0001", "2001:2::1", 0},
        {"2001:2:0:0:1:0:0:1", "2001:2::1:0:0:1", 0},    /* RFC 5952 4.2.3: the first run */
        {"2001:2:0:0:0:1:0:0", "2001:2::1:0:0", 0},      /* ... the longest */
        {"2001:2:0:1:1:1:1:1", "2001:2:0:1:1:1:1:1", 0}, /* 4.2.2: not one 16-bit 0 */
        {"2001:2::ABCD", "2001:2::abcd", 0},             /* 4.3: lower case */
        {"::", "::", 0},
        {"::1", "::1", 0},
        {"::ffff:198.18.0.1", "::ffff:198.18.0.1", 0}, /* IPv4-mapped: IPv6 */
        {"2001:2::198.18.0.1", "2001:2::c612:1", 0},
        {"fe80::1%eth0", NULL, PP_ENOTSUP},
        {"2001:2::1%1", NULL, PP_ENOTSUP},
        {"198.18.0.01", NULL, PP_EINVAL}, /* a leading zero: octal to some */
        {"198.18.0", NULL, PP_EINVAL},
        {"198.18.0.256", NULL, PP_EINVAL},
        {"2001:2::1::2", NULL, PP_EINVAL},
        {"2001:2:::1", NULL, PP_EINVAL},
        {"2001:2::g", NULL, PP_EINVAL},
        {"2001:2:0:0:0:0:0:0:1", NULL, PP_EINVAL},
        {"[2001:2::1]", NULL, PP_EINVAL},
        {"2001:2::1/64", NULL, PP_EINVAL},
        {"", NULL, PP_EINVAL},
        {" 2001:2::1", NULL, PP_EINVAL},
};

START_TEST(test_parse_format)
{
	struct pp_addr a;
	char buf[PP_ADDR_STRLEN];
	int rc = pp_addr_parse(cases[_i].in, &a);

	ck_assert_msg(rc == (cases[_i].out ? 0 : cases[_i].rc), "'%s': rc %d", cases[_i].in, rc);
	if (cases[_i].out == NULL)
		return;
	ck_assert_str_eq(pp_addr_str(&a, buf, sizeof(buf)), cases[_i].out);
	ck_assert_int_eq(a.family, strchr(cases[_i].in, ':') ? PP_AF_INET6 : PP_AF_INET);
}
END_TEST

START_TEST(test_longest_text)
{
	struct pp_addr a;
	char buf[PP_ADDR_STRLEN];

	ck_assert_int_eq(pp_addr_parse("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", &a), 0);
	pp_addr_str(&a, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	ck_assert_int_eq(pp_addr_parse("::ffff:255.255.255.255", &a), 0);
	ck_assert_str_eq(pp_addr_str(&a, buf, sizeof(buf)), "::ffff:255.255.255.255");
}
END_TEST

START_TEST(test_v4_crossing)
{
	struct pp_addr a = pp_addr_from_v4(0xc6120a0bu), b;
	char buf[PP_ADDR_STRLEN];

	ck_assert(pp_addr_is_v4(&a));
	ck_assert_uint_eq(pp_addr_v4(&a), 0xc6120a0bu);
	ck_assert_str_eq(pp_addr_str(&a, buf, sizeof(buf)), "198.18.10.11");
	ck_assert_int_eq(pp_addr_parse("198.18.10.11", &b), 0);
	ck_assert(pp_addr_eq(&a, &b));
	ck_assert_int_eq(pp_addr_cmp(&a, &b), 0);
	ck_assert_uint_eq(pp_addr_hash(&a), pp_addr_hash(&b));
	ck_assert_int_eq(pp_addr_parse("2001:2::c612:a0b", &b), 0);
	ck_assert(!pp_addr_is_v4(&b));
	ck_assert_uint_eq(pp_addr_v4(&b), 0);
	ck_assert(!pp_addr_eq(&a, &b)); /* the same last 32 bits, another address */
}
END_TEST

/* Sorted: IPv4 before IPv6, each by value (not by text: "9" after "10"). */
START_TEST(test_order)
{
	static const char *const sorted[] = {
	        "0.0.0.0",     "9.0.0.1",        "10.0.0.1",        "198.18.0.9",
	        "198.18.0.10", "198.19.0.1",     "255.255.255.255", "::",
	        "::1",         "::ffff:1.2.3.4", "2001:2::9",       "2001:2::a",
	        "2001:2::10",  "2001:2:0:1::",   "fe80::1",         "ffff::",
	};
	size_t n = sizeof(sorted) / sizeof(sorted[0]), i, j;
	struct pp_addr a, b;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			ck_assert_int_eq(pp_addr_parse(sorted[i], &a), 0);
			ck_assert_int_eq(pp_addr_parse(sorted[j], &b), 0);
			int c = pp_addr_cmp(&a, &b);
			ck_assert_msg((i < j) == (c < 0) && (i == j) == (c == 0) &&
			                      (i > j) == (c > 0),
			              "%s vs %s: %d", sorted[i], sorted[j], c);
		}
}
END_TEST

START_TEST(test_cidr)
{
	struct pp_cidr c;
	struct pp_addr a;
	char buf[PP_CIDR_STRLEN];

	ck_assert_int_eq(pp_cidr_parse("198.18.1.77/24", &c), 0);
	ck_assert_str_eq(pp_cidr_str(&c, buf, sizeof(buf)), "198.18.1.0/24");
	pp_addr_parse("198.18.1.255", &a);
	ck_assert(pp_cidr_match(&c, &a));
	pp_addr_parse("198.18.2.0", &a);
	ck_assert(!pp_cidr_match(&c, &a));

	ck_assert_int_eq(pp_cidr_parse("2001:2:0:1:ffff::1/48", &c), 0);
	ck_assert_str_eq(pp_cidr_str(&c, buf, sizeof(buf)), "2001:2::/48");
	pp_addr_parse("2001:2:0:ffff::1", &a);
	ck_assert(pp_cidr_match(&c, &a));
	pp_addr_parse("2001:3::1", &a);
	ck_assert(!pp_cidr_match(&c, &a));
	pp_addr_parse("198.18.0.1", &a);
	ck_assert(!pp_cidr_match(&c, &a)); /* never across families */

	/* A prefix that is not a multiple of 8, in both families. */
	ck_assert_int_eq(pp_cidr_parse("2001:2::ff:0/108", &c), 0);
	ck_assert_str_eq(pp_cidr_str(&c, buf, sizeof(buf)), "2001:2::f0:0/108");
	pp_addr_parse("2001:2::ff:ffff", &a);
	ck_assert(pp_cidr_match(&c, &a));
	pp_addr_parse("2001:2::100:0", &a);
	ck_assert(!pp_cidr_match(&c, &a));
	ck_assert_int_eq(pp_cidr_parse("198.18.0.0/15", &c), 0);
	pp_addr_parse("198.19.255.255", &a);
	ck_assert(pp_cidr_match(&c, &a));
	pp_addr_parse("198.20.0.0", &a);
	ck_assert(!pp_cidr_match(&c, &a));

	/* An address alone is a host; /0 is everything of its family. */
	ck_assert_int_eq(pp_cidr_parse("2001:2::5", &c), 0);
	ck_assert_str_eq(pp_cidr_str(&c, buf, sizeof(buf)), "2001:2::5/128");
	ck_assert_int_eq(pp_cidr_parse("::/0", &c), 0);
	pp_addr_parse("2001:2::5", &a);
	ck_assert(pp_cidr_match(&c, &a));
	pp_addr_parse("198.18.0.5", &a);
	ck_assert(!pp_cidr_match(&c, &a));

	ck_assert_int_eq(pp_cidr_parse("2001:2::/129", &c), PP_EINVAL);
	ck_assert_int_eq(pp_cidr_parse("198.18.0.0/33", &c), PP_EINVAL);
	ck_assert_int_eq(pp_cidr_parse("2001:2::/", &c), PP_EINVAL);
	ck_assert_int_eq(pp_cidr_parse("2001:2::/-1", &c), PP_EINVAL);
	ck_assert_int_eq(pp_cidr_parse("2001:2::/4x", &c), PP_EINVAL);
	ck_assert_int_eq(pp_cidr_parse("/64", &c), PP_EINVAL);
	ck_assert_int_eq(pp_cidr_parse("fe80::%eth0/64", &c), PP_ENOTSUP);
}
END_TEST

static Suite *
addr_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_parse_format, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_longest_text);
	tcase_add_test(tc, test_v4_crossing);
	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_cidr);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(addr_suite());
}
