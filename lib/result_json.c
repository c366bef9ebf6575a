/*
 * The portproof-result/1 writer.  Printed by hand rather than through cJSON so the
 * bytes are fixed: keys in the order of DESIGN.md, one port per line (a 65535-port
 * result stays greppable and diffable), scores with one decimal, times in RFC 3339
 * UTC.  Writing what the reader read gives the same bytes back.
 *
 * A plain scan (no deployment) leaves out every audit key: deployment, a host's name,
 * profile, role and score, a port's service, requirement, verdict, severity, ref and
 * detail, and the summary score and roles (its verdict counts are all 0: nothing
 * was judged).
 * An audit writes all of them, null where empty, but a port's alternative only
 * where there is one (as a port's probe).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "portproof.h"
#include "pp_result.h"
#include "pp_score.h"
#include "result_int.h"

size_t
pp__utf8_len(const unsigned char *s)
{
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f))
			return 0; /* overlong, or a surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

/* A JSON string, or null; bytes that are not UTF-8 become U+FFFD. */
void
pp__json_str(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	putc('"', fp);
	while (*s != '\0') {
		if (*s == '"' || *s == '\\') {
			putc('\\', fp);
			putc(*s++, fp);
		} else if (*s == '\n') {
			fputs("\\n", fp);
			s++;
		} else if (*s == '\t') {
			fputs("\\t", fp);
			s++;
		} else if (*s < 0x20 || *s == 0x7f) {
			fprintf(fp, "\\u%04x", *s++);
		} else if ((n = pp__utf8_len(s)) == 0) {
			fputs("\xef\xbf\xbd", fp); /* U+FFFD as UTF-8: reads back the same */
			s++;
		} else {
			fwrite(s, 1, n, fp);
			s += n;
		}
	}
	putc('"', fp);
}

void
pp__json_time(FILE *fp, time_t t)
{
	struct tm tm;
	char buf[32];

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, sizeof(buf), "1970-01-01T00:00:00Z");
	pp__json_str(fp, buf);
}

static void
put_addr(FILE *fp, uint32_t a)
{
	char buf[16];

	fprintf(fp, "\"%s\"", pp__addr_str(a, buf, sizeof(buf)));
}

static void
put_score(FILE *fp, int has, double score)
{
	if (has)
		fprintf(fp, "%.1f", score);
	else
		fputs("null", fp);
}

static void
put_other(FILE *fp, unsigned state)
{
	if (state == PP_STATE_UNKNOWN)
		fputs("null", fp);
	else
		pp__json_str(fp, pp_state_name(state));
}

static void
write_port(FILE *fp, const struct pp_port_result *p, int audit)
{
	char buf[32];

	fprintf(fp, "{\"proto\": \"%s\", \"port\": %u, \"state\": \"%s\", \"reason\": \"%s\", ",
	        pp_proto_name(p->proto), p->port, pp_state_name(p->state),
	        pp_reason_name(p->reason, p->icmp_code, buf, sizeof(buf)));
	fprintf(fp, "\"rtt_us\": %u, \"ttl\": %u", p->rtt_us, p->ttl);
	if (p->probe != NULL) {
		fputs(", \"probe\": ", fp);
		pp__json_str(fp, p->probe);
	}
	if (audit) {
		fputs(", \"service\": ", fp);
		pp__json_str(fp, p->service);
		if (p->alternative != NULL) {
			fputs(", \"alternative\": ", fp);
			pp__json_str(fp, p->alternative);
		}
		fprintf(fp, ", \"requirement\": \"%s\", \"verdict\": \"%s\", \"severity\": \"%s\"",
		        pp_result_req_name(p->requirement), pp_verdict_name(p->verdict),
		        pp_severity_name(p->severity));
		fputs(", \"ref\": ", fp);
		pp__json_str(fp, p->ref);
		fputs(", \"detail\": ", fp);
		pp__json_str(fp, p->detail);
	}
	putc('}', fp);
}

static void
write_host(FILE *fp, const struct pp_host_result *h, int audit)
{
	size_t i;

	fputs("    {\n      \"address\": ", fp);
	put_addr(fp, h->addr);
	if (audit) {
		fputs(",\n      \"name\": ", fp);
		pp__json_str(fp, h->name);
		fputs(",\n      \"profile\": ", fp);
		pp__json_str(fp, h->profile);
		fputs(",\n      \"role\": ", fp);
		pp__json_str(fp, h->role);
	}
	fputs(",\n      \"other\": {\"tcp\": ", fp);
	put_other(fp, h->other_tcp);
	fputs(", \"udp\": ", fp);
	put_other(fp, h->other_udp);
	fputs("},\n      \"ports\": [", fp);
	for (i = 0; i < h->nports; i++) {
		fputs(i ? ",\n        " : "\n        ", fp);
		write_port(fp, &h->ports[i], audit);
	}
	fputs(h->nports ? "\n      ]" : "]", fp);
	if (audit) {
		fputs(",\n      \"score\": ", fp);
		put_score(fp, h->has_score, h->score);
	}
	fputs("\n    }", fp);
}

