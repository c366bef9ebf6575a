/*
 * Profiles (portproof-profile/1): which listeners each role of a product must or
 * must not expose, and to whom, as the vendor's port document says.  The loader reads
 * a profile into this model and collects every problem it finds (not only the first)
 * as a list of positions and messages, so `portproof profile lint` can print each on
 * its own line; see portproof-profile(5).
 *
 * The model is plain data, read-only for its users (the scorer, the reporters and
 * the CLI walk it); only the loader builds it and only pp_profile_free frees it.
 */
#ifndef PP_PROFILE_H
#define PP_PROFILE_H

#include <stddef.h>

#include "pp_error.h" /* struct pp_pos */
#include "pp_portset.h"

#define PP_PROFILE_SCHEMA "portproof-profile/1"

/* Larger files are refused unread: a profile is tens of kilobytes. */
#define PP_PROFILE_MAX_SIZE (64u << 20)

/* One problem found in a profile. */
struct pp_diag {
	struct pp_pos pos;
	char *msg;
};

/* The problems of one file, sorted by position once the loader returns. */
struct pp_diags {
	struct pp_diag *v;
	size_t n, cap;
	size_t dropped; /* problems past PP_DIAGS_MAX, counted, not kept */
};
#define PP_DIAGS_MAX 200

void pp_diags_init(struct pp_diags *d);
void pp_diags_free(struct pp_diags *d);

enum pp_kind { PP_KIND_LISTEN = 1, PP_KIND_DYNAMIC };

enum pp_requirement { PP_REQ_MANDATORY = 1, PP_REQ_RECOMMENDED, PP_REQ_OPTIONAL };

/* "mandatory", "listen", ...; parse returns -1 for an unknown name. */
const char *pp_requirement_name(unsigned req);
int pp_requirement_parse(const char *s);
const char *pp_kind_name(unsigned kind);
int pp_kind_parse(const char *s);
/* The protocols a service's "speaks" may name: what the listener check knows to
 * ask (sips: SIP over TLS). */
#define PP_SPEAKS_WORDS "tls, http, rtsp, sip, sips, ssh, mysql, redis, smtp or ftp"
int pp_speaks_known(const char *s);

/* A declared name: a role, a zone or a feature, with its description. */
struct pp_named {
	char *name, *description;
	struct pp_pos pos;
};

/* A name used in a list ("roles", "from", "one_of"), with where it was written. */
struct pp_name {
	char *s;
	struct pp_pos pos;
};

/* One term of "when": a feature that must be on, or (negate) off. */
struct pp_cond {
	char *feature;
	int negate;
	struct pp_pos pos;
};

struct pp_service {
	char *id;
	unsigned proto;   /* PP_PROTO_TCP or PP_PROTO_UDP */
	pp_portset ports; /* normalized */
	int all_roles;    /* "roles": ["*"] */
	struct pp_name *roles;
	size_t nroles; /* 0 when all_roles */
	struct pp_name *from;
	size_t nfrom;         /* 0: restricted from every zone */
	unsigned requirement; /* enum pp_requirement */
	unsigned kind;        /* enum pp_kind */
	struct pp_cond *when;
	size_t nwhen;      /* every term must hold; 0: always */
	char *name;        /* protocol name, NULL if not given */
	char *speaks;      /* what a TCP listener speaks (pp_speaks_known), or NULL */
	char *description; /* NULL if not given */
	char *ref;         /* the document row */
	struct pp_pos pos, id_pos, ports_pos, requirement_pos;
};

struct pp_alternative {
	char *id;
	struct pp_name *one_of;
	size_t n;
	struct pp_pos pos;
};

struct pp_document {
	char *title, *file;
};

struct pp_erratum {
	char *ref, *document_says, *reading, *why;
};

struct pp_excluded {
	char *ref, *why;
};

typedef struct pp_profile {
	char *path; /* the file it came from; NULL when parsed from memory */
	char *id, *product;
	struct pp_pos id_pos;
	struct pp_document *documents;
	size_t ndocuments;
	struct pp_named *zones, *features, *roles;
	size_t nzones, nfeatures, nroles;
	struct pp_service *services;
	size_t nservices;
	struct pp_alternative *alternatives;
	size_t nalternatives;
	struct pp_erratum *errata;
	size_t nerrata;
	struct pp_excluded *excluded;
	size_t nexcluded;
} pp_profile;

/*
 * Parse a profile from len bytes of text (no NUL terminator needed).  Every problem
 * goes into diags (which may be NULL).  Returns 0 and the model in *out, or
 * PP_EJSON (not JSON: one diag), PP_ESCHEMA (valid JSON, not a valid profile),
 * PP_ENOMEM; *out is NULL then.
 */
int pp_profile_parse(const char *text, size_t len, pp_profile **out, struct pp_diags *diags);

/* Read and parse a file.  A file that cannot be read (missing, a directory, too
 * large) is one diag at 1:1 and PP_EIO; otherwise as pp_profile_parse. */
int pp_profile_load(const char *path, pp_profile **out, struct pp_diags *diags);

void pp_profile_free(pp_profile *p);

/* Look-ups by name; NULL if the profile has none. */
const struct pp_named *pp_profile_role(const pp_profile *p, const char *name);
const struct pp_named *pp_profile_zone(const pp_profile *p, const char *name);
const struct pp_named *pp_profile_feature(const pp_profile *p, const char *name);
const struct pp_service *pp_profile_service(const pp_profile *p, const char *id);

/* True if s is a name the format allows for ids, roles, zones and features:
 * lower-case letters, digits and '-', starting with a letter or digit. */
int pp_profile_name_ok(const char *s);

/* The zone "any": anyone, wherever the scanner sits. */
#define PP_ZONE_ANY "any"

/* 1 if the service runs on role (NULL: on any role). */
int pp_service_has_role(const struct pp_service *s, const char *role);
/* 1 if every term of its "when" holds with exactly these features on. */
int pp_service_when(const struct pp_service *s, const char *const *features, size_t nfeatures);
/* 1 if the service may be reached from zone (its "from" names it or "any"). */
int pp_service_reachable_from(const struct pp_service *s, const char *zone);
/* 1 if, seen from vantage, the port must be filtered; with vantage NULL only the
 * services no zone may reach ("from": []) are restricted. */
int pp_service_restricted(const struct pp_service *s, const char *vantage);
/* 1 if the "when" of a and b can never hold together ("secure" and "!secure"). */
int pp_service_when_exclusive(const struct pp_service *a, const struct pp_service *b);

/* What a host of a role is expected to show: a service, and whether it must be
 * filtered from the vantage. */
struct pp_expect {
	const struct pp_service *svc;
	int restricted;
};

/* Flags of pp_profile_query. */
enum {
	PP_QUERY_ANY_WHEN = 1, /* list services whatever their "when" (profile show) */
};

/*
 * The services of role (NULL: every role) whose "when" holds with these features,
 * sorted by protocol (TCP first), lowest port, then id; restricted as
 * pp_service_restricted.  *out is malloc'd (free it); *n may be 0.  Returns 0, or
 * PP_ENOENT for a role or vantage zone the profile does not declare (err says
 * which), PP_ENOMEM.
 */
int pp_profile_query(const pp_profile *p, const char *role, const char *const *features,
                     size_t nfeatures, const char *vantage, unsigned flags, struct pp_expect **out,
                     size_t *n, char *err, size_t errlen);

#endif
