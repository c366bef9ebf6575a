/*
 * The IPv6 capture filter (collector.c pp__collector_filter6), compiled by
 * libpcap for Ethernet as the collector compiles it and run on crafted
 * frames with pcap_offline_filter: answers behind extension headers (a
 * SYN-ACK after destination options, an ICMPv6 unreachable after hop-by-hop
 * options, a fragment) pass, and the parser and classifier then take them as
 * they take the bare ones; traffic to our address that is not an answer (ssh
 * to it, neighbour discovery), to another address or from a port outside ours
 * does not pass.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <pcap/pcap.h>
#include <string.h>

#include "base/bytes.h"
#include "engine/collector.h"
#include "engine/packet.h"
#include "pp_result.h"

#include "../../fuzz/packet_fixture.h"
#include "runner.h"

static struct ppf f;
static struct bpf_program prog;
static pcap_t *dead;

static void
setup(void)
{
	char filter[512];
	uint8_t us[1][16];

	memcpy(us[0], PPF_US6, 16);
	ck_assert_int_eq(ppf_init6(&f), 0);
	pp__collector_filter6(filter, sizeof(filter), (const uint8_t(*)[16])us, 1, f.m.key.sport_lo,
	                      f.m.key.sport_hi);
	dead = pcap_open_dead(DLT_EN10MB, 65535);
	ck_assert_ptr_nonnull(dead);
	ck_assert_msg(pcap_compile(dead, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) == 0, "%s: %s",
	              filter, pcap_geterr(dead));
}

static void
teardown(void)
{
	pcap_freecode(&prog);
	pcap_close(dead);
	free(f.udp_index);
}

/* No extension header (0 is hop-by-hop's). */
#define NONE 256u

/* An Ethernet frame: IPv6 from src to dst, an 8-byte extension header of
 * type ext (or NONE), then l4 (n bytes) of proto, its checksum set. */
static size_t
frame(uint8_t *b, const uint8_t *src, const uint8_t *dst, unsigned ext, unsigned proto,
      const uint8_t *l4, size_t n)
{
	uint8_t *ip = b + 14, *u;
	size_t e = ext == NONE ? 0 : 8, csum_at;
	memset(b, 0, 14 + 40 + e);
	b[12] = 0x86;
	b[13] = 0xdd;
	ip[0] = 0x60;
	pp__put16(ip + 4, (unsigned)(e + n));
	ip[6] = (uint8_t)(e ? ext : proto);
	ip[7] = 64;
	memcpy(ip + 8, src, 16);
	memcpy(ip + 24, dst, 16);
	u = ip + 40;
	if (e) {
		u[0] = (uint8_t)proto;
		if (ext == 44) { /* a first fragment, more to come */
			u[3] = 1;
			u[7] = 42;
		} else { /* a PadN option filling the header */
			u[2] = 1;
			u[3] = 4;
		}
		u += 8;
	}
	memcpy(u, l4, n);
	csum_at = proto == 6 ? 16 : proto == 17 ? 6 : 2;
	u[csum_at] = u[csum_at + 1] = 0;
	pp__csum_put(u + csum_at,
	             pp__pseudo6_sum(ip + 8, ip + 24, (uint8_t)proto, n) + pp__csum_add(0, u, n));
	return 14 + 40 + e + n;
}

static int
passes(const uint8_t *b, size_t len)
{
	struct pcap_pkthdr h;

	memset(&h, 0, sizeof(h));
	h.caplen = h.len = (bpf_u_int32)len;
	return pcap_offline_filter(&prog, &h, b) != 0;
}

/* What the collector does with a frame past the filter. */
static int
classified(const uint8_t *b, size_t len, struct pp__reply *r)
{
	struct pp__pkt pk;

	return pp__pkt_parse(PP__DLT_EN10MB, b, len, &pk) == 0 && pp__classify(&f.m, &pk, r);
}

/* Our SYN-ACK from the target's port 443, answering the probe's cookie. */
static void
synack(uint8_t t[20], unsigned sport_us)
{
	uint64_t c = pp__cookie(&f.m.key, PP_PROTO_TCP, f.m.src,
	                        pp__cookie_fold6(&f.m.key, PPF_THEM6), 443);

	memset(t, 0, 20);
	pp__put16(t, 443);
	pp__put16(t + 2, sport_us ? sport_us : pp__cookie_sport(&f.m.key, c));
	pp__put32(t + 4, 0x12345678u);
	pp__put32(t + 8, pp__cookie_seq(c) + 1);
	t[12] = 5 << 4;
	t[13] = 0x12;
	pp__put16(t + 14, 65535);
}

