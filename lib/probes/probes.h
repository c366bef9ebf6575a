/*
 * Internal to lib/probes/: the probe structs the registry lists, and the few
 * helpers every protocol file needs (big-endian stores and loads from bytes.h,
 * deriving more bits from the one 64-bit cookie, bounded text search in a reply
 * that is not NUL-terminated).  Nothing here is public API.
 */
#ifndef PP_PROBES_INTERNAL_H
#define PP_PROBES_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/bytes.h"
#include "pp_probe.h"

extern const struct pp_probe pp__probe_sip;
extern const struct pp_probe pp__probe_snmp;
extern const struct pp_probe pp__probe_ntp;
extern const struct pp_probe pp__probe_dns;
extern const struct pp_probe pp__probe_stun;
extern const struct pp_probe pp__probe_tftp;
extern const struct pp_probe pp__probe_ras;
extern const struct pp_probe pp__probe_empty;

/*
 * More bits from the cookie for protocols with several id fields (SIP's branch,
 * tag and Call-ID; STUN's 96-bit transaction id): splitmix64's finaliser, so each
 * salt gives an unrelated-looking value and a reply must carry the one we sent.
 * It is not a secret: the cookie itself is the keyed part.
 */
static inline uint64_t
pp__probe_mix(uint64_t cookie, uint64_t salt)
{
	uint64_t z = cookie + salt * 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Whether a default-ports string ("1718-1719,3478") holds port; 0 for NULL. */
int pp__probe_ports_contain(const char *ports, unsigned port);

#endif
