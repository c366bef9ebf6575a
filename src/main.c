/*
 * portproof: checks a deployment's network reachability against the vendor's port
 * documents.  main() only finds the subcommand in one table and hands it the
 * parsed command line.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

struct subcommand {
	const char *name;
	unsigned mask;
	int (*run)(struct pp_cli *cli, int argc, char **argv);
};

/* A NULL run means "not built yet": the command exists in the design, not here. */
static const struct subcommand subcommands[] = {
        {"audit", CMD_AUDIT, pp_cmd_audit},       /* scan a deployment, score it */
        {"scan", CMD_SCAN, pp_cmd_scan},          /* ad-hoc scan, no profile */
        {"profile", CMD_PROFILE, pp_cmd_profile}, /* list, show, lint, ports, firewall */
        {"report", CMD_REPORT, pp_cmd_report},    /* render a saved result again */
        {"diff", CMD_DIFF, pp_cmd_diff},          /* what changed between two results */
        {"merge", CMD_MERGE, pp_cmd_merge},       /* join the results of shards */
};

int
main(int argc, char **argv)
{
	struct pp_cli cli;
	size_t i;
	int argi, rc;

	if (argc < 2) {
		pp_cli_usage(stderr);
		return PP_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("portproof %s\n", pp_version());
		return PP_EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		pp_cli_usage(stdout);
		return PP_EXIT_OK;
	}
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			break;
	if (i == sizeof(subcommands) / sizeof(subcommands[0])) {
		pp_cli_error("%s: unknown command (see --help)", argv[1]);
		return PP_EXIT_USAGE;
	}

	memset(&cli, 0, sizeof(cli));
	cli.cmd = subcommands[i].name;
	cli.cmdmask = subcommands[i].mask;
	cli.rate = PP_RATE_DEFAULT;
	cli.retries = 2;
	cli.max_retries = 10; /* nmap's default --max-retries */
	cli.max_rtt_ms = 1000;
	cli.shard_k = cli.shard_n = 1;
	cli.range_sample = 0; /* the plan's defaults, by protocol */
	cli.sweep = "all";
	cli.snmp_community = "public";
	pp_portset_init(&cli.tcp);
	pp_portset_init(&cli.udp);

	if (pp_cli_parse(&cli, argc - 1, argv + 1, &argi) < 0) {
		rc = PP_EXIT_USAGE;
	} else if (subcommands[i].run == NULL) {
		pp_cli_error("%s: not built yet in this version", cli.cmd);
		rc = PP_EXIT_USAGE;
	} else {
		rc = subcommands[i].run(&cli, argc - 1 - argi, argv + 1 + argi);
	}
	pp_cli_free(&cli);
	return rc;
}
