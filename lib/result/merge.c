/*
 * `merge`: the results of the N shards of one scan or audit (`--shard K/N` on N
 * machines) joined into the result the unsharded run would have written.  Shards
 * split the (host, port) space, so a host appears in several shards with
 * different ports: hosts are joined, ports united, counters summed, the time span
 * widened.  Results of one deployment taken from several vantages (scan.vantage)
 * are joined the same way per zone, and each port keeps the zone it was seen from
 * (one entry per proto, port and vantage; each counts as an item of the scores);
 * a zone the deployment lists that no input covers is named with the rows it
 * leaves unchecked (summary.unverified).  Then the scorer resolves the profiles'
 * alternatives again over the united ports and tallies the scores (score_alt.c,
 * score_tally.c), from the ports alone, as the unsharded audit did.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "pp_result.h"
#include "pp_score.h"
#include "result_int.h"

struct warn {
	char *buf;
	size_t len;
};

static void __attribute__((format(printf, 2, 3))) warnf(struct warn *w, const char *fmt, ...)
{
	size_t used;
	va_list ap;

	if (w->buf == NULL || w->len == 0)
		return;
	used = strlen(w->buf);
	if (used + 1 >= w->len)
		return;
	va_start(ap, fmt);
	vsnprintf(w->buf + used, w->len - used, fmt, ap);
	va_end(ap);
	used = strlen(w->buf);
	if (used + 1 < w->len) {
		w->buf[used] = '\n';
		w->buf[used + 1] = '\0';
	}
}

static int
sdup(char **dst, const char *src)
{
	if (src == NULL || *dst != NULL)
		return 0;
	return (*dst = strdup(src)) == NULL ? PP_ENOMEM : 0;
}

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static const char *
zone_or(const char *z, const char *none)
{
	return z != NULL ? z : none;
}

/* " from vantage Z" when the inputs are of several zones, for messages. */
static const char *
from(const char *z, int multi, char *buf, size_t len)
{
	if (!multi || z == NULL)
		return "";
	snprintf(buf, len, " from vantage %s", z);
	return buf;
}

static int
same_list(const struct pp_result *a, const struct pp_result *b)
{
	size_t i;

	if (a->nvantages != b->nvantages)
		return 0;
	for (i = 0; i < a->nvantages; i++)
		if (strcmp(a->vantages[i], b->vantages[i]) != 0)
			return 0;
	return 1;
}

/* "any, cluster" of a result's listed zones. */
static const char *
list_str(const struct pp_result *r, char *buf, size_t len)
{
	size_t i, used = 0;

	snprintf(buf, len, "none");
	for (i = 0; i < r->nvantages && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
		                         r->vantages[i]);
	return buf;
}

/*
 * One deployment (or plain scans), each input with a vantage or none without,
 * the same zones listed; per vantage, every shard 1..N once (with partial, a
 * missing shard is a warning and the result is incomplete).
 */
