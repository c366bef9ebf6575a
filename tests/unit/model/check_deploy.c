/*
 * Unit tests of the deployment loader: the lab's site.json loads with its profile
 * found by id in the profile directory; each kind of bad file is rejected with its
 * problem at the exact LINE:COLUMN of the value (or key) at fault, computed from
 * where a marker string sits in the text so the tests say what they mean.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pp_deploy.h"
#include "pp_error.h"
#include "runner.h"

static const char *const dirs[] = {"/nonexistent/portproof", PP_TEST_SRCDIR "/profiles"};
#define NDIRS 2

/* Line and column of the nth (0-based) occurrence of needle in text. */
static struct pp_pos
pos_of(const char *text, const char *needle, int nth)
{
	const char *at = text, *p;
	struct pp_pos pos = {1, 1};

	if (needle == NULL) {
		at = text + strlen(text); /* the end of the text */
		nth = 0;
	}
	for (; needle != NULL;) {
		at = strstr(at, needle);
		ck_assert_msg(at != NULL, "marker '%s' not in the text", needle);
		if (nth-- == 0)
			break;
		at++;
	}
	for (p = text; p < at; p++) {
		if (*p == '\n') {
			pos.line++;
			pos.col = 1;
		} else {
			pos.col++;
		}
	}
	return pos;
}

/* Parse text; it must fail with rc and a diag at the marker whose message has msg. */
static void
expect_problem(const char *text, int rc, const char *marker, int nth, const char *msg)
{
	struct pp_diags d;
	struct pp_pos want = pos_of(text, marker, nth);
	pp_deploy *dep = NULL;
	size_t i;

	pp_diags_init(&d);
	ck_assert_int_eq(pp_deploy_parse(text, strlen(text), dirs, NDIRS, &dep, &d), rc);
	ck_assert_ptr_null(dep);
	for (i = 0; i < d.n; i++)
		if (d.v[i].pos.line == want.line && d.v[i].pos.col == want.col &&
		    strstr(d.v[i].msg, msg) != NULL)
			break;
	if (i == d.n) {
		for (i = 0; i < d.n; i++)
			fprintf(stderr, "  got %u:%u: %s\n", d.v[i].pos.line, d.v[i].pos.col,
			        d.v[i].msg);
		ck_abort_msg("no problem '%s' at %u:%u", msg, want.line, want.col);
	}
	pp_diags_free(&d);
}

#define HEAD "{\"schema\": \"portproof-deployment/1\", \"name\": \"t\", \"vantage\": \"any\",\n"
#define HOST(n, a, r)                                                                         \
	"  {\"name\": \"" n "\", \"address\": \"" a "\", \"profile\": \"cisco-mediasense\", " \
	"\"role\": \"" r "\"}"

START_TEST(test_site_loads)
{
	struct pp_diags d;
	pp_deploy *dep;

	pp_diags_init(&d);
	ck_assert_int_eq(pp_deploy_load(PP_TEST_SRCDIR "/tests/lab/mediasense/site.json", dirs,
	                                NDIRS, &dep, &d),
	                 0);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_str_eq(dep->name, "mediasense-lab");
	ck_assert_str_eq(dep->vantage, "any");
	ck_assert_uint_eq(dep->nfeatures, 0);
	ck_assert_uint_eq(dep->nhosts, 3);
	ck_assert_str_eq(dep->hosts[1].name, "ms-secondary");
	ck_assert_uint_eq(pp_addr_v4(&dep->hosts[1].addr), 0xc612010b);
	ck_assert_str_eq(dep->hosts[2].role, "expansion");
	/* One profile, loaded once, shared by the three hosts. */
	ck_assert_uint_eq(dep->nprofiles, 1);
	ck_assert_ptr_eq(dep->hosts[0].profile, dep->profiles[0]);
	ck_assert_ptr_eq(dep->hosts[2].profile, dep->profiles[0]);
	ck_assert_str_eq(dep->profiles[0]->id, "cisco-mediasense");
	ck_assert_ptr_nonnull(strstr(dep->path, "site.json"));
	pp_deploy_free(dep);
	pp_diags_free(&d);
}
END_TEST

