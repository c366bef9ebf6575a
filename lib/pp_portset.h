/*
 * Port sets: sorted, merged lists of ranges, and the port-spec parser shared by
 * `-p` and by profiles, so both accept and reject exactly the same text.
 */
#ifndef PP_PORTSET_H
#define PP_PORTSET_H

#include <stddef.h>
#include <stdint.h>

#define PP_PORT_MAX 65535u

struct pp_range {
	uint16_t lo, hi; /* inclusive, lo <= hi */
};

typedef struct pp_portset {
	struct pp_range *r; /* sorted, disjoint, not adjacent */
	size_t n, cap;
} pp_portset;

/* Protocols a spec can name; unprefixed ports go to the caller's default. */
enum pp_proto { PP_PROTO_TCP = 1, PP_PROTO_UDP = 2 };
/* "tcp", "udp" ("?" for another); the parse gives -1 for another. */
const char *pp_proto_name(unsigned proto);
int pp_proto_parse(const char *s);

void pp_portset_init(pp_portset *ps);
void pp_portset_free(pp_portset *ps);
void pp_portset_clear(pp_portset *ps);
int pp_portset_copy(pp_portset *dst, const pp_portset *src);
int pp_portset_add(pp_portset *ps, unsigned lo, unsigned hi);
int pp_portset_contains(const pp_portset *ps, unsigned port);
size_t pp_portset_count(const pp_portset *ps);
/* The i-th port in ascending order (i < count); 0 if out of range. */
unsigned pp_portset_nth(const pp_portset *ps, size_t i);
int pp_portset_union(pp_portset *dst, const pp_portset *src);
int pp_portset_intersect(pp_portset *dst, const pp_portset *a, const pp_portset *b);
int pp_portset_subtract(pp_portset *dst, const pp_portset *src);
int pp_portset_equal(const pp_portset *a, const pp_portset *b);
/* "22,80,1000-2000"; returns the length it needs, like snprintf. */
size_t pp_portset_format(const pp_portset *ps, char *buf, size_t len);

/*
 * Parse a list without protocol prefixes ("443,8443", "32768-61000", "-" for all).
 * On error returns PP_ESYNTAX or PP_ERANGE, *erroff is the offset of the bad part
 * in spec, and err says what is wrong, quoting the bad part.
 */
int pp_portset_parse(const char *spec, pp_portset *out, size_t *erroff, char *err, size_t errlen);

/*
 * Parse nmap's -p syntax: "22,80,T:1000-2000,U:53,161".  Ports before any prefix
 * go to every protocol in dflt (a mask of enum pp_proto).  tcp or udp may be NULL
 * only if the spec never names that protocol.
 */
int pp_portspec_parse(const char *spec, unsigned dflt, pp_portset *tcp, pp_portset *udp,
                      size_t *erroff, char *err, size_t errlen);

#endif
