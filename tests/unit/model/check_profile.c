/*
 * Unit tests of the profile loader, its linter and its queries: a good profile
 * read into the model, each lint problem alone in an otherwise good profile with
 * the line and column it must be reported at, bad bytes of every kind, the shipped
 * profiles, and the services a role gets with and without features.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "portproof.h"
#include "pp_profile.h"
#include "runner.h"

/* A small profile that uses every part of the format; the cases below each change
 * one thing in it. */
static const char base[] =
        "{\n"
        "  \"schema\": \"portproof-profile/1\",\n"
        "  \"id\": \"t\",\n"
        "  \"product\": \"Test product\",\n"
        "  \"document\": {\"title\": \"Test document\", \"file\": \"t.txt\"},\n"
        "  \"zones\": {\"any\": \"anyone\", \"cluster\": \"the other nodes\"},\n"
        "  \"features\": {\"secure\": \"TLS is on\"},\n"
        "  \"roles\": {\"a\": {\"description\": \"role a\"}, \"b\": {\"description\": \"role "
        "b\"}},\n"
        "  \"services\": [\n"
        "    {\"id\": \"web\", \"proto\": \"tcp\", \"ports\": \"443,8443\", \"roles\": [\"*\"], "
        "\"from\": [\"any\"],\n"
        "     \"requirement\": \"mandatory\", \"kind\": \"listen\", \"name\": \"https\", \"ref\": "
        "\"T1\"},\n"
        "    {\"id\": \"rtp\", \"proto\": \"udp\", \"ports\": \"10000-20000\", \"roles\": [\"a\"], "
        "\"from\": [\"any\"],\n"
        "     \"requirement\": \"mandatory\", \"kind\": \"dynamic\", \"ref\": \"T2\"},\n"
        "    {\"id\": \"sip-tls\", \"proto\": \"tcp\", \"ports\": \"5061\", \"roles\": [\"a\"], "
        "\"from\": [\"cluster\"],\n"
        "     \"requirement\": \"mandatory\", \"when\": \"secure\", \"kind\": \"listen\", \"ref\": "
        "\"T3\"},\n"
        "    {\"id\": \"sip\", \"proto\": \"tcp\", \"ports\": \"5060-5061\", \"roles\": [\"a\"], "
        "\"from\": [],\n"
        "     \"requirement\": \"optional\", \"when\": [\"!secure\"], \"kind\": \"listen\", "
        "\"ref\": \"T4\"}\n"
        "  ],\n"
        "  \"alternatives\": [{\"id\": \"sip-any\", \"one_of\": [\"sip\", \"sip-tls\"]}],\n"
        "  \"errata\": [{\"ref\": \"T3\", \"document_says\": \"SIP UDP 5061\", \"reading\": \"TCP "
        "5061\", \"why\": \"TLS\"}],\n"
        "  \"excluded\": [{\"ref\": \"T5\", \"why\": \"outbound only\"}]\n"
        "}\n";

/* Each case: replace old by new in base (old NULL: the first 300 bytes of base),
 * and the one problem expected, where, and a part of its message. */
