/*
 * JSON that remembers where things are, for errors that name FILE:LINE:COLUMN:
 * the strict scanner (jsonscan.c), which says where and why a text is not JSON and
 * where every value and key starts, and the map from each node of the tree cJSON
 * builds to its line and column (jsonpos.c).  Shared by the loaders of profiles
 * and deployments and by the result reader; it knows none of them.  Not
 * installed.
 */
#ifndef PP_JSON_INT_H
#define PP_JSON_INT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "pp_error.h"

#define PP__NOKEY ((size_t)-1)

/* jsonscan.c: where each value (and its key) starts, in document order, which is
 * the pre-order of the tree cJSON builds from the same text. */
struct pp__jscan {
	size_t *off, *keyoff; /* keyoff PP__NOKEY for values that are not members */
	size_t n, cap;
};

/* Scan text as strict JSON (flags 0), or as leniently as cJSON parses it
 * (PP__JSCAN_AS_CJSON: raw control bytes and unchecked escapes in strings, any
 * byte up to space as white space, numbers as strtod takes them), to find the nodes of a tree cJSON
 * built.  0, or PP_EJSON with the offset and the reason of the first error, or
 * PP_ENOMEM. */
#define PP__JSCAN_AS_CJSON 0x1u
int pp__jscan(const char *text, size_t len, unsigned flags, struct pp__jscan *out, size_t *erroff,
              char *msg, size_t msglen);
void pp__jscan_free(struct pp__jscan *s);

/* jsonpos.c: a parsed document and where each of its nodes is. */
struct pp__jent {
	const cJSON *node;
	size_t off, keyoff;
};

struct pp__jdoc {
	cJSON *root; /* owned (pp__jdoc_parse), or NULL (pp__jdoc_index) */
	const char *text;
	size_t len;
	size_t *lines; /* offset of the first byte of each line */
	size_t nlines;
	struct pp__jent *ents; /* sorted by node address */
	size_t nents;
};

/*
 * Parse text into d: the scanner, then cJSON.  0; PP_EJSON when the text is not
 * JSON, with the offset in *erroff and the scanner's reason in msg (empty when
 * only cJSON refused it: out of memory, or a corner where cJSON is stricter than
 * RFC 8259); PP_ENOMEM.  On error d keeps the text, so pp__jdoc_pos works; free
 * it with pp__jdoc_free in every case.
 */
int pp__jdoc_parse(struct pp__jdoc *d, const char *text, size_t len, size_t *erroff, char *msg,
                   size_t msglen);
/*
 * Positions for root, a tree cJSON already parsed from text, which d does not
 * own: for a reader that needs them only once it has something to report.  0 or
 * PP_ENOMEM; where the scanner and cJSON disagree on the text, every position is
 * 1:1.
 */
int pp__jdoc_index(struct pp__jdoc *d, const char *text, size_t len, const cJSON *root);
void pp__jdoc_free(struct pp__jdoc *d);
struct pp_pos pp__jdoc_pos(const struct pp__jdoc *d, size_t off);
/* Where a node's value starts; where its key starts (its value if it has none). */
struct pp_pos pp__jdoc_at(const struct pp__jdoc *d, const cJSON *node);
struct pp_pos pp__jdoc_key(const struct pp__jdoc *d, const cJSON *node);
/* Where byte off of a string node's decoded value is in the file. */
struct pp_pos pp__jdoc_in_string(const struct pp__jdoc *d, const cJSON *node, size_t off);

#endif
