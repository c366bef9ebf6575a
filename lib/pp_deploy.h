/*
 * Deployments (portproof-deployment/1): the hosts of one site, the profile and role
 * of each, where the scanner sits (the vantage zone) and which deployment features
 * are on.  The loader checks the file as a linter would, every problem with its
 * line and column, and resolves each host's profile by id in a list of directories
 * the caller gives (the library reads no environment and no command line); see
 * portproof-deployment(5).
 */
#ifndef PP_DEPLOY_H
#define PP_DEPLOY_H

#include <stddef.h>
#include <stdint.h>

#include "pp_addr.h"
#include "pp_profile.h"

#define PP_DEPLOY_SCHEMA "portproof-deployment/1"

/* Larger files are refused unread: a deployment of 65k hosts is a few megabytes. */
#define PP_DEPLOY_MAX_SIZE (64u << 20)

struct pp_deploy_host {
	char *name;
	char *address;             /* as written */
	struct pp_addr addr;       /* IPv4 or IPv6 */
	char *profile_id, *role;   /* the role is one of the profile's */
	const pp_profile *profile; /* owned by the deployment's profiles[] */
	struct pp_pos pos;         /* of the host's object */
};

/* A zone the deployment is audited from ("vantages"). */
struct pp_deploy_zone {
	char *zone;        /* "any", or a zone every profile declares */
	char *description; /* or NULL */
};

typedef struct pp_deploy {
	char *path; /* the file it came from; NULL when parsed from memory */
	char *name;
	/*
	 * The zone this run sits in: "vantage", or the only one of "vantages", or
	 * what pp_deploy_set_vantage chose; NULL when the file lists several zones
	 * and names none of them "vantage" (an audit must then be told which).
	 */
	char *vantage;
	struct pp_deploy_zone *vantages; /* "vantages", else "vantage" alone */
	size_t nvantages;
	char **features;
	size_t nfeatures;
	struct pp_deploy_host *hosts;
	size_t nhosts;
	pp_profile **profiles; /* each profile used, once, in order of first use */
	size_t nprofiles;
} pp_deploy;

/*
 * Parse a deployment from len bytes; profiles are looked up by id in dirs[0..ndirs)
 * (the first directory holding ID.json wins).  Every problem goes into diags (may
 * be NULL).  Returns 0 and the model in *out, or PP_EJSON (not JSON: one diag),
 * PP_ESCHEMA (JSON, but not a valid deployment), PP_ENOMEM; *out is NULL then.
 */
int pp_deploy_parse(const char *text, size_t len, const char *const *dirs, size_t ndirs,
                    pp_deploy **out, struct pp_diags *diags);
/* Read and parse a file; one that cannot be read is one diag at 1:1 and PP_EIO. */
int pp_deploy_load(const char *path, const char *const *dirs, size_t ndirs, pp_deploy **out,
                   struct pp_diags *diags);
void pp_deploy_free(pp_deploy *d);

/*
 * Makes zone the vantage of this run: 0, or PP_ENOENT when the deployment does
 * not list it (err says which zones it lists), PP_ENOMEM.
 */
int pp_deploy_set_vantage(pp_deploy *d, const char *zone, char *err, size_t errlen);

/* 1 if feature is on in the deployment. */
int pp_deploy_feature_on(const pp_deploy *d, const char *feature);

/*
 * The file of profile id: DIR/ID.json in the first of dirs that has it, written
 * to path.  PP_ENOENT if none has it; PP_EINVAL if id is not a profile id (which
 * also keeps "../x" out of the path); PP_ERANGE if path is too small.
 */
int pp_profile_locate(const char *const *dirs, size_t ndirs, const char *id, char *path,
                      size_t pathlen);

/*
 * Every profile in dirs (*.json; for an id found in several directories the first
 * wins, as for pp_profile_locate).  A file that does not load is skipped and
 * counted in *nbad (may be NULL): one broken local profile must not stop an audit
 * that does not use it.  Returns 0 or PP_ENOMEM; free with pp_profiles_free.
 */
int pp_profile_load_all(const char *const *dirs, size_t ndirs, pp_profile ***out, size_t *n,
                        size_t *nbad);
void pp_profiles_free(pp_profile **v, size_t n);

#endif
