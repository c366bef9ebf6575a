/*
 * `merge`: the results of the N shards of one scan or audit (`--shard K/N` on N
 * machines) joined into the result the unsharded run would have written.  Shards
 * split the (host, port) space, so a host appears in several shards with
 * different ports: hosts are joined, ports united, counters summed, the time span
 * widened; then the scorer resolves the profiles' alternatives again over the
 * united ports and tallies the scores (score_alt.c, score_tally.c), from the
 * ports alone, as the unsharded audit did.
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

/* Every shard 1..N once, of one deployment. */
static int
check_inputs(struct pp_result *const *in, const char *const *names, size_t n, char *err,
             size_t errlen)
{
	unsigned N = in[0]->shard_n, k;
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (in[i]->shard_n != N)
			return pp__errf(err, errlen, PP_EINVAL,
			                "%s is shard %u/%u but %s is shard %u/%u: not one run",
			                names[i], in[i]->shard_k, in[i]->shard_n, names[0],
			                in[0]->shard_k, N);
		if (!same(in[i]->deployment, in[0]->deployment))
			return pp__errf(err, errlen, PP_EINVAL, "%s is %s%s but %s is %s%s",
			                names[i],
			                in[i]->deployment ? "an audit of " : "a plain scan",
			                in[i]->deployment ? in[i]->deployment : "", names[0],
			                in[0]->deployment ? "an audit of " : "a plain scan",
			                in[0]->deployment ? in[0]->deployment : "");
		for (j = 0; j < i; j++)
			if (in[j]->shard_k == in[i]->shard_k)
				return pp__errf(err, errlen, PP_EINVAL,
				                "%s and %s are both shard %u/%u", names[j],
				                names[i], in[i]->shard_k, N);
	}
	for (k = 1; k <= N; k++) {
		for (i = 0; i < n && in[i]->shard_k != k; i++)
			;
		if (i == n)
			return pp__errf(err, errlen, PP_EINVAL, "shard %u/%u is missing", k, N);
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
		memcpy(r->paced + r->npaced, in[i]->paced, in[i]->npaced * sizeof(*r->paced));
		r->npaced += in[i]->npaced;
	}
	return 0;
}

/* The arguments of shard 1 without its --shard. */
static int
copy_args(struct pp_result *r, const struct pp_result *first)
{
	size_t i;

	if ((r->args = calloc(first->nargs + 1, sizeof(*r->args))) == NULL)
		return PP_ENOMEM;
	for (i = 0; i < first->nargs; i++) {
		const char *a = first->args[i];
		if (strcmp(a, "--shard") == 0) {
			i++;
			continue;
		}
		if (strncmp(a, "--shard=", 8) == 0)
			continue;
		if ((r->args[r->nargs++] = strdup(a)) == NULL)
			return PP_ENOMEM;
	}
	return 0;
}

static int
copy_port(struct pp_port_result *d, const struct pp_port_result *s)
{
	int rc = 0;

	pp_port_result_clear(d);
	*d = *s;
	d->probe = d->service = d->alternative = d->range = d->ref = d->detail = NULL;
	d->seen = d->seen_detail = NULL;
	rc |= sdup(&d->seen, s->seen);
	rc |= sdup(&d->seen_detail, s->seen_detail);
	rc |= sdup(&d->probe, s->probe);
	rc |= sdup(&d->service, s->service);
	rc |= sdup(&d->alternative, s->alternative);
	rc |= sdup(&d->range, s->range);
	rc |= sdup(&d->ref, s->ref);
	rc |= sdup(&d->detail, s->detail);
	return rc ? PP_ENOMEM : 0;
}

