/* libportproof: one header for the programs and tests that use the library. */
#ifndef PORTPROOF_H
#define PORTPROOF_H

#include "pp_error.h"
#include "pp_portset.h"

/* The library's version, "0.1.0". */
const char *pp_version(void);

#endif
