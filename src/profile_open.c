/*
 * Opening a profile for a command: by id in the profile directories (DIR/ID.json)
 * or by path, every problem of it printed as a FILE:LINE:COLUMN line; and the
 * --features a command was given, checked against the profile.  The commands that
 * take a profile (profile, firewall, audit) use this; it uses none of them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_profile.h"

void
pp_profile_print_diags(const char *file, const struct pp_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		fprintf(stderr, "%s:%u:%u: %s\n", file, d->v[i].pos.line, d->v[i].pos.col,
		        d->v[i].msg);
	if (d->dropped > 0 && d->n > 0)
		fprintf(stderr, "%s:%u:%u: %zu more problems not shown\n", file,
		        d->v[d->n - 1].pos.line, d->v[d->n - 1].pos.col, d->dropped);
}

int
pp_profile_open_file(const char *path, pp_profile **out)
{
	struct pp_diags d;
	int rc;

	pp_diags_init(&d);
	rc = pp_profile_load(path, out, &d);
	pp_profile_print_diags(path, &d);
	if (rc < 0 && d.n == 0)
		pp_cli_error("%s: %s", path, pp_strerror(rc));
	pp_diags_free(&d);
	return rc < 0 ? PP_EXIT_USAGE : PP_EXIT_OK;
}

int
pp_profile_open(const struct pp_cli *cli, const char *id, pp_profile **out)
{
	const char *dirs[16];
	char path[4096];
	size_t n, i, len = strlen(id);
	int rc;

	*out = NULL;
	/* A path rather than an id: a profile being written, not yet installed. */
	if (strchr(id, '/') != NULL || (len > 5 && strcmp(id + len - 5, ".json") == 0))
		return pp_profile_open_file(id, out);
	if (!pp_profile_name_ok(id)) {
		pp_cli_error("'%s': not a profile id (lower-case letters, digits and '-')", id);
		return PP_EXIT_USAGE;
	}
	n = pp_cli_profile_dirs(cli, dirs, sizeof(dirs) / sizeof(dirs[0]));
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s.json", dirs[i], id);
		if (access(path, F_OK) != 0)
			continue;
		if ((rc = pp_profile_open_file(path, out)) != PP_EXIT_OK)
			return rc;
		if (strcmp((*out)->id, id) != 0) {
			fprintf(stderr, "%s:%u:%u: id '%s' is not the file's name, '%s'\n", path,
			        (*out)->id_pos.line, (*out)->id_pos.col, (*out)->id, id);
			pp_profile_free(*out);
			*out = NULL;
			return PP_EXIT_USAGE;
		}
		return PP_EXIT_OK;
	}
	pp_cli_error("profile '%s' not found (see 'portproof profile list')", id);
	return PP_EXIT_USAGE;
}

int
pp_profile_features(const struct pp_cli *cli, const pp_profile *p, char *buf, size_t len,
                    const char **features, size_t *n)
{
	char *tok, *save = NULL;

	*n = 0;
	if (cli->features == NULL)
		return PP_EXIT_OK;
	snprintf(buf, len, "%s", cli->features);
	for (tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		if (pp_profile_feature(p, tok) == NULL) {
			pp_cli_error("--features: %s has no feature '%s'%s", p->id, tok,
			             p->nfeatures ? " (see 'portproof profile show')" : "");
			return PP_EXIT_USAGE;
		}
		if (*n == PP_MAX_FEATURES) {
			pp_cli_error("--features: more than %d features", PP_MAX_FEATURES);
			return PP_EXIT_USAGE;
		}
		features[(*n)++] = tok;
	}
	return PP_EXIT_OK;
}
