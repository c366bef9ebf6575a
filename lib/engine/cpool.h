/*
 * The connect method's probes in flight (cpool.c): a fixed pool of slots, each
 * with its socket, on a free list or on one list in order of arming.  Every
 * probe shares the scan's RTO, so the oldest armed expires first and the loop
 * looks at the head only; an answer unlinks its slot in O(1), wherever it is.
 * An epoll event names its slot by index.
 */
#ifndef PP_CPOOL_H
#define PP_CPOOL_H

#include <stdint.h>

#define PP__CNIL UINT32_MAX

struct pp__cprobe {
	int fd;              /* its socket, or -1; kept by the slot across probes (idle) */
	uint8_t idle;        /* fd is a TCP socket whose connect failed: reusable */
	uint8_t family;      /* fd's: AF_INET or AF_INET6 (idle: reusable for its own) */
	uint32_t host, port; /* indices of the scan */
	uint32_t prev, next; /* the armed list, or next: the free list */
	uint64_t armed_us;   /* (re)armed: expires at armed + RTO */
	uint64_t tx_us;      /* last sent */
	uint64_t first_us;   /* first sent */
	uint16_t lingers;    /* re-sends past the retries (UDP rounds, an unsettled pacer) */
	uint16_t sport;      /* UDP: our port, which the payload may name */
	uint8_t attempts;    /* transmissions so far */
	uint8_t quiet;       /* UDP: silent rounds so far */
	uint8_t live;
	uint8_t at_worker; /* its try is the helper's (cworker.h) until taken back */
	uint32_t pend_ev;  /* epoll events that came meanwhile */
};

struct pp__cpool {
	struct pp__cprobe *p;
	uint32_t cap, live;
	uint32_t free, head, tail; /* PP__CNIL: empty */
};

int pp__cpool_init(struct pp__cpool *c, uint32_t cap);
void pp__cpool_free(struct pp__cpool *c);
/* A free slot, zeroed but for its socket (fd, idle, family: a TCP socket the slot's
 * last probe left to the next), armed at now at the tail; PP__CNIL when full. */
uint32_t pp__cpool_get(struct pp__cpool *c, uint64_t now);
/* Back to the free list, with its socket (the caller closed it and set fd
 * to -1, or left it idle for the slot's next probe). */
void pp__cpool_put(struct pp__cpool *c, uint32_t i);
/* Re-armed at now: to the tail. */
void pp__cpool_rearm(struct pp__cpool *c, uint32_t i, uint64_t now);
/* The oldest armed slot, PP__CNIL if none. */
static inline uint32_t
pp__cpool_head(const struct pp__cpool *c)
{
	return c->head;
}
static inline int
pp__cpool_full(const struct pp__cpool *c)
{
	return c->free == PP__CNIL;
}

#endif
