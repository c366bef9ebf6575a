/*
 * The csv format: one row per listed port with a header row, for spreadsheets
 * and scripts.  RFC 4180 quoting, but lines end in LF (what shell tools expect);
 * audit columns stay empty in a plain scan.
 */
#include "config.h"

#include <string.h>

#include "pp_error.h"
#include "report_int.h"
#include "result_int.h"

static void
field(FILE *fp, const char *s, int last)
{
	const char *p;

	if (s != NULL && s[strcspn(s, ",\"\r\n")] != '\0') {
		putc('"', fp);
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

static int
render(const struct pp_result *r, FILE *fp, const struct pp_report_opts *o)
{
	int audit = r->deployment != NULL;
	char addr[16], num[3][24], code[24];
	size_t i, j;

	(void)o;
	fputs("address,name,profile,role,proto,port,state,reason,rtt_us,ttl,probe,"
	      "service,requirement,verdict,severity,ref,detail\n",
	      fp);
	for (i = 0; i < r->nhosts; i++) {
		const struct pp_host_result *h = &r->hosts[i];
		pp__addr_str(h->addr, addr, sizeof(addr));
		for (j = 0; j < h->nports; j++) {
			const struct pp_port_result *p = &h->ports[j];
			snprintf(num[0], sizeof(num[0]), "%u", p->port);
			snprintf(num[1], sizeof(num[1]), "%u", p->rtt_us);
			snprintf(num[2], sizeof(num[2]), "%u", p->ttl);
			field(fp, addr, 0);
			field(fp, h->name, 0);
			field(fp, h->profile, 0);
			field(fp, h->role, 0);
			field(fp, pp_proto_name(p->proto), 0);
			field(fp, num[0], 0);
			field(fp, pp_state_name(p->state), 0);
			field(fp, pp_reason_name(p->reason, p->icmp_code, code, sizeof(code)), 0);
			field(fp, num[1], 0);
			field(fp, num[2], 0);
			field(fp, p->probe, 0);
			field(fp, p->service, 0);
			field(fp, audit ? pp_result_req_name(p->requirement) : NULL, 0);
			field(fp, audit ? pp_verdict_name(p->verdict) : NULL, 0);
			field(fp, audit ? pp_severity_name(p->severity) : NULL, 0);
			field(fp, p->ref, 0);
			field(fp, p->detail, 1);
		}
	}
	return ferror(fp) ? PP_EIO : 0;
}

const struct pp_reporter pp__report_csv = {
        .name = "csv",
        .description = "one row per listed port, with a header row",
        .render = render,
};