static const struct {
	const char *name, *old, *new;
	unsigned line, col;
	const char *says;
} cases[] = {
        {"truncated", NULL, NULL, 8, 64, "unexpected end of file"},
        {"trailing comma", "\"outbound only\"}]\n", "\"outbound only\"}],\n", 22, 1,
         "a comma before '}'"},
        {"missing colon", "\"product\": \"Test", "\"product\" \"Test", 4, 13, "expected ':'"},
        {"wrong type", "\"proto\": \"udp\"", "\"proto\": 17", 12, 28, "'proto' must be a string"},
        {"ports not a string", "\"ports\": \"5061\"", "\"ports\": 5061", 14, 48,
         "'ports' must be a string"},
        {"missing key", ", \"ref\": \"T2\"}", "}", 12, 5, "service 'rtp': missing key 'ref'"},
        {"missing top key", "  \"product\": \"Test product\",\n", "", 1, 1,
         "missing key 'product'"},
        {"unknown key", "\"name\": \"https\"", "\"nmae\": \"https\"", 11, 52,
         "unknown key 'nmae' (did you mean 'name'?)"},
        {"misspelt required key", "\"kind\": \"dynamic\"", "\"knd\": \"dynamic\"", 13, 34,
         "unknown key 'knd' (did you mean 'kind'?)"},
        {"unknown top key", "\"errata\"", "\"erata\"", 20, 3,
         "unknown key 'erata' (did you mean 'errata'?)"},
        {"duplicate key", "\"id\": \"t\",", "\"id\": \"t\", \"id\": \"u\",", 3, 14,
         "duplicate key 'id' (first at line 3, column 3)"},
        {"port 70000", "\"443,8443\"", "\"443,70000\"", 10, 49, "bad port '70000': above 65535"},
        {"port 0", "\"5061\"", "\"0,5061\"", 14, 49, "port 0 is not allowed"},
        {"reversed range", "\"10000-20000\"", "\"20000-10000\"", 12, 45, "reversed range"},
        {"empty element", "\"443,8443\"", "\"443,,8443\"", 10, 49, "empty element"},
        {"empty ports", "\"443,8443\"", "\"\"", 10, 45, "empty port list"},
        {"escaped ports", "\"443,8443\"", "\"\\u0034\\u00343,99999\"", 10, 59, "above 65535"},
        {"unknown role", "\"roles\": [\"a\"], \"from\": [\"cluster\"]",
         "\"roles\": [\"a\", \"c\"], \"from\": [\"cluster\"]", 14, 71, "unknown role 'c'"},
        {"star not alone", "\"roles\": [\"*\"]", "\"roles\": [\"a\", \"*\"]", 10, 71,
         "must be alone"},
        {"empty roles", "\"roles\": [\"a\"], \"from\": []", "\"roles\": [], \"from\": []", 16, 66,
         "'roles' is empty"},
        {"unknown zone", "\"from\": [\"cluster\"]", "\"from\": [\"dmz\"]", 14, 81,
         "unknown zone 'dmz'"},
        {"unknown feature", "\"when\": \"secure\"", "\"when\": \"tls\"", 15, 42,
         "unknown feature 'tls'"},
        {"when never holds", "\"when\": [\"!secure\"]", "\"when\": [\"!secure\", \"secure\"]", 17,
         53, "never holds"},
        {"when wrong type", "\"when\": \"secure\"", "\"when\": true", 15, 42,
         "'when' must be a string or an array of strings"},
        {"unknown member", "[\"sip\", \"sip-tls\"]", "[\"sip\", \"sip-tcp\"]", 19, 56,
         "unknown service 'sip-tcp'"},
        {"duplicate id", "\"id\": \"rtp\"", "\"id\": \"web\"", 12, 12,
         "service 'web': duplicate service id (first at line 10, column 12)"},
        {"bad id", "\"id\": \"rtp\"", "\"id\": \"RTP\"", 12, 12, "id 'RTP' is not lower-case"},
        {"bad requirement", "\"requirement\": \"optional\"", "\"requirement\": \"must\"", 17, 21,
         "'requirement' is 'must'; it must be mandatory, recommended or optional"},
        {"bad speaks", "\"name\": \"https\", \"ref\": \"T1\"",
         "\"name\": \"https\", \"speaks\": \"https\", \"ref\": \"T1\"", 11, 79,
         "'speaks' is 'https'; it must be one of tls, http"},
        {"speaks on udp", "\"dynamic\", \"ref\": \"T2\"",
         "\"dynamic\", \"speaks\": \"http\", \"ref\": \"T2\"", 13, 63,
         "'speaks' names what a TCP listener says; this service is udp"},
        {"bad proto", "\"proto\": \"udp\"", "\"proto\": \"sctp\"", 12, 28,
         "'proto' is 'sctp'; it must be tcp or udp"},
        {"conflict", "\"requirement\": \"optional\", \"when\": [\"!secure\"]",
         "\"requirement\": \"optional\"", 16, 44,
         "tcp/5061 on role 'a' is optional here but mandatory in service 'sip-tls' (line 14); "
         "their 'when' can both hold"},
        {"conflict with all roles", "\"ports\": \"5060-5061\"", "\"ports\": \"443,5060-5061\"", 16,
         44,
         "service 'sip': tcp/443 on role 'a' is optional here but mandatory in service 'web' (line "
         "10); their 'when' can both hold"},
        {"schema", "\"portproof-profile/1\"", "\"portproof-profile/2\"", 2, 13,
         "schema 'portproof-profile/2' is not portproof-profile/1"},
        {"document type", "\"document\": {\"title\": \"Test document\", \"file\": \"t.txt\"}",
         "\"document\": \"t.txt\"", 5, 15, "'document' must be an object or a non-empty array"},
        {"zone not described", "\"cluster\": \"the other nodes\"", "\"cluster\": \"\"", 6, 41,
         "zone 'cluster' must be described"},
        {"bad number", "\"proto\": \"udp\"", "\"proto\": 01", 12, 29,
         "unexpected '1', expected ',' or '}'"},
};

