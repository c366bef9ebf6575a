/*
 * The checks that look across a profile, once every section is loaded: names used
 * but never declared (roles, zones, features, alternative members), ids given
 * twice, and one port of one role claimed with two requirements.  That last one is
 * why a profile needs "when": a port mandatory with TLS and optional without is two
 * services whose conditions exclude each other, not a contradiction.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile_int.h"

static void
set_ctx(struct pp__ld *l, const char *what, const char *id)
{
	char q[80];

	if (id != NULL)
		snprintf(l->ctx, sizeof(l->ctx), "%s '%s': ", what, pp__quote(q, sizeof(q), id));
	else
		l->ctx[0] = '\0';
}

static void
check_names(struct pp__ld *l, const struct pp_service *s)
{
	const pp_profile *p = l->p;
	char q[80];
	size_t i, j;

	if (s->id != NULL && !pp_profile_name_ok(s->id))
		pp__err_pos(l, s->id_pos, "id '%s' is not lower-case [a-z0-9-]",
		            pp__quote(q, sizeof(q), s->id));
	for (i = 0; i < s->nroles; i++)
		if (strcmp(s->roles[i].s, "*") != 0 && pp_profile_role(p, s->roles[i].s) == NULL)
			pp__err_pos(l, s->roles[i].pos, "unknown role '%s' (not in \"roles\")",
			            pp__quote(q, sizeof(q), s->roles[i].s));
	for (i = 0; i < s->nfrom; i++)
		if (pp_profile_zone(p, s->from[i].s) == NULL)
			pp__err_pos(l, s->from[i].pos, "unknown zone '%s' (not in \"zones\")",
			            pp__quote(q, sizeof(q), s->from[i].s));
	for (i = 0; i < s->nwhen; i++) {
		const struct pp_cond *c = &s->when[i];
		if (pp_profile_feature(p, c->feature) == NULL) {
			pp__err_pos(l, c->pos,
			            "unknown feature '%s' in 'when' (not in \"features\")",
			            pp__quote(q, sizeof(q), c->feature));
			continue;
		}
		for (j = 0; j < i; j++)
			if (strcmp(s->when[j].feature, c->feature) == 0 &&
			    s->when[j].negate != c->negate)
				pp__err_pos(l, c->pos,
				            "'when' never holds: it wants '%s' on and off",
				            pp__quote(q, sizeof(q), c->feature));
	}
}

struct idx {
	const char *id;
	size_t i;
};

static int
by_id(const void *a, const void *b)
{
	const struct idx *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c != 0 ? c : x->i < y->i ? -1 : x->i > y->i;
}

/* Sorted, so that a profile of many services is not compared pair by pair. */
static void
check_duplicate_ids(struct pp__ld *l)
{
	const pp_profile *p = l->p;
	struct idx *v;
	size_t i, j, n = 0;

	if ((v = pp__calloc(l, p->nservices, sizeof(*v))) == NULL)
		return;
	for (i = 0; i < p->nservices; i++)
		if (p->services[i].id != NULL) {
			v[n].id = p->services[i].id;
			v[n++].i = i;
		}
	qsort(v, n, sizeof(*v), by_id);
	for (i = 0; i < n; i = j) {
		struct pp_pos first = p->services[v[i].i].id_pos;
		for (j = i + 1; j < n && strcmp(v[i].id, v[j].id) == 0; j++) {
			set_ctx(l, "service", v[j].id);
			pp__err_pos(l, p->services[v[j].i].id_pos,
			            "duplicate service id (first at line %u, column %u)",
			            first.line, first.col);
		}
	}
	l->ctx[0] = '\0';
	free(v);
}