static int
join_ports(struct pp_host_result *h, const struct pp_host_result *s, struct warn *w)
{
	char addr[16], port[16];
	struct pp_port_result *d;
	size_t i;
	int rc;

	for (i = 0; i < s->nports; i++) {
		const struct pp_port_result *p = &s->ports[i];
		if ((d = pp_host_find_port(h, p->proto, p->port)) != NULL) {
			if (p->state == PP_STATE_UNKNOWN || p->state == d->state)
				continue;
			if (d->state != PP_STATE_UNKNOWN) {
				warnf(w, "%s %s: in two shards, %s and %s; kept %s",
				      pp__addr_str(h->addr, addr, sizeof(addr)),
				      pp__port_str(p->proto, p->port, port, sizeof(port)),
				      pp_state_name(d->state), pp_state_name(p->state),
				      pp_state_name(d->state));
				continue;
			}
		} else if ((d = pp_host_add_port(h, p->proto, p->port)) == NULL) {
			return PP_ENOMEM;
		}
		if ((rc = copy_port(d, p)) < 0)
			return rc;
	}
	return 0;
}

/* The state of unlisted ports: the one most shards report, unknown aside. */
static uint8_t
vote_other(struct pp_result *const *in, size_t n, uint32_t addr, int udp, struct warn *w)
{
	unsigned votes[PP_STATE_OPEN_FILTERED + 1] = {0}, best = PP_STATE_UNKNOWN, s, kinds = 0;
	const struct pp_host_result *h;
	char buf[16];
	size_t i;

	for (i = 0; i < n; i++) {
		if ((h = pp_result_find_host(in[i], addr)) == NULL)
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
		      pp__addr_str(addr, buf, sizeof(buf)), udp ? "udp" : "tcp",
		      pp_state_name(best));
	return (uint8_t)best;
}

static int
join(struct pp_result *r, struct pp_result *const *in, size_t n, struct warn *w)
{
	struct pp_host_result *h;
	size_t i, j;
	int rc;

	for (i = 0; i < n; i++) {
		for (j = 0; j < in[i]->nhosts; j++) {
			const struct pp_host_result *s = &in[i]->hosts[j];
			if ((h = pp_result_host(r, s->addr)) == NULL)
				return PP_ENOMEM;
			if (sdup(&h->name, s->name) < 0 || sdup(&h->profile, s->profile) < 0 ||
			    sdup(&h->role, s->role) < 0 || sdup(&h->middlebox, s->middlebox) < 0)
				return PP_ENOMEM;
			/* Each shard counts the proxy's ports it probed: they add up. */
			h->middlebox_ports += s->middlebox_ports;
			if ((rc = join_ports(h, s, w)) < 0)
				return rc;
		}
	}
	for (i = 0; i < r->nhosts; i++) {
		r->hosts[i].other_tcp = vote_other(in, n, r->hosts[i].addr, 0, w);
		r->hosts[i].other_udp = vote_other(in, n, r->hosts[i].addr, 1, w);
	}
	return 0;
}

int
pp_result_merge(struct pp_result *const *in, const char *const *names, size_t n,
                struct pp_result **out, char *err, size_t errlen, char *warnbuf, size_t warnlen)
{
	struct warn w = {warnbuf, warnlen};
	struct pp_result *r = NULL, *first = NULL;
	size_t i;
	int rc;

	*out = NULL;
	if (warnbuf != NULL && warnlen > 0)
		warnbuf[0] = '\0';
	if (n == 0)
		return pp__errf(err, errlen, PP_EINVAL, "nothing to merge");
	if ((rc = check_inputs(in, names, n, err, errlen)) < 0)
		return rc;
	if ((r = pp_result_new()) == NULL)
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory");
	for (i = 0; i < n; i++)
		if (in[i]->shard_k == 1)
			first = in[i];
	r->started = first->started;
	r->finished = first->finished;
	for (i = 0; i < n; i++) {
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
	    sdup(&r->deployment, first->deployment) < 0 || copy_args(r, first) < 0 ||
	    copy_paced(r, in, n) < 0 || (rc = join(r, in, n, &w)) < 0) {
		rc = pp__errf(err, errlen, PP_ENOMEM, "out of memory");
		goto out;
	}
	if (r->deployment != NULL && n == 1) {
		/* The whole run already: its scores as they are. */
		for (i = 0; i < r->nhosts; i++) {
			const struct pp_host_result *s =
			        pp_result_find_host(first, r->hosts[i].addr);
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
