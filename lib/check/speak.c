/*
 * What the listener check says to a server: nothing at first for the protocols
 * whose servers speak first (SSH, SMTP, FTP, MySQL) and for a listener of no
 * named protocol; the request of the protocol for the others (HTTP GET, RTSP and
 * SIP OPTIONS, Redis PING); a TLS handshake for TLS and SIP over TLS.  A listener
 * that stays silent is then asked "GET / HTTP/1.0": HTTP servers answer it, and
 * Redis answers it with an error (no "Host:" line: Redis takes that for an attack
 * and closes the connection without a word).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/addr.h"
#include "check_int.h"

enum pp__opening
pp__check_opening(const char *speaks)
{
	static const char *const request[] = {"http", "rtsp", "sip", "redis"};
	size_t i;

	if (speaks == NULL)
		return PP__OPEN_GREET;
	if (strcmp(speaks, "tls") == 0 || strcmp(speaks, "sips") == 0)
		return PP__OPEN_TLS;
	for (i = 0; i < sizeof(request) / sizeof(request[0]); i++)
		if (strcmp(speaks, request[i]) == 0)
			return PP__OPEN_REQUEST;
	return PP__OPEN_GREET;
}

const char *
pp__check_seen_of(const char *speaks)
{
	return speaks != NULL && strcmp(speaks, "sips") == 0 ? "tls" : speaks;
}

/* RFC 3261 8.1.1: the least an OPTIONS needs, the transport in Via. */
static size_t
sip_options(const char *transport, const char *dst, unsigned port, const char *src, unsigned sport,
            char *buf, size_t len)
{
	int n = snprintf(buf, len,
	                 "OPTIONS sip:%s:%u;transport=%s SIP/2.0\r\n"
	                 "Via: SIP/2.0/%s %s:%u;branch=z9hG4bK-pp%u-%u\r\n"
	                 "Max-Forwards: 70\r\n"
	                 "From: <sip:portproof@%s>;tag=pp%u\r\n"
	                 "To: <sip:%s:%u>\r\n"
	                 "Call-ID: pp%u-%u@%s\r\n"
	                 "CSeq: 1 OPTIONS\r\n"
	                 "Accept: application/sdp\r\n"
	                 "User-Agent: portproof\r\n"
	                 "Content-Length: 0\r\n\r\n",
	                 dst, port, strcmp(transport, "TLS") == 0 ? "tls" : "tcp", transport, src,
	                 sport, port, sport, src, sport, dst, port, port, sport, src);

	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}

/* An address as a URI's host: IPv6 in brackets (RFC 3986 3.2.2). */
static void
uri_host(const struct pp_addr *a, char *buf, size_t len)
{
	char s[PP_ADDR_STRLEN];

	pp_addr_str(a, s, sizeof(s));
	snprintf(buf, len, pp_addr_is_v4(a) ? "%s" : "[%s]", s);
}

size_t
pp__check_request(const char *speaks, const struct pp_addr *addr, unsigned port,
                  const struct pp_addr *src, unsigned sport, char *buf, size_t len)
{
	char dst[PP_ADDR_STRLEN + 2], me[PP_ADDR_STRLEN + 2];
	int n = 0;

	uri_host(addr, dst, sizeof(dst));
	uri_host(src, me, sizeof(me));
	if (speaks == NULL || strcmp(speaks, "http") == 0)
		n = snprintf(buf, len, "GET / HTTP/1.0\r\nUser-Agent: portproof\r\n\r\n");
	else if (strcmp(speaks, "rtsp") == 0)
		n = snprintf(buf, len,
		             "OPTIONS rtsp://%s:%u/ RTSP/1.0\r\nCSeq: 1\r\n"
		             "User-Agent: portproof\r\n\r\n",
		             dst, port);
	else if (strcmp(speaks, "sip") == 0)
		return sip_options("TCP", dst, port, me, sport, buf, len);
	else if (strcmp(speaks, "sips") == 0)
		return sip_options("TLS", dst, port, me, sport, buf, len);
	else if (strcmp(speaks, "redis") == 0)
		n = snprintf(buf, len, "PING\r\n");
	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}
