/*
 * A parsed JSON document that remembers where things are.  cJSON builds the tree
 * but keeps no positions, and it keeps a repeated key silently (both members stay
 * in the tree, look-ups find the first).  So the text is scanned first (jsonscan.c),
 * and since the scanner sees values in the same order as a pre-order walk of the
 * tree, the k-th node of the walk starts at the k-th offset of the scan.  A sorted
 * table then maps each node to its line and column.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile_int.h"

struct walk {
	struct pp__jent *ents;
	size_t n, cap;
};

/* Pre-order, as the scanner meets them.  Recursion is bounded by the scanner's
 * depth limit. */
static int
collect(struct walk *w, const cJSON *node)
{
	const cJSON *c;
	int rc;

	if (w->n == w->cap)
		return PP_EINVAL; /* more nodes than values scanned: should not happen */
	w->ents[w->n++].node = node;
	for (c = node->child; c != NULL; c = c->next)
		if ((rc = collect(w, c)) < 0)
			return rc;
	return 0;
}

static int
by_node(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct pp__jent *)a)->node;
	uintptr_t y = (uintptr_t)((const struct pp__jent *)b)->node;

	return x < y ? -1 : x > y;
}

static int
index_lines(struct pp__jdoc *d)
{
	size_t i, n = 1;

	for (i = 0; i < d->len; i++)
		n += d->text[i] == '\n';
	if ((d->lines = malloc(n * sizeof(*d->lines))) == NULL)
		return PP_ENOMEM;
	d->lines[0] = 0;
	d->nlines = 1;
	for (i = 0; i < d->len; i++)
		if (d->text[i] == '\n')
			d->lines[d->nlines++] = i + 1;
	return 0;
}

int
pp__jdoc_parse(struct pp__jdoc *d, const char *text, size_t len, struct pp_diags *diags)
{
	struct pp__jscan sc;
	struct walk w;
	const char *end = NULL;
	char msg[128];
	size_t erroff, i;
	int rc;

	memset(d, 0, sizeof(*d));
	d->text = text;
	d->len = len;
	if ((rc = pp__jscan(text, len, &sc, &erroff, msg, sizeof(msg))) < 0) {
		if (rc == PP_EJSON)
			pp__diag(diags, pp__jdoc_pos(d, erroff), "not JSON: %s", msg);
		pp__jscan_free(&sc);
		return rc;
	}
	/* The scanner accepted it: the text ends where the value does. */
	d->root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (d->root == NULL) {
		/* Only out of memory, or a corner where cJSON is stricter than RFC 8259:
		 * its offset is the best there is. */
		pp__diag(diags, pp__jdoc_pos(d, end ? (size_t)(end - text) : 0),
		         "not JSON (or out of memory)");
		pp__jscan_free(&sc);
		return PP_EJSON;
	}
	if ((rc = index_lines(d)) < 0)
		goto out;
	w.cap = sc.n;
	w.n = 0;
	if ((w.ents = calloc(sc.n ? sc.n : 1, sizeof(*w.ents))) == NULL) {
		rc = PP_ENOMEM;
		goto out;
	}
	if (collect(&w, d->root) < 0 || w.n != sc.n) {
		free(w.ents); /* positions unknown: every problem is reported at 1:1 */
	} else {
		for (i = 0; i < w.n; i++) {
			w.ents[i].off = sc.off[i];
			w.ents[i].keyoff = sc.keyoff[i];
		}
		qsort(w.ents, w.n, sizeof(*w.ents), by_node);
		d->ents = w.ents;
		d->nents = w.n;
	}
	rc = 0;
out:
	pp__jscan_free(&sc);
	if (rc < 0)
		pp__jdoc_free(d);
	return rc;
}

void
pp__jdoc_free(struct pp__jdoc *d)
{
	cJSON_Delete(d->root);
	free(d->lines);
	free(d->ents);
	memset(d, 0, sizeof(*d));
}

struct pp_pos
pp__jdoc_pos(const struct pp__jdoc *d, size_t off)
{
	struct pp_pos p = {1, 1};
	size_t lo = 0, hi, i;

	if (off > d->len)
		off = d->len;
	if (d->lines == NULL) {
		/* Before the line index exists (a text that is not JSON): count. */
		for (i = 0; i < off; i++) {
			if (d->text[i] == '\n') {
				p.line++;
				p.col = 1;
			} else {
				p.col++;
			}
		}
		return p;
	}
	hi = d->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	p.line = (unsigned)(lo + 1);
	p.col = (unsigned)(off - d->lines[lo] + 1);
	return p;
}

static const struct pp__jent *
find(const struct pp__jdoc *d, const cJSON *node)
{
	struct pp__jent key = {node, 0, 0};

	if (d->ents == NULL || node == NULL)
		return NULL;
	return bsearch(&key, d->ents, d->nents, sizeof(key), by_node);
}

struct pp_pos
pp__jdoc_at(const struct pp__jdoc *d, const cJSON *node)
{
	const struct pp__jent *e = find(d, node);

	return pp__jdoc_pos(d, e ? e->off : 0);
}

struct pp_pos
pp__jdoc_key(const struct pp__jdoc *d, const cJSON *node)
{
	const struct pp__jent *e = find(d, node);

	if (e == NULL)
		return pp__jdoc_pos(d, 0);
	return pp__jdoc_pos(d, e->keyoff != PP__NOKEY ? e->keyoff : e->off);
}

static unsigned
hex4(const char *s)
{
	unsigned v = 0, k;

	for (k = 0; k < 4; k++) {
		char c = s[k];
		v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

struct pp_pos
pp__jdoc_in_string(const struct pp__jdoc *d, const cJSON *node, size_t off)
{
	const struct pp__jent *e = find(d, node);
	size_t i, dec = 0;

	if (e == NULL)
		return pp__jdoc_pos(d, 0);
	/* Walk the raw string, counting the bytes each escape decodes to. */
	for (i = e->off + 1; i < d->len && d->text[i] != '"' && dec < off;) {
		if (d->text[i] != '\\') {
			dec++;
			i++;
		} else if (d->text[i + 1] != 'u') {
			dec++;
			i += 2;
		} else {
			unsigned cp = hex4(d->text + i + 2);
			if (cp >= 0xd800 && cp < 0xdc00 && i + 12 <= d->len &&
			    d->text[i + 6] == '\\') {
				dec += 4; /* a surrogate pair */
				i += 12;
			} else {
				dec += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
				i += 6;
			}
		}
	}
	return pp__jdoc_pos(d, i);
}

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
