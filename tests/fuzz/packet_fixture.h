/*
 * The fixed scan of the packet fuzz harness and of its seed generator: our
 * address 198.18.0.1, a target 198.18.0.2 (and an IPv6 scan, 2001:2::1 to
 * 2001:2::2: ppf_init6), a constant cookie key and the
 * default source-port range, UDP probes on the ports the lab's daemons answer.
 * Seeds built with it (tests/fuzz/mkseeds_packet.c) carry cookies that pass, so
 * the fuzzer starts from packets that reach the classifier's every branch.
 */
#ifndef PP_FUZZ_PACKET_FIXTURE_H
#define PP_FUZZ_PACKET_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "engine/build.h"
#include "engine/classify.h"
#include "engine/cookie.h"
#include "pp_portset.h"

#define PPF_US   0xc6120001u /* 198.18.0.1 */
#define PPF_THEM 0xc6120002u /* 198.18.0.2 */
#define PPF_NUDP 8
/* IPv6: 2001:2::1 (us), 2001:2::2 (the target), 2001:2:0:1::1 (a router). */
static const uint8_t PPF_US6[16] = {0x20, 0x01, 0, 2, [15] = 1};
static const uint8_t PPF_THEM6[16] = {0x20, 0x01, 0, 2, [15] = 2};
static const uint8_t PPF_ROUTER6[16] = {0x20, 0x01, 0, 2, 0, 0, 0, 1, [15] = 1};

struct ppf {
	struct pp__match m;
	struct pp__udp_port udp[PPF_NUDP];
	uint32_t *udp_index;
};

static inline int
ppf_init(struct ppf *f)
{
	static const uint16_t ports[PPF_NUDP] = {53, 69, 123, 161, 1719, 3478, 5060, 7};
	size_t i;

	memset(f, 0, sizeof(*f));
	memcpy(f->m.key.k, "portproof-fuzz!!", 16);
	f->m.key.sport_lo = PP__SPORT_LO;
	f->m.key.sport_hi = PP__SPORT_HI;
	f->m.src = PPF_US;
	if ((f->udp_index = calloc(65536, sizeof(*f->udp_index))) == NULL)
		return -1;
	for (i = 0; i < PPF_NUDP; i++) {
		f->udp[i].port = ports[i];
		f->udp[i].probe = pp_probe_for_port(ports[i]);
		f->udp_index[ports[i]] = (uint32_t)i + 1;
	}
	f->m.udp_index = f->udp_index;
	f->m.udp = f->udp;
	f->m.nudp = PPF_NUDP;
	f->m.snmp_community = "public";
	return 0;
}

/* The same scan over IPv6: from 2001:2::1 (its cookie identity folded). */
static inline int
ppf_init6(struct ppf *f)
{
	if (ppf_init(f) < 0)
		return -1;
	f->m.v6 = 1;
	memcpy(f->m.src6, PPF_US6, 16);
	f->m.src = pp__cookie_fold6(&f->m.key, PPF_US6);
	return 0;
}

/*
 * Fill in the IP header's and the TCP, UDP or ICMP checksum of the IPv4 packet at
 * ip (len bytes there), or the TCP, UDP or ICMPv6 one of an IPv6 packet, where they fit; nothing
 * when its total length is past len: a truncated packet stays as it is.  Crafted packets
 * (check_classify) and fuzzed ones (fuzz_packet) get past the checksums this way to the code behind
 * them.
 */
static inline void
ppf_seal6(uint8_t *ip, size_t len)
{
	size_t l4, ulen;
	uint8_t *t = ip + 40;

	if (len < 40 || (l4 = (size_t)(ip[4] << 8 | ip[5])) > len - 40)
		return;
	if (ip[6] == 6 && l4 >= 18) {
		t[16] = t[17] = 0;
		pp__csum_put(t + 16,
		             pp__pseudo6_sum(ip + 8, ip + 24, 6, l4) + pp__csum_add(0, t, l4));
	} else if (ip[6] == 17 && l4 >= 8 && (ulen = (size_t)(t[4] << 8 | t[5])) <= l4 &&
	           ulen >= 8) {
		t[6] = t[7] = 0;
		pp__csum_put(t + 6,
		             pp__pseudo6_sum(ip + 8, ip + 24, 17, ulen) + pp__csum_add(0, t, ulen));
	} else if (ip[6] == 58 && l4 >= 4) {
		t[2] = t[3] = 0;
		pp__csum_put(t + 2,
		             pp__pseudo6_sum(ip + 8, ip + 24, 58, l4) + pp__csum_add(0, t, l4));
	}
}

static inline void
ppf_seal(uint8_t *ip, size_t len)
{
	size_t hl, total, l4, ulen;
	uint32_t pseudo;
	uint8_t *t;

	if (len >= 1 && (ip[0] >> 4) == 6) { /* IPv6: no extension headers sealed */
		ppf_seal6(ip, len);
		return;
	}
	if (len < 20 || (hl = (size_t)(ip[0] & 15) * 4) < 20 ||
	    (total = (size_t)(ip[2] << 8 | ip[3])) > len || total < hl)
		return;
	ip[10] = ip[11] = 0;
	pp__csum_put(ip + 10, pp__csum_add(0, ip, hl));
	t = ip + hl;
	l4 = total - hl;
	pseudo = (uint32_t)(ip[12] << 8 | ip[13]) + (uint32_t)(ip[14] << 8 | ip[15]) +
	         (uint32_t)(ip[16] << 8 | ip[17]) + (uint32_t)(ip[18] << 8 | ip[19]) + ip[9];
	if (ip[9] == 6 && l4 >= 18) {
		t[16] = t[17] = 0;
		pp__csum_put(t + 16, pseudo + (uint32_t)l4 + pp__csum_add(0, t, l4));
	} else if (ip[9] == 17 && l4 >= 8 && (ulen = (size_t)(t[4] << 8 | t[5])) <= l4 &&
	           ulen >= 8) {
		t[6] = t[7] = 0;
		pp__csum_put(t + 6, pseudo + (uint32_t)ulen + pp__csum_add(0, t, ulen));
	} else if (ip[9] == 1 && l4 >= 4) {
		t[2] = t[3] = 0;
		pp__csum_put(t + 2, pp__csum_add(0, t, l4));
	}
}

#endif
