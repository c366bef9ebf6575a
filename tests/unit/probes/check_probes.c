/*
 * Unit tests of the UDP probes (lib/probes/): the registry (names, default ports
 * against the port-spec parser), what each probe builds with a known cookie (the
 * bytes a server reads: SNMP's BER structure, DNS and STUN ids, NTP mode and
 * version, SIP's request and headers, RAS's first octets as Wireshark decodes
 * them), that no probe takes its own request for a reply (an echo service is not
 * the protocol), and the --udp-payload parser.  What validate() makes of replies,
 * real and hand-built: check_probes_replies.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "pp_probe.h"
#include "probes/ber.h"
#include "probes_fixture.h"
#include "runner.h"

struct pp_probe_ctx
probes_ctx(unsigned dport)
{
	struct pp_probe_ctx c;

	memset(&c, 0, sizeof(c));
	c.cookie = PP_TEST_COOKIE;
	c.src = PP_TEST_SRC;
	c.dst = PP_TEST_DST;
	c.sport = PP_TEST_SPORT;
	c.dport = (uint16_t)dport;
	c.snmp_community = "public";
	return c;
}

uint8_t *
probes_load(const char *name, size_t *len)
{
	char path[1024];
	uint8_t *p;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/tests/unit/data/probes/%s", PP_TEST_SRCDIR, name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	ck_assert_int_gt(n, 0);
	p = malloc((size_t)n);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

static int
build(const char *name, struct pp_probe_ctx *c, uint8_t *buf, size_t len)
{
	const struct pp_probe *p = pp_probe_find(name);

	ck_assert_ptr_nonnull(p);
	return p->build(c, buf, len);
}

START_TEST(test_registry)
{
	static const char *const names[] = {"sip",  "snmp", "ntp", "dns",
	                                    "stun", "tftp", "ras", "empty"};
	const struct pp_probe *const *all = pp_probes();
	size_t i;

	for (i = 0; all[i] != NULL; i++) {
		ck_assert_str_eq(all[i]->name, names[i]);
		ck_assert_ptr_eq(pp_probe_find(names[i]), all[i]);
		ck_assert_ptr_nonnull(all[i]->service);
		ck_assert_ptr_nonnull(all[i]->build);
		ck_assert_ptr_nonnull(all[i]->validate);
	}
	ck_assert_uint_eq(i, 8);
	ck_assert_ptr_null(pp_probe_find("nosuch"));
	ck_assert_ptr_null(pp_probe_find(NULL));
	ck_assert_str_eq(pp_probe_for_port(5060)->name, "sip");
	ck_assert_str_eq(pp_probe_for_port(161)->name, "snmp");
	ck_assert_str_eq(pp_probe_for_port(123)->name, "ntp");
	ck_assert_str_eq(pp_probe_for_port(53)->name, "dns");
	ck_assert_str_eq(pp_probe_for_port(3478)->name, "stun");
	ck_assert_str_eq(pp_probe_for_port(3479)->name, "stun");
	ck_assert_str_eq(pp_probe_for_port(69)->name, "tftp");
	ck_assert_str_eq(pp_probe_for_port(1718)->name, "ras");
	ck_assert_str_eq(pp_probe_for_port(1719)->name, "ras");
	/* The MediaSense heartbeat is undocumented: the empty probe, not a guess. */
	ck_assert_str_eq(pp_probe_for_port(8091)->name, "empty");
	ck_assert_str_eq(pp_probe_for_port(1720)->name, "empty");
	ck_assert_str_eq(pp_probe_for_port(0)->name, "empty");
	ck_assert_str_eq(pp_probe_for_port(70000)->name, "empty");
	/* A profile's service name wins over the port; unknown names fall back. */
	ck_assert_str_eq(pp_probe_for_service("snmp", 16100)->name, "snmp");
	ck_assert_str_eq(pp_probe_for_service("ras", 1820)->name, "ras");
	ck_assert_str_eq(pp_probe_for_service("heartbeat", 8091)->name, "empty");
	ck_assert_str_eq(pp_probe_for_service("rtp", 5060)->name, "sip");
	ck_assert_str_eq(pp_probe_for_service(NULL, 3479)->name, "stun");
	ck_assert(pp_probe_find("tftp")->flags & PP_PROBE_ANY_SPORT);
	ck_assert(!(pp_probe_find("snmp")->flags & PP_PROBE_ANY_SPORT));
}
END_TEST

