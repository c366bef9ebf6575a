/*
 * Unit tests of the firewall writer (lib/report/firewall.c): the rules a role of a
 * small profile gets in nft, iptables and ip6tables form (dual-stack zones), each service from its
 * zones only, host bits cleared, one iptables rule per range, nothing for a service open to no
 * zone, text from the profile kept inside its comment, and each way the options
 * can fail to fit the profile, with nothing written then.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portproof.h"
#include "pp_firewall.h"
#include "runner.h"

static const char profile[] =
        "{\"schema\": \"portproof-profile/1\", \"id\": \"fw\", \"product\": \"Fw\\nproduct\",\n"
        " \"document\": {\"title\": \"D\", \"file\": \"d.txt\"},\n"
        " \"zones\": {\"any\": \"anyone\", \"cluster\": \"the nodes\", \"ops\": \"the admins\"},\n"
        " \"features\": {\"secure\": \"TLS\"},\n"
        " \"roles\": {\"a\": {\"description\": \"A\"}, \"b\": {\"description\": \"B\"}},\n"
        " \"services\": [\n"
        "  {\"id\": \"web\", \"proto\": \"tcp\", \"ports\": \"443,8443\", \"roles\": [\"*\"],\n"
        "   \"from\": [\"any\"], \"requirement\": \"mandatory\", \"kind\": \"listen\",\n"
        "   \"ref\": \"T1\\n-A INPUT -j ACCEPT\"},\n"
        "  {\"id\": \"db\", \"proto\": \"tcp\", \"ports\": \"1543\", \"roles\": [\"a\"],\n"
        "   \"from\": [\"cluster\"], \"requirement\": \"mandatory\", \"kind\": \"listen\",\n"
        "   \"ref\": \"T2\"},\n"
        "  {\"id\": \"rtp\", \"proto\": \"udp\", \"ports\": \"5000,10000-20000\",\n"
        "   \"roles\": [\"a\"], \"from\": [\"cluster\", \"ops\"], \"requirement\": \"optional\",\n"
        "   \"kind\": \"dynamic\", \"ref\": \"T3\"},\n"
        "  {\"id\": \"sip-tls\", \"proto\": \"tcp\", \"ports\": \"5061\", \"roles\": [\"a\"],\n"
        "   \"from\": [\"any\"], \"requirement\": \"mandatory\", \"when\": \"secure\",\n"
        "   \"kind\": \"listen\", \"ref\": \"T4\"},\n"
        "  {\"id\": \"closed\", \"proto\": \"tcp\", \"ports\": \"2090\", \"roles\": [\"a\"],\n"
        "   \"from\": [], \"requirement\": \"optional\", \"kind\": \"listen\", \"ref\": \"T5\"}\n"
        " ]}\n";

static pp_profile *p;
static char *out;
static size_t outlen;
static char err[512];

static void
setup(void)
{
	struct pp_diags d;

	pp_diags_init(&d);
	ck_assert_int_eq(pp_profile_parse(profile, strlen(profile), &p, &d), 0);
	pp_diags_free(&d);
}

static void
teardown(void)
{
	pp_profile_free(p);
	free(out);
	out = NULL;
}

/* The writer's output for these options (in out), and its return code. */
static int
write_rules(unsigned format, const char *role, const char *const *zones, size_t nzones,
            const char *const *features, size_t nfeatures)
{
	struct pp_firewall_opts o = {role, features, nfeatures, NULL, zones, nzones, format};
	FILE *fp;
	int rc;

	free(out);
	out = NULL;
	err[0] = '\0';
	ck_assert_ptr_nonnull(fp = open_memstream(&out, &outlen));
	rc = pp_firewall_write(fp, p, &o, err, sizeof(err));
	ck_assert_int_eq(fclose(fp), 0);
	return rc;
}

static int
has_line(const char *line)
{
	size_t n = strlen(line);
	const char *s;

	for (s = out; (s = strstr(s, line)) != NULL; s += n)
		if ((s == out || s[-1] == '\n') && (s[n] == '\n' || s[n] == '\0'))
			return 1;
	return 0;
}

