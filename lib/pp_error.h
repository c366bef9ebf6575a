/*
 * Error codes of libportproof.  Every function that can fail returns 0 (or a count)
 * on success and a negative PP_E* code on failure; the text comes from pp_strerror()
 * and the detail, where there is any, goes into a buffer the caller passes.
 */
#ifndef PP_ERROR_H
#define PP_ERROR_H

#include <stddef.h>

/* One table, so the enum and the strings cannot drift apart. */
#define PP_ERRNO_MAP(X)                         \
	X(INVAL, "invalid argument")            \
	X(NOMEM, "out of memory")               \
	X(RANGE, "value out of range")          \
	X(SYNTAX, "syntax error")               \
	X(IO, "input/output error")             \
	X(PERM, "operation not permitted")      \
	X(NOENT, "not found")                   \
	X(EXIST, "already exists")              \
	X(NOTSUP, "not supported")              \
	X(JSON, "malformed JSON")               \
	X(SCHEMA, "does not follow the schema") \
	X(NET, "network error")                 \
	X(INTR, "interrupted")                  \
	X(TRUNC, "truncated")

/* Positions in the table, then the codes: PP_EINVAL is -1, the next -2, ... */
enum pp__errpos {
#define PP_ERR_POS(name, text) PP__POS_##name,
	PP_ERRNO_MAP(PP_ERR_POS)
#undef PP_ERR_POS
	        PP__NERR
};

enum pp_errno {
	PP_OK = 0,
#define PP_ERR_ENUM(name, text) PP_E##name = -1 - PP__POS_##name,
	PP_ERRNO_MAP(PP_ERR_ENUM)
#undef PP_ERR_ENUM
};

/* A position in a file, for errors that name FILE:LINE:COLUMN: 1-based line and
 * byte column; 0 when not known. */
struct pp_pos {
	unsigned line, col;
};

/* pp_strerror: the text of a PP_E* code; never NULL. */
const char *pp_strerror(int code);

/* pp__errf: format detail into a caller's buffer (errbuf may be NULL). */
int pp__errf(char *errbuf, size_t errlen, int code, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

#endif
