/*
 * The empty probe: a zero-length UDP datagram, for every port no protocol probe
 * claims (the MediaSense heartbeat on 8091 among them: its format is not
 * documented, so we do not guess one).  Most services ignore it, so the usual
 * outcome is an ICMP port unreachable (closed) or nothing (open|filtered); a
 * service that answers anything at all is open.
 *
 *   UDP payload: (none)
 *
 * There is no id field to carry the cookie, so validate() takes any reply: the
 * engine has already matched it to our cookie-carrying source port.
 */
#include "config.h"

#include "pp_probe.h"
#include "probes.h"

static int
empty_build(const struct pp_probe_ctx *c, uint8_t *buf, size_t len)
{
	(void)c;
	(void)buf;
	(void)len;
	return 0;
}

static int
empty_validate(const struct pp_probe_ctx *c, const uint8_t *p, size_t len)
{
	(void)c;
	(void)p;
	(void)len;
	return 1;
}

const struct pp_probe pp__probe_empty = {
        .name = "empty",
        .ports = NULL,
        .service = "udp",
        .build = empty_build,
        .validate = empty_validate,
};
