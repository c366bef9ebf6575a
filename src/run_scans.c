/*
 * A run's scans, for scan and audit alike (run.h): one scan sends from one
 * address, so targets of both families make two, an IPv4 and an IPv6 one
 * (pp_scan_split), run one after the other into one result.  Both open before
 * the privilege drop; the IPv6 one first, as pp_run_open drops.  One after the
 * other, not in two threads: each is paced by its own hosts, and a slow IPv4
 * host then cannot hold an IPv6 one's probes back (nor the other way round).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pp_addr.h"
#include "pp_error.h"
#include "progress.h"
#include "run.h"

/* The exit code of a failed setup step: 3 when the scan cannot run. */
static int
setup_code(int rc, int net_norun)
{
	if (rc == PP_ENOMEM || (net_norun && (rc == PP_ENET || rc == PP_ENOENT)))
		return PP_EXIT_NORUN;
	return PP_EXIT_USAGE;
}

static int
excludes(const struct pp_cli *cli, pp_scan *s, char *err, size_t errlen)
{
	unsigned i;
	int rc;

	for (i = 0; i < cli->nexclude; i++)
		if ((rc = pp_scan_add_targets(s, cli->exclude[i], 1, err, errlen)) < 0)
			return rc;
	if (cli->exclude_file != NULL &&
	    (rc = pp_scan_add_target_file(s, cli->exclude_file, 1, err, errlen)) < 0)
		return rc;
	return 0;
}

int
pp_run_prepare(const struct pp_cli *cli, const struct pp_scan_opts *o, pp_run_targets add,
               void *arg, int net_norun, pp_scan **s, pp_scan **s6)
{
	char err[512];
	int rc;

	*s = *s6 = NULL;
	if ((rc = pp_scan_new(o, s, err, sizeof(err))) < 0) {
		pp_cli_error("%s", err);
		return setup_code(rc, 0);
	}
	if ((rc = add(arg, *s, err, sizeof(err))) < 0 ||
	    (rc = excludes(cli, *s, err, sizeof(err))) < 0 ||
	    (rc = pp_scan_split(*s, s6, err, sizeof(err))) < 0 ||
	    (rc = pp_scan_prepare(*s, err, sizeof(err))) < 0 ||
	    (*s6 != NULL && (rc = pp_scan_prepare(*s6, err, sizeof(err))) < 0))
		goto bad;
	if (*s6 == NULL)
		return 0;
	/* --exclude took every target of one family: the other runs alone. */
	if (pp_scan_hosts(*s6) == 0) {
		pp_scan_free(*s6);
		*s6 = NULL;
	} else if (pp_scan_hosts(*s) == 0) {
		pp_scan_free(*s);
		*s = *s6;
		*s6 = NULL;
	}
	if (pp_scan_hosts(*s) > 0)
		return 0;
	rc = PP_EINVAL;
	snprintf(err, sizeof(err), "every target is excluded");
bad:
	pp_cli_error("%s", err);
	return setup_code(rc, net_norun);
}

int
pp_run_open_all(const struct pp_cli *cli, pp_scan *s, pp_scan *s6)
{
	char err[512];
	int rc;

	if (s6 != NULL && (rc = pp_scan_open(s6, err, sizeof(err))) < 0) {
		pp_cli_error("%s", err);
		return rc == PP_EINVAL ? PP_EXIT_USAGE : PP_EXIT_NORUN;
	}
	return pp_run_open(cli, s);
}

/* The pacers that held a limit in either scan: the first's, then the second's. */
static int
join_paced(struct pp_result *r, struct pp_paced *first, size_t nfirst)
{
	struct pp_paced *p;

	if (nfirst == 0)
		return 0;
	if ((p = realloc(first, (nfirst + r->npaced) * sizeof(*p))) == NULL) {
		free(first);
		return PP_ENOMEM;
	}
	if (r->npaced > 0)
		memcpy(p + nfirst, r->paced, r->npaced * sizeof(*p));
	free(r->paced);
	r->paced = p;
	r->npaced += nfirst;
	return 0;
}

static void
add_stats(struct pp_scan_stats *st, const struct pp_scan_stats *b)
{
	st->planned += b->planned;
	st->sent += b->sent;
	st->retransmitted += b->retransmitted;
	st->received += b->received;
	st->matched += b->matched;
	st->rejected += b->rejected;
	st->kernel_drops += b->kernel_drops;
	st->answered += b->answered;
	st->open_ports += b->open_ports;
	st->elapsed_us += b->elapsed_us;
	st->send_us += b->send_us;
	if (b->peak_rate > st->peak_rate)
		st->peak_rate = b->peak_rate;
	/* The lower limit a pacer found of the two, the one a user would ask about. */
	if (b->paced && (!st->paced || b->paced_rate < st->paced_rate)) {
		st->paced = b->paced;
		st->paced_by = b->paced_by;
		st->paced_rate = b->paced_rate;
	}
}

int
pp_run_scans(pp_scan *s, pp_scan *s6, struct pp_result *r, struct pp_scan_stats *st, char *err,
             size_t errlen)
{
	struct pp_scan_stats st6;
	struct pp_paced *paced;
	uint64_t sent, received, rejected, reached;
	size_t npaced;
	time_t started;
	int complete, rc;

	if (s6 != NULL)
		pp_progress_phase("IPv4");
	rc = pp_scan_run(s, &pp_run_stop, r, err, errlen);
	pp_scan_get_stats(s, st);
	if (s6 == NULL || rc < 0)
		return rc;
	pp_progress_end();
	pp_progress_phase("IPv6");
	/* The second run sets the counters and the pacing anew: keep the first's. */
	sent = r->sent;
	received = r->received;
	rejected = r->rejected;
	started = r->started;
	complete = r->complete;
	reached = r->rate_reached;
	paced = r->paced;
	npaced = r->npaced;
	r->paced = NULL;
	r->npaced = 0;
	rc = pp_scan_run(s6, &pp_run_stop, r, err, errlen);
	r->sent += sent;
	r->received += received;
	r->rejected += rejected;
	r->started = started;
	r->complete = r->complete && complete;
	if (reached > r->rate_reached)
		r->rate_reached = reached;
	if (join_paced(r, paced, npaced) < 0 && rc == 0) {
		snprintf(err, errlen, "out of memory for the result");
		rc = PP_ENOMEM;
	}
	pp_scan_get_stats(s6, &st6);
	add_stats(st, &st6);
	pp_progress_phase(NULL);
	return rc;
}

uint64_t
pp_run_hosts(const pp_scan *s, const pp_scan *s6)
{
	return pp_scan_hosts(s) + (s6 != NULL ? pp_scan_hosts(s6) : 0);
}