static int
check_inputs(struct pp_result *const *in, const char *const *names, size_t n, int multi,
             int partial, int *incomplete, struct warn *w, char *err, size_t errlen)
{
	char fa[96], fb[96], la[256], lb[256];
	unsigned N, k;
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (!same(in[i]->deployment, in[0]->deployment))
			return pp__errf(err, errlen, PP_EINVAL, "%s is %s%s but %s is %s%s",
			                names[i],
			                in[i]->deployment ? "an audit of " : "a plain scan",
			                in[i]->deployment ? in[i]->deployment : "", names[0],
			                in[0]->deployment ? "an audit of " : "a plain scan",
			                in[0]->deployment ? in[0]->deployment : "");
		if ((in[i]->vantage == NULL) != (in[0]->vantage == NULL)) {
			j = in[i]->vantage == NULL ? i : 0;
			return pp__errf(err, errlen, PP_EINVAL,
			                "%s has no vantage (a result of an older portproof) but "
			                "%s was taken from vantage %s: which zone saw what is "
			                "not known",
			                names[j], names[j == i ? 0 : i],
			                zone_or(in[j == i ? 0 : i]->vantage, "?"));
		}
		if (!same_list(in[i], in[0]))
			return pp__errf(err, errlen, PP_EINVAL,
			                "%s lists the vantages %s but %s lists %s: not one "
			                "deployment",
			                names[i], list_str(in[i], la, sizeof(la)), names[0],
			                list_str(in[0], lb, sizeof(lb)));
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++) {
			if (!same(in[j]->vantage, in[i]->vantage))
				continue;
			if (in[j]->shard_n != in[i]->shard_n)
				return pp__errf(err, errlen, PP_EINVAL,
				                "%s is shard %u/%u%s but %s is shard %u/%u: not "
				                "one run",
				                names[i], in[i]->shard_k, in[i]->shard_n,
				                from(in[i]->vantage, multi, fa, sizeof(fa)),
				                names[j], in[j]->shard_k, in[j]->shard_n);
			if (in[j]->shard_k == in[i]->shard_k)
				return pp__errf(err, errlen, PP_EINVAL,
				                "%s and %s are both shard %u/%u%s", names[j],
				                names[i], in[i]->shard_k, in[i]->shard_n,
				                from(in[i]->vantage, multi, fa, sizeof(fa)));
		}
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && !same(in[j]->vantage, in[i]->vantage); j++)
			;
		if (j < i)
			continue; /* this zone's shards are checked already */
		N = in[i]->shard_n;
		for (k = 1; k <= N; k++) {
			for (j = 0; j < n &&
			            !(same(in[j]->vantage, in[i]->vantage) && in[j]->shard_k == k);
			     j++)
				;
			if (j < n)
				continue;
			if (!partial)
				return pp__errf(err, errlen, PP_EINVAL, "shard %u/%u%s is missing",
				                k, N, from(in[i]->vantage, multi, fb, sizeof(fb)));
			warnf(w, "shard %u/%u%s is missing: the result is incomplete", k, N,
			      from(in[i]->vantage, multi, fb, sizeof(fb)));
			*incomplete = 1;
		}
	}
	return 0;
}

/* Every shard's paced paths, one after the other. */
static int
copy_paced(struct pp_result *r, struct pp_result *const *in, size_t n)
{
	size_t i, total = 0;

	for (i = 0; i < n; i++)
		total += in[i]->npaced;
	if (total == 0)
		return 0;
	if ((r->paced = calloc(total, sizeof(*r->paced))) == NULL)
		return PP_ENOMEM;
	for (i = 0; i < n; i++) {
		if (in[i]->npaced == 0)
			continue; /* its paced may be NULL, which memcpy may not take */
		memcpy(r->paced + r->npaced, in[i]->paced, in[i]->npaced * sizeof(*r->paced));
		r->npaced += in[i]->npaced;
	}
	return 0;
}

/* The arguments of shard 1 without its --shard (and --vantage, of several zones). */
static int
copy_args(struct pp_result *r, const struct pp_result *first, int multi)
{
	size_t i;

	if ((r->args = calloc(first->nargs + 1, sizeof(*r->args))) == NULL)
		return PP_ENOMEM;
	for (i = 0; i < first->nargs; i++) {
		const char *a = first->args[i];
		if (strcmp(a, "--shard") == 0 || (multi && strcmp(a, "--vantage") == 0)) {
			i++;
			continue;
		}
		if (strncmp(a, "--shard=", 8) == 0 || (multi && strncmp(a, "--vantage=", 10) == 0))
			continue;
		if ((r->args[r->nargs++] = strdup(a)) == NULL)
			return PP_ENOMEM;
	}
	return 0;
}

static int
copy_port(struct pp_port_result *d, const struct pp_port_result *s, const char *zone)
{
	int rc = 0;

	pp_port_result_clear(d);
	*d = *s;
	d->probe = d->service = d->alternative = d->range = d->ref = d->detail = NULL;
	d->seen = d->seen_detail = NULL;
	rc |= sdup(&d->seen, s->seen);
	rc |= sdup(&d->seen_detail, s->seen_detail);
	d->vantage = NULL;
	rc |= sdup(&d->probe, s->probe);
	rc |= sdup(&d->service, s->service);
	rc |= sdup(&d->alternative, s->alternative);
	rc |= sdup(&d->range, s->range);
	rc |= sdup(&d->ref, s->ref);
	rc |= sdup(&d->detail, s->detail);
	rc |= sdup(&d->vantage, zone);
	return rc ? PP_ENOMEM : 0;
}

/* The ports of s into h; zone: the vantage the ports get (NULL: one zone). */
static int
join_ports(struct pp_host_result *h, const struct pp_host_result *s, const char *zone,
           struct warn *w)
{
	char addr[PP_ADDR_STRLEN], port[16], f[96];
	struct pp_port_result *d;
	const char *z;
	size_t i;
	int rc;

