/*
 * The progress line of `scan` and `audit` on stderr: percent done, packets sent,
 * replies, the current send rate, the ports found open so far and the time left.
 * On a terminal it is redrawn in place and cleared at the end; --stats-every
 * SECONDS writes it as one line per interval (for logs); -q turns it off.
 */
#ifndef PP_PROGRESS_H
#define PP_PROGRESS_H

#include <stddef.h>

#include "cli.h"
#include "pp_engine.h"

/* How often a terminal's line is redrawn. */
#define PP_PROGRESS_TTY_MS 250

/*
 * Set the engine's progress callback in o when the line is wanted: stderr is a
 * terminal, or --stats-every was given; never with -q.
 */
void pp_progress_attach(const struct pp_cli *cli, struct pp_scan_opts *o);
/* After the scan: clear a line drawn in place (nothing otherwise). */
void pp_progress_end(void);
/*
 * The line itself, without a line end: "portproof: 42.0% done, 83500 sent,
 * 61022 replies, 9998 pps, 7 open, ETA 0:12".  pps is the current send rate.
 */
size_t pp_progress_format(char *buf, size_t len, const struct pp_scan_stats *st, double pps);

#endif