START_TEST(test_tcp_behind_extensions)
{
	static const unsigned exts[] = {60, 0, 43};
	uint8_t b[256], t[20];
	struct pp__reply r;
	size_t n, i;

	synack(t, 0);
	n = frame(b, PPF_THEM6, PPF_US6, NONE, 6, t, sizeof(t));
	ck_assert(passes(b, n));
	ck_assert_int_eq(classified(b, n, &r), 1);
	ck_assert_uint_eq(r.state, PP_STATE_OPEN);
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		n = frame(b, PPF_THEM6, PPF_US6, exts[i], 6, t, sizeof(t));
		ck_assert_msg(passes(b, n), "extension header %u", exts[i]);
		ck_assert_int_eq(classified(b, n, &r), 1);
		ck_assert_uint_eq(r.state, PP_STATE_OPEN);
		ck_assert_uint_eq(r.port, 443);
		ck_assert(r.v6);
	}
	/* A first fragment carries the TCP header: it passes too (the parser
	 * leaves reassembly to the kernel). */
	n = frame(b, PPF_THEM6, PPF_US6, 44, 6, t, sizeof(t));
	ck_assert(passes(b, n));
	/* Behind an extension header to another address: not ours. */
	n = frame(b, PPF_THEM6, PPF_ROUTER6, 60, 6, t, sizeof(t));
	ck_assert(!passes(b, n));
}
END_TEST

START_TEST(test_icmp6_behind_extensions)
{
	uint8_t b[256], q[8 + PP__TCP6_PKT_LEN];
	struct pp__tmpl tm;
	struct pp__reply r;
	uint64_t c = pp__cookie(&f.m.key, PP_PROTO_TCP, f.m.src,
	                        pp__cookie_fold6(&f.m.key, PPF_THEM6), 8443);
	size_t n;

	/* Destination unreachable, address unreachable (3), quoting our SYN. */
	memset(q, 0, 8);
	q[0] = 1;
	q[1] = 3;
	ck_assert_int_eq(pp__tmpl_init(&tm, 64, NULL, 0), 0);
	pp__build_tcp6(&tm, q + 8, PPF_US6, PPF_THEM6, pp__cookie_sport(&f.m.key, c), 8443,
	               pp__cookie_seq(c));
	n = frame(b, PPF_ROUTER6, PPF_US6, NONE, 58, q, sizeof(q));
	ck_assert(passes(b, n));
	ck_assert_int_eq(classified(b, n, &r), 1);
	/* The same behind hop-by-hop options, and behind a fragment header. */
	n = frame(b, PPF_ROUTER6, PPF_US6, 44, 58, q, sizeof(q));
	ck_assert(passes(b, n));
	n = frame(b, PPF_ROUTER6, PPF_US6, 0, 58, q, sizeof(q));
	ck_assert(passes(b, n));
	ck_assert_int_eq(classified(b, n, &r), 1);
	ck_assert_uint_eq(r.state, PP_STATE_FILTERED);
	ck_assert_uint_eq(r.reason, PP_REASON_ICMP6_UNREACH);
	ck_assert_uint_eq(r.code, 3);
	ck_assert_uint_eq(r.port, 8443);
}
END_TEST

START_TEST(test_not_answers)
{
	uint8_t b[256], t[20], ns[24];
	size_t n;

	/* ssh to our address (the machine's own traffic): port 22 is not ours. */
	synack(t, 22);
	n = frame(b, PPF_THEM6, PPF_US6, NONE, 6, t, sizeof(t));
	ck_assert(!passes(b, n));
	/* Neighbour solicitation (type 135) to our address. */
	memset(ns, 0, sizeof(ns));
	ns[0] = 135;
	memcpy(ns + 8, PPF_US6, 16);
	n = frame(b, PPF_THEM6, PPF_US6, NONE, 58, ns, sizeof(ns));
	ck_assert(!passes(b, n));
	/* An answer to another address. */
	synack(t, 0);
	n = frame(b, PPF_THEM6, PPF_THEM6, NONE, 6, t, sizeof(t));
	ck_assert(!passes(b, n));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("filter6");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_tcp_behind_extensions);
	tcase_add_test(tc, test_icmp6_behind_extensions);
	tcase_add_test(tc, test_not_answers);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