static char *
subst(const char *text, const char *old, const char *new)
{
	const char *at = strstr(text, old);
	size_t lo = strlen(old), ln = strlen(new), lt = strlen(text);
	char *out;

	ck_assert_msg(at != NULL, "'%s' not in the base profile", old);
	ck_assert_msg(strstr(at + 1, old) == NULL, "'%s' twice in the base profile", old);
	out = malloc(lt - lo + ln + 1);
	ck_assert_ptr_nonnull(out);
	memcpy(out, text, (size_t)(at - text));
	memcpy(out + (at - text), new, ln);
	strcpy(out + (at - text) + ln, at + lo);
	return out;
}

static int
parse(const char *text, size_t len, pp_profile **p, struct pp_diags *d)
{
	pp_diags_init(d);
	return pp_profile_parse(text, len, p, d);
}

static void
dump(const char *what, const struct pp_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		fprintf(stderr, "%s: %u:%u: %s\n", what, d->v[i].pos.line, d->v[i].pos.col,
		        d->v[i].msg);
}

START_TEST(test_good)
{
	struct pp_diags d;
	pp_profile *p;
	const struct pp_service *s;
	char buf[64];

	ck_assert_int_eq(parse(base, strlen(base), &p, &d), 0);
	dump("base", &d);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_str_eq(p->id, "t");
	ck_assert_str_eq(p->product, "Test product");
	ck_assert_uint_eq(p->ndocuments, 1);
	ck_assert_str_eq(p->documents[0].file, "t.txt");
	ck_assert_uint_eq(p->nzones, 2);
	ck_assert_uint_eq(p->nfeatures, 1);
	ck_assert_uint_eq(p->nroles, 2);
	ck_assert_str_eq(p->roles[1].name, "b");
	ck_assert_str_eq(p->roles[1].description, "role b");
	ck_assert_uint_eq(p->nservices, 4);
	ck_assert_uint_eq(p->nalternatives, 1);
	ck_assert_uint_eq(p->alternatives[0].n, 2);
	ck_assert_uint_eq(p->nerrata, 1);
	ck_assert_str_eq(p->errata[0].document_says, "SIP UDP 5061");
	ck_assert_uint_eq(p->nexcluded, 1);

	s = pp_profile_service(p, "web");
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->proto, PP_PROTO_TCP);
	pp_portset_format(&s->ports, buf, sizeof(buf));
	ck_assert_str_eq(buf, "443,8443");
	ck_assert(s->all_roles);
	ck_assert_uint_eq(s->requirement, PP_REQ_MANDATORY);
	ck_assert_uint_eq(s->kind, PP_KIND_LISTEN);
	ck_assert_str_eq(s->name, "https");
	ck_assert_ptr_null(s->description);
	ck_assert_uint_eq(s->pos.line, 10);
	ck_assert_uint_eq(s->pos.col, 5);

	s = pp_profile_service(p, "rtp");
	ck_assert_uint_eq(s->kind, PP_KIND_DYNAMIC);
	ck_assert_uint_eq(pp_portset_count(&s->ports), 10001);

	s = pp_profile_service(p, "sip");
	ck_assert_uint_eq(s->nfrom, 0);
	ck_assert_uint_eq(s->nwhen, 1);
	ck_assert_str_eq(s->when[0].feature, "secure");
	ck_assert(s->when[0].negate);
	ck_assert(pp_service_restricted(s, NULL));
	ck_assert(pp_service_when_exclusive(s, pp_profile_service(p, "sip-tls")));
	pp_profile_free(p);
	pp_diags_free(&d);
}
END_TEST

