/*
 * pp-check: the listener check (pp_check.h) alone, on the open TCP ports of a
 * result file, for the tests of hosts the engine cannot probe yet (IPv6: issue
 * 18).  Each port is expected and speaks what -s names (default: none, so the
 * check waits for a greeting, then asks as HTTP); the result, with "seen" filled
 * in, goes to stdout as portproof-result/1 JSON.  Exit 0, or 1 with a line.
 *
 *   pp-check [-s SPEAKS] RESULT.json
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pp_check.h"
#include "pp_result.h"

static int
expect(void *arg, const struct pp_addr *addr, unsigned port, const char **speaks)
{
	(void)addr;
	(void)port;
	*speaks = arg;
	return 1;
}

int
main(int argc, char **argv)
{
	static const volatile sig_atomic_t stop = 0;
	struct pp_check_opts o = {0};
	struct pp_check_stats st;
	struct pp_result *r;
	char err[512];
	int c;

	while ((c = getopt(argc, argv, "s:")) != -1) {
		if (c != 's')
			return 1;
		o.arg = optarg;
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: pp-check [-s SPEAKS] RESULT.json\n");
		return 1;
	}
	if (pp_result_read_json(argv[optind], &r, err, sizeof(err)) < 0) {
		fprintf(stderr, "pp-check: %s\n", err);
		return 1;
	}
	o.expect = expect;
	if (pp_check_run(r, &o, &stop, &st, err, sizeof(err)) < 0) {
		fprintf(stderr, "pp-check: %s\n", err);
		pp_result_free(r);
		return 1;
	}
	pp_result_write_json(r, stdout);
	pp_result_free(r);
	return 0;
}
