/*
 * The audit's listener check (lib/check, pp_check.h), after the probe phase and
 * before the judgement, in the process that dropped its privileges: which open
 * TCP ports a host's own expectations name, and what their services speak (the
 * profile's "speaks").  The check knows nothing of profiles: it asks
 * pp_audit_expect through its expect option, as the engine asks udp_linger.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cmd_audit.h"
#include "pp_check.h"
#include "pp_error.h"
#include "run.h"

static int
expect(void *arg, const struct pp_addr *addr, unsigned port, const char **speaks)
{
	const struct pp_audit_host *h = pp_audit_host_at(arg, addr);
	const struct pp_plan_item *it;

	if (h == NULL || (it = pp_plan_item_for(h->host, PP_PROTO_TCP, port)) == NULL)
		return 0;
	*speaks = it->svc->speaks;
	return 1;
}

int
pp_audit_check(struct pp_audit *a, struct pp_result *r)
{
	struct pp_check_opts o = {0};
	struct pp_check_stats st;
	char err[256];
	int rc;

	if (a->cli->no_check)
		return 0;
	o.expect = expect;
	o.arg = a;
	o.source = pp_scan_source(a->scan);
	rc = pp_check_run(r, &o, &pp_run_stop, &st, err, sizeof(err));
	if (rc < 0) {
		pp_cli_error("%s", err);
		return PP_EXIT_NORUN;
	}
	if (a->cli->verbose)
		fprintf(stderr,
		        "portproof: listener check: %u ports in %.2f s (%u unexpected left out), "
		        "%u host%s behind a SYN proxy\n",
		        st.checked, (double)st.elapsed_us / 1e6, st.skipped, st.middleboxes,
		        st.middleboxes == 1 ? "" : "s");
	return 0;
}
