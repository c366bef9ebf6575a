/*
 * The sender: probe packets go out in batches through one raw IPv4 socket
 * (IPPROTO_RAW, so IP_HDRINCL: we write the IP header) with sendmmsg(2).  It was
 * measured against a PACKET_MMAP TX ring (bench/sendbench.c); see sender.c for
 * the figures and why it stays.  With a second thread, the caller hands it full
 * batches and sends one itself only when the thread is behind (see sender.c).
 * A hook can replace the socket (fake I/O).
 */
#ifndef PP_SENDER_H
#define PP_SENDER_H

#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "build.h"

#define PP__BATCH 64
#define PP__NBUF  4 /* batches: one being filled, up to three with the thread */

/* One batch of packets and the sendmmsg(2) vectors that point into it. */
struct pp__batch {
	unsigned n; /* packets in it */
	struct mmsghdr msg[PP__BATCH];
	struct iovec iov[PP__BATCH];
	union pp__sa {
		struct sockaddr_in v4;
		struct sockaddr_in6 v6;
	} to[PP__BATCH];
	uint8_t buf[PP__BATCH][PP__PKT_MAX];
};

struct pp__sender {
	int fd, fd2; /* the caller's socket, the second thread's */
	int v6;      /* AF_INET6 sockets, IPv6 packets */
	struct pp__batch b[PP__NBUF];
	struct pp__batch *cur; /* being filled by the caller: b[tail % PP__NBUF] */
	atomic_ullong sent, errors;
	/* The second thread sends b[head % PP__NBUF] ... b[(tail - 1) % PP__NBUF],
	 * in order; the caller hands over batches by moving tail, the thread gives
	 * them back by moving head. */
	int threaded, quit, sleeping;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	atomic_uint head, tail;
	/* Instead of the sockets (tests): called per packet, from either thread. */
	int (*hook)(void *arg, const uint8_t *pkt, size_t len);
	void *hook_arg;
};

/* Opens the raw socket (bound to ifname if given), IPv6 when v6: Linux >= 4.5
 * takes the IPv6 header from an AF_INET6 IPPROTO_RAW socket as IPv4's does.
 * PP_EPERM without CAP_NET_RAW. */
int pp__sender_open(struct pp__sender *s, const char *ifname, int v6, char *err, size_t errlen);
/* An IPv6 sender's source address: bound, so that the kernel does not choose
 * one for each packet's route lookup (our header carries it anyway).  Only a
 * speed-up: a socket that cannot be bound (a tentative address) stays as it
 * was. */
void pp__sender_source6(struct pp__sender *s, const uint8_t src6[16]);
/* A sender that hands every packet to hook instead. */
void pp__sender_init_hook(struct pp__sender *s, int (*hook)(void *, const uint8_t *, size_t),
                          void *arg);
/* Starts the second sending thread (it sends on a socket of its own, or calls
 * the hook too); 0, or -1 when it could not be started (the caller sends alone). */
int pp__sender_start_thread(struct pp__sender *s);
/* The buffer the next packet is built in (PP__PKT_MAX bytes). */
static inline uint8_t *
pp__sender_slot(struct pp__sender *s)
{
	return s->cur->buf[s->cur->n];
}
/* Queue the packet built in the slot; sends the batch when it is full.  dst:
 * IPv4, host order (an IPv6 packet's destination is read from its header). */
int pp__sender_commit(struct pp__sender *s, size_t len, uint32_t dst);
/* Send what is queued (by the thread, when it has room). */
int pp__sender_flush(struct pp__sender *s);
/* Stops the thread, after its batch, and closes the socket. */
void pp__sender_close(struct pp__sender *s);

#endif
