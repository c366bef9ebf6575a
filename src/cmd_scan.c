/*
 * portproof scan [-p PORTS] [options] TARGET...: an ad-hoc scan, no profile.
 * Sets the engine up from the command line, prints the probes for --dry-run,
 * otherwise opens the raw socket and the capture, drops privileges, scans and
 * writes the result (text unless --format says otherwise).  Without -p it probes
 * TCP 1-1024.
 *
 * -o FILE as root: the scan runs in a child that has dropped to nobody, which
 * could not create FILE in a root-only directory; the parent, which parses no
 * packet, keeps root only to write the child's rendering atomically to FILE
 * (run.c, shared with audit, as the signals and the recorded command line are).
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_result.h"
#include "pp_check.h"
#include "pp_engine.h"
#include "pp_error.h"
#include "pp_report.h"
#include "pp_result.h"
#include "progress.h"
#include "run.h"

#define DEFAULT_TCP_PORTS "1-1024"

static const char *
ip4(uint32_t a, char buf[INET_ADDRSTRLEN])
{
	struct in_addr in = {htonl(a)};

	return inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN);
}

/* An IPv6 address in brackets, so its port reads apart from it. */
static const char *
endpoint(const struct pp_addr *a, uint32_t v4, char *buf, size_t len)
{
	char t[PP_ADDR_STRLEN];

	if (pp_addr_is_v4(a))
		return ip4(v4, buf);
	snprintf(buf, len, "[%s]", pp_addr_str(a, t, sizeof(t)));
	return buf;
}

static int
print_probe(void *arg, const struct pp_probe_info *p)
{
	char s[PP_ADDR_STRLEN + 2], d[PP_ADDR_STRLEN + 2];

	(void)arg;
	endpoint(&p->src_addr, p->src, s, sizeof(s));
	endpoint(&p->dst_addr, p->dst, d, sizeof(d));
	if (p->proto == PP_PROTO_TCP)
		printf("tcp %s:%u > %s:%u syn seq %08x len %zu\n", s, p->sport, d, p->dport,
		       (unsigned)p->seq, p->len);
	else
		printf("udp %s:%u > %s:%u %s len %zu\n", s, p->sport, d, p->dport,
		       p->probe ? p->probe : "empty", p->len);
	return ferror(stdout) ? -1 : 0;
}

struct operands {
	const struct pp_cli *cli;
	int argc;
	char **argv;
};

/* The operands and -iL's targets, either family: pp_run_prepare splits them. */
static int
add_operands(void *arg, pp_scan *s, char *err, size_t errlen)
{
	const struct operands *op = arg;
	int k, rc;

	for (k = 0; k < op->argc; k++)
		if ((rc = pp_scan_add_targets(s, op->argv[k], 0, err, errlen)) < 0)
			return rc;
	if (op->cli->input_list != NULL)
		return pp_scan_add_target_file(s, op->cli->input_list, 0, err, errlen);
	return 0;
}

static int
setup(struct pp_cli *cli, int argc, char **argv, struct pp_probe_custom **custom, pp_scan **out,
      pp_scan **out6)
{
	struct operands op = {cli, argc, argv};
	struct pp_scan_opts o;
	pp_portset dflt;
	int rc;

	pp_portset_init(&dflt);
	if (!cli->have_ports)
		pp_portset_parse(DEFAULT_TCP_PORTS, &dflt, NULL, NULL, 0);
	if ((rc = pp_run_payloads(cli, custom)) != 0) {
		pp_portset_free(&dflt);
		return rc;
	}
	pp_run_scan_opts(cli, &o);
	o.tcp = cli->have_ports ? &cli->tcp : &dflt;
	o.udp = &cli->udp;
	o.custom = *custom;
	/* scan's EXIT STATUS: a setup error is usage, unless out of memory. */
	rc = pp_run_prepare(cli, &o, add_operands, &op, 0, out, out6);
	pp_portset_free(&dflt);
	return rc;
}

/* --check-listeners: what the open TCP ports speak (pp_check.h); no port is
 * expected, so each host's first SCAN_CHECK_MAX open ports are checked. */
#define SCAN_CHECK_MAX 256

static int
check(const struct pp_cli *cli, pp_scan *s, struct pp_result *r)
{
	struct pp_check_opts o = {0};

	o.unexpected = SCAN_CHECK_MAX;
	return pp_run_check(cli, s, r, &o, "left out");
}

