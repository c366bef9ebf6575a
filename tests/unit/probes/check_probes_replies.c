/*
 * The probes' validate(), held to real replies: each daemon's answer captured in
 * the lab (tests/unit/data/probes/) and hand-built ones for what the lab cannot
 * produce (SIP with compact headers, a STUN error, an NTP kiss-o'-death, every RAS
 * answer: no H.323 gatekeeper is packaged in Debian; those bytes were decoded by
 * Wireshark's H.225.0 dissector to the fields the comments name).  Each reply is
 * accepted with our cookie, rejected with another, rejected when cut at any
 * length, and survives mutation; random bytes are never a reply.  Then the cases
 * one at a time: what makes an SNMP, SIP, DNS, NTP, STUN or TFTP reply wrong, and
 * the BER reader's limits.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "probes/ber.h"
#include "probes_fixture.h"

struct reply {
	const char *probe;
	const char *file;     /* in tests/unit/data/probes/, or NULL */
	const uint8_t *bytes; /* hand-built, if file is NULL */
	size_t len;
	unsigned dport;
	int cookie_bound; /* carries the cookie (TFTP's replies cannot) */
};

#define B(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})
#define S(s)   (const uint8_t *)(s), sizeof(s) - 1

/* requestSeqNum of the test cookie: 0x5050726f6f663031 % 65535 + 1 = 0x6258. */
static const struct reply replies[] = {
        {"sip", "sip-kamailio-200.bin", NULL, 0, 5060, 1},
        {"sip", NULL,
         S("SIP/2.0 404 Not Found\r\n"
           "v: SIP/2.0/UDP 198.18.0.1:40000;branch=z9hG4bK5050726f6f663031;rport=40000\r\n"
           "v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKother\r\n"
           "f: <sip:portproof@198.18.0.1>;tag=4c331211\r\n"
           "t: <sip:198.18.0.2:5060>;tag=xyz\r\n"
           "i: 87f61c10fe652ade@198.18.0.1\r\n"
           "CSeq: 1 OPTIONS\r\n"
           "l: 0\r\n"
           "\r\n"),
         5060, 1},
        {"snmp", "snmp-v2c-response.bin", NULL, 0, 161, 1},
        {"snmp", "snmp-v1-response.bin", NULL, 0, 161, 1},
        {"ntp", "ntp-chrony-response.bin", NULL, 0, 123, 1},
        /* A kiss-o'-death: stratum 0, "RATE", origin = our transmit time. */
        {"ntp", NULL,
         B(0xe4, 0, 6, 0xe9, 0, 0, 0, 0, 0, 0, 0, 0, 'R', 'A', 'T', 'E', 0, 0, 0, 0, 0, 0, 0, 0,
           'P', 'P', 'r', 'o', 'o', 'f', '0', '1', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
         123, 1},
        {"dns", "dns-dnsmasq-version.bin", NULL, 0, 53, 1},
        /* REFUSED, the question repeated in capitals. */
        {"dns", NULL,
         B(0x30, 0x31, 0x80, 0x05, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'V', 'E', 'R', 'S', 'I', 'O', 'N', 4,
           'B', 'I', 'N', 'D', 0, 0, 16, 0, 3),
         53, 1},
        {"stun", "stun-coturn-success.bin", NULL, 0, 3478, 1},
        /* Binding error response, ERROR-CODE 400. */
        {"stun", NULL,
         B(0x01, 0x11, 0, 8, 0x21, 0x12, 0xa4, 0x42, 'P', 'P', 'r', 'o', 'o', 'f', '0', '1', 0xfa,
           0xc0, 0xd3, 0x62, 0, 9, 0, 4, 0, 0, 4, 0),
         3479, 1},
        {"tftp", "tftp-hpa-error.bin", NULL, 0, 69, 0},
        /* GCF: seq, H.225.0 v4, rasAddress 198.18.0.2:1719. */
        {"ras", NULL,
         B(0x04, 0x00, 0x62, 0x57, 0x06, 0x00, 0x08, 0x91, 0x4a, 0x00, 0x04, 0x00, 0xc6, 0x12, 0x00,
           0x02, 0x06, 0xb7),
         1719, 1},
        /* GCF, rasAddress an ip6Address: [2001:2::2]:1719. */
        {"ras", NULL,
         B(0x04, 0x00, 0x62, 0x57, 0x06, 0x00, 0x08, 0x91, 0x4a, 0x00, 0x04, 0x30, 0x20, 0x01, 0x00,
           0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x06, 0xb7),
         1719, 1},
        /* GCF with gatekeeperIdentifier "GK". */
        {"ras", NULL,
         B(0x04, 0x80, 0x62, 0x57, 0x06, 0x00, 0x08, 0x91, 0x4a, 0x00, 0x04, 0x02, 0x00, 0x47, 0x00,
           0x4b, 0x00, 0xc6, 0x12, 0x00, 0x02, 0x06, 0xb7),
         1719, 1},
        /* GRJ: resourceUnavailable. */
        {"ras", NULL, B(0x08, 0x00, 0x62, 0x57, 0x06, 0x00, 0x08, 0x91, 0x4a, 0x00, 0x04, 0x00),
         1718, 1},
        /* GRJ with its extension additions: genericData (0 items) present. */
        {"ras", NULL,
         B(0x0a, 0x00, 0x62, 0x57, 0x06, 0x00, 0x08, 0x91, 0x4a, 0x00, 0x04, 0x01, 0x41, 0x01,
           0x00),
         1719, 1},
        /* XRS, unknownMessageResponse: v1 form, and v4 with messageNotUnderstood. */
        {"ras", NULL, B(0x60, 0x62, 0x57), 1719, 1},
        {"ras", NULL, B(0x62, 0x62, 0x57, 0x06, 0x20, 0x04, 0x03, 0x00, 0x00, 0xab), 1719, 1},
        /* RIP, requestInProgress (an extension alternative): delay 1000 ms. */
        {"ras", NULL, B(0x80, 0x05, 0x00, 0x62, 0x57, 0x03, 0xe7), 1719, 1},
};

#define NREPLIES (sizeof(replies) / sizeof(replies[0]))

static uint8_t *
reply_bytes(const struct reply *r, size_t *len)
{
	uint8_t *p;

	if (r->file != NULL)
		return probes_load(r->file, len);
	p = malloc(r->len);
	ck_assert_ptr_nonnull(p);
	memcpy(p, r->bytes, r->len);
	*len = r->len;
	return p;
}

/* Accepted with the cookie it carries, and only with it. */
START_TEST(test_reply_accepted)
{
	const struct reply *r = &replies[_i];
	const struct pp_probe *pr = pp_probe_find(r->probe);
	struct pp_probe_ctx c = probes_ctx(r->dport);
	static const uint64_t others[] = {0x0101010101010101ull, 1, 0xffffffffffffffffull};
	uint8_t *p;
	size_t n, k;

	ck_assert_ptr_nonnull(pr);
	p = reply_bytes(r, &n);
	ck_assert_msg(pr->validate(&c, p, n) == 1, "reply %u (%s) not accepted", _i, r->probe);
	for (k = 0; k < sizeof(others) / sizeof(others[0]); k++) {
		c.cookie = PP_TEST_COOKIE ^ others[k];
		ck_assert_msg(pr->validate(&c, p, n) == !r->cookie_bound,
		              "reply %u (%s) with cookie ^ %llx", _i, r->probe,
		              (unsigned long long)others[k]);
	}
	free(p);
}
END_TEST

/* Cut at every length, in a buffer of exactly that size (ASan sees overreads). */
START_TEST(test_reply_truncated)
{
	const struct reply *r = &replies[_i];
	const struct pp_probe *pr = pp_probe_find(r->probe);
	struct pp_probe_ctx c = probes_ctx(r->dport);
	uint8_t *p, *cut;
	size_t n, k;

	p = reply_bytes(r, &n);
	for (k = 0; k < n; k++) {
		cut = malloc(k > 0 ? k : 1);
		ck_assert_ptr_nonnull(cut);
		memcpy(cut, p, k);
		ck_assert_msg(pr->validate(&c, cut, k) == 0, "reply %u (%s) cut to %zu accepted",
		              _i, r->probe, k);
		free(cut);
	}
	free(p);
}
END_TEST

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t
next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Mutated replies: any verdict, but no crash and no overread. */
START_TEST(test_reply_mutated)
{
	const struct reply *r = &replies[_i];
	const struct pp_probe *pr = pp_probe_find(r->probe);
	struct pp_probe_ctx c = probes_ctx(r->dport);
	uint8_t *p, *m;
	size_t n, k, j;

	p = reply_bytes(r, &n);
	for (k = 0; k < 3000; k++) {
		size_t mn = n + (next_random() % 3) - 1; /* one shorter, same, one longer */
		if (mn == 0 || mn > n + 1)
			mn = n;
		m = malloc(mn);
		ck_assert_ptr_nonnull(m);
		memcpy(m, p, mn < n ? mn : n);
		if (mn > n)
			m[n] = (uint8_t)next_random();
		for (j = 0; j < 1 + k % 3; j++)
			m[next_random() % mn] ^= (uint8_t)(1u << (next_random() % 8));
		pr->validate(&c, m, mn);
		free(m);
	}
	free(p);
}
END_TEST

/* Random datagrams are never a reply of any probe that has something to check. */
START_TEST(test_random_rejected)
{
	const struct pp_probe *const *all = pp_probes();
	struct pp_probe_ctx c = probes_ctx(1);
	uint8_t *buf;
	size_t i, k, n;

	for (i = 0; all[i] != NULL; i++) {
		if (strcmp(all[i]->name, "empty") == 0)
			continue; /* takes any reply, by design */
		c.dport = 1;
		for (k = 0; k < 20000; k++) {
			n = next_random() % 600;
			buf = malloc(n > 0 ? n : 1);
			ck_assert_ptr_nonnull(buf);
			for (size_t j = 0; j < n; j++)
				buf[j] = (uint8_t)next_random();
			ck_assert_msg(all[i]->validate(&c, buf, n) == 0, "%s took random bytes",
			              all[i]->name);
			free(buf);
		}
	}
}
END_TEST

/* Rewrites the captured v2c response and checks what validate() makes of it. */
START_TEST(test_validate_snmp_cases)
{
	const struct pp_probe *snmp = pp_probe_find("snmp");
	struct pp_probe_ctx c = probes_ctx(161);
	uint8_t *p, m[128];
	size_t n;

	p = probes_load("snmp-v2c-response.bin", &n);
	ck_assert_uint_lt(n, sizeof(m) - 1);
	ck_assert_uint_eq(p[13], 0xa2); /* 30 3c 02 01 01 04 06 "public" a2 */
	memcpy(m, p, n);
	m[13] = 0xa8; /* a Report counts */
	ck_assert_int_eq(snmp->validate(&c, m, n), 1);
	m[13] = 0xa0; /* a GetRequest (an echo) does not */
	ck_assert_int_eq(snmp->validate(&c, m, n), 0);
	memcpy(m, p, n);
	m[4] = 3; /* version 3 */
	ck_assert_int_eq(snmp->validate(&c, m, n), 0);
	c.snmp_community = "private"; /* not the community we asked with */
	ck_assert_int_eq(snmp->validate(&c, p, n), 0);
	c.snmp_community = "public";
	c.attempt = 1; /* a late v2c answer after the v1 retry still counts */
	ck_assert_int_eq(snmp->validate(&c, p, n), 1);
	memcpy(m, p, n);
	m[n] = 0; /* a byte after the message */
	ck_assert_int_eq(snmp->validate(&c, m, n + 1), 0);
	memcpy(m, p, n);
	m[19]++; /* the request-id's last octet */
	ck_assert_int_eq(snmp->validate(&c, m, n), 0);
	/* The same message with a long-form outer length (81 3c) is still BER. */
	m[0] = 0x30;
	m[1] = 0x81;
	memcpy(m + 2, p + 1, n - 1);
	m[2] = 0x3c;
	ck_assert_int_eq(snmp->validate(&c, m, n + 1), 1);
	m[1] = 0x80; /* indefinite: not in SNMP */
	ck_assert_int_eq(snmp->validate(&c, m, n + 1), 0);
	free(p);
}
END_TEST

START_TEST(test_ber_reader)
{
	static const uint8_t highx[] = {0x1f, 0x81, 0x00};
	static const uint8_t toolong[] = {0x04, 0x85, 0, 0, 0, 0, 1, 0};
	static const uint8_t over[] = {0x04, 0x82, 0xff, 0xff, 0};
	static const uint8_t int9[] = {0x02, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9};
	static const uint8_t neg[] = {0x02, 2, 0xff, 0x7f};
	struct pp__ber b, v;
	uint8_t tag;
	int64_t x;

	pp__ber_init(&b, highx, sizeof(highx));
	ck_assert_int_eq(pp__ber_next(&b, &tag, &v), -1);
	pp__ber_init(&b, toolong, sizeof(toolong));
	ck_assert_int_eq(pp__ber_next(&b, &tag, &v), -1);
	pp__ber_init(&b, over, sizeof(over));
	ck_assert_int_eq(pp__ber_next(&b, &tag, &v), -1);
	pp__ber_init(&b, int9, sizeof(int9));
	ck_assert_int_eq(pp__ber_next(&b, &tag, &v), 0);
	ck_assert_int_eq(pp__ber_int(&v, &x), -1);
	pp__ber_init(&b, neg, sizeof(neg));
	ck_assert_int_eq(pp__ber_next(&b, &tag, &v), 0);
	ck_assert_int_eq(pp__ber_int(&v, &x), 0);
	ck_assert_int_eq(x, -129);
	pp__ber_init(&b, neg, 1);
	ck_assert_int_eq(pp__ber_next(&b, &tag, &v), -1);
}
END_TEST

static int
sip_ok(const char *msg)
{
	struct pp_probe_ctx c = probes_ctx(5060);

	return pp_probe_find("sip")->validate(&c, (const uint8_t *)msg, strlen(msg));
}

#define VIA_OURS "Via: SIP/2.0/UDP 198.18.0.1:40000;rport=40000;branch=z9hG4bK5050726f6f663031\r\n"
#define CALLID   "Call-ID: 87f61c10fe652ade@198.18.0.1\r\n"

START_TEST(test_validate_sip_cases)
{
	ck_assert_int_eq(sip_ok("SIP/2.0 200 OK\r\n" VIA_OURS CALLID "\r\n"), 1);
	/* 100 Trying, 483, 503: any response is a SIP server; LF-only lines too. */
	ck_assert_int_eq(sip_ok("SIP/2.0 100 Trying\r\n" VIA_OURS CALLID "\r\n"), 1);
	ck_assert_int_eq(sip_ok("SIP/2.0 503 Service Unavailable\n" VIA_OURS CALLID "\n"), 1);
	ck_assert_int_eq(sip_ok("SIP/2.0 200 OK\r\ncall-id :  87f61c10fe652ade@198.18.0.1 \r\n"
	                        "VIA: SIP/2.0/UDP x;branch=z9hG4bK5050726f6f663031\r\n\r\n"),
	                 1);
	/* Ours must be the topmost Via, also within one comma-separated header. */
	ck_assert_int_eq(sip_ok("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKx, SIP/2.0/UDP "
	                        "b;branch=z9hG4bK5050726f6f663031\r\n" CALLID "\r\n"),
	                 0);
	ck_assert_int_eq(
	        sip_ok("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP b;branch=z9hG4bK5050726f6f663031, "
	               "SIP/2.0/UDP a;branch=z9hG4bKx\r\n" CALLID "\r\n"),
	        1);
	/* Ours must be the topmost Via. */
	ck_assert_int_eq(
	        sip_ok("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKx\r\n" VIA_OURS
	                       CALLID "\r\n"),
	        0);
	/* A longer branch that starts like ours is another transaction. */
	ck_assert_int_eq(sip_ok("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP "
	                        "x;branch=z9hG4bK5050726f6f6630311\r\n" CALLID "\r\n"),
	                 0);
	ck_assert_int_eq(
	        sip_ok("SIP/2.0 200 OK\r\n" VIA_OURS "Call-ID: 87f61c10fe652ade@10.0.0.1\r\n\r\n"),
	        0);
	ck_assert_int_eq(sip_ok("SIP/2.0 200 OK\r\n" VIA_OURS "\r\n"), 0);
	ck_assert_int_eq(sip_ok("SIP/2.0 200 OK\r\n" CALLID "\r\n"), 0);
	ck_assert_int_eq(sip_ok("SIP/2.0 700 No\r\n" VIA_OURS CALLID "\r\n"), 0);
	ck_assert_int_eq(sip_ok("SIP/2.0 20 OK\r\n" VIA_OURS CALLID "\r\n"), 0);
	ck_assert_int_eq(sip_ok("HTTP/1.1 200 OK\r\n" VIA_OURS CALLID "\r\n"), 0);
	ck_assert_int_eq(sip_ok("SIP/2.0 200 OK\r\n" VIA_OURS CALLID), 0); /* no end of header */
	ck_assert_int_eq(sip_ok("SIP/2.0 200 OK\r\n" VIA_OURS "no colon here\r\n" CALLID "\r\n"),
	                 0);
}
END_TEST

START_TEST(test_validate_small_cases)
{
	struct pp_probe_ctx c = probes_ctx(53);
	const struct pp_probe *dns = pp_probe_find("dns"), *ntp = pp_probe_find("ntp");
	const struct pp_probe *stun = pp_probe_find("stun"), *tftp = pp_probe_find("tftp");
	uint8_t h[12] = {0x30, 0x31, 0x81, 0x81, 0, 0, 0, 0, 0, 0, 0, 0}; /* FORMERR, no question */
	uint8_t *p, m[128];
	size_t n;

	ck_assert_int_eq(dns->validate(&c, h, sizeof(h)), 1);
	h[2] = 0x01; /* QR clear: a query, not a response */
	ck_assert_int_eq(dns->validate(&c, h, sizeof(h)), 0);
	h[2] = 0x81 | 2 << 3; /* opcode 2 */
	ck_assert_int_eq(dns->validate(&c, h, sizeof(h)), 0);
	h[2] = 0x81;
	h[5] = 2; /* two questions: not an answer to ours */
	ck_assert_int_eq(dns->validate(&c, h, sizeof(h)), 0);
	h[5] = 0;
	h[7] = 1; /* an answer announced but missing */
	ck_assert_int_eq(dns->validate(&c, h, sizeof(h)), 0);
	p = probes_load("dns-dnsmasq-version.bin", &n);
	memcpy(m, p, n);
	m[n] = 0; /* trailing padding is harmless */
	ck_assert_int_eq(dns->validate(&c, m, n + 1), 1);
	m[12 + 1] = 'x'; /* another question */
	ck_assert_int_eq(dns->validate(&c, m, n), 0);
	free(p);

	c = probes_ctx(123);
	p = probes_load("ntp-chrony-response.bin", &n);
	memcpy(m, p, n);
	m[0] = (uint8_t)((m[0] & ~7) | 3); /* mode 3: a client's packet */
	ck_assert_int_eq(ntp->validate(&c, m, n), 0);
	m[0] = (uint8_t)(3 << 3 | 4); /* NTPv3 server reply */
	ck_assert_int_eq(ntp->validate(&c, m, n), 1);
	m[0] = (uint8_t)(5 << 3 | 4); /* no version 5 */
	ck_assert_int_eq(ntp->validate(&c, m, n), 0);
	free(p);

	c = probes_ctx(3478);
	p = probes_load("stun-coturn-success.bin", &n);
	memcpy(m, p, n);
	m[4] ^= 1; /* magic cookie */
	ck_assert_int_eq(stun->validate(&c, m, n), 0);
	memcpy(m, p, n);
	m[3] -= 2; /* length not a multiple of 4 */
	ck_assert_int_eq(stun->validate(&c, m, n), 0);
	memcpy(m, p, n);
	m[19] ^= 0x80; /* the last, mixed, 32 bits of the transaction id */
	ck_assert_int_eq(stun->validate(&c, m, n), 0);
	free(p);

	/* TFTP: well-formed ERROR or DATA only; the cookie plays no part.  A cut DATA
	 * block is a shorter DATA block (the last one of a file is short), so DATA is
	 * tested here and not among the replies cut at every length. */
	ck_assert_int_eq(tftp->validate(&c, (const uint8_t *)"\0\3\0\1hi", 6), 1);
	ck_assert_int_eq(tftp->validate(&c, (const uint8_t *)"\0\3\0\1", 4), 1);
	ck_assert_int_eq(tftp->validate(&c, (const uint8_t *)"\0\5\0\1x\0", 6), 1);
	ck_assert_int_eq(tftp->validate(&c, (const uint8_t *)"\0\5\0\11x\0", 6), 0);
	ck_assert_int_eq(tftp->validate(&c, (const uint8_t *)"\0\5\0\1xy", 6), 0);
	ck_assert_int_eq(tftp->validate(&c, (const uint8_t *)"\0\3\0\2xy", 6), 0);
	ck_assert_int_eq(tftp->validate(&c, (const uint8_t *)"\0\6\0\1x\0", 6), 0);
}
END_TEST

TCase *
probes_replies_tcase(void)
{
	TCase *tc = tcase_create("replies");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_reply_accepted, 0, NREPLIES);
	tcase_add_loop_test(tc, test_reply_truncated, 0, NREPLIES);
	tcase_add_loop_test(tc, test_reply_mutated, 0, NREPLIES);
	tcase_add_test(tc, test_random_rejected);
	tcase_add_test(tc, test_validate_snmp_cases);
	tcase_add_test(tc, test_ber_reader);
	tcase_add_test(tc, test_validate_sip_cases);
	tcase_add_test(tc, test_validate_small_cases);
	return tc;
}
