/*
 * Around a run of the engine, for audit and scan alike (run.h).  The signal
 * handlers only set a flag (pp_run_stop) or pass the signal on to the child: the
 * engine sees the flag, stops sending, waits one timeout for the answers in flight
 * and returns what it knows.  These are the command's globals, not the library's:
 * a signal handler has nowhere else to write.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "pp_addr.h"
#include "pp_check.h"
#include "pp_error.h"
#include "pp_report.h"
#include "progress.h"
#include "run.h"

volatile sig_atomic_t pp_run_stop;
static volatile pid_t child_pid;

static void
on_signal(int sig)
{
	if (pp_run_stop == 0)
		pp_run_stop = sig;
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

void
pp_run_scan_opts(const struct pp_cli *cli, struct pp_scan_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->rate = cli->rate;
	o->min_rate = cli->min_rate;
	o->retries = cli->retries;
	o->max_retries = cli->max_retries;
	o->max_rtt_ms = cli->max_rtt_ms;
	o->iface = cli->iface;
	o->source_ip = cli->source_ip;
	o->user = cli->user;
	o->method = cli->method == NULL ? PP_METHOD_NONE : (unsigned)pp_method_parse(cli->method);
	o->have_seed = cli->have_seed;
	o->seed = cli->seed;
	o->shard_k = cli->shard_k;
	o->shard_n = cli->shard_n;
	o->force = cli->force;
	o->family = cli->family;
	o->snmp_community = cli->snmp_community;
	o->ncustom = cli->nudp_payload;
	pp_progress_attach(cli, o); /* the progress line on stderr (progress.c) */
}

int
pp_run_payloads(const struct pp_cli *cli, struct pp_probe_custom **out)
{
	char err[512];
	unsigned i;

	*out = NULL;
	if (cli->nudp_payload == 0)
		return 0;
	if ((*out = calloc(cli->nudp_payload, sizeof(**out))) == NULL) {
		pp_cli_error("out of memory");
		return PP_EXIT_NORUN;
	}
	for (i = 0; i < cli->nudp_payload; i++)
		if (pp_probe_custom_parse(cli->udp_payload[i], &(*out)[i], err, sizeof(err)) < 0) {
			pp_cli_error("--udp-payload: %s", err);
			return PP_EXIT_USAGE;
		}
	return 0;
}

int
pp_run_write(const struct pp_cli *cli, const char *format, const struct pp_result *r,
             const struct pp_report_opts *ro, int outfd)
{
	FILE *fp = stdout;
	char err[512];
	int rc;

	if (outfd >= 0 && (fp = fdopen(outfd, "w")) == NULL) {
		pp_cli_error("-o: %s", strerror(errno));
		return PP_EXIT_NORUN;
	}
	if (outfd >= 0 || cli->output == NULL || strcmp(cli->output, "-") == 0)
		rc = pp_report_render(format, r, fp, ro, err, sizeof(err));
	else
		rc = pp_report_save(format, r, cli->output, ro, err, sizeof(err));
	if (fp != stdout)
		fclose(fp);
	else
		fflush(stdout);
	if (rc < 0) {
		pp_cli_error("%s", err);
		return PP_EXIT_USAGE;
	}
	return 0;
}

int
pp_run_open(const struct pp_cli *cli, pp_scan *s)
{
	struct pp_scan_stats st;
	char err[512];
	int rc;

	if ((rc = pp_scan_open(s, err, sizeof(err))) < 0) {
		if (rc == PP_EPERM && cli->method != NULL)
			pp_cli_error("--method %s: %s", cli->method, err);
		else
			pp_cli_error("%s", err);
		/* A bad -S (its form, or an address not on the interface) is usage. */
		return rc == PP_EINVAL ? PP_EXIT_USAGE : PP_EXIT_NORUN;
	}
	if ((rc = pp_scan_drop_privileges(s, err, sizeof(err))) < 0) {
		pp_cli_error("%s", err);
		return PP_EXIT_NORUN;
	}
	if (pp_scan_method(s) != PP_METHOD_CONNECT)
		return 0;
	if (cli->method == NULL && !cli->quiet)
		fprintf(stderr, "portproof: raw sockets not allowed (no root, no CAP_NET_RAW): "
		                "--method connect (TCP connect, UDP with the ICMP errors)\n");
	pp_scan_get_stats(s, &st);
	if (cli->verbose)
		fprintf(stderr,
		        "portproof: connect: %llu sockets in flight at most%s (RLIMIT_NOFILE "
		        "%llu), TCP on %u thread%s\n",
		        (unsigned long long)st.inflight_max,
		        st.fd_limited ? ", limited by the file limit" : "",
		        (unsigned long long)st.nofile, st.threads, st.threads == 1 ? "" : "s");
	return 0;
}

