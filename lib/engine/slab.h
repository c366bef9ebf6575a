/*
 * Slabs: many small zeroed blocks of one lifetime carved from 64 KB chunks.  The
 * engine keeps each host's answer bitmap and first answers there: a /16 with an
 * answer or two a host costs no malloc per host (and no malloc header), its
 * blocks sit together, and the end of the scan frees a few chunks, not 131072
 * blocks one by one.
 */
#ifndef PP_SLAB_H
#define PP_SLAB_H

#include <stddef.h>

struct pp__slab;

/* A zeroed block of n bytes, 8-aligned, that lives until pp__slab_free; NULL
 * when out of memory.  *head starts NULL. */
void *pp__slab_alloc(struct pp__slab **head, size_t n);
void pp__slab_free(struct pp__slab **head);

#endif
