/*
 * IPv4 addresses as text (addr.c), in host order.  Internal to the library: the
 * deployment loader, the result's reader and writer and the reports use it.
 */
#ifndef PP_ADDR_H
#define PP_ADDR_H

#include <stddef.h>
#include <stdint.h>

/* Dotted quad of a host-order address into buf (16 bytes are enough). */
const char *pp__addr_str(uint32_t addr, char *buf, size_t len);
/* Parse a dotted quad (no leading zeros, no shorthand); -1 if it is not one. */
int pp__addr_parse(const char *s, uint32_t *addr);

#endif
