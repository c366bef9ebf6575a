/*
 * What check_classify.c (IPv4) and check_classify6.c (IPv6) share: the scan's
 * match with a constant cookie key, the default source-port range and a few
 * UDP probes, an IPv6 header (cfx_ip6), and classify(), which seals a crafted packet's checksums
 * (ppf_seal, tests/fuzz/packet_fixture.h), parses it as a raw IP packet and
 * hands it to the classifier as the collector would.
 */
#ifndef PP_TEST_CLASSIFY_FIXTURE_H
#define PP_TEST_CLASSIFY_FIXTURE_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "engine/classify.h"
#include "engine/packet.h"

#include "../../fuzz/packet_fixture.h"

#define CFX_NUDP 2

static struct pp__match m;
static struct pp__udp_port udp[CFX_NUDP];
static uint32_t *udp_index;

/* The match of key byte key; UDP probe names[i] on ports[i] (n of them). */
static inline void
cfx_setup(uint8_t key, const uint16_t *ports, const char *const *names, size_t n)
{
	size_t i;

	memset(&m, 0, sizeof(m));
	memset(m.key.k, key, sizeof(m.key.k));
	m.key.sport_lo = 61000;
	m.key.sport_hi = 65535;
	udp_index = calloc(65536, sizeof(*udp_index));
	ck_assert_ptr_nonnull(udp_index);
	ck_assert_uint_le(n, CFX_NUDP);
	for (i = 0; i < n; i++) {
		udp[i].port = ports[i];
		udp[i].probe = pp_probe_find(names[i]);
		udp[i].custom = NULL;
		udp_index[ports[i]] = (uint32_t)i + 1;
	}
	m.udp_index = udp_index;
	m.udp = udp;
	m.nudp = n;
}

static inline void
cfx_teardown(void)
{
	free(udp_index);
	udp_index = NULL;
}

/* An IPv6 header from src to dst, next header nh, payload bytes after it. */
static inline size_t
cfx_ip6(uint8_t *b, const uint8_t *src, const uint8_t *dst, unsigned nh, size_t payload)
{
	memset(b, 0, 40);
	b[0] = 0x60;
	pp__put16(b + 4, (unsigned)payload);
	b[6] = (uint8_t)nh;
	b[7] = 61;
	memcpy(b + 8, src, 16);
	memcpy(b + 24, dst, 16);
	return 40;
}

/* 1 and *r when the classifier takes the packet, 0 when it rejects it, -1
 * when the parser does. */
static inline int
classify(uint8_t *b, size_t len, struct pp__reply *r)
{
	struct pp__pkt pk;

	ppf_seal(b, len);
	if (pp__pkt_parse(PP__DLT_RAW, b, len, &pk) < 0)
		return -1;
	return pp__classify(&m, &pk, r);
}

#endif
