/*
 * Fuzz harness of the result reader and everything that reads results: any bytes
 * must give either an error of one line that names the input, or a result that
 * writes, reads back and writes again to the same bytes, renders in every format,
 * diffs against itself to nothing, and merges (as its own single shard) to itself.
 * Never a crash or a leak.
 *
 * Built by `make check` with tests/fuzz/replay.c, it replays its seed corpus
 * (tests/fuzz/corpus/result, or the files and directories named on the command
 * line); `make fuzz` builds it with libFuzzer (-max_len=16384 suits it).
 */
#include "config.h"

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
	/* One whole result merges to itself (but for the zones it lists and does not
	 * cover, which merge names). */
	if (i == r->nargs && m->nunverified == r->nunverified && strcmp(again, json) != 0)
		abort();
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
