/*
 * The sender: probe packets go out in batches through one raw IPv4 socket
 * (IPPROTO_RAW, so IP_HDRINCL: we write the IP header) with sendmmsg(2).  It was
 * measured against a PACKET_MMAP TX ring (bench/sendbench.c); see sender.c for
 * the figures and why it stays.  A hook can replace the socket (fake I/O).
 */
#ifndef PP_SENDER_H
#define PP_SENDER_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "build.h"

#define PP__BATCH 64

struct pp__sender {
	int fd;
	unsigned n; /* packets waiting in the batch */
	struct mmsghdr msg[PP__BATCH];
	struct iovec iov[PP__BATCH];
	struct sockaddr_in to[PP__BATCH];
	uint8_t buf[PP__BATCH][PP__PKT_MAX];
	uint64_t sent, errors;
	/* Instead of the socket (tests, --dry-run): called per packet. */
	int (*hook)(void *arg, const uint8_t *pkt, size_t len);
	void *hook_arg;
};

/* Opens the raw socket (bound to ifname if given).  PP_EPERM without CAP_NET_RAW. */
int pp__sender_open(struct pp__sender *s, const char *ifname, char *err, size_t errlen);
/* A sender that hands every packet to hook instead. */
void pp__sender_init_hook(struct pp__sender *s, int (*hook)(void *, const uint8_t *, size_t),
                          void *arg);
/* The buffer the next packet is built in (PP__PKT_MAX bytes). */
static inline uint8_t *
pp__sender_slot(struct pp__sender *s)
{
	return s->buf[s->n];
}
/* Queue the packet built in the slot; sends the batch when it is full. */
int pp__sender_commit(struct pp__sender *s, size_t len, uint32_t dst);
/* Send what is queued. */
int pp__sender_flush(struct pp__sender *s);
void pp__sender_close(struct pp__sender *s);

#endif
