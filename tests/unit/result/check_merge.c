/*
 * Unit tests of `merge`: the shards of an audit and of a scan, split here from a
 * whole result as `--shard K/N` would split the probes, merge back into exactly
 * the whole (same JSON bytes, scores included: merge tallies them again); and the
 * inputs merge must refuse or warn about.  check_score holds the scorer's own
 * shards, alternatives split between them, merged back.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "pp_score.h"
#include "result_fixture.h"
#include "runner.h"

/*
 * Shard k of n of whole: port i (counted over all hosts) goes to shard i % n; each
 * shard has every host that has a port in it, its own times, counters and args,
 * and scores recomputed for its part, as the scorer of that shard would.
 */
static struct pp_result *
shard(const struct pp_result *whole, unsigned k, unsigned n)
{
	struct pp_result *s = pp_result_new();
	struct pp_host_result *h;
	size_t i, j, idx = 0;
	char spec[16];

	s->tool_version = strdup(whole->tool_version);
	s->deployment = whole->deployment ? strdup(whole->deployment) : NULL;
	s->started = whole->started + (k - 1);
	s->finished = whole->finished - (n - k);
	s->rate = whole->rate;
	s->complete = whole->complete;
	s->sent = whole->sent / n + (k == 1 ? whole->sent % n : 0);
	s->received = whole->received / n + (k == 1 ? whole->received % n : 0);
	s->shard_k = k;
	s->shard_n = n;
	s->args = calloc(whole->nargs + 3, sizeof(*s->args));
	for (i = 0; i < whole->nargs; i++)
		s->args[s->nargs++] = strdup(whole->args[i]);
	snprintf(spec, sizeof(spec), "%u/%u", k, n);
	s->args[s->nargs++] = strdup("--shard");
	s->args[s->nargs++] = strdup(spec);
	for (i = 0; i < whole->nhosts; i++) {
		const struct pp_host_result *w = &whole->hosts[i];
		for (j = 0; j < w->nports; j++, idx++) {
			const struct pp_port_result *p = &w->ports[j];
			struct pp_port_result *q;
			if (idx % n != k - 1)
				continue;
			h = pp_result_host(s, &w->addr);
			if (h->name == NULL && w->name != NULL) {
				h->name = strdup(w->name);
				h->profile = strdup(w->profile);
				h->role = strdup(w->role);
			}
			h->other_tcp = w->other_tcp;
			h->other_udp = w->other_udp;
			q = pp_host_add_port(h, p->proto, p->port);
			*q = *p;
			q->probe = p->probe ? strdup(p->probe) : NULL;
			q->service = p->service ? strdup(p->service) : NULL;
			q->alternative = p->alternative ? strdup(p->alternative) : NULL;
			q->ref = p->ref ? strdup(p->ref) : NULL;
			q->detail = p->detail ? strdup(p->detail) : NULL;
		}
	}
	pp_result_sort(s);
	if (s->deployment != NULL)
		pp_score_tally(s);
	return s;
}

/* Equal texts, or a failure quoting the first line that differs. */
static void
same_text(const char *got, const char *want)
{
	size_t i = 0, line = 1, start = 0;

	while (got[i] != '\0' && got[i] == want[i]) {
		if (got[i] == '\n') {
			line++;
			start = i + 1;
		}
		i++;
	}
	ck_assert_msg(got[i] == want[i], "line %zu: got '%.150s', want '%.150s'", line, got + start,
	              want + start);
}

static void
merge_equals_whole(struct pp_result *whole, unsigned n)
{
	struct pp_result *in[8], *m;
	const char *names[8] = {"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"};
	char err[256], warn[512], *a, *b;
	unsigned k;

	for (k = 1; k <= n; k++)
		in[n - k] = shard(whole, k, n); /* in any order */
	ck_assert_int_eq(pp_result_merge(in, names, n, &m, err, sizeof(err), warn, sizeof(warn)),
	                 0);
	ck_assert_str_eq(warn, "");
	a = fx_json(whole);
	b = fx_json(m);
	same_text(b, a);
	free(a);
	free(b);
	pp_result_free(m);
	for (k = 0; k < n; k++)
		pp_result_free(in[k]);
}

START_TEST(test_audit_shards)
{
	struct pp_result *whole = fx_audit();

	merge_equals_whole(whole, 1);
	merge_equals_whole(whole, 2);
	merge_equals_whole(whole, 3);
	merge_equals_whole(whole, 7); /* more shards than some hosts have ports */
	pp_result_free(whole);
}
END_TEST

