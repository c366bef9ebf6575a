/*
 * The csv format: one row per listed port with a header row, for spreadsheets
 * and scripts.  RFC 4180 quoting, but lines end in LF (what shell tools expect);
 * audit columns stay empty in a plain scan.  The vantage column holds the zone a
 * port was seen from (a result merged from several zones has a row per zone).
 * Text cells come from the network (a service string is what a probe reply
 * said) and from profiles and deployments, so none may reach a spreadsheet as a
 * formula (see text()).
 */
#include "config.h"

#include <string.h>

#include "pp_error.h"
#include "report_int.h"
#include "result/result_int.h"

/*
 * A text cell.  One that begins with = + - @, a tab or a carriage return is what
 * spreadsheets run as a formula (OWASP's "CSV injection"): it gets a ' in front,
 * inside quotes, which they show as text and do not run.  NULL is an empty cell.
 */
static void
text(FILE *fp, const char *s, int last)
{
	int formula = s != NULL && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
	const char *p;

	if (s != NULL && (formula || s[strcspn(s, ",\"\r\n")] != '\0')) {
		putc('"', fp);
		if (formula)
			putc('\'', fp);
		for (p = s; *p != '\0'; p++) {
			if (*p == '"')
				putc('"', fp);
			putc(*p, fp);
		}
		putc('"', fp);
	} else if (s != NULL) {
		fputs(s, fp);
	}
	fputs(last ? "\n" : ",", fp);
}

/* A number cell (port, RTT, TTL; never the last column): as it is, never as text. */
static void
number(FILE *fp, unsigned v)
{
	fprintf(fp, "%u,", v);
}

static int
render(const struct pp_result *r, FILE *fp, const struct pp_report_opts *o)
{
	int audit = r->deployment != NULL;
	char addr[PP_ADDR_STRLEN], code[24];
	size_t i, j;

	(void)o;
	fputs("address,name,profile,role,proto,port,vantage,state,reason,rtt_us,ttl,probe,"
	      "service,requirement,verdict,severity,ref,detail,seen,seen_detail\n",
	      fp);
	for (i = 0; i < r->nhosts; i++) {
		const struct pp_host_result *h = &r->hosts[i];
		pp_addr_str(&h->addr, addr, sizeof(addr));
		for (j = 0; j < h->nports; j++) {
			const struct pp_port_result *p = &h->ports[j];
			text(fp, addr, 0);
			text(fp, h->name, 0);
			text(fp, h->profile, 0);
			text(fp, h->role, 0);
			text(fp, pp_proto_name(p->proto), 0);
			number(fp, p->port);
			text(fp, pp_port_vantage(r, p), 0);
			text(fp, pp_state_name(p->state), 0);
			text(fp, pp_reason_name(p->reason, p->icmp_code, code, sizeof(code)), 0);
			number(fp, p->rtt_us);
			number(fp, p->ttl);
			text(fp, p->probe, 0);
			text(fp, p->service, 0);
			text(fp, audit ? pp_result_req_name(p->requirement) : NULL, 0);
			text(fp, audit ? pp_verdict_name(p->verdict) : NULL, 0);
			text(fp, audit ? pp_severity_name(p->severity) : NULL, 0);
			text(fp, p->ref, 0);
			text(fp, p->detail, 0);
			text(fp, p->seen, 0);
			text(fp, p->seen_detail, 1);
		}
	}
	return ferror(fp) ? PP_EIO : 0;
}

const struct pp_reporter pp__report_csv = {
        .name = "csv",
        .description = "one row per listed port, with a header row",
        .render = render,
};
