/*
 * `portproof profile`: lint, ports and the dispatch to list, show (cmd_profile_show.c)
 * and firewall (cmd_firewall.c).  Profiles are found by id in the profile
 * directories (DIR/ID.json, profile_open.c); every problem of a profile is one
 * FILE:LINE:COLUMN line on stderr and exit 2.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cmd_profile.h"

static int
cmd_lint(int argc, char **argv, const struct pp_cli *cli)
{
	pp_profile *p;
	int i, rc = PP_EXIT_OK;

	if (argc < 1) {
		pp_cli_error("profile lint: expected FILE...");
		return PP_EXIT_USAGE;
	}
	for (i = 0; i < argc; i++) {
		if (pp_profile_open_file(argv[i], &p) != PP_EXIT_OK)
			rc = PP_EXIT_USAGE;
		else if (cli->verbose)
			printf("%s: ok\n", argv[i]);
		pp_profile_free(p);
	}
	return rc;
}

static void
print_from(FILE *fp, const struct pp_service *s)
{
	size_t i;

	fputs("from=", fp);
	if (s->nfrom == 0)
		fputc('-', fp); /* no zone may reach it */
	for (i = 0; i < s->nfrom; i++)
		fprintf(fp, "%s%s", i ? "," : "", s->from[i].s);
}

/* The lines of `ports` as a JSON array, one object a line. */
static int
ports_json(const struct pp_expect *v, size_t n, int vantage)
{
	cJSON *o, *from;
	char ports[1024], *text;
	size_t i, k;

	fputs("[", stdout);
	for (i = 0; i < n; i++) {
		const struct pp_service *s = v[i].svc;
		pp_portset_format(&s->ports, ports, sizeof(ports));
		if ((o = cJSON_CreateObject()) == NULL)
			goto nomem;
		cJSON_AddStringToObject(o, "proto", pp_proto_name(s->proto));
		cJSON_AddStringToObject(o, "ports", ports);
		cJSON_AddStringToObject(o, "requirement", pp_requirement_name(s->requirement));
		cJSON_AddStringToObject(o, "kind", pp_kind_name(s->kind));
		cJSON_AddStringToObject(o, "service", s->id);
		from = cJSON_AddArrayToObject(o, "from");
		for (k = 0; from != NULL && k < s->nfrom; k++)
			cJSON_AddItemToArray(from, cJSON_CreateString(s->from[k].s));
		if (vantage)
			cJSON_AddBoolToObject(o, "restricted", v[i].restricted);
		text = cJSON_PrintUnformatted(o);
		cJSON_Delete(o);
		if (text == NULL)
			goto nomem;
		printf("%s\n  %s", i ? "," : "", text);
		free(text);
	}
	fputs(n ? "\n]\n" : "]\n", stdout);
	return PP_EXIT_OK;
nomem:
	pp_cli_error("out of memory");
	return PP_EXIT_NORUN;
}

/* One line per service: PROTO/PORTS REQUIREMENT KIND SERVICE-ID from=ZONE[,ZONE...],
 * and " restricted" when --vantage says it must be filtered from there. */
static int
cmd_ports(struct pp_cli *cli, const pp_profile *p)
{
	const char *features[PP_MAX_FEATURES];
	struct pp_expect *v;
	char fbuf[1024], ports[1024], err[512];
	size_t nf, n, i;
	int json, rc;

	json = cli->format != NULL && strcmp(cli->format, "json") == 0;
	if (cli->format != NULL && !json && strcmp(cli->format, "text") != 0) {
		pp_cli_error("--format: '%s' is not a format of profile ports (text or json)",
		             cli->format);
		return PP_EXIT_USAGE;
	}
	if ((rc = pp_profile_features(cli, p, fbuf, sizeof(fbuf), features, &nf)) != PP_EXIT_OK)
		return rc;
	if (pp_profile_query(p, cli->role, features, nf, cli->vantage, 0, &v, &n, err,
	                     sizeof(err)) < 0) {
		pp_cli_error("%s", err);
		return PP_EXIT_USAGE;
	}
	if (json) {
		rc = ports_json(v, n, cli->vantage != NULL);
	} else {
		for (i = 0; i < n; i++) {
			const struct pp_service *s = v[i].svc;
			pp_portset_format(&s->ports, ports, sizeof(ports));
			printf("%s/%s %s %s %s ", pp_proto_name(s->proto), ports,
			       pp_requirement_name(s->requirement), pp_kind_name(s->kind), s->id);
			print_from(stdout, s);
			fputs(cli->vantage != NULL && v[i].restricted ? " restricted\n" : "\n",
			      stdout);
		}
	}
	free(v);
	return rc;
}

int
pp_cmd_profile(struct pp_cli *cli, int argc, char **argv)
{
	const char *sub = argc > 0 ? argv[0] : NULL;
	pp_profile *p = NULL;
	int rc;

	if (sub == NULL) {
		pp_cli_error("profile: expected list, show, lint, ports or firewall (see --help)");
		return PP_EXIT_USAGE;
	}
	if (strcmp(sub, "lint") == 0)
		return cmd_lint(argc - 1, argv + 1, cli);
	if (strcmp(sub, "list") == 0) {
		if (argc > 1) {
			pp_cli_error("profile list: unexpected '%s'", argv[1]);
			return PP_EXIT_USAGE;
		}
		return pp_profile_list(cli);
	}
	if (strcmp(sub, "show") != 0 && strcmp(sub, "ports") != 0 && strcmp(sub, "firewall") != 0) {
		pp_cli_error("profile %s: unknown command (list, show, lint, ports, firewall)",
		             sub);
		return PP_EXIT_USAGE;
	}
	if (argc != 2) {
		pp_cli_error("profile %s: expected one profile ID", sub);
		return PP_EXIT_USAGE;
	}
	if ((rc = pp_profile_open(cli, argv[1], &p)) != PP_EXIT_OK)
		return rc;
	if (strcmp(sub, "show") == 0)
		rc = pp_profile_show(cli, p);
	else if (strcmp(sub, "ports") == 0)
		rc = cmd_ports(cli, p);
	else
		rc = pp_profile_firewall(cli, p);
	pp_profile_free(p);
	fflush(stdout);
	if (ferror(stdout)) {
		pp_cli_error("writing the output failed");
		rc = PP_EXIT_NORUN;
	}
	return rc;
}
