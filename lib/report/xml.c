/*
 * The xml format: nmap's XML output (nmaprun, xmloutputversion 1.05), so `ndiff`
 * and the usual importers of nmap scans read portproof results.  Reasons use
 * nmap's names ("reset", "port-unreach", "admin-prohibited"); an audit's verdict
 * rides along in a <script id="portproof"> element under its port, which ndiff
 * and the importers show as script output.  A result joined from several zones is
 * one host list per zone, one after the other, each host with the ports seen from
 * that zone and the zone in its hostname ("ms-primary from cluster"): nmap's
 * format has no place for a port seen from two sides.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "portproof.h"
#include "report_int.h"
#include "result/result_int.h"

static const char *
nmap_reason(const struct pp_port_result *p, char *buf, size_t len)
{
	static const char *const icmp[] = {
	        [0] = "net-unreach",       [1] = "host-unreach",   [2] = "proto-unreach",
	        [3] = "port-unreach",      [9] = "net-prohibited", [10] = "host-prohibited",
	        [13] = "admin-prohibited",
	};
	static const char *const icmp6[] = {
	        [0] = "no-route",         [2] = "beyond-scope", [3] = "host-unreach",
	        [5] = "admin-prohibited", [6] = "reject-route",
	};

	switch (p->reason) {
	case PP_REASON_RST:
		return "reset";
	case PP_REASON_ICMP_UNREACH:
		if (p->icmp_code < sizeof(icmp) / sizeof(icmp[0]) && icmp[p->icmp_code] != NULL)
			return icmp[p->icmp_code];
		return pp_reason_name(p->reason, p->icmp_code, buf, len);
	case PP_REASON_ICMP6_UNREACH:
		/* nmap's names for ICMPv6's codes (5, failed policy, as its
		 * admin-prohibited; 1 and 4 are PP_REASON_ICMP_UNREACH's 13 and 3). */
		if (p->icmp_code < sizeof(icmp6) / sizeof(icmp6[0]) && icmp6[p->icmp_code] != NULL)
			return icmp6[p->icmp_code];
		return pp_reason_name(p->reason, p->icmp_code, buf, len);
	case PP_REASON_NONE:
		return "unknown";
	default:
		return pp_reason_name(p->reason, p->icmp_code, buf, len);
	}
}

/* "22,80-81": the listed ports of one protocol, for <scaninfo>. */
static size_t
services(const struct pp_result *r, unsigned proto, FILE *fp)
{
	pp_portset ps;
	char *buf;
	size_t i, j, n;

	pp_portset_init(&ps);
	for (i = 0; i < r->nhosts; i++)
		for (j = 0; j < r->hosts[i].nports; j++)
			if (r->hosts[i].ports[j].proto == proto)
				pp_portset_add(&ps, r->hosts[i].ports[j].port,
				               r->hosts[i].ports[j].port);
	n = pp_portset_count(&ps);
	if (fp != NULL && n > 0 && (buf = malloc(pp_portset_format(&ps, NULL, 0) + 1)) != NULL) {
		pp_portset_format(&ps, buf, pp_portset_format(&ps, NULL, 0) + 1);
		fprintf(fp,
		        "<scaninfo type=\"%s\" protocol=\"%s\" numservices=\"%zu\" "
		        "services=\"%s\"/>\n",
		        proto == PP_PROTO_TCP ? "syn" : "udp", pp_proto_name(proto), n, buf);
		free(buf);
	}
	pp_portset_free(&ps);
	return n;
}

static void
service(FILE *fp, const struct pp_port_result *p, struct pp__svc_cache *c)
{
	const char *name;

	/* What the listener check heard, as nmap -sV says it (TLS is its "ssl"). */
	if (p->seen != NULL && strcmp(p->seen, "none") != 0 && strcmp(p->seen, "unknown") != 0) {
		fputs("<service name=\"", fp);
		pp__xml_str(fp, strcmp(p->seen, "tls") == 0 ? "ssl" : p->seen);
		if (p->seen_detail != NULL) {
			fputs("\" extrainfo=\"", fp);
			pp__xml_str(fp, p->seen_detail);
		}
		fputs("\" method=\"probed\" conf=\"10\"/>", fp);
	} else if (p->probe != NULL) {
		fputs("<service name=\"", fp);
		pp__xml_str(fp, p->probe);
		fputs("\" method=\"probed\" conf=\"10\"/>", fp);
	} else if ((name = pp__service_name(c, p->proto, p->port))[0] != '\0') {
		fputs("<service name=\"", fp);
		pp__xml_str(fp, name);
		fputs("\" method=\"table\" conf=\"3\"/>", fp);
	}
}

static void
port(FILE *fp, const struct pp_port_result *p, int audit, struct pp__svc_cache *c)
{
	char buf[24];

	fprintf(fp,
	        "<port protocol=\"%s\" portid=\"%u\"><state state=\"%s\" reason=\"%s\" "
	        "reason_ttl=\"%u\"/>",
	        pp_proto_name(p->proto), p->port, pp_state_name(p->state),
	        nmap_reason(p, buf, sizeof(buf)), p->ttl);
	service(fp, p, c);
	if (audit && p->verdict != PP_VERDICT_NONE) {
		fprintf(fp, "<script id=\"portproof\" output=\"%s (%s)",
		        pp_verdict_name(p->verdict), pp_severity_name(p->severity));
		if (p->detail != NULL) {
			fputs(": ", fp);
			pp__xml_str(fp, p->detail);
		}
		if (p->ref != NULL && (p->detail == NULL || strstr(p->detail, p->ref) == NULL)) {
			fputs(" [", fp);
			pp__xml_str(fp, p->ref);
			fputs("]", fp);
		}
		fputs("\"/>", fp);
	}
	fputs("</port>\n", fp);
}

