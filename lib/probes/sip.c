/*
 * SIP probe, RFC 3261: an OPTIONS request over UDP (section 11), well-formed
 * enough that real servers answer it: every header section 8.1.1 makes mandatory,
 * since a server may drop a request that lacks one.  The cookie goes into the Via
 * branch (section 8.1.1.7, after the "z9hG4bK" magic) and, mixed, into the From
 * tag and the Call-ID; a server copies the Via and the Call-ID into every
 * response (section 8.2.6.2), so validate() asks for both.  Any response counts:
 * 200, 404, 403, 405, 483, 503, even 100 Trying; a server that rejects our
 * OPTIONS is still a SIP server, which is what nmap misses.
 *
 *   OPTIONS sip:DST:DPORT SIP/2.0
 *   Via: SIP/2.0/UDP SRC:SPORT;rport;branch=z9hG4bK<cookie, 16 hex>
 *   Max-Forwards: 70
 *   From: <sip:portproof@SRC>;tag=<mix(cookie), 8 hex>
 *   To: <sip:DST:DPORT>
 *   Call-ID: <mix(cookie), 16 hex>@SRC
 *   CSeq: 1 OPTIONS
 *   Contact: <sip:portproof@SRC:SPORT>
 *   Accept: application/sdp
 *   User-Agent: portproof
 *   Content-Length: 0
 *
 * rport (RFC 3581) asks the server to answer to the address and port the request
 * came from, whatever the Via says.  Responses: "SIP/2.0 NNN Reason", then header
 * lines; compact names ("v" for Via, "i" for Call-ID) are understood.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "base/addr.h"
#include "pp_error.h"
#include "pp_probe.h"
#include "probes.h"

#define SIP_SALT_TAG    0x746167ull   /* "tag" */
#define SIP_SALT_CALLID 0x63616c6cull /* "call" */
#define SIP_BRANCH_MAX  32
#define SIP_CALLID_MAX  72 /* 16 hex, "@", a bracketed IPv6 address */

static void
sip_branch(uint64_t cookie, char out[SIP_BRANCH_MAX])
{
	snprintf(out, SIP_BRANCH_MAX, "z9hG4bK%016llx", (unsigned long long)cookie);
}

/* An address as a SIP host: IPv6 in brackets (RFC 3261's IPv6reference). */
static const char *
sip_host(uint32_t a, const uint8_t *a6, char *buf, size_t len)
{
	char t[INET6_ADDRSTRLEN];

	if (a6 == NULL)
		return pp__addr_str(a, buf, len);
	inet_ntop(AF_INET6, a6, t, sizeof(t));
	snprintf(buf, len, "[%s]", t);
	return buf;
}

static void
sip_callid(const struct pp_probe_ctx *c, char out[SIP_CALLID_MAX])
{
	char src[48];

	sip_host(c->src, c->src6, src, sizeof(src));
	snprintf(out, SIP_CALLID_MAX, "%016llx@%s",
	         (unsigned long long)pp__probe_mix(c->cookie, SIP_SALT_CALLID), src);
}

static int
sip_build(const struct pp_probe_ctx *c, uint8_t *buf, size_t len)
{
	char src[48], dst[48], branch[SIP_BRANCH_MAX], callid[SIP_CALLID_MAX];
	int n;

	sip_host(c->src, c->src6, src, sizeof(src));
	sip_host(c->dst, c->dst6, dst, sizeof(dst));
	sip_branch(c->cookie, branch);
	sip_callid(c, callid);
	n = snprintf((char *)buf, len,
	             "OPTIONS sip:%s:%u SIP/2.0\r\n"
	             "Via: SIP/2.0/UDP %s:%u;rport;branch=%s\r\n"
	             "Max-Forwards: 70\r\n"
	             "From: <sip:portproof@%s>;tag=%08x\r\n"
	             "To: <sip:%s:%u>\r\n"
	             "Call-ID: %s\r\n"
	             "CSeq: 1 OPTIONS\r\n"
	             "Contact: <sip:portproof@%s:%u>\r\n"
	             "Accept: application/sdp\r\n"
	             "User-Agent: portproof\r\n"
	             "Content-Length: 0\r\n"
	             "\r\n",
	             dst, c->dport, src, c->sport, branch, src,
	             (unsigned)pp__probe_mix(c->cookie, SIP_SALT_TAG), dst, c->dport, callid, src,
	             c->sport);
	if (n < 0)
		return PP_EINVAL;
	if ((size_t)n >= len)
		return PP_ETRUNC;
	return n;
}

