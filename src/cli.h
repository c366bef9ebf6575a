/*
 * The portproof command: the parsed command line, shared by every subcommand, and
 * the helpers that report errors the same way everywhere.
 */
#ifndef PP_CLI_H
#define PP_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "portproof.h"

/* Exit codes of DESIGN.md. */
enum {
	PP_EXIT_OK = 0,
	PP_EXIT_FINDINGS = 1,
	PP_EXIT_USAGE = 2,
	PP_EXIT_NORUN = 3,
};

/* Which subcommands an option belongs to (a mask in the option table). */
enum {
	CMD_AUDIT = 1u << 0,
	CMD_SCAN = 1u << 1,
	CMD_PROFILE = 1u << 2,
	CMD_REPORT = 1u << 3,
	CMD_DIFF = 1u << 4,
	CMD_MERGE = 1u << 5,
	CMD_ALL = 0x3fu,
	CMD_PROBE = CMD_AUDIT | CMD_SCAN, /* options of commands that send packets */
};

#define PP_CLI_MAX_LIST 64

/*
 * The default --rate: no ceiling.  The engine paces itself by what the path
 * delivers (lib/pace.c), so a fixed figure would only slow clean paths.
 */
#define PP_RATE_DEFAULT 0

struct pp_cli {
	const char *cmd; /* subcommand name */
	unsigned cmdmask;

	/* probing */
	int have_ports;
	pp_portset tcp, udp; /* -p */
	uint64_t rate;       /* --rate PPS, 0 = no ceiling */
	uint64_t min_rate;   /* --min-rate PPS, 0 = no floor to the pacing */
	unsigned retries;
	unsigned max_retries; /* TCP, when answers show loss; = retries if --retries given */
	unsigned max_rtt_ms;
	const char *iface, *source_ip, *user;
	const char *method; /* --method: "raw", "connect", or NULL: raw when allowed */
	const char *exclude[PP_CLI_MAX_LIST];
	unsigned nexclude;
	const char *exclude_file, *input_list;
	unsigned shard_k, shard_n;
	int have_seed;
	uint64_t seed;
	int force, dry_run;
	unsigned family; /* -4, -6: a host name's address family; 0: IPv4 first */
	double stats_every;
	const char *snmp_community;
	const char *udp_payload[PP_CLI_MAX_LIST];
	unsigned nudp_payload;

	/* audit */
	double fail_under;
	int have_fail_under;
	unsigned range_sample;
	int full_ranges;
	int partial; /* merge --partial */
	const char *sweep;
	int no_check;        /* audit: no listener check */
	int check_listeners; /* scan: the listener check */

	/* profile */
	const char *role, *vantage, *features;
	const char *zones[PP_CLI_MAX_LIST];
	unsigned nzones;
	const char *profile_dir;

	/* output */
	const char *output, *format;
	int quiet, verbose;
};

/* Parse the options of one subcommand; leaves *argi at the first operand. */
int pp_cli_parse(struct pp_cli *cli, int argc, char **argv, int *argi);
void pp_cli_free(struct pp_cli *cli);
void pp_cli_usage(FILE *fp);

/* One-line errors, "portproof: ..." on stderr. */
void pp_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Profile directories, in search order: --profile-dir, $PORTPROOF_PROFILE_PATH,
 * the source tree when run from a build, then the installed ones. */
size_t pp_cli_profile_dirs(const struct pp_cli *cli, const char **dirs, size_t max);

/* Subcommands. */
int pp_cmd_audit(struct pp_cli *cli, int argc, char **argv);
int pp_cmd_scan(struct pp_cli *cli, int argc, char **argv);
int pp_cmd_profile(struct pp_cli *cli, int argc, char **argv);
int pp_cmd_report(struct pp_cli *cli, int argc, char **argv);
int pp_cmd_diff(struct pp_cli *cli, int argc, char **argv);
int pp_cmd_merge(struct pp_cli *cli, int argc, char **argv);

#endif
