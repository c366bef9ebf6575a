/*
 * portproof audit DEPLOYMENT.json [options]: the main job.  Loads the deployment
 * (its profiles from the profile directories), plans the probes, scans every host
 * with the union of the plan's ports, judges and scores the observations, and
 * writes the report: text on stdout, or --format to -o FILE.  --dry-run prints the
 * plan instead, without privilege.
 *
 * Exit: 0 conformant; 1 findings (a mandatory expectation failed, a finding of
 * severity high, or the score under --fail-under); 2 bad usage or a bad file;
 * 3 the scan could not run.  As root with -o FILE, the scan runs in a child that
 * drops to nobody (the engine parses packets only there); the parent keeps root
 * only to write the child's rendering atomically to FILE.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_audit.h"
#include "cmd_profile.h"
#include "pp_engine.h"
#include "pp_error.h"
#include "pp_report.h"
#include "pp_score.h"
#include "progress.h"

#define MAX_DIRS 16

static volatile sig_atomic_t stop_sig;
static volatile pid_t child_pid;

static void
on_signal(int sig)
{
	if (stop_sig == 0)
		stop_sig = sig;
}

static void
forward_signal(int sig)
{
	if (child_pid > 0)
		kill(child_pid, sig);
}

static void
set_handlers(void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

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

static int
setup(struct pp_audit *a)
{
	const struct pp_cli *cli = a->cli;
	struct pp_scan_opts o;
	char err[512], addr[16];
	unsigned i;
	size_t h;
	int rc;

	if (cli->nudp_payload > 0 &&
	    (a->custom = calloc(cli->nudp_payload, sizeof(*a->custom))) == NULL) {
		pp_cli_error("out of memory");
		return PP_EXIT_NORUN;
	}
	for (i = 0; i < cli->nudp_payload; i++)
		if (pp_probe_custom_parse(cli->udp_payload[i], &a->custom[i], err, sizeof(err)) <
		    0) {
			pp_cli_error("--udp-payload: %s", err);
			return PP_EXIT_USAGE;
		}
	memset(&o, 0, sizeof(o));
	o.tcp = &a->plan->tcp;
	o.udp = &a->plan->udp;
	o.rate = cli->rate;
	o.retries = cli->retries;
	o.max_retries = cli->max_retries;
	o.max_rtt_ms = cli->max_rtt_ms;
	o.iface = cli->iface;
	o.source_ip = cli->source_ip;
	o.user = cli->user;
	o.have_seed = cli->have_seed;
	o.seed = cli->seed;
	o.shard_k = cli->shard_k;
	o.shard_n = cli->shard_n;
	o.force = cli->force;
	o.snmp_community = cli->snmp_community;
	o.custom = a->custom;
	o.ncustom = cli->nudp_payload;
	pp_progress_attach(cli, &o); /* the progress line on stderr (progress.c) */
	o.probe_for = pp_audit_probe_for; /* the probes the profiles name */
	o.probe_arg = a;
	if ((rc = pp_scan_new(&o, &a->scan, err, sizeof(err))) < 0) {
		pp_cli_error("%s", err);
		return PP_EXIT_USAGE;
	}
	for (h = 0; h < a->dep->nhosts; h++) {
		snprintf(addr, sizeof(addr), "%s", a->dep->hosts[h].address);
		if ((rc = pp_scan_add_targets(a->scan, addr, 0, err, sizeof(err))) < 0)
			goto bad;
	}
	for (i = 0; i < cli->nexclude; i++)
		if ((rc = pp_scan_add_targets(a->scan, cli->exclude[i], 1, err, sizeof(err))) < 0)
			goto bad;
	if (cli->exclude_file != NULL &&
	    (rc = pp_scan_add_target_file(a->scan, cli->exclude_file, 1, err, sizeof(err))) < 0)
		goto bad;
	if ((rc = pp_scan_prepare(a->scan, err, sizeof(err))) < 0)
		goto bad;
	if (cli->shard_n > 1 && (rc = pp_audit_shard_probes(a)) < 0) {
		pp_cli_error("out of memory");
		return PP_EXIT_NORUN;
	}
	return 0;
bad:
	pp_cli_error("%s", err);
	return rc == PP_ENET || rc == PP_ENOENT || rc == PP_ENOMEM ? PP_EXIT_NORUN : PP_EXIT_USAGE;
}

/* The command line as run, from /proc/self/cmdline (read before the privilege
 * drop; the operands alone if it cannot be read), as `scan` records it. */
