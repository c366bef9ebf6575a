/*
 * portproof audit DEPLOYMENT.json [options]: the main job.  Loads the deployment
 * (its profiles from the profile directories), plans the probes, scans every host
 * with the union of the plan's ports, judges and scores the observations, and
 * writes the report: text on stdout, or --format to -o FILE.  --dry-run prints the
 * plan instead, without privilege.  --vantage ZONE says which of the deployment's
 * zones this run sits in (what is restricted from here follows from it); `merge`
 * joins the runs of every zone.
 *
 * Exit: 0 conformant; 1 findings (a mandatory expectation failed, a finding of
 * severity high, or the score under --fail-under); 2 bad usage or a bad file;
 * 3 the scan could not run.  As root with -o FILE, the scan runs in a child that
 * drops to nobody (the engine parses packets only there); the parent keeps root
 * only to write the child's rendering atomically to FILE (run.c, shared with
 * scan, as the signals and the recorded command line are).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_audit.h"
#include "cmd_result.h"
#include "cmd_profile.h"
#include "pp_engine.h"
#include "pp_error.h"
#include "pp_report.h"
#include "pp_score.h"
#include "progress.h"
#include "run.h"

#define MAX_DIRS 16

/* --format, or for -o FILE without it, the format its name says (json otherwise:
 * the result every other command reads back, as in `-o before.json`). */
static const char *
output_format(const struct pp_cli *cli)
{
	static const char *const ext[][2] = {
	        {".txt", "text"}, {".csv", "csv"}, {".xml", "xml"}, {".html", "html"}};
	size_t i, n, e;

	if (cli->format != NULL)
		return cli->format;
	if (cli->output == NULL || strcmp(cli->output, "-") == 0)
		return "text";
	n = strlen(cli->output);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		e = strlen(ext[i][0]);
		if (n > e && strcmp(cli->output + n - e, ext[i][0]) == 0 &&
		    pp_report_find(ext[i][1]) != NULL)
			return ext[i][1];
	}
	return "json";
}

static int
load(struct pp_audit *a, const char *path)
{
	const char *dirs[MAX_DIRS];
	struct pp_plan_opts po;
	struct pp_diags d;
	size_t ndirs, nbad = 0;
	char err[512];
	int rc;

	ndirs = pp_cli_profile_dirs(a->cli, dirs, MAX_DIRS);
	pp_diags_init(&d);
	rc = pp_deploy_load(path, dirs, ndirs, &a->dep, &d);
	pp_profile_print_diags(path, &d);
	pp_diags_free(&d);
	if (rc == PP_ENOMEM) {
		pp_cli_error("out of memory");
		return PP_EXIT_NORUN;
	}
	if (rc < 0)
		return PP_EXIT_USAGE;
	/* The zone this run sits in: --vantage, one of those the deployment lists. */
	if (a->cli->vantage != NULL &&
	    (rc = pp_deploy_set_vantage(a->dep, a->cli->vantage, err, sizeof(err))) < 0) {
		pp_cli_error("--vantage: %s: %s", path, err);
		return rc == PP_ENOMEM ? PP_EXIT_NORUN : PP_EXIT_USAGE;
	}
	if (a->dep->vantage == NULL) {
		pp_cli_error("%s: the deployment lists %zu vantages and names none with "
		             "\"vantage\": say which zone this run sits in with --vantage ZONE",
		             path, a->dep->nvantages);
		return PP_EXIT_USAGE;
	}
	memset(&po, 0, sizeof(po));
	po.range_sample = a->cli->range_sample;
	po.full_ranges = a->cli->full_ranges;
	po.sweep = (unsigned)pp_sweep_parse(a->cli->sweep);
	if (po.sweep != PP_SWEEP_NONE) {
		if (pp_profile_load_all(dirs, ndirs, &a->all, &a->nall, &nbad) < 0) {
			pp_cli_error("out of memory");
			return PP_EXIT_NORUN;
		}
		if (nbad > 0 && a->cli->verbose)
			pp_cli_error("%zu profiles in the profile directories do not load; their "
			             "UDP ports are not swept (portproof profile lint)",
			             nbad);
		po.sweep_profiles = a->all;
		po.nsweep_profiles = a->nall;
	}
	if ((rc = pp_plan_build(a->dep, &po, &a->plan, err, sizeof(err))) < 0) {
		pp_cli_error("%s: %s", path, err);
		return rc == PP_ENOMEM ? PP_EXIT_NORUN : PP_EXIT_USAGE;
	}
	if (pp_audit_udp_probes(a) < 0) {
		pp_cli_error("out of memory");
		return PP_EXIT_NORUN;
	}
	return 0;
}

/* The deployment's hosts, either family: pp_run_prepare splits them. */
static int
add_hosts(void *arg, pp_scan *s, char *err, size_t errlen)
{
	const struct pp_audit *a = arg;
	size_t h;
	int rc;

	for (h = 0; h < a->dep->nhosts; h++)
		if ((rc = pp_scan_add_targets(s, a->dep->hosts[h].address, 0, err, errlen)) < 0)
			return rc;
	return 0;
}

