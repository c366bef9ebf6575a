/*
 * What a TCP server said, named: the first bytes a listener sent (its greeting,
 * or its answer to the check's request) against the first bytes of the protocols
 * the listener check knows.  Text protocols by their first line (RFC 4253 4.2
 * "SSH-", RFC 9112 "HTTP/1.x NNN", RFC 2326 "RTSP/1.0 NNN", RFC 3261 "SIP/2.0
 * NNN", RFC 5321 and RFC 959 "220"), Redis by its RESP simple reply ("+PONG",
 * "-ERR ..."), MySQL by its first packet:
 *
 *    0                   1                   2                   3
 *   +--------+--------+--------+--------+--------+-----------------------+
 *   |    payload length (LE)   |  seq 0 | 0x0a   | version, NUL-ended ... |  greeting
 *   +--------+--------+--------+--------+--------+-----------------------+
 *                                       | 0xff   | code (LE) | message    |  refusal
 *
 * and TLS by its record header (RFC 8446 5.1: type 22 handshake or 21 alert,
 * version 3.x).  Safe on any bytes: every read is length-checked; the detail is
 * printable ASCII, one line.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "check_int.h"

/* The first line of b (up to CR or LF), printable ASCII only, into out. */
static void
first_line(const uint8_t *b, size_t n, char *out, size_t len)
{
	size_t i, k = 0;

	if (len == 0)
		return;
	for (i = 0; i < n && b[i] != '\r' && b[i] != '\n' && k + 1 < len; i++)
		out[k++] = b[i] >= 0x20 && b[i] < 0x7f ? (char)b[i] : '?';
	out[k] = '\0';
}

static int
starts(const uint8_t *b, size_t n, const char *s)
{
	size_t k = strlen(s);

	return n >= k && memcmp(b, s, k) == 0;
}

static int
starts_ci(const uint8_t *b, size_t n, const char *s)
{
	size_t k = strlen(s), i;

	if (n < k)
		return 0;
	for (i = 0; i < k; i++)
		if (tolower(b[i]) != tolower((unsigned char)s[i]))
			return 0;
	return 1;
}

/* "PROTO/x.y NNN": a status line of version prefix pre (e.g. "HTTP/1."). */
static int
status_line(const uint8_t *b, size_t n, const char *pre)
{
	size_t k = strlen(pre);

	return starts(b, n, pre) && n >= k + 5 && isdigit(b[k]) && b[k + 1] == ' ' &&
	       isdigit(b[k + 2]) && isdigit(b[k + 3]) && isdigit(b[k + 4]);
}

/* "220" then a space or '-' (a multi-line greeting). */
static int
reply_220(const uint8_t *b, size_t n)
{
	return starts(b, n, "220") && n >= 4 && (b[3] == ' ' || b[3] == '-');
}

static int
contains_ci(const char *hay, const char *needle)
{
	size_t i, k = strlen(needle);

	for (i = 0; hay[i] != '\0'; i++)
		if (strncasecmp(hay + i, needle, k) == 0)
			return 1;
	return 0;
}

static const char *
mysql(const uint8_t *b, size_t n, char *detail, size_t dlen)
{
	size_t len, i;
	char ver[64];

	if (n < 5)
		return NULL;
	len = (size_t)b[0] | (size_t)b[1] << 8 | (size_t)b[2] << 16;
	if (b[3] != 0 || len < 3 || len > 1024)
		return NULL;
	if (b[4] == 0x0a) {
		/* The version: printable up to its NUL, within the packet. */
		for (i = 5; i < n && i < 4 + len && i - 5 < sizeof(ver) - 1; i++) {
			if (b[i] == 0)
				break;
			if (b[i] < 0x20 || b[i] >= 0x7f)
				return NULL;
			ver[i - 5] = (char)b[i];
		}
		if (i == 5 || i >= n || b[i] != 0)
			return NULL;
		ver[i - 5] = '\0';
		snprintf(detail, dlen, "server version %s", ver);
		return "mysql";
	}
	if (b[4] == 0xff && n >= 8 && len >= 3) {
		first_line(b + 7, n - 7 < len - 3 ? n - 7 : len - 3, detail, dlen);
		return "mysql";
	}
	return NULL;
}

static const char *
tls(const uint8_t *b, size_t n, char *detail, size_t dlen)
{
	if (n < 5 || (b[0] != 22 && b[0] != 21) || b[1] != 3 || b[2] > 4)
		return NULL;
	if (b[0] == 21 && n >= 7)
		snprintf(detail, dlen, "TLS alert %u", b[6]);
	else
		snprintf(detail, dlen, "TLS record, version 3.%u", b[2]);
	return "tls";
}

const char *
pp_check_recognise(const uint8_t *b, size_t n, char *detail, size_t dlen)
{
	const char *seen;

	if (dlen > 0)
		detail[0] = '\0';
	if (n == 0)
		return "none";
	if ((seen = tls(b, n, detail, dlen)) != NULL || (seen = mysql(b, n, detail, dlen)) != NULL)
		return seen;
	first_line(b, n, detail, dlen);
	if (starts(b, n, "SSH-"))
		return "ssh";
	if (status_line(b, n, "HTTP/1.") || status_line(b, n, "HTTP/2.") ||
	    starts(b, n, "HTTP/2 ") || starts(b, n, "HTTP/3 "))
		return "http";
	/* An HTTP/0.9-style answer: the error page without a status line (Python's
	 * http.server to a request line it cannot read, such as a ClientHello). */
	if (starts_ci(b, n, "<!DOCTYPE HTML") || starts_ci(b, n, "<html")) {
		snprintf(detail, dlen, "an HTML page without a status line (HTTP/0.9)");
		return "http";
	}
	if (status_line(b, n, "RTSP/1.") || status_line(b, n, "RTSP/2."))
		return "rtsp";
	if (status_line(b, n, "SIP/2."))
		return "sip";
	if (reply_220(b, n)) {
		/* Both SMTP and FTP greet with 220: the greeting's words tell. */
		if (contains_ci(detail, "FTP"))
			return "ftp";
		if (contains_ci(detail, "SMTP") || contains_ci(detail, "mail"))
			return "smtp";
		return "unknown";
	}
	/* RESP (Redis): a simple string or an error, one line. */
	if (starts(b, n, "+PONG") || starts(b, n, "-ERR ") || starts(b, n, "-NOAUTH ") ||
	    starts(b, n, "-DENIED ") || starts(b, n, "-WRONGPASS "))
		return "redis";
	return "unknown";
}

int
pp__check_complete(const uint8_t *b, size_t n)
{
	char d[8];
	const char *seen;

	if (n == 0)
		return 0;
	if (memchr(b, '\n', n) != NULL)
		return 1;
	/* Binary greetings come whole in one segment; a text line waits for its end. */
	seen = pp_check_recognise(b, n, d, sizeof(d));
	return strcmp(seen, "tls") == 0 || strcmp(seen, "mysql") == 0;
}