static void
print_sources(const pp_scan *s)
{
	struct pp_addr addr[64];
	uint64_t ans[64];
	char a[PP_ADDR_STRLEN];
	uint32_t i, n;

	if ((n = pp_scan_source_addrs(s, addr, ans, 64)) < 2)
		return;
	fprintf(stderr, "portproof: answers by source:");
	for (i = 0; i < n && i < 64; i++)
		fprintf(stderr, " %s %llu%s", pp_addr_str(&addr[i], a, sizeof(a)),
		        (unsigned long long)ans[i], i + 1 < n ? "," : "\n");
}

void
pp_run_print_sources(const struct pp_cli *cli, const pp_scan *s, const pp_scan *s6)
{
	/* The connect method's answers come on its sockets, not counted by source. */
	if (!cli->verbose || pp_scan_method(s) == PP_METHOD_CONNECT)
		return;
	print_sources(s);
	if (s6 != NULL)
		print_sources(s6);
}

void
pp_run_catch_signals(void)
{
	set_handlers(on_signal);
}

int
pp_run_exit(int code)
{
	return pp_run_stop == SIGINT ? 130 : pp_run_stop == SIGTERM ? 143 : code;
}

int
pp_run_fill_args(struct pp_result *r, const char *cmd, int argc, char **argv)
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
		if ((r->args[r->nargs++] = strdup(cmd)) == NULL)
			return -1;
		for (k = 0; k < argc; k++)
			if ((r->args[r->nargs++] = strdup(argv[k])) == NULL)
				return -1;
	}
	return (r->tool_version = strdup(pp_version())) == NULL ? -1 : 0;
}

int
pp_run_split(const char *output)
{
	return geteuid() == 0 && output != NULL && strcmp(output, "-") != 0;
}

