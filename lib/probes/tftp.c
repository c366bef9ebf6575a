/*
 * TFTP probe, RFC 1350: a read request (RRQ) in octet mode for a file that does
 * not exist, its name made from the scan cookie.  A TFTP server answers an ERROR
 * packet ("File not found", "Access violation", ...) or, if the file somehow
 * exists, the first DATA block; either proves a TFTP server is there.
 *
 *    2 bytes     string    1 byte     string   1 byte
 *   +--------+------------+------+------------+------+
 *   | 01 RRQ |  Filename  |  0   |  "octet"   |  0   |     what we send
 *   +--------+------------+------+------------+------+
 *   | 05 ERR | ErrorCode  |   ErrMsg   |  0   |            ERROR reply
 *   +--------+------------+------------+------+
 *   | 03 DATA|  Block #1  |   0..512 bytes    |            DATA reply
 *   +--------+------------+-------------------+
 *
 * Filename: "pp-<16 hex digits of the cookie>.missing", so a request seen in a
 * server's log says who asked and that nothing was meant to be fetched.
 *
 * Source port: a TFTP server answers from a new ephemeral port (RFC 1350 section
 * 4, the server's transfer identifier), not from the port we probed.  The reply
 * carries nothing of ours: neither the filename nor any id.  So this probe is
 * flagged PP_PROBE_ANY_SPORT: the engine must match a reply on the target address
 * and our source port (which carries the cookie) whatever its source port, and
 * validate() here checks only that the payload is a well-formed TFTP reply.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pp_error.h"
#include "pp_probe.h"
#include "probes.h"

#define TFTP_RRQ       1
#define TFTP_DATA      3
#define TFTP_ERROR     5
#define TFTP_MAX_EC    8 /* RFC 2347 added 8, "option negotiation failed" */
#define TFTP_BLOCK_MAX 512

static int
tftp_build(const struct pp_probe_ctx *c, uint8_t *buf, size_t len)
{
	char name[40];
	int n;
	size_t need;

	n = snprintf(name, sizeof(name), "pp-%016llx.missing", (unsigned long long)c->cookie);
	if (n < 0 || (size_t)n >= sizeof(name))
		return PP_EINVAL;
	need = 2 + (size_t)n + 1 + sizeof("octet");
	if (len < need)
		return PP_ETRUNC;
	pp__put16(buf, TFTP_RRQ);
	memcpy(buf + 2, name, (size_t)n + 1);
	memcpy(buf + 2 + n + 1, "octet", sizeof("octet"));
	return (int)need;
}

static int
tftp_validate(const struct pp_probe_ctx *c, const uint8_t *p, size_t len)
{
	(void)c; /* nothing of ours comes back: see PP_PROBE_ANY_SPORT above */
	if (len < 4)
		return 0;
	switch (pp__get16(p)) {
	case TFTP_ERROR:
		/* A code we know and a NUL-terminated message (maybe empty). */
		return pp__get16(p + 2) <= TFTP_MAX_EC && memchr(p + 4, 0, len - 4) != NULL;
	case TFTP_DATA:
		return pp__get16(p + 2) == 1 && len - 4 <= TFTP_BLOCK_MAX;
	default:
		return 0;
	}
}

const struct pp_probe pp__probe_tftp = {
        .name = "tftp",
        .ports = "69",
        .service = "TFTP",
        .build = tftp_build,
        .validate = tftp_validate,
        .flags = PP_PROBE_ANY_SPORT,
};
