/*
 * Unit tests of the html report and the html diff: the sections of an audit
 * (gauges, heatmap, findings by severity, unexpected ports, port tables), a plain
 * scan, a sampled range folded into one heatmap column, the diff's worse and
 * better, and the escaping.  A result whose every string holds <script>, quotes
 * and ampersands is rendered and the page is taken apart by a small tokenizer:
 * every tag and attribute must be one the reporter writes, every & must start an
 * entity, and none of the hostile text may appear unescaped.
 */
#include "config.h"

#include <check.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "pp_diff.h"
#include "pp_report.h"
#include "result_fixture.h"
#include "runner.h"

static char *
render_diff(const struct pp_result *a, const struct pp_result *b)
{
	struct pp_diff *d;
	char *s;

	ck_assert_int_eq(pp_diff_compute(a, b, &d), 0);
	d->old_name = "before.json";
	d->new_name = "after.json";
	s = fx_render_diff("html", d);
	pp_diff_free(d);
	return s;
}

static int
in_list(const char *name, size_t len, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == len && strncmp(*list, name, len) == 0)
			return 1;
	return 0;
}

/*
 * Walk the page as a browser's tokenizer would: outside a tag only text and
 * entities; a tag is a known name and known attributes with double-quoted
 * values.  Fails the test at the first thing the reporter does not write.
 */
static void
check_markup(const char *s)
{
	static const char *const tags[] = {"html", "head",   "meta",   "title",   "style", "body",
	                                   "main", "header", "footer", "h1",      "h2",    "h3",
	                                   "p",    "b",      "code",   "section", "div",   "span",
	                                   "svg",  "path",   "text",   "table",   "thead", "tbody",
	                                   "tr",   "th",     "td",     "ol",      "li",    NULL};
	static const char *const attrs[] = {"lang",
	                                    "charset",
	                                    "http-equiv",
	                                    "content",
	                                    "name",
	                                    "class",
	                                    "id",
	                                    "style",
	                                    "title",
	                                    "role",
	                                    "aria-label",
	                                    "aria-hidden",
	                                    "data-host",
	                                    "data-port",
	                                    "data-verdict",
	                                    "width",
	                                    "height",
	                                    "viewBox",
	                                    "d",
	                                    "fill",
	                                    "stroke-width",
	                                    "stroke-linecap",
	                                    "pathLength",
	                                    "stroke-dasharray",
	                                    "x",
	                                    "y",
	                                    "text-anchor",
	                                    "font-size",
	                                    "font-weight",
	                                    "colspan",
	                                    "rowspan",
	                                    "scope",
	                                    NULL};
	static const char *const entities[] = {"amp", "lt",  "gt",   "quot",  "#39",
	                                       "#9",  "#10", "rarr", "mdash", NULL};
	const char *p = s, *n;
	int closing, style;

	ck_assert_int_eq(strncmp(s, "<!DOCTYPE html>\n", 16), 0);
	p += 16;
	while (*p != '\0') {
		if (*p == '&') {
			n = strchr(p, ';');
			ck_assert_msg(n != NULL && in_list(p + 1, (size_t)(n - p - 1), entities),
			              "bare & at: %.40s", p);
			p = n + 1;
			continue;
		}
		if (*p != '<') {
			ck_assert_msg(*p != '>', "a > in text at: %.40s", p);
			p++;
			continue;
		}
		closing = p[1] == '/';
		p += closing ? 2 : 1;
		for (n = p; isalnum((unsigned char)*n); n++)
			;
		ck_assert_msg(in_list(p, (size_t)(n - p), tags), "unknown tag at: %.40s", p);
		style = !closing && strncmp(p, "style>", 6) == 0;
		p = n;
		for (;;) {
			while (*p == ' ' || *p == '\n')
				p++;
			if (*p == '>' || (p[0] == '/' && p[1] == '>'))
				break;
			for (n = p; isalnum((unsigned char)*n) || *n == '-'; n++)
				;
			ck_assert_msg(in_list(p, (size_t)(n - p), attrs),
			              "unknown attribute at: %.40s", p);
			ck_assert_msg(n[0] == '=' && n[1] == '"', "unquoted attribute at: %.40s",
			              p);
			p = strchr(n + 2, '"');
			ck_assert_ptr_nonnull(p);
			ck_assert_msg(memchr(n + 2, '<', (size_t)(p - n - 2)) == NULL,
			              "< in an attribute at: %.40s", n);
			p++;
		}
		p = strchr(p, '>') + 1;
		if (style) /* the style sheet is ours, and holds > as a CSS combinator */
			ck_assert_ptr_nonnull(p = strstr(p, "</style>"));
	}
}