/* A role's profile, "" for a host without one (a hand-made file). */
static const char *
profile_of(const struct pp_role_score *v)
{
	return v->profile != NULL ? v->profile : "";
}

/*
 * The summary's per-role scores, computed from the ports as the text report's
 * "roles:" line is (pp_score_roles): {"PROFILE": {"ROLE": SCORE, ...}, ...},
 * profiles and their roles in the order their first host comes.
 */
static int
write_roles(FILE *fp, const struct pp_result *r)
{
	struct pp_role_score *v;
	size_t n, i, j, k;

	if (pp_score_roles(r, &v, &n) < 0)
		return PP_ENOMEM;
	fputs("\"roles\": {", fp);
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && strcmp(profile_of(&v[j]), profile_of(&v[i])) != 0; j++)
			;
		if (j < i)
			continue; /* this profile's roles are written already */
		fputs(i ? ", " : "", fp);
		pp__json_str(fp, profile_of(&v[i]));
		fputs(": {", fp);
		for (k = i; k < n; k++) {
			if (strcmp(profile_of(&v[k]), profile_of(&v[i])) != 0)
				continue;
			fputs(k > i ? ", " : "", fp);
			pp__json_str(fp, v[k].role);
			fputs(": ", fp);
			put_score(fp, v[k].has_score, v[k].score);
		}
		fputc('}', fp);
	}
	fputs("}, ", fp);
	free(v);
	return 0;
}

int
pp_result_write_json(const struct pp_result *r, FILE *fp)
{
	int audit = r->deployment != NULL;
	size_t i;

	fputs("{\n  \"schema\": \"" PP_RESULT_SCHEMA "\",\n", fp);
	fputs("  \"tool\": {\"name\": \"portproof\", \"version\": ", fp);
	pp__json_str(fp, r->tool_version ? r->tool_version : pp_version());
	fputs("},\n  \"scan\": {\n    \"started\": ", fp);
	pp__json_time(fp, r->started);
	fputs(",\n    \"finished\": ", fp);
	pp__json_time(fp, r->finished);
	fprintf(fp, ",\n    \"complete\": %s,\n", r->complete ? "true" : "false");
	fprintf(fp, "    \"rate\": %llu,\n    \"sent\": %llu,\n    \"received\": %llu,\n",
	        (unsigned long long)r->rate, (unsigned long long)r->sent,
	        (unsigned long long)r->received);
	fprintf(fp, "    \"rejected\": %llu,\n", (unsigned long long)r->rejected);
	fprintf(fp, "    \"shard\": \"%u/%u\",\n    \"args\": [", r->shard_k, r->shard_n);
	for (i = 0; i < r->nargs; i++) {
		if (i)
			fputs(", ", fp);
		pp__json_str(fp, r->args[i]);
	}
	fputs("]\n  },\n", fp);
	if (audit) {
		fputs("  \"deployment\": ", fp);
		pp__json_str(fp, r->deployment);
		fputs(",\n", fp);
	}
	fputs("  \"hosts\": [", fp);
	for (i = 0; i < r->nhosts; i++) {
		fputs(i ? ",\n" : "\n", fp);
		write_host(fp, &r->hosts[i], audit);
	}
	fputs(r->nhosts ? "\n  ],\n" : "],\n", fp);
	fputs("  \"summary\": {", fp);
	if (audit) {
		fputs("\"score\": ", fp);
		put_score(fp, r->has_score, r->score);
		fputs(", ", fp);
		if (write_roles(fp, r) < 0)
			return PP_ENOMEM;
	}
	fputs("\"verdicts\": {", fp);
	for (i = PP_VERDICT_PASS; i < PP_VERDICT_COUNT; i++)
		fprintf(fp, "%s\"%s\": %u", i == PP_VERDICT_PASS ? "" : ", ",
		        pp_verdict_name((unsigned)i), audit ? r->verdicts[i] : 0);
	fputs("}}\n}\n", fp);
	return ferror(fp) ? PP_EIO : 0;
}
