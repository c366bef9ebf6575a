/*
 * The timing rules both back ends share (rounds.h).
 */
#include "config.h"

#include "rounds.h"

uint64_t
pp__round_delay(uint32_t icmp_n, uint64_t first_us, uint64_t last_us)
{
	uint64_t span = last_us - first_us, each;

	if (icmp_n <= PP__ICMP_BURST + 1 + span / 1000000)
		return PP__LINGER_ROUND; /* within Linux's limit: maybe held to it */
	if (span < 1000)
		span = 1000;
	each = span / (icmp_n - PP__ICMP_BURST); /* its interval between errors */
	return 2 * each < PP__ROUND_MIN_US   ? PP__ROUND_MIN_US
	       : 2 * each > PP__LINGER_ROUND ? PP__LINGER_ROUND
	                                     : 2 * each;
}

unsigned
pp__backoff(unsigned attempt)
{
	return attempt >= 4 ? 8 : attempt == 0 ? 1 : 1u << (attempt - 1);
}