	for (i = 0; i < s->nports; i++) {
		const struct pp_port_result *p = &s->ports[i];
		z = p->vantage != NULL ? p->vantage : zone;
		if ((d = pp_host_find_port_from(h, p->proto, p->port, z)) != NULL) {
			if (p->state == PP_STATE_UNKNOWN || p->state == d->state)
				continue;
			if (d->state != PP_STATE_UNKNOWN) {
				warnf(w, "%s %s%s: in two shards, %s and %s; kept %s",
				      pp_addr_str(&h->addr, addr, sizeof(addr)),
				      pp__port_str(p->proto, p->port, port, sizeof(port)),
				      from(z, 1, f, sizeof(f)), pp_state_name(d->state),
				      pp_state_name(p->state), pp_state_name(d->state));
				continue;
			}
		} else if ((d = pp_host_add_port(h, p->proto, p->port)) == NULL) {
			return PP_ENOMEM;
		}
		if ((rc = copy_port(d, p, z)) < 0)
			return rc;
	}
	return 0;
}

/* The state of unlisted ports: the one most shards of a zone report, unknown
 * aside; zones that see different states leave it unknown (each saw its own). */
static uint8_t
vote_zone(struct pp_result *const *in, size_t n, const char *zone, const struct pp_addr *addr,
          int udp, struct warn *w)
{
	unsigned votes[PP_STATE_OPEN_FILTERED + 1] = {0}, best = PP_STATE_UNKNOWN, s, kinds = 0;
	const struct pp_host_result *h;
	char buf[PP_ADDR_STRLEN];
	size_t i;

	for (i = 0; i < n; i++) {
		if (!same(in[i]->vantage, zone) || (h = pp_result_find_host(in[i], addr)) == NULL)
			continue;
		s = udp ? h->other_udp : h->other_tcp;
		if (s == PP_STATE_UNKNOWN || s > PP_STATE_OPEN_FILTERED)
			continue;
		kinds += votes[s]++ == 0;
		if (best == PP_STATE_UNKNOWN || votes[s] > votes[best])
			best = s;
	}
	if (kinds > 1)
		warnf(w, "%s: shards disagree on the state of unlisted %s ports; kept %s",
		      pp_addr_str(addr, buf, sizeof(buf)), udp ? "udp" : "tcp",
		      pp_state_name(best));
	return (uint8_t)best;
}

static uint8_t
vote_other(struct pp_result *const *in, size_t n, const struct pp_addr *addr, int udp,
           struct warn *w)
{
	unsigned best = PP_STATE_UNKNOWN, s;
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i && !same(in[j]->vantage, in[i]->vantage); j++)
			;
		if (j < i)
			continue;
		s = vote_zone(in, n, in[i]->vantage, addr, udp, w);
		if (s == PP_STATE_UNKNOWN)
			continue;
		if (best != PP_STATE_UNKNOWN && s != best)
			return PP_STATE_UNKNOWN;
		best = s;
	}
	return (uint8_t)best;
}

/* Several vantages probed the same ports of a proxied host: its count is the
 * largest any one vantage's shards add up to, not the sum over zones. */
static void
middlebox_by_vantage(struct pp_result *r, struct pp_result *const *in, size_t n)
{
	size_t k, i, j;

	for (k = 0; k < r->nhosts; k++) {
		struct pp_host_result *h = &r->hosts[k];
		uint64_t best = 0;
		if (h->middlebox == NULL)
			continue;
		for (i = 0; i < n; i++) {
			uint64_t sum = 0;
			for (j = 0; j < n; j++) {
				const struct pp_host_result *s;
				if (!same(in[i]->vantage, in[j]->vantage) ||
				    (s = pp_result_find_host(in[j], &h->addr)) == NULL)
					continue;
				sum += s->middlebox_ports;
			}
			if (sum > best)
				best = sum;
		}
		h->middlebox_ports = (uint32_t)best;
	}
}