/* a[0..alen) equals the NUL-terminated b, ASCII case ignored. */
static int
sip_ieq(const uint8_t *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++) {
		uint8_t x = a[i], y = (uint8_t)b[i];
		if (y == '\0')
			return 0;
		if (x >= 'A' && x <= 'Z')
			x = (uint8_t)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (uint8_t)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return b[alen] == '\0';
}

/* Whether value v[0..n) holds want as a parameter value ("branch=..."), ended by
 * the end of the value or a Via delimiter. */
static int
sip_has_param(const uint8_t *v, size_t n, const char *want)
{
	size_t wl = strlen(want), i;

	for (i = 0; i + wl <= n; i++) {
		if (memcmp(v + i, want, wl) != 0)
			continue;
		if (i + wl == n || v[i + wl] == ';' || v[i + wl] == ',' || v[i + wl] == ' ' ||
		    v[i + wl] == '\t')
			return 1;
	}
	return 0;
}

static int
sip_is_ws(uint8_t ch)
{
	return ch == ' ' || ch == '\t';
}

/* "SIP/2.0 NNN " with NNN in 100..699. */
static int
sip_status_line(const uint8_t *p, size_t n)
{
	static const char v[] = "SIP/2.0 ";

	if (n < sizeof(v) - 1 + 4 || memcmp(p, v, sizeof(v) - 1) != 0)
		return 0;
	p += sizeof(v) - 1;
	return p[0] >= '1' && p[0] <= '6' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
	       p[2] <= '9' && p[3] == ' ';
}

static int
sip_validate(const struct pp_probe_ctx *c, const uint8_t *p, size_t len)
{
	char branch[SIP_BRANCH_MAX + 8], callid[SIP_CALLID_MAX];
	const uint8_t *line, *nl, *colon, *v, *end = p + len;
	size_t n, vn;
	int first_via = 1, via_ok = 0, callid_ok = 0, ended = 0;

	memcpy(branch, "branch=", 7);
	sip_branch(c->cookie, branch + 7);
	sip_callid(c, callid);
	for (line = p; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (nl == NULL)
			return 0; /* a response's header ends with an empty line */
		n = (size_t)(nl - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (line == p) {
			if (!sip_status_line(line, n))
				return 0;
			continue;
		}
		if (n == 0) {
			ended = 1; /* the empty line that ends the header */
			break;
		}
		if (sip_is_ws(line[0]))
			continue; /* a folded continuation: not Via or Call-ID's first line */
		if ((colon = memchr(line, ':', n)) == NULL)
			return 0;
		vn = (size_t)(colon - line);
		while (vn > 0 && sip_is_ws(line[vn - 1]))
			vn--;
		v = colon + 1;
		while (v < line + n && sip_is_ws(*v))
			v++;
		if (sip_ieq(line, vn, "via") || sip_ieq(line, vn, "v")) {
			/* Ours is the topmost Via: the first header, the first value. */
			if (first_via) {
				/* ... and the first value of a comma-separated list. */
				const uint8_t *comma = memchr(v, ',', (size_t)(line + n - v));
				size_t vl = (size_t)((comma != NULL ? comma : line + n) - v);
				via_ok = sip_has_param(v, vl, branch);
			}
			first_via = 0;
		} else if (sip_ieq(line, vn, "call-id") || sip_ieq(line, vn, "i")) {
			vn = (size_t)(line + n - v);
			while (vn > 0 && sip_is_ws(v[vn - 1]))
				vn--;
			callid_ok = vn == strlen(callid) && memcmp(v, callid, vn) == 0;
		}
	}
	return ended && via_ok && callid_ok;
}

const struct pp_probe pp__probe_sip = {
        .name = "sip",
        .ports = "5060",
        .service = "SIP",
        .build = sip_build,
        .validate = sip_validate,
};
