/*
 * The portproof-result/1 reader.  cJSON parses; this file checks every key against
 * the schema and fills the model.  Every error is one line that names
 * PATH:LINE:COLUMN of the value at fault (or of the object missing a key), from
 * the position map of json_int.h, built only once there is an error to report (a
 * result can be large): `report`, `diff` and `merge` read files people copy
 * around and edit by hand, and exit 2 with that line.
 *
 * Lenient where it costs nothing: unknown keys are ignored (a later minor version
 * may add some), audit keys may be absent or null.  Strict about what the model
 * holds: types, ranges, names of states and verdicts, duplicate hosts and ports.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/json/json_int.h"
#include "portproof.h"
#include "pp_result.h"
#include "result_int.h"

#define MAX_EXACT 9007199254740992.0 /* 2^53: integers a double holds exactly */

struct rd {
	const char *name, *text;
	size_t len;
	const cJSON *root;
	struct pp__jdoc doc; /* positions, once an error needs them */
	int indexed;
	char *err;
	size_t errlen;
};

/* An error at node: the value at fault, or the object that misses a key. */
static int __attribute__((format(printf, 4, 5)))
fail(struct rd *rd, const cJSON *node, int code, const char *fmt, ...)
{
	struct pp_pos pos = {1, 1};
	char msg[256];
	va_list ap;

	if (!rd->indexed)
		rd->indexed = pp__jdoc_index(&rd->doc, rd->text, rd->len, rd->root) == 0 ? 1 : -1;
	if (rd->indexed > 0)
		pos = pp__jdoc_at(&rd->doc, node);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return pp__errf(rd->err, rd->errlen, code, "%s:%u:%u: %s", rd->name, pos.line, pos.col,
	                msg);
}

static const char *
type_name(const cJSON *v)
{
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsNull(v))
		return "null";
	if (cJSON_IsArray(v))
		return "an array";
	return "an object";
}

/* The member key of obj, checked to be of the type want (cJSON_* flags). */
static int
get(struct rd *rd, const cJSON *obj, const char *key, int want, int required, const cJSON **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	static const struct {
		int type;
		const char *name;
	} names[] = {{cJSON_String, "a string"},
	             {cJSON_Number, "a number"},
	             {cJSON_True | cJSON_False, "a boolean"},
	             {cJSON_Array, "an array"},
	             {cJSON_Object, "an object"}};
	char expect[64] = "";
	size_t i;

	*out = NULL;
	if (v == NULL) {
		if (required)
			return fail(rd, obj, PP_ESCHEMA, "missing key \"%s\"", key);
		return 0;
	}
	if (cJSON_IsNull(v) && (want & cJSON_NULL))
		return 0;
	if ((v->type & 0xff & want) != 0) {
		*out = v;
		return 0;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].type & want) {
			if (expect[0] != '\0')
				strncat(expect, " or ", sizeof(expect) - strlen(expect) - 1);
			strncat(expect, names[i].name, sizeof(expect) - strlen(expect) - 1);
		}
	}
	if (want & cJSON_NULL)
		strncat(expect, " or null", sizeof(expect) - strlen(expect) - 1);
	return fail(rd, v, PP_ESCHEMA, "\"%s\": expected %s, got %s", key, expect, type_name(v));
}

static int
get_uint(struct rd *rd, const cJSON *obj, const char *key, int required, double min, double max,
         uint64_t *out)
{
	const cJSON *v;
	int rc;

	if ((rc = get(rd, obj, key, cJSON_Number, required, &v)) < 0 || v == NULL)
		return rc;
	/* Range first: casting a negative or huge double is undefined. */
	if (!(v->valuedouble >= min && v->valuedouble <= max && v->valuedouble < MAX_EXACT) ||
	    v->valuedouble != (double)(uint64_t)v->valuedouble)
		return fail(rd, v, PP_ERANGE, "\"%s\": expected an integer from %.0f to %.0f", key,
		            min, max);
	*out = (uint64_t)v->valuedouble;
	return 0;
}

