/* What the commands that read results (report, diff, merge) share. */
#ifndef PP_CMD_RESULT_H
#define PP_CMD_RESULT_H

#include "cli.h"

/* Colour only for a person: stdout a terminal, no -o, no NO_COLOR. */
int pp_cli_want_color(const struct pp_cli *cli);

#endif
