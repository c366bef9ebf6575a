/*
 * The option table: every option of every subcommand in one place, so --help, the
 * man page and the parser cannot disagree.  Numbers go through strtoull with an
 * end-pointer check; a bad value is one line naming the option and the value.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum opt_id {
	OPT_PORTS = 'p',
	OPT_IFACE = 'e',
	OPT_SOURCE = 'S',
	OPT_OUTPUT = 'o',
	OPT_QUIET = 'q',
	OPT_VERBOSE = 'v',
	OPT_HELP = 'h',
	OPT_IPV4 = '4',
	OPT_IPV6 = '6',
	OPT_RATE = 256,
	OPT_MIN_RATE,
	OPT_MAX_RATE,
	OPT_RETRIES,
	OPT_MAX_RTT,
	OPT_EXCLUDE,
	OPT_EXCLUDE_FILE,
	OPT_INPUT_LIST,
	OPT_SHARD,
	OPT_SEED,
	OPT_FORCE,
	OPT_DRY_RUN,
	OPT_USER,
	OPT_METHOD,
	OPT_STATS_EVERY,
	OPT_SNMP_COMMUNITY,
	OPT_UDP_PAYLOAD,
	OPT_FAIL_UNDER,
	OPT_RANGE_SAMPLE,
	OPT_FULL_RANGES,
	OPT_SWEEP,
	OPT_CHECK_LISTENERS,
	OPT_NO_CHECK,
	OPT_ROLE,
	OPT_VANTAGE,
	OPT_FEATURES,
	OPT_ZONE,
	OPT_PROFILE_DIR,
	OPT_FORMAT,
	OPT_PARTIAL,
};

struct pp_option {
	const char *name;
	int id;
	int has_arg;
	const char *arg; /* metavariable in --help */
	unsigned cmds;
	const char *help;
};