/* A string or null into *out (malloc'ed; NULL for null or absent). */
static int
get_strdup(struct rd *rd, const cJSON *obj, const char *key, int required, char **out)
{
	const cJSON *v;
	int rc;

	if ((rc = get(rd, obj, key, cJSON_String | cJSON_NULL, required, &v)) < 0 || v == NULL)
		return rc;
	free(*out);
	if ((*out = strdup(v->valuestring)) == NULL)
		return pp__errf(rd->err, rd->errlen, PP_ENOMEM, "%s: out of memory", rd->name);
	return 0;
}

/* The listener check's "seen": one of its names (pp_seen_known). */
static int
get_seen(struct rd *rd, const cJSON *obj, char **out)
{
	const cJSON *v;
	int rc;

	if ((rc = get(rd, obj, "seen", cJSON_String, 0, &v)) < 0 || v == NULL)
		return rc;
	if (!pp_seen_known(v->valuestring))
		return fail(rd, v, PP_ESCHEMA, "\"seen\": unknown protocol \"%.40s\"",
		            v->valuestring);
	return get_strdup(rd, obj, "seen", 0, out);
}

/* A name from one of the model's tables (parse returns -1 for unknown). */
static int
get_name(struct rd *rd, const cJSON *obj, const char *key, int required, int (*parse)(const char *),
         const char *expect, uint8_t *out)
{
	const cJSON *v;
	int rc, x;

	if ((rc = get(rd, obj, key, cJSON_String, required, &v)) < 0 || v == NULL)
		return rc;
	if ((x = parse(v->valuestring)) < 0)
		return fail(rd, v, PP_ESCHEMA, "\"%s\": unknown %s \"%.40s\"", key, expect,
		            v->valuestring);
	*out = (uint8_t)x;
	return 0;
}

/* "2026-11-21T23:15:03Z", with optional fraction and a Z or +HH:MM offset. */
static int
parse_time(const char *s, time_t *out)
{
	struct tm tm;
	int n = 0, oh = 0, om = 0, sign = 0;
	const char *p;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	           &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    n != 19)
		return -1;
	p = s + n;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || n != 5 || oh > 23 || om > 59)
			return -1;
		p += 6;
	} else {
		return -1;
	}
	if (*p != '\0' || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60 || tm.tm_year < 1970)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if ((t = timegm(&tm)) == (time_t)-1)
		return -1;
	*out = t - sign * (oh * 3600 + om * 60);
	return 0;
}

static int
get_time(struct rd *rd, const cJSON *obj, const char *key, time_t *out)
{
	const cJSON *v;
	int rc;

	if ((rc = get(rd, obj, key, cJSON_String, 1, &v)) < 0)
		return rc;
	if (parse_time(v->valuestring, out) < 0)
		return fail(rd, v, PP_ESCHEMA, "\"%s\": expected an RFC 3339 time, got \"%.40s\"",
		            key, v->valuestring);
	return 0;
}

static int
get_score(struct rd *rd, const cJSON *obj, int *has, double *score)
{
	const cJSON *v;
	int rc;

	if ((rc = get(rd, obj, "score", cJSON_Number | cJSON_NULL, 0, &v)) < 0 || v == NULL)
		return rc;
	if (!(v->valuedouble >= 0 && v->valuedouble <= 100))
		return fail(rd, v, PP_ERANGE, "\"score\": expected a number from 0 to 100");
	*has = 1;
	*score = v->valuedouble;
	return 0;
}

