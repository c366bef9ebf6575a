/* Results built in code for the unit tests (see result_fixture.h). */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "result_fixture.h"

static char *
dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

struct pp_port_result *
fx_port(struct pp_host_result *h, unsigned proto, unsigned port, unsigned state, unsigned reason,
        unsigned verdict, unsigned sev, unsigned req, const char *service, const char *ref,
        const char *detail)
{
	struct pp_port_result *p = pp_host_add_port(h, proto, port);

	p->state = (uint8_t)state;
	p->reason = (uint8_t)reason;
	if (reason == PP_REASON_SYN_ACK || reason == PP_REASON_RST) {
		p->rtt_us = 200 + port % 100;
		p->ttl = 64;
	}
	p->verdict = (uint8_t)verdict;
	p->severity = (uint8_t)sev;
	p->requirement = (uint8_t)req;
	p->service = dup(service);
	p->ref = dup(ref);
	p->detail = dup(detail);
	return p;
}

static void
add_args(struct pp_result *r, const char *const *args)
{
	size_t n = 0;

	while (args[n] != NULL)
		n++;
	r->args = calloc(n + 1, sizeof(*r->args));
	for (r->nargs = 0; r->nargs < n; r->nargs++)
		r->args[r->nargs] = strdup(args[r->nargs]);
}

struct pp_result *
fx_audit(void)
{
	static const char *const args[] = {"audit", "site.json", "-o", "before.json", NULL};
	struct pp_result *r = pp_result_new();
	struct pp_host_result *h;

	r->tool_version = strdup("0.1.0");
	r->started = 1795302903; /* 2026-11-21T23:15:03Z */
	r->finished = 1795302905;
	r->rate = 10000;
	r->sent = 131080;
	r->received = 65600;
	r->deployment = strdup("mediasense-lab");
	add_args(r, args);

	h = pp_result_host4(r, 0xc612010c);
	h->name = strdup("ms-expansion");
	h->profile = strdup("cisco-mediasense");
	h->role = strdup("expansion");
	h->other_tcp = PP_STATE_CLOSED;
	h->other_udp = PP_STATE_OPEN_FILTERED;
	fx_port(h, PP_PROTO_TCP, 8443, PP_STATE_OPEN, PP_REASON_SYN_ACK, PP_VERDICT_EXPOSED,
	        PP_SEV_HIGH, PP_RREQ_MANDATORY, "cluster-https", "Table 2, HTTPS TCP 8443",
	        "tcp/8443 (cluster HTTPS, cluster only) is open from vantage any: "
	        "filter it (Table 2, HTTPS TCP 8443)");
	fx_port(h, PP_PROTO_TCP, 22, PP_STATE_OPEN, PP_REASON_SYN_ACK, PP_VERDICT_PASS, PP_SEV_NONE,
	        PP_RREQ_MANDATORY, "ssh", "Table 1, SSH TCP 22", NULL);
	fx_port(h, PP_PROTO_TCP, 5060, PP_STATE_CLOSED, PP_REASON_RST, PP_VERDICT_MISSING,
	        PP_SEV_MEDIUM, PP_RREQ_RECOMMENDED, "sip-tcp", "Table 1, SIP TCP 5060",
	        "tcp/5060 (SIP, recommended) is closed: nothing listens on ms-expansion");
	h->has_score = 1;
	h->score = 37.5;

	h = pp_result_host4(r, 0xc612010a);
	h->name = strdup("ms-primary");
	h->profile = strdup("cisco-mediasense");
	h->role = strdup("primary");
	h->other_tcp = PP_STATE_CLOSED;
	h->other_udp = PP_STATE_OPEN_FILTERED;
	fx_port(h, PP_PROTO_TCP, 22, PP_STATE_OPEN, PP_REASON_SYN_ACK, PP_VERDICT_PASS, PP_SEV_NONE,
	        PP_RREQ_MANDATORY, "ssh", "Table 1, SSH TCP 22", NULL);
	fx_port(h, PP_PROTO_TCP, 8440, PP_STATE_FILTERED, PP_REASON_NO_RESPONSE, PP_VERDICT_BLOCKED,
	        PP_SEV_HIGH, PP_RREQ_MANDATORY, "api-https", "Table 1, HTTPS TCP 8440",
	        "tcp/8440 (API access, mandatory) is filtered from vantage any: a firewall "
	        "between here and ms-primary drops it (Table 1, HTTPS TCP 8440)");
	fx_port(h, PP_PROTO_TCP, 9999, PP_STATE_OPEN, PP_REASON_SYN_ACK, PP_VERDICT_UNEXPECTED,
	        PP_SEV_HIGH, PP_RREQ_NONE, NULL, NULL,
	        "tcp/9999 is open on ms-primary but no document asks for it");
	fx_port(h, PP_PROTO_UDP, 161, PP_STATE_OPEN_FILTERED, PP_REASON_NO_RESPONSE,
	        PP_VERDICT_INCONCLUSIVE, PP_SEV_INFO, PP_RREQ_OPTIONAL, "snmp",
	        "Table 1, SNMP UDP 161",
	        "udp/161 (SNMP, optional) did not answer: open or filtered");
	h->has_score = 1;
	h->score = 100.0 * 3 / 9;
	r->has_score = 1;
	r->score = 100.0 * 6 / 17;
	pp_result_sort(r);
	return r;
}

