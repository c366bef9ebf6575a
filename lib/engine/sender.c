/*
 * The sender (see sender.h).  sendmmsg(2) on a raw socket against a PACKET_MMAP
 * TX ring (TPACKET_V2, qdisc bypassed, Ethernet header ours), measured with
 * bench/sendbench.c in the lab on this 2-core machine.  The first measurement,
 * 1-2 million SYNs to a target answering with RSTs while other builds ran:
 *
 *   sendmmsg, batches of 64   150k-274k pps (median ~190k)
 *   TX ring, 64 per send()    172k-280k pps (median ~215k)
 *
 * and again on 2026-11-22 with the machine otherwise idle, 65536 SYNs to the
 * bench's /16 (three runs each, interleaved):
 *
 *   sendmmsg                  126k-133k pps; capturing the answers 98k-106k
 *   TX ring                   115k-133k pps; capturing the answers 93k-116k
 *
 * The ring is no faster where it counts (a scan reads its answers), needs the
 * next hop's MAC for every destination and bypasses the host's own routing and
 * firewall: the raw socket stays.  What is faster is a second CPU: two threads
 * with a socket each sent the same SYNs at 205k-234k pps against one's
 * 129k-139k, since in the kernel each packet's way to the wire (and on a veth,
 * through the target and back) runs on the CPU that sent it.  So with a second
 * thread (pp__sender_start_thread) full batches are handed to it while the
 * caller builds the next; the caller sends one itself only when the thread is
 * three behind.
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
	unsigned i, k;

	for (k = 0; k < PP__NBUF; k++) {
		struct pp__batch *b = &s->b[k];
		for (i = 0; i < PP__BATCH; i++) {
			b->iov[i].iov_base = b->buf[i];
			b->msg[i].msg_hdr.msg_iov = &b->iov[i];
			b->msg[i].msg_hdr.msg_iovlen = 1;
			b->msg[i].msg_hdr.msg_name = &b->to[i];
			memset(&b->to[i], 0, sizeof(b->to[i]));
			if (s->v6) {
				b->msg[i].msg_hdr.msg_namelen = sizeof(b->to[i].v6);
				b->to[i].v6.sin6_family = AF_INET6;
			} else {
				b->msg[i].msg_hdr.msg_namelen = sizeof(b->to[i].v4);
				b->to[i].v4.sin_family = AF_INET;
			}
		}
	}
	s->cur = &s->b[0];
}

void
pp__sender_init_hook(struct pp__sender *s, int (*hook)(void *, const uint8_t *, size_t), void *arg)
{
	memset(s, 0, sizeof(*s));
	s->fd = s->fd2 = -1;
	s->hook = hook;
	s->hook_arg = arg;
	init_msgs(s);
}

int
pp__sender_open(struct pp__sender *s, const char *ifname, int v6, char *err, size_t errlen)
{
	int sz = 8 << 20, af = v6 ? AF_INET6 : AF_INET;

	memset(s, 0, sizeof(*s));
	s->fd2 = -1;
	s->v6 = v6;
	init_msgs(s);
	if ((s->fd = socket(af, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW)) < 0) {
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
	/* The second thread's own socket (its charges and counters apart from the
	 * first's), opened now, while we may; without it there is no second thread. */
	if ((s->fd2 = socket(af, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW)) >= 0) {
		if (setsockopt(s->fd2, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz)) < 0)
			setsockopt(s->fd2, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
		if (ifname != NULL && setsockopt(s->fd2, SOL_SOCKET, SO_BINDTODEVICE, ifname,
		                                 (socklen_t)strlen(ifname)) < 0) {
			close(s->fd2);
			s->fd2 = -1;
		}
	}
	return 0;
}

void
pp__sender_source6(struct pp__sender *s, const uint8_t src6[16])
{
	struct sockaddr_in6 sa;

	/* rawv6_sendmsg routes a header-included packet from the socket's
	 * address; unbound, ipv6_dev_get_saddr ran for every probe (~5% of a
	 * -p-'s time, perf). */
	memset(&sa, 0, sizeof(sa));
	sa.sin6_family = AF_INET6;
	memcpy(&sa.sin6_addr, src6, 16);
	if (s->fd >= 0)
		(void)bind(s->fd, (struct sockaddr *)&sa, sizeof(sa));
	if (s->fd2 >= 0)
		(void)bind(s->fd2, (struct sockaddr *)&sa, sizeof(sa));
}

