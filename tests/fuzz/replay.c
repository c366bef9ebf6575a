/*
 * The main() of every fuzz harness built as a check program: it feeds each file
 * of the harness's seed corpus (PP_FUZZ_CORPUS, a directory), or the files and
 * directories named on the command line, to LLVMFuzzerTestOneInput, as libFuzzer
 * would.  Each input sits in a heap buffer of exactly its size, so an ASan build
 * sees a read one byte past the end.  `make check` runs it on the checked-in
 * corpus; an empty corpus is a mistake, not a pass.  Under libFuzzer (make fuzz)
 * this file is not linked: libFuzzer brings its own main().
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL, *exact;
	size_t len = 0, cap = 0, r;

	if (fp == NULL) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap = cap ? cap * 2 : 4096);
			if (nb == NULL) {
				free(buf);
				fclose(fp);
				return -1;
			}
			buf = nb;
		}
		if ((r = fread(buf + len, 1, cap - len, fp)) == 0)
			break;
		len += r;
	}
	fclose(fp);
	/* malloc(0) may return NULL: keep one byte, pass a length of 0. */
	if ((exact = malloc(len ? len : 1)) == NULL) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

/* A file, or every file under a directory (hidden ones skipped). */
static int
replay(const char *path, unsigned *n)
{
	struct stat st;
	struct dirent *e;
	char sub[4096];
	DIR *d;
	int rc = 0;

	if (stat(path, &st) < 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*n)++;
		return replay_file(path);
	}
	if ((d = opendir(path)) == NULL) {
		perror(path);
		return -1;
	}
	while ((e = readdir(d)) != NULL && rc == 0) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		rc = replay(sub, n);
	}
	closedir(d);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	unsigned n = 0;
	int i;

	if (argc < 2 && replay(PP_FUZZ_CORPUS, &n) < 0)
		return 1;
	for (i = 1; i < argc; i++)
		if (replay(argv[i], &n) < 0)
			return 1;
	printf("%s: %u inputs replayed from %s\n", name, n, argc < 2 ? PP_FUZZ_CORPUS : "argv");
	return n > 0 ? 0 : 1;
}