START_TEST(test_features_and_zones)
{
	static const char text[] =
	        "{\"schema\": \"portproof-deployment/1\", \"name\": \"cs\", \"vantage\": \"any\",\n"
	        " \"features\": [\"server-push\"],\n"
	        " \"hosts\": [{\"name\": \"cs1\", \"address\": \"198.18.2.1\", "
	        "\"profile\": \"cisco-content-server\", \"role\": \"content-server\", "
	        "\"description\": \"rack 3\"}]}\n";
	pp_deploy *dep;

	ck_assert_int_eq(pp_deploy_parse(text, strlen(text), dirs, NDIRS, &dep, NULL), 0);
	ck_assert(pp_deploy_feature_on(dep, "server-push"));
	ck_assert(!pp_deploy_feature_on(dep, "cluster"));
	ck_assert_ptr_null(dep->path);
	pp_deploy_free(dep);
}
END_TEST

START_TEST(test_not_json)
{
	/* Truncated: the scanner says where the text stopped. */
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "198.18.1.10", "primary"), PP_EJSON, NULL, 0,
	               "not JSON");
	expect_problem("", PP_EJSON, "", 0, "not JSON");
	expect_problem("\x89PNG\r\n\x1a\n\x01\x02", PP_EJSON, "\x89", 0, "not JSON");
	expect_problem("[1, 2,]", PP_EJSON, "]", 0, "not JSON");
}
END_TEST

START_TEST(test_shape)
{
	expect_problem("[]", PP_ESCHEMA, "[", 0, "must be a JSON object");
	/* Wrong types, at the value. */
	expect_problem(
	        "{\"schema\": \"portproof-deployment/1\", \"name\": 5, \"vantage\": \"any\", "
	        "\"hosts\": [" HOST("a", "198.18.1.10", "primary") "]}",
	        PP_ESCHEMA, "5", 0, "'name' must be a string");
	expect_problem(HEAD "\"hosts\": {}}", PP_ESCHEMA, "{}", 0, "'hosts' must be an array");
	expect_problem(HEAD "\"hosts\": [\"a\"]}", PP_ESCHEMA, "\"a\"", 0, "must be an object");
	expect_problem(HEAD "\"hosts\": []}", PP_ESCHEMA, "[]", 0, "'hosts' is empty");
	expect_problem(
	        HEAD "\"features\": \"tls\", \"hosts\": [" HOST("a", "198.18.1.10", "primary") "]}",
	        PP_ESCHEMA, "\"tls\"", 0, "'features' must be an array");
	expect_problem(HEAD "\"hosts\": [{\"name\": \"a\", \"address\": 7, \"profile\": "
	                    "\"cisco-mediasense\", \"role\": \"primary\"}]}",
	               PP_ESCHEMA, "7", 0, "'address' must be a string");
	/* Missing keys, at the object that lacks them. */
	expect_problem("{\"schema\": \"portproof-deployment/1\", \"name\": \"t\",\n \"hosts\": "
	               "[" HOST("a", "198.18.1.10", "primary") "]}",
	               PP_ESCHEMA, "{", 0, "missing key 'vantage'");
	expect_problem(HEAD "\"hosts\": [{\"name\": \"a\", \"address\": \"198.18.1.10\", "
	                    "\"role\": \"primary\"}]}",
	               PP_ESCHEMA, "{\"name\"", 0, "missing key 'profile'");
	/* Unknown and duplicate keys, at the key. */
	expect_problem("{\"schema\": \"portproof-deployment/1\", \"name\": \"t\", \"vantge\": "
	               "\"any\",\n \"hosts\": [" HOST("a", "198.18.1.10", "primary") "]}",
	               PP_ESCHEMA, "\"vantge\"", 0,
	               "unknown key 'vantge' (did you mean 'vantage'?)");
	expect_problem(HEAD
	               "\"vantge\": \"any\", \"hosts\": [" HOST("a", "198.18.1.10", "primary") "]}",
	               PP_ESCHEMA, "\"vantge\"", 0, "unknown key 'vantge'");
	expect_problem(
	        HEAD "\"name\": \"u\", \"hosts\": [" HOST("a", "198.18.1.10", "primary") "]}",
	        PP_ESCHEMA, "\"name\"", 1, "duplicate key 'name' (first at line 1, column 38)");
	expect_problem("{\"schema\": \"portproof-deployment/2\", \"name\": \"t\", \"vantage\": "
	               "\"any\", \"hosts\": [" HOST("a", "198.18.1.10", "primary") "]}",
	               PP_ESCHEMA, "\"portproof-deployment/2\"", 0,
	               "is not portproof-deployment/1");
}
END_TEST

