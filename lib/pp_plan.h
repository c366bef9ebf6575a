/*
 * The audit's plan: what each host of a deployment is expected to show (its
 * profile's services for its role, with the deployment's features and vantage,
 * grouped into the profile's alternatives) and which ports to probe for it: every
 * listen port, a sample of each dynamic range, and the sweep for ports no document
 * asks for.  Every host is probed with the union of the ports (the engine scans a
 * target list x a port set); the scorer then judges each host against its own items.
 */
#ifndef PP_PLAN_H
#define PP_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "pp_deploy.h"
#include "pp_portset.h"
#include "pp_profile.h"

enum pp_sweep {
	PP_SWEEP_NONE = 0, /* only the ports the plan expects */
	PP_SWEEP_TOP1000,  /* nmap's 1000 most often open TCP ports */
	PP_SWEEP_ALL,      /* every TCP port */
};
/* "all", "top1000", "none"; -1 for anything else. */
int pp_sweep_parse(const char *s);
const char *pp_sweep_name(unsigned sweep);

/* Ports spread over a dynamic range besides its two ends, by default.  A TCP
 * sample costs nothing but its probe; a closed UDP one costs an ICMP error of
 * the target's (Linux: six at once, then one a second), so a UDP range gets
 * fewer: its ends and four points a fifth apart fill a host's burst and catch
 * a rule that leaves out either end or a fifth of the range (portproof(1)). */
#define PP_RANGE_SAMPLE_DEFAULT     16
#define PP_RANGE_SAMPLE_UDP_DEFAULT 4

struct pp_plan_opts {
	unsigned range_sample; /* ports spread over each dynamic range besides its two ends;
	                          0: PP_RANGE_SAMPLE_DEFAULT, UDP's _UDP_DEFAULT */
	int full_ranges;       /* every port of dynamic ranges */
	unsigned sweep;        /* enum pp_sweep */
	/* The sweep (top1000, all) adds the UDP listen ports of these profiles, the
	 * shipped ones (pp_profile_load_all); NULL: those of the deployment. */
	pp_profile *const *sweep_profiles;
	size_t nsweep_profiles;
};

/* One expectation of one host. */
struct pp_plan_item {
	const struct pp_service *svc;
	int restricted;                   /* must be filtered from the vantage */
	const struct pp_alternative *alt; /* judged as a member of this group, or NULL */
	pp_portset ports;                 /* the ports of svc judged on this host */
};

struct pp_plan_host {
	const struct pp_deploy_host *host;
	struct pp_plan_item *items; /* in the order of pp_profile_query */
	size_t nitems;
};

typedef struct pp_plan {
	const pp_deploy *dep;
	struct pp_plan_host *hosts; /* in the deployment's order */
	size_t nhosts;
	pp_portset tcp, udp; /* probed on every host */
	size_t nexpected;    /* (host, port) pairs with an expectation */
} pp_plan;

/*
 * The plan of a loaded deployment.  Returns 0, or PP_ENOMEM / PP_ENOENT (a role or
 * zone the profile lacks: cannot happen for a deployment the loader accepted) with
 * err saying why.
 */
int pp_plan_build(const pp_deploy *d, const struct pp_plan_opts *o, pp_plan **out, char *err,
                  size_t errlen);
void pp_plan_free(pp_plan *p);

/* The item of host h that judges proto/port, or NULL (a port it does not expect). */
const struct pp_plan_item *pp_plan_item_for(const struct pp_plan_host *h, unsigned proto,
                                            unsigned port);

/*
 * Adds to out the sample of lo..hi: both ends and n ports spread evenly between
 * them (every port when the range has no more than n + 2).  0 or PP_ENOMEM.
 */
int pp_plan_sample(pp_portset *out, unsigned lo, unsigned hi, unsigned n);

/* nmap's 1000 most often open TCP ports, most frequent first (top_ports.c). */
const uint16_t *pp_top_tcp_ports(size_t *n);

#endif
