/*
 * Which (host, port) pairs a shard probes, asked of the probe order (perm.h): the
 * host's index among the targets, the port's among the scan's ports, and whether
 * shard K of N takes that position of the permutation.  An audit's scorer judges
 * only those; no packet is built to learn it.
 */
#include "config.h"

#include "engine_int.h"

int
pp_scan_in_shard(const pp_scan *s, const struct pp_addr *addr, unsigned proto, unsigned port)
{
	uint32_t idx = 0;
	int64_t host;
	uint64_t j;

	if (s->prepared == 0 || port > PP_PORT_MAX)
		return 0;
	if (proto == PP_PROTO_TCP && s->tcp_idx != NULL && s->tcp_idx[port] != 0)
		idx = s->tcp_idx[port];
	else if (proto == PP_PROTO_UDP && s->udp_idx != NULL && s->udp_idx[port] != 0)
		idx = s->ntcp + s->udp_idx[port];
	if (idx == 0)
		return 0;
	host = pp_addr_is_v4(addr) ? pp__targets_index(&s->targets, pp_addr_v4(addr))
	                           : pp__targets_index6(&s->targets, addr->b);
	if (host < 0)
		return 0;
	return pp__perm_find(&s->perm, (uint64_t)host, idx - 1, &j);
}
