/*
 * The listener check's recogniser (lib/check/recognise.c) held to what real
 * servers said in the lab (tests/unit/data/check/: OpenSSH's banner, Python's
 * http.server to a GET and to a ClientHello, OpenSSL's ServerHello, kamailio's
 * 200 to OPTIONS over TCP, the lab's RTSP, Redis and MySQL responders) and to
 * hand-built greetings (SMTP, FTP, a MySQL refusal, a TLS alert); every one cut
 * at every length stays safe and never names another protocol from a prefix
 * that is not its own; the requests of speak.c are what their servers expect.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_int.h"
#include "runner.h"

struct greeting {
	const char *file;     /* in tests/unit/data/check/, or NULL */
	const uint8_t *bytes; /* hand-built, if file is NULL */
	size_t len;
	const char *seen;
	const char *detail; /* the detail starts with this */
};

#define B(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})
#define S(s)   (const uint8_t *)(s), sizeof(s) - 1

static const struct greeting greetings[] = {
        {"ssh-openssh.bin", NULL, 0, "ssh", "SSH-2.0-OpenSSH_9.2p1"},
        {"http-python-200.bin", NULL, 0, "http", "HTTP/1.0 200 OK"},
        {"http-python-tls.bin", NULL, 0, "http", "an HTML page without a status line"},
        {"tls-serverhello.bin", NULL, 0, "tls", "TLS record, version 3.3"},
        {"sip-kamailio-tcp.bin", NULL, 0, "sip", "SIP/2.0 200 OK"},
        {"rtsp-options.bin", NULL, 0, "rtsp", "RTSP/1.0 200 OK"},
        {"redis-err.bin", NULL, 0, "redis", "-ERR unknown command"},
        {"mysql-greeting.bin", NULL, 0, "mysql", "server version 8.0.36-lab"},
        {NULL, S("220 mail.example.org ESMTP Postfix (Debian/GNU)\r\n"), "smtp", "220 mail"},
        {NULL, S("220 (vsFTPd 3.0.3)\r\n"), "ftp", "220 (vsFTPd 3.0.3)"},
        {NULL, S("220-Welcome\r\n220 ready\r\n"), "unknown", "220-Welcome"},
        {NULL, S("+PONG\r\n"), "redis", "+PONG"},
        {NULL, S("-DENIED Redis is running in protected mode\r\n"), "redis", "-DENIED"},
        /* MySQL refusing the host: error 1130 in the first packet. */
        {NULL,
         B(0x16, 0, 0, 0, 0xff, 0x6a, 0x04, 'H', 'o', 's', 't', ' ', 'i', 's', ' ', 'n', 'o', 't',
           ' ', 'a', 'l', 'l', 'o', 'w', 'e', 'd'),
         "mysql", "Host is not allowed"},
        /* A TLS alert: handshake_failure (40). */
        {NULL, B(0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28), "tls", "TLS alert 40"},
        {NULL, S("HTTP/2 200\r\n"), "http", "HTTP/2 200"},
        {NULL, S("\x01\x02garbage\xff\r\n"), "unknown", "??garbage?"},
        {NULL, S(""), "none", ""},
};
#define NGREETINGS (sizeof(greetings) / sizeof(greetings[0]))

static uint8_t *
load(const struct greeting *g, size_t *len)
{
	char path[512];
	uint8_t *b;
	FILE *fp;

	if (g->file == NULL) {
		*len = g->len;
		b = malloc(g->len + 1);
		ck_assert_ptr_nonnull(b);
		memcpy(b, g->bytes, g->len);
		return b;
	}
	snprintf(path, sizeof(path), "%s/tests/unit/data/check/%s", PP_TEST_SRCDIR, g->file);
	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	b = malloc(8192);
	ck_assert_ptr_nonnull(b);
	*len = fread(b, 1, 8192, fp);
	fclose(fp);
	ck_assert_msg(*len > 0, "%s is empty", path);
	return b;
}

START_TEST(test_greeting)
{
	const struct greeting *g = &greetings[_i];
	char detail[160];
	const char *seen;
	size_t len;
	uint8_t *b = load(g, &len);

	seen = pp_check_recognise(b, len, detail, sizeof(detail));
	ck_assert_msg(strcmp(seen, g->seen) == 0, "%s: seen %s, want %s",
	              g->file ? g->file : g->detail, seen, g->seen);
	ck_assert_msg(strncmp(detail, g->detail, strlen(g->detail)) == 0,
	              "detail '%s', want '%s...'", detail, g->detail);
	free(b);
}
END_TEST

/* Cut at every length: safe, printable, and a prefix names its own protocol,
 * "unknown" or "none", never another one. */
START_TEST(test_cut)
{
	const struct greeting *g = &greetings[_i];
	char detail[40];
	const char *seen;
	size_t len, n, k;
	uint8_t *b = load(g, &len);

	for (n = 0; n <= len && n < 600; n++) {
		uint8_t *cut = malloc(n ? n : 1);
		ck_assert_ptr_nonnull(cut);
		memcpy(cut, b, n);
		seen = pp_check_recognise(cut, n, detail, sizeof(detail));
		ck_assert_msg(strcmp(seen, g->seen) == 0 || strcmp(seen, "unknown") == 0 ||
		                      strcmp(seen, "none") == 0 ||
		                      /* "220 " is SMTP's and FTP's until the words come */
		                      (strcmp(g->seen, "unknown") == 0 && n < 4),
		              "%s cut at %zu: %s", g->file ? g->file : g->detail, n, seen);
		for (k = 0; detail[k] != '\0'; k++)
			ck_assert(detail[k] >= 0x20 && detail[k] < 0x7f);
		free(cut);
	}
	free(b);
}
END_TEST

