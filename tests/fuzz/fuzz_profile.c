/*
 * Fuzz harness of the profile loader: any bytes must give either a profile and no
 * problems, or an error and at least one problem, and never a crash or a leak.
 * Built normally it is a check program that replays its seed corpus
 * (tests/fuzz/corpus/profile, or the files and directories named on the command
 * line); built with -fsanitize=fuzzer and -DPP_LIBFUZZER it is a libFuzzer target:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -DPP_LIBFUZZER -Ilib -I$BUILD \
 *     tests/fuzz/fuzz_profile.c lib/jsonscan.c lib/jsonpos.c lib/profile*.c \
 *     lib/portset.c lib/portspec.c lib/error.c -lcjson -o fuzz_profile
 *   ./fuzz_profile -max_len=8192 tests/fuzz/corpus/profile
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "pp_profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const features[] = {"secure", "cluster", "tls"};
	struct pp_diags d;
	struct pp_expect *v;
	pp_profile *p;
	size_t i, n;
	int rc;

	pp_diags_init(&d);
	rc = pp_profile_parse((const char *)data, size, &p, &d);
	if ((rc == 0) != (d.n == 0) && rc != PP_ENOMEM)
		abort(); /* every error is explained, and only errors are */
	for (i = 0; p != NULL && i <= p->nroles; i++) {
		const char *role = i < p->nroles ? p->roles[i].name : NULL;
		if (pp_profile_query(p, role, features, 3, "any", 0, &v, &n, NULL, 0) == 0)
			free(v);
	}
	pp_profile_free(p);
	pp_diags_free(&d);
	return 0;
}

#ifndef PP_LIBFUZZER
static int
replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, r;

	if (fp == NULL) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap = cap ? cap * 2 : 4096);
			if (nb == NULL) {
				free(buf);
				fclose(fp);
				return -1;
			}
			buf = nb;
		}
		if ((r = fread(buf + len, 1, cap - len, fp)) == 0)
			break;
		len += r;
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int
replay(const char *path, unsigned *n)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char sub[4096];
	int rc = 0;

	if (d == NULL) {
		(*n)++;
		return replay_file(path);
	}
	while ((e = readdir(d)) != NULL && rc == 0) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		rc = replay(sub, n);
	}
	closedir(d);
	return rc;
}

int
main(int argc, char **argv)
{
	unsigned n = 0;
	int i;

	if (argc < 2 && replay(PP_FUZZ_CORPUS, &n) < 0)
		return 1;
	for (i = 1; i < argc; i++)
		if (replay(argv[i], &n) < 0)
			return 1;
	printf("fuzz_profile: %u inputs replayed\n", n);
	return n > 0 ? 0 : 1; /* an empty corpus is a mistake, not a pass */
}
#endif
