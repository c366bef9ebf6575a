/*
 * `portproof report RESULT.json [--format FMT] [-o FILE]`: render a saved result
 * again, in any format, without scanning.  Also home of the helpers the commands
 * that read results share (colour on a terminal).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_result.h"
#include "pp_report.h"
#include "pp_result.h"

int
pp_cli_want_color(const struct pp_cli *cli)
{
	const char *nc = getenv("NO_COLOR");

	return (cli->output == NULL || strcmp(cli->output, "-") == 0) && isatty(1) &&
	       (nc == NULL || nc[0] == '\0');
}

int
pp_cmd_report(struct pp_cli *cli, int argc, char **argv)
{
	const char *format = cli->format ? cli->format : "text";
	struct pp_report_opts o = {pp_cli_want_color(cli), cli->verbose};
	struct pp_result *r;
	char err[512];
	int rc;

	if (argc != 1) {
		pp_cli_error("report: expected one RESULT.json, got %d operands (see --help)",
		             argc);
		return PP_EXIT_USAGE;
	}
	if (pp_report_find(format) == NULL) {
		pp_cli_error("--format: unknown format '%s' (expected %s)", format,
		             pp_report_names());
		return PP_EXIT_USAGE;
	}
	if (pp_result_read_json(argv[0], &r, err, sizeof(err)) < 0) {
		pp_cli_error("%s", err);
		return PP_EXIT_USAGE;
	}
	rc = pp_report_save(format, r, cli->output, &o, err, sizeof(err));
	pp_result_free(r);
	if (rc < 0) {
		pp_cli_error("%s", err);
		return PP_EXIT_USAGE;
	}
	return PP_EXIT_OK;
}
