/*
 * The firewall writer (pp_firewall.h), for `portproof profile firewall ID --role
 * ROLE --format nft|iptables|ip6tables [--zone NAME=CIDR]`: the allow-list a host
 * of that role needs, ready to load (nft: both families in one table; the
 * iptables forms: one family each, from the same --zone list).  Each service that
 * applies (with --features) is accepted from its zones ("any" is anywhere; the others
 * take their addresses from --zone), replies and loopback are accepted, the rest is
 * dropped.  A zone a rule needs but --zone does not give is an error, not a rule left
 * out: a firewall that silently blocks the cluster's own ports is worse than none.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_addr.h"
#include "pp_error.h"
#include "pp_firewall.h"

#define MAX_CIDRS 256

struct cidr {
	const char *zone;
	int v6;
	char text[PP_CIDR_STRLEN];
};

struct fw {
	FILE *fp;
	const pp_profile *p;
	const struct pp_firewall_opts *o;
	char *err;
	size_t errlen;
	int nft;
	int v6; /* the iptables forms: ip6tables-restore, IPv6 addresses only */
	struct cidr cidrs[MAX_CIDRS];
	size_t ncidrs;
};

/* "198.18.1.0/24", "198.18.1.5" (a /32), "2001:2::/48"; host bits are cleared.
 * 0, PP_EINVAL, PP_ENOTSUP (scoped: "fe80::1%eth0"). */
static int
parse_cidr(const char *s, struct cidr *c)
{
	struct pp_cidr x;
	int rc;

	if ((rc = pp_cidr_parse(s, &x)) < 0)
		return rc;
	c->v6 = !pp_addr_is_v4(&x.addr);
	pp_cidr_str(&x, c->text, sizeof(c->text));
	return 0;
}

/* --zone NAME=CIDR[,CIDR...], each NAME a zone of the profile other than "any". */
static int
parse_zones(struct fw *fw)
{
	char buf[1024], *tok, *save = NULL, *eq;
	size_t i;
	int rc;

	for (i = 0; i < fw->o->nzones; i++) {
		snprintf(buf, sizeof(buf), "%s", fw->o->zones[i]);
		if ((eq = strchr(buf, '=')) == NULL)
			return pp__errf(fw->err, fw->errlen, PP_EINVAL,
			                "--zone: invalid value '%s' (expected NAME=CIDR)",
			                fw->o->zones[i]);
		*eq = '\0';
		const struct pp_named *z = pp_profile_zone(fw->p, buf);
		if (z == NULL || strcmp(buf, PP_ZONE_ANY) == 0)
			return pp__errf(fw->err, fw->errlen, PP_EINVAL, "--zone: %s '%s'%s",
			                z ? "zone" : "no such zone in the profile:", buf,
			                z ? " is anyone anywhere; it takes no addresses" : "");
		for (tok = strtok_r(eq + 1, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			struct cidr *c = &fw->cidrs[fw->ncidrs];
			if (fw->ncidrs == MAX_CIDRS)
				return pp__errf(fw->err, fw->errlen, PP_EINVAL,
				                "--zone: more than %d addresses", MAX_CIDRS);
			if ((rc = parse_cidr(tok, c)) == PP_ENOTSUP)
				return pp__errf(
				        fw->err, fw->errlen, PP_EINVAL,
				        "--zone: '%s' is scoped (%%IF): a rule's source is a "
				        "global prefix",
				        tok);
			if (rc < 0)
				return pp__errf(fw->err, fw->errlen, PP_EINVAL,
				                "--zone: invalid value '%s' (expected NAME=CIDR)",
				                fw->o->zones[i]);
			c->zone = z->name;
			fw->ncidrs++;
		}
	}
	return 0;
}

static int
zone_given(const struct fw *fw, const char *zone)
{
	size_t i;

	for (i = 0; i < fw->ncidrs; i++)
		if (strcmp(fw->cidrs[i].zone, zone) == 0)
			return 1;
	return 0;
}

/* Every zone a rule needs has addresses; else one line naming them all. */
static int
check_zones(const struct fw *fw, const struct pp_expect *v, size_t n)
{
	const char *missing[64];
	char buf[512];
	size_t i, k, j, nm = 0, used = 0;

	for (i = 0; i < n; i++) {
		const struct pp_service *s = v[i].svc;
		if (pp_service_reachable_from(s, NULL))
			continue; /* from "any": no addresses needed */
		for (k = 0; k < s->nfrom; k++) {
			if (zone_given(fw, s->from[k].s))
				continue;
			for (j = 0; j < nm && strcmp(missing[j], s->from[k].s) != 0; j++)
				;
			if (j == nm && nm < sizeof(missing) / sizeof(missing[0]))
				missing[nm++] = s->from[k].s;
		}
	}
	if (nm == 0)
		return 0;
	buf[0] = '\0';
	for (j = 0; j < nm && used < sizeof(buf); j++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s", j ? ", " : "",
		                         missing[j]);
	return pp__errf(fw->err, fw->errlen, PP_EINVAL,
	                "no addresses for zone%s %s: give --zone NAME=CIDR for each",
	                nm > 1 ? "s" : "", buf);
}

/* Text from the profile or the command line, in a comment: a newline in it must
 * not end the comment and start a rule. */
static void
put_text(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++)
		putc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, fp);
}

