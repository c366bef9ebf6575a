/*
 * The profile loader: reads a file, parses it (jsonpos.c), and walks the tree into
 * the model, section by section, collecting every problem rather than stopping at
 * the first.  Services are in profile_service.c; the checks that look across
 * sections (unknown names, duplicate ids, conflicting claims) in profile_lint.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile_int.h"

static const char *const top_keys[] = {
        "schema", "id",       "product",      "document", "zones",    "features",
        "roles",  "services", "alternatives", "errata",   "excluded", NULL,
};

/* "zones", "features": {"name": "description", ...}; "roles": {"name": {...}}. */
static void
load_named(struct pp__ld *l, const cJSON *obj, const char *key, int required, struct pp_named **out,
           size_t *n)
{
	static const char *const role_keys[] = {"description", NULL};
	const cJSON *v = pp__member(l, obj, key, cJSON_Object, required, "an object");
	const cJSON *c;
	int roles = strcmp(key, "roles") == 0;
	char q[80];

	if (v == NULL ||
	    (*out = pp__calloc(l, (size_t)cJSON_GetArraySize(v), sizeof(**out))) == NULL)
		return;
	/* A name whose description is wrong is still declared: one mistake, one problem,
	 * not another at every service that uses the name. */
	for (c = v->child; c != NULL; c = c->next) {
		struct pp_named *d = &(*out)[*n];
		if (!pp_profile_name_ok(c->string))
			pp__err_key(l, c, "%.*s name '%s' is not lower-case [a-z0-9-]",
			            (int)strlen(key) - 1, key, pp__quote(q, sizeof(q), c->string));
		if (roles && !cJSON_IsObject(c)) {
			pp__err_at(l, c, "role '%s' must be an object, {\"description\": ...}",
			           pp__quote(q, sizeof(q), c->string));
		} else if (roles) {
			snprintf(l->ctx, sizeof(l->ctx),
			         "role '%s': ", pp__quote(q, sizeof(q), c->string));
			pp__check_keys(l, c, role_keys);
			d->description = pp__string(l, c, "description", 1);
			l->ctx[0] = '\0';
		} else if (!cJSON_IsString(c) || c->valuestring[0] == '\0') {
			pp__err_at(l, c, "%.*s '%s' must be described by a non-empty string",
			           (int)strlen(key) - 1, key, pp__quote(q, sizeof(q), c->string));
		} else {
			d->description = pp__strdup(l, c->valuestring);
		}
		if ((d->name = pp__strdup(l, c->string)) == NULL)
			return;
		d->pos = pp__jdoc_key(l->doc, c);
		(*n)++;
	}
}

/* The array at key, each element an object; calls one() for each. */
static size_t
load_array(struct pp__ld *l, const cJSON *obj, const char *key, const char *const *keys, void *base,
           size_t size, void (*one)(struct pp__ld *, const cJSON *, void *))
{
	const cJSON *v = pp__member(l, obj, key, cJSON_Array, 0, "an array of objects");
	const cJSON *c;
	size_t n = 0;

	if (v == NULL)
		return 0;
	for (c = v->child; c != NULL; c = c->next) {
		if (!cJSON_IsObject(c)) {
			pp__err_at(l, c, "each of '%s' must be an object", key);
			continue;
		}
		pp__check_keys(l, c, keys);
		one(l, c, (char *)base + n * size);
		n++;
	}
	return n;
}

static void
one_document(struct pp__ld *l, const cJSON *o, void *out)
{
	struct pp_document *d = out;

	d->title = pp__string(l, o, "title", 1);
	d->file = pp__string(l, o, "file", 1);
}

static void
one_alternative(struct pp__ld *l, const cJSON *o, void *out)
{
	struct pp_alternative *a = out;

	a->id = pp__string(l, o, "id", 1);
	a->pos = pp__jdoc_at(l->doc, o);
	pp__names(l, o, "one_of", &a->one_of, &a->n);
}

static void
one_erratum(struct pp__ld *l, const cJSON *o, void *out)
{
	struct pp_erratum *e = out;

	e->ref = pp__string(l, o, "ref", 1);
	e->document_says = pp__string(l, o, "document_says", 1);
	e->reading = pp__string(l, o, "reading", 1);
	e->why = pp__string(l, o, "why", 1);
}

static void
one_excluded(struct pp__ld *l, const cJSON *o, void *out)
{
	struct pp_excluded *e = out;

	e->ref = pp__string(l, o, "ref", 1);
	e->why = pp__string(l, o, "why", 1);
}

static size_t
array_size(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsArray(v) ? (size_t)cJSON_GetArraySize(v) : 0;
}

