/*
 * Small results built in code, shared by the unit tests of the JSON writer and
 * reader, the reporters, diff and merge, and the ways those tests render them.
 */
#ifndef PP_RESULT_FIXTURE_H
#define PP_RESULT_FIXTURE_H

#include <stddef.h>

#include "pp_diff.h"
#include "pp_report.h"
#include "pp_result.h"

/* A port with strings copied; any string may be NULL. */
struct pp_port_result *fx_port(struct pp_host_result *h, unsigned proto, unsigned port,
                               unsigned state, unsigned reason, unsigned verdict, unsigned sev,
                               unsigned req, const char *service, const char *ref,
                               const char *detail);
/*
 * An audit of two MediaSense hosts: 198.18.1.10 ms-primary (tcp/22 pass, tcp/8440
 * blocked, tcp/9999 unexpected, udp/161 inconclusive) and 198.18.1.12 ms-expansion
 * (tcp/22 pass, tcp/5060 missing, tcp/8443 exposed).  Sorted, scored.
 */
struct pp_result *fx_audit(void);
/*
 * fx_audit seen from two zones and joined by merge: from "any" as fx_audit, from
 * "cluster" the same but tcp/8443 of ms-expansion open and pass (a cluster-only
 * port).  With only_any, the "any" result alone joined: "cluster" unverified.
 */
struct pp_result *fx_zones(int only_any);
/* A plain scan of 198.18.0.2: tcp/22 open, tcp/80 open, tcp/81 filtered, udp/53 open. */
struct pp_result *fx_scan(void);
/*
 * The JSON of r, r in a report format, d in a diff format: a malloc'ed string; the
 * test fails, naming the error, where it cannot be written.
 */
char *fx_json(const struct pp_result *r);
char *fx_render(const char *format, const struct pp_result *r, const struct pp_report_opts *o);
char *fx_render_diff(const char *format, const struct pp_diff *d);
/* How many times what stands in s, not overlapping. */
size_t fx_count(const char *s, const char *what);

#endif
