/*
 * Fuzz harness of the result reader and everything that reads results: any bytes
 * must give either an error of one line that names the input, or a result that
 * writes, reads back and writes again to the same bytes, renders in every format,
 * diffs against itself to nothing, and merges (as its own single shard) to itself.
 * Never a crash or a leak.
 *
 * Built normally it is a check program that replays its seed corpus
 * (tests/fuzz/corpus/result, or the files and directories named on the command
 * line); built with -fsanitize=fuzzer and -DPP_LIBFUZZER it is a libFuzzer target:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -DPP_LIBFUZZER -Ilib -I$BUILD \
 *     tests/fuzz/fuzz_result.c lib/result*.c lib/report/\*.c lib/diff*.c lib/merge.c \
 *     lib/portset.c lib/portspec.c lib/error.c lib/version.c -lcjson -lm -o fuzz_result
 *   ./fuzz_result -max_len=16384 tests/fuzz/corpus/result
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "pp_diff.h"
#include "pp_report.h"
#include "pp_result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
to_json(const struct pp_result *r, size_t *len)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);

	if (fp == NULL)
		abort();
	pp_result_write_json(r, fp);
	fclose(fp);
	return buf;
}

static void
render_all(const struct pp_result *r)
{
	const struct pp_reporter *const *l = pp_report_list();
	struct pp_report_opts o = {1, 1};
	char *buf = NULL, err[256];
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		abort();
	for (i = 0; l[i] != NULL; i++)
		if (pp_report_render(l[i]->name, r, fp, &o, err, sizeof(err)) < 0)
			abort();
	fclose(fp);
	free(buf);
}

static void
self_diff(const struct pp_result *r)
{
	struct pp_diff *d;
	char *buf = NULL, err[256];
	size_t len = 0;
	FILE *fp;

	if (pp_diff_compute(r, r, &d) < 0)
		return; /* out of memory */
	if (d->nhosts != 0 || d->worse)
		abort(); /* a result is the same as itself */
	if ((fp = open_memstream(&buf, &len)) == NULL)
		abort();
	pp_diff_render("text", d, fp, NULL, err, sizeof(err));
	pp_diff_render("json", d, fp, NULL, err, sizeof(err));
	fclose(fp);
	free(buf);
	pp_diff_free(d);
}

static void
self_merge(struct pp_result *r, const char *json)
{
	struct pp_result *m;
	const char *name = "self";
	char err[256], *again;
	size_t i, len;

	if (pp_result_merge(&r, &name, 1, &m, err, sizeof(err), NULL, 0) < 0)
		return; /* not shard 1/1 */
	for (i = 0; i < r->nargs && strncmp(r->args[i], "--shard", 7) != 0; i++)
		;
	again = to_json(m, &len);
	if (i == r->nargs && strcmp(again, json) != 0)
		abort(); /* one whole result merges to itself */
	free(again);
	pp_result_free(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pp_result *r = NULL, *back = NULL;
	char err[512], *one, *two;
	size_t n1, n2;
	int rc;

	rc = pp_result_parse_json("fuzz.json", (const char *)data, size, &r, err, sizeof(err));
	if (rc < 0) {
		if (r != NULL || strncmp(err, "fuzz.json", 9) != 0 || strchr(err, '\n') != NULL)
			abort(); /* one line naming the input, no result */
		return 0;
	}
	one = to_json(r, &n1);
	if (pp_result_parse_json("one.json", one, n1, &back, err, sizeof(err)) < 0)
		abort(); /* what we write, we read */
	two = to_json(back, &n2);
	if (n1 != n2 || memcmp(one, two, n1) != 0)
		abort(); /* and write again to the same bytes */
	render_all(r);
	self_diff(r);
	self_merge(r, one);
	free(one);
	free(two);
	pp_result_free(back);
	pp_result_free(r);
	return 0;
}

#ifndef PP_LIBFUZZER
static int
replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL, *nb;
	size_t len = 0, cap = 0, r;

	if (fp == NULL) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			if ((nb = realloc(buf, cap = cap ? cap * 2 : 4096)) == NULL) {
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
	printf("fuzz_result: %u inputs replayed\n", n);
	return n > 0 ? 0 : 1; /* an empty corpus is a mistake, not a pass */
}
#endif