static void
check_alternatives(struct pp__ld *l)
{
	const pp_profile *p = l->p;
	char q[80];
	size_t i, j, k;

	for (i = 0; i < p->nalternatives; i++) {
		const struct pp_alternative *a = &p->alternatives[i];
		set_ctx(l, "alternative", a->id);
		if (a->id != NULL && !pp_profile_name_ok(a->id))
			pp__err_pos(l, a->pos, "id '%s' is not lower-case [a-z0-9-]",
			            pp__quote(q, sizeof(q), a->id));
		for (k = 0; a->id != NULL && k < i; k++)
			if (p->alternatives[k].id && strcmp(p->alternatives[k].id, a->id) == 0)
				pp__err_pos(l, a->pos, "duplicate alternative id");
		if (a->one_of != NULL && a->n < 2)
			pp__err_pos(l, a->pos, "'one_of' needs at least two services");
		for (j = 0; j < a->n; j++) {
			const char *m = a->one_of[j].s;
			if (pp_profile_service(p, m) == NULL)
				pp__err_pos(l, a->one_of[j].pos, "unknown service '%s' in 'one_of'",
				            pp__quote(q, sizeof(q), m));
			for (k = 0; k < j; k++)
				if (strcmp(a->one_of[k].s, m) == 0)
					pp__err_pos(l, a->one_of[j].pos,
					            "service '%s' is named twice",
					            pp__quote(q, sizeof(q), m));
		}
	}
	l->ctx[0] = '\0';
}

/* A role both services run on, or NULL. */
static const char *
common_role(const pp_profile *p, const struct pp_service *a, const struct pp_service *b)
{
	size_t i;

	if (a->all_roles && b->all_roles)
		return p->nroles > 0 ? p->roles[0].name : "*";
	if (a->all_roles)
		return b->nroles > 0 ? b->roles[0].s : NULL;
	for (i = 0; i < a->nroles; i++)
		if (pp_service_has_role(b, a->roles[i].s))
			return a->roles[i].s;
	return NULL;
}

static void
check_pair(struct pp__ld *l, const struct pp_service *a, const struct pp_service *b)
{
	const struct pp_service *later = a > b ? a : b; /* services are in file order */
	const struct pp_service *first = later == a ? b : a;
	const char *role;
	pp_portset both;
	char ports[48];

	if (a->requirement == b->requirement || pp_service_when_exclusive(a, b) ||
	    (role = common_role(l->p, a, b)) == NULL)
		return;
	pp_portset_init(&both);
	if (pp_portset_intersect(&both, &a->ports, &b->ports) < 0)
		l->nomem = 1;
	if (both.n > 0) {
		if (pp_portset_format(&both, ports, sizeof(ports)) >= sizeof(ports))
			strcpy(ports + sizeof(ports) - 4, "...");
		set_ctx(l, "service", later->id);
		pp__err_pos(l, later->ports_pos,
		            "%s/%s on role '%s' is %s here but %s in service '%s' (line %u)%s",
		            a->proto == PP_PROTO_TCP ? "tcp" : "udp", ports, role,
		            pp_requirement_name(later->requirement),
		            pp_requirement_name(first->requirement), first->id, first->pos.line,
		            first->nwhen || later->nwhen ? "; their 'when' can both hold" : "");
	}
	pp_portset_free(&both);
}

static int
by_port(const void *x, const void *y)
{
	const struct pp_service *a = *(const struct pp_service *const *)x;
	const struct pp_service *b = *(const struct pp_service *const *)y;

	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->ports.r[0].lo != b->ports.r[0].lo)
		return a->ports.r[0].lo < b->ports.r[0].lo ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Sort by protocol and lowest port, then compare each service only with those
 * that start before it ends. */
static void
check_conflicts(struct pp__ld *l)
{
	const pp_profile *p = l->p;
	const struct pp_service **v;
	size_t i, j, n = 0;

	if ((v = pp__calloc(l, p->nservices, sizeof(*v))) == NULL)
		return;
	for (i = 0; i < p->nservices; i++) {
		if (!l->flawed[i])
			v[n++] = &p->services[i];
	}
	qsort(v, n, sizeof(*v), by_port);
	for (i = 0; i < n && !l->nomem; i++) {
		unsigned hi = v[i]->ports.r[v[i]->ports.n - 1].hi;
		for (j = i + 1; j < n && v[j]->proto == v[i]->proto && v[j]->ports.r[0].lo <= hi;
		     j++)
			check_pair(l, v[i], v[j]);
	}
	l->ctx[0] = '\0';
	free(v);
}

void
pp__lint(struct pp__ld *l)
{
	size_t i;

	for (i = 0; i < l->p->nservices; i++) {
		size_t nerr = l->nerr;
		set_ctx(l, "service", l->p->services[i].id);
		check_names(l, &l->p->services[i]);
		if (l->nerr > nerr)
			l->flawed[i] = 1;
	}
	l->ctx[0] = '\0';
	check_duplicate_ids(l);
	check_alternatives(l);
	check_conflicts(l);
}
