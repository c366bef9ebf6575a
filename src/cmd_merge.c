/*
 * `portproof merge RESULT.json... [-o FILE] [--format FMT]`: join the results of
 * the shards of one scan or audit (`--shard K/N` on N machines) into the result
 * of the whole run, JSON unless --format says otherwise; the runs of one
 * deployment from several vantages (`audit --vantage ZONE` in each zone) into one
 * result with every port per zone.  What merge had to decide, and a zone the
 * deployment lists that no result covers, is said on stderr (unless -q); a set
 * that is not one run is exit 2.  --partial takes a missing shard (a scanner
 * that could not be reached) as a warning and marks the result incomplete.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_result.h"
#include "pp_report.h"
#include "pp_result.h"

static void
say_warnings(const char *warn)
{
	const char *line = warn, *nl;

	for (; *line != '\0'; line = *nl ? nl + 1 : nl) {
		if ((nl = strchr(line, '\n')) == NULL)
			nl = line + strlen(line);
		pp_cli_error("merge: %.*s", (int)(nl - line), line);
	}
}

int
pp_cmd_merge(struct pp_cli *cli, int argc, char **argv)
{
	const char *format = cli->format ? cli->format : "json";
	struct pp_report_opts o = {pp_cli_want_color(cli), cli->verbose};
	struct pp_result **in, *m = NULL;
	char err[512], warn[4096];
	int i, n = 0, rc = PP_EXIT_USAGE;

	if (argc < 1) {
		pp_cli_error("merge: expected RESULT.json... (see --help)");
		return PP_EXIT_USAGE;
	}
	if (pp_cli_check_format(format) != 0)
		return PP_EXIT_USAGE;
	if ((in = calloc((size_t)argc, sizeof(*in))) == NULL) {
		pp_cli_error("merge: out of memory");
		return PP_EXIT_USAGE;
	}
	for (n = 0; n < argc; n++) {
		if (pp_cli_read_result(argv[n], &in[n]) != 0)
			goto out;
	}
	if (pp_result_merge_opts(in, (const char *const *)argv, (size_t)n,
	                         cli->partial ? PP_MERGE_PARTIAL : 0, &m, err, sizeof(err), warn,
	                         sizeof(warn)) < 0) {
		pp_cli_error("merge: %s", err);
		goto out;
	}
	if (!cli->quiet) {
		say_warnings(warn);
		for (i = 0; i < (int)m->nunverified; i++)
			pp_cli_error("merge: no result from vantage %s: %zu rows unverified from "
			             "there",
			             m->unverified[i].vantage, m->unverified[i].rows);
	}
	if (pp_report_save(format, m, cli->output, &o, err, sizeof(err)) < 0) {
		pp_cli_error("%s", err);
		goto out;
	}
	rc = PP_EXIT_OK;
out:
	for (i = 0; i < n; i++)
		pp_result_free(in[i]);
	free(in);
	pp_result_free(m);
	return rc;
}