START_TEST(test_scan_shards)
{
	struct pp_result *whole = fx_scan();

	merge_equals_whole(whole, 2);
	merge_equals_whole(whole, 4);
	whole->complete = 0;
	merge_equals_whole(whole, 2);
	pp_result_free(whole);
}
END_TEST

START_TEST(test_refused)
{
	struct pp_result *w = fx_audit(), *s1 = shard(w, 1, 3), *s2 = shard(w, 2, 3),
	                 *s3 = shard(w, 3, 3), *t = shard(w, 2, 2), *in[3], *m;
	const char *names[3] = {"a.json", "b.json", "c.json"};
	char err[256];

	in[0] = s1;
	in[1] = s2;
	ck_assert_int_eq(pp_result_merge(in, names, 2, &m, err, sizeof(err), NULL, 0), PP_EINVAL);
	ck_assert_str_eq(err, "shard 3/3 is missing");
	in[1] = s1;
	ck_assert_int_eq(pp_result_merge(in, names, 2, &m, err, sizeof(err), NULL, 0), PP_EINVAL);
	ck_assert_str_eq(err, "a.json and b.json are both shard 1/3");
	in[1] = t;
	ck_assert_int_eq(pp_result_merge(in, names, 2, &m, err, sizeof(err), NULL, 0), PP_EINVAL);
	ck_assert_str_eq(err, "b.json is shard 2/2 but a.json is shard 1/3: not one run");
	in[1] = s2;
	in[2] = s3;
	free(s3->deployment);
	s3->deployment = strdup("other-site");
	ck_assert_int_eq(pp_result_merge(in, names, 3, &m, err, sizeof(err), NULL, 0), PP_EINVAL);
	ck_assert_str_eq(err, "c.json is an audit of other-site but a.json is an audit of "
	                      "mediasense-lab");
	ck_assert_ptr_null(m);
	ck_assert_int_eq(pp_result_merge(in, names, 0, &m, err, sizeof(err), NULL, 0), PP_EINVAL);
	pp_result_free(w);
	pp_result_free(s1);
	pp_result_free(s2);
	pp_result_free(s3);
	pp_result_free(t);
}
END_TEST

START_TEST(test_warnings)
{
	struct pp_result *w = fx_audit(), *in[2], *m;
	const char *names[2] = {"a.json", "b.json"};
	char err[256], warn[512];

	in[0] = shard(w, 1, 2);
	in[1] = shard(w, 2, 2);
	in[1]->hosts[0].other_tcp = PP_STATE_FILTERED;
	ck_assert_int_eq(pp_result_merge(in, names, 2, &m, err, sizeof(err), warn, sizeof(warn)),
	                 0);
	ck_assert_str_eq(warn, "198.18.1.10: shards disagree on the state of unlisted tcp ports; "
	                       "kept closed\n");
	ck_assert_uint_eq(m->verdicts[PP_VERDICT_PASS], 2);
	pp_result_free(m);
	pp_result_free(in[0]);
	pp_result_free(in[1]);
	pp_result_free(w);
}
END_TEST

START_TEST(test_scores_tallied)
{
	struct pp_result *w = fx_audit(), *in[2], *m;
	const char *names[2] = {"a.json", "b.json"};
	char err[256];

	/* What the shards carry is not summed or trusted: the scores come from the
	 * joined ports, as the unsharded audit's did. */
	in[0] = shard(w, 1, 2);
	in[1] = shard(w, 2, 2);
	in[0]->hosts[0].score = 99;
	in[1]->has_score = 0;
	ck_assert_int_eq(pp_result_merge(in, names, 2, &m, err, sizeof(err), NULL, 0), 0);
	ck_assert(m->has_score);
	ck_assert_double_eq_tol(m->score, 100.0 * 6 / 17, 1e-9);
	ck_assert_double_eq_tol(m->hosts[0].score, 100.0 * 3 / 9, 1e-9);
	ck_assert_double_eq_tol(m->hosts[1].score, 100.0 * 3 / 8, 1e-9);
	pp_result_free(m);
	pp_result_free(in[0]);
	pp_result_free(in[1]);
	pp_result_free(w);
}
END_TEST

/* r taken from vantage v of a deployment that lists "any" and "cluster". */
static struct pp_result *
from(struct pp_result *r, const char *v)
{
	r->vantage = v ? strdup(v) : NULL;
	r->vantages = calloc(2, sizeof(*r->vantages));
	r->vantages[r->nvantages++] = strdup("any");
	r->vantages[r->nvantages++] = strdup("cluster");
	return r;
}

/* Results of two zones (one whole, one in two shards): one entry per port and
 * zone, every (port, vantage) an item of the scores, and back through the JSON. */
