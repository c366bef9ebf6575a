/*
 * The firewall writer: the allow-list a host of one role of a profile needs, as
 * nft rules or an iptables-restore file (lib/report/firewall.c).  A renderer of a
 * profile, as a reporter is of a result; `portproof profile firewall` is its
 * command line.
 */
#ifndef PP_FIREWALL_H
#define PP_FIREWALL_H

#include <stddef.h>
#include <stdio.h>

#include "pp_profile.h"

enum pp_firewall_format {
	PP_FIREWALL_NFT,
	PP_FIREWALL_IPTABLES,  /* IPv4: the IPv4 addresses of the zones */
	PP_FIREWALL_IP6TABLES, /* IPv6: the IPv6 addresses of the zones */
};

struct pp_firewall_opts {
	const char *role;            /* required */
	const char *const *features; /* the features that hold (names the profile declares) */
	size_t nfeatures;
	const char *features_arg; /* the features as given, for the header; NULL: none */
	const char *const *zones; /* "NAME=CIDR[,CIDR...]", one per --zone */
	size_t nzones;
	unsigned format; /* enum pp_firewall_format */
};

/*
 * Writes the rules to fp: each service of the role that applies accepted from its
 * zones ("any": anywhere; the others from their addresses in zones), replies and
 * loopback accepted, the rest dropped.  A zone a rule needs but zones does not
 * give is an error, not a rule left out.  Returns 0; PP_EINVAL (a zone or an
 * address that does not fit) or PP_ENOENT (a role the profile does not declare)
 * with err saying what, in the words of the command line; PP_ENOMEM.  Nothing is
 * written on error.
 */
int pp_firewall_write(FILE *fp, const pp_profile *p, const struct pp_firewall_opts *o, char *err,
                      size_t errlen);

#endif