static const struct pp_option options[] = {
        {"ports", OPT_PORTS, 1, "PORTS", CMD_PROBE,
         "ports to probe, nmap syntax: 22,80,1000-2000, T:/U: prefixes, - for all"},
        {"rate", OPT_RATE, 1, "PPS", CMD_PROBE,
         "never send faster (default 0: no ceiling; the pace follows what the path takes)"},
        {"max-rate", OPT_MAX_RATE, 1, "PPS", CMD_PROBE, "the same as --rate (nmap's name)"},
        {"min-rate", OPT_MIN_RATE, 1, "PPS", CMD_PROBE,
         "never slow the pace below this, whatever the path loses (default 0)"},
        {"retries", OPT_RETRIES, 1, "N", CMD_PROBE,
         "retransmissions of an unanswered probe (default 2, up to 10 on a lossy link)"},
        {"max-rtt-timeout", OPT_MAX_RTT, 1, "MS", CMD_PROBE,
         "upper bound of the adaptive timeout (default 1000)"},
        {"interface", OPT_IFACE, 1, "IFACE", CMD_PROBE, "send and capture on IFACE"},
        {"source-ip", OPT_SOURCE, 1, "ADDR[,ADDR|A-B]", CMD_PROBE,
         "source addresses of the probes (either family), on the interface"},
        {"exclude", OPT_EXCLUDE, 1, "TARGETS", CMD_PROBE, "never probe these (comma-separated)"},
        {"exclude-file", OPT_EXCLUDE_FILE, 1, "FILE", CMD_PROBE, "never probe the targets in FILE"},
        {"input-list", OPT_INPUT_LIST, 1, "FILE", CMD_SCAN, "read targets from FILE (also -iL)"},
        {"ipv4", OPT_IPV4, 0, NULL, CMD_SCAN, "a host name's IPv4 address (first by default)"},
        {"ipv6", OPT_IPV6, 0, NULL, CMD_SCAN, "a host name's IPv6 address"},
        {"shard", OPT_SHARD, 1, "K/N", CMD_PROBE, "probe only shard K of N"},
        {"seed", OPT_SEED, 1, "N", CMD_PROBE, "seed of the probe order (same seed, same order)"},
        {"force", OPT_FORCE, 0, NULL, CMD_PROBE, "probe addresses refused by default"},
        {"dry-run", OPT_DRY_RUN, 0, NULL, CMD_PROBE, "print the probes instead of sending them"},
        {"user", OPT_USER, 1, "USER", CMD_PROBE, "drop privileges to USER (default nobody)"},
        {"method", OPT_METHOD, 1, "raw|connect", CMD_PROBE,
         "raw sockets, or connect(2) and IP_RECVERR without privilege (default: raw when "
         "allowed)"},
        {"stats-every", OPT_STATS_EVERY, 1, "SECONDS", CMD_PROBE,
         "print a progress line every SECONDS, even when not on a terminal"},
        {"snmp-community", OPT_SNMP_COMMUNITY, 1, "NAME", CMD_PROBE,
         "SNMP community of the UDP probe (default public)"},
        {"udp-payload", OPT_UDP_PAYLOAD, 1, "PORT:HEX", CMD_PROBE, "send this payload to UDP PORT"},
        {"fail-under", OPT_FAIL_UNDER, 1, "SCORE", CMD_AUDIT, "exit 1 if the score is under SCORE"},
        {"range-sample", OPT_RANGE_SAMPLE, 1, "N", CMD_AUDIT,
         "ports sampled from each dynamic range (default 16 tcp, 4 udp)"},
        {"full-ranges", OPT_FULL_RANGES, 0, NULL, CMD_AUDIT, "probe every port of dynamic ranges"},
        {"sweep", OPT_SWEEP, 1, "all|top1000|none", CMD_AUDIT,
         "sweep for ports no document asks for (default all)"},
        {"no-check", OPT_NO_CHECK, 0, NULL, CMD_AUDIT,
         "skip the listener check (what the open TCP ports speak)"},
        {"check-listeners", OPT_CHECK_LISTENERS, 0, NULL, CMD_SCAN,
         "after the scan, connect to the open TCP ports and name what they speak"},
        {"role", OPT_ROLE, 1, "ROLE", CMD_PROFILE, "the role of the profile"},
        {"vantage", OPT_VANTAGE, 1, "ZONE", CMD_AUDIT | CMD_PROFILE,
         "the zone the scanner sits in (audit: one of the deployment's vantages)"},
        {"features", OPT_FEATURES, 1, "A,B", CMD_PROFILE, "deployment features that are on"},
        {"zone", OPT_ZONE, 1, "NAME=CIDR", CMD_PROFILE,
         "addresses of a zone (IPv4, IPv6), for firewall rules"},
        {"partial", OPT_PARTIAL, 0, NULL, CMD_MERGE,
         "a missing shard is a warning and the result incomplete, not an error"},
        {"profile-dir", OPT_PROFILE_DIR, 1, "DIR", CMD_AUDIT | CMD_PROFILE,
         "look for profiles in DIR first"},
        {"output", OPT_OUTPUT, 1, "FILE", CMD_ALL & ~CMD_PROFILE,
         "write the result to FILE (atomically)"},
        {"format", OPT_FORMAT, 1, "FMT", CMD_ALL,
         "text, json, junit, xml (nmap), csv or html; nft, iptables or ip6tables for profile "
         "firewall"},
        {"quiet", OPT_QUIET, 0, NULL, CMD_ALL, "no progress line, errors only"},
        {"verbose", OPT_VERBOSE, 0, NULL, CMD_ALL, "say more"},
        {"help", OPT_HELP, 0, NULL, CMD_ALL, "print this help"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

static const char *const synopsis[] = {
        "portproof audit DEPLOYMENT.json [options]",
        "portproof scan [-p PORTS] [options] TARGET...",
        "portproof profile list | show ID | lint FILE... | ports ID [--role ROLE] | "
        "firewall ID --role ROLE --format nft|iptables|ip6tables",
        "portproof report RESULT.json --format FMT",
        "portproof diff OLD.json NEW.json",
        "portproof merge RESULT.json...",
        "portproof --version | --help",
};

void
pp_cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("portproof: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
pp_cli_usage(FILE *fp)
{
	size_t i;
	char left[64];

	for (i = 0; i < sizeof(synopsis) / sizeof(synopsis[0]); i++)
		fprintf(fp, "%s%s\n", i ? "       " : "usage: ", synopsis[i]);
	fputs("\noptions:\n", fp);
	for (i = 0; i < NOPTIONS; i++) {
		const struct pp_option *o = &options[i];
		if (o->id < 256)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->id, o->name,
			         o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg ? " " : "",
			         o->arg ? o->arg : "");
		fprintf(fp, "  %-30s %s\n", left, o->help);
	}
	fputs("  -iL FILE                       same as --input-list FILE\n"
	      "  --version                      print the version\n"
	      "\nexit: 0 conformant or completed, 1 findings, 2 bad usage or input,"
	      " 3 the scan could not run\n",
	      fp);
}

/* An unsigned number within [min, max], or a one-line error naming the option. */
static int
opt_u64(const char *opt, const char *val, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v = 0;

	errno = 0;
	if (val[0] == '-' || val[0] == '+' || val[0] == '\0') {
		errno = EINVAL;
	} else {
		v = strtoull(val, &end, 10);
		if (errno == 0 && (*end != '\0' || end == val))
			errno = EINVAL;
		if (errno == 0 && (v < min || v > max))
			errno = ERANGE;
	}
	if (errno != 0) {
		pp_cli_error("--%s: invalid value '%s' (expected an integer from %llu to %llu)",
		             opt, val, (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

static int
opt_uint(const char *opt, const char *val, unsigned min, unsigned max, unsigned *out)
{
	uint64_t v;

	if (opt_u64(opt, val, min, max, &v) < 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int
opt_double(const char *opt, const char *val, double min, double max, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(val, &end);
	if (errno != 0 || end == val || *end != '\0' || !isfinite(v) || v < min || v > max) {
		pp_cli_error("--%s: invalid value '%s' (expected a number from %g to %g)", opt, val,
		             min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static int
opt_list(const char *opt, const char *val, const char **list, unsigned *n)
{
	if (*n >= PP_CLI_MAX_LIST) {
		pp_cli_error("--%s: given more than %d times", opt, PP_CLI_MAX_LIST);
		return -1;
	}
	list[(*n)++] = val;
	return 0;
}

static int
opt_shard(const char *val, unsigned *k, unsigned *n)
{
	char *end;
	unsigned long a, b;

	errno = 0;
	a = strtoul(val, &end, 10);
	if (errno == 0 && end != val && *end == '/' && end[1] >= '0' && end[1] <= '9') {
		b = strtoul(end + 1, &end, 10);
		if (errno == 0 && *end == '\0' && a >= 1 && b >= 1 && a <= b && b <= 65536) {
			*k = (unsigned)a;
			*n = (unsigned)b;
			return 0;
		}
	}
	pp_cli_error("--shard: invalid value '%s' (expected K/N with 1 <= K <= N)", val);
	return -1;
}

static int
apply(struct pp_cli *cli, const struct pp_option *o, const char *val)
{
	char err[256];
	size_t off;
	uint64_t u;

	switch (o->id) {
	case OPT_PORTS:
		pp_portset_clear(&cli->tcp);
		pp_portset_clear(&cli->udp);
		if (pp_portspec_parse(val, PP_PROTO_TCP, &cli->tcp, &cli->udp, &off, err,
		                      sizeof(err)) < 0) {
			pp_cli_error("-p: %s", err);
			return -1;
		}
		cli->have_ports = 1;
		return 0;
	case OPT_RATE:
	case OPT_MAX_RATE:
		return opt_u64(o->name, val, 0, 100000000, &cli->rate);
	case OPT_MIN_RATE:
		return opt_u64(o->name, val, 0, 100000000, &cli->min_rate);
	case OPT_RETRIES:
		cli->max_retries = 0; /* as given: no loss-driven retries */
		return opt_uint(o->name, val, 0, 50, &cli->retries);
	case OPT_MAX_RTT:
		return opt_uint(o->name, val, 1, 60000, &cli->max_rtt_ms);
	case OPT_IFACE:
		cli->iface = val;
		return 0;
	case OPT_SOURCE:
		cli->source_ip = val;
		return 0;
	case OPT_EXCLUDE:
		return opt_list(o->name, val, cli->exclude, &cli->nexclude);
	case OPT_EXCLUDE_FILE:
		cli->exclude_file = val;
		return 0;
	case OPT_INPUT_LIST:
		cli->input_list = val;
		return 0;
	case OPT_SHARD:
		return opt_shard(val, &cli->shard_k, &cli->shard_n);
	case OPT_SEED:
		cli->have_seed = 1;
		return opt_u64(o->name, val, 0, UINT64_MAX, &cli->seed);
	case OPT_FORCE:
		cli->force = 1;
		return 0;
	case OPT_IPV4:
	case OPT_IPV6:
		cli->family = o->id == OPT_IPV4 ? 4 : 6;
		return 0;
	case OPT_DRY_RUN:
		cli->dry_run = 1;
		return 0;
	case OPT_USER:
		cli->user = val;
		return 0;
	case OPT_METHOD:
		if (strcmp(val, "raw") != 0 && strcmp(val, "connect") != 0) {
			pp_cli_error("--method: invalid value '%s' (expected raw or connect)", val);
			return -1;
		}
		cli->method = val;
		return 0;
	case OPT_STATS_EVERY:
		return opt_double(o->name, val, 0.1, 86400, &cli->stats_every);
	case OPT_SNMP_COMMUNITY:
		cli->snmp_community = val;
		return 0;
	case OPT_UDP_PAYLOAD:
		return opt_list(o->name, val, cli->udp_payload, &cli->nudp_payload);
	case OPT_FAIL_UNDER:
		cli->have_fail_under = 1;
		return opt_double(o->name, val, 0, 100, &cli->fail_under);
	case OPT_RANGE_SAMPLE:
		if (opt_u64(o->name, val, 1, 65535, &u) < 0)
			return -1;
		cli->range_sample = (unsigned)u;
		return 0;
	case OPT_FULL_RANGES:
		cli->full_ranges = 1;
		return 0;
	case OPT_NO_CHECK:
		cli->no_check = 1;
		return 0;
	case OPT_CHECK_LISTENERS:
		cli->check_listeners = 1;
		return 0;
	case OPT_SWEEP:
		if (strcmp(val, "all") != 0 && strcmp(val, "top1000") != 0 &&
		    strcmp(val, "none") != 0) {
			pp_cli_error("--sweep: invalid value '%s' (expected all, top1000 or none)",
			             val);
			return -1;
		}
		cli->sweep = val;
		return 0;
	case OPT_ROLE:
		cli->role = val;
		return 0;
	case OPT_VANTAGE:
		cli->vantage = val;
		return 0;
	case OPT_PARTIAL:
		cli->partial = 1;
		return 0;
	case OPT_FEATURES:
		cli->features = val;
		return 0;
	case OPT_ZONE:
		if (strchr(val, '=') == NULL || val[0] == '=') {
			pp_cli_error("--zone: invalid value '%s' (expected NAME=CIDR)", val);
			return -1;
		}
		return opt_list(o->name, val, cli->zones, &cli->nzones);
	case OPT_PROFILE_DIR:
		cli->profile_dir = val;
		return 0;
	case OPT_OUTPUT:
		cli->output = val;
		return 0;
	case OPT_FORMAT:
		cli->format = val;
		return 0;
	case OPT_QUIET:
		cli->quiet = 1;
		return 0;
	case OPT_VERBOSE:
		cli->verbose++;
		return 0;
	}
	return -1;
}

int
pp_cli_parse(struct pp_cli *cli, int argc, char **argv, int *argi)
{
	struct option longopts[NOPTIONS + 1];
	char shortopts[2 * NOPTIONS + 2], *sp = shortopts;
	size_t i, n = 0;
	int c, idx, i2;

	/* nmap's two-letter -iL has no getopt form: rewrite it before parsing. */
	for (i2 = 1; i2 < argc; i2++) {
		if (strcmp(argv[i2], "--") == 0)
			break;
		if (strcmp(argv[i2], "-iL") == 0)
			argv[i2] = (char *)"--input-list";
	}

	*sp++ = ':'; /* report a missing value as ':' rather than '?' */
	for (i = 0; i < NOPTIONS; i++) {
		const struct pp_option *o = &options[i];
		if (!(o->cmds & cli->cmdmask))
			continue;
		longopts[n].name = o->name;
		longopts[n].has_arg = o->has_arg ? required_argument : no_argument;
		longopts[n].flag = NULL;
		longopts[n].val = o->id;
		n++;
		if (o->id < 256) {
			*sp++ = (char)o->id;
			if (o->has_arg)
				*sp++ = ':';
		}
	}
	*sp = '\0';
	memset(&longopts[n], 0, sizeof(longopts[n]));

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, &idx)) != -1) {
		if (c == OPT_HELP) {
			pp_cli_usage(stdout);
			exit(PP_EXIT_OK);
		}
		if (c == '?' || c == ':') {
			const char *what = argv[optind - 1];
			if (c == ':')
				pp_cli_error("%s: missing value", what);
			else if (optopt != 0)
				pp_cli_error("-%c: unknown option for '%s' (see --help)", optopt,
				             cli->cmd);
			else
				pp_cli_error("%s: unknown option for '%s' (see --help)", what,
				             cli->cmd);
			return -1;
		}
		for (i = 0; i < NOPTIONS; i++)
			if (options[i].id == c)
				break;
		if (i == NOPTIONS || apply(cli, &options[i], optarg) < 0)
			return -1;
	}
	if (cli->rate > 0 && cli->min_rate > cli->rate) {
		pp_cli_error("--min-rate: %llu is above the ceiling of --rate (%llu)",
		             (unsigned long long)cli->min_rate, (unsigned long long)cli->rate);
		return -1;
	}
	*argi = optind;
	return 0;
}

void
pp_cli_free(struct pp_cli *cli)
{
	pp_portset_free(&cli->tcp);
	pp_portset_free(&cli->udp);
}