START_TEST(test_vantages)
{
	struct pp_result *w = fx_audit(), *in[3], *m, *back;
	const char *names[3] = {"any.json", "c1.json", "c2.json"};
	struct pp_port_result *p;
	char err[256], warn[512], *a, *b;
	size_t i;

	in[0] = from(shard(w, 1, 1), "any");
	in[1] = from(shard(w, 1, 2), "cluster");
	in[2] = from(shard(w, 2, 2), "cluster");
	ck_assert_int_eq(pp_result_merge(in, names, 3, &m, err, sizeof(err), warn, sizeof(warn)),
	                 0);
	ck_assert_str_eq(warn, "");
	ck_assert_ptr_null(m->vantage);
	ck_assert_uint_eq(m->nvantages, 2);
	ck_assert_uint_eq(m->nunverified, 0);
	ck_assert(pp_result_by_vantage(m));
	for (i = 0; i < m->nhosts; i++)
		ck_assert_uint_eq(m->hosts[i].nports, 2 * w->hosts[i].nports);
	ck_assert_uint_eq(m->verdicts[PP_VERDICT_PASS], 2 * w->verdicts[PP_VERDICT_PASS]);
	ck_assert_uint_eq(m->verdicts[PP_VERDICT_BLOCKED], 2 * w->verdicts[PP_VERDICT_BLOCKED]);
	ck_assert_double_eq_tol(m->score, w->score, 1e-9); /* twice the items, same ratio */
	p = pp_host_find_port_from(&m->hosts[0], PP_PROTO_TCP, 8440, "cluster");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->vantage, "cluster");
	ck_assert_str_eq(pp_port_vantage(m, p), "cluster");
	ck_assert_ptr_nonnull(pp_host_find_port_from(&m->hosts[0], PP_PROTO_TCP, 8440, "any"));
	a = fx_json(m);
	ck_assert_ptr_nonnull(strstr(a, "\"port\": 8440, \"vantage\": \"any\", \"state\""));
	ck_assert_ptr_nonnull(strstr(a, "\"vantages\": [\"any\", \"cluster\"]"));
	ck_assert_int_eq(pp_result_parse_json("m", a, strlen(a), &back, err, sizeof(err)), 0);
	b = fx_json(back);
	same_text(b, a);
	free(a);
	free(b);
	pp_result_free(back);
	pp_result_free(m);

	/* A port that fails from one zone only lowers the score, counted once. */
	p = pp_host_find_port(&in[1]->hosts[0], PP_PROTO_TCP, 8440);
	if (p == NULL)
		p = pp_host_find_port(&in[2]->hosts[0], PP_PROTO_TCP, 8440);
	ck_assert_ptr_nonnull(p);
	p->verdict = p->verdict == PP_VERDICT_PASS ? PP_VERDICT_EXPOSED : PP_VERDICT_PASS;
	ck_assert_int_eq(pp_result_merge(in, names, 3, &m, err, sizeof(err), NULL, 0), 0);
	ck_assert_uint_ne(
	        pp_host_find_port_from(&m->hosts[0], PP_PROTO_TCP, 8440, "any")->verdict,
	        pp_host_find_port_from(&m->hosts[0], PP_PROTO_TCP, 8440, "cluster")->verdict);
	ck_assert(m->score != w->score);
	pp_result_free(m);

	/* One zone only: the other is named, with the rows it leaves unchecked. */
	ck_assert_int_eq(pp_result_merge(in + 1, names + 1, 2, &m, err, sizeof(err), NULL, 0), 0);
	ck_assert_str_eq(m->vantage, "cluster");
	ck_assert(!pp_result_by_vantage(m));
	ck_assert_uint_eq(m->nunverified, 1);
	ck_assert_str_eq(m->unverified[0].vantage, "any");
	ck_assert_uint_eq(m->unverified[0].rows, 6);
	a = fx_json(m);
	ck_assert_ptr_nonnull(strstr(a, "\"unverified\": [{\"vantage\": \"any\", \"rows\": 6}]"));
	free(a);
	pp_result_free(m);
	for (i = 0; i < 3; i++)
		pp_result_free(in[i]);
	pp_result_free(w);
}
END_TEST

/* Bad sets of zones: exit 2 material, nothing merged. */
/* A host behind a SYN proxy: each shard of a zone counts the proxy's ports it
 * probed, and they add up; two zones probed the same ports, and do not. */
