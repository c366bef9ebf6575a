/*
 * The deployment loader (portproof-deployment/1).  It reads the file with the
 * profile loader's position-keeping JSON (jsonpos.c) and its checked accessors
 * (profile_json.c), so a deployment and a profile report problems the same way:
 * FILE:LINE:COLUMN, every problem rather than the first.  Each host's profile is
 * loaded once, by id, from the directories the caller gives; the role, the vantage
 * zones and the features are then checked against the profiles actually used.
 * "vantages" lists every zone the deployment is audited from (one run per zone,
 * joined by `merge`); the older single "vantage" still works alone, and beside
 * "vantages" names the zone a run sits in unless `audit --vantage` says.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_deploy.h"
#include "profile_int.h"
#include "base/addr.h"

/* A host's address or name seen so far, for duplicates. */
struct seen {
	struct pp_addr a;
	const cJSON *v; /* the first host's "address"; NULL: a free slot */
};
struct seen_name {
	const char *s; /* the host's name (owned by the deployment) */
	const cJSON *v;
};

struct dl {
	struct pp__ld l; /* the profile loader's state: positions, diags, counts */
	pp_deploy *d;
	const char *const *dirs;
	size_t ndirs;
	size_t unresolved; /* hosts whose profile was not found or did not load */
	/* The hosts' addresses and names so far: open addressing, seencap slots, a
	 * power of two at least twice the hosts (a 65k-host file must not compare
	 * n^2 pairs). */
	struct seen *seen;
	struct seen_name *names;
	size_t seencap;
};

static const char *const top_keys[] = {"schema",   "name",  "vantage", "vantages",
                                       "features", "hosts", NULL};
static const char *const zone_keys[] = {"zone", "description", NULL};
static const char *const host_keys[] = {"name", "address", "profile", "role", "description", NULL};

void
pp_deploy_free(pp_deploy *d)
{
	size_t i;

	if (d == NULL)
		return;
	free(d->path);
	free(d->name);
	free(d->vantage);
	for (i = 0; i < d->nvantages; i++) {
		free(d->vantages[i].zone);
		free(d->vantages[i].description);
	}
	free(d->vantages);
	for (i = 0; i < d->nfeatures; i++)
		free(d->features[i]);
	free(d->features);
	for (i = 0; i < d->nhosts; i++) {
		free(d->hosts[i].name);
		free(d->hosts[i].address);
		free(d->hosts[i].profile_id);
		free(d->hosts[i].role);
	}
	free(d->hosts);
	pp_profiles_free(d->profiles, d->nprofiles);
	free(d);
}

int
pp_deploy_feature_on(const pp_deploy *d, const char *feature)
{
	size_t i;

	for (i = 0; i < d->nfeatures; i++)
		if (strcmp(d->features[i], feature) == 0)
			return 1;
	return 0;
}

/* "a, b, c" of declared names, for messages that say what would do. */
static const char *
names(char *buf, size_t len, const struct pp_named *v, size_t n)
{
	size_t i, used = 0;

	snprintf(buf, len, "none");
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", v[i].name);
	return buf;
}

/* The profile called id, loaded once per deployment; NULL (and a problem at node)
 * when it is not found or does not load. */
static const pp_profile *
profile(struct dl *x, const cJSON *node, const char *id)
{
	pp_deploy *d = x->d;
	struct pp_diags pd;
	pp_profile *p, **v;
	char path[4096], q[80];
	size_t i;
	int rc;

	for (i = 0; i < d->nprofiles; i++)
		if (strcmp(d->profiles[i]->id, id) == 0)
			return d->profiles[i];
	rc = pp_profile_locate(x->dirs, x->ndirs, id, path, sizeof(path));
	if (rc == PP_EINVAL) {
		pp__err_at(&x->l, node, "'%s' is not a profile id (lower-case [a-z0-9-])",
		           pp__quote(q, sizeof(q), id));
		return NULL;
	}
	if (rc < 0) {
		pp__err_at(&x->l, node, "unknown profile '%s' (no %s.json in %s%s)",
		           pp__quote(q, sizeof(q), id), id, x->ndirs ? x->dirs[0] : "no directory",
		           x->ndirs > 1 ? " or the other profile directories" : "");
		return NULL;
	}
	pp_diags_init(&pd);
	rc = pp_profile_load(path, &p, &pd);
	if (rc == PP_ENOMEM) {
		x->l.nomem = 1;
	} else if (rc < 0) {
		pp__err_at(&x->l, node, "profile '%s' does not load: %s:%u:%u: %s", id, path,
		           pd.n ? pd.v[0].pos.line : 0, pd.n ? pd.v[0].pos.col : 0,
		           pd.n ? pd.v[0].msg : pp_strerror(rc));
	} else if (strcmp(p->id, id) != 0) {
		pp__err_at(&x->l, node, "profile '%s': %s has id '%s'", id, path, p->id);
		pp_profile_free(p);
		rc = PP_ESCHEMA;
	}
	pp_diags_free(&pd);
	if (rc < 0)
		return NULL;
	if ((v = realloc(d->profiles, (d->nprofiles + 1) * sizeof(*v))) == NULL) {
		pp_profile_free(p);
		x->l.nomem = 1;
		return NULL;
	}
	d->profiles = v;
	d->profiles[d->nprofiles++] = p;
	return p;
}

