/* The version string, from configure, so the program and the results agree. */
#include "config.h"

#include "portproof.h"

const char *
pp_version(void)
{
	return PACKAGE_VERSION;
}
