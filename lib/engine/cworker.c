/*
 * The connect method's helper thread (cworker.h): TCP sockets' system calls
 * made off the loop's thread.  Each ring has one writer; the counts only grow, their
 * difference the items in it.  A side about to sleep says so (sleeping,
 * waiting) and looks once more; the other, having published, looks at that
 * flag and writes the eventfd: neither misses the other (sequentially
 * consistent atomics).  Jobs handed over before quit are left undone: the
 * scan was stopped.
 */
#include "config.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "connect.h"
#include "cworker.h"
#include "engine_int.h"

static void
kick(int fd)
{
	uint64_t one = 1;

	if (write(fd, &one, sizeof(one)) < 0) {
		/* The counter is full: a wake-up is pending anyway. */
	}
}

static void *
run(void *arg)
{
	struct pp__cworker *w = arg;
	uint64_t v;

	while (!atomic_load(&w->quit)) {
		uint32_t head = atomic_load(&w->req_head), rh;
		if (head == w->req_tail) {
			atomic_store(&w->sleeping, 1);
			if (atomic_load(&w->req_head) == w->req_tail && !atomic_load(&w->quit) &&
			    read(w->wake_fd, &v, sizeof(v)) < 0) {
				/* EINTR: look again */
			}
			atomic_store(&w->sleeping, 0);
			continue;
		}
		rh = atomic_load(&w->res_head);
		for (; w->req_tail != head; w->req_tail++) {
			struct pp__cdone *d = &w->res[rh % PP__CW_RING];
			const struct pp__cjob *j = &w->req[w->req_tail % PP__CW_RING];
			memset(d, 0, sizeof(*d));
			d->slot = j->slot;
			d->events = j->events;
			d->rc = j->events == 0
			                ? pp__ctcp_send(w->s, d->slot, &d->r)
			                : pp__ctcp_event(w->s, d->slot, j->events, &d->r, &d->recv);
			d->ts_us = (pp__now_ns() - w->s->t0_ns) / 1000;
			atomic_store(&w->res_head, ++rh);
		}
		if (atomic_load(&w->waiting))
			kick(w->done_fd);
	}
	return NULL;
}

int
pp__cw_cpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return 1;
	return CPU_COUNT(&set);
}

struct pp__cworker *
pp__cw_start(pp_scan *s)
{
	struct pp__cworker *w;
	struct epoll_event ev;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->s = s;
	w->wake_fd = eventfd(0, EFD_CLOEXEC);
	w->done_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ev.events = EPOLLIN;
	ev.data.u64 = PP__CNIL;
	if (w->wake_fd < 0 || w->done_fd < 0 ||
	    epoll_ctl(s->conn->ep, EPOLL_CTL_ADD, w->done_fd, &ev) < 0 ||
	    pthread_create(&w->th, NULL, run, w) != 0) {
		if (w->wake_fd >= 0)
			close(w->wake_fd);
		if (w->done_fd >= 0)
			close(w->done_fd);
		free(w);
		return NULL;
	}
	return w;
}

void
pp__cw_stop(struct pp__cworker *w)
{
	atomic_store(&w->quit, 1);
	kick(w->wake_fd);
	pthread_join(w->th, NULL);
	close(w->wake_fd);
	close(w->done_fd);
}

int
pp__cw_push(struct pp__cworker *w, uint32_t i, uint32_t events)
{
	uint32_t head;

	if (w->out >= PP__CW_QMAX)
		return -1;
	head = atomic_load_explicit(&w->req_head, memory_order_relaxed);
	w->req[head % PP__CW_RING].slot = i;
	w->req[head % PP__CW_RING].events = events;
	atomic_store(&w->req_head, head + 1);
	w->out++;
	/* A sleeping helper is woken for a batch, or by pp__cw_flush: a
	 * wake-up per job cost more than the job. */
	if (++w->unkicked >= PP__CW_BATCH)
		pp__cw_flush(w);
	return 0;
}

void
pp__cw_flush(struct pp__cworker *w)
{
	if (w->unkicked > 0 && atomic_load(&w->sleeping))
		kick(w->wake_fd);
	w->unkicked = 0;
}

int
pp__cw_pop(struct pp__cworker *w, struct pp__cdone *d)
{
	if (atomic_load(&w->res_head) == w->res_tail)
		return 0;
	*d = w->res[w->res_tail % PP__CW_RING];
	w->res_tail++;
	w->out--;
	return 1;
}

int
pp__cw_waiting(struct pp__cworker *w, int waiting)
{
	atomic_store(&w->waiting, waiting);
	return waiting && atomic_load(&w->res_head) != w->res_tail;
}

void
pp__cw_woken(struct pp__cworker *w)
{
	uint64_t v;

	if (read(w->done_fd, &v, sizeof(v)) < 0) {
		/* EAGAIN: cleared already */
	}
}
