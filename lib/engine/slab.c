/*
 * The slabs (see slab.h): a list of chunks, the newest first; a block comes from
 * the newest chunk's free end, or from a new chunk (a block over a quarter of
 * the chunk size gets a chunk of its own, so big blocks waste little).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "slab.h"

#define CHUNK ((size_t)64 << 10)

struct pp__slab {
	struct pp__slab *next;
	size_t used, size;
	max_align_t mem[]; /* size bytes */
};

void *
pp__slab_alloc(struct pp__slab **head, size_t n)
{
	struct pp__slab *s = *head;
	size_t size;
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (n == 0 || n > SIZE_MAX / 2)
		return NULL;
	if (s == NULL || s->size - s->used < n) {
		size = n > CHUNK / 4 ? n : CHUNK;
		if ((s = calloc(1, sizeof(*s) + size)) == NULL)
			return NULL;
		s->size = size;
		if (n > CHUNK / 4 && *head != NULL) {
			/* Behind the newest chunk: its free end stays in use. */
			s->next = (*head)->next;
			(*head)->next = s;
		} else {
			s->next = *head;
			*head = s;
		}
	}
	p = (char *)s->mem + s->used;
	s->used += n;
	return p;
}

void
pp__slab_free(struct pp__slab **head)
{
	struct pp__slab *s = *head, *next;

	for (; s != NULL; s = next) {
		next = s->next;
		free(s);
	}
	*head = NULL;
}
