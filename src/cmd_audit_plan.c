/*
 * The audit's side outputs: the plan that --dry-run prints (what each host is
 * expected to show and what would be sent, without privilege), the one-line
 * summary on stderr, and, for --shard K/N, which (host, port) pairs this shard
 * probes (the probe order's answer), so the scorer judges only those (the rest
 * belong to the other shards and come back with `portproof merge`).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_audit.h"
#include "progress.h"
#include "pp_error.h"
#include "pp_score.h"

static void
item_line(FILE *fp, const struct pp_plan_item *it)
{
	const struct pp_service *s = it->svc;
	char ports[96], spec[64];
	size_t i, n;

	pp_portset_format(&it->ports, ports, sizeof(ports));
	n = pp_portset_count(&it->ports);
	if (n != pp_portset_count(&s->ports)) {
		pp_portset_format(&s->ports, spec, sizeof(spec));
		fprintf(fp, "  %s/%s (%zu of %s)", pp_proto_name(s->proto),
		        n > 4 ? "sample" : ports, n, spec);
	} else {
		fprintf(fp, "  %s/%s", pp_proto_name(s->proto), ports);
	}
	fprintf(fp, "  %s  %s %s", s->id, pp_requirement_name(s->requirement),
	        pp_kind_name(s->kind));
	if (it->restricted) {
		fputs("  restricted (from:", fp);
		for (i = 0; i < s->nfrom; i++)
			fprintf(fp, " %s", s->from[i].s);
		fputs(s->nfrom ? ")" : " none)", fp);
	}
	if (it->alt != NULL)
		fprintf(fp, "  one of '%s'", it->alt->id);
	fprintf(fp, "  [%s]\n", s->ref);
}

int
pp_audit_print_plan(const struct pp_audit *a, FILE *fp)
{
	const pp_deploy *d = a->dep;
	const pp_plan *pl = a->plan;
	size_t i, j, nt = pp_portset_count(&pl->tcp), nu = pp_portset_count(&pl->udp);

	fprintf(fp, "audit %s: %zu hosts, vantage %s, features", d->name, d->nhosts, d->vantage);
	for (i = 0; i < d->nfeatures; i++)
		fprintf(fp, " %s", d->features[i]);
	fprintf(fp, "%s; sweep %s\n", d->nfeatures ? "" : " none", a->cli->sweep);
	fprintf(fp, "probes: tcp %zu and udp %zu ports on each host, %zu in all\n", nt, nu,
	        (nt + nu) * d->nhosts);
	for (i = 0; i < pl->nhosts; i++) {
		const struct pp_plan_host *h = &pl->hosts[i];
		fprintf(fp, "\n%s %s (%s, %s): %zu expectations\n", h->host->address, h->host->name,
		        h->host->profile_id, h->host->role, h->nitems);
		for (j = 0; j < h->nitems; j++)
			item_line(fp, &h->items[j]);
	}
	pp_audit_print_udp_probes(a, fp);
	return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
}

void
pp_audit_summary(const struct pp_audit *a, const struct pp_result *r,
                 const struct pp_scan_stats *st, int code)
{
	const struct pp_cli *cli = a->cli;
	struct pp_role_score *roles = NULL;
	size_t n = 0, i;
	unsigned v;
	char paced[96];

	/* The text report on stdout says all this already. */
	if (!cli->verbose && (cli->output == NULL || strcmp(cli->output, "-") == 0))
		return;
	fprintf(stderr, "%sportproof: audit %s", isatty(2) ? "\r" : "", a->dep->name);
	if (r->has_score)
		fprintf(stderr, ": score %.1f", r->score);
	for (v = PP_VERDICT_PASS; v < PP_VERDICT_COUNT; v++)
		if (r->verdicts[v] > 0)
			fprintf(stderr, ", %u %s", r->verdicts[v], pp_verdict_name(v));
	if (pp_score_roles(r, &roles, &n) == 0 && n > 1)
		for (i = 0; i < n; i++)
			if (roles[i].has_score)
				fprintf(stderr, "%s %s %.1f", i ? "," : "; roles:", roles[i].role,
				        roles[i].score);
	free(roles);
	pp_progress_pacing(paced, sizeof(paced), st);
	fprintf(stderr,
	        "; %.2f s, %llu probes, %llu sent (%llu retransmitted), %llu answered%s%s; "
	        "exit %d\n",
	        (double)st->elapsed_us / 1e6, (unsigned long long)st->planned,
	        (unsigned long long)st->sent, (unsigned long long)st->retransmitted,
	        (unsigned long long)st->matched, paced[0] ? ", " : "", paced, code);
}

int
pp_audit_probed(void *arg, const struct pp_addr *addr, unsigned proto, unsigned port)
{
	const struct pp_audit *a = arg;

	return pp_scan_in_shard(a->scan6 != NULL && !pp_addr_is_v4(addr) ? a->scan6 : a->scan, addr,
	                        proto, port);
}
