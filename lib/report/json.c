/* The json format: the result itself, portproof-result/1 (see result_json.c). */
#include "config.h"

#include "report_int.h"

static int
render(const struct pp_result *r, FILE *fp, const struct pp_report_opts *o)
{
	(void)o;
	return pp_result_write_json(r, fp);
}

const struct pp_reporter pp__report_json = {
        .name = "json",
        .description = "the result itself, portproof-result/1 (see portproof-result(5))",
        .render = render,
};