START_TEST(test_problem)
{
	struct pp_diags d;
	pp_profile *p;
	char *text;
	int rc;

	if (cases[_i].old == NULL) {
		text = strdup(base);
		text[300] = '\0';
	} else {
		text = subst(base, cases[_i].old, cases[_i].new);
	}
	rc = parse(text, strlen(text), &p, &d);
	dump(cases[_i].name, &d);
	ck_assert_msg(rc < 0, "%s: accepted", cases[_i].name);
	ck_assert_ptr_null(p);
	ck_assert_msg(d.n == 1, "%s: %zu problems, wanted 1", cases[_i].name, d.n);
	ck_assert_msg(d.v[0].pos.line == cases[_i].line && d.v[0].pos.col == cases[_i].col,
	              "%s: at %u:%u, wanted %u:%u", cases[_i].name, d.v[0].pos.line, d.v[0].pos.col,
	              cases[_i].line, cases[_i].col);
	ck_assert_msg(strstr(d.v[0].msg, cases[_i].says) != NULL, "%s: '%s' does not say '%s'",
	              cases[_i].name, d.v[0].msg, cases[_i].says);
	pp_diags_free(&d);
	free(text);
}
END_TEST

/* Every problem of a file is reported, in the order of the file. */
START_TEST(test_all_problems)
{
	struct pp_diags d;
	pp_profile *p;
	char *t1, *t2, *t3;

	t1 = subst(base, "\"443,8443\"", "\"443,70000\"");
	t2 = subst(t1, "\"from\": [\"cluster\"]", "\"from\": [\"dmz\"]");
	t3 = subst(t2, "\"id\": \"t\",", "\"id\": \"t\", \"id\": \"u\",");
	ck_assert_int_eq(parse(t3, strlen(t3), &p, &d), PP_ESCHEMA);
	ck_assert_uint_eq(d.n, 3);
	ck_assert_uint_eq(d.v[0].pos.line, 3);
	ck_assert_uint_eq(d.v[1].pos.line, 10);
	ck_assert_uint_eq(d.v[2].pos.line, 14);
	pp_diags_free(&d);
	free(t1);
	free(t2);
	free(t3);
}
END_TEST

/* A file of nothing but problems stops collecting at PP_DIAGS_MAX. */
START_TEST(test_many_problems)
{
	struct pp_diags d;
	pp_profile *p;
	char *text, *many = malloc(2001);
	size_t i;

	for (i = 0; i < 1000; i++)
		memcpy(many + 2 * i, i ? ",1" : " 1", 2);
	many[2000] = '\0';
	text = malloc(2100);
	sprintf(text, "{\"services\": [%s]}", many);
	ck_assert_int_eq(parse(text, strlen(text), &p, &d), PP_ESCHEMA);
	ck_assert_uint_eq(d.n, PP_DIAGS_MAX);
	ck_assert_uint_gt(d.dropped, 0);
	pp_diags_free(&d);
	free(text);
	free(many);
}
END_TEST

static const char *
ids(const pp_profile *p, const char *role, const char *const *f, size_t nf, const char *vantage)
{
	static char buf[256];
	struct pp_expect *v;
	size_t n, i;
	char err[128];

	ck_assert_int_eq(pp_profile_query(p, role, f, nf, vantage, 0, &v, &n, err, sizeof(err)), 0);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		strcat(buf, i ? " " : "");
		strcat(buf, v[i].svc->id);
		if (v[i].restricted)
			strcat(buf, "!");
	}
	free(v);
	return buf;
}