START_TEST(test_names)
{
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "198.18.1.10", "primary") ",\n" HOST(
	                       "a", "198.18.1.11", "secondary") "]}",
	               PP_ESCHEMA, "\"a\"", 1,
	               "duplicate host name 'a' (first at line 3, column 12)");
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "198.18.1.10", "primary") ",\n" HOST(
	                       "b", "198.18.1.10", "secondary") "]}",
	               PP_ESCHEMA, "\"198.18.1.10\"", 1, "duplicate address 198.18.1.10");
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "198.18.1.300", "primary") "]}", PP_ESCHEMA,
	               "\"198.18.1.300\"", 0, "bad address '198.18.1.300'");
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "ms1.example", "primary") "]}", PP_ESCHEMA,
	               "\"ms1.example\"", 0, "bad address 'ms1.example'");
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "224.0.0.5", "primary") "]}", PP_ESCHEMA,
	               "\"224.0.0.5\"", 0, "not a unicast host address");
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "0.0.0.0", "primary") "]}", PP_ESCHEMA,
	               "\"0.0.0.0\"", 0, "not a unicast host address");
}
END_TEST

/* IPv6 hosts load next to IPv4 ones, each kept as written and as an address. */
START_TEST(test_ipv6_hosts)
{
	static const char text[] =
	        HEAD "\"hosts\": [\n" HOST("a", "198.18.1.10", "primary") ",\n" HOST(
	                "b", "2001:2:0:0::10", "secondary") ",\n" HOST("c", "2001:2::A:1",
	                                                               "expansion") "]}";
	struct pp_diags d;
	char buf[PP_ADDR_STRLEN];
	pp_deploy *dep;

	pp_diags_init(&d);
	ck_assert_int_eq(pp_deploy_parse(text, strlen(text), dirs, NDIRS, &dep, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(dep->nhosts, 3);
	ck_assert(pp_addr_is_v4(&dep->hosts[0].addr));
	ck_assert_int_eq(dep->hosts[1].addr.family, PP_AF_INET6);
	ck_assert_str_eq(dep->hosts[1].address, "2001:2:0:0::10"); /* as written */
	ck_assert_str_eq(pp_addr_str(&dep->hosts[1].addr, buf, sizeof(buf)), "2001:2::10");
	ck_assert_str_eq(pp_addr_str(&dep->hosts[2].addr, buf, sizeof(buf)), "2001:2::a:1");
	pp_deploy_free(dep);
	pp_diags_free(&d);
}
END_TEST

/* Bad IPv6 addresses: each at the LINE:COLUMN of its value. */
START_TEST(test_ipv6_bad)
{
	/* One address, two spellings: a duplicate. */
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "2001:2::10", "primary") ",\n" HOST(
	                       "b", "2001:2:0:0:0:0:0:10", "secondary") "]}",
	               PP_ESCHEMA, "\"2001:2:0:0:0:0:0:10\"", 0,
	               "duplicate address 2001:2:0:0:0:0:0:10 (first at line 3, column 28)");
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "198.18.1.10", "primary") ",\n" HOST(
	                       "b", "2001:2::1::2", "secondary") "]}",
	               PP_ESCHEMA, "\"2001:2::1::2\"", 0,
	               "bad address '2001:2::1::2': an IPv4 address such as 198.18.1.10 or an "
	               "IPv6 one such as 2001:2::10");
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "2001:2::g", "primary") "]}", PP_ESCHEMA,
	               "\"2001:2::g\"", 0, "bad address '2001:2::g'");
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "2001:2::/64", "primary") "]}", PP_ESCHEMA,
	               "\"2001:2::/64\"", 0, "bad address '2001:2::/64'");
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "fe80::1%eth0", "primary") "]}", PP_ESCHEMA,
	               "\"fe80::1%eth0\"", 0,
	               "bad address 'fe80::1%eth0': a scoped address needs an interface");
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "fe80::1", "primary") "]}", PP_ESCHEMA,
	               "\"fe80::1\"", 0, "a link-local address needs an interface");
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "ff02::1", "primary") "]}", PP_ESCHEMA,
	               "\"ff02::1\"", 0, "not a unicast host address");
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "::ffff:198.18.1.10", "primary") "]}",
	               PP_ESCHEMA, "\"::ffff:198.18.1.10\"", 0,
	               "an IPv4-mapped address: give the IPv4 one");
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "::", "primary") "]}", PP_ESCHEMA, "\"::\"",
	               0, "not a unicast host address");
}
END_TEST