/* Strings a hostile profile, deployment or hand-edited result could hold. */
#define EVIL_NAME   "<script>alert(1)</script>"
#define EVIL_PROF   "\"prof\" & co"
#define EVIL_ROLE   "'role'<b>"
#define EVIL_SVC    "<img src=x onerror=alert(2)>"
#define EVIL_REF    "Table \"1\" & <2>"
#define EVIL_DETAIL "it's <script>evil()</script> & \"qx\""

static struct pp_result *
evil(void)
{
	struct pp_result *r = fx_audit();
	struct pp_host_result *h = &r->hosts[0];
	size_t i;

	free(r->deployment);
	r->deployment = strdup("<script>alert(\"dep\")</script> & 'x'");
	free(r->args[1]);
	r->args[1] = strdup("</code><script>x</script>");
	free(h->name);
	h->name = strdup(EVIL_NAME);
	free(h->profile);
	h->profile = strdup(EVIL_PROF);
	free(h->role);
	h->role = strdup(EVIL_ROLE);
	for (i = 0; i < h->nports; i++) {
		struct pp_port_result *p = &h->ports[i];
		free(p->service);
		p->service = strdup(EVIL_SVC);
		free(p->ref);
		p->ref = strdup(EVIL_REF);
		free(p->detail);
		p->detail = strdup(EVIL_DETAIL);
		p->probe = strdup("<svg onload=alert(3)>");
	}
	return r;
}

