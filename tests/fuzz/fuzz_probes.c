/*
 * Fuzz harness for the UDP probes: every probe's validate() runs on the input,
 * with the test cookie the seed replies were captured with (so the seeds reach
 * deep into each parser), then the --udp-payload parser on it as text.  Replies
 * come from the network, so validate() must be safe on any bytes.
 *
 * Built by `make check` with tests/fuzz/replay.c, it replays the seed corpus
 * (tests/fuzz/corpus/probes/, real replies of the lab's daemons and hand-built
 * RAS answers), or the files and directories named on its command line; `make
 * fuzz` builds it with libFuzzer.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_probe.h"

#define FUZZ_COOKIE 0x5050726f6f663031ull /* pp-udpprobe's test cookie */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct pp_probe *const *all = pp_probes();
	struct pp_probe_custom cp;
	struct pp_probe_ctx c;
	char text[256], err[128];
	size_t i;

	memset(&c, 0, sizeof(c));
	c.cookie = FUZZ_COOKIE;
	c.src = 0xc6120001u;
	c.dst = 0xc6120002u;
	c.sport = 40000;
	c.snmp_community = "public";
	for (i = 0; all[i] != NULL; i++) {
		c.dport = 1;
		all[i]->validate(&c, data, size);
	}
	i = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	memcpy(text, data, i);
	text[i] = '\0';
	pp_probe_custom_parse(text, &cp, err, sizeof(err));
	return 0;
}
