/*
 * --udp-payload PORT:HEX: a payload of the user's own for one port, as nmap's
 * --data does per scan.  The parsed result is a probe-like object the caller
 * holds (an array of them in the options, no globals here); its build copies the
 * bytes, and since they carry no id of ours, validate takes any reply that the
 * engine has already matched to our cookie-carrying source port.
 *
 *   "161:302602010104067075626c6963"   port 161, 16 bytes
 *   "53:"                              port 53, an empty datagram, not the DNS probe
 *   "0x" before the hex is allowed; the hex must be pairs of digits, no spaces.
 */
#include "config.h"

#include <string.h>

#include "pp_error.h"
#include "pp_portset.h"
#include "pp_probe.h"
#include "probes.h"

static int
custom_build(const struct pp_probe_ctx *c, uint8_t *buf, size_t len)
{
	const struct pp_probe_custom *cp = c->custom;

	if (cp == NULL)
		return PP_EINVAL; /* the engine must say which payload */
	if (len < cp->len)
		return PP_ETRUNC;
	memcpy(buf, cp->payload, cp->len);
	return cp->len;
}

static int
custom_validate(const struct pp_probe_ctx *c, const uint8_t *p, size_t len)
{
	(void)c;
	(void)p;
	(void)len;
	return 1;
}

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

int
pp_probe_custom_parse(const char *arg, struct pp_probe_custom *out, char *err, size_t errlen)
{
	const char *s = arg, *colon, *hex;
	unsigned long port = 0;
	size_t n, i;

	if (arg == NULL || out == NULL)
		return pp__errf(err, errlen, PP_EINVAL, "no payload given");
	colon = strchr(s, ':');
	if (colon == NULL)
		return pp__errf(err, errlen, PP_ESYNTAX, "'%s': expected PORT:HEX", arg);
	if (colon == s)
		return pp__errf(err, errlen, PP_ESYNTAX, "'%s': missing port before ':'", arg);
	for (; s < colon; s++) {
		if (*s < '0' || *s > '9')
			return pp__errf(err, errlen, PP_ESYNTAX, "bad port '%.*s': not a number",
			                (int)(colon - arg), arg);
		if (port <= PP_PORT_MAX)
			port = port * 10 + (unsigned long)(*s - '0');
	}
	if (port == 0 || port > PP_PORT_MAX)
		return pp__errf(err, errlen, PP_ERANGE, "bad port '%.*s': not in 1-65535",
		                (int)(colon - arg), arg);
	hex = colon + 1;
	if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
		hex += 2;
	n = strlen(hex); /* "PORT:" alone: an empty datagram instead of the default probe */
	for (i = 0; i < n; i++)
		if (hexval(hex[i]) < 0)
			return pp__errf(err, errlen, PP_ESYNTAX,
			                "bad payload: '%c' at offset %zu is not a hex digit",
			                hex[i], (size_t)(hex + i - arg));
	if (n % 2 != 0)
		return pp__errf(err, errlen, PP_ESYNTAX,
		                "bad payload '%s': odd number of hex digits", hex);
	if (n / 2 > PP_PROBE_CUSTOM_MAX)
		return pp__errf(err, errlen, PP_ERANGE,
		                "payload of %zu bytes for port %lu: more than %d", n / 2, port,
		                PP_PROBE_CUSTOM_MAX);
	memset(out, 0, sizeof(*out));
	out->probe.name = "custom";
	out->probe.ports = NULL;
	out->probe.service = "udp";
	out->probe.build = custom_build;
	out->probe.validate = custom_validate;
	out->port = (uint16_t)port;
	out->len = (uint16_t)(n / 2);
	for (i = 0; i < out->len; i++)
		out->payload[i] = (uint8_t)(hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
	return 0;
}

const struct pp_probe_custom *
pp_probe_custom_find(const struct pp_probe_custom *list, size_t n, unsigned port)
{
	size_t i;

	for (i = n; i > 0; i--)
		if (list[i - 1].port == port)
			return &list[i - 1];
	return NULL;
}