static void
check_escaped(const char *s)
{
	check_markup(s);
	ck_assert_ptr_null(strstr(s, "<script"));
	ck_assert_ptr_null(strstr(s, "<img"));
	ck_assert_ptr_null(strstr(s, "<svg onload"));
	ck_assert_ptr_null(strstr(s, "<b>'"));
	ck_assert_ptr_null(strstr(s, "\"prof\""));
	ck_assert_ptr_null(strstr(s, "'role'"));
	ck_assert_ptr_null(strstr(s, "it's"));
	ck_assert_ptr_null(strstr(s, "& co"));
	ck_assert_ptr_null(strstr(s, "\"qx\""));
	ck_assert_ptr_nonnull(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
}

START_TEST(test_escaping)
{
	struct pp_result *r = evil(), *fixed;
	char *s = fx_render("html", r, NULL);

	check_escaped(s);
	ck_assert_ptr_nonnull(strstr(s, "&quot;prof&quot; &amp; co"));
	ck_assert_ptr_nonnull(strstr(s, "&#39;role&#39;&lt;b&gt;"));
	ck_assert_ptr_nonnull(strstr(s, "&lt;img src=x onerror=alert(2)&gt;"));
	ck_assert_ptr_nonnull(strstr(s, "Table &quot;1&quot; &amp; &lt;2&gt;"));
	ck_assert_ptr_nonnull(strstr(s, "it&#39;s &lt;script&gt;evil()&lt;/script&gt; &amp; "
	                                "&quot;qx&quot;"));
	ck_assert_ptr_nonnull(strstr(s, "data-host=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
	ck_assert_ptr_nonnull(strstr(s, "<title>portproof audit: &lt;script&gt;"));
	free(s);

	/* The diff page, with the hostile strings on both sides. */
	fixed = evil();
	fixed->hosts[0].ports[1].verdict = PP_VERDICT_PASS;
	fixed->hosts[0].ports[1].severity = PP_SEV_NONE;
	fixed->hosts[0].ports[0].state = PP_STATE_OPEN;
	fixed->hosts[0].ports[0].verdict = PP_VERDICT_UNEXPECTED;
	fixed->hosts[0].ports[0].severity = PP_SEV_HIGH;
	s = render_diff(r, fixed);
	check_escaped(s);
	free(s);
	pp_result_free(fixed);
	pp_result_free(r);

	/* Control characters are dropped but tab and newline, which become references
	 * (as in XML); bytes that are not UTF-8 are replaced. */
	r = fx_scan();
	r->hosts[0].ports[0].probe = strdup("a\001b\xff"
	                                    "c\xc3\xa9\td\ne");
	s = fx_render("html", r, NULL);
	check_markup(s);
	ck_assert_ptr_nonnull(strstr(s, "ab\xef\xbf\xbd"
	                                "c\xc3\xa9&#9;d&#10;e<"));
	free(s);
	pp_result_free(r);
}
END_TEST

/* Nothing is fetched: no script, no link, no image, no URL, and a CSP saying so. */
START_TEST(test_self_contained)
{
	struct pp_result *r = fx_audit();
	char *s = fx_render("html", r, NULL);

	check_markup(s);
	ck_assert_ptr_null(strstr(s, "http:"));
	ck_assert_ptr_null(strstr(s, "https:"));
	ck_assert_ptr_null(strstr(s, "url("));
	ck_assert_ptr_null(strstr(s, "@import"));
	ck_assert_ptr_null(strstr(s, "src="));
	ck_assert_ptr_null(strstr(s, "href="));
	ck_assert_ptr_nonnull(
	        strstr(s, "content=\"default-src 'none'; style-src 'unsafe-inline'\""));
	ck_assert_ptr_nonnull(strstr(s, "@media print{"));
	ck_assert_str_eq(s + strlen(s) - 16, "</body>\n</html>\n");
	free(s);
	pp_result_free(r);
}
END_TEST

START_TEST(test_audit)
{
	struct pp_result *r = fx_audit();
	char *s = fx_render("html", r, NULL), *high, *medium, *info;

	ck_assert_ptr_nonnull(strstr(s, "<h1>Audit of mediasense-lab</h1>"));
	/* Gauges: the deployment and each host. */
	ck_assert_uint_eq(fx_count(s, "<svg class=\"gauge\""), 3);
	ck_assert_ptr_nonnull(strstr(s, "aria-label=\"deployment score: 35.3 of 100\""));
	ck_assert_ptr_nonnull(strstr(s, "aria-label=\"ms-primary score: 33.3 of 100\""));
	/* Heatmap: expected ports tcp/22 5060 8440 8443, udp/161, for 2 hosts. */
	ck_assert_uint_eq(fx_count(s, "<th class=\"p\""), 5);
	ck_assert_uint_eq(fx_count(s, "<td class=\"v-"), 10);
	ck_assert_ptr_nonnull(strstr(s,
	                             "<td class=\"v-blocked\" data-verdict=\"blocked\" "
	                             "title=\"ms-primary tcp/8440 (api-https): blocked, high. "));
	ck_assert_ptr_nonnull(strstr(s, "<span class=\"sr\">blocked</span>"));
	ck_assert_ptr_nonnull(strstr(s, "title=\"ms-expansion: not expected for its role\""));
	ck_assert_ptr_nonnull(strstr(s, "<div class=\"legend\""));
	/* Findings by severity, each with its detail and its document row. */
	ck_assert_ptr_nonnull(strstr(s, "<h2>Findings (5)</h2>"));
	ck_assert_uint_eq(fx_count(s, "<li class=\"finding "), 5);
	high = strstr(s, "<h3 id=\"sev-high\">");
	medium = strstr(s, "<h3 id=\"sev-medium\">");
	info = strstr(s, "<h3 id=\"sev-info\">");
	ck_assert(high != NULL && medium != NULL && info != NULL);
	ck_assert(high < medium && medium < info);
	ck_assert_ptr_null(strstr(s, "id=\"sev-low\""));
	ck_assert_ptr_nonnull(strstr(s, "data-host=\"ms-primary\" data-port=\"tcp/8440\" "
	                                "data-verdict=\"blocked\""));
	ck_assert_ptr_nonnull(
	        strstr(s, "<div class=\"ref\">Document: Table 1, HTTPS TCP 8440</div>"));
	ck_assert_ptr_nonnull(strstr(s, "<div class=\"detail\">tcp/5060 (SIP, recommended) is "
	                                "closed: nothing listens on ms-expansion</div>"));
	/* The unexpected open port, and the port tables with their verdicts. */
	ck_assert_ptr_nonnull(strstr(s, "Open ports no document asks for (1)"));
	ck_assert_ptr_nonnull(strstr(s, "<tr data-host=\"ms-primary\" data-port=\"tcp/9999\">"));
	ck_assert_uint_eq(fx_count(s, "<section class=\"hostsec\""), 2);
	ck_assert_ptr_nonnull(strstr(s, "Not shown: other tcp ports closed; other udp ports "
	                                "open|filtered."));
	free(s);
	pp_result_free(r);
}
END_TEST

START_TEST(test_scan)
{
	struct pp_result *r = fx_scan();
	char *s;

	r->complete = 0;
	s = fx_render("html", r, NULL);
	check_markup(s);
	ck_assert_ptr_nonnull(strstr(s, "<h1>Scan of 1 host</h1>"));
	ck_assert_ptr_nonnull(strstr(s, "<b>Incomplete:</b>"));
	ck_assert_ptr_null(strstr(s, "<svg"));
	ck_assert_ptr_null(strstr(s, "class=\"heat\""));
	ck_assert_ptr_null(strstr(s, "Findings"));
	ck_assert_ptr_nonnull(strstr(s, "3 open</span>"));
	ck_assert_uint_eq(fx_count(s, "<tr class=\""), 4);
	ck_assert_ptr_nonnull(strstr(s, "<td class=\"mono\">udp/53</td><td class=\"st\">open</td>"
	                                "<td>dns</td><td>udp-response</td>"));
	ck_assert_ptr_nonnull(strstr(s, "icmp-admin-prohibited"));
	free(s);
	pp_result_free(r);
}
END_TEST

/* A sampled range of one service is one heatmap column, its worst verdict shown. */
START_TEST(test_range_column)
{
	struct pp_result *r = fx_audit();
	struct pp_host_result *h = pp_result_find_host4(r, 0xc612010a);
	unsigned port;
	char *s;

	for (port = 32768; port <= 61000; port += 4000)
		fx_port(h, PP_PROTO_UDP, port, PP_STATE_CLOSED, PP_REASON_ICMP_UNREACH,
		        port == 36768 ? PP_VERDICT_BLOCKED : PP_VERDICT_PASS,
		        port == 36768 ? PP_SEV_HIGH : PP_SEV_NONE, PP_RREQ_MANDATORY, "rtp-in",
		        "Table 1, ephemeral range", NULL);
	pp_result_sort(r);
	s = fx_render("html", r, NULL);
	ck_assert_uint_eq(fx_count(s, "<th class=\"p\""), 6);
	ck_assert_ptr_nonnull(strstr(s, "<span>32768-60768</span>"));
	ck_assert_ptr_nonnull(strstr(s, "rtp-in 32768-60768: 8 ports sampled, 7 pass, 1 blocked"));
	free(s);
	pp_result_free(r);
}
END_TEST

START_TEST(test_diff)
{
	struct pp_result *a = fx_audit(), *b = fx_audit();
	struct pp_host_result *h = pp_result_find_host4(b, 0xc612010a);
	struct pp_port_result *p;
	char *s, *worse, *better, *other;

	p = pp_host_find_port(h, PP_PROTO_TCP, 8440); /* fixed */
	p->state = PP_STATE_OPEN;
	p->verdict = PP_VERDICT_PASS;
	p->severity = PP_SEV_NONE;
	h = pp_result_find_host4(b, 0xc612010c);
	fx_port(h, PP_PROTO_TCP, 3306, PP_STATE_OPEN, PP_REASON_SYN_ACK, PP_VERDICT_UNEXPECTED,
	        PP_SEV_HIGH, PP_RREQ_NONE, NULL, NULL, "tcp/3306 is open on ms-expansion");
	pp_result_sort(b);
	s = render_diff(a, b);
	check_markup(s);
	ck_assert_ptr_nonnull(strstr(s, "<h1>What changed in mediasense-lab</h1>"));
	ck_assert_ptr_nonnull(strstr(s, "<b>before.json</b>"));
	ck_assert_ptr_nonnull(strstr(s, "class=\"bad\" style=\"font-size:18px\">Worse:"));
	ck_assert_uint_eq(fx_count(s, "<svg class=\"gauge\""), 2);
	worse = strstr(s, "<section id=\"worse\">");
	better = strstr(s, "<section id=\"better\">");
	other = strstr(s, "<section id=\"other\">");
	ck_assert(worse != NULL && better != NULL && other != NULL);
	ck_assert(worse < better && better < other);
	ck_assert_ptr_nonnull(strstr(worse, "data-port=\"tcp/3306\""));
	ck_assert(strstr(worse, "data-port=\"tcp/3306\"") < better);
	ck_assert(strstr(better, "data-port=\"tcp/8440\"") != NULL);
	ck_assert(strstr(better, "data-port=\"tcp/8440\"") < other);
	ck_assert_ptr_nonnull(strstr(s, "<h2>What got worse (1)</h2>"));
	ck_assert_ptr_nonnull(strstr(s, "<h2>What got better (1)</h2>"));
	free(s);

	/* No change: not worse, and each group says so. */
	s = render_diff(a, a);
	ck_assert_ptr_nonnull(strstr(s, ">Not worse:"));
	ck_assert_ptr_nonnull(strstr(s, "Nothing got worse."));
	free(s);
	pp_result_free(a);
	pp_result_free(b);
}
END_TEST

static Suite *
html_suite(void)
{
	Suite *s = suite_create("html");
	TCase *tc = tcase_create("html");

	tcase_add_test(tc, test_escaping);
	tcase_add_test(tc, test_self_contained);
	tcase_add_test(tc, test_audit);
	tcase_add_test(tc, test_scan);
	tcase_add_test(tc, test_range_column);
	tcase_add_test(tc, test_diff);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(html_suite());
}
