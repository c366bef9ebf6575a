/*
 * `portproof profile firewall ID --role ROLE --format nft|iptables|ip6tables
 * [--zone NAME=CIDR]`:
 * the options checked, then the rules from the library's writer (pp_firewall.h)
 * on stdout.
 */
#include "config.h"

#include <string.h>

#include "cmd_profile.h"
#include "pp_firewall.h"

int
pp_profile_firewall(struct pp_cli *cli, const pp_profile *p)
{
	const char *features[PP_MAX_FEATURES];
	struct pp_firewall_opts o;
	char fbuf[1024], err[512];
	int rc;

	if (cli->role == NULL) {
		pp_cli_error("profile firewall: --role is required");
		return PP_EXIT_USAGE;
	}
	memset(&o, 0, sizeof(o));
	if (cli->format == NULL || strcmp(cli->format, "nft") == 0) {
		o.format = PP_FIREWALL_NFT;
	} else if (strcmp(cli->format, "iptables") == 0) {
		o.format = PP_FIREWALL_IPTABLES;
	} else if (strcmp(cli->format, "ip6tables") == 0) {
		o.format = PP_FIREWALL_IP6TABLES;
	} else {
		pp_cli_error("--format: '%s' is not a firewall format (nft, iptables or ip6tables)",
		             cli->format);
		return PP_EXIT_USAGE;
	}
	if ((rc = pp_profile_features(cli, p, fbuf, sizeof(fbuf), features, &o.nfeatures)) !=
	    PP_EXIT_OK)
		return rc;
	o.role = cli->role;
	o.features = features;
	o.features_arg = cli->features;
	o.zones = cli->zones;
	o.nzones = cli->nzones;
	if ((rc = pp_firewall_write(stdout, p, &o, err, sizeof(err))) < 0) {
		pp_cli_error("%s", err);
		return rc == PP_ENOMEM ? PP_EXIT_NORUN : PP_EXIT_USAGE;
	}
	return PP_EXIT_OK;
}
