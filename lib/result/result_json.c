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

#include <math.h>
#include <stdint.h>
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

/*
 * The writer's output: fields are formatted into one buffer that goes to the
 * stream in large fwrite calls.  A printf per field cost more than the bytes
 * themselves (a 65536-host result is 12 MB); the buffer and the hand-made number
 * formatting below give the bytes the printf calls gave.
 */
struct out {
	FILE *fp;
	char *buf, *p, *end;
};

static void
out_init(struct out *o, FILE *fp, char *buf, size_t len)
{
	o->fp = fp;
	o->buf = o->p = buf;
	o->end = buf + len;
}

/* Errors stay in the stream's error flag, which the callers check. */
static void
out_flush(struct out *o)
{
	if (o->p > o->buf)
		fwrite(o->buf, 1, (size_t)(o->p - o->buf), o->fp);
	o->p = o->buf;
}

/* Makes room for n bytes (n no larger than the buffer). */
static inline char *
out_room(struct out *o, size_t n)
{
	if ((size_t)(o->end - o->p) < n)
		out_flush(o);
	return o->p;
}

static void
out_mem_slow(struct out *o, const void *s, size_t n)
{
	out_flush(o);
	if (n > (size_t)(o->end - o->buf)) {
		fwrite(s, 1, n, o->fp);
		return;
	}
	memcpy(o->p, s, n);
	o->p += n;
}

/* Inline, so a literal's copy is a few moves. */
static inline void
out_mem(struct out *o, const void *s, size_t n)
{
	if ((size_t)(o->end - o->p) < n) {
		out_mem_slow(o, s, n);
		return;
	}
	memcpy(o->p, s, n);
	o->p += n;
}

#define out_lit(o, lit) out_mem((o), (lit), sizeof(lit) - 1)