static void
comment(FILE *fp, const char *indent, const struct pp_service *s)
{
	char ports[256];

	pp_portset_format(&s->ports, ports, sizeof(ports));
	fprintf(fp, "%s# %s %s/%s %s: ", indent, s->id, pp_proto_name(s->proto), ports,
	        pp_requirement_name(s->requirement));
	put_text(fp, s->ref);
	putc('\n', fp);
}

/* Does the service's rule need source addresses, and is cidr one of them? */
static int
cidr_for(const struct pp_service *s, const struct cidr *c)
{
	size_t k;

	for (k = 0; k < s->nfrom; k++)
		if (strcmp(c->zone, s->from[k].s) == 0)
			return 1;
	return 0;
}

/* Has the service a rule in this family: from "any" (one rule, no saddr, covers
 * both), or a zone with addresses of the family. */
static int
has_family(const struct fw *fw, const struct pp_service *s, int v6)
{
	size_t i;

	if (pp_service_reachable_from(s, NULL))
		return !v6;
	for (i = 0; i < fw->ncidrs; i++)
		if (fw->cidrs[i].v6 == v6 && cidr_for(s, &fw->cidrs[i]))
			return 1;
	return 0;
}

static void
nft_rule(const struct fw *fw, const struct pp_service *s, int v6)
{
	int set = s->ports.n > 1 || s->ports.r[0].lo != s->ports.r[0].hi;
	size_t i, n = 0;

	fprintf(fw->fp, "\t\t");
	if (!pp_service_reachable_from(s, NULL)) {
		fprintf(fw->fp, "%s saddr { ", v6 ? "ip6" : "ip");
		for (i = 0; i < fw->ncidrs; i++)
			if (fw->cidrs[i].v6 == v6 && cidr_for(s, &fw->cidrs[i]))
				fprintf(fw->fp, "%s%s", n++ ? ", " : "", fw->cidrs[i].text);
		fprintf(fw->fp, " } ");
	}
	fprintf(fw->fp, "%s dport %s", pp_proto_name(s->proto), set ? "{ " : "");
	for (i = 0; i < s->ports.n; i++) {
		fprintf(fw->fp, "%s%u", i ? ", " : "", s->ports.r[i].lo);
		if (s->ports.r[i].lo != s->ports.r[i].hi)
			fprintf(fw->fp, "-%u", s->ports.r[i].hi);
	}
	fprintf(fw->fp, "%s accept\n", set ? " }" : "");
}

/* One rule per range (iptables' multiport takes 15 ports at most). */
static void
iptables_ports(FILE *fp, const struct pp_service *s, const char *src)
{
	const char *proto = pp_proto_name(s->proto);
	char port[16];
	size_t r;

	for (r = 0; r < s->ports.n; r++) {
		if (s->ports.r[r].lo == s->ports.r[r].hi)
			snprintf(port, sizeof(port), "%u", s->ports.r[r].lo);
		else
			snprintf(port, sizeof(port), "%u:%u", s->ports.r[r].lo, s->ports.r[r].hi);
		fprintf(fp,
		        "-A INPUT %s-p %s -m %s --dport %s -m comment --comment \"%s\" -j ACCEPT\n",
		        src, proto, proto, port, s->id);
	}
}

/* The rules of the form's family: from "any" one set without a source, else one
 * per address of that family in the service's zones (a zone with addresses of
 * the other family only has none here, as in nft's rule of that family). */
static void
iptables_rules(const struct fw *fw, const struct pp_service *s)
{
	char src[PP_CIDR_STRLEN + 8];
	size_t i;

	if (pp_service_reachable_from(s, NULL)) {
		iptables_ports(fw->fp, s, "");
		return;
	}
	if (!has_family(fw, s, fw->v6)) {
		fprintf(fw->fp, "# no %s addresses in its zones: dropped\n",
		        fw->v6 ? "IPv6" : "IPv4");
		return;
	}
	for (i = 0; i < fw->ncidrs; i++) {
		if (fw->cidrs[i].v6 != fw->v6 || !cidr_for(s, &fw->cidrs[i]))
			continue;
		snprintf(src, sizeof(src), "-s %s ", fw->cidrs[i].text);
		iptables_ports(fw->fp, s, src);
	}
}

