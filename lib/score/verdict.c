/*
 * DESIGN.md's verdict table and what follows from a verdict alone: its severity
 * against a requirement, whether it fails an item, a requirement's weight.  The
 * bottom of the scorer: score.c (judging), score_alt.c (alternatives) and
 * score_tally.c (scores) all use it, and it uses none of them.
 */
#include "config.h"

#include <string.h>

#include "pp_score.h"

unsigned
pp_score_verdict(unsigned kind, int restricted, unsigned state)
{
	if (kind == 0)
		return state == PP_STATE_OPEN ? PP_VERDICT_UNEXPECTED : PP_VERDICT_NONE;
	switch (state) {
	case PP_STATE_OPEN:
		return restricted ? PP_VERDICT_EXPOSED : PP_VERDICT_PASS;
	case PP_STATE_CLOSED:
		if (restricted)
			return PP_VERDICT_UNFILTERED;
		return kind == PP_KIND_DYNAMIC ? PP_VERDICT_PASS : PP_VERDICT_MISSING;
	case PP_STATE_FILTERED:
		return restricted ? PP_VERDICT_PASS : PP_VERDICT_BLOCKED;
	case PP_STATE_OPEN_FILTERED:
		return restricted ? PP_VERDICT_PASS : PP_VERDICT_INCONCLUSIVE;
	default:
		return PP_VERDICT_NONE; /* not probed: nothing to judge */
	}
}

unsigned
pp_score_severity(unsigned verdict, unsigned requirement)
{
	switch (verdict) {
	case PP_VERDICT_UNEXPECTED:
	case PP_VERDICT_EXPOSED:
		return PP_SEV_HIGH;
	case PP_VERDICT_MISSING:
	case PP_VERDICT_BLOCKED:
		return requirement == PP_REQ_MANDATORY     ? PP_SEV_HIGH
		       : requirement == PP_REQ_RECOMMENDED ? PP_SEV_MEDIUM
		                                           : PP_SEV_LOW;
	case PP_VERDICT_UNFILTERED:
		return PP_SEV_LOW;
	case PP_VERDICT_INCONCLUSIVE:
		return PP_SEV_INFO;
	case PP_VERDICT_MISMATCH:
		return PP_SEV_MEDIUM; /* high for TLS in clear text: pp_score_mismatch */
	default:
		return PP_SEV_NONE;
	}
}

int
pp_score_failed(unsigned verdict)
{
	return verdict == PP_VERDICT_MISSING || verdict == PP_VERDICT_BLOCKED ||
	       verdict == PP_VERDICT_EXPOSED || verdict == PP_VERDICT_UNFILTERED ||
	       verdict == PP_VERDICT_UNEXPECTED || verdict == PP_VERDICT_MISMATCH;
}

/* What the listener check sees of a listener that speaks this ("sips": TLS). */
static const char *
seen_of(const char *speaks)
{
	return strcmp(speaks, "sips") == 0 ? "tls" : speaks;
}

unsigned
pp_score_mismatch(const char *speaks, const char *seen)
{
	static const char *const clear[] = {"http", "rtsp",  "sip",   "smtp",
	                                    "ftp",  "mysql", "redis", "unknown"};
	size_t i;

	/* "none": the listener said nothing (it closed, or stalled), which shows
	 * no protocol, right or wrong. */
	if (speaks == NULL || seen == NULL || strcmp(seen_of(speaks), seen) == 0 ||
	    strcmp(seen, "none") == 0)
		return PP_SEV_NONE;
	if (strcmp(seen_of(speaks), "tls") == 0)
		for (i = 0; i < sizeof(clear) / sizeof(clear[0]); i++)
			if (strcmp(seen, clear[i]) == 0)
				return PP_SEV_HIGH;
	return PP_SEV_MEDIUM;
}

unsigned
pp_score_cert(int has_days, int32_t days)
{
	if (!has_days || days >= PP_SCORE_CERT_DAYS)
		return PP_SEV_NONE;
	return days < 0 ? PP_SEV_MEDIUM : PP_SEV_LOW;
}

unsigned
pp_score_weight(unsigned requirement)
{
	switch (requirement) {
	case PP_REQ_MANDATORY:
		return 3;
	case PP_REQ_RECOMMENDED:
		return 2;
	case PP_REQ_OPTIONAL:
		return 1;
	default:
		return 0;
	}
}
