/*
 * Positions of JSON values in their text, for errors that name FILE:LINE:COLUMN
 * (see result_pos.c).  Internal to libportproof.
 */
#ifndef PP_RESULT_POS_H
#define PP_RESULT_POS_H

#include <stddef.h>

/* One step of a path: an object member by key, or (key NULL) an array element. */
struct pp__json_step {
	const char *key;
	size_t idx;
};

/*
 * The offset of the value at path (or of its key, if want_key) in text, which
 * cJSON has already accepted.  Where the path cannot be followed, the offset of the
 * deepest value it reached.
 */
size_t pp__json_locate(const char *text, size_t len, const struct pp__json_step *path, size_t depth,
                       int want_key);
/* 1-based line and column (in bytes) of offset pos. */
void pp__json_linecol(const char *text, size_t len, size_t pos, unsigned *line, unsigned *col);
/* Does the text end inside its top-level value (a truncated file)? */
int pp__json_truncated(const char *text, size_t len);

#endif