START_TEST(test_query)
{
	static const char *const secure[] = {"secure"};
	static const char *const other[] = {"other"};
	struct pp_diags d;
	struct pp_expect *v;
	pp_profile *p;
	size_t n;
	char err[128];

	ck_assert_int_eq(parse(base, strlen(base), &p, &d), 0);
	/* Sorted by protocol, then port; "!" marks restricted (from [] only, no vantage). */
	ck_assert_str_eq(ids(p, "a", NULL, 0, NULL), "web sip! rtp");
	ck_assert_str_eq(ids(p, "a", other, 1, NULL), "web sip! rtp");
	ck_assert_str_eq(ids(p, "a", secure, 1, NULL), "web sip-tls rtp");
	ck_assert_str_eq(ids(p, "b", secure, 1, NULL), "web");
	ck_assert_str_eq(ids(p, NULL, NULL, 0, NULL), "web sip! rtp");
	/* From a vantage: what "from" does not name must be filtered there. */
	ck_assert_str_eq(ids(p, "a", secure, 1, "any"), "web sip-tls! rtp");
	ck_assert_str_eq(ids(p, "a", secure, 1, "cluster"), "web sip-tls rtp");
	ck_assert_int_eq(pp_profile_query(p, "c", NULL, 0, NULL, 0, &v, &n, err, sizeof(err)),
	                 PP_ENOENT);
	ck_assert_ptr_nonnull(strstr(err, "no role 'c' (roles: a, b)"));
	ck_assert_int_eq(pp_profile_query(p, "a", NULL, 0, "dmz", 0, &v, &n, err, sizeof(err)),
	                 PP_ENOENT);
	ck_assert_ptr_nonnull(strstr(err, "no zone 'dmz'"));
	ck_assert_int_eq(pp_profile_query(p, "a", NULL, 0, NULL, PP_QUERY_ANY_WHEN, &v, &n, err,
	                                  sizeof(err)),
	                 0);
	ck_assert_uint_eq(n, 4);
	free(v);
	pp_profile_free(p);
	pp_diags_free(&d);
}
END_TEST

/* Files that are no profile at all: one problem each, at 1:1. */
START_TEST(test_files)
{
	static const char *const paths[] = {"/", "/nonexistent/x.json", "/dev/null"};
	static const char *const says[] = {"is a directory", "cannot open", "not a regular file"};
	char fifo[64];
	struct pp_diags d;
	pp_profile *p;
	size_t i;

	for (i = 0; i < 3; i++) {
		pp_diags_init(&d);
		ck_assert_int_eq(pp_profile_load(paths[i], &p, &d), PP_EIO);
		ck_assert_uint_eq(d.n, 1);
		ck_assert_uint_eq(d.v[0].pos.line, 1);
		ck_assert_uint_eq(d.v[0].pos.col, 1);
		ck_assert_ptr_nonnull(strstr(d.v[0].msg, says[i]));
		pp_diags_free(&d);
	}
	/* A FIFO would block a reader that waits for a writer. */
	snprintf(fifo, sizeof(fifo), "/tmp/check_profile.%d.json", (int)getpid());
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	pp_diags_init(&d);
	ck_assert_int_eq(pp_profile_load(fifo, &p, &d), PP_EIO);
	unlink(fifo);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "not a regular file"));
	pp_diags_free(&d);
	ck_assert_int_eq(parse("", 0, &p, &d), PP_EJSON);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "empty file"));
	pp_diags_free(&d);
	ck_assert_int_eq(parse("[]", 2, &p, &d), PP_ESCHEMA);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "must be a JSON object"));
	pp_diags_free(&d);
	/* A NUL byte, and bytes after a complete value. */
	ck_assert_int_eq(parse("{}\0{}", 5, &p, &d), PP_EJSON);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_uint_eq(d.v[0].pos.col, 3);
	pp_diags_free(&d);
}
END_TEST

/* Random bytes and random damage to a good profile: an error or a profile, never
 * a crash (the sanitizer build runs this too). */