struct pp_result *
fx_scan(void)
{
	static const char *const args[] = {"scan", "-p", "T:1-1024,U:53", "198.18.0.2", NULL};
	struct pp_result *r = pp_result_new();
	struct pp_host_result *h;
	struct pp_port_result *p;

	r->tool_version = strdup("0.1.0");
	r->started = 1795302903;
	r->finished = 1795302904;
	r->rate = 10000;
	r->sent = 1030;
	r->received = 1024;
	add_args(r, args);
	h = pp_result_host4(r, 0xc6120002);
	h->other_tcp = PP_STATE_CLOSED;
	h->other_udp = PP_STATE_UNKNOWN;
	fx_port(h, PP_PROTO_TCP, 80, PP_STATE_OPEN, PP_REASON_SYN_ACK, 0, 0, 0, NULL, NULL, NULL);
	fx_port(h, PP_PROTO_TCP, 22, PP_STATE_OPEN, PP_REASON_SYN_ACK, 0, 0, 0, NULL, NULL, NULL);
	p = fx_port(h, PP_PROTO_TCP, 81, PP_STATE_FILTERED, PP_REASON_ICMP_UNREACH, 0, 0, 0, NULL,
	            NULL, NULL);
	p->icmp_code = 13;
	p = fx_port(h, PP_PROTO_UDP, 53, PP_STATE_OPEN, PP_REASON_UDP_RESPONSE, 0, 0, 0, NULL, NULL,
	            NULL);
	p->probe = strdup("dns");
	pp_result_sort(r);
	return r;
}

/* A memory stream a test renders into; sink_close gives what was written. */
struct sink {
	char *buf;
	size_t len;
	FILE *fp;
};

static FILE *
sink_open(struct sink *k)
{
	k->buf = NULL;
	k->len = 0;
	k->fp = open_memstream(&k->buf, &k->len);
	ck_assert_ptr_nonnull(k->fp);
	return k->fp;
}

static char *
sink_close(struct sink *k)
{
	fclose(k->fp);
	return k->buf;
}

char *
fx_json(const struct pp_result *r)
{
	struct sink k;

	ck_assert_int_eq(pp_result_write_json(r, sink_open(&k)), 0);
	return sink_close(&k);
}

char *
fx_render(const char *format, const struct pp_result *r, const struct pp_report_opts *o)
{
	struct sink k;
	char err[256];

	ck_assert_msg(pp_report_render(format, r, sink_open(&k), o, err, sizeof(err)) == 0, "%s",
	              err);
	return sink_close(&k);
}

char *
fx_render_diff(const char *format, const struct pp_diff *d)
{
	struct sink k;
	char err[256];

	ck_assert_msg(pp_diff_render(format, d, sink_open(&k), NULL, err, sizeof(err)) == 0, "%s",
	              err);
	return sink_close(&k);
}

size_t
fx_count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void
fx_zone(struct pp_result *r, const char *v)
{
	r->vantage = strdup(v);
	r->vantages = calloc(2, sizeof(*r->vantages));
	r->vantages[r->nvantages++] = strdup("any");
	r->vantages[r->nvantages++] = strdup("cluster");
}

struct pp_result *
fx_zones(int only_any)
{
	struct pp_result *in[2] = {fx_audit(), fx_audit()}, *m = NULL;
	const char *names[2] = {"any.json", "cluster.json"};
	struct pp_port_result *p;
	char err[256];

	fx_zone(in[0], "any");
	fx_zone(in[1], "cluster");
	p = pp_host_find_port(pp_result_find_host4(in[1], 0xc612010c), PP_PROTO_TCP, 8443);
	p->verdict = PP_VERDICT_PASS;
	p->severity = PP_SEV_NONE;
	free(p->detail);
	p->detail = strdup("tcp/8443 (cluster HTTPS, cluster only) is open from vantage cluster, "
	                   "as it must be (Table 2, HTTPS TCP 8443)");
	ck_assert_int_eq(
	        pp_result_merge(in, names, only_any ? 1 : 2, &m, err, sizeof(err), NULL, 0), 0);
	pp_result_free(in[0]);
	pp_result_free(in[1]);
	return m;
}
