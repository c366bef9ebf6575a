/*
 * The result model: building it (hosts found by address through a small hash
 * index, so an engine adding ports for 65k hosts stays linear), sorting it into the
 * canonical order every writer relies on, and the names of states, reasons,
 * verdicts and severities that the JSON and every report print.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_error.h"
#include "pp_portset.h"
#include "pp_result.h"
#include "result_int.h"

struct pp_result *
pp_result_new(void)
{
	struct pp_result *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->complete = 1;
	r->shard_k = 1;
	r->shard_n = 1;
	return r;
}

void
pp_port_result_clear(struct pp_port_result *p)
{
	free(p->probe);
	free(p->service);
	free(p->alternative);
	free(p->range);
	free(p->ref);
	free(p->detail);
	free(p->seen);
	free(p->seen_detail);
	free(p->vantage);
	memset(p, 0, sizeof(*p));
}

void
pp_host_result_clear(struct pp_host_result *h)
{
	size_t i;

	for (i = 0; i < h->nports; i++)
		pp_port_result_clear(&h->ports[i]);
	free(h->ports);
	free(h->name);
	free(h->profile);
	free(h->role);
	free(h->middlebox);
	memset(h, 0, sizeof(*h));
}

void
pp_result_free(struct pp_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nhosts; i++)
		pp_host_result_clear(&r->hosts[i]);
	free(r->hosts);
	for (i = 0; i < r->nargs; i++)
		free(r->args[i]);
	free(r->args);
	free(r->paced);
	free(r->tool_version);
	free(r->deployment);
	free(r->vantage);
	for (i = 0; i < r->nvantages; i++)
		free(r->vantages[i]);
	free(r->vantages);
	for (i = 0; i < r->nunverified; i++)
		free(r->unverified[i].vantage);
	free(r->unverified);
	free(r->hidx);
	free(r);
}

/* The hash index: open addressing, slots hold host index + 1, 0 is empty. */
static size_t
hslot(const struct pp_addr *addr, size_t cap)
{
	uint32_t x = pp_addr_hash(addr) * 2654435761u;

	return (size_t)(x ^ (x >> 16)) & (cap - 1);
}

static int
reindex(struct pp_result *r, size_t cap)
{
	size_t *idx, i, s;

	if ((idx = calloc(cap, sizeof(*idx))) == NULL)
		return PP_ENOMEM;
	for (i = 0; i < r->nhosts; i++) {
		for (s = hslot(&r->hosts[i].addr, cap); idx[s] != 0; s = (s + 1) & (cap - 1))
			;
		idx[s] = i + 1;
	}
	free(r->hidx);
	r->hidx = idx;
	r->hidx_cap = cap;
	return 0;
}

struct pp_host_result *
pp_result_find_host(const struct pp_result *r, const struct pp_addr *addr)
{
	size_t s, i;

	if (r->hidx == NULL) {
		for (i = 0; i < r->nhosts; i++)
			if (pp_addr_eq(&r->hosts[i].addr, addr))
				return &r->hosts[i];
		return NULL;
	}
	for (s = hslot(addr, r->hidx_cap); r->hidx[s] != 0; s = (s + 1) & (r->hidx_cap - 1))
		if (pp_addr_eq(&r->hosts[r->hidx[s] - 1].addr, addr))
			return &r->hosts[r->hidx[s] - 1];
	return NULL;
}

static int
grow_hosts(struct pp_result *r)
{
	struct pp_host_result *h;
	size_t cap;

	if (r->nhosts < r->cap)
		return 0;
	cap = r->cap ? r->cap * 2 : 16;
	if ((h = realloc(r->hosts, cap * sizeof(*h))) == NULL)
		return PP_ENOMEM;
	r->hosts = h;
	r->cap = cap;
	return 0;
}

/* The index size for n hosts: at most half full. */
static size_t
index_cap(size_t n, size_t cap)
{
	if (cap == 0)
		cap = 32;
	while (n * 2 > cap)
		cap *= 2;
	return cap;
}