static int
join(struct pp_result *r, struct pp_result *const *in, size_t n, int multi, struct warn *w)
{
	struct pp_host_result *h;
	size_t i, j;
	int rc;

	for (i = 0; i < n; i++) {
		for (j = 0; j < in[i]->nhosts; j++) {
			const struct pp_host_result *s = &in[i]->hosts[j];
			if ((h = pp_result_host(r, &s->addr)) == NULL)
				return PP_ENOMEM;
			if (sdup(&h->name, s->name) < 0 || sdup(&h->profile, s->profile) < 0 ||
			    sdup(&h->role, s->role) < 0 || sdup(&h->middlebox, s->middlebox) < 0)
				return PP_ENOMEM;
			/* Each shard counts the proxy's ports it probed: they add up. */
			h->middlebox_ports += s->middlebox_ports;
			if ((rc = join_ports(h, s, multi ? in[i]->vantage : NULL, w)) < 0)
				return rc;
		}
	}
	if (multi)
		middlebox_by_vantage(r, in, n);
	for (i = 0; i < r->nhosts; i++) {
		r->hosts[i].other_tcp = vote_other(in, n, &r->hosts[i].addr, 0, w);
		r->hosts[i].other_udp = vote_other(in, n, &r->hosts[i].addr, 1, w);
	}
	return 0;
}

/* The vantages of the joined result: those listed, else the zones covered. */
static int
set_vantages(struct pp_result *r, struct pp_result *const *in, size_t n, int multi)
{
	size_t i, j;

	if (!multi && sdup(&r->vantage, in[0]->vantage) < 0)
		return PP_ENOMEM;
	if (in[0]->nvantages == 0 && !multi)
		return 0;
	if ((r->vantages = calloc(in[0]->nvantages + n, sizeof(*r->vantages))) == NULL)
		return PP_ENOMEM;
	for (i = 0; i < in[0]->nvantages; i++)
		if ((r->vantages[r->nvantages++] = strdup(in[0]->vantages[i])) == NULL)
			return PP_ENOMEM;
	for (i = 0; in[0]->nvantages == 0 && i < n; i++) {
		for (j = 0; j < r->nvantages && strcmp(r->vantages[j], in[i]->vantage) != 0; j++)
			;
		if (j == r->nvantages &&
		    (r->vantages[r->nvantages++] = strdup(in[i]->vantage)) == NULL)
			return PP_ENOMEM;
	}
	return 0;
}

/* Does an input, or a port of the joined result, come from zone z? */
static int
covered(const struct pp_result *r, struct pp_result *const *in, size_t n, const char *z)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		if (same(in[i]->vantage, z))
			return 1;
	for (i = 0; i < r->nhosts; i++)
		for (j = 0; j < r->hosts[i].nports; j++)
			if (same(r->hosts[i].ports[j].vantage, z))
				return 1;
	return 0;
}

/* Add zone z to r's unverified, once. */
static int
add_unverified(struct pp_result *r, const char *z, size_t rows)
{
	struct pp_unverified *v;
	size_t i;

	for (i = 0; i < r->nunverified; i++)
		if (strcmp(r->unverified[i].vantage, z) == 0)
			return 0;
	if ((v = realloc(r->unverified, (r->nunverified + 1) * sizeof(*v))) == NULL)
		return PP_ENOMEM;
	r->unverified = v;
	if ((v[r->nunverified].vantage = strdup(z)) == NULL)
		return PP_ENOMEM;
	v[r->nunverified++].rows = rows;
	return 0;
}

/*
 * A zone the deployment lists (or an input names unverified) that no input
 * covers: its rows (each host's ports that a document row asks for, counted once
 * over the zones that were covered) went unchecked from there.  An input's own
 * unverified zones keep their counts.
 */
static int
set_unverified(struct pp_result *r, struct pp_result *const *in, size_t n)
{
	const struct pp_host_result *h;
	size_t i, j, k, rows = 0;

	for (i = 0; i < n; i++)
		for (j = 0; j < in[i]->nunverified; j++)
			if (!covered(r, in, n, in[i]->unverified[j].vantage) &&
			    add_unverified(r, in[i]->unverified[j].vantage,
			                   in[i]->unverified[j].rows) < 0)
				return PP_ENOMEM;
	/* Ports are sorted: a port's entries of other zones come just before it. */
	for (i = 0; i < r->nhosts; i++) {
		h = &r->hosts[i];
		for (j = 0; j < h->nports; j++) {
			if (h->ports[j].service == NULL)
				continue;
			for (k = j; k > 0 && h->ports[k - 1].proto == h->ports[j].proto &&
			            h->ports[k - 1].port == h->ports[j].port &&
			            h->ports[k - 1].service == NULL;
			     k--)
				;
			rows += !(k > 0 && h->ports[k - 1].proto == h->ports[j].proto &&
			          h->ports[k - 1].port == h->ports[j].port);
		}
	}
	for (i = 0; i < in[0]->nvantages; i++)
		if (!covered(r, in, n, in[0]->vantages[i]) &&
		    add_unverified(r, in[0]->vantages[i], rows) < 0)
			return PP_ENOMEM;
	return 0;
}