static int
scan(struct pp_cli *cli, pp_scan *s, pp_scan *s6, int argc, char **argv, int outfd)
{
	const char *format = cli->format ? cli->format : "text";
	struct pp_report_opts ro = {0, cli->verbose};
	struct pp_result *r;
	struct pp_scan_stats st;
	char paced[96];
	char err[512];
	int rc;

	/* The command line first: /proc/self is root's once we are nobody. */
	if ((r = pp_result_new()) == NULL || pp_run_fill_args(r, "scan", argc, argv) < 0) {
		pp_cli_error("out of memory");
		pp_result_free(r);
		return PP_EXIT_NORUN;
	}
	if ((rc = pp_run_open_all(cli, s, s6)) != 0) {
		pp_result_free(r);
		return rc;
	}
	pp_run_catch_signals();
	rc = pp_run_scans(s, s6, r, &st, err, sizeof(err));
	pp_progress_end();
	if (rc < 0 && rc != PP_EINTR) {
		pp_cli_error("%s", err);
		pp_result_free(r);
		return PP_EXIT_NORUN;
	}
	pp_progress_pacing(paced, sizeof(paced), &st);
	if (cli->verbose || (cli->stats_every > 0 && !cli->quiet) || (isatty(2) && !cli->quiet))
		fprintf(stderr,
		        "%sportproof: %.2fs, %llu hosts, %llu probes, %llu sent "
		        "(%llu retransmitted), %llu received, %llu answered, %llu rejected, "
		        "%llu lost by the capture; srtt %u us, rto %u ms; "
		        "first transmissions in %.3fs; up to %.0f pps%s%s\n",
		        isatty(2) && !cli->stats_every ? "\r" : "", (double)st.elapsed_us / 1e6,
		        (unsigned long long)pp_run_hosts(s, s6), (unsigned long long)st.planned,
		        (unsigned long long)st.sent, (unsigned long long)st.retransmitted,
		        (unsigned long long)st.received, (unsigned long long)st.matched,
		        (unsigned long long)st.rejected, (unsigned long long)st.kernel_drops,
		        st.srtt_us, st.rto_us / 1000, (double)st.send_us / 1e6, st.peak_rate,
		        paced[0] ? ", " : "", paced);
	pp_run_print_sources(cli, s, s6);
	if (cli->check_listeners && pp_run_stop == 0 && (rc = check(cli, s, r)) != 0) {
		pp_result_free(r);
		return rc;
	}
	rc = pp_run_write(cli, format, r, &ro, outfd);
	pp_result_free(r);
	return rc != 0 ? rc : pp_run_exit(PP_EXIT_OK);
}

struct job {
	struct pp_cli *cli;
	pp_scan *s, *s6;
	struct pp_probe_custom *custom;
	int argc;
	char **argv;
};

static int
run_job(void *arg, int fd)
{
	struct job *j = arg;

	return scan(j->cli, j->s, j->s6, j->argc, j->argv, fd);
}

static void
release_job(void *arg)
{
	struct job *j = arg;

	pp_scan_free(j->s);
	pp_scan_free(j->s6);
	j->s = j->s6 = NULL;
	free(j->custom);
	j->custom = NULL;
}

int
pp_cmd_scan(struct pp_cli *cli, int argc, char **argv)
{
	struct pp_probe_custom *custom = NULL;
	struct job job;
	pp_scan *s = NULL, *s6 = NULL;
	int rc;

	if (argc == 0 && cli->input_list == NULL) {
		pp_cli_error("scan: no targets (see --help)");
		return PP_EXIT_USAGE;
	}
	if (cli->format != NULL && pp_cli_check_format(cli->format) != 0)
		return PP_EXIT_USAGE;
	if ((rc = setup(cli, argc, argv, &custom, &s, &s6)) != 0)
		goto out;
	if (cli->dry_run) {
		/* Both families' probes, in the order the run sends them: IPv4 first. */
		rc = pp_scan_each_probe(s, print_probe, NULL) < 0 ||
		                     (s6 != NULL &&
		                      pp_scan_each_probe(s6, print_probe, NULL) < 0) ||
		                     fflush(stdout) != 0
		             ? PP_EXIT_NORUN
		             : PP_EXIT_OK;
		goto out;
	}
	job.cli = cli;
	job.s = s;
	job.s6 = s6;
	job.custom = custom;
	job.argc = argc;
	job.argv = argv;
	rc = pp_run_job(cli->output, run_job, release_job, &job);
	s = job.s;
	s6 = job.s6;
	custom = job.custom;
out:
	pp_scan_free(s);
	pp_scan_free(s6);
	free(custom);
	return rc;
}
