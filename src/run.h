/*
 * What audit and scan share around a run of the engine (run.c): the engine's
 * options from the command line; SIGINT and SIGTERM, which stop a scan with what
 * it knows; the command line the result records; where the rendering goes; and
 * -o FILE as root, where the scan runs in a child that drops to nobody and the
 * parent keeps root only to write the child's rendering.
 */
#ifndef PP_RUN_H
#define PP_RUN_H

#include <signal.h>
#include <sys/types.h>

#include "cli.h"
#include "pp_engine.h"
#include "pp_report.h"
#include "pp_result.h"

/* The engine's options that come from the command line alike for audit and scan
 * (rate, retries, interface, shard, SNMP community, the progress line, ...);
 * the ports, the payloads and the probe choice are each command's. */
void pp_run_scan_opts(const struct pp_cli *cli, struct pp_scan_opts *o);
/* --udp-payload PORT:HEX, each parsed into *out (malloc'd; NULL for none): 0, or
 * the exit code after one line on stderr. */
int pp_run_payloads(const struct pp_cli *cli, struct pp_probe_custom **out);
/* The result rendered in format: to outfd (the child's pipe, >= 0), else to
 * stdout, else saved to -o FILE atomically.  0, or the exit code after one line
 * on stderr. */
int pp_run_write(const struct pp_cli *cli, const char *format, const struct pp_result *r,
                 const struct pp_report_opts *ro, int outfd);

/* The signal that stopped the run (SIGINT or SIGTERM); 0 while none has.  What
 * pp_scan_run watches. */
extern volatile sig_atomic_t pp_run_stop;

/* Opens the scan (raw, or connect: said once on stderr, unless -q; its
 * sockets in flight with -v) and drops privileges; 0 or an exit code, the
 * error said. */
int pp_run_open(const struct pp_cli *cli, pp_scan *s);
/* -v with several -S sources: the answers that came to each, on stderr (s6: a
 * run's IPv6 scan, or NULL). */
void pp_run_print_sources(const struct pp_cli *cli, const pp_scan *s, const pp_scan *s6);

/*
 * A run's scans (run_scans.c).  One scan sends from one address, so targets of
 * both families make two: *s the IPv4 one, *s6 the IPv6 one (NULL unless both
 * families are there; *s is then of either family).  add puts the command's
 * targets in (its operands and -iL; a deployment's hosts): 0, or a PP_E* code
 * with err filled.  Then --exclude and --exclude-file, the split by family
 * (pp_scan_split) and pp_scan_prepare of each; a family whose every target is
 * excluded is dropped.  0, or the exit code after one line on stderr: 3 when
 * out of memory and, when net_norun, for no route or no such interface; 2
 * otherwise.
 */
typedef int (*pp_run_targets)(void *arg, pp_scan *s, char *err, size_t errlen);
int pp_run_prepare(const struct pp_cli *cli, const struct pp_scan_opts *o, pp_run_targets add,
                   void *arg, int net_norun, pp_scan **s, pp_scan **s6);
/* Opens both scans (s6 may be NULL; first, as pp_run_open drops privileges),
 * as pp_run_open does: 0 or the exit code, the error said. */
int pp_run_open_all(const struct pp_cli *cli, pp_scan *s, pp_scan *s6);
/*
 * Runs s, then s6 (may be NULL) into r: the second adds its hosts, r's counters
 * are the sum, its start the first's, complete when both are, the pacers that
 * held a limit those of both; *st the sum of both scans' statistics (elapsed:
 * the two one after the other; the pacing: the lower limit found).  The
 * progress line says which family it counts.  As pp_scan_run returns; a stop
 * in the first leaves the second unrun.
 */
int pp_run_scans(pp_scan *s, pp_scan *s6, struct pp_result *r, struct pp_scan_stats *st, char *err,
                 size_t errlen);
/* The hosts of both. */
uint64_t pp_run_hosts(const pp_scan *s, const pp_scan *s6);

/* The listener check (pp_check.h) with o, its source the scan's, stopped by
 * pp_run_stop; with -v its line on stderr (skipped: the ports it left out, as
 * what).  0, or the exit code after one line on stderr. */
struct pp_check_opts;
int pp_run_check(const struct pp_cli *cli, const pp_scan *s, struct pp_result *r,
                 struct pp_check_opts *o, const char *skipped);

/* From now on SIGINT and SIGTERM set pp_run_stop. */
void pp_run_catch_signals(void);
/* code, or 130 / 143 when SIGINT / SIGTERM stopped the run. */
int pp_run_exit(int code);

/*
 * The command line as run into r->args, and this version into r->tool_version:
 * from /proc/self/cmdline (read it before the privilege drop: it is root's), else
 * cmd and the operands.  0, or -1 when out of memory.
 */
int pp_run_fill_args(struct pp_result *r, const char *cmd, int argc, char **argv);

/* Whether -o output, as root, calls for the child and the parent. */
int pp_run_split(const char *output);
/*
 * pipe and fork: 0 in the child, *fd the pipe's write end; the child's pid in the
 * parent, *fd the read end; -1 when it cannot (said on stderr).
 */
pid_t pp_run_fork(int *fd);
/*
 * The parent: the child's rendering from fd, written atomically to path when the
 * child ran (exit 0, 1 for an audit's findings, or 130 / 143 with a partial
 * result); SIGINT and SIGTERM go on to the child meanwhile.  Returns the child's
 * exit code, or 2 when the file cannot be written.
 */
int pp_run_parent(int fd, pid_t pid, const char *path);
/*
 * Run a job that writes a result: job(arg, fd) renders to fd, or to -o itself
 * when fd is -1.  When pp_run_split(output), it runs in a child writing to the
 * pipe, and this process, once release(arg) has dropped what it need not keep,
 * is its parent (pp_run_parent); the child releases too, and exits.  Returns the
 * job's exit code.  SIGINT and SIGTERM are caught from here on
 * (pp_run_catch_signals): a signal that comes while the sockets open, before the
 * fork or in the child stops the run with what it knows.
 */
int pp_run_job(const char *output, int (*job)(void *arg, int fd), void (*release)(void *arg),
               void *arg);

#endif
