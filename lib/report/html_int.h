/*
 * What the files of the HTML reporter share (html_page.c, html.c, html_heatmap.c,
 * html_diff.c).  The one rule that keeps a hostile name, ref or detail from
 * becoming markup: text reaches the page only through pp__xml_str (report_int.h),
 * or as a %s of pp__hf, which escapes every %s it prints with it; markup comes only
 * from the format strings, which the compiler checks are literals (-Wformat=2).
 */
#ifndef PP_HTML_INT_H
#define PP_HTML_INT_H

#include <stdio.h>
#include <time.h>

#include "pp_diff.h"
#include "pp_report.h"
#include "pp_result.h"
#include "report_int.h"

/*
 * printf for markup: %s is escaped as pp__xml_str; %d %u %ld %lu %lld %llu %zu
 * %x and %f (with a precision) print numbers; %% a percent sign.  Nothing else.
 */
void pp__hf(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The page up to <body> (title escaped, the style sheet inline), and its end. */
void pp__html_open(FILE *fp, const char *title);
void pp__html_close(FILE *fp, const char *version);
/* A time as "2026-11-21 23:15:03 UTC". */
void pp__html_time(FILE *fp, time_t t);
/*
 * A score as an SVG half-ring gauge, px wide; have = 0 draws an empty gauge
 * reading "n/a".  The label names it for screen readers ("ms-primary score").
 */
void pp__html_gauge(FILE *fp, int have, double score, unsigned px, const char *label);
/* "good", "fair" or "poor": the colour class of a score (as the text report's). */
const char *pp__html_score_class(double score);
/* The one-letter mark of a verdict in the heatmap ("B" blocked, ...). */
const char *pp__html_verdict_mark(unsigned verdict);
/* The legend of the verdict colours. */
void pp__html_legend(FILE *fp);

/* The heatmap of host x expected port, coloured by verdict (html_heatmap.c). */
void pp__html_heatmap(FILE *fp, const struct pp_result *r);

/* The host x port x zone table of a result joined from several vantages
 * (html_matrix.c). */
void pp__html_matrix(FILE *fp, const struct pp_result *r);
/* A warning per zone the deployment lists that no result covers. */
void pp__html_unverified(FILE *fp, const struct pp_result *r);

/* pp_diff_render's "html" (html_diff.c). */
int pp__diff_render_html(const struct pp_diff *d, FILE *fp, const struct pp_report_opts *o);

#endif
