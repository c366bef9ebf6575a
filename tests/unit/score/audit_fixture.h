/*
 * Fixtures of the audit's unit tests: deployments built in memory around a profile
 * parsed from a string (so a test names exactly the services it needs), and the
 * lab's MediaSense site loaded from the source tree.
 */
#ifndef AUDIT_FIXTURE_H
#define AUDIT_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "pp_deploy.h"

struct afx_host {
	const char *name;
	uint32_t addr;
	const char *role;
};

/* A small profile "t": roles a and b, zones any and cluster, feature tls; see
 * audit_fixture.c for its services and alternatives. */
extern const char afx_profile_t[];

/* A deployment of hosts, all with the profile parsed from profile_json. */
pp_deploy *afx_deploy(const char *profile_json, const char *vantage, const char *const *features,
                      size_t nfeatures, const struct afx_host *hosts, size_t nhosts);
/* tests/lab/mediasense/site.json with the profiles of the source tree. */
pp_deploy *afx_site(void);
/* The profile directory of the source tree, as a one-element list. */
extern const char *const afx_dirs[];

#endif