/* scan.paced_by: [{"host": "198.18.1.10", "rate": 4500}, ...] */
static int
read_paced(struct rd *rd, const cJSON *scan, struct pp_result *r)
{
	const cJSON *v, *a, *h;
	int rc;

	if ((rc = get(rd, scan, "paced_by", cJSON_Array, 0, &v)) < 0 || v == NULL)
		return rc;
	if ((r->paced = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*r->paced))) == NULL)
		return pp__errf(rd->err, rd->errlen, PP_ENOMEM, "%s: out of memory", rd->name);
	cJSON_ArrayForEach(a, v)
	{
		struct pp_paced *p = &r->paced[r->npaced];
		if (!cJSON_IsObject(a))
			return fail(rd, a, PP_ESCHEMA, "\"paced_by\": expected objects, got %s",
			            type_name(a));
		if ((rc = get(rd, a, "host", cJSON_String, 1, &h)) < 0 ||
		    (rc = get_uint(rd, a, "rate", 1, 0, MAX_EXACT, &p->rate)) < 0)
			return rc;
		if (strlen(h->valuestring) >= sizeof(p->host))
			return fail(rd, h, PP_ESCHEMA, "\"host\": too long");
		strcpy(p->host, h->valuestring);
		r->npaced++;
	}
	return 0;
}

/* A zone name (lower-case [a-z0-9-], as the deployment has it) into *out. */
static int
zone_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return i > 0 && i <= 64;
}

static int
get_zone(struct rd *rd, const cJSON *obj, const char *key, char **out)
{
	const cJSON *v;
	int rc;

	if ((rc = get(rd, obj, key, cJSON_String, 0, &v)) < 0 || v == NULL)
		return rc;
	if (!zone_ok(v->valuestring))
		return fail(rd, v, PP_ESCHEMA, "\"%s\": expected a zone name, got \"%.40s\"", key,
		            v->valuestring);
	if ((*out = strdup(v->valuestring)) == NULL)
		return pp__errf(rd->err, rd->errlen, PP_ENOMEM, "%s: out of memory", rd->name);
	return 0;
}

/* scan.vantages: ["any", "cluster"], each once. */
static int
read_vantages(struct rd *rd, const cJSON *scan, struct pp_result *r)
{
	const cJSON *v, *a;
	size_t i;
	int rc;

	if ((rc = get(rd, scan, "vantages", cJSON_Array, 0, &v)) < 0 || v == NULL)
		return rc;
	if ((r->vantages = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*r->vantages))) == NULL)
		return pp__errf(rd->err, rd->errlen, PP_ENOMEM, "%s: out of memory", rd->name);
	cJSON_ArrayForEach(a, v)
	{
		if (!cJSON_IsString(a) || !zone_ok(a->valuestring))
			return fail(rd, a, PP_ESCHEMA, "\"vantages\": expected zone names");
		for (i = 0; i < r->nvantages && strcmp(r->vantages[i], a->valuestring) != 0; i++)
			;
		if (i < r->nvantages)
			return fail(rd, a, PP_ESCHEMA, "\"vantages\": \"%s\" is listed twice",
			            a->valuestring);
		if ((r->vantages[r->nvantages] = strdup(a->valuestring)) == NULL)
			return pp__errf(rd->err, rd->errlen, PP_ENOMEM, "%s: out of memory",
			                rd->name);
		r->nvantages++;
	}
	return 0;
}

/* A zone a port or summary.unverified names must be one scan.vantages lists,
 * when it lists any (merge joins by those names). */
static int
listed_zone(struct rd *rd, const cJSON *obj, const struct pp_result *r, const char *zone)
{
	size_t i;

	if (zone == NULL || r->nvantages == 0)
		return 0;
	for (i = 0; i < r->nvantages; i++)
		if (strcmp(r->vantages[i], zone) == 0)
			return 0;
	return fail(rd, cJSON_GetObjectItemCaseSensitive(obj, "vantage"), PP_ESCHEMA,
	            "\"vantage\": \"%s\" is not among scan.vantages", zone);
}

