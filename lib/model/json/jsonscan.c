/*
 * A strict JSON (RFC 8259) scanner, run before cJSON.  It has two jobs that cJSON
 * does not do: say exactly where and why a text is not JSON (cJSON's error offset
 * is often a few bytes off, past a trailing comma or at the start of a string), and
 * record where every value and every key starts, so that each problem of a profile,
 * a deployment or a result can name its line and column.  It keeps no tree: only
 * offsets, in document order.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_int.h"

/* Deeper than this is no file of ours; cJSON itself stops at 1000. */
#define MAX_DEPTH 512

struct scan {
	const unsigned char *t;
	size_t len, i;
	unsigned flags; /* PP__JSCAN_* */
	struct pp__jscan *out;
	size_t *erroff;
	char *msg;
	size_t msglen;
};

static int fail(struct scan *s, size_t at, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static int
fail(struct scan *s, size_t at, const char *fmt, ...)
{
	va_list ap;

	*s->erroff = at;
	if (s->msg != NULL && s->msglen > 0) {
		va_start(ap, fmt);
		vsnprintf(s->msg, s->msglen, fmt, ap);
		va_end(ap);
	}
	return PP_EJSON;
}

/* What is at s->i, when it is not what the grammar wants there. */
static int
unexpected(struct scan *s, const char *wanted)
{
	unsigned c;

	if (s->i >= s->len)
		return fail(s, s->i, "unexpected end of file%s%s", wanted ? ", expected " : "",
		            wanted ? wanted : "");
	c = s->t[s->i];
	if (c > 0x20 && c < 0x7f)
		return fail(s, s->i, "unexpected '%c'%s%s", (int)c, wanted ? ", expected " : "",
		            wanted ? wanted : "");
	return fail(s, s->i, "unexpected byte 0x%02x%s%s", c, wanted ? ", expected " : "",
	            wanted ? wanted : "");
}

static int
emit(struct scan *s, size_t off, size_t keyoff)
{
	struct pp__jscan *o = s->out;

	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 256;
		size_t *a = realloc(o->off, cap * sizeof(*a));
		if (a == NULL)
			return PP_ENOMEM;
		o->off = a;
		if ((a = realloc(o->keyoff, cap * sizeof(*a))) == NULL)
			return PP_ENOMEM;
		o->keyoff = a;
		o->cap = cap;
	}
	o->off[o->n] = off;
	o->keyoff[o->n] = keyoff;
	o->n++;
	return 0;
}

static void
skip_ws(struct scan *s)
{
	if (s->flags & PP__JSCAN_AS_CJSON) {
		while (s->i < s->len && s->t[s->i] <= 0x20) /* cJSON's white space */
			s->i++;
		return;
	}
	while (s->i < s->len && (s->t[s->i] == ' ' || s->t[s->i] == '\t' || s->t[s->i] == '\n' ||
	                         s->t[s->i] == '\r'))
		s->i++;
}

