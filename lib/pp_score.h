/*
 * The scorer: holds each observation of an audit against the plan's expectations
 * (DESIGN.md "Verdicts"), gives each finding its severity, the document row and one
 * line a network engineer can act on, and scores every host, every role and the
 * deployment.  It knows nothing of packets: it reads the states the engine left in
 * the result and writes verdicts next to them.
 *
 * Scores are items, not ports: an item is one expectation of one host (a service,
 * whatever number of ports it has or of its range were sampled), passed when none
 * of its judged ports failed and one passed, failed when one failed, and left out
 * when all are inconclusive; each unexpected open port is a failed item of weight
 * 3.  Score = 100 x sum of the weights passed / sum of the weights evaluated, with
 * weights 3/2/1 for mandatory/recommended/optional.  pp_score_alternatives and
 * pp_score_tally compute this from the ports alone (verdict, requirement, service,
 * alternative), so `merge` rescores the union of shards without the profiles and
 * gets what the unsharded audit would have.
 */
#ifndef PP_SCORE_H
#define PP_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "pp_plan.h"
#include "pp_result.h"

/* Whether (addr, proto, port) was probed by this scan (a shard probes a part);
 * NULL in pp_score_judge: every port of the plan was. */
typedef int (*pp_score_probed_fn)(void *arg, const struct pp_addr *addr, unsigned proto,
                                  unsigned port);

/*
 * Judge r, the engine's observations of the plan's hosts, against the plan: every
 * expected port probed gets its verdict, severity, requirement, service, ref and
 * detail (added to the host's ports if the engine left it in "other"); an open
 * port no item expects is unexpected; then pp_score_alternatives and
 * pp_score_tally.  Hosts get their name, profile and role; r its deployment name.
 * Returns 0, or PP_ENOMEM with err saying so.
 */
int pp_score_judge(const pp_plan *pl, struct pp_result *r, pp_score_probed_fn probed, void *arg,
                   char *err, size_t errlen);

/*
 * The profile's alternatives resolved from the ports alone (score_alt.c): each
 * group of a host counts once, on one member, and a failed member of a group that
 * passes drops to severity info.  Run again on its own output, or on the union of
 * shards that each ran it, it gives what one run over all the ports gives.
 * Returns 0 or PP_ENOMEM.
 */
int pp_score_alternatives(struct pp_result *r);

/* Verdict counts, host scores and the deployment score, from the ports alone. */
void pp_score_tally(struct pp_result *r);

/*
 * verdict.c, DESIGN.md's table: the verdict of a port in state (enum pp_state) against an
 * expectation of kind (enum pp_kind) that is, or is not, restricted from the
 * vantage; kind 0 for a port no item expects (open: unexpected, else none).
 */
unsigned pp_score_verdict(unsigned kind, int restricted, unsigned state);
/* The severity of a verdict judged against a requirement (enum pp_requirement). */
unsigned pp_score_severity(unsigned verdict, unsigned requirement);
/* 1 for the verdicts that fail an item: missing, blocked, exposed, unfiltered,
 * unexpected, mismatch. */
int pp_score_failed(unsigned verdict);
/* A listener the check saw speak seen where the profile says speaks: PP_SEV_NONE
 * when that is what it speaks (or either is NULL, or seen is "none"), else the mismatch's severity:
 * high for a TLS service answering in clear text, medium otherwise. */
unsigned pp_score_mismatch(const char *speaks, const char *seen);

/* The certificate a TLS listener showed expires in days (has_days 0: none
 * seen): PP_SEV_NONE from PP_SCORE_CERT_DAYS days on, low under that, medium
 * once it has expired.  A passing port keeps its verdict and carries this
 * severity: the listener is the right one, its certificate wants renewing. */
#define PP_SCORE_CERT_DAYS 30
unsigned pp_score_cert(int has_days, int32_t days);

/* The weight of a requirement (3/2/1, 0 for none). */
unsigned pp_score_weight(unsigned requirement);

/* The score of one role of one profile, over the items of its hosts. */
struct pp_role_score {
	const char *profile, *role; /* point into the result */
	size_t nhosts;
	unsigned passed, evaluated; /* sums of weights */
	int has_score;
	double score;
};
/* One entry per (profile, role) in order of first appearance; *out malloc'd (free
 * it).  0 or PP_ENOMEM. */
int pp_score_roles(const struct pp_result *r, struct pp_role_score **out, size_t *n);

/* What decides the exit code (DESIGN.md "Command line"). */
struct pp_score_findings {
	size_t findings;         /* ports with a verdict other than pass, or a pass
	                          * with a severity (a certificate expiring) */
	size_t high;             /* of which severity high */
	size_t mandatory_failed; /* failed ports judged against a mandatory requirement */
	size_t inconclusive;
	size_t unverified;      /* listed zones no result covers: not a pass */
	size_t unverified_rows; /* the rows they leave unchecked */
};
void pp_score_findings(const struct pp_result *r, struct pp_score_findings *f);

#endif