/* summary.unverified: [{"vantage": "cluster", "rows": 12}, ...] */
static int
read_unverified(struct rd *rd, const cJSON *summary, struct pp_result *r)
{
	const cJSON *v, *a;
	uint64_t rows;
	int rc;

	if ((rc = get(rd, summary, "unverified", cJSON_Array, 0, &v)) < 0 || v == NULL)
		return rc;
	if ((r->unverified = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*r->unverified))) ==
	    NULL)
		return pp__errf(rd->err, rd->errlen, PP_ENOMEM, "%s: out of memory", rd->name);
	cJSON_ArrayForEach(a, v)
	{
		struct pp_unverified *u = &r->unverified[r->nunverified];
		if (!cJSON_IsObject(a))
			return fail(rd, a, PP_ESCHEMA, "\"unverified\": expected objects, got %s",
			            type_name(a));
		rows = 0;
		if ((rc = get(rd, a, "vantage", cJSON_String, 1, &v)) < 0 ||
		    (rc = get_zone(rd, a, "vantage", &u->vantage)) < 0)
			return rc;
		r->nunverified++;
		if ((rc = listed_zone(rd, a, r, u->vantage)) < 0)
			return rc;
		if ((rc = get_uint(rd, a, "rows", 1, 0, MAX_EXACT, &rows)) < 0)
			return rc;
		u->rows = (size_t)rows;
	}
	return 0;
}

static int
read_scan(struct rd *rd, const cJSON *scan, struct pp_result *r)
{
	const cJSON *v, *a;
	unsigned k, n;
	char c;
	int rc;

	if ((rc = get_time(rd, scan, "started", &r->started)) < 0 ||
	    (rc = get_time(rd, scan, "finished", &r->finished)) < 0)
		return rc;
	if ((rc = get(rd, scan, "complete", cJSON_True | cJSON_False, 1, &v)) < 0)
		return rc;
	r->complete = cJSON_IsTrue(v);
	if ((rc = get_uint(rd, scan, "rate", 0, 0, MAX_EXACT, &r->rate)) < 0 ||
	    (rc = get_uint(rd, scan, "sent", 0, 0, MAX_EXACT, &r->sent)) < 0 ||
	    (rc = get_uint(rd, scan, "received", 0, 0, MAX_EXACT, &r->received)) < 0 ||
	    (rc = get_uint(rd, scan, "rejected", 0, 0, MAX_EXACT, &r->rejected)) < 0 ||
	    (rc = get_uint(rd, scan, "rate_reached", 0, 0, MAX_EXACT, &r->rate_reached)) < 0 ||
	    (rc = read_paced(rd, scan, r)) < 0)
		return rc;
	if ((rc = get(rd, scan, "method", cJSON_String, 0, &v)) < 0)
		return rc;
	if (v != NULL) {
		int m = pp_method_parse(v->valuestring);
		if (m < 0)
			return fail(rd, v, PP_ESCHEMA,
			            "\"method\": expected \"raw\" or \"connect\", got \"%.40s\"",
			            v->valuestring);
		r->method = (uint8_t)m;
	}
	if ((rc = get(rd, scan, "shard", cJSON_String, 0, &v)) < 0)
		return rc;
	if (v != NULL) {
		if (sscanf(v->valuestring, "%5u/%5u%c", &k, &n, &c) != 2 || k < 1 || k > n ||
		    n > 65536 || v->valuestring[0] == '+' || strchr(v->valuestring, ' ') != NULL)
			return fail(rd, v, PP_ESCHEMA,
			            "\"shard\": expected \"K/N\" with 1 <= K <= N, got \"%.40s\"",
			            v->valuestring);
		r->shard_k = k;
		r->shard_n = n;
	}
	if ((rc = get_zone(rd, scan, "vantage", &r->vantage)) < 0 ||
	    (rc = read_vantages(rd, scan, r)) < 0)
		return rc;
	if ((rc = get(rd, scan, "args", cJSON_Array, 0, &v)) < 0 || v == NULL)
		return rc;
	if ((r->args = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*r->args))) == NULL)
		return pp__errf(rd->err, rd->errlen, PP_ENOMEM, "%s: out of memory", rd->name);
	cJSON_ArrayForEach(a, v)
	{
		if (!cJSON_IsString(a))
			return fail(rd, a, PP_ESCHEMA, "\"args\": expected strings, got %s",
			            type_name(a));
		if ((r->args[r->nargs] = strdup(a->valuestring)) == NULL)
			return pp__errf(rd->err, rd->errlen, PP_ENOMEM, "%s: out of memory",
			                rd->name);
		r->nargs++;
	}
	return 0;
}

