/*
 * `portproof diff OLD.json NEW.json [--format text|json] [-o FILE]`: what changed
 * between two results.  Exit 1 when anything got worse (see pp_diff.h for what
 * counts), 0 when not, 2 for a bad file: a CI job or a change ticket acts on it.
 */
#include "config.h"

#include <string.h>

#include "cli.h"
#include "cmd_result.h"
#include "pp_diff.h"
#include "pp_report.h"
#include "pp_result.h"

struct diff_out {
	const char *format;
	const struct pp_diff *d;
	const struct pp_report_opts *o;
	char *err;
	size_t errlen;
};

static int
write_diff(FILE *fp, void *arg)
{
	struct diff_out *a = arg;

	return pp_diff_render(a->format, a->d, fp, a->o, a->err, a->errlen);
}

int
pp_cmd_diff(struct pp_cli *cli, int argc, char **argv)
{
	const char *format = cli->format ? cli->format : "text";
	struct pp_report_opts o = {pp_cli_want_color(cli), cli->verbose};
	struct pp_result *old = NULL, *new = NULL;
	struct pp_diff *d = NULL;
	char err[512];
	struct diff_out out = {format, NULL, &o, err, sizeof(err)};
	int rc = PP_EXIT_USAGE;

	if (argc != 2) {
		pp_cli_error("diff: expected OLD.json NEW.json, got %d operand%s (see --help)",
		             argc, argc == 1 ? "" : "s");
		return PP_EXIT_USAGE;
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "html") != 0) {
		pp_cli_error("--format: unknown format '%s' for diff (expected text, json or html)",
		             format);
		return PP_EXIT_USAGE;
	}
	if (pp_cli_read_result(argv[0], &old) != 0 || pp_cli_read_result(argv[1], &new) != 0)
		goto out;
	if (pp_diff_compute(old, new, &d) < 0) {
		pp_cli_error("diff: out of memory");
		goto out;
	}
	d->old_name = argv[0];
	d->new_name = argv[1];
	out.d = d;
	if (pp_save_atomic(cli->output, write_diff, &out, err, sizeof(err)) < 0) {
		pp_cli_error("%s", err);
		goto out;
	}
	rc = d->worse ? PP_EXIT_FINDINGS : PP_EXIT_OK;
out:
	pp_diff_free(d);
	pp_result_free(old);
	pp_result_free(new);
	return rc;
}
