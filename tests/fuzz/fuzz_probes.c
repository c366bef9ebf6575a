/*
 * Fuzz harness for the UDP probes: every probe's validate() runs on the input,
 * with the test cookie the seed replies were captured with (so the seeds reach
 * deep into each parser), then the --udp-payload parser on it as text.  Replies
 * come from the network, so validate() must be safe on any bytes.
 *
 * Two builds.  As a libFuzzer target, from the source tree (BUILDDIR has config.h):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -DPP_LIBFUZZER -I lib -I BUILDDIR \
 *     tests/fuzz/fuzz_probes.c lib/error.c $(ls lib/probes/[a-z]*.c) -o fuzz_probes
 *   ./fuzz_probes -max_total_time=60 tests/fuzz/corpus/probes
 * By default, a check program: main() replays each file of the seed corpus
 * (tests/fuzz/corpus/probes/, real replies of the lab's daemons and hand-built
 * RAS answers), or the files and directories named on its command line.
 */
#include "config.h"

#include <dirent.h>
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

#ifndef PP_LIBFUZZER
/* One file, in a heap buffer of exactly its size so ASan sees any overread. */
static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
		perror(path);
		return -1;
	}
	rewind(f);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

/* A file, or every regular file of a directory; the count replayed, or -1. */
static long
replay(const char *path)
{
	char sub[4096];
	struct dirent *d;
	DIR *dir = opendir(path);
	long count = 0;

	if (dir == NULL)
		return replay_file(path) < 0 ? -1 : 1;
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, d->d_name);
		if (replay_file(sub) < 0) {
			closedir(dir);
			return -1;
		}
		count++;
	}
	closedir(dir);
	return count;
}

int
main(int argc, char **argv)
{
	const char *srcdir = getenv("top_srcdir");
	char dflt[4096];
	long n, total = 0;
	int i;

	if (argc < 2) {
		snprintf(dflt, sizeof(dflt), "%s/tests/fuzz/corpus/probes",
		         srcdir != NULL ? srcdir : PP_TEST_SRCDIR);
		n = replay(dflt);
		if (n <= 0) {
			fprintf(stderr, "fuzz_probes: no seed corpus in %s\n", dflt);
			return 1;
		}
		printf("fuzz_probes: replayed %ld inputs from %s\n", n, dflt);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		if ((n = replay(argv[i])) < 0)
			return 1;
		total += n;
	}
	printf("fuzz_probes: replayed %ld inputs\n", total);
	return 0;
}
#endif