static int
read_port(struct rd *rd, const cJSON *o, const struct pp_result *r, struct pp_host_result *h)
{
	struct pp_port_result *p;
	char *vantage = NULL;
	const cJSON *v;
	uint8_t proto;
	uint64_t port, u = 0;
	unsigned code = 0;
	int rc, reason;
	char buf[16];

	if (!cJSON_IsObject(o))
		return fail(rd, o, PP_ESCHEMA, "a port: expected an object, got %s", type_name(o));
	if ((rc = get_name(rd, o, "proto", 1, pp_proto_parse, "protocol", &proto)) < 0 ||
	    (rc = get_uint(rd, o, "port", 1, 1, PP_PORT_MAX, &port)) < 0 ||
	    (rc = get_zone(rd, o, "vantage", &vantage)) < 0)
		return rc;
	if ((rc = listed_zone(rd, o, r, vantage)) < 0) {
		free(vantage);
		return rc;
	}
	if (pp_host_find_port_from(h, proto, (unsigned)port, vantage) != NULL) {
		rc = fail(rd, cJSON_GetObjectItemCaseSensitive(o, "port"), PP_ESCHEMA,
		          "duplicate port %s%s%s",
		          pp__port_str(proto, (unsigned)port, buf, sizeof(buf)),
		          vantage ? " from vantage " : "", vantage ? vantage : "");
		free(vantage);
		return rc;
	}
	if ((p = pp_host_add_port(h, proto, (unsigned)port)) == NULL) {
		free(vantage);
		return pp__errf(rd->err, rd->errlen, PP_ENOMEM, "%s: out of memory", rd->name);
	}
	p->vantage = vantage;
	if ((rc = get_name(rd, o, "state", 1, pp_state_parse, "state", &p->state)) < 0)
		return rc;
	if ((rc = get(rd, o, "reason", cJSON_String, 0, &v)) < 0)
		return rc;
	if (v != NULL) {
		if ((reason = pp_reason_parse(v->valuestring, &code)) < 0)
			return fail(rd, v, PP_ESCHEMA, "\"reason\": unknown reason \"%.40s\"",
			            v->valuestring);
		p->reason = (uint8_t)reason;
		p->icmp_code = (uint8_t)code;
	}
	if ((rc = get_uint(rd, o, "rtt_us", 0, 0, UINT32_MAX, &u)) < 0)
		return rc;
	p->rtt_us = (uint32_t)u;
	u = 0;
	if ((rc = get_uint(rd, o, "ttl", 0, 0, 255, &u)) < 0)
		return rc;
	p->ttl = (uint8_t)u;
	if ((rc = get_strdup(rd, o, "probe", 0, &p->probe)) < 0 ||
	    (rc = get_strdup(rd, o, "service", 0, &p->service)) < 0 ||
	    (rc = get_strdup(rd, o, "alternative", 0, &p->alternative)) < 0 ||
	    (rc = get_strdup(rd, o, "range", 0, &p->range)) < 0 ||
	    (rc = get_strdup(rd, o, "ref", 0, &p->ref)) < 0 ||
	    (rc = get_strdup(rd, o, "detail", 0, &p->detail)) < 0 ||
	    (rc = get_seen(rd, o, &p->seen)) < 0 ||
	    (rc = get_strdup(rd, o, "seen_detail", 0, &p->seen_detail)) < 0)
		return rc;
	if ((rc = get(rd, o, "cert_days", cJSON_Number, 0, &v)) < 0)
		return rc;
	if (v != NULL) {
		if (!(v->valuedouble >= -1e6 && v->valuedouble <= 1e6) ||
		    v->valuedouble != (double)(int32_t)v->valuedouble)
			return fail(rd, v, PP_ESCHEMA,
			            "\"cert_days\": expected a whole number of days");
		p->has_cert_days = 1;
		p->cert_days = (int32_t)v->valuedouble;
	}
	if ((rc = get_name(rd, o, "requirement", 0, pp_result_req_parse, "requirement",
	                   &p->requirement)) < 0 ||
	    (rc = get_name(rd, o, "verdict", 0, pp_verdict_parse, "verdict", &p->verdict)) < 0 ||
	    (rc = get_name(rd, o, "severity", 0, pp_severity_parse, "severity", &p->severity)) < 0)
		return rc;
	return 0;
}

