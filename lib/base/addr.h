/*
 * IPv4 addresses as text (addr.c), in host order, and sockaddrs of a pp_addr
 * (pp_addr.h).  Internal to the library: the engine, the probes and the listener
 * check use it.
 */
#ifndef PP_ADDR_H
#define PP_ADDR_H

#include <stddef.h>
#include <stdint.h>

/* Dotted quad of a host-order address into buf (16 bytes are enough). */
const char *pp__addr_str(uint32_t addr, char *buf, size_t len);
/* Parse a dotted quad (no leading zeros, no shorthand); -1 if it is not one. */
int pp__addr_parse(const char *s, uint32_t *addr);

struct pp_addr;
struct sockaddr;
struct sockaddr_storage;
/* a and port as a sockaddr_in or sockaddr_in6 in ss: its length, 0 for no family. */
unsigned pp__addr_to_sockaddr(const struct pp_addr *a, unsigned port, struct sockaddr_storage *ss);
/* The address and port of an AF_INET or AF_INET6 sockaddr: 0, or -1 (other family). */
int pp__addr_from_sockaddr(const struct sockaddr *sa, struct pp_addr *a, unsigned *port);

#endif