struct pp_host_result *
pp_result_host(struct pp_result *r, const struct pp_addr *addr)
{
	struct pp_host_result *h;
	size_t s;

	if ((h = pp_result_find_host(r, addr)) != NULL)
		return h;
	if (grow_hosts(r) < 0)
		return NULL;
	if (r->hidx == NULL || (r->nhosts + 1) * 2 > r->hidx_cap) {
		if (reindex(r, index_cap(r->nhosts + 1, r->hidx_cap)) < 0)
			return NULL;
	}
	h = &r->hosts[r->nhosts];
	memset(h, 0, sizeof(*h));
	h->addr = *addr;
	for (s = hslot(addr, r->hidx_cap); r->hidx[s] != 0; s = (s + 1) & (r->hidx_cap - 1))
		;
	r->hidx[s] = ++r->nhosts;
	return h;
}

struct pp_host_result *
pp_result_host4(struct pp_result *r, uint32_t addr)
{
	struct pp_addr a = pp_addr_from_v4(addr);

	return pp_result_host(r, &a);
}

struct pp_host_result *
pp_result_find_host4(const struct pp_result *r, uint32_t addr)
{
	struct pp_addr a = pp_addr_from_v4(addr);

	return pp_result_find_host(r, &a);
}

struct pp_host_result *
pp__result_append_host(struct pp_result *r, const struct pp_addr *addr)
{
	struct pp_host_result *h;

	if (grow_hosts(r) < 0)
		return NULL;
	/* Until pp__result_index, lookups are linear (and right). */
	free(r->hidx);
	r->hidx = NULL;
	r->hidx_cap = 0;
	h = &r->hosts[r->nhosts++];
	memset(h, 0, sizeof(*h));
	h->addr = *addr;
	return h;
}

int
pp__result_index(struct pp_result *r)
{
	return reindex(r, index_cap(r->nhosts, 0));
}

struct pp_port_result *
pp_host_add_port(struct pp_host_result *h, unsigned proto, unsigned port)
{
	struct pp_port_result *p;

	if (h->nports == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 8;
		if ((p = realloc(h->ports, cap * sizeof(*p))) == NULL)
			return NULL;
		h->ports = p;
		h->cap = cap;
	}
	p = &h->ports[h->nports++];
	memset(p, 0, sizeof(*p));
	p->proto = (uint8_t)proto;
	p->port = (uint16_t)port;
	return p;
}

struct pp_port_result *
pp_host_find_port(const struct pp_host_result *h, unsigned proto, unsigned port)
{
	size_t i;

	for (i = 0; i < h->nports; i++)
		if (h->ports[i].proto == proto && h->ports[i].port == port)
			return &h->ports[i];
	return NULL;
}

