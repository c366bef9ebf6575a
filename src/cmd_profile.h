/*
 * What the files of `portproof profile` share: finding a profile by id, reporting
 * its problems as FILE:LINE:COLUMN lines, and --features (profile_open.c); the
 * subcommands each file gives.
 */
#ifndef PP_CMD_PROFILE_H
#define PP_CMD_PROFILE_H

#include "cli.h"
#include "pp_profile.h"

#define PP_MAX_FEATURES 64

/* profile_open.c.  Print each problem as "FILE:LINE:COLUMN: message" on stderr. */
void pp_profile_print_diags(const char *file, const struct pp_diags *d);

/* Load the profile named by id (or a path to a .json file); on failure the problem
 * is printed and the exit code returned. */
int pp_profile_open(const struct pp_cli *cli, const char *id, pp_profile **out);
/* Load the profile file at path (`profile lint`); the same. */
int pp_profile_open_file(const char *path, pp_profile **out);

/* Split --features into names the profile declares; exit code on error. */
int pp_profile_features(const struct pp_cli *cli, const pp_profile *p, char *buf, size_t len,
                        const char **features, size_t *n);

/* `profile list` and `profile show ID` (cmd_profile_show.c). */
int pp_profile_list(struct pp_cli *cli);
int pp_profile_show(struct pp_cli *cli, const pp_profile *p);

/* `profile firewall ID --role ROLE --format nft|iptables|ip6tables [--zone NAME=CIDR]...`
 * (cmd_firewall.c; the rules are the library's, pp_firewall.h). */
int pp_profile_firewall(struct pp_cli *cli, const pp_profile *p);

#endif
