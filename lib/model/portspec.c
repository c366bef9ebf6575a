/*
 * The port-spec parser: nmap's -p syntax ("22,80,1000-2000", "T:"/"U:" prefixes,
 * "-" for 1-65535, "-1024" and "60000-" for open ends).  Profiles use the same
 * grammar without prefixes.  Every error names the element at fault and where it is.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "pp_error.h"
#include "pp_portset.h"

/* Reads a decimal port at *p; 1 if digits were read, 0 if none, -1 if too long. */
static int
read_number(const char **p, const char *end, unsigned long *out)
{
	unsigned long v = 0;
	const char *s = *p;

	while (s < end && isdigit((unsigned char)*s)) {
		if (v > 10 * (unsigned long)PP_PORT_MAX)
			v = 10 * (unsigned long)PP_PORT_MAX +
			    10; /* saturate: still "above 65535" */
		else
			v = v * 10 + (unsigned long)(*s - '0');
		s++;
	}
	if (s == *p)
		return 0;
	*p = s;
	*out = v;
	return 1;
}

/* The bad part as it can be quoted in a one-line error: control characters
 * (a newline in a JSON string, a tab) as \xNN; cut to what buf holds. */
static const char *
quote(const char *at, int len, char *buf, size_t buflen)
{
	size_t o = 0;
	int i;

	for (i = 0; i < len && o + 5 < buflen; i++) {
		unsigned char ch = (unsigned char)at[i];
		if (ch < 0x20 || ch == 0x7f)
			o += (size_t)snprintf(buf + o, buflen - o, "\\x%02x", ch);
		else
			buf[o++] = (char)ch;
	}
	buf[o] = '\0';
	return buf;
}

static int
bad(const char *spec, const char *at, int len, size_t *erroff, char *err, size_t errlen, int code,
    const char *why)
{
	char q[256];

	if (erroff != NULL)
		*erroff = (size_t)(at - spec);
	return pp__errf(err, errlen, code, "bad port '%s': %s", quote(at, len, q, sizeof(q)), why);
}

/* One element between commas: "N", "N-M", "-M", "N-" or "-". */
static int
parse_element(const char *spec, const char *s, const char *end, unsigned *lo, unsigned *hi,
              size_t *erroff, char *err, size_t errlen)
{
	const char *p = s;
	unsigned long a = 1, b = PP_PORT_MAX;
	int len = (int)(end - s), have_a, have_b = 0, dash = 0;

	if (s == end)
		return bad(spec, s, 0, erroff, err, errlen, PP_ESYNTAX, "empty element");
	have_a = read_number(&p, end, &a);
	if (p < end && *p == '-') {
		dash = 1;
		p++;
		have_b = read_number(&p, end, &b);
	}
	if (p != end || (!have_a && !dash))
		return bad(spec, s, len, erroff, err, errlen, PP_ESYNTAX,
		           "not a port or range (use N, N-M or -)");
	if (!dash)
		b = a;
	if ((have_a && a == 0) || (have_b && b == 0))
		return bad(spec, s, len, erroff, err, errlen, PP_ERANGE, "port 0 is not allowed");
	if (a > PP_PORT_MAX || b > PP_PORT_MAX)
		return bad(spec, s, len, erroff, err, errlen, PP_ERANGE, "above 65535");
	if (a > b)
		return bad(spec, s, len, erroff, err, errlen, PP_ERANGE,
		           "reversed range (low end first)");
	*lo = (unsigned)a;
	*hi = (unsigned)b;
	return 0;
}

static int
parse(const char *spec, int prefixes, unsigned dflt, pp_portset *tcp, pp_portset *udp,
      size_t *erroff, char *err, size_t errlen)
{
	const char *s = spec, *end;
	unsigned mask = dflt, lo = 0, hi = 0;
	int rc;

	if (erroff != NULL)
		*erroff = 0;
	if (*spec == '\0')
		return pp__errf(err, errlen, PP_ESYNTAX, "empty port list");
	for (;;) {
		end = strchr(s, ',');
		if (end == NULL)
			end = s + strlen(s);
		while (s < end && isspace((unsigned char)*s))
			s++;
		const char *e = end;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (e - s >= 2 && s[1] == ':' && isalpha((unsigned char)s[0])) {
			char c = (char)toupper((unsigned char)s[0]);
			if (!prefixes)
				return bad(spec, s, (int)(e - s), erroff, err, errlen, PP_ESYNTAX,
				           "protocol prefixes are not allowed here");
			if (c == 'T')
				mask = PP_PROTO_TCP;
			else if (c == 'U')
				mask = PP_PROTO_UDP;
			else
				return bad(spec, s, (int)(e - s), erroff, err, errlen, PP_ESYNTAX,
				           "unknown protocol prefix (use T: or U:)");
			s += 2;
		}
		if ((rc = parse_element(spec, s, e, &lo, &hi, erroff, err, errlen)) < 0)
			return rc;
		if (mask & PP_PROTO_TCP) {
			if (tcp == NULL)
				return bad(spec, s, (int)(e - s), erroff, err, errlen, PP_EINVAL,
				           "TCP ports are not wanted here");
			if ((rc = pp_portset_add(tcp, lo, hi)) < 0)
				return pp__errf(err, errlen, rc, "%s", pp_strerror(rc));
		}
		if (mask & PP_PROTO_UDP) {
			if (udp == NULL)
				return bad(spec, s, (int)(e - s), erroff, err, errlen, PP_EINVAL,
				           "UDP ports are not wanted here");
			if ((rc = pp_portset_add(udp, lo, hi)) < 0)
				return pp__errf(err, errlen, rc, "%s", pp_strerror(rc));
		}
		if (*end == '\0')
			break;
		s = end + 1;
	}
	return 0;
}

int
pp_portset_parse(const char *spec, pp_portset *out, size_t *erroff, char *err, size_t errlen)
{
	return parse(spec, 0, PP_PROTO_TCP, out, NULL, erroff, err, errlen);
}

int
pp_portspec_parse(const char *spec, unsigned dflt, pp_portset *tcp, pp_portset *udp, size_t *erroff,
                  char *err, size_t errlen)
{
	return parse(spec, 1, dflt, tcp, udp, erroff, err, errlen);
}