START_TEST(nft_rules)
{
	const char *zones[] = {"cluster=198.18.1.7/24,2001:2::5/64", "ops=198.19.0.1"};

	ck_assert_int_eq(write_rules(PP_FIREWALL_NFT, "a", zones, 2, NULL, 0), 0);
	ck_assert(has_line("#   zone cluster: 198.18.1.0/24"));
	ck_assert(has_line("#   zone cluster: 2001:2::/64"));
	ck_assert(has_line("#   zone ops: 198.19.0.1/32"));
	ck_assert(has_line("table inet portproof {"));
	ck_assert(has_line("\t\ttcp dport { 443, 8443 } accept"));
	ck_assert(has_line("\t\tip saddr { 198.18.1.0/24 } tcp dport 1543 accept"));
	ck_assert(has_line("\t\tip6 saddr { 2001:2::/64 } tcp dport 1543 accept"));
	ck_assert(has_line("\t\tip saddr { 198.18.1.0/24, 198.19.0.1/32 } udp dport { 5000, "
	                   "10000-20000 } accept"));
	/* Only the cluster has IPv6 addresses: the ops zone has no ip6 rule. */
	ck_assert(has_line("\t\tip6 saddr { 2001:2::/64 } udp dport { 5000, 10000-20000 } accept"));
	ck_assert(has_line("\t\t# not open to any zone: dropped"));
	ck_assert_ptr_null(strstr(out, "dport 2090"));
	ck_assert_ptr_null(strstr(out, "5061")); /* its feature is off */
	/* The profile's text stays in its comment. */
	ck_assert(has_line("\t\t# web tcp/443,8443 mandatory: T1 -A INPUT -j ACCEPT"));
	ck_assert(has_line("# What Fw product asks of a host of role a:"));
	ck_assert(has_line("}"));
}
END_TEST

START_TEST(iptables_rules)
{
	const char *zones[] = {"cluster=198.18.1.7/32", "ops=10.1.2.3/8"};
	const char *features[] = {"secure"};

	ck_assert_int_eq(write_rules(PP_FIREWALL_IPTABLES, "a", zones, 2, features, 1), 0);
	ck_assert(has_line("*filter"));
	ck_assert(has_line(":INPUT DROP [0:0]"));
	ck_assert(has_line("-A INPUT -p tcp -m tcp --dport 443 -m comment --comment \"web\" -j "
	                   "ACCEPT"));
	ck_assert(has_line("-A INPUT -s 198.18.1.7/32 -p tcp -m tcp --dport 1543 -m comment "
	                   "--comment \"db\" -j ACCEPT"));
	/* One rule per range and per source. */
	ck_assert(has_line("-A INPUT -s 10.0.0.0/8 -p udp -m udp --dport 10000:20000 -m comment "
	                   "--comment \"rtp\" -j ACCEPT"));
	ck_assert(has_line("-A INPUT -s 198.18.1.7/32 -p udp -m udp --dport 5000 -m comment "
	                   "--comment \"rtp\" -j ACCEPT"));
	ck_assert(has_line("-A INPUT -p tcp -m tcp --dport 5061 -m comment --comment \"sip-tls\" "
	                   "-j ACCEPT"));
	ck_assert(has_line("# web tcp/443,8443 mandatory: T1 -A INPUT -j ACCEPT"));
	ck_assert(has_line("COMMIT"));
	ck_assert_ptr_null(strstr(out, "--dport 2090"));
}
END_TEST

/* Dual-stack zones: each iptables form takes the addresses of its family from
 * the same --zone list; a service whose zones have none gets a comment. */
START_TEST(ip6tables_rules)
{
	const char *zones[] = {"cluster=198.18.1.7/24,2001:2:0:1::9/64", "ops=198.19.0.1"};

	ck_assert_int_eq(write_rules(PP_FIREWALL_IP6TABLES, "a", zones, 2, NULL, 0), 0);
	ck_assert(has_line("# portproof profile firewall fw --role a --format ip6tables"));
	ck_assert(has_line("#   zone cluster: 2001:2:0:1::/64"));
	ck_assert(has_line("#   zone cluster: 198.18.1.0/24 (IPv4: in --format iptables)"));
	ck_assert(has_line("#   zone ops: 198.19.0.1/32 (IPv4: in --format iptables)"));
	ck_assert(has_line(":INPUT DROP [0:0]"));
	ck_assert(has_line("-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation "
	                   "-j ACCEPT"));
	ck_assert(has_line("-A INPUT -p tcp -m tcp --dport 443 -m comment --comment \"web\" -j "
	                   "ACCEPT"));
	ck_assert(has_line("-A INPUT -s 2001:2:0:1::/64 -p tcp -m tcp --dport 1543 -m comment "
	                   "--comment \"db\" -j ACCEPT"));
	ck_assert(has_line("-A INPUT -s 2001:2:0:1::/64 -p udp -m udp --dport 10000:20000 -m "
	                   "comment --comment \"rtp\" -j ACCEPT"));
	ck_assert_ptr_null(strstr(out, "-s 198.")); /* no IPv4 address in a rule */
	ck_assert(has_line("COMMIT"));

	/* The IPv4 form of the same list: no IPv6 in a rule, named in the header. */
	ck_assert_int_eq(write_rules(PP_FIREWALL_IPTABLES, "a", zones, 2, NULL, 0), 0);
	ck_assert(has_line("#   zone cluster: 2001:2:0:1::/64 (IPv6: in --format ip6tables)"));
	ck_assert(has_line("-A INPUT -s 198.18.1.0/24 -p tcp -m tcp --dport 1543 -m comment "
	                   "--comment \"db\" -j ACCEPT"));
	ck_assert_ptr_null(strstr(out, "-s 2001"));
	ck_assert_ptr_null(strstr(out, "icmpv6"));

	/* A zone with IPv6 addresses only: no IPv4 rule for its service, said so. */
	const char *v6only[] = {"cluster=2001:2::/64", "ops=2001:2:1::/48"};
	ck_assert_int_eq(write_rules(PP_FIREWALL_IPTABLES, "a", v6only, 2, NULL, 0), 0);
	ck_assert(has_line("# db tcp/1543 mandatory: T2"));
	ck_assert(has_line("# no IPv4 addresses in its zones: dropped"));
	ck_assert_ptr_null(strstr(out, "--dport 1543"));
	ck_assert_int_eq(write_rules(PP_FIREWALL_NFT, "a", v6only, 2, NULL, 0), 0);
	ck_assert(has_line("\t\tip6 saddr { 2001:2::/64, 2001:2:1::/48 } udp dport { 5000, "
	                   "10000-20000 } accept"));
	ck_assert_ptr_null(strstr(out, "ip saddr"));
}
END_TEST