static int
read_other(struct rd *rd, const cJSON *o, struct pp_host_result *h)
{
	const cJSON *v;
	int rc;

	if ((rc = get(rd, o, "other", cJSON_Object | cJSON_NULL, 0, &v)) < 0 || v == NULL)
		return rc;
	if ((rc = get(rd, v, "tcp", cJSON_String | cJSON_NULL, 0, &o)) < 0 ||
	    (o != NULL &&
	     (rc = get_name(rd, v, "tcp", 0, pp_state_parse, "state", &h->other_tcp)) < 0))
		return rc;
	if ((rc = get(rd, v, "udp", cJSON_String | cJSON_NULL, 0, &o)) < 0 ||
	    (o != NULL &&
	     (rc = get_name(rd, v, "udp", 0, pp_state_parse, "state", &h->other_udp)) < 0))
		return rc;
	return 0;
}

static int
read_host(struct rd *rd, const cJSON *o, struct pp_result *r)
{
	struct pp_host_result *h;
	const cJSON *v, *p;
	struct pp_addr addr;
	uint64_t u = 0;
	int rc;

	if (!cJSON_IsObject(o))
		return fail(rd, o, PP_ESCHEMA, "a host: expected an object, got %s", type_name(o));
	if ((rc = get(rd, o, "address", cJSON_String, 1, &v)) < 0)
		return rc;
	if ((rc = pp_addr_parse(v->valuestring, &addr)) < 0)
		return fail(rd, v, PP_ESCHEMA,
		            rc == PP_ENOTSUP ? "\"address\": a scoped address needs an interface, "
		                               "got \"%.60s\""
		                             : "\"address\": expected an IPv4 or IPv6 address, "
		                               "got \"%.60s\"",
		            v->valuestring);
	if (pp_result_find_host(r, &addr) != NULL)
		return fail(rd, v, PP_ESCHEMA, "duplicate host %s", v->valuestring);
	if ((h = pp_result_host(r, &addr)) == NULL)
		return pp__errf(rd->err, rd->errlen, PP_ENOMEM, "%s: out of memory", rd->name);
	if ((rc = get_strdup(rd, o, "name", 0, &h->name)) < 0 ||
	    (rc = get_strdup(rd, o, "profile", 0, &h->profile)) < 0 ||
	    (rc = get_strdup(rd, o, "role", 0, &h->role)) < 0 ||
	    (rc = get_strdup(rd, o, "middlebox", 0, &h->middlebox)) < 0 ||
	    (rc = get_uint(rd, o, "middlebox_ports", 0, 0, UINT32_MAX, &u)) < 0 ||
	    (rc = read_other(rd, o, h)) < 0 ||
	    (rc = get_score(rd, o, &h->has_score, &h->score)) < 0)
		return rc;
	h->middlebox_ports = (uint32_t)u;
	if ((rc = get(rd, o, "ports", cJSON_Array, 0, &v)) < 0 || v == NULL)
		return rc;
	cJSON_ArrayForEach(p, v)
	{
		if ((rc = read_port(rd, p, r, h)) < 0)
			return rc;
	}
	return 0;
}

/* summary.roles: {"PROFILE": {"ROLE": SCORE or null}}, checked but not kept: the
 * writer computes it from the ports again, as it recounts the verdicts. */
static int
read_roles(struct rd *rd, const cJSON *summary)
{
	const cJSON *roles, *prof, *role;
	int rc;

	if ((rc = get(rd, summary, "roles", cJSON_Object, 0, &roles)) < 0 || roles == NULL)
		return rc;
	cJSON_ArrayForEach(prof, roles)
	{
		if (!cJSON_IsObject(prof))
			return fail(rd, prof, PP_ESCHEMA,
			            "\"%.40s\": expected an object of role scores, got %s",
			            prof->string, type_name(prof));
		cJSON_ArrayForEach(role, prof)
		{
			if (cJSON_IsNull(role))
				continue;
			if (!cJSON_IsNumber(role))
				return fail(rd, role, PP_ESCHEMA,
				            "\"%.40s\": expected a number or null, got %s",
				            role->string, type_name(role));
			if (!(role->valuedouble >= 0 && role->valuedouble <= 100))
				return fail(rd, role, PP_ERANGE,
				            "\"%.40s\": expected a number from 0 to 100",
				            role->string);
		}
	}
	return 0;
}

