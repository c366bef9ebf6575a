/*
 * Unit tests of the connect method's pure parts: the probes in flight
 * (lib/engine/cpool.c: free list and order of arming), a socket's outcome as a
 * port state (connect_class.c: the raw classifier's states and reasons from
 * errno and the IP_RECVERR error queue), and the timing rules both back ends
 * share (rounds.c: TCP back-off, the UDP rounds under Linux's ICMP limit).
 * The sockets themselves are tested for real in tests/integration/connect.sh.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/connect.h"
#include "engine/rounds.h"
#include "pp_result.h"
#include "runner.h"

START_TEST(test_pool_order)
{
	struct pp__cpool c;
	uint32_t a, b, d;

	ck_assert_int_eq(pp__cpool_init(&c, 3), 0);
	ck_assert_uint_eq(pp__cpool_head(&c), PP__CNIL);
	a = pp__cpool_get(&c, 10);
	b = pp__cpool_get(&c, 20);
	d = pp__cpool_get(&c, 30);
	ck_assert(a != PP__CNIL && b != PP__CNIL && d != PP__CNIL);
	ck_assert(a != b && b != d && a != d);
	ck_assert(pp__cpool_full(&c));
	ck_assert_uint_eq(pp__cpool_get(&c, 40), PP__CNIL);
	ck_assert_int_eq(c.p[a].fd, -1);
	/* Oldest armed first; a re-armed slot goes to the back. */
	ck_assert_uint_eq(pp__cpool_head(&c), a);
	pp__cpool_rearm(&c, a, 50);
	ck_assert_uint_eq(pp__cpool_head(&c), b);
	ck_assert_uint_eq(c.p[a].armed_us, 50);
	/* An answer from the middle unlinks it; the order of the rest holds. */
	pp__cpool_put(&c, d);
	ck_assert_uint_eq(c.live, 2);
	ck_assert_uint_eq(pp__cpool_head(&c), b);
	pp__cpool_put(&c, b);
	ck_assert_uint_eq(pp__cpool_head(&c), a);
	pp__cpool_put(&c, a);
	pp__cpool_put(&c, a); /* twice: no harm */
	ck_assert_uint_eq(c.live, 0);
	ck_assert_uint_eq(pp__cpool_head(&c), PP__CNIL);
	/* Every slot comes back. */
	ck_assert(pp__cpool_get(&c, 60) != PP__CNIL);
	ck_assert(pp__cpool_get(&c, 61) != PP__CNIL);
	ck_assert(pp__cpool_get(&c, 62) != PP__CNIL);
	ck_assert(pp__cpool_full(&c));
	pp__cpool_free(&c);
}
END_TEST

/* Many slots, random answers and re-arms: the list stays in order of arming. */
START_TEST(test_pool_random)
{
	struct pp__cpool c;
	uint64_t now = 0, rng = 7, last;
	uint32_t i, n, k;

	ck_assert_int_eq(pp__cpool_init(&c, 64), 0);
	for (k = 0; k < 20000; k++) {
		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		i = (uint32_t)(rng >> 33) % 64;
		now++;
		if (!c.p[i].live)
			pp__cpool_get(&c, now);
		else if ((rng >> 20) & 1)
			pp__cpool_put(&c, i);
		else
			pp__cpool_rearm(&c, i, now);
		n = 0;
		last = 0;
		for (i = pp__cpool_head(&c); i != PP__CNIL; i = c.p[i].next) {
			ck_assert(c.p[i].live);
			ck_assert_uint_ge(c.p[i].armed_us, last);
			last = c.p[i].armed_us;
			n++;
		}
		ck_assert_uint_eq(n, c.live);
	}
	pp__cpool_free(&c);
}
END_TEST

static struct pp__reply
tcp(int err, int icmp, unsigned type, unsigned code, int *got)
{
	struct pp__reply r;

	memset(&r, 0, sizeof(r));
	*got = pp__conn_tcp_outcome(err, icmp, type, code, &r);
	return r;
}