/* NULL before any zone, zones by name. */
static int
cmp_vantage(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

struct pp_port_result *
pp_host_find_port_from(const struct pp_host_result *h, unsigned proto, unsigned port,
                       const char *vantage)
{
	size_t i;

	for (i = 0; i < h->nports; i++)
		if (h->ports[i].proto == proto && h->ports[i].port == port &&
		    cmp_vantage(h->ports[i].vantage, vantage) == 0)
			return &h->ports[i];
	return NULL;
}

const char *
pp_port_vantage(const struct pp_result *r, const struct pp_port_result *p)
{
	return p->vantage != NULL ? p->vantage : r->vantage;
}

int
pp_result_by_vantage(const struct pp_result *r)
{
	size_t i, j;

	for (i = 0; i < r->nhosts; i++)
		for (j = 0; j < r->hosts[i].nports; j++)
			if (r->hosts[i].ports[j].vantage != NULL)
				return 1;
	return 0;
}

static int
cmp_host(const void *a, const void *b)
{
	return pp_addr_cmp(&((const struct pp_host_result *)a)->addr,
	                   &((const struct pp_host_result *)b)->addr);
}

static int
cmp_port(const void *a, const void *b)
{
	const struct pp_port_result *x = a, *y = b;

	if (x->proto != y->proto)
		return (x->proto > y->proto) - (x->proto < y->proto);
	if (x->port != y->port)
		return (x->port > y->port) - (x->port < y->port);
	return cmp_vantage(x->vantage, y->vantage);
}

/* Whether qsort would leave the array as it is: every key greater than the one
 * before (equal keys could be swapped, so they are sorted as before). */
static int
ascending(const void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	const char *p = base;
	size_t i;

	for (i = 1; i < n; i++)
		if (cmp(p + (i - 1) * size, p + i * size) >= 0)
			return 0;
	return 1;
}

void
pp_result_sort(struct pp_result *r)
{
	int moved = 0;
	size_t i, j;

	/* The engine and the reader give hosts and ports in order already. */
	if (r->nhosts > 1 && !ascending(r->hosts, r->nhosts, sizeof(*r->hosts), cmp_host)) {
		qsort(r->hosts, r->nhosts, sizeof(*r->hosts), cmp_host);
		moved = 1;
	}
	memset(r->verdicts, 0, sizeof(r->verdicts));
	for (i = 0; i < r->nhosts; i++) {
		struct pp_host_result *h = &r->hosts[i];
		if (h->nports > 1 && !ascending(h->ports, h->nports, sizeof(*h->ports), cmp_port))
			qsort(h->ports, h->nports, sizeof(*h->ports), cmp_port);
		for (j = 0; j < h->nports; j++)
			if (h->ports[j].verdict < PP_VERDICT_COUNT)
				r->verdicts[h->ports[j].verdict]++;
	}
	/* The index holds positions; rebuild it for the new order (same size). */
	if (moved && r->hidx != NULL && reindex(r, r->hidx_cap) < 0) {
		free(r->hidx);
		r->hidx = NULL; /* pp_result_find_host falls back to a linear search */
		r->hidx_cap = 0;
	}
}

/* Names. */

static const char *const state_names[] = {
        [PP_STATE_UNKNOWN] = "unknown",
        [PP_STATE_OPEN] = "open",
        [PP_STATE_CLOSED] = "closed",
        [PP_STATE_FILTERED] = "filtered",
        [PP_STATE_OPEN_FILTERED] = "open|filtered",
};

static const char *const verdict_names[] = {
        [PP_VERDICT_NONE] = "none",
        [PP_VERDICT_PASS] = "pass",
        [PP_VERDICT_MISSING] = "missing",
        [PP_VERDICT_BLOCKED] = "blocked",
        [PP_VERDICT_EXPOSED] = "exposed",
        [PP_VERDICT_UNFILTERED] = "unfiltered",
        [PP_VERDICT_UNEXPECTED] = "unexpected",
        [PP_VERDICT_INCONCLUSIVE] = "inconclusive",
        [PP_VERDICT_MISMATCH] = "mismatch",
};

static const char *const severity_names[] = {
        [PP_SEV_NONE] = "none",     [PP_SEV_INFO] = "info", [PP_SEV_LOW] = "low",
        [PP_SEV_MEDIUM] = "medium", [PP_SEV_HIGH] = "high",
};

static const char *const requirement_names[] = {
        [PP_RREQ_NONE] = "none",
        [PP_RREQ_MANDATORY] = "mandatory",
        [PP_RREQ_RECOMMENDED] = "recommended",
        [PP_RREQ_OPTIONAL] = "optional",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* What the listener check can say a port spoke (portproof-result(5) "seen"). */
static const char *const seen_names[] = {"tls",   "http", "rtsp", "sip",     "ssh", "mysql",
                                         "redis", "smtp", "ftp",  "unknown", "none"};

int
pp_seen_known(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < NELEM(seen_names); i++)
		if (strcmp(s, seen_names[i]) == 0)
			return 1;
	return 0;
}

static int
lookup(const char *const *names, size_t n, const char *s)
{
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

const char *
pp_state_name(unsigned state)
{
	return state < NELEM(state_names) ? state_names[state] : "unknown";
}

int
pp_state_parse(const char *s)
{
	return lookup(state_names, NELEM(state_names), s);
}

const char *
pp_reason_name(unsigned reason, unsigned icmp_code, char *buf, size_t len)
{
	switch (reason) {
	case PP_REASON_SYN_ACK:
		return "syn-ack";
	case PP_REASON_RST:
		return "rst";
	case PP_REASON_UDP_RESPONSE:
		return "udp-response";
	case PP_REASON_ICMP_UNREACH:
		if (icmp_code == 3)
			return "icmp-port-unreach";
		if (icmp_code == 13)
			return "icmp-admin-prohibited";
		if (buf == NULL || len == 0)
			return "icmp-unreach";
		snprintf(buf, len, "icmp-unreach-%u", icmp_code);
		return buf;
	case PP_REASON_ICMP6_UNREACH:
		if (buf == NULL || len == 0)
			return "icmp6-unreach";
		snprintf(buf, len, "icmp6-unreach-%u", icmp_code);
		return buf;
	case PP_REASON_NO_RESPONSE:
		return "no-response";
	default:
		return "none";
	}
}

int
pp_reason_parse(const char *s, unsigned *icmp_code)
{
	static const struct {
		const char *name;
		int reason;
		unsigned code;
	} fixed[] = {
	        {"none", PP_REASON_NONE, 0},
	        {"syn-ack", PP_REASON_SYN_ACK, 0},
	        {"rst", PP_REASON_RST, 0},
	        {"udp-response", PP_REASON_UDP_RESPONSE, 0},
	        {"icmp-port-unreach", PP_REASON_ICMP_UNREACH, 3},
	        {"icmp-admin-prohibited", PP_REASON_ICMP_UNREACH, 13},
	        {"no-response", PP_REASON_NO_RESPONSE, 0},
	};
	const char *p;
	unsigned code = 0;
	size_t i;
	int reason = PP_REASON_ICMP_UNREACH;

	if (s == NULL)
		return -1;
	for (i = 0; i < NELEM(fixed); i++) {
		if (strcmp(s, fixed[i].name) == 0) {
			if (icmp_code != NULL)
				*icmp_code = fixed[i].code;
			return fixed[i].reason;
		}
	}
	/* icmp-unreach-N, icmp6-unreach-N: N a decimal 0..255 without sign or
	 * leading zeros. */
	if (strncmp(s, "icmp-unreach-", 13) == 0) {
		p = s + 13;
	} else if (strncmp(s, "icmp6-unreach-", 14) == 0) {
		p = s + 14;
		reason = PP_REASON_ICMP6_UNREACH;
	} else {
		return -1;
	}
	if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] != '\0'))
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		code = code * 10 + (unsigned)(*p - '0');
		if (code > 255)
			return -1;
	}
	if (*p != '\0')
		return -1;
	if (icmp_code != NULL)
		*icmp_code = code;
	return reason;
}

