/*
 * What the files of `portproof audit` share: the audit's state, the plan printed
 * by --dry-run, the summary line, and the ports a shard probes (cmd_audit_plan.c);
 * the UDP probes the profiles name (cmd_audit_probes.c); the UDP ports each host
 * asks past its ICMP limit (cmd_audit_linger.c); the listener check
 * (cmd_audit_check.c).
 */
#ifndef PP_CMD_AUDIT_H
#define PP_CMD_AUDIT_H

#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "pp_deploy.h"
#include "pp_engine.h"
#include "pp_plan.h"
#include "pp_result.h"

/* A UDP port's probe as a profile names it (cmd_audit_probes.c). */
struct pp_audit_probe {
	uint16_t port;
	const struct pp_probe *probe;
	const char *profile, *service; /* who named it */
};

/* A host of the plan by its address (cmd_audit_linger.c). */
struct pp_audit_host {
	struct pp_addr addr;
	const struct pp_plan_host *host;
};

struct pp_audit {
	const struct pp_cli *cli;
	pp_deploy *dep;
	pp_profile **all; /* every profile of the profile directories (the sweep) */
	size_t nall;
	pp_plan *plan;
	pp_scan *scan;
	/* The engine sends from one address a scan: a deployment with hosts of
	 * both families is two scans, scan its IPv4 hosts and scan6 its IPv6
	 * ones, into one result (NULL: one family, all in scan). */
	pp_scan *scan6;
	struct pp_probe_custom *custom;
	struct pp_audit_probe *uprobes; /* sorted by port, one per port */
	size_t nuprobes;
	struct pp_audit_host *byaddr; /* the plan's hosts by address */
	size_t nbyaddr;
	int argc; /* the operands, for the result's args */
	char **argv;
};

/* --dry-run: the plan, host by host, and what would be sent.  0 or -1 (write error). */
int pp_audit_print_plan(const struct pp_audit *a, FILE *fp);
/* One line on stderr: score, verdicts, per-role scores, time and exit code. */
void pp_audit_summary(const struct pp_audit *a, const struct pp_result *r,
                      const struct pp_scan_stats *st, int code);
/* The pp_score_probed_fn of a sharded audit (arg: the struct pp_audit, its scan
 * prepared): the pairs of this shard. */
int pp_audit_probed(void *arg, const struct pp_addr *addr, unsigned proto, unsigned port);
/* The UDP probes the profiles name (after load): 0 or PP_ENOMEM; with -v, a line
 * on stderr for each port two services name different probes for. */
int pp_audit_udp_probes(struct pp_audit *a);
/* The engine's probe_for (arg: the struct pp_audit): the named probe, or NULL. */
const struct pp_probe *pp_audit_probe_for(void *arg, unsigned port);
/* The plan's hosts by address (after load): 0 or PP_ENOMEM. */
int pp_audit_index_hosts(struct pp_audit *a);
/* The plan's host at addr, or NULL. */
const struct pp_audit_host *pp_audit_host_at(const struct pp_audit *a, const struct pp_addr *addr);
/* The engine's udp_linger (arg: the struct pp_audit, its hosts indexed): whether
 * the host at addr has an expectation that judges udp/port. */
int pp_audit_udp_linger(void *arg, const struct pp_addr *addr, unsigned port);
/* The engine's first (arg: the struct pp_audit, its hosts indexed): the TCP and
 * UDP ports the host at addr has an expectation for; 0 or PP_ENOMEM. */
int pp_audit_first(void *arg, const struct pp_addr *addr, pp_portset *tcp, pp_portset *udp);
/* The listener check of the open TCP ports of r, unless --no-check
 * (cmd_audit_check.c): 0, or the exit code after one line on stderr. */
int pp_audit_check(struct pp_audit *a, struct pp_result *r);
/* --dry-run: the named probes, one line each. */
void pp_audit_print_udp_probes(const struct pp_audit *a, FILE *fp);

#endif