START_TEST(test_garbage)
{
	struct pp_diags d;
	pp_profile *p;
	char *buf = malloc(1 << 16);
	size_t len, i, k;
	int rc;

	srand(12345);
	for (i = 0; i < 200; i++) {
		len = (size_t)rand() % (1 << 16);
		for (k = 0; k < len; k++)
			buf[k] = (char)rand();
		rc = parse(buf, len, &p, &d);
		ck_assert(rc < 0 || d.n == 0);
		ck_assert(rc == 0 || d.n >= 1);
		pp_profile_free(p);
		pp_diags_free(&d);
	}
	for (i = 0; i < 2000; i++) {
		len = strlen(base);
		memcpy(buf, base, len);
		for (k = 0; k < 1 + (size_t)rand() % 4; k++)
			buf[(size_t)rand() % len] = "{}[],:\"\\0aZ!*-"[rand() % 14];
		rc = parse(buf, len - (size_t)rand() % 3, &p, &d);
		ck_assert(rc == 0 || d.n >= 1);
		pp_profile_free(p);
		pp_diags_free(&d);
	}
	free(buf);
}
END_TEST

/* A text cut inside a literal, a number or an escape ends in the middle of a
 * value: "unexpected end of file" at the end, as a cut anywhere else. */
START_TEST(test_cut_values)
{
	static const struct {
		const char *text, *says;
	} cut[] = {
	        {"{\"a\": tr", "unexpected end of file in 'true'"},
	        {"{\"a\": nul", "unexpected end of file in 'null'"},
	        {"{\"a\": 1e", "unexpected end of file in a number"},
	        {"{\"a\": -", "unexpected end of file in a number"},
	        {"{\"a\": \"\\u00", "unexpected end of file in a string"},
	};
	struct pp_diags d;
	pp_profile *p;
	size_t i;

	for (i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		ck_assert_int_eq(parse(cut[i].text, strlen(cut[i].text), &p, &d), PP_EJSON);
		ck_assert_uint_eq(d.n, 1);
		ck_assert_str_eq(d.v[0].msg + strlen("not JSON: "), cut[i].says);
		ck_assert_uint_eq(d.v[0].pos.line, 1);
		ck_assert_uint_eq(d.v[0].pos.col, strlen(cut[i].text) + 1);
		pp_diags_free(&d);
	}
	/* Not cut: bad where they stand. */
	ck_assert_int_eq(parse("{\"a\": tx}", 10, &p, &d), PP_EJSON);
	ck_assert_str_eq(d.v[0].msg, "not JSON: unexpected 't', expected a value");
	ck_assert_uint_eq(d.v[0].pos.col, 7);
	pp_diags_free(&d);
}
END_TEST

/* Every shipped profile loads clean; MediaSense expansion servers run only the media,
 * call control and SM agent services (document 001). */
START_TEST(test_shipped)
{
	const char *top = getenv("top_srcdir");
	char dir[4096], path[4200];
	struct pp_diags d;
	struct dirent *e;
	pp_profile *p;
	DIR *dp;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/profiles", top ? top : ".");
	ck_assert_ptr_nonnull(dp = opendir(dir));
	while ((e = readdir(dp)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		pp_diags_init(&d);
		ck_assert_msg(pp_profile_load(path, &p, &d) == 0, "%s does not load", path);
		pp_profile_free(p);
		pp_diags_free(&d);
		n++;
	}
	closedir(dp);
	ck_assert_int_ge(n, 3);

	snprintf(path, sizeof(path), "%s/cisco-mediasense.json", dir);
	ck_assert_int_eq(pp_profile_load(path, &p, &d), 0);
	ck_assert_ptr_null(strstr(ids(p, "expansion", NULL, 0, NULL), "api-https"));
	ck_assert_ptr_null(strstr(ids(p, "expansion", NULL, 0, NULL), "informix"));
	ck_assert_ptr_nonnull(strstr(ids(p, "primary", NULL, 0, NULL), "informix"));
	ck_assert_ptr_nonnull(strstr(ids(p, "expansion", NULL, 0, NULL), "rtp-in"));
	pp_profile_free(p);
}
END_TEST

static Suite *
profile_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("profile");

	tcase_add_test(tc, test_good);
	tcase_add_loop_test(tc, test_problem, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_all_problems);
	tcase_add_test(tc, test_many_problems);
	tcase_add_test(tc, test_query);
	tcase_add_test(tc, test_files);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_cut_values);
	tcase_add_test(tc, test_shipped);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(profile_suite());
}