const char *
pp_verdict_name(unsigned verdict)
{
	return verdict < NELEM(verdict_names) ? verdict_names[verdict] : "none";
}

int
pp_verdict_parse(const char *s)
{
	return lookup(verdict_names, NELEM(verdict_names), s);
}

const char *
pp_severity_name(unsigned sev)
{
	return sev < NELEM(severity_names) ? severity_names[sev] : "none";
}

int
pp_severity_parse(const char *s)
{
	return lookup(severity_names, NELEM(severity_names), s);
}

static const char *const method_names[] = {
        [PP_METHOD_NONE] = NULL,
        [PP_METHOD_RAW] = "raw",
        [PP_METHOD_CONNECT] = "connect",
};

const char *
pp_method_name(unsigned m)
{
	return m < NELEM(method_names) ? method_names[m] : NULL;
}

int
pp_method_parse(const char *s)
{
	return lookup(method_names, NELEM(method_names), s);
}

const char *
pp_result_req_name(unsigned req)
{
	return req < NELEM(requirement_names) ? requirement_names[req] : "none";
}

int
pp_result_req_parse(const char *s)
{
	return lookup(requirement_names, NELEM(requirement_names), s);
}

const char *
pp__port_str(unsigned proto, unsigned port, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%u", pp_proto_name(proto), port);
	return buf;
}