int
pp_result_merge_opts(struct pp_result *const *in, const char *const *names, size_t n,
                     unsigned flags, struct pp_result **out, char *err, size_t errlen,
                     char *warnbuf, size_t warnlen)
{
	struct warn w = {warnbuf, warnlen};
	struct pp_result *r = NULL, *first = NULL;
	int rc, multi = 0, incomplete = 0;
	size_t i;

	*out = NULL;
	if (warnbuf != NULL && warnlen > 0)
		warnbuf[0] = '\0';
	if (n == 0)
		return pp__errf(err, errlen, PP_EINVAL, "nothing to merge");
	for (i = 0; i < n; i++)
		multi |= !same(in[i]->vantage, in[0]->vantage);
	if ((rc = check_inputs(in, names, n, multi, (flags & PP_MERGE_PARTIAL) != 0, &incomplete,
	                       &w, err, errlen)) < 0)
		return rc;
	if ((r = pp_result_new()) == NULL)
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory");
	for (i = 0; i < n && first == NULL; i++)
		if (in[i]->shard_k == 1)
			first = in[i];
	if (first == NULL)
		first = in[0]; /* partial, without any zone's shard 1 */
	r->started = first->started;
	r->finished = first->finished;
	r->method = first->method;
	r->complete = !incomplete;
	for (i = 0; i < n; i++) {
		/* One method for the whole run, or none said: shards that probed
		 * differently have no one name. */
		if (in[i]->method != r->method)
			r->method = PP_METHOD_NONE;
		r->started = in[i]->started < r->started ? in[i]->started : r->started;
		r->finished = in[i]->finished > r->finished ? in[i]->finished : r->finished;
		r->complete = r->complete && in[i]->complete;
		r->rate = in[i]->rate > r->rate ? in[i]->rate : r->rate;
		if (in[i]->rate_reached > r->rate_reached)
			r->rate_reached = in[i]->rate_reached;
		r->sent += in[i]->sent;
		r->received += in[i]->received;
		r->rejected += in[i]->rejected;
	}
	if (sdup(&r->tool_version, first->tool_version) < 0 ||
	    sdup(&r->deployment, first->deployment) < 0 || copy_args(r, first, multi) < 0 ||
	    copy_paced(r, in, n) < 0 || set_vantages(r, in, n, multi) < 0 ||
	    (rc = join(r, in, n, multi, &w)) < 0) {
		rc = pp__errf(err, errlen, PP_ENOMEM, "out of memory");
		goto out;
	}
	pp_result_sort(r);
	if (r->deployment != NULL && set_unverified(r, in, n) < 0) {
		rc = pp__errf(err, errlen, PP_ENOMEM, "out of memory");
		goto out;
	}
	if (r->deployment != NULL && n == 1) {
		/* The whole run already: its scores as they are. */
		for (i = 0; i < r->nhosts; i++) {
			const struct pp_host_result *s =
			        pp_result_find_host(first, &r->hosts[i].addr);
			r->hosts[i].has_score = s->has_score;
			r->hosts[i].score = s->score;
		}
		r->has_score = first->has_score;
		r->score = first->score;
	} else if (r->deployment != NULL) {
		if ((rc = pp_score_alternatives(r)) < 0) {
			rc = pp__errf(err, errlen, rc, "out of memory");
			goto out;
		}
		pp_score_tally(r);
	}
	pp_result_sort(r);
	*out = r;
	r = NULL;
	rc = 0;
out:
	pp_result_free(r);
	return rc;
}

int
pp_result_merge(struct pp_result *const *in, const char *const *names, size_t n,
                struct pp_result **out, char *err, size_t errlen, char *warnbuf, size_t warnlen)
{
	return pp_result_merge_opts(in, names, n, 0, out, err, errlen, warnbuf, warnlen);
}
