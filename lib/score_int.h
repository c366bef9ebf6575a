/*
 * Inside the scorer: the detail line of a judged port (score_text.c), shared by
 * score.c.  Not installed.
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
 * passed: what it is and why it does not count. */
char *pp__score_detail_spared(const char *detail, const struct pp_alternative *alt,
                              const char *passing);

#endif