START_TEST(test_tcp_outcome)
{
	struct pp__reply r;
	int got;

	r = tcp(0, 0, 0, 0, &got);
	ck_assert(got && r.state == PP_STATE_OPEN && r.reason == PP_REASON_SYN_ACK);
	ck_assert_uint_eq(r.proto, PP_PROTO_TCP);
	r = tcp(ECONNREFUSED, 0, 0, 0, &got);
	ck_assert(got && r.state == PP_STATE_CLOSED && r.reason == PP_REASON_RST);
	/* nft reject admin-prohibited: EHOSTUNREACH, the queue says code 13. */
	r = tcp(EHOSTUNREACH, 1, 3, 13, &got);
	ck_assert(got && r.state == PP_STATE_FILTERED && r.reason == PP_REASON_ICMP_UNREACH);
	ck_assert_uint_eq(r.code, 13);
	/* A port unreachable answering a SYN: filtered, as the raw engine says. */
	r = tcp(ECONNREFUSED, 1, 3, 3, &got);
	ck_assert(got && r.state == PP_STATE_FILTERED && r.code == 3);
	/* Without the queue: the errno names the code. */
	r = tcp(EHOSTUNREACH, 0, 0, 0, &got);
	ck_assert(got && r.state == PP_STATE_FILTERED && r.code == 1);
	r = tcp(ENETUNREACH, 0, 0, 0, &got);
	ck_assert(got && r.state == PP_STATE_FILTERED && r.code == 0);
	r = tcp(EACCES, 0, 0, 0, &got);
	ck_assert(got && r.state == PP_STATE_FILTERED && r.code == 13);
	r = tcp(EPERM, 0, 0, 0, &got);
	ck_assert(got && r.state == PP_STATE_FILTERED);
	/* Nothing said of the port: fragmentation needed, another ICMP type, EMSGSIZE. */
	tcp(EMSGSIZE, 1, 3, 4, &got);
	ck_assert_int_eq(got, 0);
	tcp(EHOSTUNREACH, 1, 11, 0, &got);
	ck_assert_int_eq(got, 0);
	tcp(EMSGSIZE, 0, 0, 0, &got);
	ck_assert_int_eq(got, 0);
}
END_TEST

START_TEST(test_udp_error)
{
	struct pp__reply r;
	unsigned code;

	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(pp__conn_udp_error(ECONNREFUSED, 1, 3, 3, &r), 1);
	ck_assert(r.state == PP_STATE_CLOSED && r.reason == PP_REASON_ICMP_UNREACH && r.code == 3);
	ck_assert_uint_eq(r.proto, PP_PROTO_UDP);
	for (code = 0; code < 16; code++) {
		int want = code <= 3 || code == 9 || code == 10 || code == 13;
		memset(&r, 0, sizeof(r));
		ck_assert_int_eq(pp__conn_udp_error(EHOSTUNREACH, 1, 3, code, &r), want);
		if (want && code != 3)
			ck_assert(r.state == PP_STATE_FILTERED && r.code == code);
	}
	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(pp__conn_udp_error(ECONNREFUSED, 0, 0, 0, &r), 1);
	ck_assert(r.state == PP_STATE_CLOSED && r.code == 3);
	ck_assert_int_eq(pp__conn_udp_error(0, 1, 11, 0, &r), 0); /* time exceeded */
	ck_assert_int_eq(pp__conn_udp_error(EMSGSIZE, 0, 0, 0, &r), 0);
}
END_TEST

START_TEST(test_rounds)
{
	/* TCP back-off: 1, 2, 4, then 8 RTOs. */
	ck_assert_uint_eq(pp__backoff(1), 1);
	ck_assert_uint_eq(pp__backoff(2), 2);
	ck_assert_uint_eq(pp__backoff(3), 4);
	ck_assert_uint_eq(pp__backoff(4), 8);
	ck_assert_uint_eq(pp__backoff(9), 8);
	/* Within Linux's limit (a burst of six, then one a second): a full round. */
	ck_assert_uint_eq(pp__round_delay(0, 0, 0), PP__LINGER_ROUND);
	ck_assert_uint_eq(pp__round_delay(7, 0, 1000), PP__LINGER_ROUND);
	ck_assert_uint_eq(pp__round_delay(10, 0, 3000000), PP__LINGER_ROUND);
	/* A host that sends errors faster: rounds of twice its interval. */
	ck_assert_uint_eq(pp__round_delay(106, 0, 1000000), 20000);
	ck_assert_uint_eq(pp__round_delay(26, 0, 1000000), 100000);
	/* Never under the floor. */
	ck_assert_uint_eq(pp__round_delay(10006, 0, 1000000), PP__ROUND_MIN_US);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("connect");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_pool_order);
	tcase_add_test(tc, test_pool_random);
	tcase_add_test(tc, test_tcp_outcome);
	tcase_add_test(tc, test_udp_error);
	tcase_add_test(tc, test_rounds);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
