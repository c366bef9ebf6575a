/*
 * `portproof profile list` (id, product, roles of every profile found) and
 * `profile show ID`: a table per role a person can read next to the vendor's
 * document, each line ending with the document row it encodes.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_profile.h"

struct row {
	char ports[256], from[256], when[256];
	const struct pp_service *svc;
};

static void
join_names(char *buf, size_t len, const struct pp_name *v, size_t n, const char *none)
{
	size_t i, used = 0;

	snprintf(buf, len, "%s", n == 0 ? none : "");
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "," : "", v[i].s);
}

static void
fill_row(struct row *r, const struct pp_service *s)
{
	size_t i, used = 0;

	r->svc = s;
	used = (size_t)snprintf(r->ports, sizeof(r->ports), "%s/", pp_proto_name(s->proto));
	pp_portset_format(&s->ports, r->ports + used, sizeof(r->ports) - used);
	join_names(r->from, sizeof(r->from), s->from, s->nfrom, "-");
	r->when[0] = '\0';
	for (used = 0, i = 0; i < s->nwhen && used < sizeof(r->when); i++)
		used += (size_t)snprintf(r->when + used, sizeof(r->when) - used, "%s%s%s",
		                         i ? "," : "", s->when[i].negate ? "!" : "",
		                         s->when[i].feature);
}

static int
width(int w, const char *s)
{
	int n = (int)strlen(s);

	return n > w ? n : w;
}

static int
show_role(const pp_profile *p, const struct pp_named *role)
{
	struct pp_expect *v;
	struct row *rows;
	size_t n, i;
	int wp = 5, ws = 7, wf = 4, ww = 4;
	char err[256];

	if (pp_profile_query(p, role->name, NULL, 0, NULL, PP_QUERY_ANY_WHEN, &v, &n, err,
	                     sizeof(err)) < 0 ||
	    (rows = calloc(n ? n : 1, sizeof(*rows))) == NULL) {
		free(v);
		pp_cli_error("out of memory");
		return PP_EXIT_NORUN;
	}
	for (i = 0; i < n; i++) {
		fill_row(&rows[i], v[i].svc);
		wp = width(wp, rows[i].ports);
		ws = width(ws, v[i].svc->id);
		wf = width(wf, rows[i].from);
		ww = width(ww, rows[i].when);
	}
	printf("\nrole %s: %s\n", role->name, role->description);
	printf("  %-*s  %-11s  %-7s  %-*s  %-*s  %-*s  %s\n", wp, "PORTS", "REQUIREMENT", "KIND",
	       ws, "SERVICE", wf, "FROM", ww, "WHEN", "REF");
	for (i = 0; i < n; i++) {
		const struct pp_service *s = rows[i].svc;
		printf("  %-*s  %-11s  %-7s  %-*s  %-*s  %-*s  %s\n", wp, rows[i].ports,
		       pp_requirement_name(s->requirement), pp_kind_name(s->kind), ws, s->id, wf,
		       rows[i].from, ww, rows[i].when, s->ref);
	}
	if (n == 0)
		printf("  (no services)\n");
	free(rows);
	free(v);
	return PP_EXIT_OK;
}

static void
show_named(const char *title, const struct pp_named *v, size_t n)
{
	size_t i;

	printf("%s:%s\n", title, n == 0 ? " none" : "");
	for (i = 0; i < n; i++)
		printf("  %s: %s\n", v[i].name, v[i].description);
}

static void
show_notes(const pp_profile *p)
{
	size_t i;

	printf("\nerrata:%s\n", p->nerrata == 0 ? " none" : "");
	for (i = 0; i < p->nerrata; i++)
		printf("  %s\n    document says: %s\n    reading: %s\n    why: %s\n",
		       p->errata[i].ref, p->errata[i].document_says, p->errata[i].reading,
		       p->errata[i].why);
	printf("\nexcluded:%s\n", p->nexcluded == 0 ? " none" : "");
	for (i = 0; i < p->nexcluded; i++)
		printf("  %s\n    why: %s\n", p->excluded[i].ref, p->excluded[i].why);
}

int
pp_profile_show(struct pp_cli *cli, const pp_profile *p)
{
	const struct pp_named *only = NULL;
	char buf[1024];
	size_t i;
	int rc;

	if (cli->role != NULL && (only = pp_profile_role(p, cli->role)) == NULL) {
		pp_cli_error("--role: %s has no role '%s'", p->id, cli->role);
		return PP_EXIT_USAGE;
	}
	printf("%s: %s\nfile: %s\n", p->id, p->product, p->path ? p->path : "-");
	for (i = 0; i < p->ndocuments; i++)
		printf("document: %s (%s)\n", p->documents[i].title, p->documents[i].file);
	show_named("zones", p->zones, p->nzones);
	show_named("features", p->features, p->nfeatures);
	for (i = 0; i < p->nroles; i++)
		if (only == NULL || only == &p->roles[i])
			if ((rc = show_role(p, &p->roles[i])) != PP_EXIT_OK)
				return rc;
	printf("\nalternatives:%s\n", p->nalternatives == 0 ? " none" : "");
	for (i = 0; i < p->nalternatives; i++) {
		join_names(buf, sizeof(buf), p->alternatives[i].one_of, p->alternatives[i].n, "");
		printf("  %s: one of %s\n", p->alternatives[i].id, buf);
	}
	if (cli->verbose)
		show_notes(p);
	else
		printf("\nerrata: %zu, excluded rows: %zu (-v lists them)\n", p->nerrata,
		       p->nexcluded);
	return PP_EXIT_OK;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids (file names without .json) in dir, sorted; NULL-terminated. */
