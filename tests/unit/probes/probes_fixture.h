/*
 * Shared by the probe unit tests: the test cookie and addresses that pp-udpprobe
 * used when it captured the replies in tests/unit/data/probes/ (see
 * tests/lab/capture-replies.sh), and the loader for those files.
 */
#ifndef PROBES_FIXTURE_H
#define PROBES_FIXTURE_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

#include "pp_probe.h"

#define PP_TEST_COOKIE 0x5050726f6f663031ull /* "PProof01", as pp-udpprobe */
#define PP_TEST_SRC    0xc6120001u           /* 198.18.0.1, the jump namespace */
#define PP_TEST_DST    0xc6120002u           /* 198.18.0.2, the target */
#define PP_TEST_SPORT  40000

/* The context pp-udpprobe had for a probe to PP_TEST_DST:dport. */
struct pp_probe_ctx probes_ctx(unsigned dport);
/* A file of tests/unit/data/probes/, malloc'd; the test fails if it is missing. */
uint8_t *probes_load(const char *name, size_t *len);

TCase *probes_replies_tcase(void);

#endif
