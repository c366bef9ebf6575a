/*
 * Unit tests of which (host, port) pairs a shard probes (lib/engine/shard.c): for
 * each shard K of N, pp_scan_in_shard holds for exactly the pairs the shard's
 * probes go to (pp_scan_each_probe, the packets --dry-run prints), the shards
 * together cover every pair once, and an address or a port the scan does not
 * probe is in no shard; with the caller's first ports (pp_scan_opts.first), the
 * same, and in each shard the first TCP ports go out before the first UDP ones,
 * and those before the rest (lib/engine/order.c).  No privilege: nothing is sent.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "pp_engine.h"
#include "runner.h"

#define BASE   0xc6120000u /* 198.18.0.0 */
#define NHOSTS 20          /* 198.18.0.0/28 and 198.18.0.16/30, less .5 */
#define NPORTS 65536

/* Pairs as bits: host offset from BASE (0..NHOSTS-1), then TCP or UDP, then port. */
static size_t
bit(uint32_t addr, unsigned proto, unsigned port)
{
	return ((size_t)(addr - BASE) * 2 + (proto == PP_PROTO_UDP)) * NPORTS + port;
}

static uint8_t *
bitmap(void)
{
	uint8_t *m = calloc((size_t)NHOSTS * 2 * NPORTS / 8, 1);

	ck_assert_ptr_nonnull(m);
	return m;
}

static int
isset(const uint8_t *m, size_t b)
{
	return (m[b >> 3] >> (b & 7)) & 1;
}

static int
mark(void *arg, const struct pp_probe_info *p)
{
	uint8_t *m = arg;
	size_t b;

	if (p->dst < BASE || p->dst >= BASE + NHOSTS)
		ck_abort_msg("a probe to a host not scanned");
	b = bit(p->dst, p->proto, p->dport);
	if (isset(m, b))
		ck_abort_msg("a probe sent twice");
	m[b >> 3] |= (uint8_t)(1u << (b & 7));
	return 0;
}

/* The caller's first ports: TCP 80 and 1005 on the even hosts, UDP 161 on all
 * (and 9999, which no case scans). */
static int
first_ports(void *arg, const struct pp_addr *a, pp_portset *tcp, pp_portset *udp)
{
	(void)arg;
	if ((pp_addr_v4(a) - BASE) % 2 == 0 &&
	    (pp_portset_add(tcp, 80, 80) < 0 || pp_portset_add(tcp, 1005, 1005) < 0))
		return -1;
	return pp_portset_add(udp, 161, 161) < 0 || pp_portset_add(udp, 9999, 9999) < 0 ? -1 : 0;
}

static unsigned
pass_of(const struct pp_probe_info *p)
{
	if (p->proto == PP_PROTO_TCP)
		return (p->dst - BASE) % 2 == 0 && (p->dport == 80 || p->dport == 1005) ? 0 : 2;
	return p->dport == 161 ? 1 : 2;
}

static int use_first; /* new_scan with first_ports, and the passes checked */

/* mark, and (use_first) the passes in order. */
struct ordered {
	uint8_t *m;
	unsigned pass;
};

static int
mark_ordered(void *arg, const struct pp_probe_info *p)
{
	struct ordered *o = arg;
	unsigned c = pass_of(p);

	if (use_first && c < o->pass)
		ck_abort_msg("%s/%u to 198.18.0.%u (pass %u) after pass %u",
		             pp_proto_name(p->proto), p->dport, p->dst - BASE, c, o->pass);
	o->pass = c;
	return mark(o->m, p);
}

