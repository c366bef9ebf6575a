/*
 * Big-endian (network order) stores and loads of 16, 32 and 64 bits, for the code
 * that writes packets: the probe templates (build.c), the UDP probes (probes/),
 * and the tests and fuzz seeds that craft replies.  Reading a received packet goes
 * through packet.c's length-checked accessors instead.
 */
#ifndef PP_BYTES_H
#define PP_BYTES_H

#include <stdint.h>

static inline void
pp__put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
pp__put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void
pp__put64(uint8_t *p, uint64_t v)
{
	pp__put32(p, (uint32_t)(v >> 32));
	pp__put32(p + 4, (uint32_t)v);
}

static inline uint16_t
pp__get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
pp__get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t
pp__get64(const uint8_t *p)
{
	return (uint64_t)pp__get32(p) << 32 | pp__get32(p + 4);
}

#endif
