/*
 * Helpers shared inside libportproof by the result writer, the reader, the
 * reporters, diff and merge.  Not installed, not part of the API.
 */
#ifndef PP_RESULT_INT_H
#define PP_RESULT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "base/addr.h"

struct pp_result;
struct pp_host_result;

/* The length of the valid UTF-8 sequence at s (1..4), or 0 if it is not one
 * (overlong, a surrogate, past U+10FFFF, cut short by a NUL). */
size_t pp__utf8_len(const unsigned char *s);
/* A JSON string (escaped; bytes that are not UTF-8 become U+FFFD), or null. */
void pp__json_str(FILE *fp, const char *s);
/* A JSON string holding t in RFC 3339 UTC: "2026-01-02T03:04:05Z". */
void pp__json_time(FILE *fp, time_t t);
/*
 * For a builder that knows addr is not in r yet (the engine: one host per
 * target): add it without the index's lookup, then index once with
 * pp__result_index (PP_ENOMEM), or pp_result_find_host is a linear search.
 */
struct pp_host_result *pp__result_append_host(struct pp_result *r, const struct pp_addr *addr);
int pp__result_index(struct pp_result *r);
/* "tcp/8440" into buf. */
const char *pp__port_str(unsigned proto, unsigned port, char *buf, size_t len);

#endif
