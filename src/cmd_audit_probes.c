/*
 * The audit's UDP probes by service name: a profile that names a service on a
 * port ("name": "snmp" on udp/16100, "ras" on 1820, "sip" on 5080) gets that
 * protocol's probe there, where the engine alone would pick the port's default
 * (the empty probe, which an SNMP agent never answers).  The engine knows nothing
 * of profiles: it asks pp_audit_probe_for, through its probe_for option, for the
 * probe of each UDP port, and this file answers from a table built from the plan.
 *
 * Which names count: first the services of the deployment's hosts (the plan's
 * items, their ports on each host), in the deployment's host order and each
 * profile's service order; then the shipped profiles the sweep takes UDP ports
 * from, for the ports of the plan that no host's own profile names.  A name with
 * no probe of that name (a heartbeat, "rtp") names nothing.  When two services
 * name different probes for one port, the first in that order wins: a host's own
 * profile before the sweep's, the earlier host before the later; the engine sends
 * one probe per port to every host, and -v says which was dropped.
 */
#include "config.h"

#include <stdlib.h>

#include "cmd_audit.h"
#include "pp_error.h"

struct entry {
	struct pp_audit_probe p;
	size_t order;
};

struct table {
	struct entry *v;
	size_t n, cap;
};

static int
add(struct table *t, unsigned port, const struct pp_probe *probe, const char *profile,
    const char *service)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct entry *nv = realloc(t->v, cap * sizeof(*nv));
		if (nv == NULL)
			return PP_ENOMEM;
		t->v = nv;
		t->cap = cap;
	}
	t->v[t->n].p.port = (uint16_t)port;
	t->v[t->n].p.probe = probe;
	t->v[t->n].p.profile = profile;
	t->v[t->n].p.service = service;
	t->v[t->n].order = t->n;
	t->n++;
	return 0;
}

/* Every port of ps that the plan probes over UDP, named for svc's probe. */
static int
add_ports(struct table *t, const pp_plan *pl, const pp_portset *ps, const char *profile,
          const struct pp_service *svc)
{
	const struct pp_probe *probe;
	size_t i, n;
	unsigned port;
	int rc;

	if (svc->proto != PP_PROTO_UDP || (probe = pp_probe_find(svc->name)) == NULL)
		return 0;
	for (i = 0, n = pp_portset_count(ps); i < n; i++) {
		port = pp_portset_nth(ps, i);
		if (pp_portset_contains(&pl->udp, port) &&
		    (rc = add(t, port, probe, profile, svc->id)) < 0)
			return rc;
	}
	return 0;
}

static int
by_port(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;

	if (a->p.port != b->p.port)
		return a->p.port < b->p.port ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

int
pp_audit_udp_probes(struct pp_audit *a)
{
	const pp_plan *pl = a->plan;
	struct table t = {NULL, 0, 0};
	size_t i, j, k;
	int rc = 0;

	for (i = 0; i < pl->nhosts && rc == 0; i++)
		for (j = 0; j < pl->hosts[i].nitems && rc == 0; j++)
			rc = add_ports(&t, pl, &pl->hosts[i].items[j].ports,
			               pl->hosts[i].host->profile_id, pl->hosts[i].items[j].svc);
	for (i = 0; i < a->nall && rc == 0; i++)
		for (j = 0; j < a->all[i]->nservices && rc == 0; j++)
			rc = add_ports(&t, pl, &a->all[i]->services[j].ports, a->all[i]->id,
			               &a->all[i]->services[j]);
	if (rc < 0) {
		free(t.v);
		return rc;
	}
	if (t.n > 1) /* t.v is NULL when no UDP port is probed: qsort's is nonnull */
		qsort(t.v, t.n, sizeof(*t.v), by_port);
	if ((a->uprobes = calloc(t.n ? t.n : 1, sizeof(*a->uprobes))) == NULL) {
		free(t.v);
		return PP_ENOMEM;
	}
	for (i = 0; i < t.n; i = k) {
		a->uprobes[a->nuprobes++] = t.v[i].p;
		for (k = i + 1; k < t.n && t.v[k].p.port == t.v[i].p.port; k++)
			if (t.v[k].p.probe != t.v[i].p.probe && a->cli->verbose)
				pp_cli_error(
				        "udp/%u: %s names probe %s and %s names %s; sending %s",
				        t.v[i].p.port, t.v[i].p.service, t.v[i].p.probe->name,
				        t.v[k].p.service, t.v[k].p.probe->name,
				        t.v[i].p.probe->name);
	}
	free(t.v);
	return 0;
}

static int
cmp_port(const void *key, const void *elem)
{
	unsigned port = *(const unsigned *)key;
	const struct pp_audit_probe *e = elem;

	return (port > e->port) - (port < e->port);
}

const struct pp_probe *
pp_audit_probe_for(void *arg, unsigned port)
{
	const struct pp_audit *a = arg;
	const struct pp_audit_probe *e =
	        bsearch(&port, a->uprobes, a->nuprobes, sizeof(*a->uprobes), cmp_port);

	return e != NULL ? e->probe : NULL;
}

void
pp_audit_print_udp_probes(const struct pp_audit *a, FILE *fp)
{
	size_t i;

	if (a->nuprobes == 0)
		return;
	fputs("\nudp probes named by the profiles (the other ports get their default):\n", fp);
	for (i = 0; i < a->nuprobes; i++)
		fprintf(fp, "  udp/%u  %s  (%s %s)\n", a->uprobes[i].port,
		        a->uprobes[i].probe->name, a->uprobes[i].profile, a->uprobes[i].service);
}
