/*
 * A bounds-checked read cursor over a captured frame (packet.c, packet6.c):
 * every accessor fails instead of reading past the end, as tcpdump's extract.h
 * does, so no input, however short, is read past its length.
 */
#ifndef PP_CURSOR_H
#define PP_CURSOR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct pp__cur {
	const uint8_t *p;
	size_t len;
};

static inline int
pp__cur_skip(struct pp__cur *c, size_t n)
{
	if (c->len < n)
		return -1;
	c->p += n;
	c->len -= n;
	return 0;
}

static inline int
pp__cur_get8(const struct pp__cur *c, size_t off, uint8_t *v)
{
	if (off >= c->len)
		return -1;
	*v = c->p[off];
	return 0;
}

static inline int
pp__cur_get16(const struct pp__cur *c, size_t off, uint16_t *v)
{
	if (c->len < 2 || off > c->len - 2)
		return -1;
	*v = (uint16_t)(c->p[off] << 8 | c->p[off + 1]);
	return 0;
}

static inline int
pp__cur_get32(const struct pp__cur *c, size_t off, uint32_t *v)
{
	if (c->len < 4 || off > c->len - 4)
		return -1;
	*v = (uint32_t)c->p[off] << 24 | (uint32_t)c->p[off + 1] << 16 |
	     (uint32_t)c->p[off + 2] << 8 | (uint32_t)c->p[off + 3];
	return 0;
}

static inline int
pp__cur_getn(const struct pp__cur *c, size_t off, uint8_t *v, size_t n)
{
	if (c->len < n || off > c->len - n)
		return -1;
	memcpy(v, c->p + off, n);
	return 0;
}

#endif
