/*
 * `portproof report RESULT.json [--format FMT] [-o FILE]`: render a saved result
 * again, in any format, without scanning.
 */
#include "config.h"

#include "cli.h"
#include "cmd_result.h"
#include "pp_report.h"
#include "pp_result.h"

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
	if ((rc = pp_cli_check_format(format)) != 0 || (rc = pp_cli_read_result(argv[0], &r)) != 0)
		return rc;
	rc = pp_report_save(format, r, cli->output, &o, err, sizeof(err));
	pp_result_free(r);
	if (rc < 0) {
		pp_cli_error("%s", err);
		return PP_EXIT_USAGE;
	}
	return PP_EXIT_OK;
}
