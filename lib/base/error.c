/* pp_strerror() and the helper that fills a caller's error buffer. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "pp_error.h"

static const char *const pp__errtext[] = {
#define PP_ERR_TEXT(name, text) [PP__POS_##name] = text,
        PP_ERRNO_MAP(PP_ERR_TEXT)
#undef PP_ERR_TEXT
};

const char *
pp_strerror(int code)
{
	if (code == PP_OK)
		return "success";
	if (code < 0 && -code - 1 < PP__NERR)
		return pp__errtext[-code - 1];
	return "unknown error";
}

int
pp__errf(char *errbuf, size_t errlen, int code, const char *fmt, ...)
{
	va_list ap;

	if (errbuf != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(errbuf, errlen, fmt, ap);
		va_end(ap);
	}
	return code;
}
