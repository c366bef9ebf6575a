/*
 * portproof scan [-p PORTS] [options] TARGET...: an ad-hoc scan, no profile.
 * Sets the engine up from the command line, prints the probes for --dry-run,
 * otherwise opens the raw socket and the capture, drops privileges, scans and
 * writes the result (text unless --format says otherwise).  Without -p it probes
 * TCP 1-1024.
 *
 * -o FILE as root: the scan runs in a child that has dropped to nobody, which
 * could not create FILE in a root-only directory; the parent, which parses no
 * packet, keeps root only to write the child's rendering atomically to FILE.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "pp_engine.h"
#include "pp_report.h"
#include "pp_result.h"
#include "progress.h"

#define DEFAULT_TCP_PORTS "1-1024"

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

static const char *
ip4(uint32_t a, char buf[INET_ADDRSTRLEN])
{
	struct in_addr in = {htonl(a)};

	return inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN);
}

static int
print_probe(void *arg, const struct pp_probe_info *p)
{
	char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];

	(void)arg;
	if (p->proto == PP_PROTO_TCP)
		printf("tcp %s:%u > %s:%u syn seq %08x len %zu\n", ip4(p->src, s), p->sport,
		       ip4(p->dst, d), p->dport, (unsigned)p->seq, p->len);
	else
		printf("udp %s:%u > %s:%u %s len %zu\n", ip4(p->src, s), p->sport, ip4(p->dst, d),
		       p->dport, p->probe ? p->probe : "empty", p->len);
	return ferror(stdout) ? -1 : 0;
}

static int
setup(struct pp_cli *cli, int argc, char **argv, struct pp_probe_custom **custom, pp_scan **out)
{
	struct pp_scan_opts o;
	pp_portset dflt;
	char err[512];
	unsigned i;
	int rc, k;

	pp_portset_init(&dflt);
	if (!cli->have_ports)
		pp_portset_parse(DEFAULT_TCP_PORTS, &dflt, NULL, NULL, 0);
	if (cli->nudp_payload > 0 &&
	    (*custom = calloc(cli->nudp_payload, sizeof(**custom))) == NULL) {
		pp_cli_error("out of memory");
		return PP_EXIT_NORUN;
	}
	for (i = 0; i < cli->nudp_payload; i++)
		if (pp_probe_custom_parse(cli->udp_payload[i], &(*custom)[i], err, sizeof(err)) <
		    0) {
			pp_cli_error("--udp-payload: %s", err);
			return PP_EXIT_USAGE;
		}
	memset(&o, 0, sizeof(o));
	o.tcp = cli->have_ports ? &cli->tcp : &dflt;
	o.udp = &cli->udp;
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
	o.custom = *custom;
	o.ncustom = cli->nudp_payload;
	pp_progress_attach(cli, &o); /* the progress line on stderr (progress.c) */
	rc = pp_scan_new(&o, out, err, sizeof(err));
	pp_portset_free(&dflt);
	if (rc < 0) {
		pp_cli_error("%s", err);
		return PP_EXIT_USAGE;
	}
	for (k = 0; k < argc; k++)
		if ((rc = pp_scan_add_targets(*out, argv[k], 0, err, sizeof(err))) < 0)
			goto bad;
	if (cli->input_list != NULL &&
	    (rc = pp_scan_add_target_file(*out, cli->input_list, 0, err, sizeof(err))) < 0)
		goto bad;
	for (i = 0; i < cli->nexclude; i++)
		if ((rc = pp_scan_add_targets(*out, cli->exclude[i], 1, err, sizeof(err))) < 0)
			goto bad;
	if (cli->exclude_file != NULL &&
	    (rc = pp_scan_add_target_file(*out, cli->exclude_file, 1, err, sizeof(err))) < 0)
		goto bad;
	if ((rc = pp_scan_prepare(*out, err, sizeof(err))) < 0)
		goto bad;
	return 0;
bad:
	pp_cli_error("%s", err);
	return rc == PP_ENOMEM ? PP_EXIT_NORUN : PP_EXIT_USAGE;
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

/* The privileged parent of -o FILE: wait for the rendering, write it atomically. */
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
	if (b.len > 0 && (code == 0 || code == 130 || code == 143) &&
	    pp_save_atomic(path, write_buf, &b, err, sizeof(err)) < 0) {
		pp_cli_error("-o: %s", err);
		code = PP_EXIT_USAGE;
	}
	free(b.p);
	return code;
}

