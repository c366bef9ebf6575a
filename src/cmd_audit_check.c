/*
 * The audit's listener check (lib/check, pp_check.h), after the probe phase and
 * before the judgement, in the process that dropped its privileges: which open
 * TCP ports a host's own expectations name, and what their services speak (the
 * profile's "speaks").  The check knows nothing of profiles: it asks
 * pp_audit_expect through its expect option, as the engine asks udp_linger.
 */
#include "config.h"

#include <stdlib.h>

#include "cli.h"
#include "cmd_audit.h"
#include "pp_check.h"
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

	if (a->cli->no_check)
		return 0;
	o.expect = expect;
	o.arg = a;
	return pp_run_check(a->cli, a->scan, r, &o, "unexpected left out");
}
