/*
 * The registry of output formats and the two entry points every command uses:
 * render to a FILE*, or save to a path atomically.  Adding a format is one file
 * in lib/report/ and one line in the table below.
 */
#include "config.h"

#include <string.h>

#include "pp_error.h"
#include "report_int.h"

static const struct pp_reporter *const reporters[] = {
        &pp__report_text,
        &pp__report_json,
        &pp__report_csv,
        &pp__report_junit,
        &pp__report_xml,
        &pp__report_html,
        NULL,
};

const struct pp_reporter *const *
pp_report_list(void)
{
	return reporters;
}

const char *
pp_report_names(void)
{
	return "text, json, csv, junit, xml or html";
}

const struct pp_reporter *
pp_report_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; reporters[i] != NULL; i++)
		if (strcmp(reporters[i]->name, name) == 0)
			return reporters[i];
	return NULL;
}

int
pp_report_render(const char *format, const struct pp_result *r, FILE *fp,
                 const struct pp_report_opts *o, char *err, size_t errlen)
{
	static const struct pp_report_opts none;
	const struct pp_reporter *rep = pp_report_find(format);
	int rc;

	if (rep == NULL)
		return pp__errf(err, errlen, PP_EINVAL, "unknown format '%s' (expected %s)",
		                format ? format : "", pp_report_names());
	if ((rc = rep->render(r, fp, o ? o : &none)) < 0)
		return pp__errf(err, errlen, rc, "%s: %s", rep->name, pp_strerror(rc));
	if (ferror(fp))
		return pp__errf(err, errlen, PP_EIO, "%s: write error", rep->name);
	return 0;
}

struct save_arg {
	const char *format;
	const struct pp_result *r;
	const struct pp_report_opts *o;
	char *err;
	size_t errlen;
};

static int
save_write(FILE *fp, void *arg)
{
	struct save_arg *a = arg;

	return pp_report_render(a->format, a->r, fp, a->o, a->err, a->errlen);
}

int
pp_report_save(const char *format, const struct pp_result *r, const char *path,
               const struct pp_report_opts *o, char *err, size_t errlen)
{
	struct save_arg a = {format, r, o, err, errlen};

	/* Check the format first: an unknown one must not even create a file. */
	if (pp_report_find(format) == NULL)
		return pp__errf(err, errlen, PP_EINVAL, "unknown format '%s' (expected %s)",
		                format ? format : "", pp_report_names());
	return pp_save_atomic(path, save_write, &a, err, errlen);
}
