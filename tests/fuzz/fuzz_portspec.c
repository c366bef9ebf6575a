/*
 * Fuzz harness of the -p parser (pp_portspec_parse, and pp_portset_parse, its
 * prefix-free form that profiles use).  The input, cut at its first NUL, is a
 * port spec.  Any text must give either an error of one line whose offset lies
 * inside the spec, or port sets that hold only ports 1-65535 in sorted, disjoint,
 * non-adjacent ranges, format back to a spec that parses to the same sets, and
 * obey the set algebra (|A u B| + |A n B| = |A| + |B|, A - B disjoint from B).
 * The prefix-free parser accepts a spec only if -p does, with the same TCP set.
 *
 * Built by `make check` with tests/fuzz/replay.c, it replays the seed corpus
 * tests/fuzz/corpus/portspec; `make fuzz` builds it with libFuzzer.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "pp_portset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_set(const pp_portset *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		if (ps->r[i].lo == 0 || ps->r[i].lo > ps->r[i].hi)
			abort();
		if (i > 0 && (unsigned)ps->r[i - 1].hi + 1 >= ps->r[i].lo)
			abort(); /* overlapping or adjacent: should have merged */
	}
	if (pp_portset_count(ps) > 0 &&
	    !pp_portset_contains(ps, pp_portset_nth(ps, pp_portset_count(ps) - 1)))
		abort();
}

/* The set formats to a spec that parses back to itself. */
static void
round_trip(const pp_portset *ps)
{
	size_t need = pp_portset_format(ps, NULL, 0);
	char *buf, err[256];
	pp_portset back;

	if (ps->n == 0 || (buf = malloc(need + 1)) == NULL)
		return;
	if (pp_portset_format(ps, buf, need + 1) != need || strlen(buf) != need)
		abort();
	pp_portset_init(&back);
	if (pp_portset_parse(buf, &back, NULL, err, sizeof(err)) < 0 ||
	    !pp_portset_equal(ps, &back))
		abort();
	pp_portset_free(&back);
	free(buf);
}

static void
algebra(const pp_portset *a, const pp_portset *b)
{
	pp_portset u, n, d;

	pp_portset_init(&u);
	pp_portset_init(&n);
	pp_portset_init(&d);
	if (pp_portset_copy(&u, a) == 0 && pp_portset_union(&u, b) == 0 &&
	    pp_portset_intersect(&n, a, b) == 0) {
		check_set(&u);
		check_set(&n);
		if (pp_portset_count(&u) + pp_portset_count(&n) !=
		    pp_portset_count(a) + pp_portset_count(b))
			abort();
	}
	if (pp_portset_copy(&d, a) == 0 && pp_portset_subtract(&d, b) == 0) {
		pp_portset_clear(&n);
		check_set(&d);
		if (pp_portset_intersect(&n, &d, b) == 0 && pp_portset_count(&n) != 0)
			abort();
	}
	pp_portset_free(&u);
	pp_portset_free(&n);
	pp_portset_free(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pp_portset tcp, udp, plain;
	char *spec, err[256];
	size_t off = 0, len;
	int rc, rc2;

	if ((spec = malloc(size + 1)) == NULL)
		return 0;
	memcpy(spec, data, size);
	spec[size] = '\0';
	len = strlen(spec);
	pp_portset_init(&tcp);
	pp_portset_init(&udp);
	pp_portset_init(&plain);
	err[0] = '\0';
	rc = pp_portspec_parse(spec, PP_PROTO_TCP, &tcp, &udp, &off, err, sizeof(err));
	if (rc < 0) {
		if (off > len || err[0] == '\0' || strchr(err, '\n') != NULL)
			abort(); /* one line, pointing inside the spec */
	} else {
		check_set(&tcp);
		check_set(&udp);
		round_trip(&tcp);
		round_trip(&udp);
		algebra(&tcp, &udp);
		algebra(&udp, &tcp);
	}
	rc2 = pp_portset_parse(spec, &plain, &off, err, sizeof(err));
	if (rc2 == 0 && (rc < 0 || !pp_portset_equal(&plain, &tcp) || pp_portset_count(&udp) != 0))
		abort(); /* no prefixes: the same TCP set as -p */
	if (rc2 < 0 && off > len)
		abort();
	pp_portset_free(&tcp);
	pp_portset_free(&udp);
	pp_portset_free(&plain);
	free(spec);
	return 0;
}
