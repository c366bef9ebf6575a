/*
 * Setting a scan up: the ports and their UDP probes (--udp-payload, else the
 * caller's choice, else the port's default), the targets and their
 * refusals, the source address and interface asked of the kernel, the probe
 * order and the cookie key; then, with privilege, the raw socket and the
 * capture, and the drop to an unprivileged user.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "engine_int.h"
#include "pp_error.h"
#include "route.h"

static int
random_bytes(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len > 0) {
		ssize_t n = getrandom(p, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return PP_EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The probe of a UDP port: the caller's choice (o->probe_for), else the port's. */
static const struct pp_probe *
probe_for(const struct pp_scan_opts *o, unsigned port)
{
	const struct pp_probe *p = o->probe_for != NULL ? o->probe_for(o->probe_arg, port) : NULL;

	return p != NULL ? p : pp_probe_for_port(port);
}

static int
index_ports(pp_scan *s)
{
	uint32_t i;

	s->ntcp = (uint32_t)pp_portset_count(&s->tcp);
	s->nudp = (uint32_t)pp_portset_count(&s->udp);
	s->nports = s->ntcp + s->nudp;
	if ((s->ports = calloc(s->nports ? s->nports : 1, sizeof(*s->ports))) == NULL ||
	    (s->tcp_idx = calloc(65536, sizeof(*s->tcp_idx))) == NULL)
		return PP_ENOMEM;
	for (i = 0; i < s->ntcp; i++) {
		s->ports[i] = (uint16_t)pp_portset_nth(&s->tcp, i);
		s->tcp_idx[s->ports[i]] = i + 1;
	}
	if (s->nudp == 0)
		return 0;
	if ((s->udp_idx = calloc(65536, sizeof(*s->udp_idx))) == NULL ||
	    (s->uprobe = calloc(s->nudp, sizeof(*s->uprobe))) == NULL)
		return PP_ENOMEM;
	for (i = 0; i < s->nudp; i++) {
		uint16_t port = (uint16_t)pp_portset_nth(&s->udp, i);
		const struct pp_probe_custom *c =
		        pp_probe_custom_find(s->o.custom, s->o.ncustom, port);
		s->ports[s->ntcp + i] = port;
		s->udp_idx[port] = i + 1;
		s->uprobe[i].port = port;
		s->uprobe[i].custom = c;
		s->uprobe[i].probe = c != NULL ? &c->probe : probe_for(&s->o, port);
	}
	return 0;
}

