/*
 * Helpers of the reporters: host labels, which verdicts are findings, findings in
 * the order a reader wants them (most severe first), and the XML and HTML escaping
 * that keeps any byte a profile or a hand-edited result holds from breaking the
 * document.
 */
#include "config.h"

#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "result/result_int.h"

const char *
pp__host_label(const struct pp_host_result *h, char *buf, size_t len)
{
	if (h->name != NULL && h->name[0] != '\0')
		return h->name;
	return pp_addr_str(&h->addr, buf, len);
}

const char *
pp__middlebox_name(const char *kind)
{
	return strcmp(kind, "syn-proxy") == 0 ? "SYN proxy" : kind;
}

int
pp__is_finding(unsigned verdict)
{
	return verdict != PP_VERDICT_NONE && verdict != PP_VERDICT_PASS &&
	       verdict < PP_VERDICT_COUNT;
}

int
pp__port_finding(const struct pp_port_result *p)
{
	return pp__is_finding(p->verdict) ||
	       (p->verdict == PP_VERDICT_PASS && p->severity != PP_SEV_NONE);
}

int
pp__is_failure(unsigned verdict)
{
	return pp__is_finding(verdict) && verdict != PP_VERDICT_INCONCLUSIVE;
}

static int
by_severity(const void *a, const void *b)
{
	const struct pp_port_result *x = *(const struct pp_port_result *const *)a;
	const struct pp_port_result *y = *(const struct pp_port_result *const *)b;

	if (x->severity != y->severity)
		return y->severity - x->severity;
	if (x->proto != y->proto)
		return x->proto - y->proto;
	return (x->port > y->port) - (x->port < y->port);
}

const struct pp_port_result **
pp__findings(const struct pp_host_result *h, size_t *n)
{
	const struct pp_port_result **f;
	size_t i;

	*n = 0;
	for (i = 0; i < h->nports; i++)
		*n += pp__port_finding(&h->ports[i]);
	if (*n == 0 || (f = malloc(*n * sizeof(*f))) == NULL) {
		*n = 0;
		return NULL;
	}
	*n = 0;
	for (i = 0; i < h->nports; i++)
		if (pp__port_finding(&h->ports[i]))
			f[(*n)++] = &h->ports[i];
	qsort(f, *n, sizeof(*f), by_severity);
	return f;
}

/* The length of a valid UTF-8 sequence at s that XML may hold: pp__utf8_len's
 * but U+FFFE and U+FFFF; 0 if none. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t n = pp__utf8_len(s);

	return n == 3 && s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe ? 0 : n;
}

void
pp__xml_str(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t n;

	while (*s != '\0') {
		switch (*s) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp); /* HTML4 has no &apos;, and HTML pages use this too */
			break;
		/* Tab and newline as references: an XML attribute would fold them into
		 * spaces (HTML keeps them either way). */
		case '\n':
			fputs("&#10;", fp);
			break;
		case '\t':
			fputs("&#9;", fp);
			break;
		default:
			if (*s < 0x20 || *s == 0x7f)
				break; /* not allowed in XML 1.0 */
			if ((n = utf8_len(s)) == 0) {
				fputs("\xef\xbf\xbd", fp);
				break;
			}
			fwrite(s, 1, n, fp);
			s += n;
			continue;
		}
		s++;
	}
}

long
pp__elapsed(const struct pp_result *r)
{
	return r->finished > r->started ? (long)(r->finished - r->started) : 0;
}

unsigned long long
pp__answered(const struct pp_result *r)
{
	return r->received > r->rejected ? (unsigned long long)(r->received - r->rejected) : 0;
}

const char *
pp__service_name(struct pp__svc_cache *c, unsigned proto, unsigned port)
{
	uint32_t key = (proto << 16 | port) + 1;
	size_t slot = port % (sizeof(c->key) / sizeof(c->key[0]));
	struct servent se, *res = NULL;
	char tmp[1024];

	if (c->key[slot] == key)
		return c->name[slot];
	c->key[slot] = key;
	c->name[slot][0] = '\0';
	if (getservbyport_r(htons((uint16_t)port), pp_proto_name(proto), &se, tmp, sizeof(tmp),
	                    &res) == 0 &&
	    res != NULL)
		snprintf(c->name[slot], sizeof(c->name[slot]), "%s", res->s_name);
	return c->name[slot];
}

const char *
pp__port_service(const struct pp_port_result *p, struct pp__svc_cache *c)
{
	if (p->service != NULL)
		return p->service;
	if (p->probe != NULL)
		return p->probe;
	return pp__service_name(c, p->proto, p->port);
}
