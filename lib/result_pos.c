/*
 * Where in the text a JSON value sits.  cJSON keeps no positions, so the result
 * reader, once cJSON has accepted the text, walks the same text again along a path
 * of keys and indices to find the line and column of the value (or the key) it
 * complains about.  The same walker tells a truncated file from a malformed one.
 * Small on purpose: it only skips values, it never builds anything.
 */
#include "config.h"

#include <string.h>

#include "result_pos.h"

static size_t
skip_ws(const char *t, size_t n, size_t i)
{
	while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i;
}

/* i at the opening quote; the index after the closing one, or NOEND. */
#define NOEND ((size_t)-1)

static size_t
skip_string(const char *t, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (t[i] == '\\')
			i++;
		else if (t[i] == '"')
			return i + 1;
	}
	return NOEND;
}

/*
 * i at a value; returns the index after it.  *eof is set when the text ends inside
 * the value (a string, object or array that never closes).
 */
static size_t
skip_value(const char *t, size_t n, size_t i, int *eof)
{
	size_t depth = 0;

	if (i >= n) {
		*eof = 1;
		return n;
	}
	if (t[i] != '{' && t[i] != '[' && t[i] != '"') {
		while (i < n && strchr(",]} \t\r\n", t[i]) == NULL)
			i++;
		return i;
	}
	do {
		if (i >= n) {
			*eof = 1;
			return n;
		}
		if (t[i] == '"') {
			if ((i = skip_string(t, n, i)) == NOEND) {
				*eof = 1;
				return n;
			}
			continue;
		}
		if (t[i] == '{' || t[i] == '[')
			depth++;
		else if (t[i] == '}' || t[i] == ']')
			depth--;
		i++;
	} while (depth > 0);
	return i;
}

int
pp__json_truncated(const char *t, size_t n)
{
	int eof = 0;

	skip_value(t, n, skip_ws(t, n, 0), &eof);
	return eof;
}

/* i at '{': the positions of the first member named key; -1 if absent. */
static int
find_member(const char *t, size_t n, size_t i, const char *key, size_t *kpos, size_t *vpos)
{
	size_t klen = strlen(key), j;
	int eof = 0;

	i = skip_ws(t, n, i + 1);
	while (i < n && t[i] == '"') {
		if ((j = skip_string(t, n, i)) == NOEND)
			return -1;
		*kpos = i;
		i = skip_ws(t, n, j);
		if (i >= n || t[i] != ':')
			return -1;
		i = skip_ws(t, n, i + 1);
		if (j - *kpos == klen + 2 && memcmp(t + *kpos + 1, key, klen) == 0) {
			*vpos = i;
			return 0;
		}
		i = skip_ws(t, n, skip_value(t, n, i, &eof));
		if (eof || i >= n || t[i] != ',')
			return -1;
		i = skip_ws(t, n, i + 1);
	}
	return -1;
}

/* i at '[': the position of element idx; -1 if absent. */
static int
find_element(const char *t, size_t n, size_t i, size_t idx, size_t *vpos)
{
	int eof = 0;

	i = skip_ws(t, n, i + 1);
	while (i < n && t[i] != ']') {
		if (idx-- == 0) {
			*vpos = i;
			return 0;
		}
		i = skip_ws(t, n, skip_value(t, n, i, &eof));
		if (eof || i >= n || t[i] != ',')
			return -1;
		i = skip_ws(t, n, i + 1);
	}
	return -1;
}

size_t
pp__json_locate(const char *t, size_t n, const struct pp__json_step *path, size_t depth,
                int want_key)
{
	size_t pos = skip_ws(t, n, 0), kpos = pos, vpos, i;

	for (i = 0; i < depth && pos < n; i++) {
		if (path[i].key != NULL) {
			if (t[pos] != '{' || find_member(t, n, pos, path[i].key, &kpos, &vpos) < 0)
				break;
		} else {
			if (t[pos] != '[' || find_element(t, n, pos, path[i].idx, &vpos) < 0)
				break;
			kpos = vpos;
		}
		pos = vpos;
	}
	if (i == depth && want_key)
		return kpos;
	return pos < n ? pos : (n ? n - 1 : 0);
}

void
pp__json_linecol(const char *t, size_t n, size_t pos, unsigned *line, unsigned *col)
{
	size_t i, start = 0;
	unsigned l = 1;

	if (pos > n)
		pos = n;
	for (i = 0; i < pos; i++) {
		if (t[i] == '\n') {
			l++;
			start = i + 1;
		}
	}
	*line = l;
	*col = (unsigned)(pos - start + 1);
}