/* The "name" of the first host called name, or NULL when it is new (and then v
 * is recorded as its first). */
static const cJSON *
seen_name(struct dl *x, const char *name, const cJSON *v)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	const char *p;
	size_t i;

	if (x->names == NULL)
		return NULL;
	for (p = name; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (i = h & (x->seencap - 1); x->names[i].v != NULL; i = (i + 1) & (x->seencap - 1))
		if (strcmp(x->names[i].s, name) == 0)
			return x->names[i].v;
	x->names[i].s = name;
	x->names[i].v = v;
	return NULL;
}

/* The "address" of the first host with address a, or NULL when a is new (and
 * then v is recorded as its first).  Compares addresses, not text: IPv6 has many
 * spellings of one address. */
static const cJSON *
seen_addr(struct dl *x, const struct pp_addr *a, const cJSON *v)
{
	size_t i;

	if (x->seen == NULL)
		return NULL; /* out of memory: reported already */
	for (i = pp_addr_hash(a) & (x->seencap - 1); x->seen[i].v != NULL;
	     i = (i + 1) & (x->seencap - 1))
		if (pp_addr_eq(&x->seen[i].a, a))
			return x->seen[i].v;
	x->seen[i].a = *a;
	x->seen[i].v = v;
	return NULL;
}

/* Why a is not an address a host can have, or NULL when it is one. */
static const char *
not_unicast(const struct pp_addr *a)
{
	static const uint8_t zero[16];
	uint32_t v4 = pp_addr_v4(a);

	if (pp_addr_is_v4(a))
		return v4 >> 24 == 0 || v4 >> 28 >= 14 ? "not a unicast host address" : NULL;
	if (memcmp(a->b, zero, 16) == 0 || a->b[0] == 0xff)
		return "not a unicast host address";
	if (a->b[0] == 0xfe && (a->b[1] & 0xc0) == 0x80)
		return "a link-local address needs an interface; give a global one";
	if (memcmp(a->b, zero, 10) == 0 && a->b[10] == 0xff && a->b[11] == 0xff)
		return "an IPv4-mapped address: give the IPv4 one";
	return NULL;
}

static void
one_host(struct dl *x, const cJSON *o, struct pp_deploy_host *h)
{
	const cJSON *v, *first;
	struct pp_pos fp;
	char q[80], buf[256];
	struct pp_addr a;
	const char *why;
	int rc;

	memset(&a, 0, sizeof(a));
	pp__check_keys(&x->l, o, host_keys);
	h->pos = pp__jdoc_at(x->l.doc, o);
	pp__member(&x->l, o, "description", cJSON_String, 0, "a string");
	if ((h->name = pp__string(&x->l, o, "name", 1)) != NULL &&
	    (first = seen_name(x, h->name, cJSON_GetObjectItemCaseSensitive(o, "name"))) != NULL) {
		fp = pp__jdoc_at(x->l.doc, first);
		pp__err_at(&x->l, cJSON_GetObjectItemCaseSensitive(o, "name"),
		           "duplicate host name '%s' (first at line %u, column %u)",
		           pp__quote(q, sizeof(q), h->name), fp.line, fp.col);
	}
	if ((h->address = pp__string(&x->l, o, "address", 1)) != NULL) {
		v = cJSON_GetObjectItemCaseSensitive(o, "address");
		if ((rc = pp_addr_parse(h->address, &a)) < 0) {
			pp__err_at(
			        &x->l, v,
			        rc == PP_ENOTSUP
			                ? "bad address '%s': a scoped address needs an interface; "
			                  "give a global one"
			                : "bad address '%s': an IPv4 address such as 198.18.1.10 "
			                  "or an IPv6 one such as 2001:2::10",
			        pp__quote(q, sizeof(q), h->address));
		} else if ((why = not_unicast(&a)) != NULL) {
			pp__err_at(&x->l, v, "bad address '%s': %s", h->address, why);
		} else if ((first = seen_addr(x, &a, v)) != NULL) {
			fp = pp__jdoc_at(x->l.doc, first);
			pp__err_at(&x->l, v, "duplicate address %s (first at line %u, column %u)",
			           h->address, fp.line, fp.col);
		}
		h->addr = a;
	}
	h->profile_id = pp__string(&x->l, o, "profile", 1);
	h->role = pp__string(&x->l, o, "role", 1);
	if (h->profile_id == NULL)
		return;
	h->profile = profile(x, cJSON_GetObjectItemCaseSensitive(o, "profile"), h->profile_id);
	x->unresolved += h->profile == NULL;
	if (h->profile != NULL && h->role != NULL && pp_profile_role(h->profile, h->role) == NULL)
		pp__err_at(&x->l, cJSON_GetObjectItemCaseSensitive(o, "role"),
		           "unknown role '%s' of profile %s (roles: %s)",
		           pp__quote(q, sizeof(q), h->role), h->profile_id,
		           names(buf, sizeof(buf), h->profile->roles, h->profile->nroles));
}