static int
is_hex(unsigned c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int
scan_string(struct scan *s)
{
	size_t k;

	for (s->i++; s->i < s->len; s->i++) {
		unsigned c = s->t[s->i];
		if (c == '"') {
			s->i++;
			return 0;
		}
		if (c == '\\') {
			if (s->i + 1 >= s->len)
				break;
			c = s->t[s->i + 1];
			if (s->flags & PP__JSCAN_AS_CJSON) {
				s->i++; /* cJSON finds a string's end first, escapes unchecked */
				continue;
			}
			if (c == 'u') {
				for (k = 2; k < 6 && s->i + k < s->len; k++)
					if (!is_hex(s->t[s->i + k]))
						return fail(s, s->i,
						            "bad escape in a string: \\u needs "
						            "four hex digits");
				if (k < 6)
					break; /* cut short: the end of file below */
				s->i += 5;
			} else if (strchr("\"\\/bfnrt", (int)c) != NULL && c != '\0') {
				s->i++;
			} else {
				return fail(s, s->i, "bad escape in a string: \\%c",
				            c > 0x20 && c < 0x7f ? (int)c : '?');
			}
		} else if (s->flags & PP__JSCAN_AS_CJSON) {
			continue; /* cJSON takes raw control bytes in strings */
		} else if (c == '\n') {
			return fail(s, s->i, "newline in a string (a missing '\"'?)");
		} else if (c < 0x20) {
			return fail(s, s->i, "control byte 0x%02x in a string (escape it)", c);
		}
	}
	return fail(s, s->len, "unexpected end of file in a string");
}

static int
digits(struct scan *s)
{
	size_t start = s->i;

	while (s->i < s->len && s->t[s->i] >= '0' && s->t[s->i] <= '9')
		s->i++;
	return s->i > start;
}

/* A number without the digits it needs at start: cut short by the end of the
 * file, or bad. */
static int
bad_number(struct scan *s, size_t start, const char *why)
{
	if (s->i >= s->len)
		return fail(s, s->len, "unexpected end of file in a number");
	return fail(s, start, "bad number%s", why);
}

static int
scan_number(struct scan *s)
{
	size_t start = s->i;

	if (s->flags & PP__JSCAN_AS_CJSON) {
		/* What cJSON hands strtod: 01, 1., 1e are numbers to it. */
		for (s->i++; s->i < s->len && strchr("0123456789+-.eE", s->t[s->i]) != NULL &&
		             s->t[s->i] != '\0';
		     s->i++)
			;
		return 0;
	}
	if (s->t[s->i] == '-')
		s->i++;
	if (s->i < s->len && s->t[s->i] == '0')
		s->i++;
	else if (!digits(s))
		return bad_number(s, start, "");
	if (s->i < s->len && s->t[s->i] == '.') {
		s->i++;
		if (!digits(s))
			return bad_number(s, start, ": digits must follow '.'");
	}
	if (s->i < s->len && (s->t[s->i] == 'e' || s->t[s->i] == 'E')) {
		s->i++;
		if (s->i < s->len && (s->t[s->i] == '+' || s->t[s->i] == '-'))
			s->i++;
		if (!digits(s))
			return bad_number(s, start, ": digits must follow the exponent");
	}
	return 0;
}

static int
scan_literal(struct scan *s)
{
	static const char *const words[] = {"true", "false", "null"};
	size_t k, n;

	for (k = 0; k < 3; k++) {
		n = strlen(words[k]);
		if (s->len - s->i >= n && memcmp(s->t + s->i, words[k], n) == 0) {
			s->i += n;
			return 0;
		}
		if (s->len - s->i < n && memcmp(s->t + s->i, words[k], s->len - s->i) == 0)
			return fail(s, s->len, "unexpected end of file in '%s'", words[k]);
	}
	return unexpected(s, "a value");
}

/* One value at s->i (not a container's contents: those the main loop walks). */
static int
scan_scalar(struct scan *s)
{
	unsigned c = s->t[s->i];

	if (c == '"')
		return scan_string(s);
	if (c == '-' || (c >= '0' && c <= '9'))
		return scan_number(s);
	return scan_literal(s);
}

int
pp__jscan(const char *text, size_t len, unsigned flags, struct pp__jscan *out, size_t *erroff,
          char *msg, size_t msglen)
{
	struct scan s = {(const unsigned char *)text, len, 0, flags, out, erroff, msg, msglen};
	unsigned char stack[MAX_DEPTH]; /* '{' or '[' of each open container */
	size_t depth = 0, key = PP__NOKEY;
	int rc;

	memset(out, 0, sizeof(*out));
	*erroff = 0;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		s.i = 3; /* a UTF-8 byte order mark, as cJSON allows */
	skip_ws(&s);
	if (s.i >= len)
		return fail(&s, 0, "empty file");
	for (;;) {
		/* A value is expected at s.i; key is where its key started, if any. */
		skip_ws(&s);
		if (s.i >= len)
			return unexpected(&s, "a value");
		if ((rc = emit(&s, s.i, key)) < 0)
			return rc;
		key = PP__NOKEY;
		if (s.t[s.i] == '{' || s.t[s.i] == '[') {
			if (depth == MAX_DEPTH)
				return fail(&s, s.i, "nested more than %d deep", MAX_DEPTH);
			stack[depth++] = s.t[s.i++];
			skip_ws(&s);
			if (s.i < len && s.t[s.i] == (stack[depth - 1] == '{' ? '}' : ']')) {
				s.i++;
				depth--;
				goto after_value;
			}
			if (stack[depth - 1] == '[')
				continue;
			goto member;
		}
		if ((rc = scan_scalar(&s)) < 0)
			return rc;
	after_value:
		skip_ws(&s);
		if (depth == 0) {
			if (s.i < len)
				return fail(&s, s.i, "more after the end of the JSON value");
			return 0;
		}
		if (s.i < len && s.t[s.i] == ',') {
			s.i++;
			skip_ws(&s);
			if (s.i < len && (s.t[s.i] == '}' || s.t[s.i] == ']'))
				return fail(&s, s.i, "a comma before '%c'", s.t[s.i]);
			if (stack[depth - 1] == '[')
				continue;
			goto member;
		}
		if (s.i < len && s.t[s.i] == (stack[depth - 1] == '{' ? '}' : ']')) {
			s.i++;
			depth--;
			goto after_value;
		}
		return unexpected(&s, stack[depth - 1] == '{' ? "',' or '}'" : "',' or ']'");
	member:
		/* "key": at s.i, then the value. */
		skip_ws(&s);
		if (s.i >= len || s.t[s.i] != '"')
			return unexpected(&s, "a key in double quotes");
		key = s.i;
		if ((rc = scan_string(&s)) < 0)
			return rc;
		skip_ws(&s);
		if (s.i >= len || s.t[s.i] != ':')
			return unexpected(&s, "':'");
		s.i++;
	}
}

void
pp__jscan_free(struct pp__jscan *s)
{
	free(s->off);
	free(s->keyoff);
	memset(s, 0, sizeof(*s));
}
