/*
 * Unit tests of the sender's batches and its second thread (lib/engine/sender.c),
 * through its hook: every packet committed is sent once, whole, by one of the
 * two threads, and the caller sends a batch itself when the thread is behind.
 */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runner.h"
#include "engine/sender.h"

#define NPKT 100000u

/* What the hook saw. */
static atomic_uint seen[NPKT];
static atomic_uint bad, by_caller, by_thread, last;
static atomic_int caller_sent;
static pthread_t caller;
static int hold_first; /* the thread's first packet waits for the caller to send */

static void
setup(void)
{
	unsigned i;

	for (i = 0; i < NPKT; i++)
		atomic_store(&seen[i], 0);
	atomic_store(&bad, 0);
	atomic_store(&by_caller, 0);
	atomic_store(&by_thread, 0);
	atomic_store(&last, 0);
	atomic_store(&caller_sent, 0);
	caller = pthread_self();
	hold_first = 0;
}

/* Packet i: its number, then (i % 61) bytes that depend on it. */
static size_t
fill(uint8_t *p, uint32_t i)
{
	size_t n = i % 61, k;

	memcpy(p, &i, sizeof(i));
	for (k = 0; k < n; k++)
		p[4 + k] = (uint8_t)(i * 7 + k);
	return 4 + n;
}

static int
hook(void *arg, const uint8_t *p, size_t len)
{
	uint32_t i;
	size_t k;

	(void)arg;
	if (pthread_equal(pthread_self(), caller)) {
		atomic_fetch_add(&by_caller, 1);
		atomic_store(&caller_sent, 1);
	} else {
		struct timespec ms = {0, 1000000};
		int waited = 0;
		while (hold_first && !atomic_load(&caller_sent) && waited++ < 5000)
			nanosleep(&ms, NULL); /* 5 s at most: a failure, not a hang */
		atomic_fetch_add(&by_thread, 1);
	}
	memcpy(&i, p, sizeof(i));
	if (len < 4 || i >= NPKT || len != 4 + i % 61) {
		atomic_fetch_add(&bad, 1);
		return 0;
	}
	for (k = 4; k < len; k++)
		if (p[k] != (uint8_t)(i * 7 + (k - 4))) {
			atomic_fetch_add(&bad, 1);
			return 0;
		}
	atomic_fetch_add(&seen[i], 1);
	if (i < atomic_load(&last))
		atomic_store(&last, UINT32_MAX); /* out of order */
	else if (atomic_load(&last) != UINT32_MAX)
		atomic_store(&last, i);
	return 0;
}

/* Commits NPKT packets, flushing every 100 as the engine's loop does. */
static void
send_all(struct pp__sender *s)
{
	uint32_t i;

	for (i = 0; i < NPKT; i++) {
		ck_assert_int_eq(pp__sender_commit(s, fill(pp__sender_slot(s), i), i), 0);
		if (i % 100 == 99)
			ck_assert_int_eq(pp__sender_flush(s), 0);
	}
	ck_assert_int_eq(pp__sender_flush(s), 0);
}

static void
assert_each_once(const struct pp__sender *s)
{
	unsigned i, missing = 0, twice = 0, garbled = atomic_load(&bad);
	unsigned long long sent = atomic_load(&s->sent);

	for (i = 0; i < NPKT; i++) {
		missing += atomic_load(&seen[i]) == 0;
		twice += atomic_load(&seen[i]) > 1;
	}
	ck_assert_uint_eq(garbled, 0);
	ck_assert_uint_eq(missing, 0);
	ck_assert_uint_eq(twice, 0);
	ck_assert_uint_eq(sent, NPKT);
}

START_TEST(test_alone_in_order)
{
	static struct pp__sender s;

	pp__sender_init_hook(&s, hook, NULL);
	send_all(&s);
	pp__sender_close(&s);
	unsigned thread = atomic_load(&by_thread), in_order = atomic_load(&last) != UINT32_MAX;

	assert_each_once(&s);
	ck_assert_uint_eq(thread, 0);
	ck_assert(in_order);
}
END_TEST

START_TEST(test_two_threads_each_once)
{
	static struct pp__sender s;

	pp__sender_init_hook(&s, hook, NULL);
	ck_assert_int_eq(pp__sender_start_thread(&s), 0);
	ck_assert_int_eq(pp__sender_start_thread(&s), -1); /* one thread at most */
	send_all(&s);
	pp__sender_close(&s); /* the thread's batches are sent before it ends */
	unsigned thread = atomic_load(&by_thread);

	assert_each_once(&s);
	ck_assert_uint_gt(thread, 0);
}
END_TEST

START_TEST(test_caller_sends_when_thread_behind)
{
	static struct pp__sender s;

	/* The thread stalls on its first packet: the caller hands it three
	 * batches, then must send the fourth itself, which frees the thread. */
	hold_first = 1;
	pp__sender_init_hook(&s, hook, NULL);
	ck_assert_int_eq(pp__sender_start_thread(&s), 0);
	send_all(&s);
	pp__sender_close(&s);
	unsigned thread = atomic_load(&by_thread), self = atomic_load(&by_caller);

	assert_each_once(&s);
	ck_assert_uint_gt(thread, 0);
	ck_assert_uint_gt(self, 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sender");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_alone_in_order);
	tcase_add_test(tc, test_two_threads_each_once);
	tcase_add_test(tc, test_caller_sends_when_thread_behind);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