START_TEST(test_references)
{
	expect_problem(HEAD "\"hosts\": [\n" HOST("a", "198.18.1.10", "tertiary") "]}", PP_ESCHEMA,
	               "\"tertiary\"", 0,
	               "unknown role 'tertiary' of profile cisco-mediasense (roles: primary, "
	               "secondary, expansion)");
	expect_problem(HEAD "\"hosts\": [\n  {\"name\": \"a\", \"address\": \"198.18.1.10\", "
	                    "\"profile\": \"cisco-mediasence\", \"role\": \"primary\"}]}",
	               PP_ESCHEMA, "\"cisco-mediasence\"", 0, "unknown profile 'cisco-mediasence'");
	expect_problem(HEAD "\"hosts\": [\n  {\"name\": \"a\", \"address\": \"198.18.1.10\", "
	                    "\"profile\": \"../etc/passwd\", \"role\": \"primary\"}]}",
	               PP_ESCHEMA, "\"../etc/passwd\"", 0, "is not a profile id");
	expect_problem("{\"schema\": \"portproof-deployment/1\", \"name\": \"t\", \"vantage\": "
	               "\"dmz\",\n \"hosts\": [" HOST("a", "198.18.1.10", "primary") "]}",
	               PP_ESCHEMA, "\"dmz\"", 0,
	               "unknown vantage zone 'dmz' for profile cisco-mediasense (zones: any, "
	               "cluster)");
	expect_problem(HEAD " \"features\": [\"secure\", \"tls\"],\n \"hosts\": [" HOST(
	                       "a", "198.18.1.10", "primary") "]}",
	               PP_ESCHEMA, "\"tls\"", 0, "unknown feature 'tls'");
	expect_problem(HEAD " \"features\": [\"secure\"],\n \"hosts\": [" HOST("a", "198.18.1.10",
	                                                                       "primary") "]}",
	               PP_ESCHEMA, "\"secure\"", 0, "unknown feature 'secure'");
	/* A non-string before a name is reported, and not compared (a fuzz crash). */
	expect_problem(HEAD " \"features\": [5, \"x\"],\n \"hosts\": [" HOST("a", "198.18.1.10",
	                                                                     "primary") "]}",
	               PP_ESCHEMA, "5", 0, "a feature is a name in lower-case");
}
END_TEST

START_TEST(test_vantage_every_profile)
{
	/* "cluster" is a zone of MediaSense, not of the Content Server. */
	static const char text[] =
	        "{\"schema\": \"portproof-deployment/1\", \"name\": \"t\", \"vantage\": "
	        "\"cluster\",\n"
	        " \"hosts\": [\n" HOST(
	                "a", "198.18.1.10",
	                "primary") ",\n"
	                           "  {\"name\": \"cs\", \"address\": \"198.18.2.1\", \"profile\": "
	                           "\"cisco-content-server\", \"role\": \"content-server\"}]}";

	expect_problem(text, PP_ESCHEMA, "\"cluster\"", 0,
	               "unknown vantage zone 'cluster' for profile cisco-content-server");
}
END_TEST

START_TEST(test_every_problem)
{
	static const char text[] = HEAD "\"hosts\": [\n" HOST(
	        "a", "198.18.1.10", "tertiary") ",\n" HOST("a", "198.18.1.999", "primary") "]}";
	struct pp_diags d;
	pp_deploy *dep;

	pp_diags_init(&d);
	ck_assert_int_eq(pp_deploy_parse(text, strlen(text), dirs, NDIRS, &dep, &d), PP_ESCHEMA);
	ck_assert_uint_eq(d.n, 3);
	/* Sorted by position. */
	ck_assert_uint_eq(d.v[0].pos.line, 3);
	ck_assert_uint_eq(d.v[1].pos.line, 4);
	ck_assert_uint_lt(d.v[1].pos.col, d.v[2].pos.col);
	pp_diags_free(&d);
}
END_TEST

