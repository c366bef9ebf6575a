/*
 * Loading the "services" of a profile: each one checked key by key, its ports
 * parsed by the same parser as -p (so a profile and the command line accept the
 * same text), a bad port reported at the element of the string that is wrong.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile_int.h"

static const char *const service_keys[] = {
        "id",   "proto", "ports",       "roles", "from",   "requirement", "kind",
        "when", "name",  "description", "ref",   "speaks", NULL,
};

static void
load_ports(struct pp__ld *l, const cJSON *o, struct pp_service *s)
{
	const cJSON *v = pp__member(l, o, "ports", cJSON_String, 1,
	                            "a string in -p syntax, such as \"443,8443\"");
	char err[160];
	size_t off = 0;
	int rc;

	if (v == NULL)
		return;
	s->ports_pos = pp__jdoc_at(l->doc, v);
	rc = pp_portset_parse(v->valuestring, &s->ports, &off, err, sizeof(err));
	if (rc == PP_ENOMEM)
		l->nomem = 1;
	else if (rc < 0)
		pp__err_pos(l, pp__jdoc_in_string(l->doc, v, off), "%s", err);
	if (rc < 0)
		pp_portset_clear(&s->ports);
}

static void
load_roles(struct pp__ld *l, const cJSON *o, struct pp_service *s)
{
	size_t i;

	if (pp__names(l, o, "roles", &s->roles, &s->nroles) < 0)
		return;
	if (s->nroles == 0) {
		pp__err_at(l, cJSON_GetObjectItemCaseSensitive(o, "roles"),
		           "'roles' is empty: name the roles, or \"*\" for every role");
		return;
	}
	for (i = 0; i < s->nroles; i++) {
		if (strcmp(s->roles[i].s, "*") != 0)
			continue;
		if (s->nroles > 1) {
			pp__err_pos(l, s->roles[i].pos,
			            "\"*\" (every role) must be alone in 'roles'");
			continue;
		}
		s->all_roles = 1;
		free(s->roles[0].s);
		free(s->roles);
		s->roles = NULL;
		s->nroles = 0;
		return;
	}
}

static int
add_cond(struct pp__ld *l, struct pp_service *s, const cJSON *v)
{
	struct pp_cond *c = &s->when[s->nwhen];
	const char *f = v->valuestring;

	c->pos = pp__jdoc_at(l->doc, v);
	if ((c->negate = f[0] == '!'))
		f++;
	if (f[0] == '\0') {
		pp__err_pos(l, c->pos, "'when' names no feature");
		return 0;
	}
	if ((c->feature = pp__strdup(l, f)) == NULL)
		return -1;
	s->nwhen++;
	return 0;
}

/* "when": "feature", "!feature", or an array of these that must all hold. */
static void
load_when(struct pp__ld *l, const cJSON *o, struct pp_service *s)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "when"), *c;
	size_t n;

	if (v == NULL)
		return;
	if (cJSON_IsString(v)) {
		if ((s->when = pp__calloc(l, 1, sizeof(*s->when))) != NULL)
			add_cond(l, s, v);
		return;
	}
	if (!cJSON_IsArray(v)) {
		pp__err_at(l, v, "'when' must be a string or an array of strings");
		return;
	}
	if ((n = (size_t)cJSON_GetArraySize(v)) == 0) {
		pp__err_at(l, v, "'when' is empty (leave it out for \"always\")");
		return;
	}
	for (c = v->child; c != NULL; c = c->next) {
		if (!cJSON_IsString(c)) {
			pp__err_at(l, c, "'when' must be a string or an array of strings");
			return;
		}
	}
	if ((s->when = pp__calloc(l, n, sizeof(*s->when))) == NULL)
		return;
	for (c = v->child; c != NULL; c = c->next)
		if (add_cond(l, s, c) < 0)
			return;
}

