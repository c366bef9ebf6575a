/*
 * Reading the file of a profile or a deployment for its loader: opened without
 * blocking (a FIFO given as a file must not hang the linter or the audit), only a
 * regular file under the size limit, read whole.  What goes wrong is one diag at
 * 1:1, in the words `profile lint` and `audit` print: "cannot open: ...", "is a
 * directory, not a deployment", "too large for a profile (...)".
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile_int.h"

static int __attribute__((format(printf, 2, 3)))
problem(struct pp_diags *diags, const char *fmt, ...)
{
	struct pp_pos start = {1, 1};
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pp__diag(diags, start, "%s", msg);
	return PP_EIO;
}

int
pp__load_file(const char *path, size_t max, const char *what, char **buf, size_t *len,
              struct pp_diags *diags)
{
	struct stat st;
	size_t got = 0;
	ssize_t r;
	int fd, rc = 0;

	*buf = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) < 0)
		return problem(diags, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0) {
		rc = problem(diags, "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = problem(diags, "is a directory, not a %s", what);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = problem(diags, "not a regular file");
		goto out;
	}
	if ((size_t)st.st_size > max) {
		rc = problem(diags, "too large for a %s (%lld bytes; the limit is %zu MB)", what,
		             (long long)st.st_size, max >> 20);
		goto out;
	}
	if ((*buf = malloc((size_t)st.st_size + 1)) == NULL) {
		rc = PP_ENOMEM;
		goto out;
	}
	while (got < (size_t)st.st_size &&
	       (r = read(fd, *buf + got, (size_t)st.st_size - got)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = problem(diags, "cannot read: %s", strerror(errno));
			free(*buf);
			*buf = NULL;
			goto out;
		}
		got += (size_t)r;
	}
	*len = got;
out:
	close(fd);
	return rc;
}
