/*
 * The detail line of each judged port: what was expected, what was seen, where
 * the fault most likely is and what to do, and the document row, in one line a
 * network engineer can act on, e.g.
 *
 *   tcp/8440 (API access from client applications, mandatory) is filtered from
 *   vantage any: a firewall between here and ms-primary drops it (Table 1, HTTPS
 *   TCP 8440)
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_score.h"
#include "result/result_int.h"
#include "score_int.h"

#define WHAT_MAX 100 /* bytes of a description a finding shows */

/* The service as its description says it: whole when it is short, else cut at a
 * sentence's end or a word's (never inside one) and marked "..."; else its
 * protocol name, else its id.  Cutting at the first ';', ',' or '(' lost the
 * words that say what a service is as often as it kept them. */
static void
what(char *buf, size_t len, const struct pp_service *s)
{
	const char *d = s->description ? s->description : s->name ? s->name : s->id;
	size_t n = strlen(d), cut, sentence = 0, word = 0;
	int more = n > WHAT_MAX;

	if (more) {
		for (cut = WHAT_MAX / 3; cut <= WHAT_MAX; cut++)
			if (d[cut] == ' ') {
				word = cut;
				if (d[cut - 1] == '.')
					sentence = cut - 1;
			}
		n = sentence > 0 ? sentence : word > 0 ? word : WHAT_MAX;
		while (n > 0 && ((unsigned char)d[n] & 0xc0) == 0x80)
			n--; /* no space at all: at least not inside a character */
		/* Punctuation before the cut reads wrong before the dots. */
		while (n > 0 && strchr(" .,;:(", d[n - 1]) != NULL)
			n--;
	}
	snprintf(buf, len, "%.*s%s", (int)n, d, more ? "..." : "");
}

/* "mandatory", "mandatory range 32768-61000", "mandatory, cluster only", "must be
 * filtered from every zone". */
static void
terms(char *buf, size_t len, const struct pp_plan_item *it)
{
	const struct pp_service *s = it->svc;
	size_t used, i;
	char ports[64];

	used = (size_t)snprintf(buf, len, "%s", pp_requirement_name(s->requirement));
	if (s->kind == PP_KIND_DYNAMIC && used < len) {
		pp_portset_format(&s->ports, ports, sizeof(ports));
		used += (size_t)snprintf(buf + used, len - used, " range %s", ports);
	}
	if (!it->restricted || used >= len)
		return;
	if (s->nfrom == 0) {
		/* Its requirement says nothing here: no zone may reach it at all. */
		used = 0;
		if (s->kind == PP_KIND_DYNAMIC) {
			pp_portset_format(&s->ports, ports, sizeof(ports));
			used = (size_t)snprintf(buf, len, "range %s, ", ports);
		}
		if (used < len)
			snprintf(buf + used, len - used, "must be filtered from every zone");
		return;
	}
	for (i = 0; i < s->nfrom && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? " or " : ", ",
		                         s->from[i].s);
	if (used < len)
		snprintf(buf + used, len - used, " only");
}

