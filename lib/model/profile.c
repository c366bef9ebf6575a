/*
 * The profile model: its names, its look-ups, freeing it, and the list of problems
 * the loader fills.  Problems are kept (up to PP_DIAGS_MAX) rather than returned
 * one at a time, because a linter that stops at the first makes the author run it
 * once per mistake.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile_int.h"

void
pp_diags_init(struct pp_diags *d)
{
	memset(d, 0, sizeof(*d));
}

void
pp_diags_free(struct pp_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].msg);
	free(d->v);
	pp_diags_init(d);
}

int
pp__vdiag(struct pp_diags *d, struct pp_pos pos, const char *fmt, va_list ap)
{
	char buf[512], *p;

	if (d == NULL)
		return 0;
	if (d->n >= PP_DIAGS_MAX) {
		d->dropped++;
		return 0;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct pp_diag *v = realloc(d->v, cap * sizeof(*v));
		if (v == NULL)
			return PP_ENOMEM;
		d->v = v;
		d->cap = cap;
	}
	vsnprintf(buf, sizeof(buf), fmt, ap);
	/* Messages quote the file; a terminal must not take its bytes for commands. */
	for (p = buf; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if ((d->v[d->n].msg = strdup(buf)) == NULL)
		return PP_ENOMEM;
	d->v[d->n].pos = pos;
	d->n++;
	return 0;
}

int
pp__diag(struct pp_diags *d, struct pp_pos pos, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = pp__vdiag(d, pos, fmt, ap);
	va_end(ap);
	return rc;
}

/* Insertion sort: stable, and lists are short (PP_DIAGS_MAX at most). */
void
pp__diags_sort(struct pp_diags *d)
{
	size_t i, j;

	if (d == NULL)
		return;
	for (i = 1; i < d->n; i++) {
		struct pp_diag x = d->v[i];
		for (j = i; j > 0; j--) {
			struct pp_pos p = d->v[j - 1].pos;
			if (p.line < x.pos.line || (p.line == x.pos.line && p.col <= x.pos.col))
				break;
			d->v[j] = d->v[j - 1];
		}
		d->v[j] = x;
	}
}

const char *
pp__quote(char *buf, size_t len, const char *s)
{
	size_t i, max = len > 64 ? 60 : len > 4 ? len - 4 : 0;

	for (i = 0; s[i] != '\0' && i < max; i++)
		buf[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (s[i] != '\0' && len >= 4) {
		memcpy(buf + i, "...", 3);
		i += 3;
	}
	if (len > 0)
		buf[i < len ? i : len - 1] = '\0';
	return buf;
}

static const char *const req_names[] = {NULL, "mandatory", "recommended", "optional"};
static const char *const kind_names[] = {NULL, "listen", "dynamic"};

static int
parse_name(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 1; i < n; i++)
		if (s != NULL && strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

const char *
pp_requirement_name(unsigned req)
{
	return req >= 1 && req <= 3 ? req_names[req] : "?";
}

int
pp_requirement_parse(const char *s)
{
	return parse_name(req_names, 4, s);
}

const char *
pp_kind_name(unsigned kind)
{
	return kind >= 1 && kind <= 2 ? kind_names[kind] : "?";
}

int
pp_speaks_known(const char *s)
{
	static const char *const words[] = {"tls", "http",  "rtsp",  "sip",  "sips",
	                                    "ssh", "mysql", "redis", "smtp", "ftp"};
	size_t i;

	for (i = 0; s != NULL && i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(s, words[i]) == 0)
			return 1;
	return 0;
}

int
pp_kind_parse(const char *s)
{
	return parse_name(kind_names, 3, s);
}

int
pp_profile_name_ok(const char *s)
{
	size_t i;

	if (s == NULL || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (i = 1; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

static const struct pp_named *
find_named(const struct pp_named *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

const struct pp_named *
pp_profile_role(const pp_profile *p, const char *name)
{
	return find_named(p->roles, p->nroles, name);
}

const struct pp_named *
pp_profile_zone(const pp_profile *p, const char *name)
{
	return find_named(p->zones, p->nzones, name);
}

const struct pp_named *
pp_profile_feature(const pp_profile *p, const char *name)
{
	return find_named(p->features, p->nfeatures, name);
}

const struct pp_service *
pp_profile_service(const pp_profile *p, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < p->nservices; i++)
		if (p->services[i].id != NULL && strcmp(p->services[i].id, id) == 0)
			return &p->services[i];
	return NULL;
}

void
pp__service_free(struct pp_service *s)
{
	size_t i;

	free(s->id);
	pp_portset_free(&s->ports);
	for (i = 0; i < s->nroles; i++)
		free(s->roles[i].s);
	free(s->roles);
	for (i = 0; i < s->nfrom; i++)
		free(s->from[i].s);
	free(s->from);
	for (i = 0; i < s->nwhen; i++)
		free(s->when[i].feature);
	free(s->when);
	free(s->name);
	free(s->speaks);
	free(s->description);
	free(s->ref);
}

static void
free_named(struct pp_named *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].name);
		free(v[i].description);
	}
	free(v);
}

void
pp_profile_free(pp_profile *p)
{
	size_t i, j;

	if (p == NULL)
		return;
	free(p->path);
	free(p->id);
	free(p->product);
	for (i = 0; i < p->ndocuments; i++) {
		free(p->documents[i].title);
		free(p->documents[i].file);
	}
	free(p->documents);
	free_named(p->zones, p->nzones);
	free_named(p->features, p->nfeatures);
	free_named(p->roles, p->nroles);
	for (i = 0; i < p->nservices; i++)
		pp__service_free(&p->services[i]);
	free(p->services);
	for (i = 0; i < p->nalternatives; i++) {
		free(p->alternatives[i].id);
		for (j = 0; j < p->alternatives[i].n; j++)
			free(p->alternatives[i].one_of[j].s);
		free(p->alternatives[i].one_of);
	}
	free(p->alternatives);
	for (i = 0; i < p->nerrata; i++) {
		free(p->errata[i].ref);
		free(p->errata[i].document_says);
		free(p->errata[i].reading);
		free(p->errata[i].why);
	}
	free(p->errata);
	for (i = 0; i < p->nexcluded; i++) {
		free(p->excluded[i].ref);
		free(p->excluded[i].why);
	}
	free(p->excluded);
	free(p);
}
