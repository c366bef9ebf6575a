/*
 * The sender (see sender.h).  sendmmsg(2) on a raw socket against a PACKET_MMAP
 * TX ring (TPACKET_V2, qdisc bypassed, Ethernet header ours), measured with
 * bench/sendbench.c in the lab, 1-2 million SYNs to a target that answers with
 * RSTs, on this 2-core machine while other builds ran (so the spread is wide):
 *
 *   sendmmsg, batches of 64   150k-274k pps (median ~190k)
 *   TX ring, 64 per send()    172k-280k pps (median ~215k)
 *
 * The ring is 10-20% faster at the sender alone.  The raw socket stays: the
 * ring needs the next hop's MAC for every destination (ARP/neighbour handling
 * for on-link targets, the gateway's for routed ones) and bypasses the host's
 * own firewall and routing, and an end-to-end scan is not sender-bound here
 * (a full 65535-port scan runs at ~110k pps: the target's RSTs and the capture
 * share the same two cores).  Revisit with a ring backend when a scan is.
 *
 * Errors that mean "queue full" (ENOBUFS, EAGAIN) make us wait and retry; others
 * drop the packet and are counted (the retransmission logic covers the loss).
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pp_error.h"
#include "sender.h"

static void
init_msgs(struct pp__sender *s)
{
	unsigned i;

	for (i = 0; i < PP__BATCH; i++) {
		s->iov[i].iov_base = s->buf[i];
		s->msg[i].msg_hdr.msg_iov = &s->iov[i];
		s->msg[i].msg_hdr.msg_iovlen = 1;
		s->msg[i].msg_hdr.msg_name = &s->to[i];
		s->msg[i].msg_hdr.msg_namelen = sizeof(s->to[i]);
		s->to[i].sin_family = AF_INET;
	}
}

void
pp__sender_init_hook(struct pp__sender *s, int (*hook)(void *, const uint8_t *, size_t), void *arg)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->hook = hook;
	s->hook_arg = arg;
	init_msgs(s);
}

int
pp__sender_open(struct pp__sender *s, const char *ifname, char *err, size_t errlen)
{
	int sz = 8 << 20;

	memset(s, 0, sizeof(*s));
	init_msgs(s);
	if ((s->fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW)) < 0) {
		int e = errno;
		s->fd = -1;
		if (e == EPERM || e == EACCES)
			return pp__errf(err, errlen, PP_EPERM,
			                "cannot open a raw socket: %s (needs root or CAP_NET_RAW)",
			                strerror(e));
		return pp__errf(err, errlen, PP_ENET, "cannot open a raw socket: %s", strerror(e));
	}
	if (setsockopt(s->fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz)) < 0)
		setsockopt(s->fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	if (ifname != NULL &&
	    setsockopt(s->fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)) < 0) {
		int e = errno;
		close(s->fd);
		s->fd = -1;
		return pp__errf(err, errlen, e == ENODEV ? PP_ENOENT : PP_ENET,
		                "%s: cannot send on this interface: %s", ifname, strerror(e));
	}
	return 0;
}

int
pp__sender_flush(struct pp__sender *s)
{
	unsigned done = 0, i;
	int tries = 0;

	if (s->hook != NULL) {
		for (i = 0; i < s->n; i++)
			s->hook(s->hook_arg, s->buf[i], s->iov[i].iov_len);
		s->sent += s->n;
		s->n = 0;
		return 0;
	}
	while (done < s->n) {
		int r = sendmmsg(s->fd, s->msg + done, s->n - done, 0);
		if (r > 0) {
			done += (unsigned)r;
			s->sent += (unsigned)r;
			continue;
		}
		if (errno == EINTR)
			continue;
		if ((errno == ENOBUFS || errno == EAGAIN) && tries++ < 100) {
			struct timespec ts = {0, 100000};
			nanosleep(&ts, NULL);
			continue;
		}
		/* The first packet of the rest is refused (no route, EPERM from a firewall,
		 * ...): count it and go on with the next. */
		s->errors++;
		done++;
		tries = 0;
	}
	s->n = 0;
	return 0;
}

int
pp__sender_commit(struct pp__sender *s, size_t len, uint32_t dst)
{
	s->iov[s->n].iov_len = len;
	s->to[s->n].sin_addr.s_addr = htonl(dst);
	if (++s->n == PP__BATCH)
		return pp__sender_flush(s);
	return 0;
}

void
pp__sender_close(struct pp__sender *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}
