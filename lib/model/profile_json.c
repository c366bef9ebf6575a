/*
 * Checked access to the members of a profile's JSON objects.  Every accessor
 * reports what is wrong (missing, wrong type, empty, unknown key) at the position of
 * the offending value or key, and lets the loader carry on, so one run of the linter
 * finds every problem.  A misspelt key is reported once, as unknown with a
 * suggestion, not a second time as the required key that is then missing.  Also
 * the loaders' side of parsing: a text that is not JSON, and repeated keys, as
 * diags.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile_int.h"

static void
verr(struct pp__ld *l, struct pp_pos pos, const char *fmt, va_list ap)
{
	char msg[400];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	l->nerr++;
	if (pp__diag(l->diags, pos, "%s%s", l->ctx, msg) < 0)
		l->nomem = 1;
}

void
pp__err_pos(struct pp__ld *l, struct pp_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(l, pos, fmt, ap);
	va_end(ap);
}

void
pp__err_at(struct pp__ld *l, const cJSON *node, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(l, pp__jdoc_at(l->doc, node), fmt, ap);
	va_end(ap);
}

void
pp__err_key(struct pp__ld *l, const cJSON *node, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(l, pp__jdoc_key(l->doc, node), fmt, ap);
	va_end(ap);
}

char *
pp__strdup(struct pp__ld *l, const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		l->nomem = 1;
	return d;
}

void *
pp__calloc(struct pp__ld *l, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (p == NULL)
		l->nomem = 1;
	return p;
}

/* Close enough to be a misspelling: edit distance at most 2, case ignored. */
static int
near(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	unsigned d[33][33];

	if (la > 32 || lb > 32 || (la > lb ? la - lb : lb - la) > 2)
		return 0;
	for (i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			unsigned c = (a[i - 1] | 0x20) != (b[j - 1] | 0x20);
			unsigned v = d[i - 1][j - 1] + c;
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb] <= 2;
}

static int
allowed_key(const char *const *allowed, const char *k)
{
	for (; *allowed != NULL; allowed++)
		if (strcmp(*allowed, k) == 0)
			return 1;
	return 0;
}

void
pp__check_keys(struct pp__ld *l, const cJSON *obj, const char *const *allowed)
{
	const cJSON *c;
	const char *const *a;
	char q[80];

	for (c = obj->child; c != NULL; c = c->next) {
		if (allowed_key(allowed, c->string))
			continue;
		for (a = allowed; *a != NULL; a++)
			if (near(c->string, *a) && !cJSON_HasObjectItem(obj, *a))
				break;
		if (*a != NULL)
			pp__err_key(l, c, "unknown key '%s' (did you mean '%s'?)",
			            pp__quote(q, sizeof(q), c->string), *a);
		else
			pp__err_key(l, c, "unknown key '%s'", pp__quote(q, sizeof(q), c->string));
	}
}

/* True if obj has a key that check_keys reports as a misspelling of key. */
static int
misspelt(const cJSON *obj, const char *key)
{
	const cJSON *c;

	for (c = obj->child; c != NULL; c = c->next)
		if (strcmp(c->string, key) != 0 && near(c->string, key))
			return 1;
	return 0;
}

const cJSON *
pp__member(struct pp__ld *l, const cJSON *obj, const char *key, int type, int required,
           const char *what)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v == NULL) {
		if (required && !misspelt(obj, key))
			pp__err_at(l, obj, "missing key '%s'", key);
		return NULL;
	}
	if (!(v->type & type)) {
		pp__err_at(l, v, "'%s' must be %s", key, what);
		return NULL;
	}
	return v;
}

char *
pp__string(struct pp__ld *l, const cJSON *obj, const char *key, int required)
{
	const cJSON *v = pp__member(l, obj, key, cJSON_String, required, "a string");

	if (v == NULL)
		return NULL;
	if (v->valuestring[0] == '\0') {
		pp__err_at(l, v, "'%s' is empty", key);
		return NULL;
	}
	return pp__strdup(l, v->valuestring);
}

int
pp__names(struct pp__ld *l, const cJSON *obj, const char *key, struct pp_name **out, size_t *n)
{
	const cJSON *v = pp__member(l, obj, key, cJSON_Array, 1, "an array of strings");
	const cJSON *c;
	size_t k = 0;
	int bad = 0;

	*out = NULL;
	*n = 0;
	if (v == NULL)
		return -1;
	for (c = v->child; c != NULL; c = c->next) {
		if (!cJSON_IsString(c)) {
			pp__err_at(l, c, "'%s' must be an array of strings", key);
			bad = 1;
		}
		k++;
	}
	if (bad || (*out = pp__calloc(l, k, sizeof(**out))) == NULL)
		return -1;
	for (c = v->child; c != NULL; c = c->next) {
		(*out)[*n].s = pp__strdup(l, c->valuestring);
		(*out)[*n].pos = pp__jdoc_at(l->doc, c);
		if ((*out)[*n].s == NULL)
			break;
		(*n)++;
	}
	return 0;
}

int
pp__jdoc_load(struct pp__jdoc *d, const char *text, size_t len, struct pp_diags *diags)
{
	char msg[128];
	size_t erroff;
	int rc;

	if ((rc = pp__jdoc_parse(d, text, len, &erroff, msg, sizeof(msg))) == PP_EJSON &&
	    msg[0] != '\0')
		pp__diag(diags, pp__jdoc_pos(d, erroff), "not JSON: %s", msg);
	else if (rc == PP_EJSON)
		pp__diag(diags, pp__jdoc_pos(d, erroff), "not JSON (or out of memory)");
	if (rc < 0)
		pp__jdoc_free(d);
	return rc;
}

/* Repeated keys, which cJSON keeps silently: the loaders' problem, not the
 * position map's. */
struct member {
	const cJSON *node;
	size_t order;
};

static int
by_key(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	int c = strcmp(x->node->string, y->node->string);

	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static size_t
duplicates(const struct pp__jdoc *d, const cJSON *obj, struct pp_diags *diags)
{
	struct member *m;
	const cJSON *c;
	size_t n = 0, i, j, found = 0;
	char q[80];

	for (c = obj->child; c != NULL; c = c->next)
		found += duplicates(d, c, diags);
	if (!cJSON_IsObject(obj) || obj->child == NULL || obj->child->next == NULL)
		return found;
	for (c = obj->child; c != NULL; c = c->next)
		n++;
	if ((m = malloc(n * sizeof(*m))) == NULL)
		return found;
	n = 0;
	for (c = obj->child; c != NULL; c = c->next, n++) {
		m[n].node = c;
		m[n].order = n;
	}
	qsort(m, n, sizeof(*m), by_key);
	/* Each run of equal keys: the first (in the text) is the one cJSON finds. */
	for (i = 0; i < n; i = j) {
		struct pp_pos p = pp__jdoc_key(d, m[i].node);
		for (j = i + 1; j < n && strcmp(m[i].node->string, m[j].node->string) == 0; j++) {
			pp__diag(diags, pp__jdoc_key(d, m[j].node),
			         "duplicate key '%s' (first at line %u, column %u)",
			         pp__quote(q, sizeof(q), m[j].node->string), p.line, p.col);
			found++;
		}
	}
	free(m);
	return found;
}

size_t
pp__jdoc_duplicates(const struct pp__jdoc *d, struct pp_diags *diags)
{
	return d->root ? duplicates(d, d->root, diags) : 0;
}