static int
fill_args(struct pp_result *r, int argc, char **argv)
{
	char buf[65536], *p;
	size_t n = 0, i, count = 0;
	FILE *fp = fopen("/proc/self/cmdline", "r");
	int k;

	if (fp != NULL) {
		n = fread(buf, 1, sizeof(buf) - 1, fp);
		fclose(fp);
	}
	buf[n] = '\0';
	for (i = 0; i < n; i++)
		count += buf[i] == '\0';
	if ((r->args = calloc(count + (size_t)argc + 2, sizeof(*r->args))) == NULL)
		return -1;
	if (n > 0 && n < sizeof(buf) - 1) {
		for (p = buf + strlen(buf) + 1; p < buf + n; p += strlen(p) + 1)
			if ((r->args[r->nargs++] = strdup(p)) == NULL)
				return -1;
	} else {
		if ((r->args[r->nargs++] = strdup("audit")) == NULL)
			return -1;
		for (k = 0; k < argc; k++)
			if ((r->args[r->nargs++] = strdup(argv[k])) == NULL)
				return -1;
	}
	return (r->tool_version = strdup(pp_version())) == NULL ? -1 : 0;
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
	FILE *fp = stdout;
	int rc, code;

	if ((r = pp_result_new()) == NULL || fill_args(r, argc, argv) < 0) {
		pp_cli_error("out of memory");
		pp_result_free(r);
		return PP_EXIT_NORUN;
	}
	if ((rc = pp_scan_open(a->scan, err, sizeof(err))) < 0 ||
	    (rc = pp_scan_drop_privileges(a->scan, err, sizeof(err))) < 0) {
		pp_cli_error("%s", err);
		pp_result_free(r);
		return PP_EXIT_NORUN;
	}
	set_handlers(on_signal);
	rc = pp_scan_run(a->scan, &stop_sig, r, err, sizeof(err));
	pp_progress_end();
	if (rc < 0 && rc != PP_EINTR) {
		pp_cli_error("%s", err);
		pp_result_free(r);
		return PP_EXIT_NORUN;
	}
	pp_scan_get_stats(a->scan, &st);
	if ((rc = pp_score_judge(a->plan, r, cli->shard_n > 1 ? pp_audit_probed : NULL, a, err,
	                         sizeof(err))) < 0) {
		pp_cli_error("%s", err);
		pp_result_free(r);
		return PP_EXIT_NORUN;
	}
	code = verdict_code(cli, r);
	if (!cli->quiet)
		pp_audit_summary(a, r, &st, code);
	ro.color = outfd < 0 && cli->output == NULL && isatty(1) && getenv("NO_COLOR") == NULL;
	if (outfd >= 0 && (fp = fdopen(outfd, "w")) == NULL) {
		pp_cli_error("-o: %s", strerror(errno));
		pp_result_free(r);
		return PP_EXIT_NORUN;
	}
	if (outfd >= 0 || cli->output == NULL || strcmp(cli->output, "-") == 0)
		rc = pp_report_render(format, r, fp, &ro, err, sizeof(err));
	else
		rc = pp_report_save(format, r, cli->output, &ro, err, sizeof(err));
	if (fp != stdout)
		fclose(fp);
	else
		fflush(stdout);
	pp_result_free(r);
	if (rc < 0) {
		pp_cli_error("%s", err);
		return PP_EXIT_USAGE;
	}
	return stop_sig == SIGINT ? 130 : stop_sig == SIGTERM ? 143 : code;
}

struct buf {
	char *p;
	size_t len;
};

static int
write_buf(FILE *fp, void *arg)
{
	const struct buf *b = arg;

	return fwrite(b->p, 1, b->len, fp) == b->len ? 0 : PP_EIO;
}

/* The privileged parent of -o FILE: the child's rendering, written atomically
 * when the audit ran (conformant, findings, or interrupted with a partial result). */
static int
parent(int fd, pid_t pid, const char *path)
{
	struct buf b = {NULL, 0};
	size_t cap = 0;
	char err[512];
	int status, code;
	ssize_t n;

	child_pid = pid;
	set_handlers(forward_signal);
	for (;;) {
		if (b.len + 65536 > cap) {
			char *np = realloc(b.p, cap = cap ? cap * 2 : 1 << 20);
			if (np == NULL)
				break;
			b.p = np;
		}
		n = read(fd, b.p + b.len, cap - b.len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		b.len += (size_t)n;
	}
	close(fd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (b.len > 0 &&
	    (code == PP_EXIT_OK || code == PP_EXIT_FINDINGS || code == 130 || code == 143) &&
	    pp_save_atomic(path, write_buf, &b, err, sizeof(err)) < 0) {
		pp_cli_error("-o: %s", err);
		code = PP_EXIT_USAGE;
	}
	free(b.p);
	return code;
}

static void
audit_free(struct pp_audit *a)
{
	pp_scan_free(a->scan);
	pp_plan_free(a->plan);
	pp_deploy_free(a->dep);
	pp_profiles_free(a->all, a->nall);
	free(a->custom);
	pp_audit_shard_free(a);
	free(a->uprobes);
}

int
pp_cmd_audit(struct pp_cli *cli, int argc, char **argv)
{
	struct pp_audit a;
	int rc, fds[2];
	pid_t pid;

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
	if (pp_report_find(output_format(cli)) == NULL) {
		pp_cli_error("--format: unknown format '%s' (expected %s)", output_format(cli),
		             pp_report_names());
		return PP_EXIT_USAGE;
	}
	if ((rc = load(&a, argv[0])) != 0)
		goto out;
	if (cli->dry_run) {
		rc = pp_audit_print_plan(&a, stdout) < 0 ? PP_EXIT_NORUN : PP_EXIT_OK;
		goto out;
	}
	if ((rc = setup(&a)) != 0)
		goto out;
	if (geteuid() == 0 && cli->output != NULL && strcmp(cli->output, "-") != 0) {
		if (pipe(fds) < 0 || (pid = fork()) < 0) {
			pp_cli_error("cannot fork: %s", strerror(errno));
			rc = PP_EXIT_NORUN;
			goto out;
		}
		if (pid > 0) {
			close(fds[1]);
			audit_free(&a);
			memset(&a, 0, sizeof(a));
			rc = parent(fds[0], pid, cli->output);
			goto out;
		}
		close(fds[0]);
		rc = audit(&a, argc, argv, fds[1]);
		audit_free(&a);
		_exit(rc);
	}
	rc = audit(&a, argc, argv, -1);
out:
	audit_free(&a);
	return rc;
}
