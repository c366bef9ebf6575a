/*
 * What the commands that write or read results share: the check of --format
 * against the reporters, reading a result file or saying why not (exit 2), and
 * whether a person gets colour.  One place, so report, diff, merge, scan and
 * audit refuse the same things with the same words.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_result.h"
#include "pp_report.h"

int
pp_cli_want_color(const struct pp_cli *cli)
{
	const char *nc = getenv("NO_COLOR");

	return (cli->output == NULL || strcmp(cli->output, "-") == 0) && isatty(1) &&
	       (nc == NULL || nc[0] == '\0');
}

int
pp_cli_check_format(const char *format)
{
	if (pp_report_find(format) != NULL)
		return 0;
	pp_cli_error("--format: unknown format '%s' (expected %s)", format, pp_report_names());
	return PP_EXIT_USAGE;
}

int
pp_cli_read_result(const char *path, struct pp_result **out)
{
	char err[512];

	if (pp_result_read_json(path, out, err, sizeof(err)) == 0)
		return 0;
	pp_cli_error("%s", err);
	return PP_EXIT_USAGE;
}