START_TEST(test_files)
{
	struct pp_diags d;
	pp_deploy *dep;
	char fifo[64];

	pp_diags_init(&d);
	ck_assert_int_eq(pp_deploy_load("/nonexistent.json", dirs, NDIRS, &dep, &d), PP_EIO);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_uint_eq(d.v[0].pos.line, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "cannot open"));
	pp_diags_free(&d);
	ck_assert_int_eq(pp_deploy_load("/", dirs, NDIRS, &dep, &d), PP_EIO);
	ck_assert_str_eq(d.v[0].msg, "is a directory, not a deployment");
	pp_diags_free(&d);
	/* A FIFO: refused, not waited on for a writer (it was, before the loaders
	 * shared profile_file.c). */
	snprintf(fifo, sizeof(fifo), "/tmp/check_deploy.%d.json", (int)getpid());
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(pp_deploy_load(fifo, dirs, NDIRS, &dep, &d), PP_EIO);
	unlink(fifo);
	ck_assert_str_eq(d.v[0].msg, "not a regular file");
	pp_diags_free(&d);
}
END_TEST

START_TEST(test_locate_and_load_all)
{
	pp_profile **v;
	char path[512];
	size_t n, bad, i;
	int seen = 0;

	ck_assert_int_eq(pp_profile_locate(dirs, NDIRS, "cisco-mediasense", path, sizeof(path)), 0);
	ck_assert_str_eq(path, PP_TEST_SRCDIR "/profiles/cisco-mediasense.json");
	ck_assert_int_eq(pp_profile_locate(dirs, NDIRS, "nope", path, sizeof(path)), PP_ENOENT);
	ck_assert_int_eq(pp_profile_locate(dirs, NDIRS, "a/b", path, sizeof(path)), PP_EINVAL);
	ck_assert_int_eq(pp_profile_load_all(dirs, NDIRS, &v, &n, &bad), 0);
	ck_assert_uint_ge(n, 4);
	ck_assert_uint_eq(bad, 0);
	for (i = 0; i < n; i++)
		seen += strcmp(v[i]->id, "cisco-mediasense") == 0;
	ck_assert_int_eq(seen, 1);
	pp_profiles_free(v, n);
}
END_TEST

/* "vantages": names or objects; "vantage" beside it names this run's zone; the
 * zones lab's site.json lists two and names none (an audit needs --vantage). */
START_TEST(test_vantages)
{
	static const char text[] =
	        "{\"schema\": \"portproof-deployment/1\", \"name\": \"t\", \"vantage\": "
	        "\"cluster\",\n"
	        " \"vantages\": [\"any\", {\"zone\": \"cluster\", \"description\": \"nodes\"}],\n"
	        " \"hosts\": [" HOST("a", "198.18.1.10", "primary") "]}\n";
	static const char one[] = "{\"schema\": \"portproof-deployment/1\", \"name\": \"t\",\n"
	                          " \"vantages\": [\"cluster\"],\n"
	                          " \"hosts\": [" HOST("a", "198.18.1.10", "primary") "]}\n";
	struct pp_diags d;
	pp_deploy *dep;
	char err[256];

	ck_assert_int_eq(pp_deploy_parse(text, strlen(text), dirs, NDIRS, &dep, NULL), 0);
	ck_assert_str_eq(dep->vantage, "cluster");
	ck_assert_uint_eq(dep->nvantages, 2);
	ck_assert_str_eq(dep->vantages[0].zone, "any");
	ck_assert_ptr_null(dep->vantages[0].description);
	ck_assert_str_eq(dep->vantages[1].description, "nodes");
	ck_assert_int_eq(pp_deploy_set_vantage(dep, "any", err, sizeof(err)), 0);
	ck_assert_str_eq(dep->vantage, "any");
	ck_assert_int_eq(pp_deploy_set_vantage(dep, "dmz", err, sizeof(err)), PP_ENOENT);
	ck_assert_str_eq(err,
	                 "zone 'dmz' is not a vantage of deployment t (it lists: any, cluster)");
	ck_assert_str_eq(dep->vantage, "any");
	pp_deploy_free(dep);

	/* One zone listed: it is this run's. */
	ck_assert_int_eq(pp_deploy_parse(one, strlen(one), dirs, NDIRS, &dep, NULL), 0);
	ck_assert_str_eq(dep->vantage, "cluster");
	pp_deploy_free(dep);

	/* The old single key: a list of one. */
	pp_diags_init(&d);
	ck_assert_int_eq(pp_deploy_load(PP_TEST_SRCDIR "/tests/lab/mediasense/site.json", dirs,
	                                NDIRS, &dep, &d),
	                 0);
	ck_assert_uint_eq(dep->nvantages, 1);
	ck_assert_str_eq(dep->vantages[0].zone, "any");
	pp_deploy_free(dep);
	ck_assert_int_eq(
	        pp_deploy_load(PP_TEST_SRCDIR "/tests/lab/zones/site.json", dirs, NDIRS, &dep, &d),
	        0);
	ck_assert_ptr_null(dep->vantage);
	ck_assert_uint_eq(dep->nvantages, 2);
	pp_deploy_free(dep);
	pp_diags_free(&d);
}
END_TEST

