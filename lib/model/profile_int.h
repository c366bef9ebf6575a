/*
 * Inside the profile loader (and the deployment loader, which shares its checked
 * access to JSON): the diags, and the helpers the loader's files share, over the
 * positions of json_int.h.  Not installed; nothing outside lib/model/profile*.c and
 * lib/model/deploy*.c includes it.
 */
#ifndef PP_PROFILE_INT_H
#define PP_PROFILE_INT_H

#include <stdarg.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "model/json/json_int.h"
#include "pp_error.h"
#include "pp_profile.h"

/* profile_json.c: parse text into d, with positions (json_int.h); a text that is
 * not JSON gives one diag and PP_EJSON.  Free d with pp__jdoc_free. */
int pp__jdoc_load(struct pp__jdoc *d, const char *text, size_t len, struct pp_diags *diags);
/* One diag for each key repeated in an object (cJSON keeps both, silently);
 * returns how many. */
size_t pp__jdoc_duplicates(const struct pp__jdoc *d, struct pp_diags *diags);
/* profile_file.c: the file of a profile or a deployment (what: "profile"), a
 * regular one of at most max bytes, into *buf (malloc'd) and *len.  0; PP_EIO with
 * one diag at 1:1; PP_ENOMEM. */
int pp__load_file(const char *path, size_t max, const char *what, char **buf, size_t *len,
                  struct pp_diags *diags);

/* profile.c */
int pp__diag(struct pp_diags *d, struct pp_pos pos, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
int pp__vdiag(struct pp_diags *d, struct pp_pos pos, const char *fmt, va_list ap)
        __attribute__((format(printf, 3, 0)));
void pp__diags_sort(struct pp_diags *d);
/* s made safe to print in a message: non-printable bytes as '?', cut at 60
 * bytes with "...". Returns buf. */
const char *pp__quote(char *buf, size_t len, const char *s);
void pp__service_free(struct pp_service *s);

/* The loader's state, shared by profile_load.c, profile_service.c, profile_lint.c. */
struct pp__ld {
	const struct pp__jdoc *doc;
	struct pp_diags *diags; /* may be NULL */
	pp_profile *p;
	size_t nerr;
	int nomem;
	char ctx[96];          /* "service 'api-https': " or "", before each message */
	unsigned char *flawed; /* per service: it has problems of its own, so the checks
	                          across services leave it out */
};

/* A problem at a node's value / at its key / at a position. */
void pp__err_at(struct pp__ld *l, const cJSON *node, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void pp__err_key(struct pp__ld *l, const cJSON *node, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void pp__err_pos(struct pp__ld *l, struct pp_pos pos, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Each key of obj must be in allowed (NULL-terminated): one problem per other key. */
void pp__check_keys(struct pp__ld *l, const cJSON *obj, const char *const *allowed);
/* The member key of obj, checked: NULL (and a problem) if it is missing and
 * required, or not of type (a cJSON_* mask); what names the type in the message. */
const cJSON *pp__member(struct pp__ld *l, const cJSON *obj, const char *key, int type, int required,
                        const char *what);
/* A non-empty string member, copied; NULL if absent or bad (problem reported). */
char *pp__string(struct pp__ld *l, const cJSON *obj, const char *key, int required);
/* An array of strings member copied with positions; -1 if absent or bad. */
int pp__names(struct pp__ld *l, const cJSON *obj, const char *key, struct pp_name **out, size_t *n);
char *pp__strdup(struct pp__ld *l, const char *s);
void *pp__calloc(struct pp__ld *l, size_t n, size_t size);

/* profile_service.c */
void pp__load_services(struct pp__ld *l, const cJSON *arr);
/* profile_lint.c: the checks across the model (names, ids, conflicts). */
void pp__lint(struct pp__ld *l);

#endif