START_TEST(test_detail_bounds)
{
	uint8_t big[5000];
	char tiny[4];
	const char *seen;

	memset(big, 'A', sizeof(big));
	memcpy(big, "SSH-2.0-", 8);
	seen = pp_check_recognise(big, sizeof(big), tiny, sizeof(tiny));
	ck_assert_str_eq(seen, "ssh");
	ck_assert_str_eq(tiny, "SSH");
	ck_assert_str_eq(pp_check_recognise(big, sizeof(big), tiny, 0), "ssh");
	/* A MySQL length that runs past the bytes, a version without its NUL. */
	ck_assert_str_eq(pp_check_recognise((const uint8_t *)"\x40\x00\x00\x00\x0a"
	                                                     "8.0",
	                                    8, tiny, sizeof(tiny)),
	                 "unknown");
}
END_TEST

START_TEST(test_complete)
{
	ck_assert(!pp__check_complete((const uint8_t *)"", 0));
	ck_assert(!pp__check_complete((const uint8_t *)"SSH-2.0-Open", 12));
	ck_assert(pp__check_complete((const uint8_t *)"SSH-2.0-OpenSSH\r\n", 17));
	ck_assert(pp__check_complete((const uint8_t *)"\x15\x03\x03\x00\x02", 5));
}
END_TEST

START_TEST(test_requests)
{
	char buf[1024];
	struct pp_addr dst = pp_addr_from_v4(0xc612070a), src = pp_addr_from_v4(0xc6120701);
	size_t n;

	ck_assert_int_eq(pp__check_opening(NULL), PP__OPEN_GREET);
	ck_assert_int_eq(pp__check_opening("ssh"), PP__OPEN_GREET);
	ck_assert_int_eq(pp__check_opening("mysql"), PP__OPEN_GREET);
	ck_assert_int_eq(pp__check_opening("http"), PP__OPEN_REQUEST);
	ck_assert_int_eq(pp__check_opening("redis"), PP__OPEN_REQUEST);
	ck_assert_int_eq(pp__check_opening("tls"), PP__OPEN_TLS);
	ck_assert_int_eq(pp__check_opening("sips"), PP__OPEN_TLS);
	ck_assert_str_eq(pp__check_seen_of("sips"), "tls");
	ck_assert_str_eq(pp__check_seen_of("rtsp"), "rtsp");

	n = pp__check_request(NULL, &dst, 80, &src, 40000, buf, sizeof(buf));
	ck_assert_uint_gt(n, 0);
	ck_assert(strncmp(buf, "GET / HTTP/1.0\r\n", 16) == 0);
	ck_assert_ptr_null(strstr(buf, "Host:")); /* Redis would close on it */
	ck_assert(strcmp(buf + n - 4, "\r\n\r\n") == 0);
	n = pp__check_request("rtsp", &dst, 554, &src, 40000, buf, sizeof(buf));
	ck_assert(strncmp(buf, "OPTIONS rtsp://198.18.7.10:554/ RTSP/1.0\r\nCSeq: 1\r\n", 51) == 0);
	n = pp__check_request("sip", &dst, 5060, &src, 40000, buf, sizeof(buf));
	ck_assert(strncmp(buf, "OPTIONS sip:198.18.7.10:5060;transport=tcp SIP/2.0\r\n", 52) == 0);
	ck_assert_ptr_nonnull(strstr(buf, "\r\nVia: SIP/2.0/TCP 198.18.7.1:40000;branch=z9hG4bK"));
	ck_assert_ptr_nonnull(strstr(buf, "\r\nCSeq: 1 OPTIONS\r\n"));
	ck_assert(strcmp(buf + n - 4, "\r\n\r\n") == 0);
	pp__check_request("sips", &dst, 5061, &src, 40000, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, ";transport=tls SIP/2.0\r\nVia: SIP/2.0/TLS "));
	/* Too small a buffer: nothing, not a cut request. */
	ck_assert_uint_eq(pp__check_request("sip", &dst, 5060, &src, 3, buf, 40), 0);
	ck_assert_uint_eq(pp__check_request("ssh", &dst, 22, &src, 3, buf, sizeof(buf)), 0);
	/* IPv6 in a URI and in Via is in brackets (RFC 3986 3.2.2, RFC 3261 25.1). */
	ck_assert_int_eq(pp_addr_parse("2001:2::7:a", &dst), 0);
	ck_assert_int_eq(pp_addr_parse("2001:2::7:1", &src), 0);
	pp__check_request("sip", &dst, 5060, &src, 40000, buf, sizeof(buf));
	ck_assert(strncmp(buf, "OPTIONS sip:[2001:2::7:a]:5060;transport=tcp SIP/2.0\r\n",
	                  strlen("OPTIONS sip:[2001:2::7:a]:5060;transport=tcp SIP/2.0\r\n")) == 0);
	ck_assert_ptr_nonnull(strstr(buf, "\r\nVia: SIP/2.0/TCP [2001:2::7:1]:40000;branch="));
	pp__check_request("rtsp", &dst, 554, &src, 40000, buf, sizeof(buf));
	ck_assert(strncmp(buf, "OPTIONS rtsp://[2001:2::7:a]:554/ RTSP/1.0\r\n",
	                  strlen("OPTIONS rtsp://[2001:2::7:a]:554/ RTSP/1.0\r\n")) == 0);
}
END_TEST

static Suite *
check_suite(void)
{
	Suite *s = suite_create("check");
	TCase *tc = tcase_create("recognise");

	tcase_add_loop_test(tc, test_greeting, 0, (int)NGREETINGS);
	tcase_add_loop_test(tc, test_cut, 0, (int)NGREETINGS);
	tcase_add_test(tc, test_detail_bounds);
	tcase_add_test(tc, test_complete);
	tcase_add_test(tc, test_requests);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(check_suite());
}
