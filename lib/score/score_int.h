/*
 * Inside the scorer: the detail line of a judged port (score_text.c), shared by
 * score.c and score_alt.c.  Not installed.
 */
#ifndef PP_SCORE_INT_H
#define PP_SCORE_INT_H

#include "pp_plan.h"
#include "pp_result.h"

/* The one line of a port judged against item it of host h (it NULL: unexpected),
 * malloc'd; NULL when out of memory. */
char *pp__score_detail(const struct pp_plan_host *h, const struct pp_plan_item *it,
                       const struct pp_port_result *p, const char *vantage);
/* The same line for a member of alternatives that failed while another member
 * passed: what it is and why it does not count (malloc'd; NULL when out of
 * memory).  _unspare cuts that addition off again, in place (score_alt.c
 * resolves a group again after `merge` joined shards). */
char *pp__score_detail_spared(const char *detail, const char *group, const char *passing);
void pp__score_detail_unspare(char *detail, const char *group);

#endif
