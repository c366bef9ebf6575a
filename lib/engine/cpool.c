/*
 * The connect method's probes in flight (cpool.h): a slot array with a free
 * list and a doubly linked list in order of arming, by index.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cpool.h"
#include "pp_error.h"

int
pp__cpool_init(struct pp__cpool *c, uint32_t cap)
{
	uint32_t i;

	memset(c, 0, sizeof(*c));
	c->head = c->tail = c->free = PP__CNIL;
	if (cap == 0 || (c->p = calloc(cap, sizeof(*c->p))) == NULL)
		return PP_ENOMEM;
	c->cap = cap;
	for (i = cap; i-- > 0;) {
		c->p[i].fd = -1;
		c->p[i].next = c->free;
		c->free = i;
	}
	return 0;
}

void
pp__cpool_free(struct pp__cpool *c)
{
	free(c->p);
	memset(c, 0, sizeof(*c));
	c->head = c->tail = c->free = PP__CNIL;
}

static void
unlink_slot(struct pp__cpool *c, uint32_t i)
{
	struct pp__cprobe *p = &c->p[i];

	if (p->prev != PP__CNIL)
		c->p[p->prev].next = p->next;
	else
		c->head = p->next;
	if (p->next != PP__CNIL)
		c->p[p->next].prev = p->prev;
	else
		c->tail = p->prev;
}

static void
append(struct pp__cpool *c, uint32_t i, uint64_t now)
{
	struct pp__cprobe *p = &c->p[i];

	p->armed_us = now;
	p->next = PP__CNIL;
	p->prev = c->tail;
	if (c->tail != PP__CNIL)
		c->p[c->tail].next = i;
	else
		c->head = i;
	c->tail = i;
}

uint32_t
pp__cpool_get(struct pp__cpool *c, uint64_t now)
{
	uint32_t i = c->free;
	struct pp__cprobe *p;
	uint8_t idle, family;
	int fd;

	if (i == PP__CNIL)
		return PP__CNIL;
	p = &c->p[i];
	c->free = p->next;
	fd = p->fd;
	idle = p->idle;
	family = p->family;
	memset(p, 0, sizeof(*p));
	p->fd = fd;
	p->idle = idle;
	p->family = family;
	p->live = 1;
	c->live++;
	append(c, i, now);
	return i;
}

void
pp__cpool_put(struct pp__cpool *c, uint32_t i)
{
	struct pp__cprobe *p = &c->p[i];

	if (!p->live)
		return;
	unlink_slot(c, i);
	p->live = 0;
	p->next = c->free;
	c->free = i;
	c->live--;
}

void
pp__cpool_rearm(struct pp__cpool *c, uint32_t i, uint64_t now)
{
	unlink_slot(c, i);
	append(c, i, now);
}