/* Each default-ports string means to the registry what it means to -p. */
START_TEST(test_registry_ports_parse)
{
	const struct pp_probe *const *all = pp_probes();
	pp_portset ps;
	char err[128];
	size_t off, i;
	unsigned port;

	for (i = 0; all[i] != NULL; i++) {
		if (all[i]->ports == NULL)
			continue;
		pp_portset_init(&ps);
		ck_assert_int_eq(pp_portset_parse(all[i]->ports, &ps, &off, err, sizeof(err)), 0);
		for (port = 1; port <= 65535; port++)
			if (pp_portset_contains(&ps, port))
				ck_assert_str_eq(pp_probe_for_port(port)->name, all[i]->name);
			else
				ck_assert_str_ne(pp_probe_for_port(port)->name, all[i]->name);
		pp_portset_free(&ps);
	}
}
END_TEST

/* Too small a buffer is PP_ETRUNC, and nothing is written past it. */
START_TEST(test_build_bounds)
{
	const struct pp_probe *const *all = pp_probes();
	struct pp_probe_ctx c = probes_ctx(5060);
	uint8_t buf[1024];
	int n, k;
	size_t i;

	c.src = 0xffffffffu; /* the longest dotted addresses */
	c.dst = 0xffffffffu;
	c.sport = c.dport = 65535;
	for (i = 0; all[i] != NULL; i++) {
		n = all[i]->build(&c, buf, sizeof(buf));
		ck_assert_int_ge(n, 0);
		ck_assert_int_lt(n, 600);
		for (k = 0; k < n; k++) {
			memset(buf, 0xa5, sizeof(buf));
			ck_assert_int_eq(all[i]->build(&c, buf, (size_t)k), PP_ETRUNC);
			ck_assert_uint_eq(buf[k], 0xa5);
		}
	}
}
END_TEST

/* No probe takes its own request (or anyone else's) for an answer. */
START_TEST(test_echo_rejected)
{
	const struct pp_probe *const *all = pp_probes();
	struct pp_probe_ctx c = probes_ctx(1);
	uint8_t buf[1024];
	size_t i, j;
	int n;

	for (i = 0; all[i] != NULL; i++) {
		n = all[i]->build(&c, buf, sizeof(buf));
		ck_assert_int_ge(n, 0);
		for (j = 0; all[j] != NULL; j++) {
			if (strcmp(all[j]->name, "empty") == 0 || (n == 0 && i == j))
				continue;
			ck_assert_msg(all[j]->validate(&c, buf, (size_t)n) == 0,
			              "%s took a %s request", all[j]->name, all[i]->name);
		}
	}
}
END_TEST

START_TEST(test_build_sip)
{
	struct pp_probe_ctx c = probes_ctx(5060);
	char buf[1024];
	int n = build("sip", &c, (uint8_t *)buf, sizeof(buf) - 1);

	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_msg(strncmp(buf, "OPTIONS sip:198.18.0.2:5060 SIP/2.0\r\n", 37) == 0, "%s", buf);
	ck_assert_ptr_nonnull(strstr(buf, "\r\nVia: SIP/2.0/UDP 198.18.0.1:40000;rport;"
	                                  "branch=z9hG4bK5050726f6f663031\r\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\r\nMax-Forwards: 70\r\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\r\nFrom: <sip:portproof@198.18.0.1>;tag="));
	ck_assert_ptr_nonnull(strstr(buf, "\r\nTo: <sip:198.18.0.2:5060>\r\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\r\nCall-ID: 87f61c10fe652ade@198.18.0.1\r\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\r\nCSeq: 1 OPTIONS\r\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\r\nContact: <sip:portproof@198.18.0.1:40000>\r\n"));
	ck_assert_str_eq(buf + n - 23, "\r\nContent-Length: 0\r\n\r\n");
	/* Another cookie, another branch, tag and Call-ID. */
	c.cookie++;
	n = build("sip", &c, (uint8_t *)buf, sizeof(buf) - 1);
	buf[n] = '\0';
	ck_assert_ptr_nonnull(strstr(buf, "branch=z9hG4bK5050726f6f663032\r\n"));
	ck_assert_ptr_null(strstr(buf, "87f61c10fe652ade"));
	ck_assert_ptr_null(strstr(buf, "tag=4c331211"));
}
END_TEST

/* The GetRequest read back with the BER reader: version by attempt, community,
 * request-id, one binding of sysDescr.0 to NULL. */