static void
out_str(struct out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

static inline void
out_char(struct out *o, char c)
{
	*out_room(o, 1) = c;
	o->p++;
}

/* Decimal, as %llu / %u print it. */
static void
out_u64(struct out *o, uint64_t v)
{
	char tmp[20], *q = tmp + sizeof(tmp);

	do {
		*--q = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	out_mem(o, q, (size_t)(tmp + sizeof(tmp) - q));
}

static void
out_i64(struct out *o, int64_t v)
{
	if (v < 0)
		out_char(o, '-');
	out_u64(o, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
}

/* "%u.%u.%u.%u" in quotes (by hand: a /16 scan writes it 65k times), or IPv6. */
static void
out_addr(struct out *o, const struct pp_addr *ad)
{
	char *q = out_room(o, PP_ADDR_STRLEN + 2);
	uint32_t a = pp_addr_v4(ad);
	int shift;

	if (!pp_addr_is_v4(ad)) {
		*q++ = '"';
		pp_addr_str(ad, q, PP_ADDR_STRLEN);
		q += strlen(q);
		*q++ = '"';
		o->p = q;
		return;
	}

	*q++ = '"';
	for (shift = 24; shift >= 0; shift -= 8) {
		unsigned b = (a >> shift) & 0xff;
		if (b >= 100)
			*q++ = (char)('0' + b / 100);
		if (b >= 10)
			*q++ = (char)('0' + b / 10 % 10);
		*q++ = (char)('0' + b % 10);
		*q++ = shift ? '.' : '"';
	}
	o->p = q;
}

/* Printed as they are: a run of these needs no escape and is valid UTF-8. */
static inline int
plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* A JSON string, or null; bytes that are not UTF-8 become U+FFFD. */
static void
out_json_str(struct out *o, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str, *run;
	size_t n;
	char *q;

	if (s == NULL) {
		out_lit(o, "null");
		return;
	}
	out_char(o, '"');
	for (;;) {
		for (run = s; plain(*s); s++)
			;
		if (s > run)
			out_mem(o, run, (size_t)(s - run));
		if (*s == '\0')
			break;
		q = out_room(o, 6);
		if (*s == '"' || *s == '\\') {
			*q++ = '\\';
			*q++ = (char)*s++;
		} else if (*s == '\n') {
			*q++ = '\\';
			*q++ = 'n';
			s++;
		} else if (*s == '\t') {
			*q++ = '\\';
			*q++ = 't';
			s++;
		} else if (*s < 0x20 || *s == 0x7f) {
			memcpy(q, "\\u00", 4); /* as "\\u%04x" */
			q[4] = hex[*s >> 4];
			q[5] = hex[*s & 0xf];
			q += 6;
			s++;
		} else if ((n = pp__utf8_len(s)) == 0) {
			memcpy(q, "\xef\xbf\xbd", 3); /* U+FFFD as UTF-8: reads back the same */
			q += 3;
			s++;
		} else {
			memcpy(q, s, n);
			q += n;
			s += n;
		}
		o->p = q;
	}
	out_char(o, '"');
}

static void
out_json_time(struct out *o, time_t t)
{
	struct tm tm;
	char buf[32];

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, sizeof(buf), "1970-01-01T00:00:00Z");
	out_json_str(o, buf);
}

void
pp__json_str(FILE *fp, const char *str)
{
	char buf[256];
	struct out o;

	out_init(&o, fp, buf, sizeof(buf));
	out_json_str(&o, str);
	out_flush(&o);
}

void
pp__json_time(FILE *fp, time_t t)
{
	char buf[64];
	struct out o;

	out_init(&o, fp, buf, sizeof(buf));
	out_json_time(&o, t);
	out_flush(&o);
}

/* "%.1f", or null; a whole number (100.0, 0.0: most scores) without printf. */
static void
out_score(struct out *o, int has, double score)
{
	char buf[512];

	if (!has) {
		out_lit(o, "null");
	} else if (!signbit(score) && score < 1e15 && (double)(uint64_t)score == score) {
		out_u64(o, (uint64_t)score);
		out_lit(o, ".0");
	} else {
		snprintf(buf, sizeof(buf), "%.1f", score);
		out_str(o, buf);
	}
}

static void
out_other(struct out *o, unsigned state)
{
	if (state == PP_STATE_UNKNOWN)
		out_lit(o, "null");
	else
		out_json_str(o, pp_state_name(state));
}

/* A name from the model's tables, in quotes, not escaped (as "\"%s\"" did). */
static void
out_name(struct out *o, const char *name)
{
	out_char(o, '"');
	out_str(o, name);
	out_char(o, '"');
}

static void
write_port(struct out *o, const struct pp_port_result *p, int audit)
{
	char buf[32];

	out_lit(o, "{\"proto\": ");
	out_name(o, pp_proto_name(p->proto));
	out_lit(o, ", \"port\": ");
	out_u64(o, p->port);
	if (p->vantage != NULL) {
		out_lit(o, ", \"vantage\": ");
		out_json_str(o, p->vantage);
	}
	out_lit(o, ", \"state\": ");
	out_name(o, pp_state_name(p->state));
	out_lit(o, ", \"reason\": ");
	out_name(o, pp_reason_name(p->reason, p->icmp_code, buf, sizeof(buf)));
	out_lit(o, ", \"rtt_us\": ");
	out_u64(o, p->rtt_us);
	out_lit(o, ", \"ttl\": ");
	out_u64(o, p->ttl);
	if (p->probe != NULL) {
		out_lit(o, ", \"probe\": ");
		out_json_str(o, p->probe);
	}
	if (p->seen != NULL) {
		out_lit(o, ", \"seen\": ");
		out_json_str(o, p->seen);
		if (p->seen_detail != NULL) {
			out_lit(o, ", \"seen_detail\": ");
			out_json_str(o, p->seen_detail);
		}
		if (p->has_cert_days) {
			out_lit(o, ", \"cert_days\": ");
			out_i64(o, p->cert_days);
		}
	}
	if (audit) {
		out_lit(o, ", \"service\": ");
		out_json_str(o, p->service);
		if (p->alternative != NULL) {
			out_lit(o, ", \"alternative\": ");
			out_json_str(o, p->alternative);
		}
		if (p->range != NULL) {
			out_lit(o, ", \"range\": ");
			out_json_str(o, p->range);
		}
		out_lit(o, ", \"requirement\": ");
		out_name(o, pp_result_req_name(p->requirement));
		out_lit(o, ", \"verdict\": ");
		out_name(o, pp_verdict_name(p->verdict));
		out_lit(o, ", \"severity\": ");
		out_name(o, pp_severity_name(p->severity));
		out_lit(o, ", \"ref\": ");
		out_json_str(o, p->ref);
		out_lit(o, ", \"detail\": ");
		out_json_str(o, p->detail);
	}
	out_char(o, '}');
}

static void
write_host(struct out *o, const struct pp_host_result *h, int audit)
{
	size_t i;

	out_lit(o, "    {\n      \"address\": ");
	out_addr(o, &h->addr);
	if (audit) {
		out_lit(o, ",\n      \"name\": ");
		out_json_str(o, h->name);
		out_lit(o, ",\n      \"profile\": ");
		out_json_str(o, h->profile);
		out_lit(o, ",\n      \"role\": ");
		out_json_str(o, h->role);
	}
	if (h->middlebox != NULL) {
		out_lit(o, ",\n      \"middlebox\": ");
		out_json_str(o, h->middlebox);
		out_lit(o, ", \"middlebox_ports\": ");
		out_u64(o, h->middlebox_ports);
	}
	out_lit(o, ",\n      \"other\": {\"tcp\": ");
	out_other(o, h->other_tcp);
	out_lit(o, ", \"udp\": ");
	out_other(o, h->other_udp);
	out_lit(o, "},\n      \"ports\": [");
	for (i = 0; i < h->nports; i++) {
		if (i)
			out_lit(o, ",\n        ");
		else
			out_lit(o, "\n        ");
		write_port(o, &h->ports[i], audit);
	}
	if (h->nports)
		out_lit(o, "\n      ]");
	else
		out_lit(o, "]");
	if (audit) {
		out_lit(o, ",\n      \"score\": ");
		out_score(o, h->has_score, h->score);
	}
	out_lit(o, "\n    }");
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
write_roles(struct out *o, const struct pp_result *r)
{
	struct pp_role_score *v;
	size_t n, i, j, k;

	if (pp_score_roles(r, &v, &n) < 0)
		return PP_ENOMEM;
	out_lit(o, "\"roles\": {");
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && strcmp(profile_of(&v[j]), profile_of(&v[i])) != 0; j++)
			;
		if (j < i)
			continue; /* this profile's roles are written already */
		if (i)
			out_lit(o, ", ");
		out_json_str(o, profile_of(&v[i]));
		out_lit(o, ": {");
		for (k = i; k < n; k++) {
			if (strcmp(profile_of(&v[k]), profile_of(&v[i])) != 0)
				continue;
			if (k > i)
				out_lit(o, ", ");
			out_json_str(o, v[k].role);
			out_lit(o, ": ");
			out_score(o, v[k].has_score, v[k].score);
		}
		out_char(o, '}');
	}
	out_lit(o, "}, ");
	free(v);
	return 0;
}

int
pp_result_write_json(const struct pp_result *r, FILE *fp)
{
	int audit = r->deployment != NULL;
	char buf[32768];
	struct out o;
	size_t i;

	out_init(&o, fp, buf, sizeof(buf));
	out_lit(&o, "{\n  \"schema\": \"" PP_RESULT_SCHEMA "\",\n");
	out_lit(&o, "  \"tool\": {\"name\": \"portproof\", \"version\": ");
	out_json_str(&o, r->tool_version ? r->tool_version : pp_version());
	out_lit(&o, "},\n  \"scan\": {\n    \"started\": ");
	out_json_time(&o, r->started);
	out_lit(&o, ",\n    \"finished\": ");
	out_json_time(&o, r->finished);
	out_lit(&o, ",\n    \"complete\": ");
	if (r->complete)
		out_lit(&o, "true");
	else
		out_lit(&o, "false");
	if (pp_method_name(r->method) != NULL) {
		out_lit(&o, ",\n    \"method\": ");
		out_json_str(&o, pp_method_name(r->method));
	}
	out_lit(&o, ",\n    \"rate\": ");
	out_u64(&o, r->rate);
	if (r->rate_reached > 0) {
		out_lit(&o, ",\n    \"rate_reached\": ");
		out_u64(&o, r->rate_reached);
	}
	if (r->npaced > 0) {
		out_lit(&o, ",\n    \"paced_by\": [");
		for (i = 0; i < r->npaced; i++) {
			if (i)
				out_lit(&o, ", ");
			out_lit(&o, "{\"host\": ");
			out_json_str(&o, r->paced[i].host);
			out_lit(&o, ", \"rate\": ");
			out_u64(&o, r->paced[i].rate);
			out_char(&o, '}');
		}
		out_char(&o, ']');
	}
	out_lit(&o, ",\n    \"sent\": ");
	out_u64(&o, r->sent);
	out_lit(&o, ",\n    \"received\": ");
	out_u64(&o, r->received);
	out_lit(&o, ",\n    \"rejected\": ");
	out_u64(&o, r->rejected);
	out_lit(&o, ",\n    \"shard\": \"");
	out_u64(&o, r->shard_k);
	out_char(&o, '/');
	out_u64(&o, r->shard_n);
	out_char(&o, '"');
	if (r->vantage != NULL) {
		out_lit(&o, ",\n    \"vantage\": ");
		out_json_str(&o, r->vantage);
	}
	if (r->nvantages > 0) {
		out_lit(&o, ",\n    \"vantages\": [");
		for (i = 0; i < r->nvantages; i++) {
			if (i)
				out_lit(&o, ", ");
			out_json_str(&o, r->vantages[i]);
		}
		out_char(&o, ']');
	}
	out_lit(&o, ",\n    \"args\": [");
	for (i = 0; i < r->nargs; i++) {
		if (i)
			out_lit(&o, ", ");
		out_json_str(&o, r->args[i]);
	}
	out_lit(&o, "]\n  },\n");
	if (audit) {
		out_lit(&o, "  \"deployment\": ");
		out_json_str(&o, r->deployment);
		out_lit(&o, ",\n");
	}
	out_lit(&o, "  \"hosts\": [");
	for (i = 0; i < r->nhosts; i++) {
		if (i)
			out_lit(&o, ",\n");
		else
			out_lit(&o, "\n");
		write_host(&o, &r->hosts[i], audit);
	}
	if (r->nhosts)
		out_lit(&o, "\n  ],\n");
	else
		out_lit(&o, "],\n");
	out_lit(&o, "  \"summary\": {");
	if (audit) {
		out_lit(&o, "\"score\": ");
		out_score(&o, r->has_score, r->score);
		out_lit(&o, ", ");
		if (write_roles(&o, r) < 0) {
			out_flush(&o); /* what came before, as the stream had it */
			return PP_ENOMEM;
		}
	}
	out_lit(&o, "\"verdicts\": {");
	for (i = PP_VERDICT_PASS; i < PP_VERDICT_COUNT; i++) {
		if (i != PP_VERDICT_PASS)
			out_lit(&o, ", ");
		out_name(&o, pp_verdict_name((unsigned)i));
		out_lit(&o, ": ");
		out_u64(&o, audit ? r->verdicts[i] : 0);
	}
	out_char(&o, '}');
	if (r->nunverified > 0) {
		out_lit(&o, ", \"unverified\": [");
		for (i = 0; i < r->nunverified; i++) {
			if (i)
				out_lit(&o, ", ");
			out_lit(&o, "{\"vantage\": ");
			out_json_str(&o, r->unverified[i].vantage);
			out_lit(&o, ", \"rows\": ");
			out_u64(&o, r->unverified[i].rows);
			out_char(&o, '}');
		}
		out_char(&o, ']');
	}
	out_lit(&o, "}\n}\n");
	out_flush(&o);
	return ferror(fp) ? PP_EIO : 0;
}