/* Sends batch b on socket fd and empties it. */
static void
send_batch(struct pp__sender *s, struct pp__batch *b, int fd)
{
	unsigned done = 0, i;
	int tries = 0;

	if (s->hook != NULL) {
		for (i = 0; i < b->n; i++)
			s->hook(s->hook_arg, b->buf[i], b->iov[i].iov_len);
		s->sent += b->n;
		b->n = 0;
		return;
	}
	while (done < b->n) {
		int r = sendmmsg(fd, b->msg + done, b->n - done, 0);
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
	b->n = 0;
}

static void *
run(void *arg)
{
	struct pp__sender *s = arg;
	unsigned head = atomic_load(&s->head);

	for (;;) {
		if (head == atomic_load(&s->tail)) {
			pthread_mutex_lock(&s->mu);
			while (head == atomic_load(&s->tail) && !s->quit) {
				s->sleeping = 1;
				pthread_cond_wait(&s->cv, &s->mu);
				s->sleeping = 0;
			}
			pthread_mutex_unlock(&s->mu);
			if (head == atomic_load(&s->tail))
				return NULL; /* quit, and nothing left */
		}
		send_batch(s, &s->b[head % PP__NBUF], s->fd2);
		atomic_store(&s->head, ++head);
	}
}

int
pp__sender_start_thread(struct pp__sender *s)
{
	if ((s->fd2 < 0 && s->hook == NULL) || s->threaded)
		return -1;
	if (pthread_mutex_init(&s->mu, NULL) != 0)
		return -1;
	if (pthread_cond_init(&s->cv, NULL) != 0) {
		pthread_mutex_destroy(&s->mu);
		return -1;
	}
	if (pthread_create(&s->th, NULL, run, s) != 0) {
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
		return -1;
	}
	s->threaded = 1;
	return 0;
}

/*
 * The current batch goes to the thread if it has room for it, and the caller
 * goes on filling the next one (the thread is done with it: it holds three at
 * most, sent in the order handed); if not, the caller sends it itself.  So the
 * two share the sending as they have time for it, and the thread, which does
 * nothing else, always has a batch in hand when the caller is quick enough.
 */
int
pp__sender_flush(struct pp__sender *s)
{
	struct pp__batch *b = s->cur;
	unsigned tail;

	if (b->n == 0)
		return 0;
	tail = atomic_load(&s->tail);
	if (s->threaded && tail - atomic_load(&s->head) < PP__NBUF - 1) {
		atomic_store(&s->tail, ++tail);
		pthread_mutex_lock(&s->mu);
		if (s->sleeping)
			pthread_cond_signal(&s->cv);
		pthread_mutex_unlock(&s->mu);
		s->cur = &s->b[tail % PP__NBUF];
		return 0;
	}
	send_batch(s, b, s->fd);
	return 0;
}

int
pp__sender_commit(struct pp__sender *s, size_t len, uint32_t dst)
{
	struct pp__batch *b = s->cur;

	b->iov[b->n].iov_len = len;
	if (s->v6)
		memcpy(&b->to[b->n].v6.sin6_addr, b->buf[b->n] + 24, 16);
	else
		b->to[b->n].v4.sin_addr.s_addr = htonl(dst);
	if (++b->n == PP__BATCH)
		return pp__sender_flush(s);
	return 0;
}

void
pp__sender_close(struct pp__sender *s)
{
	if (s->threaded) {
		pthread_mutex_lock(&s->mu);
		s->quit = 1;
		pthread_cond_signal(&s->cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->th, NULL);
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
		s->threaded = 0;
	}
	if (s->fd >= 0)
		close(s->fd);
	if (s->fd2 >= 0)
		close(s->fd2);
	s->fd = s->fd2 = -1;
}