static int
read_top(struct rd *rd, const cJSON *top, struct pp_result *r)
{
	const cJSON *v, *h;
	int rc;

	if (!cJSON_IsObject(top))
		return fail(rd, top, PP_ESCHEMA, "expected an object, got %s", type_name(top));
	if ((rc = get(rd, top, "schema", cJSON_String, 1, &v)) < 0)
		return rc;
	if (strcmp(v->valuestring, PP_RESULT_SCHEMA) != 0)
		return fail(rd, v, PP_ESCHEMA, "unsupported schema \"%.40s\" (expected %s)",
		            v->valuestring, PP_RESULT_SCHEMA);
	if ((rc = get(rd, top, "tool", cJSON_Object, 0, &v)) < 0)
		return rc;
	if (v != NULL && (rc = get_strdup(rd, v, "version", 0, &r->tool_version)) < 0)
		return rc;
	if ((rc = get(rd, top, "scan", cJSON_Object, 1, &v)) < 0)
		return rc;
	if ((rc = read_scan(rd, v, r)) < 0)
		return rc;
	if ((rc = get_strdup(rd, top, "deployment", 0, &r->deployment)) < 0)
		return rc;
	if ((rc = get(rd, top, "hosts", cJSON_Array, 1, &v)) < 0)
		return rc;
	cJSON_ArrayForEach(h, v)
	{
		if ((rc = read_host(rd, h, r)) < 0)
			return rc;
	}
	if ((rc = get(rd, top, "summary", cJSON_Object, 0, &v)) < 0 || v == NULL)
		return rc;
	if ((rc = get_score(rd, v, &r->has_score, &r->score)) < 0 || (rc = read_roles(rd, v)) < 0 ||
	    (rc = get(rd, v, "verdicts", cJSON_Object, 0, &h)) < 0 ||
	    (rc = read_unverified(rd, v, r)) < 0)
		return rc;
	return 0; /* the verdict counts and role scores come from the ports */
}

/* An error is one line: control characters quoted from the file become '?'. */
static int
one_line(int rc, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; rc < 0 && err != NULL && i < errlen && err[i] != '\0'; i++)
		if ((unsigned char)err[i] < 0x20 || err[i] == 0x7f)
			err[i] = '?';
	return rc;
}

/* Line and column of offset off, counted (no position map for a text that is not
 * JSON). */
static struct pp_pos
pos_of(const char *text, size_t len, size_t off)
{
	struct pp__jdoc d = {.text = text, .len = len};

	return pp__jdoc_pos(&d, off);
}

/* Does the text end inside its value (a cut file, not a malformed one)?  The
 * scanner stops at the first fault: at the end of the text, or before it. */
static int
truncated(const char *text, size_t len)
{
	struct pp__jscan sc;
	size_t off = 0;
	int rc = pp__jscan(text, len, PP__JSCAN_AS_CJSON, &sc, &off, NULL, 0);

	pp__jscan_free(&sc);
	return rc == PP_EJSON && off >= len;
}

/* Text cJSON refused: where it stopped, and whether the file was cut there. */
static int
malformed(const char *name, const char *text, size_t len, const char *end, char *err, size_t errlen)
{
	size_t off = end != NULL && end >= text ? (size_t)(end - text) : 0;
	struct pp_pos p = pos_of(text, len, off);

	if (truncated(text, len))
		return pp__errf(err, errlen, PP_EJSON,
		                "%s:%u:%u: malformed JSON: unexpected end of file", name, p.line,
		                p.col);
	if (off < len && text[off] >= 0x20 && text[off] < 0x7f)
		return pp__errf(err, errlen, PP_EJSON, "%s:%u:%u: malformed JSON near '%c'", name,
		                p.line, p.col, text[off]);
	return pp__errf(err, errlen, PP_EJSON, "%s:%u:%u: malformed JSON near byte 0x%02x", name,
	                p.line, p.col, off < len ? (unsigned char)text[off] : 0);
}

