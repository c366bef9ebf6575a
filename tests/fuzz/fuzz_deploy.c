/*
 * Fuzz harness of the deployment loader (pp_deploy_parse) and of the plan built
 * from what it accepts.  Profiles are looked up in the shipped profiles/ (the
 * source tree's, PP_SRC_PROFILEDIR), so a seed naming cisco-mediasense reaches
 * the role, vantage and feature checks against a real profile.  Any bytes must
 * give either a deployment and no problems, or an error and at least one problem,
 * each of one line at a position inside the text; an accepted deployment has
 * every host resolved to a profile that declares its role, and plans without
 * error.  Never a crash or a leak.
 *
 * Built by `make check` with tests/fuzz/replay.c, it replays the seed corpus
 * tests/fuzz/corpus/deploy; `make fuzz` builds it with libFuzzer.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "pp_deploy.h"
#include "pp_plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const dirs[] = {PP_SRC_PROFILEDIR};

static unsigned
count_lines(const uint8_t *data, size_t size)
{
	unsigned n = 1;
	size_t i;

	for (i = 0; i < size; i++)
		n += data[i] == '\n';
	return n;
}

static void
check_accepted(const pp_deploy *d)
{
	struct pp_plan_opts o;
	pp_plan *plan;
	char err[512];
	size_t i, j;

	if (d->vantage == NULL || d->name == NULL)
		abort();
	for (i = 0; i < d->nhosts; i++) {
		const struct pp_deploy_host *h = &d->hosts[i];
		int found = 0;
		if (h->profile == NULL || strcmp(h->profile->id, h->profile_id) != 0)
			abort(); /* every host resolved, to the profile it names */
		for (j = 0; j < h->profile->nroles; j++)
			found |= strcmp(h->profile->roles[j].name, h->role) == 0;
		if (!found)
			abort(); /* and to one of its roles */
	}
	memset(&o, 0, sizeof(o));
	if (pp_plan_build(d, &o, &plan, err, sizeof(err)) < 0)
		return; /* out of memory */
	for (i = 0; i < plan->nhosts; i++) {
		pp_plan_item_for(&plan->hosts[i], PP_PROTO_TCP, 22);
		pp_plan_item_for(&plan->hosts[i], PP_PROTO_UDP, 5060);
	}
	pp_plan_free(plan);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pp_diags diags;
	pp_deploy *d = NULL;
	unsigned lines;
	size_t i;
	int rc;

	pp_diags_init(&diags);
	rc = pp_deploy_parse((const char *)data, size, dirs, 1, &d, &diags);
	if (rc == PP_ENOMEM)
		goto out;
	if ((rc == 0) != (diags.n == 0 && diags.dropped == 0) || (rc == 0) != (d != NULL))
		abort(); /* every error is explained, and only errors are */
	lines = count_lines(data, size);
	for (i = 0; i < diags.n; i++)
		if (diags.v[i].msg == NULL || strchr(diags.v[i].msg, '\n') != NULL ||
		    diags.v[i].pos.line > lines)
			abort(); /* one line each, at a line of the text */
	if (d != NULL)
		check_accepted(d);
out:
	pp_deploy_free(d);
	pp_diags_free(&diags);
	return 0;
}