static void
header(const struct fw *fw, const char *load)
{
	size_t i;

	fprintf(fw->fp, "# portproof profile firewall %s --role %s --format %s", fw->p->id,
	        fw->o->role,
	        fw->nft  ? "nft"
	        : fw->v6 ? "ip6tables"
	                 : "iptables");
	if (fw->o->features_arg != NULL) {
		fputs(" --features ", fw->fp);
		put_text(fw->fp, fw->o->features_arg);
	}
	putc('\n', fw->fp);
	for (i = 0; i < fw->ncidrs; i++)
		fprintf(fw->fp, "#   zone %s: %s%s\n", fw->cidrs[i].zone, fw->cidrs[i].text,
		        fw->nft || fw->cidrs[i].v6 == fw->v6 ? ""
		        : fw->v6                             ? " (IPv4: in --format iptables)"
		                                             : " (IPv6: in --format ip6tables)");
	fputs("# What ", fw->fp);
	put_text(fw->fp, fw->p->product);
	fprintf(fw->fp,
	        " asks of a host of role %s:\n# each service accepted from its zones, replies and "
	        "loopback accepted,\n# everything else dropped.  Load: %s\n",
	        fw->o->role, load);
}

static void
emit(const struct fw *fw, const struct pp_expect *v, size_t n)
{
	size_t i;

	if (fw->nft) {
		header(fw, "nft -f FILE (replaces the table inet portproof)");
		fprintf(fw->fp,
		        "table inet portproof\ndelete table inet portproof\n"
		        "table inet portproof {\n\tchain input {\n"
		        "\t\ttype filter hook input priority filter; policy drop;\n"
		        "\t\tct state established,related accept\n\t\tct state invalid drop\n"
		        "\t\tiifname \"lo\" accept\n"
		        "\t\t# IPv6 needs neighbour discovery to work at all\n"
		        "\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, "
		        "nd-router-advert } accept\n");
	} else {
		header(fw,
		       fw->v6 ? "ip6tables-restore FILE (replaces the rules of the filter table)"
		              : "iptables-restore FILE (replaces the rules of the filter table)");
		fprintf(fw->fp,
		        "*filter\n:INPUT DROP [0:0]\n"
		        "-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n"
		        "-A INPUT -m conntrack --ctstate INVALID -j DROP\n-A INPUT -i lo -j "
		        "ACCEPT\n");
		if (fw->v6)
			fprintf(fw->fp, "# IPv6 needs neighbour discovery to work at all\n"
			                "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type "
			                "neighbour-solicitation -j ACCEPT\n"
			                "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type "
			                "neighbour-advertisement -j ACCEPT\n"
			                "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type "
			                "router-advertisement -j ACCEPT\n");
	}
	for (i = 0; i < n; i++) {
		const struct pp_service *s = v[i].svc;
		comment(fw->fp, fw->nft ? "\t\t" : "", s);
		if (s->nfrom == 0)
			fprintf(fw->fp, "%s# not open to any zone: dropped\n",
			        fw->nft ? "\t\t" : "");
		else if (!fw->nft)
			iptables_rules(fw, s);
		else {
			if (has_family(fw, s, 0))
				nft_rule(fw, s, 0);
			if (has_family(fw, s, 1))
				nft_rule(fw, s, 1);
		}
	}
	fprintf(fw->fp, fw->nft ? "\t}\n}\n" : "COMMIT\n");
}

int
pp_firewall_write(FILE *fp, const pp_profile *p, const struct pp_firewall_opts *o, char *err,
                  size_t errlen)
{
	struct pp_expect *v;
	struct fw *fw;
	size_t n;
	int rc;

	if ((fw = calloc(1, sizeof(*fw))) == NULL)
		return pp__errf(err, errlen, PP_ENOMEM, "out of memory");
	fw->fp = fp;
	fw->p = p;
	fw->o = o;
	fw->err = err;
	fw->errlen = errlen;
	fw->nft = o->format == PP_FIREWALL_NFT;
	fw->v6 = o->format == PP_FIREWALL_IP6TABLES;
	if ((rc = parse_zones(fw)) < 0)
		goto out;
	if ((rc = pp_profile_query(p, o->role, o->features, o->nfeatures, NULL, 0, &v, &n, err,
	                           errlen)) < 0)
		goto out;
	if ((rc = check_zones(fw, v, n)) == 0)
		emit(fw, v, n);
	free(v);
out:
	free(fw);
	return rc;
}
