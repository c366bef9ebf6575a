/* Unit tests of SipHash-2-4 (the paper's and the reference's vectors) and of the
 * probe cookies built on it. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <string.h>

#include "engine/cookie.h"
#include "runner.h"
#include "engine/siphash.h"

static const uint8_t key[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

START_TEST(test_siphash_paper)
{
	/* Appendix A of the paper: key 00..0f, message 00..0e. */
	uint8_t m[15];
	int i;

	for (i = 0; i < 15; i++)
		m[i] = (uint8_t)i;
	ck_assert_uint_eq(pp__siphash24(key, m, sizeof(m)), 0xa129ca6149be45e5ULL);
}
END_TEST

START_TEST(test_siphash_reference_vectors)
{
	/* vectors.h of the reference implementation: message 00..(n-1). */
	static const struct {
		size_t n;
		uint64_t h;
	} v[] = {
	        {0, 0x726fdb47dd0e0e31ULL}, {1, 0x74f839c593dc67fdULL},  {7, 0xab0200f58b01d137ULL},
	        {8, 0x93f5f5799a932462ULL}, {63, 0x958a324ceb064572ULL},
	};
	uint8_t m[64];
	size_t i;

	for (i = 0; i < sizeof(m); i++)
		m[i] = (uint8_t)i;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		ck_assert_msg(pp__siphash24(key, m, v[i].n) == v[i].h, "length %zu", v[i].n);
}
END_TEST

static struct pp__cookie_key ck;

static void
setup(void)
{
	memcpy(ck.k, key, 16);
	ck.sport_lo = 61000;
	ck.sport_hi = 65535;
}

START_TEST(test_cookie_tcp)
{
	uint32_t us = 0xc6120001, them = 0xc6120002; /* 198.18.0.1, .2 */
	uint64_t c = pp__cookie(&ck, 1, us, them, 80);
	uint16_t sport = pp__cookie_sport(&ck, c);
	uint32_t seq = pp__cookie_seq(c);

	ck_assert_uint_ge(sport, 61000);
	ck_assert_uint_le(sport, 65535);
	/* A SYN-ACK or RST acknowledges seq + 1. */
	ck_assert(pp__cookie_check_tcp_ack(&ck, us, them, sport, 80, seq + 1));
	ck_assert(!pp__cookie_check_tcp_ack(&ck, us, them, sport, 80, seq));
	ck_assert(!pp__cookie_check_tcp_ack(&ck, us, them, sport, 81, seq + 1));
	ck_assert(!pp__cookie_check_tcp_ack(&ck, us, them + 1, sport, 80, seq + 1));
	ck_assert(!pp__cookie_check_tcp_ack(&ck, us, them, (uint16_t)(sport ^ 1), 80, seq + 1));
	/* An ICMP error quotes seq itself. */
	ck_assert(pp__cookie_check_tcp_seq(&ck, us, them, sport, 80, seq));
	ck_assert(!pp__cookie_check_tcp_seq(&ck, us, them, sport, 80, seq + 1));
}
END_TEST

START_TEST(test_cookie_tcp_tries)
{
	uint32_t us = 0xc6120001, them = 0xc6120002;
	uint64_t c = pp__cookie(&ck, 1, us, them, 443);
	unsigned t;

	ck_assert_uint_eq(pp__cookie_seq_try(c, 0), pp__cookie_seq(c));
	ck_assert_uint_eq(pp__cookie_sport_try(&ck, c, 0), pp__cookie_sport(&ck, c));
	/* Each try its own seq and source port; an answer names the try (1 + try). */
	for (t = 0; t < 12; t++) {
		uint32_t seq = pp__cookie_seq_try(c, t);
		uint16_t sport = pp__cookie_sport_try(&ck, c, t);
		ck_assert_int_eq(pp__cookie_check_tcp_ack(&ck, us, them, sport, 443, seq + 1),
		                 (int)t + 1);
		ck_assert_int_eq(pp__cookie_check_tcp_seq(&ck, us, them, sport, 443, seq),
		                 (int)t + 1);
		/* An ack off by one is no try's. */
		ck_assert_int_eq(pp__cookie_check_tcp_ack(&ck, us, them, sport, 443, seq), 0);
		ck_assert_int_eq(pp__cookie_check_tcp_ack(&ck, us, them, sport, 443, seq + 2), 0);
		if (t > 0) {
			uint16_t before = pp__cookie_sport_try(&ck, c, t - 1);
			ck_assert_uint_ne(seq, pp__cookie_seq_try(c, t - 1));
			ck_assert_uint_ne(sport, before);
			/* A try's sequence number from another try's port is no answer. */
			ck_assert_int_eq(
			        pp__cookie_check_tcp_ack(&ck, us, them, before, 443, seq + 1), 0);
		}
	}
	/* Tries past the last number share it. */
	ck_assert_uint_eq(pp__cookie_seq_try(c, 300), pp__cookie_seq_try(c, PP__TRY_MAX));
	ck_assert_uint_eq(pp__cookie_sport_try(&ck, c, 300),
	                  pp__cookie_sport_try(&ck, c, PP__TRY_MAX));
	/* One source port (--source-port): every try from it. */
	ck.sport_lo = ck.sport_hi = 53;
	for (t = 0; t < 4; t++) {
		ck_assert_uint_eq(pp__cookie_sport_try(&ck, c, t), 53);
		ck_assert_int_eq(pp__cookie_check_tcp_ack(&ck, us, them, 53, 443,
		                                          pp__cookie_seq_try(c, t) + 1),
		                 (int)t + 1);
	}
}
END_TEST

START_TEST(test_cookie_keyed)
{
	struct pp__cookie_key other = ck;
	uint32_t us = 0xc6120001, them = 0xc6120002;

	other.k[0] ^= 1;
	ck_assert_uint_ne(pp__cookie(&ck, 1, us, them, 80), pp__cookie(&other, 1, us, them, 80));
	/* Protocol, addresses and port all enter the hash. */
	ck_assert_uint_ne(pp__cookie(&ck, 1, us, them, 80), pp__cookie(&ck, 2, us, them, 80));
	ck_assert_uint_ne(pp__cookie(&ck, 1, us, them, 80), pp__cookie(&ck, 1, them, us, 80));
	ck_assert_uint_ne(pp__cookie(&ck, 1, us, them, 80), pp__cookie(&ck, 1, us, them, 81));
}
END_TEST

START_TEST(test_cookie_udp_and_range)
{
	uint32_t us = 0xc6120001, them = 0xc6120002;
	unsigned p, seen_lo = 65535, seen_hi = 0;

	ck.sport_lo = 40000;
	ck.sport_hi = 40009;
	for (p = 1; p < 2000; p++) {
		uint16_t s = pp__cookie_sport(&ck, pp__cookie(&ck, 2, us, them, (uint16_t)p));
		ck_assert_uint_ge(s, 40000);
		ck_assert_uint_le(s, 40009);
		seen_lo = s < seen_lo ? s : seen_lo;
		seen_hi = s > seen_hi ? s : seen_hi;
		ck_assert(pp__cookie_check_udp(&ck, us, them, s, (uint16_t)p));
	}
	ck_assert_uint_eq(seen_lo, 40000);
	ck_assert_uint_eq(seen_hi, 40009);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("cookie");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_siphash_paper);
	tcase_add_test(tc, test_siphash_reference_vectors);
	tcase_add_test(tc, test_cookie_tcp);
	tcase_add_test(tc, test_cookie_tcp_tries);
	tcase_add_test(tc, test_cookie_keyed);
	tcase_add_test(tc, test_cookie_udp_and_range);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
