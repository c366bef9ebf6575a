/*
 * A parsed JSON document that remembers where things are (json_int.h).  cJSON
 * builds the tree but keeps no positions, and it keeps a repeated key silently
 * (both members stay in the tree, look-ups find the first).  So the text is
 * scanned first (jsonscan.c), and since the scanner sees values in the same order
 * as a pre-order walk of the tree, the k-th node of the walk starts at the k-th
 * offset of the scan.  A sorted table then maps each node to its line and column.
 * The profile and deployment loaders parse with positions from the start; the
 * result reader, which reads large files, indexes its tree only when it has an
 * error to report.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_int.h"

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

/* The positions of the nodes of root, from the scan of its text. */
static int
index_nodes(struct pp__jdoc *d, const cJSON *root, const struct pp__jscan *sc)
{
	struct walk w;
	size_t i;

	if (index_lines(d) < 0)
		return PP_ENOMEM;
	w.cap = sc->n;
	w.n = 0;
	if ((w.ents = calloc(sc->n ? sc->n : 1, sizeof(*w.ents))) == NULL)
		return PP_ENOMEM;
	if (collect(&w, root) < 0 || w.n != sc->n) {
		free(w.ents); /* positions unknown: every problem is reported at 1:1 */
		return 0;
	}
	for (i = 0; i < w.n; i++) {
		w.ents[i].off = sc->off[i];
		w.ents[i].keyoff = sc->keyoff[i];
	}
	qsort(w.ents, w.n, sizeof(*w.ents), by_node);
	d->ents = w.ents;
	d->nents = w.n;
	return 0;
}

int
pp__jdoc_parse(struct pp__jdoc *d, const char *text, size_t len, size_t *erroff, char *msg,
               size_t msglen)
{
	struct pp__jscan sc;
	const char *end = NULL;
	int rc;

	memset(d, 0, sizeof(*d));
	d->text = text;
	d->len = len;
	*erroff = 0;
	if (msglen > 0)
		msg[0] = '\0';
	if ((rc = pp__jscan(text, len, 0, &sc, erroff, msg, msglen)) < 0)
		goto out;
	/* The scanner accepted it: the text ends where the value does. */
	if ((d->root = cJSON_ParseWithLengthOpts(text, len, &end, 0)) == NULL) {
		/* Only out of memory, or a corner where cJSON is stricter than RFC 8259:
		 * its offset is the best there is. */
		*erroff = end ? (size_t)(end - text) : 0;
		if (msglen > 0)
			msg[0] = '\0';
		rc = PP_EJSON;
		goto out;
	}
	rc = index_nodes(d, d->root, &sc);
out:
	pp__jscan_free(&sc);
	return rc;
}

int
pp__jdoc_index(struct pp__jdoc *d, const char *text, size_t len, const cJSON *root)
{
	struct pp__jscan sc;
	size_t erroff;
	int rc;

	memset(d, 0, sizeof(*d));
	d->text = text;
	d->len = len;
	if ((rc = pp__jscan(text, len, PP__JSCAN_AS_CJSON, &sc, &erroff, NULL, 0)) == 0)
		rc = index_nodes(d, root, &sc);
	else if (rc == PP_EJSON)
		rc = index_lines(d); /* cJSON took what the scanner did not: lines only */
	pp__jscan_free(&sc);
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