START_TEST(role_without_zones)
{
	/* Role b needs no zone: no --zone at all is fine. */
	ck_assert_int_eq(write_rules(PP_FIREWALL_NFT, "b", NULL, 0, NULL, 0), 0);
	ck_assert(has_line("\t\ttcp dport { 443, 8443 } accept"));
	ck_assert_ptr_null(strstr(out, "saddr"));
}
END_TEST

START_TEST(options_that_do_not_fit)
{
	static const struct {
		unsigned format;
		const char *role, *zone, *msg;
		int rc;
	} cases[] = {
	        {PP_FIREWALL_NFT, "a", NULL,
	         "no addresses for zones cluster, ops: give --zone NAME=CIDR for each", PP_EINVAL},
	        {PP_FIREWALL_NFT, "a", "cluster=198.18.0.1",
	         "no addresses for zone ops: give --zone NAME=CIDR for each", PP_EINVAL},
	        {PP_FIREWALL_NFT, "a", "dmz=198.18.0.0/24",
	         "--zone: no such zone in the profile: 'dmz'", PP_EINVAL},
	        {PP_FIREWALL_NFT, "a", "any=198.18.0.0/24",
	         "--zone: zone 'any' is anyone anywhere; it takes no addresses", PP_EINVAL},
	        {PP_FIREWALL_NFT, "a", "cluster=198.18.0.300/24",
	         "--zone: invalid value 'cluster=198.18.0.300/24' (expected NAME=CIDR)", PP_EINVAL},
	        {PP_FIREWALL_NFT, "a", "cluster=198.18.0.3/33",
	         "--zone: invalid value 'cluster=198.18.0.3/33' (expected NAME=CIDR)", PP_EINVAL},
	        {PP_FIREWALL_NFT, "a", "cluster",
	         "--zone: invalid value 'cluster' (expected NAME=CIDR)", PP_EINVAL},
	        {PP_FIREWALL_IP6TABLES, "a", "cluster=2001:2::1/129",
	         "--zone: invalid value 'cluster=2001:2::1/129' (expected NAME=CIDR)", PP_EINVAL},
	        {PP_FIREWALL_IP6TABLES, "a", "cluster=fe80::1%eth0/64",
	         "--zone: 'fe80::1%eth0/64' is scoped (%IF): a rule's source is a global prefix",
	         PP_EINVAL},
	        {PP_FIREWALL_IP6TABLES, "a", "cluster=2001:2::1",
	         "no addresses for zone ops: give --zone NAME=CIDR for each", PP_EINVAL},
	        {PP_FIREWALL_NFT, "c", "cluster=198.18.0.1", "fw has no role 'c' (roles: a, b)",
	         PP_ENOENT},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *zones[] = {cases[i].zone};
		int rc = write_rules(cases[i].format, cases[i].role, zones, cases[i].zone ? 1 : 0,
		                     NULL, 0);
		ck_assert_msg(rc == cases[i].rc, "case %zu: rc %d", i, rc);
		ck_assert_str_eq(err, cases[i].msg);
		ck_assert_uint_eq(outlen, 0);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("firewall");
	TCase *tc = tcase_create("firewall");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, nft_rules);
	tcase_add_test(tc, iptables_rules);
	tcase_add_test(tc, ip6tables_rules);
	tcase_add_test(tc, role_without_zones);
	tcase_add_test(tc, options_that_do_not_fit);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
