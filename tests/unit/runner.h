/*
 * The end of every check program's main: run the suite, free it, turn the
 * failures into the exit status.  In one place so that every unit test reads
 * CK_VERBOSITY the same way (make check sets it; CK_ENV honours it).
 */
#ifndef PP_RUNNER_H
#define PP_RUNNER_H

#include <check.h>

/* Runs s and frees it; EXIT_SUCCESS if every test passed, else EXIT_FAILURE. */
int run_suite(Suite *s);

#endif
