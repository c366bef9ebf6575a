/*
 * Fuzz harness of the profile loader: any bytes must give either a profile and no
 * problems, or an error and at least one problem, and never a crash or a leak.
 * Built by `make check` with tests/fuzz/replay.c, it replays its seed corpus
 * (tests/fuzz/corpus/profile, or the files and directories named on the command
 * line); `make fuzz` builds it with libFuzzer.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "pp_profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const features[] = {"secure", "cluster", "tls"};
	struct pp_diags d;
	struct pp_expect *v;
	pp_profile *p;
	size_t i, n;
	int rc;

	pp_diags_init(&d);
	rc = pp_profile_parse((const char *)data, size, &p, &d);
	if ((rc == 0) != (d.n == 0) && rc != PP_ENOMEM)
		abort(); /* every error is explained, and only errors are */
	for (i = 0; p != NULL && i <= p->nroles; i++) {
		const char *role = i < p->nroles ? p->roles[i].name : NULL;
		if (pp_profile_query(p, role, features, 3, "any", 0, &v, &n, NULL, 0) == 0)
			free(v);
	}
	pp_profile_free(p);
	pp_diags_free(&d);
	return 0;
}
