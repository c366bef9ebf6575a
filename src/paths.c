/*
 * Where the profiles are: the installed copy for an installed binary, the source
 * tree for a binary run from its build directory, and wherever the user says.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* True when this executable lives under the build tree (not yet installed). */
static int
running_from_build(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t blen = strlen(PP_BUILDDIR);

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	return strncmp(exe, PP_BUILDDIR, blen) == 0 && exe[blen] == '/';
}

size_t
pp_cli_profile_dirs(const struct pp_cli *cli, const char **dirs, size_t max)
{
	/* Split $PORTPROOF_PROFILE_PATH in place in a buffer that lives as long as we do. */
	static char pathbuf[4096];
	const char *env = getenv("PORTPROOF_PROFILE_PATH");
	size_t n = 0;
	char *p, *save = NULL;

	if (cli->profile_dir != NULL && n < max)
		dirs[n++] = cli->profile_dir;
	if (env != NULL && *env != '\0') {
		strncpy(pathbuf, env, sizeof(pathbuf) - 1);
		pathbuf[sizeof(pathbuf) - 1] = '\0';
		for (p = strtok_r(pathbuf, ":", &save); p != NULL && n < max;
		     p = strtok_r(NULL, ":", &save))
			dirs[n++] = p;
	}
	if (running_from_build() && n < max)
		dirs[n++] = PP_SRC_PROFILEDIR;
	if (n < max)
		dirs[n++] = PP_PROFILEDIR;
	return n;
}