START_TEST(test_middlebox_by_vantage)
{
	struct pp_result *w = fx_audit(), *in[3], *m;
	const char *names[3] = {"any.json", "c1.json", "c2.json"};
	char err[256];
	size_t i;

	in[0] = from(shard(w, 1, 1), "any");
	in[1] = from(shard(w, 1, 2), "cluster");
	in[2] = from(shard(w, 2, 2), "cluster");
	for (i = 0; i < 3; i++) {
		struct pp_host_result *h = pp_result_host(in[i], &w->hosts[0].addr);
		h->middlebox = strdup("syn-proxy");
		h->middlebox_ports = i == 0 ? 900 : 400 + (uint32_t)i;
	}
	ck_assert_int_eq(pp_result_merge(in, names, 3, &m, err, sizeof(err), NULL, 0), 0);
	ck_assert_str_eq(m->hosts[0].middlebox, "syn-proxy");
	ck_assert_uint_eq(m->hosts[0].middlebox_ports, 900); /* not 900 + 401 + 402 */
	pp_result_free(m);
	in[0]->hosts[0].middlebox_ports = 700;
	ck_assert_int_eq(pp_result_merge(in, names, 3, &m, err, sizeof(err), NULL, 0), 0);
	ck_assert_uint_eq(m->hosts[0].middlebox_ports, 803); /* cluster's two shards */
	pp_result_free(m);
	for (i = 0; i < 3; i++)
		pp_result_free(in[i]);
	pp_result_free(w);
}
END_TEST

START_TEST(test_vantages_refused)
{
	struct pp_result *w = fx_audit(), *in[3], *m = NULL;
	const char *names[3] = {"any.json", "c1.json", "old.json"};
	char err[256];

	in[0] = from(shard(w, 1, 1), "any");
	in[1] = from(shard(w, 1, 2), "cluster");
	in[2] = shard(w, 2, 2); /* an older portproof: no vantage */
	ck_assert_int_eq(pp_result_merge(in, names, 3, &m, err, sizeof(err), NULL, 0), PP_EINVAL);
	ck_assert_str_eq(err, "old.json has no vantage (a result of an older portproof) but "
	                      "any.json was taken from vantage any: which zone saw what is not "
	                      "known");
	pp_result_free(in[2]);
	in[2] = from(shard(w, 1, 2), "cluster");
	ck_assert_int_eq(pp_result_merge(in, names, 3, &m, err, sizeof(err), NULL, 0), PP_EINVAL);
	ck_assert_str_eq(err, "c1.json and old.json are both shard 1/2 from vantage cluster");
	pp_result_free(in[2]);
	in[2] = from(shard(w, 2, 3), "cluster");
	ck_assert_int_eq(pp_result_merge(in, names, 3, &m, err, sizeof(err), NULL, 0), PP_EINVAL);
	ck_assert_str_eq(err, "old.json is shard 2/3 from vantage cluster but c1.json is shard "
	                      "1/2: not one run");
	pp_result_free(in[2]);
	ck_assert_int_eq(pp_result_merge(in, names, 2, &m, err, sizeof(err), NULL, 0), PP_EINVAL);
	ck_assert_str_eq(err, "shard 2/2 from vantage cluster is missing");
	/* --partial: a missing shard is a warning; the result is incomplete. */
	ck_assert_int_eq(pp_result_merge_opts(in, names, 2, PP_MERGE_PARTIAL, &m, err, sizeof(err),
	                                      err, sizeof(err)),
	                 0);
	ck_assert_str_eq(err, "shard 2/2 from vantage cluster is missing: the result is "
	                      "incomplete\n");
	ck_assert(!m->complete);
	pp_result_free(m);
	m = NULL;
	in[2] = from(shard(w, 2, 2), "cluster");
	free(in[2]->vantages[1]);
	in[2]->vantages[1] = strdup("dmz");
	ck_assert_int_eq(pp_result_merge(in, names, 3, &m, err, sizeof(err), NULL, 0), PP_EINVAL);
	ck_assert_str_eq(err, "old.json lists the vantages any, dmz but any.json lists any, "
	                      "cluster: not one deployment");
	ck_assert_ptr_null(m);
	pp_result_free(in[0]);
	pp_result_free(in[1]);
	pp_result_free(in[2]);
	pp_result_free(w);
}
END_TEST

static Suite *
merge_suite(void)
{
	Suite *s = suite_create("merge");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_audit_shards);
	tcase_add_test(tc, test_scan_shards);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_warnings);
	tcase_add_test(tc, test_scores_tallied);
	tcase_add_test(tc, test_vantages);
	tcase_add_test(tc, test_middlebox_by_vantage);
	tcase_add_test(tc, test_vantages_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(merge_suite());
}
