/*
 * Questions asked of a loaded profile: which services a host of a role must show
 * with the deployment's features on, and which of them must be filtered from where
 * the scanner sits.  `profile ports`, `profile firewall` and the audit's plan all
 * ask through here, so they cannot disagree about what applies.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_error.h"
#include "pp_profile.h"

int
pp_service_has_role(const struct pp_service *s, const char *role)
{
	size_t i;

	if (role == NULL || s->all_roles)
		return 1;
	for (i = 0; i < s->nroles; i++)
		if (strcmp(s->roles[i].s, role) == 0)
			return 1;
	return 0;
}

static int
feature_on(const char *f, const char *const *features, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (features[i] != NULL && strcmp(features[i], f) == 0)
			return 1;
	return 0;
}

int
pp_service_when(const struct pp_service *s, const char *const *features, size_t nfeatures)
{
	size_t i;

	for (i = 0; i < s->nwhen; i++)
		if (feature_on(s->when[i].feature, features, nfeatures) == s->when[i].negate)
			return 0;
	return 1;
}

int
pp_service_reachable_from(const struct pp_service *s, const char *zone)
{
	size_t i;

	for (i = 0; i < s->nfrom; i++)
		if (strcmp(s->from[i].s, PP_ZONE_ANY) == 0 ||
		    (zone != NULL && strcmp(s->from[i].s, zone) == 0))
			return 1;
	return 0;
}

int
pp_service_restricted(const struct pp_service *s, const char *vantage)
{
	if (vantage == NULL)
		return s->nfrom == 0;
	return !pp_service_reachable_from(s, vantage);
}

int
pp_service_when_exclusive(const struct pp_service *a, const struct pp_service *b)
{
	size_t i, j;

	for (i = 0; i < a->nwhen; i++)
		for (j = 0; j < b->nwhen; j++)
			if (a->when[i].negate != b->when[j].negate &&
			    strcmp(a->when[i].feature, b->when[j].feature) == 0)
				return 1;
	return 0;
}

static unsigned
first_port(const struct pp_service *s)
{
	return s->ports.n > 0 ? s->ports.r[0].lo : 0;
}

static int
by_proto_port_id(const void *x, const void *y)
{
	const struct pp_service *a = ((const struct pp_expect *)x)->svc;
	const struct pp_service *b = ((const struct pp_expect *)y)->svc;

	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (first_port(a) != first_port(b))
		return first_port(a) < first_port(b) ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* "a, b, c" of the declared names, for an error that says what would do. */
static void
list_names(char *buf, size_t len, const struct pp_named *v, size_t n)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", v[i].name);
}

int
pp_profile_query(const pp_profile *p, const char *role, const char *const *features,
                 size_t nfeatures, const char *vantage, unsigned flags, struct pp_expect **out,
                 size_t *n, char *err, size_t errlen)
{
	struct pp_expect *v;
	char names[256];
	size_t i;

	*out = NULL;
	*n = 0;
	if (role != NULL && pp_profile_role(p, role) == NULL) {
		list_names(names, sizeof(names), p->roles, p->nroles);
		return pp__errf(err, errlen, PP_ENOENT, "%s has no role '%s' (roles: %s)", p->id,
		                role, names);
	}
	if (vantage != NULL && strcmp(vantage, PP_ZONE_ANY) != 0 &&
	    pp_profile_zone(p, vantage) == NULL) {
		list_names(names, sizeof(names), p->zones, p->nzones);
		return pp__errf(err, errlen, PP_ENOENT, "%s has no zone '%s' (zones: %s)", p->id,
		                vantage, names);
	}
	if ((v = calloc(p->nservices ? p->nservices : 1, sizeof(*v))) == NULL)
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory");
	for (i = 0; i < p->nservices; i++) {
		const struct pp_service *s = &p->services[i];
		if (!pp_service_has_role(s, role) ||
		    (!(flags & PP_QUERY_ANY_WHEN) && !pp_service_when(s, features, nfeatures)))
			continue;
		v[*n].svc = s;
		v[*n].restricted = pp_service_restricted(s, vantage);
		(*n)++;
	}
	qsort(v, *n, sizeof(*v), by_proto_port_id);
	*out = v;
	return 0;
}