static pp_scan *
new_scan(const pp_portset *tcp, const pp_portset *udp, unsigned k, unsigned n)
{
	struct pp_scan_opts o;
	char err[256];
	pp_scan *s;

	memset(&o, 0, sizeof(o));
	o.tcp = tcp;
	o.udp = udp;
	o.have_seed = 1;
	o.seed = 0x5eed;
	o.shard_k = k;
	o.shard_n = n;
	if (use_first)
		o.first = first_ports;
	ck_assert_int_eq(pp_scan_new(&o, &s, err, sizeof(err)), 0);
	ck_assert_int_eq(
	        pp_scan_add_targets(s, "198.18.0.0/28,198.18.0.16/30", 0, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_scan_add_targets(s, "198.18.0.5", 1, err, sizeof(err)), 0);
	ck_assert_int_eq(pp_scan_prepare(s, err, sizeof(err)), 0);
	return s;
}

static int
in_shard(const pp_scan *s, uint32_t addr, unsigned proto, unsigned port)
{
	struct pp_addr a = pp_addr_from_v4(addr);

	return pp_scan_in_shard(s, &a, proto, port);
}

/* One pair of shard k: in it exactly when a probe went to it (mine), and then a
 * pair of the scan that no other shard had (all).  Plain tests, one assertion for
 * a wrong answer only: Check records every assertion, and there are millions. */
static size_t
check_pair(const pp_scan *s, unsigned k, const uint8_t *mine, uint8_t *all, const pp_portset *ps,
           unsigned h, unsigned proto, unsigned port)
{
	size_t b = bit(BASE + h, proto, port);
	int in = in_shard(s, BASE + h, proto, port);

	if (in != isset(mine, b))
		ck_abort_msg("shard %u: 198.18.0.%u %s/%u: in %d, probed %d", k, h,
		             pp_proto_name(proto), port, in, isset(mine, b));
	if (!in)
		return 0;
	if (h == 5 || !pp_portset_contains(ps, port) || isset(all, b))
		ck_abort_msg("shard %u: 198.18.0.%u %s/%u: excluded, not scanned or in two shards",
		             k, h, pp_proto_name(proto), port);
	all[b >> 3] |= (uint8_t)(1u << (b & 7));
	return 1;
}

/* Every shard of N: pp_scan_in_shard is the set of the shard's probes, and the
 * shards split the pairs. */
static void
check_shards(const char *tcp_spec, const char *udp_spec, unsigned n)
{
	pp_portset tcp, udp;
	uint8_t *all = bitmap(), *mine = bitmap();
	size_t total = 0, probes = 0, off;
	unsigned k, h, port;
	char err[256];

	pp_portset_init(&tcp);
	pp_portset_init(&udp);
	if (*tcp_spec != '\0')
		ck_assert_int_eq(pp_portset_parse(tcp_spec, &tcp, &off, err, sizeof(err)), 0);
	if (*udp_spec != '\0')
		ck_assert_int_eq(pp_portset_parse(udp_spec, &udp, &off, err, sizeof(err)), 0);
	for (k = 1; k <= n; k++) {
		pp_scan *s = new_scan(&tcp, &udp, k, n);
		struct ordered o = {mine, 0};
		memset(mine, 0, (size_t)NHOSTS * 2 * NPORTS / 8);
		ck_assert_int_eq(pp_scan_each_probe(s, mark_ordered, &o), 0);
		probes += pp_scan_probes(s);
		for (h = 0; h < NHOSTS; h++) {
			for (port = 0; port < NPORTS; port++) {
				total += check_pair(s, k, mine, all, &tcp, h, PP_PROTO_TCP, port);
				total += check_pair(s, k, mine, all, &udp, h, PP_PROTO_UDP, port);
			}
		}
		/* Not a target, a protocol or a port the scan cannot have. */
		ck_assert_int_eq(in_shard(s, BASE + NHOSTS, PP_PROTO_TCP, 22), 0);
		ck_assert_int_eq(in_shard(s, BASE - 1, PP_PROTO_TCP, 22), 0);
		ck_assert_int_eq(in_shard(s, BASE, 3, 22), 0);
		ck_assert_int_eq(in_shard(s, BASE, PP_PROTO_TCP, 70000), 0);
		pp_scan_free(s);
	}
	/* Every pair of the scan in exactly one shard. */
	ck_assert_uint_eq(total, (NHOSTS - 1) * (pp_portset_count(&tcp) + pp_portset_count(&udp)));
	ck_assert_uint_eq(probes, total);
	pp_portset_free(&tcp);
	pp_portset_free(&udp);
	free(all);
	free(mine);
}

/* Ports and shards: one shard, three, more shards than ports, UDP alone. */
static const struct {
	const char *tcp, *udp;
	unsigned n;
} cases[] = {
        {"22,80,443,1000-1010", "53,161", 1},
        {"22,80,443,1000-1010", "53,123,161,5060", 3},
        {"22,80", "", 7},
        {"", "53,161,3478", 2},
};

START_TEST(shards)
{
	use_first = 0;
	check_shards(cases[_i].tcp, cases[_i].udp, cases[_i].n);
}
END_TEST

/* The same pairs with first ports, sent in their passes. */
START_TEST(shards_first)
{
	use_first = 1;
	check_shards(cases[_i].tcp, cases[_i].udp, cases[_i].n);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("shard");
	TCase *tc = tcase_create("shard");

	tcase_add_loop_test(tc, shards, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_loop_test(tc, shards_first, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	suite_add_tcase(s, tc);
	return run_suite(s);
}