static void
load_hosts(struct dl *x, const cJSON *root)
{
	const cJSON *v = pp__member(&x->l, root, "hosts", cJSON_Array, 1, "an array of hosts");
	const cJSON *c;
	pp_deploy *d = x->d;

	if (v == NULL)
		return;
	if (v->child == NULL) {
		pp__err_at(&x->l, v, "'hosts' is empty: a deployment has at least one host");
		return;
	}
	if ((d->hosts = pp__calloc(&x->l, (size_t)cJSON_GetArraySize(v), sizeof(*d->hosts))) ==
	    NULL)
		return;
	for (x->seencap = 16; x->seencap < 2 * (size_t)cJSON_GetArraySize(v);)
		x->seencap *= 2;
	if ((x->seen = pp__calloc(&x->l, x->seencap, sizeof(*x->seen))) == NULL ||
	    (x->names = pp__calloc(&x->l, x->seencap, sizeof(*x->names))) == NULL) {
		free(x->seen);
		x->seen = NULL;
		return;
	}
	for (c = v->child; c != NULL && !x->l.nomem; c = c->next) {
		if (!cJSON_IsObject(c)) {
			pp__err_at(&x->l, c, "each of 'hosts' must be an object");
			continue;
		}
		one_host(x, c, &d->hosts[d->nhosts++]);
	}
	free(x->seen);
	free(x->names);
	x->seen = NULL;
	x->names = NULL;
}

/* "features": names, each declared by at least one profile used. */
static void
load_features(struct dl *x, const cJSON *root)
{
	const cJSON *v =
	        pp__member(&x->l, root, "features", cJSON_Array, 0, "an array of feature names");
	const cJSON *c, *e;
	pp_deploy *d = x->d;
	char q[80];
	size_t i;

	if (v == NULL || (d->features = pp__calloc(&x->l, (size_t)cJSON_GetArraySize(v),
	                                           sizeof(*d->features))) == NULL)
		return;
	for (c = v->child; c != NULL; c = c->next) {
		if (!cJSON_IsString(c) || !pp_profile_name_ok(c->valuestring)) {
			pp__err_at(&x->l, c, "a feature is a name in lower-case [a-z0-9-]");
			continue;
		}
		/* Earlier entries may be non-strings, already reported. */
		for (e = v->child;
		     e != c && !(cJSON_IsString(e) && strcmp(e->valuestring, c->valuestring) == 0);
		     e = e->next)
			;
		if (e != c) {
			pp__err_at(&x->l, c, "feature '%s' is listed twice", c->valuestring);
			continue;
		}
		for (i = 0; i < d->nprofiles; i++)
			if (pp_profile_feature(d->profiles[i], c->valuestring) != NULL)
				break;
		/* With a profile missing, its features are unknown: say nothing. */
		if (i == d->nprofiles && x->unresolved == 0)
			pp__err_at(
			        &x->l, c,
			        "unknown feature '%s': no profile of this deployment declares it",
			        pp__quote(q, sizeof(q), c->valuestring));
		if ((d->features[d->nfeatures] = pp__strdup(&x->l, c->valuestring)) != NULL)
			d->nfeatures++;
	}
}

