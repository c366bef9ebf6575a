/*
 * Writing an output file so that it is either the old file or the whole new one,
 * never a truncated mix: a temporary file in the same directory (so rename(2) is
 * atomic), fsync, rename over the target, fsync the directory.  A scan killed
 * mid-write, a full disk or a reporter error leaves the old file as it was.
 * Targets that are not regular files (/dev/null, a FIFO, /dev/stdout) are written
 * in place: renaming over a device node would replace it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pp_error.h"
#include "pp_report.h"

/* The process umask without changing it (umask(2) can only set it). */
static mode_t
current_umask(void)
{
	FILE *fp = fopen("/proc/self/status", "r");
	char line[128];
	unsigned m;
	mode_t mask = 022;

	if (fp == NULL)
		return mask;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, "Umask: %o", &m) == 1) {
			mask = (mode_t)m;
			break;
		}
	fclose(fp);
	return mask;
}

static int
to_stream(FILE *fp, const char *name, int (*write)(FILE *, void *), void *arg, char *err,
          size_t errlen)
{
	int rc;

	if ((rc = write(fp, arg)) < 0)
		return rc;
	if (fflush(fp) != 0 || ferror(fp))
		return pp__errf(err, errlen, PP_EIO, "%s: %s", name, strerror(errno));
	return 0;
}

/* A device, FIFO or socket: write in place. */
static int
in_place(const char *path, int (*write)(FILE *, void *), void *arg, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "w");
	int rc;

	if (fp == NULL)
		return pp__errf(err, errlen, PP_EIO, "%s: %s", path, strerror(errno));
	rc = to_stream(fp, path, write, arg, err, errlen);
	if (fclose(fp) != 0 && rc == 0)
		rc = pp__errf(err, errlen, PP_EIO, "%s: %s", path, strerror(errno));
	return rc;
}

static void
sync_dir(const char *tmp)
{
	char *dir = strdup(tmp), *slash;
	int fd;

	if (dir == NULL)
		return;
	slash = strrchr(dir, '/');
	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd); /* best effort: the rename is done either way */
		close(fd);
	}
	free(dir);
}

int
pp_save_atomic(const char *path, int (*write)(FILE *fp, void *arg), void *arg, char *err,
               size_t errlen)
{
	const char *base;
	struct stat st;
	mode_t mode;
	FILE *fp = NULL;
	char *tmp;
	int fd, rc = 0;

	if (path == NULL || strcmp(path, "-") == 0)
		return to_stream(stdout, "stdout", write, arg, err, errlen);
	if (path[0] == '\0')
		return pp__errf(err, errlen, PP_EINVAL, "empty output file name");
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return pp__errf(err, errlen, PP_EINVAL, "%s: is a directory", path);
		if (!S_ISREG(st.st_mode))
			return in_place(path, write, arg, err, errlen);
		mode = st.st_mode & 07777;
	} else {
		mode = 0666 & ~current_umask();
	}

	/* "dir/.name.XXXXXX": hidden, and in the same file system as path. */
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if ((tmp = malloc(strlen(path) + 10)) == NULL)
		return pp__errf(err, errlen, PP_ENOMEM, "%s: out of memory", path);
	snprintf(tmp, strlen(path) + 10, "%.*s.%s.XXXXXX", (int)(base - path), path, base);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		rc = pp__errf(err, errlen, PP_EIO, "%s: %s", path, strerror(errno));
		free(tmp);
		return rc;
	}
	if (fchmod(fd, mode) < 0 || (fp = fdopen(fd, "w")) == NULL) {
		rc = pp__errf(err, errlen, PP_EIO, "%s: %s", path, strerror(errno));
		close(fd);
		goto out;
	}
	if ((rc = to_stream(fp, path, write, arg, err, errlen)) < 0) {
		fclose(fp);
		goto out;
	}
	if (fsync(fileno(fp)) < 0 && errno != EINVAL) {
		rc = pp__errf(err, errlen, PP_EIO, "%s: %s", path, strerror(errno));
		fclose(fp);
		goto out;
	}
	if (fclose(fp) != 0) {
		rc = pp__errf(err, errlen, PP_EIO, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (rename(tmp, path) < 0) {
		rc = pp__errf(err, errlen, PP_EIO, "%s: %s", path, strerror(errno));
		goto out;
	}
	sync_dir(tmp);
out:
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
