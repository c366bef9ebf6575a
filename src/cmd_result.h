/* What the commands that write or read results share (cmd_result.c). */
#ifndef PP_CMD_RESULT_H
#define PP_CMD_RESULT_H

#include "cli.h"
#include "pp_result.h"

/* Colour only for a person: stdout a terminal, no -o, no NO_COLOR. */
int pp_cli_want_color(const struct pp_cli *cli);
/* 0 if a reporter has that name; else one line on stderr and PP_EXIT_USAGE. */
int pp_cli_check_format(const char *format);
/* The result at path ("-": stdin) into *out: 0; else the reader's one line
 * (FILE:LINE:COLUMN: what) on stderr and PP_EXIT_USAGE. */
int pp_cli_read_result(const char *path, struct pp_result **out);

#endif