/* A vantage zone must mean something to every profile: "any", or declared. */
static void
check_zone(struct dl *x, const cJSON *node, const char *zone)
{
	pp_deploy *d = x->d;
	char q[80], buf[256];
	size_t i;

	if (strcmp(zone, PP_ZONE_ANY) == 0)
		return;
	for (i = 0; i < d->nprofiles; i++)
		if (pp_profile_zone(d->profiles[i], zone) == NULL)
			pp__err_at(&x->l, node,
			           "unknown vantage zone '%s' for profile %s (zones: %s)",
			           pp__quote(q, sizeof(q), zone), d->profiles[i]->id,
			           names(buf, sizeof(buf), d->profiles[i]->zones,
			                 d->profiles[i]->nzones));
}

/* One of "vantages": "zone" or {"zone": "zone", "description": "..."}. */
static void
one_zone(struct dl *x, const cJSON *list, const cJSON *c)
{
	struct pp_deploy_zone *z = &x->d->vantages[x->d->nvantages];
	const cJSON *name = c, *e, *n;
	struct pp_pos fp;
	char q[80];

	if (cJSON_IsObject(c)) {
		pp__check_keys(&x->l, c, zone_keys);
		pp__member(&x->l, c, "description", cJSON_String, 0, "a string");
		if ((name = pp__member(&x->l, c, "zone", cJSON_String, 1, "a zone name")) == NULL)
			return;
	} else if (!cJSON_IsString(c)) {
		pp__err_at(&x->l, c, "each of 'vantages' is a zone name or {\"zone\": ...}");
		return;
	}
	if (!pp_profile_name_ok(name->valuestring)) {
		pp__err_at(&x->l, name, "vantage '%s' is not a zone name (lower-case [a-z0-9-])",
		           pp__quote(q, sizeof(q), name->valuestring));
		return;
	}
	/* Earlier entries may be of any type, already reported. */
	for (e = list->child; e != c; e = e->next) {
		n = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "zone") : e;
		if (cJSON_IsString(n) && strcmp(n->valuestring, name->valuestring) == 0)
			break;
	}
	if (e != c) {
		fp = pp__jdoc_at(x->l.doc, e);
		pp__err_at(&x->l, name,
		           "vantage '%s' is listed twice (first at line %u, column %u)",
		           name->valuestring, fp.line, fp.col);
		return;
	}
	check_zone(x, name, name->valuestring);
	if ((z->zone = pp__strdup(&x->l, name->valuestring)) == NULL)
		return;
	x->d->nvantages++;
	if (cJSON_IsObject(c) &&
	    cJSON_IsString(n = cJSON_GetObjectItemCaseSensitive(c, "description")))
		z->description = pp__strdup(&x->l, n->valuestring);
}

/*
 * "vantages" and "vantage": at least one of them; "vantage" beside "vantages" is
 * one of them.  Either way the model has the list and, when there is only one
 * zone or "vantage" names it, the zone of this run.
 */
static void
load_vantages(struct dl *x, const cJSON *root)
{
	const cJSON *one = cJSON_GetObjectItemCaseSensitive(root, "vantage");
	const cJSON *v =
	        pp__member(&x->l, root, "vantages", cJSON_Array, 0, "an array of zone names");
	const cJSON *c;
	pp_deploy *d = x->d;
	size_t i;

	if (d->vantage != NULL)
		check_zone(x, one, d->vantage);
	if (v == NULL) {
		if (one == NULL && cJSON_GetObjectItemCaseSensitive(root, "vantages") == NULL)
			pp__err_at(&x->l, root,
			           "missing key 'vantage' (or 'vantages'): the zone the scan "
			           "runs from");
		if (d->vantage == NULL ||
		    (d->vantages = pp__calloc(&x->l, 1, sizeof(*d->vantages))) == NULL ||
		    (d->vantages[0].zone = pp__strdup(&x->l, d->vantage)) == NULL)
			return;
		d->nvantages = 1;
		return;
	}
	if (v->child == NULL) {
		pp__err_at(&x->l, v,
		           "'vantages' is empty: list the zones the deployment is "
		           "audited from");
		return;
	}
	if ((d->vantages = pp__calloc(&x->l, (size_t)cJSON_GetArraySize(v),
	                              sizeof(*d->vantages))) == NULL)
		return;
	for (c = v->child; c != NULL && !x->l.nomem; c = c->next)
		one_zone(x, v, c);
	if (d->vantage != NULL) {
		for (i = 0; i < d->nvantages && strcmp(d->vantages[i].zone, d->vantage) != 0; i++)
			;
		if (i == d->nvantages && cJSON_IsString(one))
			pp__err_at(&x->l, one, "vantage '%s' is not one of 'vantages'", d->vantage);
	} else if (d->nvantages == 1 && one == NULL) {
		d->vantage = pp__strdup(&x->l, d->vantages[0].zone);
	}
}