pid_t
pp_run_fork(int *fd)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds) < 0) {
		pp_cli_error("cannot fork: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		pp_cli_error("cannot fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	close(fds[pid > 0 ? 1 : 0]);
	*fd = fds[pid > 0 ? 0 : 1];
	/* A 1 MB pipe: the result crosses in 32 KB writes, not 4 KB wake-ups (best effort). */
	if (pid > 0)
		fcntl(*fd, F_SETPIPE_SZ, 1 << 20);
	return pid;
}

/*
 * The child's rendering on its way from the pipe to -o.  A regular file (or a new
 * one) gets it as it arrives, in pp_save_atomic's temporary file, so the parent
 * never holds the whole result (12 MB for a /16); whether it is kept is known
 * only when the child exits.  The temporary file is made when the first bytes
 * come, not for the whole scan: a SIGKILL then leaves it behind.  A device or a
 * FIFO is written in place, so it gets the bytes only at the end, held in
 * memory until then.
 */
struct child {
	int fd;
	pid_t pid;
	int code; /* its exit code, once reaped */
	int reaped;
	size_t len;  /* bytes read from the pipe */
	int error;   /* the first errno of writing or holding them */
	int holding; /* for a target written in place: */
	char *held;  /* what was read */
	size_t nheld, cap;
	size_t nbuf; /* bytes in buf not passed on yet */
	char buf[65536];
};

static int
keeps(const struct child *c)
{
	return c->len > 0 && (c->code == PP_EXIT_OK || c->code == PP_EXIT_FINDINGS ||
	                      c->code == 130 || c->code == 143);
}

/* The next bytes of the pipe into buf; 0 at its end (or an error, as the end). */
static size_t
fill(struct child *c)
{
	ssize_t n;

	while ((n = read(c->fd, c->buf, sizeof(c->buf))) < 0 && errno == EINTR)
		;
	c->nbuf = n > 0 ? (size_t)n : 0;
	c->len += c->nbuf;
	return c->nbuf;
}

static void
hold(struct child *c)
{
	size_t cap = c->cap ? c->cap : 1 << 20;
	char *np;

	while (cap < c->nheld + c->nbuf)
		cap *= 2;
	if (cap != c->cap) {
		if ((np = realloc(c->held, cap)) == NULL) {
			c->error = ENOMEM;
			return;
		}
		c->held = np;
		c->cap = cap;
	}
	memcpy(c->held + c->nheld, c->buf, c->nbuf);
	c->nheld += c->nbuf;
}

/* Passes buf and the rest of the pipe on to fp or c->held (or nowhere), then
 * reaps the child.  After an error the rest is read and dropped: the child must
 * not block on a full pipe. */
static void
pump(struct child *c, FILE *fp)
{
	int status;

	do {
		if (c->error == 0 && c->holding)
			hold(c);
		else if (c->error == 0 && fp != NULL && fwrite(c->buf, 1, c->nbuf, fp) != c->nbuf)
			c->error = errno ? errno : EIO;
	} while (fill(c) > 0);
	close(c->fd);
	while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	c->code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	c->reaped = 1;
}

/* pp_save_atomic's writer: the pipe into its temporary file, which is removed
 * (a negative return) unless the child's exit code keeps the result. */
static int
stream_pipe(FILE *fp, void *arg)
{
	struct child *c = arg;

	pump(c, fp);
	return keeps(c) && c->error == 0 ? 0 : PP_EIO;
}

static int
write_held(FILE *fp, void *arg)
{
	const struct child *c = arg;

	return fwrite(c->held, 1, c->nheld, fp) == c->nheld ? 0 : PP_EIO;
}

int
pp_run_parent(int fd, pid_t pid, const char *path)
{
	struct child c;
	struct stat st;
	char err[512];
	int rc = 0;

	memset(&c, 0, offsetof(struct child, buf));
	c.fd = fd;
	c.pid = pid;
	child_pid = pid;
	set_handlers(forward_signal);
	if (pp_run_stop != 0)
		kill(pid, pp_run_stop); /* it came between the fork and this handler */
	if (fill(&c) == 0) {
		pump(&c, NULL); /* it wrote nothing: there is nothing to save */
		return c.code;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		c.holding = 1;
		pump(&c, NULL);
		if (keeps(&c) && c.error == 0)
			rc = pp_save_atomic(path, write_held, &c, err, sizeof(err));
	} else {
		rc = pp_save_atomic(path, stream_pipe, &c, err, sizeof(err));
		if (!c.reaped)
			pump(&c, NULL); /* it failed before reading: hear the child out */
	}
	free(c.held);
	if (keeps(&c) && (rc < 0 || c.error != 0)) {
		if (c.error != 0)
			snprintf(err, sizeof(err), "%s: %s", path, strerror(c.error));
		pp_cli_error("-o: %s", err);
		return PP_EXIT_USAGE;
	}
	return c.code;
}

int
pp_run_job(const char *output, int (*job)(void *arg, int fd), void (*release)(void *arg), void *arg)
{
	pid_t pid;
	int fd, rc;

	pp_run_catch_signals();
	if (!pp_run_split(output))
		return job(arg, -1);
	if ((pid = pp_run_fork(&fd)) < 0)
		return PP_EXIT_NORUN;
	if (pid > 0) {
		release(arg);
		return pp_run_parent(fd, pid, output);
	}
	rc = job(arg, fd);
	release(arg);
	_exit(rc);
}

int
pp_run_check(const struct pp_cli *cli, const pp_scan *s, struct pp_result *r,
             struct pp_check_opts *o, const char *skipped)
{
	struct pp_check_stats st;
	char err[256];

	o->source = pp_scan_source(s);
	if (pp_check_run(r, o, &pp_run_stop, &st, err, sizeof(err)) < 0) {
		pp_cli_error("%s", err);
		return PP_EXIT_NORUN;
	}
	if (cli->verbose)
		fprintf(stderr,
		        "portproof: listener check: %u ports in %.2f s (%u %s), %u host%s behind "
		        "a SYN proxy\n",
		        st.checked, (double)st.elapsed_us / 1e6, st.skipped, skipped,
		        st.middleboxes, st.middleboxes == 1 ? "" : "s");
	return 0;
}