static char *line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
line(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

/* How the host turned it away, when it said so. */
static const char *
how(const struct pp_port_result *p, char *buf, size_t len)
{
	char r[32];

	if (!pp_reason_is_icmp(p->reason))
		return "drops it";
	snprintf(buf, len, "rejects it (%s)",
	         pp_reason_name(p->reason, p->icmp_code, r, sizeof(r)));
	return buf;
}

/* A passing TLS listener whose certificate expires soon, or has expired. */
static char *
cert_line(const char *port, const char *w, const char *t, const char *vantage,
          const struct pp_port_result *p, const char *ref)
{
	char when[48];

	if (p->cert_days < 0)
		snprintf(when, sizeof(when), "expired %ld day%s ago", -(long)p->cert_days,
		         p->cert_days == -1 ? "" : "s");
	else
		snprintf(when, sizeof(when), "expires in %ld day%s", (long)p->cert_days,
		         p->cert_days == 1 ? "" : "s");
	/* The subject is in seen_detail, which every reporter shows beside. */
	return line("%s (%s, %s) is open from vantage %s and speaks TLS, but its certificate "
	            "%s: renew it (%s)",
	            port, w, t, vantage, when, ref);
}

char *
pp__score_detail(const struct pp_plan_host *h, const struct pp_plan_item *it,
                 const struct pp_port_result *p, const char *vantage)
{
	const char *host = h->host->name, *ref;
	char port[24], w[WHAT_MAX + 8], t[160], hw[48];

	pp__port_str(p->proto, p->port, port, sizeof(port));
	if (it == NULL && p->seen != NULL && strcmp(p->seen, "none") != 0)
		return line(
		        "%s is open on %s and speaks %s%s%s%s, but %s asks for no such port on "
		        "role %s: close it, filter it, or add it to the profile if it is needed",
		        port, host, p->seen, p->seen_detail ? " (" : "",
		        p->seen_detail ? p->seen_detail : "", p->seen_detail ? ")" : "",
		        h->host->profile_id, h->host->role);
	if (it == NULL)
		return line("%s is open on %s, but %s asks for no such port on role %s: close it, "
		            "filter it, or add it to the profile if it is needed",
		            port, host, h->host->profile_id, h->host->role);
	what(w, sizeof(w), it->svc);
	terms(t, sizeof(t), it);
	ref = it->svc->ref;
	switch (p->verdict) {
	case PP_VERDICT_PASS:
		if (it->restricted)
			return line("%s (%s, %s) is %s from vantage %s, as it must be (%s)", port,
			            w, t, pp_state_name(p->state), vantage, ref);
		if (p->state == PP_STATE_CLOSED)
			return line("%s (%s, %s) is reachable from vantage %s: closed, nothing "
			            "listens on it now and nothing filters it (%s)",
			            port, w, t, vantage, ref);
		if (p->severity != PP_SEV_NONE && p->has_cert_days)
			return cert_line(port, w, t, vantage, p, ref);
		return line("%s (%s, %s) is open from vantage %s (%s)", port, w, t, vantage, ref);
	case PP_VERDICT_MISSING:
		if (p->state == PP_STATE_OPEN)
			return line(
			        "%s (%s, %s) is answered by a device on the path to %s (a SYN "
			        "proxy), but nothing listens behind it: the connection is reset "
			        "at once; start the service or check the port it listens on (%s)",
			        port, w, t, host, ref);
		return line("%s (%s, %s) is closed on %s: the host answers but nothing listens; "
		            "start the service or check the port it listens on (%s)",
		            port, w, t, host, ref);
	case PP_VERDICT_BLOCKED:
		return line("%s (%s, %s) is filtered from vantage %s: a firewall between here "
		            "and %s %s; open it for vantage %s (%s)",
		            port, w, t, vantage, host, how(p, hw, sizeof(hw)), vantage, ref);
	case PP_VERDICT_EXPOSED:
		return line("%s (%s, %s) is open from vantage %s: filter it between here and %s "
		            "(%s)",
		            port, w, t, vantage, host, ref);
	case PP_VERDICT_UNFILTERED:
		return line("%s (%s, %s) is closed, not filtered, from vantage %s: nothing "
		            "listens, but nothing keeps it from here either; filter it between "
		            "here and %s (%s)",
		            port, w, t, vantage, host, ref);
	case PP_VERDICT_MISMATCH:
		return line("%s (%s, %s) is open on %s but speaks %s%s%s%s, not %s as the document "
		            "says: check what listens on it%s (%s)",
		            port, w, t, host, p->seen ? p->seen : "nothing",
		            p->seen_detail ? " (" : "", p->seen_detail ? p->seen_detail : "",
		            p->seen_detail ? ")" : "", it->svc->speaks,
		            p->severity == PP_SEV_HIGH ? "; it answers in clear text" : "", ref);
	case PP_VERDICT_INCONCLUSIVE:
		return line("%s (%s, %s) gets no answer from vantage %s (open|filtered): a "
		            "service that ignores the probe and a firewall that drops it look "
		            "the same; check it on %s (%s)",
		            port, w, t, vantage, host, ref);
	default:
		return line("%s (%s, %s) is %s from vantage %s (%s)", port, w, t,
		            pp_state_name(p->state), vantage, ref);
	}
}

/* The words a spared member's line ends with, after its own line. */
#define SPARED_PRE "; not counted: alternatives '"
#define SPARED_MID "' need one member, and "

char *
pp__score_detail_spared(const char *detail, const char *group, const char *passing)
{
	return line("%s" SPARED_PRE "%s" SPARED_MID "%s passes", detail, group, passing);
}

void
pp__score_detail_unspare(char *detail, const char *group)
{
	size_t glen = strlen(group);
	char *at;

	if (detail == NULL)
		return;
	for (at = strstr(detail, SPARED_PRE); at != NULL; at = strstr(at + 1, SPARED_PRE)) {
		const char *g = at + strlen(SPARED_PRE);
		if (strncmp(g, group, glen) == 0 &&
		    strncmp(g + glen, SPARED_MID, strlen(SPARED_MID)) == 0) {
			*at = '\0';
			return;
		}
	}
}
