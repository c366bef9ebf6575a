/*
 * NTP probe, RFC 5905 (NTPv4): a client-mode (3) request with the scan cookie as
 * its transmit timestamp.  A server copies a request's transmit timestamp into
 * the origin timestamp of its reply (section 8, "the origin timestamp ... copied
 * from the transmit timestamp"), so the 64-bit cookie comes back whole, and a
 * reply is any server-mode (4) packet carrying it: a kiss-o'-death (stratum 0,
 * "RATE", "DENY") too, since it proves an NTP server is there.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |LI | VN  |Mode |    Stratum    |     Poll      |   Precision   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                         Root Delay                            |
 *   |                         Root Dispersion                       |
 *   |                          Reference ID                         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                  Reference Timestamp (64)                     |  16
 *   |                  Origin Timestamp (64)                        |  24
 *   |                  Receive Timestamp (64)                       |  32
 *   |                  Transmit Timestamp (64)  <- cookie           |  40
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * We send LI 0, VN 4, mode 3, poll 6 (the RFC's minimum default) and zeros
 * elsewhere, as a minimal SNTP client does; chronyd (the lab's) answers it.
 */
#include "config.h"

#include <string.h>

#include "pp_error.h"
#include "pp_probe.h"
#include "probes.h"

#define NTP_LEN      48
#define NTP_OFF_ORIG 24
#define NTP_OFF_XMIT 40
#define NTP_MODE_CLI 3
#define NTP_MODE_SRV 4
#define NTP_VERSION  4

static int
ntp_build(const struct pp_probe_ctx *c, uint8_t *buf, size_t len)
{
	if (len < NTP_LEN)
		return PP_ETRUNC;
	memset(buf, 0, NTP_LEN);
	buf[0] = NTP_VERSION << 3 | NTP_MODE_CLI; /* LI 0 */
	buf[2] = 6;                               /* poll 2^6 s */
	pp__put64(buf + NTP_OFF_XMIT, c->cookie);
	return NTP_LEN;
}

static int
ntp_validate(const struct pp_probe_ctx *c, const uint8_t *p, size_t len)
{
	unsigned vn;

	/* Extension fields and a MAC may follow the 48 bytes; they do not matter. */
	if (len < NTP_LEN)
		return 0;
	vn = p[0] >> 3 & 7;
	if ((p[0] & 7) != NTP_MODE_SRV || vn < 1 || vn > NTP_VERSION)
		return 0;
	return pp__get64(p + NTP_OFF_ORIG) == c->cookie;
}

const struct pp_probe pp__probe_ntp = {
        .name = "ntp",
        .ports = "123",
        .service = "NTP",
        .build = ntp_build,
        .validate = ntp_validate,
};
