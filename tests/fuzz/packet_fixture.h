/*
 * The fixed scan of the packet fuzz harness and of its seed generator: our
 * address 198.18.0.1, a target 198.18.0.2, a constant cookie key and the
 * default source-port range, UDP probes on the ports the lab's daemons answer.
 * Seeds built with it (tests/fuzz/mkseeds_packet.c) carry cookies that pass, so
 * the fuzzer starts from packets that reach the classifier's every branch.
 */
#ifndef PP_FUZZ_PACKET_FIXTURE_H
#define PP_FUZZ_PACKET_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "cookie.h"
#include "pp_portset.h"

#define PPF_US   0xc6120001u /* 198.18.0.1 */
#define PPF_THEM 0xc6120002u /* 198.18.0.2 */
#define PPF_NUDP 8

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

#endif