static char **
ids_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL, **nv;
	size_t n = 0, len;

	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len <= 5 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		if ((nv = realloc(v, (n + 2) * sizeof(*v))) == NULL)
			break;
		v = nv;
		if ((v[n] = strndup(e->d_name, len - 5)) == NULL)
			break;
		v[++n] = NULL;
	}
	closedir(d);
	if (v != NULL)
		qsort(v, n, sizeof(*v), by_name);
	return v;
}

/* One line a profile: ID  PRODUCT  roles=A,B,C; a directory earlier in the search
 * order hides a profile of the same id later. */
int
pp_profile_list(struct pp_cli *cli)
{
	const char *dirs[16];
	char **seen = NULL, **ids, **nseen, buf[2048];
	size_t ndirs, nseen_n = 0, i, k, j;
	int rc = PP_EXIT_OK;
	pp_profile *p;

	ndirs = pp_cli_profile_dirs(cli, dirs, sizeof(dirs) / sizeof(dirs[0]));
	for (i = 0; i < ndirs; i++) {
		if ((ids = ids_in(dirs[i])) == NULL)
			continue;
		for (k = 0; ids[k] != NULL; k++) {
			for (j = 0; j < nseen_n && strcmp(seen[j], ids[k]) != 0; j++)
				;
			if (j < nseen_n || !pp_profile_name_ok(ids[k]))
				continue;
			if ((nseen = realloc(seen, (nseen_n + 1) * sizeof(*seen))) == NULL)
				break;
			seen = nseen;
			if ((seen[nseen_n] = strdup(ids[k])) == NULL)
				break;
			nseen_n++;
			snprintf(buf, sizeof(buf), "%s/%s.json", dirs[i], ids[k]);
			if (pp_profile_open(cli, buf, &p) != PP_EXIT_OK) {
				rc = PP_EXIT_USAGE;
				continue;
			}
			if (strcmp(p->id, ids[k]) != 0) {
				fprintf(stderr, "%s:%u:%u: id '%s' is not the file's name, '%s'\n",
				        buf, p->id_pos.line, p->id_pos.col, p->id, ids[k]);
				rc = PP_EXIT_USAGE;
			}
			printf("%-24s %s  roles=", p->id, p->product);
			for (j = 0; j < p->nroles; j++)
				printf("%s%s", j ? "," : "", p->roles[j].name);
			putchar('\n');
			pp_profile_free(p);
		}
		for (k = 0; ids[k] != NULL; k++)
			free(ids[k]);
		free(ids);
	}
	for (j = 0; j < nseen_n; j++)
		free(seen[j]);
	free(seen);
	return rc;
}
