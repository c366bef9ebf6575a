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
/* A run of two scans (run_scans.c): the line names the one it counts ("IPv4",
 * "IPv6"; NULL: none). */
void pp_progress_phase(const char *phase);
/* After the scan: clear a line drawn in place (nothing otherwise). */
void pp_progress_end(void);
/*
 * The line itself, without a line end: "portproof: 42.0% done, 83500 sent,
 * 61022 replies, 4980 pps, paced by 198.18.1.10 at 4.9k/s, 7 open, ETA 0:12".
 * pps is the current send rate; the pacing part is there while a pacer holds
 * a path under a limit it found ("paced at N/s": the scan as a whole).
 */
size_t pp_progress_format(char *buf, size_t len, const struct pp_scan_stats *st, double pps);
/* "paced by ADDR at 4.9k/s", "paced at 120k/s" or "" (not paced), into buf. */
void pp_progress_pacing(char *buf, size_t len, const struct pp_scan_stats *st);

#endif
