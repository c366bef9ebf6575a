/*
 * `diff`: what changed between two results of the same deployment or targets,
 * as a model (diff.c) that a text and a JSON renderer (diff_render.c) print.
 * Per host: new findings, resolved findings, state changes and the score change;
 * `worse` says whether anything got worse, for the exit code of a CI job.
 */
#ifndef PP_DIFF_H
#define PP_DIFF_H

#include <stdio.h>

#include "pp_report.h"
#include "pp_result.h"

/* What changed at one port (a mask). */
enum {
	PP_DIFF_NEW_FINDING = 1u << 0, /* a finding the old result did not have */
	PP_DIFF_RESOLVED = 1u << 1,    /* a finding of the old result that is gone */
	PP_DIFF_STATE = 1u << 2,       /* the port state changed */
	PP_DIFF_LOST_PASS = 1u << 3,   /* passed before, not now (nor a finding: not judged) */
	PP_DIFF_SEEN = 1u << 4,        /* the listener check saw another protocol */
};

enum pp_diff_status {
	PP_DIFF_CHANGED = 1, /* in both, something changed */
	PP_DIFF_ADDED,       /* only in the new result */
	PP_DIFF_REMOVED,     /* only in the old result: gone */
};

struct pp_diff_port {
	uint8_t proto;
	uint16_t port;
	const char *vantage; /* the zone of a result joined from several, else NULL */
	unsigned what;       /* PP_DIFF_* */
	int worse;
	uint8_t old_state, new_state;     /* listed, else the host's other; 0 unknown */
	const struct pp_port_result *old; /* NULL when not listed there */
	const struct pp_port_result *new;
};

struct pp_diff_host {
	struct pp_addr addr;
	const struct pp_host_result *old, *new; /* NULL when added / removed */
	unsigned status;                        /* enum pp_diff_status */
	int worse;
	int score_changed;
	struct pp_diff_port *ports;
	size_t nports, cap;
	unsigned new_findings, resolved, state_changes;
};

struct pp_diff {
	const struct pp_result *old, *new;
	const char *old_name, *new_name; /* for the header, may be NULL */
	int audit;                       /* both are audits: verdicts are compared */
	int worse;
	int score_changed;
	struct pp_diff_host *hosts; /* only hosts where something changed, by address */
	size_t nhosts, cap;
	unsigned new_findings, resolved, state_changes, hosts_added, hosts_removed;
};

/*
 * Compare two sorted results (as pp_result_read_json returns them).  What is
 * worse: in audits, a new finding, a port that passed and no longer does, a host
 * score or the deployment score going down; in plain scans, a port newly open or
 * no longer open; in both, a host gone.  d keeps pointers into old and new.
 */
int pp_diff_compute(const struct pp_result *old, const struct pp_result *new, struct pp_diff **d);
void pp_diff_free(struct pp_diff *d);

/* Render a diff: "text", "json" (portproof-diff/1, see portproof-result(5)) or "html". */
int pp_diff_render(const char *format, const struct pp_diff *d, FILE *fp,
                   const struct pp_report_opts *o, char *err, size_t errlen);

#endif