int
pp_scan_new(const struct pp_scan_opts *o, pp_scan **out, char *err, size_t errlen)
{
	pp_scan *s;
	int rc = PP_ENOMEM;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory");
	s->o = *o;
	s->snd.fd = s->snd.fd2 = -1;
	if (s->o.max_rtt_ms == 0)
		s->o.max_rtt_ms = 1000;
	if (s->o.shard_n == 0)
		s->o.shard_k = s->o.shard_n = 1;
	if (s->o.sport_lo == 0 && s->o.sport_hi == 0) {
		s->o.sport_lo = PP__SPORT_LO;
		s->o.sport_hi = PP__SPORT_HI;
	}
	pp_portset_init(&s->tcp);
	pp_portset_init(&s->udp);
	pp__targets_init(&s->targets);
	s->targets.prefer = (int)o->family;
	if ((o->tcp != NULL && pp_portset_copy(&s->tcp, o->tcp) < 0) ||
	    (o->udp != NULL && pp_portset_copy(&s->udp, o->udp) < 0) || index_ports(s) < 0)
		goto fail;
	rc = PP_EINVAL;
	if (s->nports == 0) {
		pp__errf(err, errlen, rc, "no ports to probe");
		goto fail;
	}
	if (s->o.sport_lo > s->o.sport_hi || s->o.sport_lo < 1024) {
		pp__errf(err, errlen, rc, "bad source-port range %u-%u", s->o.sport_lo,
		         s->o.sport_hi);
		goto fail;
	}
	s->match.key.sport_lo = s->o.sport_lo;
	s->match.key.sport_hi = s->o.sport_hi;
	if ((rc = random_bytes(s->match.key.k, sizeof(s->match.key.k))) < 0 ||
	    (!o->have_seed && (rc = random_bytes(&s->seed, sizeof(s->seed))) < 0)) {
		pp__errf(err, errlen, rc, "getrandom: %s", strerror(errno));
		goto fail;
	}
	if (o->have_seed)
		s->seed = o->seed;
	if ((rc = pp__tmpl_init(&s->tmpl, 64, err, errlen)) < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	if (rc == PP_ENOMEM)
		pp__errf(err, errlen, rc, "out of memory");
	pp_scan_free(s);
	return rc;
}

void
pp_scan_free(pp_scan *s)
{
	uint64_t i;

	if (s == NULL)
		return;
	pp__collector_close(&s->col);
	pp__sender_close(&s->snd);
	pp__connect_free(s);
	if (s->hosts != NULL)
		for (i = 0; i < s->targets.count; i++) {
			if (s->hosts[i].cap > PP__ANS_SLAB)
				free(s->hosts[i].ans);
		}
	free(s->hosts);
	free(s->buckets);
	free(s->id6);
	free(s->paced);
	pp__slab_free(&s->slabs);
	pp__table_free(&s->tab);
	pp__targets_free(&s->targets);
	pp_portset_free(&s->tcp);
	pp_portset_free(&s->udp);
	free(s->ports);
	free(s->tcp_idx);
	free(s->udp_idx);
	free(s->uprobe);
	free(s->first);
	free(s);
}

int
pp_scan_add_targets(pp_scan *s, const char *spec, int exclude, char *err, size_t errlen)
{
	return pp__targets_add(&s->targets, spec, exclude, err, errlen);
}

int
pp_scan_add_target_file(pp_scan *s, const char *path, int exclude, char *err, size_t errlen)
{
	return pp__targets_add_file(&s->targets, path, exclude, err, errlen);
}

int
pp_scan_split(pp_scan *s, pp_scan **out6, char *err, size_t errlen)
{
	struct pp_scan_opts o = s->o;
	size_t i, n6 = 0;
	int rc;

	*out6 = NULL;
	for (i = 0; i < s->targets.ninc; i++)
		n6 += s->targets.inc[i].v6 != 0;
	if (n6 == 0 || n6 == s->targets.ninc)
		return 0;
	/* The same options, ports and probes; its own cookie key and, without
	 * --seed, its own order. */
	o.tcp = &s->tcp;
	o.udp = &s->udp;
	if ((rc = pp_scan_new(&o, out6, err, errlen)) < 0)
		return rc;
	if (pp__targets_move6(&s->targets, &(*out6)->targets) < 0) {
		pp_scan_free(*out6);
		*out6 = NULL;
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory");
	}
	s->pair = (*out6)->pair = 1;
	return 0;
}

/* Source address and interface: -S, -e, or the kernel's route to the first target. */
/*
 * One scan sends from one address and captures on one interface, so every target
 * must be reached from the source the first one is: the answers of others would
 * go to another address, through another interface, and their ports read
 * filtered.  The two ends of each range are asked (of 4096 ranges at most, spread
 * over the list: a route lookup is a few microseconds).
 */
static int
check_sources(const pp_scan *s, char *err, size_t errlen)
{
	size_t i, k, step = s->targets.n > 4096 ? s->targets.n / 4096 + 1 : 1;
	char a[INET_ADDRSTRLEN], as[INET_ADDRSTRLEN], f[INET_ADDRSTRLEN], fs[INET_ADDRSTRLEN];
	struct in_addr in;
	uint32_t src, dst;
	int rc = 0, fd;

	if ((fd = pp__route_open(err, errlen)) < 0)
		return fd;
	for (i = 0; i < s->targets.n && rc == 0; i += step)
		for (k = 0; k < 2 && rc == 0; k++) {
			dst = k == 0 ? s->targets.r[i].lo : s->targets.r[i].hi;
			if ((rc = pp__route_source_on(fd, dst, &src, err, errlen)) < 0 ||
			    src == s->src)
				continue;
			in.s_addr = htonl(dst);
			inet_ntop(AF_INET, &in, a, sizeof(a));
			in.s_addr = htonl(src);
			inet_ntop(AF_INET, &in, as, sizeof(as));
			in.s_addr = htonl(pp__targets_addr(&s->targets, 0));
			inet_ntop(AF_INET, &in, f, sizeof(f));
			in.s_addr = htonl(s->src);
			inet_ntop(AF_INET, &in, fs, sizeof(fs));
			rc = pp__errf(err, errlen, PP_ENET,
			              "%s is reached from %s, %s from %s: one scan sends from one "
			              "address; scan them apart, or give -S and -e",
			              a, as, f, fs);
		}
	close(fd);
	return rc;
}

/* -S's addresses of both families, in order, each once. */
struct sources {
	uint32_t v4[PP__SRC_MAX], n4;
	uint8_t v6[PP__SRC_MAX][16];
	uint32_t n6;
	char first4[64], first6[64]; /* the first entry of each family, for errors */
};

static int
add_source(struct sources *sl, const char *e, size_t len, int v6, uint32_t a, const uint8_t *a6,
           char *err, size_t errlen)
{
	uint32_t i;

	for (i = 0; i < (v6 ? sl->n6 : sl->n4); i++)
		if (v6 ? memcmp(sl->v6[i], a6, 16) == 0 : sl->v4[i] == a)
			return 0;
	/* The limit holds for both families together: one run, one -S. */
	if (sl->n4 + sl->n6 == PP__SRC_MAX)
		return pp__errf(err, errlen, PP_EINVAL, "-S: %.*s: more than %u source addresses",
		                (int)len, e, PP__SRC_MAX);
	if (v6)
		memcpy(sl->v6[sl->n6++], a6, 16);
	else
		sl->v4[sl->n4++] = a;
	return 0;
}

/* An IPv6 entry of -S: an address or a range A-B of whole addresses. */
static int
parse_source6(struct sources *sl, const char *e, size_t len, char *err, size_t errlen)
{
	char buf[2][INET6_ADDRSTRLEN + 1];
	const char *dash = memchr(e, '-', len);
	size_t n[2] = {dash != NULL ? (size_t)(dash - e) : len,
	               dash != NULL ? len - (size_t)(dash - e) - 1 : 0};
	uint8_t lo[16], hi[16];
	int k, rc;

	for (k = 0; k < (dash != NULL ? 2 : 1); k++) {
		if (n[k] >= sizeof(buf[k]))
			goto bad;
		memcpy(buf[k], k == 0 ? e : dash + 1, n[k]);
		buf[k][n[k]] = '\0';
		if (inet_pton(AF_INET6, buf[k], k == 0 ? lo : hi) != 1)
			goto bad;
	}
	if (dash == NULL)
		memcpy(hi, lo, 16);
	if (memcmp(lo, hi, 16) > 0)
		goto bad;
	for (;;) {
		if ((rc = add_source(sl, e, len, 1, 0, lo, err, errlen)) < 0)
			return rc;
		if (memcmp(lo, hi, 16) == 0)
			return 0;
		for (k = 15; k >= 0 && ++lo[k] == 0; k--)
			;
	}
bad:
	return pp__errf(err, errlen, PP_EINVAL,
	                "-S: %.*s: not an IPv6 address or range (A-B, A <= B)", (int)len, e);
}

/* The addresses of -S: a list of addresses and ranges (a,b-c) of either family. */
static int
parse_sources(const char *list, struct sources *sl, char *err, size_t errlen)
{
	const char *p = list, *end, *e;
	uint32_t a, b;
	size_t len;
	int rc;

	memset(sl, 0, sizeof(*sl));
	for (;;) {
		e = p;
		len = strchr(p, ',') != NULL ? (size_t)(strchr(p, ',') - p) : strlen(p);
		if (memchr(e, ':', len) != NULL) {
			if (sl->n6 == 0)
				snprintf(sl->first6, sizeof(sl->first6), "%.*s", (int)len, e);
			if ((rc = parse_source6(sl, e, len, err, errlen)) < 0)
				return rc;
			end = e + len;
		} else {
			if (sl->n4 == 0)
				snprintf(sl->first4, sizeof(sl->first4), "%.*s", (int)len, e);
			if (pp__parse_ipv4(p, &end, &a) < 0 ||
			    (*end != '\0' && *end != ',' && *end != '-'))
				return pp__errf(err, errlen, PP_EINVAL,
				                "-S: %.*s: not an IPv4 address", (int)len, e);
			b = a;
			if (*end == '-' && (pp__parse_ipv4(end + 1, &end, &b) < 0 ||
			                    (*end != '\0' && *end != ',') || b < a))
				return pp__errf(
				        err, errlen, PP_EINVAL,
				        "-S: %.*s: not an IPv4 address or range (A-B, A <= B)",
				        (int)len, e);
			for (; a <= b; a++) {
				if ((rc = add_source(sl, e, len, 0, a, NULL, err, errlen)) < 0)
					return rc;
				if (a == UINT32_MAX)
					break;
			}
		}
		if (*end == '\0')
			break;
		p = end + 1;
	}
	return 0;
}

/*
 * The scan's own family's sources of -S into srcs (IPv4) or srcs6: a list of
 * both families serves a scan of either, and each scan of a two-family run
 * (pp_scan_split); a scan given none of its family's is refused.
 */
static int
take_sources(pp_scan *s, char *err, size_t errlen)
{
	struct sources sl;
	int rc;

	s->nsrc = 0;
	if ((rc = parse_sources(s->o.source_ip, &sl, err, errlen)) < 0)
		return rc;
	/* Each takes its own family's; one given none of its own is refused. */
	if ((s->v6 ? sl.n6 : sl.n4) == 0) {
		if (s->pair)
			return pp__errf(err, errlen, PP_EINVAL,
			                "-S: %s: no IPv%d source, and the scan has IPv%d targets "
			                "too: give one of each family",
			                s->o.source_ip, s->v6 ? 6 : 4, s->v6 ? 6 : 4);
		if (s->v6)
			return pp__errf(err, errlen, PP_EINVAL,
			                "-S: %s: not an IPv6 address, and the scan is IPv6",
			                sl.first4);
		return pp__errf(err, errlen, PP_EINVAL,
		                "-S: %s: an IPv6 address, and the scan is IPv4", sl.first6);
	}
	if (s->v6) {
		memcpy(s->srcs6, sl.v6, sizeof(sl.v6[0]) * sl.n6);
		s->nsrc = sl.n6;
	} else {
		memcpy(s->srcs, sl.v4, sizeof(sl.v4[0]) * sl.n4);
		s->nsrc = sl.n4;
	}
	s->src = s->srcs[0];
	return 0;
}

/*
 * Every source of -S must be an address of the interface the probes leave by
 * (-e, else the route's to the first target): an answer to another one comes
 * back through another interface, which we do not capture.
 */
static int
check_on_iface(const pp_scan *s, const char *ifname, char *err, size_t errlen)
{
	char name[IF_NAMESIZE], a[INET_ADDRSTRLEN];
	struct in_addr in;
	uint32_t i;

	for (i = 0; i < s->nsrc; i++) {
		if (pp__iface_of(s->srcs[i], name, sizeof(name), NULL, 0) == 0 &&
		    strcmp(name, ifname) == 0)
			continue;
		in.s_addr = htonl(s->srcs[i]);
		inet_ntop(AF_INET, &in, a, sizeof(a));
		return pp__errf(err, errlen, PP_EINVAL, "-S: %s is not an address of %s%s", a,
		                ifname, s->o.iface != NULL ? " (-e)" : ", the route's interface");
	}
	return 0;
}

static int
find_source_in(pp_scan *s, char *err, size_t errlen)
{
	uint32_t route_src;
	int rc;

	s->nsrc = 1;
	if (s->o.source_ip != NULL) {
		if ((rc = take_sources(s, err, errlen)) < 0)
			return rc;
		if (s->o.iface != NULL)
			snprintf(s->ifname, sizeof(s->ifname), "%s", s->o.iface);
		else if ((rc = pp__route_source(pp__targets_addr(&s->targets, 0), &route_src, err,
		                                errlen)) < 0 ||
		         (rc = pp__iface_of(route_src, s->ifname, sizeof(s->ifname), err, errlen)) <
		                 0)
			return rc;
		return check_on_iface(s, s->ifname, err, errlen);
	} else if (s->o.iface != NULL) {
		if ((rc = pp__iface_addr(s->o.iface, &s->src, err, errlen)) < 0)
			return rc;
	} else if ((rc = pp__route_source(pp__targets_addr(&s->targets, 0), &s->src, err, errlen)) <
	                   0 ||
	           (rc = check_sources(s, err, errlen)) < 0) {
		return rc;
	}
	s->srcs[0] = s->src;
	if (s->o.iface != NULL) {
		snprintf(s->ifname, sizeof(s->ifname), "%s", s->o.iface);
		return 0;
	}
	return pp__iface_of(s->src, s->ifname, sizeof(s->ifname), err, errlen);
}

/* Every IPv6 target is reached from our source, as check_sources asks for
 * IPv4: the two ends of each range, of 4096 ranges at most. */
static int
check_sources6(const pp_scan *s, char *err, size_t errlen)
{
	const pp__targets *t = &s->targets;
	size_t i, k, step = t->n6 > 4096 ? t->n6 / 4096 + 1 : 1;
	char a[INET6_ADDRSTRLEN], as[INET6_ADDRSTRLEN], f[INET6_ADDRSTRLEN], fs[INET6_ADDRSTRLEN];
	uint8_t dst[16], src[16], first[16];
	uint64_t h;
	int rc;

	for (i = 0; i < t->n6; i += step)
		for (k = 0; k < 2; k++) {
			h = t->count4 +
			    (k == 0 ? t->before6[i]
			            : (i + 1 < t->n6 ? t->before6[i + 1] : t->count - t->count4) -
			                      1);
			pp__targets_addr6(t, h, dst);
			if ((rc = pp__route_source6(dst, src, err, errlen)) < 0)
				return rc;
			if (memcmp(src, s->src6, 16) == 0)
				continue;
			pp__targets_addr6(t, t->count4, first);
			inet_ntop(AF_INET6, dst, a, sizeof(a));
			inet_ntop(AF_INET6, src, as, sizeof(as));
			inet_ntop(AF_INET6, first, f, sizeof(f));
			inet_ntop(AF_INET6, s->src6, fs, sizeof(fs));
			return pp__errf(
			        err, errlen, PP_ENET,
			        "%s is reached from %s, %s from %s: one scan sends from one "
			        "address; scan them apart, or give -S and -e",
			        a, as, f, fs);
		}
	return 0;
}

/* An IPv6 scan: -S (IPv6 addresses of the route's or -e's interface), -e's
 * first global address, or the route's to the first target. */
static int
find_source6(pp_scan *s, char *err, size_t errlen)
{
	char name[IF_NAMESIZE], a[INET6_ADDRSTRLEN];
	uint8_t dst[16], rsrc[16];
	uint32_t i;
	int rc;

	s->nsrc = 1;
	pp__targets_addr6(&s->targets, s->targets.count4, dst);
	if (s->o.source_ip != NULL) {
		if ((rc = take_sources(s, err, errlen)) < 0)
			return rc;
		memcpy(s->src6, s->srcs6[0], 16);
		if (s->o.iface != NULL)
			snprintf(s->ifname, sizeof(s->ifname), "%s", s->o.iface);
		else if ((rc = pp__route_source6(dst, rsrc, err, errlen)) < 0 ||
		         (rc = pp__iface_of6(rsrc, s->ifname, sizeof(s->ifname), err, errlen)) < 0)
			return rc;
		/* Each one on the interface we capture on, as for IPv4. */
		for (i = 0; i < s->nsrc; i++)
			if (pp__iface_of6(s->srcs6[i], name, sizeof(name), NULL, 0) < 0 ||
			    strcmp(name, s->ifname) != 0)
				return pp__errf(
				        err, errlen, PP_EINVAL, "-S: %s is not an address of %s%s",
				        inet_ntop(AF_INET6, s->srcs6[i], a, sizeof(a)), s->ifname,
				        s->o.iface != NULL ? " (-e)" : ", the route's interface");
		return 0;
	}
	if (s->o.iface != NULL) {
		snprintf(s->ifname, sizeof(s->ifname), "%s", s->o.iface);
		rc = pp__iface_addr6(s->o.iface, s->src6, err, errlen);
	} else if ((rc = pp__route_source6(dst, s->src6, err, errlen)) == 0 &&
	           (rc = check_sources6(s, err, errlen)) == 0) {
		rc = pp__iface_of6(s->src6, s->ifname, sizeof(s->ifname), err, errlen);
	}
	memcpy(s->srcs6[0], s->src6, 16);
	return rc;
}

static int
find_source(pp_scan *s, char *err, size_t errlen)
{
	int rc = s->v6 ? find_source6(s, err, errlen) : find_source_in(s, err, errlen);

	uint32_t i;

	if (s->v6) {
		if (s->nsrc == 0)
			s->nsrc = 1; /* a bad -S */
		for (i = 0; i < s->nsrc; i++)
			s->srcs[i] = pp__cookie_fold6(&s->match.key, s->srcs6[i]);
		s->src = s->srcs[0];
		s->match.v6 = 1;
		memcpy(s->match.src6, s->src6, 16);
		s->match.srcs6 = (const uint8_t(*)[16])s->srcs6;
	}

	if (s->nsrc == 0)
		s->nsrc = 1; /* a bad -S: srcs[0] for --dry-run */
	s->match.src = s->src;
	s->match.srcs = s->srcs;
	s->match.nsrc = s->nsrc;
	return rc;
}

int
pp_scan_prepare(pp_scan *s, char *err, size_t errlen)
{
	struct pp__local loc;
	struct pp__refuse rf;
	int rc;

	if ((rc = pp__local_addrs(&loc, err, errlen)) < 0)
		return rc;
	rf.own = loc.own;
	rf.nown = loc.nown;
	rf.bcast = loc.bcast;
	rf.nbcast = loc.nbcast;
	rf.own6 = (const uint8_t(*)[16])loc.own6;
	rf.nown6 = loc.nown6;
	rc = pp__targets_finish(&s->targets, &rf, s->o.force, err, errlen);
	pp__local_free(&loc);
	if (rc < 0 && s->pair && s->targets.excluded_all) {
		s->targets.count = 0;
		return 0; /* one of a run's two scans: the caller runs the other alone */
	}
	if (rc < 0)
		return rc;
	/* One scan sends from one address: one family (pp_scan_split). */
	if (s->targets.count4 > 0 && s->targets.count > s->targets.count4)
		return pp__errf(err, errlen, PP_EINVAL,
		                "IPv4 and IPv6 targets in one scan: one scan sends from one "
		                "address; scan them apart (and merge the results)");
	s->v6 = s->targets.count4 == 0;
	/* -S's form and families now, for --dry-run too; its addresses'
	 * interface once there is a route (find_source). */
	if (s->o.source_ip != NULL && (rc = take_sources(s, err, errlen)) < 0)
		return rc;
	if (s->o.shard_n > 1 && !s->o.have_seed)
		return pp__errf(err, errlen, PP_EINVAL,
		                "--shard needs --seed (the same on every shard)");
	if ((rc = pp__perm_init(&s->perm, s->targets.count, s->nports, s->seed, s->o.shard_k,
	                        s->o.shard_n)) < 0)
		return pp__errf(err, errlen, rc, "the scan is too large");
	/* UDP ports first: their answers wait on the targets' ICMP rate limits. */
	pp__perm_first(&s->perm, s->ntcp, s->seed);
	if ((rc = pp__order_init(s, err, errlen)) < 0)
		return rc;
	/* No route is an error of pp_scan_open: --dry-run goes on without one. */
	s->prepared = find_source(s, err, errlen) < 0 ? -1 : 1;
	s->match.udp_index = s->udp_idx;
	s->match.udp = s->uprobe;
	s->match.nudp = s->nudp;
	s->match.snmp_community = s->o.snmp_community;
	return 0;
}

uint64_t
pp_scan_hosts(const pp_scan *s)
{
	return s->targets.count;
}

uint64_t
pp_scan_probes(const pp_scan *s)
{
	return s->perm.count;
}

uint32_t
pp_scan_source(const pp_scan *s)
{
	return s->v6 ? 0 : s->src;
}

static struct pp_addr
addr6(const uint8_t b[16])
{
	struct pp_addr a;

	memset(&a, 0, sizeof(a));
	a.family = PP_AF_INET6;
	memcpy(a.b, b, 16);
	return a;
}

struct pp_addr
pp_scan_source_addr(const pp_scan *s)
{
	return s->v6 ? addr6(s->src6) : pp_addr_from_v4(s->src);
}

uint32_t
pp_scan_source_addrs(const pp_scan *s, struct pp_addr *addrs, uint64_t *answers, uint32_t max)
{
	uint32_t i;

	for (i = 0; i < s->nsrc && i < max; i++) {
		if (addrs != NULL)
			addrs[i] = s->v6 ? addr6(s->srcs6[i]) : pp_addr_from_v4(s->srcs[i]);
		if (answers != NULL)
			answers[i] = s->src_answers[i];
	}
	return s->nsrc;
}

uint32_t
pp_scan_sources(const pp_scan *s, uint32_t *addrs, uint64_t *answers, uint32_t max)
{
	uint32_t i;

	for (i = 0; i < s->nsrc && i < max; i++) {
		if (addrs != NULL)
			addrs[i] = s->srcs[i];
		if (answers != NULL)
			answers[i] = s->src_answers[i];
	}
	return s->nsrc;
}

const char *
pp_scan_interface(const pp_scan *s)
{
	return s->ifname;
}

size_t
pp__scan_build(pp_scan *s, uint32_t host, uint32_t port, unsigned attempt, unsigned si,
               uint8_t *buf, struct pp_probe_info *info)
{
	uint32_t dst = pp__host_id(s, host), src = s->srcs[si < s->nsrc ? si : 0];
	const uint8_t *src6 = s->srcs6[si < s->nsrc ? si : 0];
	uint8_t dst6[16];
	uint16_t dport = s->ports[port];
	struct pp_probe_ctx ctx;
	size_t len;

	if (port < s->ntcp) {
		uint64_t c = pp__cookie(&s->match.key, PP_PROTO_TCP, src, dst, dport);
		uint16_t sport = pp__cookie_sport_try(&s->match.key, c, attempt);
		if (s->v6) {
			pp__targets_addr6(&s->targets, host, dst6);
			pp__build_tcp6(&s->tmpl, buf, src6, dst6, sport, dport,
			               pp__cookie_seq_try(c, attempt));
		} else {
			pp__build_tcp(&s->tmpl, buf, src, dst, sport, dport,
			              pp__cookie_seq_try(c, attempt), (uint16_t)(c >> 16));
		}
		if (info != NULL) {
			memset(info, 0, sizeof(*info));
			info->proto = PP_PROTO_TCP;
			info->sport = sport;
			info->seq = pp__cookie_seq_try(c, attempt);
		}
		len = s->v6 ? PP__TCP6_PKT_LEN : PP__TCP_PKT_LEN;
	} else {
		const struct pp__udp_port *up = &s->uprobe[port - s->ntcp];
		int n;
		pp__udp_ctx_from(&s->match, up, src, dst, attempt, &ctx);
		if (s->v6) {
			pp__targets_addr6(&s->targets, host, dst6);
			ctx.dst6 = dst6;
		}
		size_t hl = s->v6 ? PP__UDP6_HDR_LEN : PP__UDP_HDR_LEN;
		n = up->probe->build != NULL ? up->probe->build(&ctx, buf + hl, PP__PKT_MAX - hl)
		                             : 0;
		if (n < 0 || (size_t)n > PP__PKT_MAX - hl)
			n = 0;
		if (s->v6) {
			pp__targets_addr6(&s->targets, host, dst6);
			len = pp__build_udp6(&s->tmpl, buf, (size_t)n, src6, dst6, ctx.sport,
			                     dport);
		} else {
			len = pp__build_udp(&s->tmpl, buf, (size_t)n, src, dst, ctx.sport, dport,
			                    (uint16_t)(ctx.cookie >> 16));
		}
		if (info != NULL) {
			memset(info, 0, sizeof(*info));
			info->proto = PP_PROTO_UDP;
			info->sport = ctx.sport;
			info->probe = up->probe->name;
		}
	}
	if (info != NULL) {
		info->src = s->v6 ? 0 : src;
		info->dst = s->v6 ? 0 : dst;
		info->src_addr = s->v6 ? addr6(src6) : pp_addr_from_v4(src);
		info->dst_addr = pp__host_addr(s, host);
		info->dport = dport;
		info->len = len;
		info->packet = buf;
	}
	return len;
}

int
pp_scan_each_probe(pp_scan *s, int (*cb)(void *arg, const struct pp_probe_info *p), void *arg)
{
	static const size_t bufsz = PP__PKT_MAX;
	struct pp_probe_info info;
	uint64_t j = s->next, h, p, budget = UINT64_MAX;
	unsigned pass = s->pass;
	uint8_t *buf;
	int rc = 0;

	if (s->prepared == 0)
		return PP_EINVAL;
	if ((buf = malloc(bufsz)) == NULL)
		return PP_ENOMEM;
	/* In the order the probes go out (order.c). */
	for (; rc == 0 && pp__order_next(s, &pass, &j, &h, &p, &budget); j++) {
		/* Several sources: each host's first tries take them in turn (engine.c). */
		pp__scan_build(s, (uint32_t)h, (uint32_t)p, 0, (unsigned)(j % s->nsrc), buf, &info);
		rc = cb(arg, &info);
	}
	free(buf);
	return rc;
}

/* The connect method: no raw socket, no capture (connect.c). */
static int
open_connect(pp_scan *s, char *err, size_t errlen)
{
	int rc;

	if ((rc = pp__connect_open(s, err, errlen)) < 0)
		return rc;
	s->method = PP_METHOD_CONNECT;
	s->opened = 1;
	return 0;
}

int
pp_scan_open(pp_scan *s, char *err, size_t errlen)
{
	size_t frames;
	int rc;

	if (s->prepared == 0)
		return pp__errf(err, errlen, PP_EINVAL, "the scan is not prepared");
	if (s->prepared < 0 && (rc = find_source(s, err, errlen)) < 0)
		return rc;
	if (s->o.method == PP_METHOD_CONNECT)
		return open_connect(s, err, errlen);
	/* Without the privilege, and no method asked for: connect (chosen here,
	 * said by pp_scan_method; the caller tells the user). */
	if ((rc = pp__sender_open(&s->snd, s->o.iface, s->v6, err, errlen)) < 0)
		return rc == PP_EPERM && s->o.method == PP_METHOD_NONE
		               ? open_connect(s, err, errlen)
		               : rc;
	if (s->v6)
		pp__sender_source6(&s->snd, s->src6);
	/* Room for a quarter second of answers at the rate, 8192 to 16384 frames
	 * (unlimited: 16384, 70 ms at the lab's ceiling): the collector reads every
	 * 200 us, the rest is for a machine busy elsewhere; the ring's pages cost
	 * ~1 ms a MB to set up.  The snapshot: whole packets, or their checksums
	 * cannot be checked.  A TCP-only scan's answers are headers, or an ICMP
	 * error quoting a 44-byte SYN (with RFC 4884 extensions, ~400 bytes at most):
	 * 440, a 512-byte slot, 8 MB.  With UDP, replies up to an Ethernet MTU: a
	 * 2 KB slot, 8192 frames, 16 MB. */
	frames = s->o.rate == 0 || s->o.rate / 4 > 16384 ? 16384 : s->o.rate / 4;
	if (frames < 8192 || s->nudp > 0)
		frames = 8192;
	if ((rc = pp__collector_open(&s->col, s->ifname, s->srcs, s->nsrc,
	                             s->v6 ? (const uint8_t(*)[16])s->srcs6 : NULL, s->o.sport_lo,
	                             s->o.sport_hi, s->nudp > 0 ? 1518 : 440, frames, err,
	                             errlen)) < 0) {
		pp__sender_close(&s->snd);
		return rc == PP_EPERM && s->o.method == PP_METHOD_NONE
		               ? open_connect(s, err, errlen)
		               : rc;
	}
	s->method = PP_METHOD_RAW;
	s->opened = 1;
	return 0;
}

unsigned
pp_scan_method(const pp_scan *s)
{
	return s->method;
}

int
pp_scan_drop_privileges(pp_scan *s, char *err, size_t errlen)
{
	int rc = pp__drop_privileges(s->o.user, err, errlen);

	if (rc == 0)
		s->dropped = 1;
	return rc;
}
