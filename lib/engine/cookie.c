/*
 * Probe cookies (see cookie.h).  One SipHash per probe and one per reply: the
 * engine keeps no per-probe secret, so a reply is judged by recomputing the
 * cookie from the addresses and ports it carries.
 */
#include "config.h"

#include "cookie.h"
#include "pp_portset.h"
#include "siphash.h"

uint64_t
pp__cookie(const struct pp__cookie_key *key, unsigned proto, uint32_t src, uint32_t dst,
           uint16_t dport)
{
	uint8_t m[11];

	m[0] = (uint8_t)proto;
	m[1] = (uint8_t)(src >> 24);
	m[2] = (uint8_t)(src >> 16);
	m[3] = (uint8_t)(src >> 8);
	m[4] = (uint8_t)src;
	m[5] = (uint8_t)(dst >> 24);
	m[6] = (uint8_t)(dst >> 16);
	m[7] = (uint8_t)(dst >> 8);
	m[8] = (uint8_t)dst;
	m[9] = (uint8_t)(dport >> 8);
	m[10] = (uint8_t)dport;
	return pp__siphash24(key->k, m, sizeof(m));
}

uint32_t
pp__cookie_fold6(const struct pp__cookie_key *key, const uint8_t addr[16])
{
	uint64_t h = pp__siphash24(key->k, addr, 16);

	return (uint32_t)(h ^ h >> 32);
}

uint16_t
pp__cookie_sport(const struct pp__cookie_key *key, uint64_t cookie)
{
	uint32_t span = (uint32_t)key->sport_hi - key->sport_lo + 1;

	return (uint16_t)(key->sport_lo + (uint32_t)((cookie >> 32) % span));
}

uint16_t
pp__cookie_sport_try(const struct pp__cookie_key *key, uint64_t cookie, unsigned attempt)
{
	uint32_t span = (uint32_t)key->sport_hi - key->sport_lo + 1;
	uint64_t t = attempt < PP__TRY_MAX ? attempt : PP__TRY_MAX;

	return (uint16_t)(key->sport_lo + (uint32_t)(((cookie >> 32) + t) % span));
}

/* 1 + the try whose sequence number seq is, 0 if none (see cookie.h). */
static int
try_of(const struct pp__cookie_key *key, uint64_t c, uint16_t sport, uint32_t seq)
{
	uint32_t d = seq ^ pp__cookie_seq(c);

	if ((d & 0xffffffu) != 0 || pp__cookie_sport_try(key, c, d >> 24) != sport)
		return 0;
	return 1 + (int)(d >> 24);
}

int
pp__cookie_check_tcp_ack(const struct pp__cookie_key *key, uint32_t src, uint32_t dst,
                         uint16_t sport, uint16_t dport, uint32_t ack)
{
	uint64_t c = pp__cookie(key, PP_PROTO_TCP, src, dst, dport);

	return try_of(key, c, sport, ack - 1u);
}

int
pp__cookie_check_tcp_seq(const struct pp__cookie_key *key, uint32_t src, uint32_t dst,
                         uint16_t sport, uint16_t dport, uint32_t seq)
{
	uint64_t c = pp__cookie(key, PP_PROTO_TCP, src, dst, dport);

	return try_of(key, c, sport, seq);
}

int
pp__cookie_check_udp(const struct pp__cookie_key *key, uint32_t src, uint32_t dst, uint16_t sport,
                     uint16_t dport)
{
	uint64_t c = pp__cookie(key, PP_PROTO_UDP, src, dst, dport);

	return pp__cookie_sport(key, c) == sport;
}