/* A port of the zone's list (zone NULL: one zone, every port). */
static int
in_zone(const struct pp_port_result *p, const char *zone)
{
	return zone == NULL || (p->vantage != NULL && strcmp(p->vantage, zone) == 0);
}

static const struct pp_port_result *
answered(const struct pp_host_result *h, const char *zone)
{
	size_t i;

	for (i = 0; i < h->nports; i++)
		if ((h->ports[i].state == PP_STATE_OPEN || h->ports[i].state == PP_STATE_CLOSED) &&
		    in_zone(&h->ports[i], zone))
			return &h->ports[i];
	return NULL;
}

static void
host(FILE *fp, const struct pp_result *r, const struct pp_host_result *h, const char *zone,
     struct pp__svc_cache *c)
{
	const struct pp_port_result *a = answered(h, zone);
	char addr[PP_ADDR_STRLEN], buf[24];
	size_t i;

	fprintf(fp, "<host starttime=\"%lld\" endtime=\"%lld\">", (long long)r->started,
	        (long long)r->finished);
	if (a != NULL || h->other_tcp == PP_STATE_CLOSED)
		fprintf(fp, "<status state=\"up\" reason=\"%s\" reason_ttl=\"%u\"/>\n",
		        a ? nmap_reason(a, buf, sizeof(buf)) : "reset", a ? a->ttl : 0);
	else
		fputs("<status state=\"unknown\" reason=\"no-response\" reason_ttl=\"0\"/>\n", fp);
	fprintf(fp, "<address addr=\"%s\" addrtype=\"%s\"/>\n<hostnames>\n",
	        pp_addr_str(&h->addr, addr, sizeof(addr)),
	        pp_addr_is_v4(&h->addr) ? "ipv4" : "ipv6");
	if (h->name != NULL || zone != NULL) {
		fputs("<hostname name=\"", fp);
		pp__xml_str(fp, h->name ? h->name : addr);
		if (zone != NULL) {
			fputs(" from ", fp);
			pp__xml_str(fp, zone);
		}
		fputs("\" type=\"user\"/>\n", fp);
	}
	fputs("</hostnames>\n<ports>", fp);
	for (i = 0; i < h->nports; i++)
		if (in_zone(&h->ports[i], zone))
			port(fp, &h->ports[i], r->deployment != NULL, c);
	fputs("</ports>\n</host>\n", fp);
}

static int
render(const struct pp_result *r, FILE *fp, const struct pp_report_opts *o)
{
	const char *one = NULL, **zones = &one;
	struct pp__svc_cache c;
	char start[32], end[32];
	struct tm tm;
	size_t i, k, nz = 1, up = 0, total = 0;

	memset(&c, 0, sizeof(c));
	if (pp_result_by_vantage(r) && pp__matrix_zones(r, &zones, &nz) < 0)
		return PP_ENOMEM;
	(void)o;
	if (gmtime_r(&r->started, &tm) == NULL ||
	    strftime(start, sizeof(start), "%a %b %d %H:%M:%S %Y", &tm) == 0)
		strcpy(start, "?");
	if (gmtime_r(&r->finished, &tm) == NULL ||
	    strftime(end, sizeof(end), "%a %b %d %H:%M:%S %Y", &tm) == 0)
		strcpy(end, "?");
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n", fp);
	fputs("<nmaprun scanner=\"portproof\" args=\"portproof", fp);
	for (i = 0; i < r->nargs; i++) {
		putc(' ', fp);
		pp__xml_str(fp, r->args[i]);
	}
	fprintf(fp, "\" start=\"%lld\" startstr=\"%s\" version=\"", (long long)r->started, start);
	pp__xml_str(fp, r->tool_version ? r->tool_version : pp_version());
	fputs("\" xmloutputversion=\"1.05\">\n", fp);
	services(r, PP_PROTO_TCP, fp);
	services(r, PP_PROTO_UDP, fp);
	fputs("<verbose level=\"0\"/>\n<debugging level=\"0\"/>\n", fp);
	for (k = 0; k < nz; k++) {
		for (i = 0; i < r->nhosts; i++) {
			host(fp, r, &r->hosts[i], zones[k], &c);
			up += answered(&r->hosts[i], zones[k]) != NULL ||
			      r->hosts[i].other_tcp == PP_STATE_CLOSED;
			total++;
		}
	}
	if (zones != &one)
		free(zones);
	fprintf(fp,
	        "<runstats><finished time=\"%lld\" timestr=\"%s\" summary=\"portproof done at %s; "
	        "%zu IP address%s (%zu host%s up) scanned in %ld seconds\" elapsed=\"%ld\" "
	        "exit=\"%s\"/><hosts up=\"%zu\" down=\"%zu\" total=\"%zu\"/>\n</runstats>\n",
	        (long long)r->finished, end, end, total, total == 1 ? "" : "es", up,
	        up == 1 ? "" : "s", pp__elapsed(r), pp__elapsed(r),
	        r->complete ? "success" : "error", up, total - up, total);
	fputs("</nmaprun>\n", fp);
	return ferror(fp) ? PP_EIO : 0;
}

const struct pp_reporter pp__report_xml = {
        .name = "xml",
        .description = "nmap's XML output, for ndiff and the importers of nmap scans",
        .render = render,
};