static int
parse_json(const char *name, const char *text, size_t len, struct pp_result **out, char *err,
           size_t errlen)
{
	struct rd rd = {.name = name, .text = text, .len = len, .err = err, .errlen = errlen};
	struct pp_result *r = NULL;
	const char *end = NULL;
	cJSON *top = NULL;
	struct pp_pos p;
	size_t pos;
	int rc;

	*out = NULL;
	for (pos = 0; pos < len && strchr(" \t\r\n", text[pos]) != NULL && text[pos]; pos++)
		;
	if (pos == len)
		return pp__errf(err, errlen, PP_EJSON, "%s: empty file", name);
	if ((top = cJSON_ParseWithLengthOpts(text, len, &end, 0)) == NULL)
		return malformed(name, text, len, end, err, errlen);
	for (pos = (size_t)(end - text); pos < len && strchr(" \t\r\n", text[pos]) && text[pos];
	     pos++)
		;
	if (pos < len) {
		p = pos_of(text, len, pos);
		rc = pp__errf(err, errlen, PP_EJSON, "%s:%u:%u: malformed JSON: data after the end",
		              name, p.line, p.col);
		goto out;
	}
	if ((r = pp_result_new()) == NULL) {
		rc = pp__errf(err, errlen, PP_ENOMEM, "%s: out of memory", name);
		goto out;
	}
	rd.root = top;
	if ((rc = read_top(&rd, top, r)) < 0)
		goto out;
	pp_result_sort(r);
	*out = r;
	r = NULL;
out:
	pp__jdoc_free(&rd.doc);
	pp_result_free(r);
	cJSON_Delete(top);
	return rc;
}

int
pp_result_parse_json(const char *name, const char *text, size_t len, struct pp_result **out,
                     char *err, size_t errlen)
{
	return one_line(parse_json(name, text, len, out, err, errlen), err, errlen);
}

/* The whole file (or stdin for "-") into a malloc'ed buffer. */
static int
slurp(const char *path, char **buf, size_t *len, char *err, size_t errlen)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t cap = 0, n;
	char *b = NULL, *nb;
	int rc = 0;

	*buf = NULL;
	*len = 0;
	if (fp == NULL)
		return pp__errf(err, errlen, errno == ENOENT ? PP_ENOENT : PP_EIO, "%s: %s", path,
		                strerror(errno));
	for (;;) {
		if (*len + 1 >= cap) {
			/* 4 GB at most; in 64 bits, where a 32-bit size_t would wrap. */
			uint64_t want = cap ? (uint64_t)cap * 2 : 65536;
			if (want > ((uint64_t)1 << 32) || (size_t)want != want ||
			    (nb = realloc(b, (size_t)want)) == NULL) {
				rc = pp__errf(err, errlen, PP_ENOMEM, "%s: too large", path);
				goto out;
			}
			b = nb;
			cap = (size_t)want;
		}
		n = fread(b + *len, 1, cap - *len - 1, fp);
		*len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		rc = pp__errf(err, errlen, PP_EIO, "%s: %s", path,
		              errno == EISDIR ? "is a directory" : strerror(errno));
		goto out;
	}
	b[*len] = '\0';
	*buf = b;
	b = NULL;
out:
	free(b);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

int
pp_result_read_json(const char *path, struct pp_result **out, char *err, size_t errlen)
{
	char *text;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = slurp(path, &text, &len, err, errlen)) < 0)
		return one_line(rc, err, errlen);
	rc = pp_result_parse_json(strcmp(path, "-") == 0 ? "(stdin)" : path, text, len, out, err,
	                          errlen);
	free(text);
	return rc;
}