static void
check_snmp_request(const uint8_t *p, size_t n, int64_t version, const char *community)
{
	static const uint8_t sysdescr[] = {0x2b, 6, 1, 2, 1, 1, 1, 0};
	struct pp__ber all, msg, f, pdu, vbl, vb;
	int64_t v;
	uint8_t tag;

	pp__ber_init(&all, p, n);
	ck_assert_int_eq(pp__ber_expect(&all, BER_SEQUENCE, &msg), 0);
	ck_assert(pp__ber_done(&all));
	ck_assert_int_eq(pp__ber_expect(&msg, BER_INTEGER, &f), 0);
	ck_assert_int_eq(pp__ber_int(&f, &v), 0);
	ck_assert_int_eq(v, version);
	ck_assert_int_eq(pp__ber_expect(&msg, BER_OCTETS, &f), 0);
	ck_assert_uint_eq(f.len, strlen(community));
	ck_assert(memcmp(f.p, community, f.len) == 0);
	ck_assert_int_eq(pp__ber_next(&msg, &tag, &pdu), 0);
	ck_assert_uint_eq(tag, 0xa0);
	ck_assert(pp__ber_done(&msg));
	ck_assert_int_eq(pp__ber_expect(&pdu, BER_INTEGER, &f), 0);
	ck_assert_int_eq(pp__ber_int(&f, &v), 0);
	ck_assert_int_eq(v, (int64_t)(PP_TEST_COOKIE & 0x7fffffff));
	ck_assert_int_eq(pp__ber_expect(&pdu, BER_INTEGER, &f), 0);
	ck_assert_int_eq(pp__ber_int(&f, &v), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(pp__ber_expect(&pdu, BER_INTEGER, &f), 0);
	ck_assert_int_eq(pp__ber_expect(&pdu, BER_SEQUENCE, &vbl), 0);
	ck_assert(pp__ber_done(&pdu));
	ck_assert_int_eq(pp__ber_expect(&vbl, BER_SEQUENCE, &vb), 0);
	ck_assert(pp__ber_done(&vbl));
	ck_assert_int_eq(pp__ber_expect(&vb, BER_OID, &f), 0);
	ck_assert_uint_eq(f.len, sizeof(sysdescr));
	ck_assert(memcmp(f.p, sysdescr, sizeof(sysdescr)) == 0);
	ck_assert_int_eq(pp__ber_expect(&vb, BER_NULL, &f), 0);
	ck_assert_uint_eq(f.len, 0);
	ck_assert(pp__ber_done(&vb));
}

START_TEST(test_build_snmp)
{
	struct pp_probe_ctx c = probes_ctx(161);
	uint8_t buf[1024];
	char longc[300];
	int n;

	n = build("snmp", &c, buf, sizeof(buf));
	check_snmp_request(buf, (size_t)n, 1, "public");
	c.attempt = 1; /* a retransmission falls back to v1 */
	n = build("snmp", &c, buf, sizeof(buf));
	check_snmp_request(buf, (size_t)n, 0, "public");
	/* A community long enough for long-form BER lengths. */
	memset(longc, 'c', 200);
	longc[200] = '\0';
	c.snmp_community = longc;
	n = build("snmp", &c, buf, sizeof(buf));
	ck_assert_int_gt(n, 200);
	ck_assert_uint_eq(buf[1], 0x81);
	check_snmp_request(buf, (size_t)n, 0, longc);
	memset(longc, 'c', 299);
	longc[299] = '\0';
	ck_assert_int_eq(build("snmp", &c, buf, sizeof(buf)), PP_ERANGE);
	c.snmp_community = NULL; /* the engine left it out: public */
	n = build("snmp", &c, buf, sizeof(buf));
	check_snmp_request(buf, (size_t)n, 0, "public");
}
END_TEST

START_TEST(test_build_binary)
{
	struct pp_probe_ctx c = probes_ctx(53);
	static const uint8_t dns[] = {0x30, 0x31, 0,   0,   0,   1,   0,   0,   0,   0,
	                              0,    0,    7,   'v', 'e', 'r', 's', 'i', 'o', 'n',
	                              4,    'b',  'i', 'n', 'd', 0,   0,   16,  0,   3};
	static const uint8_t stun[] = {0,   1,   0,   0,   0x21, 0x12, 0xa4, 0x42,
	                               'P', 'P', 'r', 'o', 'o',  'f',  '0',  '1'};
	static const uint8_t tftp[] = "\0\1pp-5050726f6f663031.missing\0octet";
	/* As tshark -O h225 decodes it: gatekeeperRequest, requestSeqNum 25176,
	 * protocolIdentifier 0.0.8.2250.0.4, rasAddress 198.18.0.1:40000,
	 * endpointType terminal, mc False, undefinedNode False. */
	static const uint8_t ras[] = {0x00, 0x00, 0x62, 0x57, 0x06, 0x00, 0x08, 0x91, 0x4a, 0x00,
	                              0x04, 0x00, 0xc6, 0x12, 0x00, 0x01, 0x9c, 0x40, 0x02, 0x00};
	uint8_t buf[1024];
	int n;

	ck_assert_int_eq(build("dns", &c, buf, sizeof(buf)), (int)sizeof(dns));
	ck_assert(memcmp(buf, dns, sizeof(dns)) == 0);
	ck_assert_int_eq(build("stun", &c, buf, sizeof(buf)), 20);
	ck_assert(memcmp(buf, stun, sizeof(stun)) == 0);
	n = build("ntp", &c, buf, sizeof(buf));
	ck_assert_int_eq(n, 48);
	ck_assert_uint_eq(buf[0] >> 6, 0);     /* LI */
	ck_assert_uint_eq(buf[0] >> 3 & 7, 4); /* VN */
	ck_assert_uint_eq(buf[0] & 7, 3);      /* client */
	ck_assert(memcmp(buf + 40, "PProof01", 8) == 0);
	ck_assert_int_eq(build("tftp", &c, buf, sizeof(buf)), (int)sizeof(tftp));
	ck_assert(memcmp(buf, tftp, sizeof(tftp)) == 0);
	ck_assert_int_eq(build("ras", &c, buf, sizeof(buf)), (int)sizeof(ras));
	ck_assert(memcmp(buf, ras, sizeof(ras)) == 0);
	ck_assert_int_eq(build("empty", &c, buf, sizeof(buf)), 0);
	/* requestSeqNum is never 0, the one value its type excludes. */
	c.cookie = 65535ull * 7;
	build("ras", &c, buf, sizeof(buf));
	ck_assert_uint_eq(buf[2] << 8 | buf[3], 0); /* seq 1, encoded as seq - 1 */
}
END_TEST

/* Over IPv6 the GRQ's rasAddress is H.225.0's ip6Address, decoded here bit
 * by bit (aligned PER) back to our address and source port. */
START_TEST(test_build_ras6)
{
	static const uint8_t us6[16] = {0x20, 0x01, 0, 2, [15] = 1};
	struct pp_probe_ctx c = probes_ctx(1719);
	uint8_t v4[64], buf[64];
	int n4, n;

	n4 = build("ras", &c, v4, sizeof(v4));
	c.src6 = us6;
	n = build("ras", &c, buf, sizeof(buf));
	ck_assert_int_eq(n, 32);
	/* The CHOICE, requestSeqNum and protocolIdentifier as over IPv4. */
	ck_assert(memcmp(buf, v4, 11) == 0);
	/* TransportAddress: extension bit 0, index 3 of 7 in 3 bits (ip6Address),
	 * the SEQUENCE's extension bit 0, padding to the octet. */
	ck_assert_uint_eq(buf[11] >> 7, 0);
	ck_assert_uint_eq(buf[11] >> 4 & 7, 3);
	ck_assert_uint_eq(buf[11] >> 3 & 1, 0);
	ck_assert_uint_eq(buf[11] & 7, 0);
	/* ip OCTET STRING (SIZE (16)): no length, aligned; port INTEGER (0..65535). */
	ck_assert(memcmp(buf + 12, us6, 16) == 0);
	ck_assert_uint_eq((unsigned)(buf[28] << 8 | buf[29]), PP_TEST_SPORT);
	/* endpointType, as in the IPv4 GRQ's last two octets. */
	ck_assert(memcmp(buf + 30, v4 + n4 - 2, 2) == 0);
	/* Short of room. */
	ck_assert_int_eq(build("ras", &c, buf, 31), PP_ETRUNC);
}
END_TEST

START_TEST(test_custom_parse)
{
	struct pp_probe_custom cp[3];
	struct pp_probe_ctx c = probes_ctx(161);
	uint8_t buf[PP_PROBE_CUSTOM_MAX];
	char err[160];

	ck_assert_int_eq(pp_probe_custom_parse("161:302602", &cp[0], err, sizeof(err)), 0);
	ck_assert_uint_eq(cp[0].port, 161);
	ck_assert_uint_eq(cp[0].len, 3);
	ck_assert_str_eq(cp[0].probe.name, "custom");
	ck_assert_ptr_null(cp[0].probe.ports);
	ck_assert_int_eq(pp_probe_custom_parse("8091:0xDEADbeef", &cp[1], err, sizeof(err)), 0);
	ck_assert_uint_eq(cp[1].len, 4);
	ck_assert_int_eq(pp_probe_custom_parse("161:", &cp[2], err, sizeof(err)), 0);
	ck_assert_uint_eq(cp[2].len, 0);
	/* The last one for a port wins; the struct copies by value. */
	ck_assert_ptr_eq(pp_probe_custom_find(cp, 3, 161), &cp[2]);
	ck_assert_ptr_eq(pp_probe_custom_find(cp, 2, 161), &cp[0]);
	ck_assert_ptr_null(pp_probe_custom_find(cp, 3, 53));
	c.custom = &cp[1];
	ck_assert_int_eq(cp[1].probe.build(&c, buf, sizeof(buf)), 4);
	ck_assert(memcmp(buf, "\xde\xad\xbe\xef", 4) == 0);
	ck_assert_int_eq(cp[1].probe.build(&c, buf, 3), PP_ETRUNC);
	ck_assert_int_eq(cp[1].probe.validate(&c, buf, 0), 1);
	c.custom = NULL;
	ck_assert_int_eq(cp[1].probe.build(&c, buf, sizeof(buf)), PP_EINVAL);
}
END_TEST

static const struct {
	const char *arg;
	int code;
	const char *says;
} custom_bad[] = {
        {"161", PP_ESYNTAX, "PORT:HEX"},
        {":00", PP_ESYNTAX, "missing port"},
        {"abc:00", PP_ESYNTAX, "'abc'"},
        {"-1:00", PP_ESYNTAX, "'-1'"},
        {"0:00", PP_ERANGE, "'0'"},
        {"65536:00", PP_ERANGE, "'65536'"},
        {"99999999999999999999:00", PP_ERANGE, "'99999999999999999999'"},
        {"161:0", PP_ESYNTAX, "odd number"},
        {"161:0g", PP_ESYNTAX, "'g' at offset 5"},
        {"161:00 11", PP_ESYNTAX, "' ' at offset 6"},
};

START_TEST(test_custom_errors)
{
	struct pp_probe_custom cp;
	char err[160], *big;
	size_t n = 2 * PP_PROBE_CUSTOM_MAX + 2;

	ck_assert_int_eq(pp_probe_custom_parse(custom_bad[_i].arg, &cp, err, sizeof(err)),
	                 custom_bad[_i].code);
	ck_assert_msg(strstr(err, custom_bad[_i].says) != NULL, "'%s': error '%s' lacks '%s'",
	              custom_bad[_i].arg, err, custom_bad[_i].says);
	big = malloc(4 + n + 1);
	ck_assert_ptr_nonnull(big);
	memcpy(big, "161:", 4);
	memset(big + 4, 'a', n);
	big[4 + n] = '\0';
	ck_assert_int_eq(pp_probe_custom_parse(big, &cp, err, sizeof(err)), PP_ERANGE);
	ck_assert_ptr_nonnull(strstr(err, "more than"));
	big[4 + n - 2] = '\0';
	ck_assert_int_eq(pp_probe_custom_parse(big, &cp, err, sizeof(err)), 0);
	free(big);
}
END_TEST

static Suite *
probes_suite(void)
{
	Suite *s = suite_create("probes");
	TCase *tc = tcase_create("build");

	tcase_add_test(tc, test_registry);
	tcase_add_test(tc, test_registry_ports_parse);
	tcase_add_test(tc, test_build_bounds);
	tcase_add_test(tc, test_echo_rejected);
	tcase_add_test(tc, test_build_sip);
	tcase_add_test(tc, test_build_snmp);
	tcase_add_test(tc, test_build_binary);
	tcase_add_test(tc, test_build_ras6);
	tcase_add_test(tc, test_custom_parse);
	tcase_add_loop_test(tc, test_custom_errors, 0,
	                    (int)(sizeof(custom_bad) / sizeof(custom_bad[0])));
	suite_add_tcase(s, tc);
	suite_add_tcase(s, probes_replies_tcase());
	return s;
}

int
main(void)
{
	return run_suite(probes_suite());
}