static void
load_documents(struct pp__ld *l, const cJSON *root)
{
	static const char *const keys[] = {"title", "file", NULL};
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "document");
	pp_profile *p = l->p;

	if (v == NULL) {
		pp__err_at(l, root, "missing key 'document'");
	} else if (cJSON_IsObject(v)) {
		if ((p->documents = pp__calloc(l, 1, sizeof(*p->documents))) == NULL)
			return;
		pp__check_keys(l, v, keys);
		one_document(l, v, p->documents);
		p->ndocuments = 1;
	} else if (cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0) {
		p->documents = pp__calloc(l, array_size(root, "document"), sizeof(*p->documents));
		if (p->documents != NULL)
			p->ndocuments = load_array(l, root, "document", keys, p->documents,
			                           sizeof(*p->documents), one_document);
	} else {
		pp__err_at(l, v, "'document' must be an object or a non-empty array of objects");
	}
}

static void
load_top(struct pp__ld *l, const cJSON *root)
{
	static const char *const alt_keys[] = {"id", "one_of", NULL};
	static const char *const errata_keys[] = {"ref", "document_says", "reading", "why", NULL};
	static const char *const excl_keys[] = {"ref", "why", NULL};
	pp_profile *p = l->p;
	const cJSON *v;
	char q[80];

	pp__check_keys(l, root, top_keys);
	if ((v = pp__member(l, root, "schema", cJSON_String, 1, "a string")) != NULL &&
	    strcmp(v->valuestring, PP_PROFILE_SCHEMA) != 0)
		pp__err_at(l, v, "schema '%s' is not %s", pp__quote(q, sizeof(q), v->valuestring),
		           PP_PROFILE_SCHEMA);
	if ((p->id = pp__string(l, root, "id", 1)) != NULL) {
		p->id_pos = pp__jdoc_at(l->doc, cJSON_GetObjectItemCaseSensitive(root, "id"));
		if (!pp_profile_name_ok(p->id))
			pp__err_pos(l, p->id_pos, "id '%s' is not lower-case [a-z0-9-]",
			            pp__quote(q, sizeof(q), p->id));
	}
	p->product = pp__string(l, root, "product", 1);
	load_documents(l, root);
	load_named(l, root, "zones", 1, &p->zones, &p->nzones);
	load_named(l, root, "features", 0, &p->features, &p->nfeatures);
	load_named(l, root, "roles", 1, &p->roles, &p->nroles);
	if ((v = pp__member(l, root, "services", cJSON_Array, 1, "an array of objects")) != NULL)
		pp__load_services(l, v);

	p->alternatives = pp__calloc(l, array_size(root, "alternatives"), sizeof(*p->alternatives));
	p->errata = pp__calloc(l, array_size(root, "errata"), sizeof(*p->errata));
	p->excluded = pp__calloc(l, array_size(root, "excluded"), sizeof(*p->excluded));
	if (l->nomem)
		return;
	p->nalternatives = load_array(l, root, "alternatives", alt_keys, p->alternatives,
	                              sizeof(*p->alternatives), one_alternative);
	p->nerrata = load_array(l, root, "errata", errata_keys, p->errata, sizeof(*p->errata),
	                        one_erratum);
	p->nexcluded = load_array(l, root, "excluded", excl_keys, p->excluded, sizeof(*p->excluded),
	                          one_excluded);
}

int
pp_profile_parse(const char *text, size_t len, pp_profile **out, struct pp_diags *diags)
{
	struct pp__jdoc doc;
	struct pp__ld l;
	int rc;

	*out = NULL;
	memset(&l, 0, sizeof(l));
	l.doc = &doc;
	l.diags = diags;
	if ((rc = pp__jdoc_load(&doc, text, len, diags)) < 0)
		return rc;
	if ((l.p = calloc(1, sizeof(*l.p))) == NULL) {
		pp__jdoc_free(&doc);
		return PP_ENOMEM;
	}
	l.nerr += pp__jdoc_duplicates(&doc, diags);
	if (!cJSON_IsObject(doc.root))
		pp__err_at(&l, doc.root, "a profile must be a JSON object, {...}");
	else
		load_top(&l, doc.root);
	if (!l.nomem)
		pp__lint(&l);
	pp__diags_sort(diags);
	pp__jdoc_free(&doc);
	free(l.flawed);
	rc = l.nomem ? PP_ENOMEM : l.nerr ? PP_ESCHEMA : 0;
	if (rc < 0)
		pp_profile_free(l.p);
	else
		*out = l.p;
	return rc;
}

int
pp_profile_load(const char *path, pp_profile **out, struct pp_diags *diags)
{
	char *buf;
	size_t got;
	int rc;

	*out = NULL;
	if ((rc = pp__load_file(path, PP_PROFILE_MAX_SIZE, "profile", &buf, &got, diags)) < 0)
		return rc;
	rc = pp_profile_parse(buf, got, out, diags);
	free(buf);
	if (rc == 0 && ((*out)->path = strdup(path)) == NULL) {
		pp_profile_free(*out);
		*out = NULL;
		rc = PP_ENOMEM;
	}
	return rc;
}