int
pp_deploy_set_vantage(pp_deploy *d, const char *zone, char *err, size_t errlen)
{
	char list[256];
	size_t i, used = 0;
	char *s;

	list[0] = '\0';
	for (i = 0; i < d->nvantages; i++) {
		if (strcmp(d->vantages[i].zone, zone) == 0) {
			if ((s = strdup(zone)) == NULL)
				return pp__errf(err, errlen, PP_ENOMEM, "out of memory");
			free(d->vantage);
			d->vantage = s;
			return 0;
		}
		if (used < sizeof(list))
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
			                         i ? ", " : "", d->vantages[i].zone);
	}
	return pp__errf(err, errlen, PP_ENOENT,
	                "zone '%.64s' is not a vantage of deployment %s (it lists: %s)", zone,
	                d->name != NULL ? d->name : "?", list);
}

static void
load_top(struct dl *x, const cJSON *root)
{
	pp_deploy *d = x->d;
	const cJSON *v;
	char q[80];

	pp__check_keys(&x->l, root, top_keys);
	if ((v = pp__member(&x->l, root, "schema", cJSON_String, 1, "a string")) != NULL &&
	    strcmp(v->valuestring, PP_DEPLOY_SCHEMA) != 0)
		pp__err_at(&x->l, v, "schema '%s' is not %s",
		           pp__quote(q, sizeof(q), v->valuestring), PP_DEPLOY_SCHEMA);
	d->name = pp__string(&x->l, root, "name", 1);
	if ((d->vantage = pp__string(&x->l, root, "vantage", 0)) != NULL &&
	    !pp_profile_name_ok(d->vantage))
		pp__err_at(&x->l, cJSON_GetObjectItemCaseSensitive(root, "vantage"),
		           "vantage '%s' is not a zone name (lower-case [a-z0-9-])",
		           pp__quote(q, sizeof(q), d->vantage));
	load_hosts(x, root);
	/* Features and the vantages are checked against the profiles the hosts use. */
	load_features(x, root);
	load_vantages(x, root);
}

int
pp_deploy_parse(const char *text, size_t len, const char *const *dirs, size_t ndirs,
                pp_deploy **out, struct pp_diags *diags)
{
	struct pp__jdoc doc;
	struct dl x;
	int rc;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	x.l.doc = &doc;
	x.l.diags = diags;
	x.dirs = dirs;
	x.ndirs = ndirs;
	if ((rc = pp__jdoc_load(&doc, text, len, diags)) < 0)
		return rc;
	if ((x.d = calloc(1, sizeof(*x.d))) == NULL) {
		pp__jdoc_free(&doc);
		return PP_ENOMEM;
	}
	x.l.nerr += pp__jdoc_duplicates(&doc, diags);
	if (!cJSON_IsObject(doc.root))
		pp__err_at(&x.l, doc.root, "a deployment must be a JSON object, {...}");
	else
		load_top(&x, doc.root);
	pp__diags_sort(diags);
	pp__jdoc_free(&doc);
	rc = x.l.nomem ? PP_ENOMEM : x.l.nerr ? PP_ESCHEMA : 0;
	if (rc < 0)
		pp_deploy_free(x.d);
	else
		*out = x.d;
	return rc;
}

int
pp_deploy_load(const char *path, const char *const *dirs, size_t ndirs, pp_deploy **out,
               struct pp_diags *diags)
{
	char *buf;
	size_t got;
	int rc;

	*out = NULL;
	if ((rc = pp__load_file(path, PP_DEPLOY_MAX_SIZE, "deployment", &buf, &got, diags)) < 0)
		return rc;
	rc = pp_deploy_parse(buf, got, dirs, ndirs, out, diags);
	free(buf);
	if (rc == 0 && ((*out)->path = strdup(path)) == NULL) {
		pp_deploy_free(*out);
		*out = NULL;
		rc = PP_ENOMEM;
	}
	return rc;
}