static int
setup(struct pp_audit *a)
{
	const struct pp_cli *cli = a->cli;
	struct pp_scan_opts o;
	int rc;

	if ((rc = pp_run_payloads(cli, &a->custom)) != 0)
		return rc;
	pp_run_scan_opts(cli, &o);
	o.tcp = &a->plan->tcp;
	o.udp = &a->plan->udp;
	/* Each host asks past its ICMP limit only the UDP ports its own
	 * expectations judge (cmd_audit_linger.c, portproof-deployment(5)). */
	if (pp_audit_index_hosts(a) < 0) {
		pp_cli_error("out of memory");
		return PP_EXIT_NORUN;
	}
	o.udp_linger = pp_audit_udp_linger;
	o.linger_arg = a;
	/* ... and sends those, and the TCP ports it judges, first: the host's
	 * burst of ICMP errors answers what decides a verdict. */
	o.first = pp_audit_first;
	o.first_arg = a;
	o.custom = a->custom;
	o.probe_for = pp_audit_probe_for; /* the probes the profiles name */
	o.probe_arg = a;
	/* audit's EXIT STATUS: no route, no such interface: 3. */
	return pp_run_prepare(cli, &o, add_hosts, a, 1, &a->scan, &a->scan6);
}

/* The exit code of a judged result (DESIGN.md "Command line"). */
static int
verdict_code(const struct pp_cli *cli, const struct pp_result *r)
{
	struct pp_score_findings f;

	pp_score_findings(r, &f);
	if (f.mandatory_failed > 0 || f.high > 0)
		return PP_EXIT_FINDINGS;
	if (cli->have_fail_under && (!r->has_score || r->score < cli->fail_under))
		return PP_EXIT_FINDINGS;
	return PP_EXIT_OK;
}

/* Scan, judge, render to fp (or save to -o); outfd >= 0: the child's pipe. */
static int
audit(struct pp_audit *a, int argc, char **argv, int outfd)
{
	const struct pp_cli *cli = a->cli;
	struct pp_report_opts ro = {0, cli->verbose};
	const char *format = output_format(cli);
	struct pp_scan_stats st;
	struct pp_result *r;
	char err[512];
	int rc, code;

	if ((r = pp_result_new()) == NULL || pp_run_fill_args(r, "audit", argc, argv) < 0) {
		pp_cli_error("out of memory");
		pp_result_free(r);
		return PP_EXIT_NORUN;
	}
	if ((rc = pp_run_open_all(cli, a->scan, a->scan6)) != 0) {
		pp_result_free(r);
		return rc;
	}
	pp_run_catch_signals();
	rc = pp_run_scans(a->scan, a->scan6, r, &st, err, sizeof(err));
	pp_progress_end();
	if (rc < 0 && rc != PP_EINTR) {
		pp_cli_error("%s", err);
		pp_result_free(r);
		return PP_EXIT_NORUN;
	}
	pp_run_print_sources(a->cli, a->scan, a->scan6);
	/* What the open ports speak, before they are judged (still unprivileged). */
	if (pp_run_stop == 0 && (rc = pp_audit_check(a, r)) != 0) {
		pp_result_free(r);
		return rc;
	}
	if ((rc = pp_score_judge(a->plan, r, cli->shard_n > 1 ? pp_audit_probed : NULL, a, err,
	                         sizeof(err))) < 0) {
		pp_cli_error("%s", err);
		pp_result_free(r);
		return PP_EXIT_NORUN;
	}
	code = verdict_code(cli, r);
	if (!cli->quiet)
		pp_audit_summary(a, r, &st, code);
	ro.color = outfd < 0 && pp_cli_want_color(cli);
	rc = pp_run_write(cli, format, r, &ro, outfd);
	pp_result_free(r);
	return rc != 0 ? rc : pp_run_exit(code);
}

static void
audit_free(struct pp_audit *a)
{
	pp_scan_free(a->scan);
	pp_scan_free(a->scan6);
	pp_plan_free(a->plan);
	pp_deploy_free(a->dep);
	pp_profiles_free(a->all, a->nall);
	free(a->custom);
	free(a->uprobes);
	free(a->byaddr);
}

static int
run_job(void *arg, int fd)
{
	struct pp_audit *a = arg;

	return audit(a, a->argc, a->argv, fd);
}

/* What the parent need not keep while it waits, and the child before it exits;
 * the cli stays for pp_cmd_audit's end. */
static void
release_job(void *arg)
{
	struct pp_audit *a = arg;
	const struct pp_cli *cli = a->cli;

	audit_free(a);
	memset(a, 0, sizeof(*a));
	a->cli = cli;
}

int
pp_cmd_audit(struct pp_cli *cli, int argc, char **argv)
{
	struct pp_audit a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.cli = cli;
	if (argc != 1) {
		pp_cli_error("audit: %s (usage: portproof audit DEPLOYMENT.json [options])",
		             argc == 0 ? "no deployment file" : "one deployment file at a time");
		return PP_EXIT_USAGE;
	}
	if (cli->have_ports) {
		pp_cli_error(
		        "-p: the audit probes what its plan needs (see --sweep, --range-sample "
		        "and --full-ranges); use portproof scan for a port list");
		return PP_EXIT_USAGE;
	}
	if (pp_cli_check_format(output_format(cli)) != 0)
		return PP_EXIT_USAGE;
	if ((rc = load(&a, argv[0])) != 0)
		goto out;
	if (cli->dry_run) {
		rc = pp_audit_print_plan(&a, stdout) < 0 ? PP_EXIT_NORUN : PP_EXIT_OK;
		goto out;
	}
	if ((rc = setup(&a)) != 0)
		goto out;
	a.argc = argc;
	a.argv = argv;
	rc = pp_run_job(cli->output, run_job, release_job, &a);
out:
	audit_free(&a);
	return rc;
}
