/*
 * Fuzz harness for the listener check's recogniser (lib/check/recognise.c):
 * what a TCP server says comes from the network, so pp_check_recognise must be
 * safe on any bytes, whatever room the detail has, and say whether an answer is
 * whole without reading past it.
 *
 * Built by `make check` with tests/fuzz/replay.c, it replays the seed corpus
 * (tests/fuzz/corpus/check/: the greetings of tests/unit/data/check/ and
 * hand-built ones); `make fuzz` builds it with libFuzzer.
 */
#include "config.h"

#include <string.h>

#include "check/check_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char detail[200], small[5];
	const char *seen;

	seen = pp_check_recognise(data, size, detail, sizeof(detail));
	if (seen == NULL || strlen(detail) >= sizeof(detail))
		__builtin_trap();
	pp_check_recognise(data, size, small, sizeof(small));
	pp_check_recognise(data, size, small, 0);
	pp__check_complete(data, size);
	return 0;
}
