/*
 * Reporters: one module per output format in lib/report/, each a const struct
 * found by name in a static registry (as zmap's output modules).  A reporter
 * renders a whole result to the FILE* it is given; it prints nowhere else.
 * pp_report_save writes a file atomically: a temporary file in the same
 * directory, fsync, rename; a failed or interrupted write never leaves a
 * truncated file behind.
 */
#ifndef PP_REPORT_H
#define PP_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "pp_result.h"

struct pp_report_opts {
	int color;   /* text: ANSI colours (the caller decides: a terminal, no NO_COLOR) */
	int verbose; /* text: also the reason's TTL and RTT of each port */
};

struct pp_reporter {
	const char *name;        /* what --format takes */
	const char *description; /* one line, for --help and the man page */
	int (*render)(const struct pp_result *r, FILE *fp, const struct pp_report_opts *o);
};

/* The reporter called name, or NULL. */
const struct pp_reporter *pp_report_find(const char *name);
/* The registered reporters, in a fixed order, NULL-terminated. */
const struct pp_reporter *const *pp_report_list(void);
/* "text, json, csv, junit, xml or html", for error messages. */
const char *pp_report_names(void);

/*
 * Render r in format to fp (o may be NULL: no colour).  An unknown format is
 * PP_EINVAL naming it; a write error is PP_EIO.
 */
int pp_report_render(const char *format, const struct pp_result *r, FILE *fp,
                     const struct pp_report_opts *o, char *err, size_t errlen);
/* The same to path (NULL or "-": stdout), atomically. */
int pp_report_save(const char *format, const struct pp_result *r, const char *path,
                   const struct pp_report_opts *o, char *err, size_t errlen);

/*
 * The atomic write under pp_report_save, for any writer: write(fp, arg) fills
 * the file and returns 0 or a negative PP_E* code (with detail in err).  A new
 * file gets mode 0666 less the umask; a replaced file keeps its mode.
 */
int pp_save_atomic(const char *path, int (*write)(FILE *fp, void *arg), void *arg, char *err,
                   size_t errlen);

#endif