START_TEST(test_vantages_bad)
{
#define TOP   "{\"schema\": \"portproof-deployment/1\", \"name\": \"t\",\n"
#define HOSTS " \"hosts\": [" HOST("a", "198.18.1.10", "primary") "]}\n"
	expect_problem(TOP HOSTS, PP_ESCHEMA, "{", 0, "missing key 'vantage' (or 'vantages')");
	expect_problem(TOP " \"vantages\": [],\n" HOSTS, PP_ESCHEMA, "[]", 0,
	               "'vantages' is empty");
	expect_problem(TOP " \"vantages\": [\"any\", 7],\n" HOSTS, PP_ESCHEMA, "7", 0,
	               "each of 'vantages' is a zone name");
	expect_problem(TOP " \"vantages\": [\"any\", \"any\"],\n" HOSTS, PP_ESCHEMA, "\"any\"]", 0,
	               "vantage 'any' is listed twice (first at line 2, column 15)");
	expect_problem(TOP " \"vantages\": [\"any\", {\"zone\": \"dmz\"}],\n" HOSTS, PP_ESCHEMA,
	               "\"dmz\"", 0, "unknown vantage zone 'dmz' for profile cisco-mediasense");
	expect_problem(TOP " \"vantages\": [{\"zone\": \"any\", \"colour\": 1}],\n" HOSTS,
	               PP_ESCHEMA, "\"colour\"", 0, "colour");
	expect_problem(TOP " \"vantages\": [{\"description\": \"x\"}],\n" HOSTS, PP_ESCHEMA, "{\"d",
	               0, "missing key 'zone'");
	expect_problem(TOP " \"vantages\": [\"Any\"],\n" HOSTS, PP_ESCHEMA, "\"Any\"", 0,
	               "is not a zone name");
	expect_problem(TOP " \"vantage\": \"cluster\", \"vantages\": [\"any\"],\n" HOSTS,
	               PP_ESCHEMA, "\"cluster\"", 0, "vantage 'cluster' is not one of 'vantages'");
#undef TOP
#undef HOSTS
}
END_TEST

static Suite *
deploy_suite(void)
{
	Suite *s = suite_create("deploy");
	TCase *tc = tcase_create("loader");

	tcase_add_test(tc, test_site_loads);
	tcase_add_test(tc, test_features_and_zones);
	tcase_add_test(tc, test_ipv6_hosts);
	tcase_add_test(tc, test_ipv6_bad);
	tcase_add_test(tc, test_not_json);
	tcase_add_test(tc, test_shape);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_references);
	tcase_add_test(tc, test_vantage_every_profile);
	tcase_add_test(tc, test_vantages);
	tcase_add_test(tc, test_vantages_bad);
	tcase_add_test(tc, test_every_problem);
	tcase_add_test(tc, test_files);
	tcase_add_test(tc, test_locate_and_load_all);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(deploy_suite());
}