/* A member that must be one of a few words; returns its index or 0. */
static unsigned
load_word(struct pp__ld *l, const cJSON *o, const char *key, int (*parse)(const char *),
          const char *words, struct pp_pos *pos)
{
	const cJSON *v = pp__member(l, o, key, cJSON_String, 1, "a string");
	int k;

	if (v == NULL)
		return 0;
	if (pos != NULL)
		*pos = pp__jdoc_at(l->doc, v);
	if ((k = parse(v->valuestring)) <= 0) {
		char q[80];
		pp__err_at(l, v, "'%s' is '%s'; it must be %s", key,
		           pp__quote(q, sizeof(q), v->valuestring), words);
		return 0;
	}
	return (unsigned)k;
}

/* "speaks": what the listener check asks a TCP service (portproof-profile(5)). */
static void
load_speaks(struct pp__ld *l, const cJSON *o, struct pp_service *s)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "speaks");
	char q[80];

	if (v == NULL || (s->speaks = pp__string(l, o, "speaks", 0)) == NULL)
		return;
	if (!pp_speaks_known(s->speaks)) {
		pp__err_at(l, v, "'speaks' is '%s'; it must be one of %s",
		           pp__quote(q, sizeof(q), s->speaks), PP_SPEAKS_WORDS);
		free(s->speaks);
		s->speaks = NULL;
	} else if (s->proto == PP_PROTO_UDP) {
		pp__err_at(l, v, "'speaks' names what a TCP listener says; this service is udp");
	}
}

static int
proto_parse(const char *s)
{
	return strcmp(s, "tcp") == 0 ? PP_PROTO_TCP : strcmp(s, "udp") == 0 ? PP_PROTO_UDP : -1;
}

static void
load_one(struct pp__ld *l, const cJSON *o, struct pp_service *s)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");

	pp__check_keys(l, o, service_keys);
	if ((s->id = pp__string(l, o, "id", 1)) != NULL)
		s->id_pos = pp__jdoc_at(l->doc, id);
	s->proto = load_word(l, o, "proto", proto_parse,
	                     "tcp or udp (a row for both is two services)", NULL);
	load_ports(l, o, s);
	load_roles(l, o, s);
	pp__names(l, o, "from", &s->from, &s->nfrom);
	s->requirement = load_word(l, o, "requirement", pp_requirement_parse,
	                           "mandatory, recommended or optional", &s->requirement_pos);
	s->kind = load_word(l, o, "kind", pp_kind_parse, "listen or dynamic", NULL);
	load_when(l, o, s);
	s->name = pp__string(l, o, "name", 0);
	load_speaks(l, o, s);
	s->description = pp__string(l, o, "description", 0);
	s->ref = pp__string(l, o, "ref", 1);
}

void
pp__load_services(struct pp__ld *l, const cJSON *arr)
{
	pp_profile *p = l->p;
	const cJSON *c, *id;
	char q[80];
	size_t i = 0, nerr;

	p->services = pp__calloc(l, (size_t)cJSON_GetArraySize(arr), sizeof(*p->services));
	l->flawed = pp__calloc(l, (size_t)cJSON_GetArraySize(arr), 1);
	if (p->services == NULL || l->flawed == NULL)
		return;
	for (c = arr->child; c != NULL && !l->nomem; c = c->next, i++) {
		struct pp_service *s = &p->services[p->nservices];
		if (!cJSON_IsObject(c)) {
			pp__err_at(l, c, "services[%zu] must be an object", i);
			continue;
		}
		pp_portset_init(&s->ports);
		s->pos = pp__jdoc_at(l->doc, c);
		id = cJSON_GetObjectItemCaseSensitive(c, "id");
		if (cJSON_IsString(id) && id->valuestring[0] != '\0')
			snprintf(l->ctx, sizeof(l->ctx),
			         "service '%s': ", pp__quote(q, sizeof(q), id->valuestring));
		else
			snprintf(l->ctx, sizeof(l->ctx), "services[%zu]: ", i);
		p->nservices++;
		nerr = l->nerr;
		load_one(l, c, s);
		l->flawed[p->nservices - 1] = l->nerr > nerr;
		l->ctx[0] = '\0';
	}
}
