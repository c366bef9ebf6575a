/*
 * From a connect-method socket's outcome to a port state (connect.h), as the
 * raw classifier (classify.c) reads the same answers off the wire:
 *
 *   connect() succeeds                    open      syn-ack
 *   ECONNREFUSED (an RST)                 closed    rst
 *   an ICMP unreachable 0-3,9,10,13       filtered  icmp-unreach-N (13: admin-prohibited)
 *   EHOSTUNREACH, ENETUNREACH (no ICMP)   filtered  icmp-unreach-1, -0
 *   EACCES, EPERM (our route or firewall) filtered  icmp-admin-prohibited
 *   UDP: ICMP port unreachable            closed    icmp-port-unreach
 *   UDP: ICMP unreachable 0-2,9,10,13     filtered  icmp-unreach-N
 *   ICMPv6 unreachable 1, 4 as ICMP's 13, 3; 0, 2, 3, 5, 6: icmp6-unreach-N
 *   (pp__icmp6_unreach, as the raw classifier)
 *
 * Linux turns an ICMP error that answers a SYN into the socket's error
 * (ECONNREFUSED for port unreachable, EHOSTUNREACH for admin-prohibited, ...)
 * and, with IP_RECVERR, queues the type and code, which keep the reason exact.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "classify.h"
#include "connect.h"
#include "pp_result.h"

static int
unreach(unsigned code, uint8_t proto, struct pp__reply *out)
{
	if (code >= PP__CONN_ICMP6)
		return pp__icmp6_unreach(code - PP__CONN_ICMP6, proto, out);
	if (!pp__filtering_code(code))
		return 0;
	out->proto = proto;
	out->reason = PP_REASON_ICMP_UNREACH;
	out->code = (uint8_t)code;
	out->state = proto == PP_PROTO_UDP && code == 3 ? PP_STATE_CLOSED : PP_STATE_FILTERED;
	return 1;
}

int
pp__conn_tcp_outcome(int err, int icmp, unsigned type, unsigned code, struct pp__reply *out)
{
	out->proto = PP_PROTO_TCP;
	if (icmp && err != 0)
		return type == 3 ? unreach(code, PP_PROTO_TCP, out) : 0;
	switch (err) {
	case 0:
		out->state = PP_STATE_OPEN;
		out->reason = PP_REASON_SYN_ACK;
		return 1;
	case ECONNREFUSED:
		out->state = PP_STATE_CLOSED;
		out->reason = PP_REASON_RST;
		return 1;
	case ENETUNREACH:
		return unreach(0, PP_PROTO_TCP, out);
	case EHOSTUNREACH:
		return unreach(1, PP_PROTO_TCP, out);
	case EACCES:
	case EPERM:
		return unreach(13, PP_PROTO_TCP, out);
	}
	return 0;
}

int
pp__conn_udp_error(int err, int icmp, unsigned type, unsigned code, struct pp__reply *out)
{
	if (icmp)
		return type == 3 ? unreach(code, PP_PROTO_UDP, out) : 0;
	switch (err) {
	case ECONNREFUSED:
		return unreach(3, PP_PROTO_UDP, out);
	case ENETUNREACH:
		return unreach(0, PP_PROTO_UDP, out);
	case EHOSTUNREACH:
		return unreach(1, PP_PROTO_UDP, out);
	case EACCES:
	case EPERM:
		return unreach(13, PP_PROTO_UDP, out);
	}
	return 0;
}