/* The command line as run, from /proc/self/cmdline (the operands alone if it
 * cannot be read): a result says how it was made, --seed and --shard included. */
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
		/* Skip argv[0], the program's path. */
		for (p = buf + strlen(buf) + 1; p < buf + n; p += strlen(p) + 1)
			if ((r->args[r->nargs++] = strdup(p)) == NULL)
				return -1;
	} else {
		if ((r->args[r->nargs++] = strdup("scan")) == NULL)
			return -1;
		for (k = 0; k < argc; k++)
			if ((r->args[r->nargs++] = strdup(argv[k])) == NULL)
				return -1;
	}
	return (r->tool_version = strdup(pp_version())) == NULL ? -1 : 0;
}

static int
scan(struct pp_cli *cli, pp_scan *s, int argc, char **argv, int outfd)
{
	const char *format = cli->format ? cli->format : "text";
	struct pp_report_opts ro = {0, cli->verbose};
	struct pp_result *r;
	struct pp_scan_stats st;
	char err[512];
	FILE *fp = stdout;
	int rc;

	/* The command line first: /proc/self is root's once we are nobody. */
	if ((r = pp_result_new()) == NULL || fill_args(r, argc, argv) < 0) {
		pp_cli_error("out of memory");
		pp_result_free(r);
		return PP_EXIT_NORUN;
	}
	if ((rc = pp_scan_open(s, err, sizeof(err))) < 0 ||
	    (rc = pp_scan_drop_privileges(s, err, sizeof(err))) < 0) {
		pp_cli_error("%s", err);
		pp_result_free(r);
		return PP_EXIT_NORUN;
	}
	set_handlers(on_signal);
	rc = pp_scan_run(s, &stop_sig, r, err, sizeof(err));
	pp_progress_end();
	if (rc < 0 && rc != PP_EINTR) {
		pp_cli_error("%s", err);
		pp_result_free(r);
		return PP_EXIT_NORUN;
	}
	pp_scan_get_stats(s, &st);
	if (cli->verbose || (cli->stats_every > 0 && !cli->quiet) || (isatty(2) && !cli->quiet))
		fprintf(stderr,
		        "%sportproof: %.2fs, %llu hosts, %llu probes, %llu packets sent "
		        "(%llu retransmitted), %llu received, %llu matched, %llu rejected, "
		        "%llu lost by the capture; srtt %u us, rto %u ms\n",
		        isatty(2) && !cli->stats_every ? "\r" : "", (double)st.elapsed_us / 1e6,
		        (unsigned long long)pp_scan_hosts(s), (unsigned long long)st.planned,
		        (unsigned long long)st.sent, (unsigned long long)st.retransmitted,
		        (unsigned long long)st.received, (unsigned long long)st.matched,
		        (unsigned long long)st.rejected, (unsigned long long)st.kernel_drops,
		        st.srtt_us, st.rto_us / 1000);
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
	pp_result_free(r);
	if (rc < 0) {
		pp_cli_error("%s", err);
		return PP_EXIT_USAGE;
	}
	return stop_sig == SIGINT ? 130 : stop_sig == SIGTERM ? 143 : PP_EXIT_OK;
}

int
pp_cmd_scan(struct pp_cli *cli, int argc, char **argv)
{
	struct pp_probe_custom *custom = NULL;
	pp_scan *s = NULL;
	int rc, fds[2];
	pid_t pid;

	if (argc == 0 && cli->input_list == NULL) {
		pp_cli_error("scan: no targets (see --help)");
		return PP_EXIT_USAGE;
	}
	if (cli->format != NULL && pp_report_find(cli->format) == NULL) {
		pp_cli_error("--format: unknown format '%s' (expected %s)", cli->format,
		             pp_report_names());
		return PP_EXIT_USAGE;
	}
	if ((rc = setup(cli, argc, argv, &custom, &s)) != 0)
		goto out;
	if (cli->dry_run) {
		rc = pp_scan_each_probe(s, print_probe, NULL) < 0 || fflush(stdout) != 0
		             ? PP_EXIT_NORUN
		             : PP_EXIT_OK;
		goto out;
	}
	if (geteuid() == 0 && cli->output != NULL && strcmp(cli->output, "-") != 0) {
		if (pipe(fds) < 0 || (pid = fork()) < 0) {
			pp_cli_error("cannot fork: %s", strerror(errno));
			rc = PP_EXIT_NORUN;
			goto out;
		}
		if (pid > 0) {
			close(fds[1]);
			pp_scan_free(s);
			s = NULL;
			rc = parent(fds[0], pid, cli->output);
			goto out;
		}
		close(fds[0]);
		rc = scan(cli, s, argc, argv, fds[1]);
		pp_scan_free(s);
		free(custom);
		_exit(rc);
	}
	rc = scan(cli, s, argc, argv, -1);
out:
	pp_scan_free(s);
	free(custom);
	return rc;
}
