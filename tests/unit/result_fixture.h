/*
 * Small results built in code, shared by the unit tests of the JSON writer and
 * reader, the reporters, diff and merge.
 */
#ifndef PP_RESULT_FIXTURE_H
#define PP_RESULT_FIXTURE_H

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
/* A plain scan of 198.18.0.2: tcp/22 open, tcp/80 open, tcp/81 filtered, udp/53 open. */
struct pp_result *fx_scan(void);
/* The JSON of r as a malloc'ed string. */
char *fx_json(const struct pp_result *r);

#endif
