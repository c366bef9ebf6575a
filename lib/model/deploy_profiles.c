/*
 * Finding profiles by id in the profile directories, and loading all of them (the
 * audit's sweep probes the UDP ports of every shipped profile).  The directories
 * come from the caller in search order; the first that holds ID.json wins, so a
 * local copy of a profile shadows the installed one.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pp_deploy.h"
#include "pp_error.h"

int
pp_profile_locate(const char *const *dirs, size_t ndirs, const char *id, char *path, size_t pathlen)
{
	struct stat st;
	size_t i;
	int n;

	if (!pp_profile_name_ok(id))
		return PP_EINVAL;
	for (i = 0; i < ndirs; i++) {
		n = snprintf(path, pathlen, "%s/%s.json", dirs[i], id);
		if (n < 0 || (size_t)n >= pathlen)
			return PP_ERANGE;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			return 0;
	}
	return PP_ENOENT;
}

void
pp_profiles_free(pp_profile **v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		pp_profile_free(v[i]);
	free(v);
}

/* The id of a directory entry "ID.json", into id; 0 if it is not one. */
static int
entry_id(const char *name, char *id, size_t len)
{
	size_t n = strlen(name);

	if (n <= 5 || n - 5 >= len || strcmp(name + n - 5, ".json") != 0)
		return 0;
	memcpy(id, name, n - 5);
	id[n - 5] = '\0';
	return pp_profile_name_ok(id);
}

static int
have(pp_profile **v, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i]->id, id) == 0)
			return 1;
	return 0;
}

/* The entries of one directory, sorted, so the order never depends on readdir. */
static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
list_dir(const char *dir, char ***out, size_t *n)
{
	struct dirent *e;
	char **v = NULL, **nv;
	size_t cap = 0;
	DIR *dp;

	*out = NULL;
	*n = 0;
	if ((dp = opendir(dir)) == NULL)
		return 0; /* a directory that is not there holds no profile */
	while ((e = readdir(dp)) != NULL) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
				goto nomem;
			v = nv;
		}
		if ((v[*n] = strdup(e->d_name)) == NULL)
			goto nomem;
		(*n)++;
	}
	closedir(dp);
	qsort(v, *n, sizeof(*v), by_name);
	*out = v;
	return 0;
nomem:
	closedir(dp);
	while (*n > 0)
		free(v[--*n]);
	free(v);
	return PP_ENOMEM;
}

int
pp_profile_load_all(const char *const *dirs, size_t ndirs, pp_profile ***out, size_t *n,
                    size_t *nbad)
{
	pp_profile **v = NULL, **nv, *p;
	char **ents, id[256], path[4096];
	size_t i, j, nents, cap = 0, bad = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < ndirs && rc == 0; i++) {
		if ((rc = list_dir(dirs[i], &ents, &nents)) < 0)
			break;
		for (j = 0; j < nents; j++) {
			if (rc < 0 || !entry_id(ents[j], id, sizeof(id)) || have(v, *n, id))
				continue;
			if ((size_t)snprintf(path, sizeof(path), "%s/%s", dirs[i], ents[j]) >=
			    sizeof(path))
				continue;
			if (pp_profile_load(path, &p, NULL) < 0 || strcmp(p->id, id) != 0) {
				if (p != NULL)
					pp_profile_free(p);
				bad++;
				continue;
			}
			if (*n == cap) {
				cap = cap ? cap * 2 : 8;
				if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
					pp_profile_free(p);
					rc = PP_ENOMEM;
					continue;
				}
				v = nv;
			}
			v[(*n)++] = p;
		}
		for (j = 0; j < nents; j++)
			free(ents[j]);
		free(ents);
	}
	if (rc < 0) {
		pp_profiles_free(v, *n);
		*n = 0;
		return rc;
	}
	if (nbad != NULL)
		*nbad = bad;
	*out = v;
	return 0;
}
