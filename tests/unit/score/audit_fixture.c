/*
 * Fixtures of the audit's unit tests (see audit_fixture.h).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "audit_fixture.h"

const char *const afx_dirs[] = {PP_TEST_SRCDIR "/profiles"};

/*
 * web: tcp 443,8443 mandatory, every role; api: tcp 8440 recommended, role a;
 * ssh: tcp 22 optional; db: tcp 1543 cluster only, mandatory; hb: udp 8091 cluster
 * only; sip-udp/sip-tcp/sip-tls (tls only): alternatives "sip"; rtp: udp
 * 20000-20999 dynamic; fixed: udp 20500 listen inside the range, role a.
 */
const char afx_profile_t[] =
        "{\"schema\": \"portproof-profile/1\", \"id\": \"t\", \"product\": \"T\",\n"
        " \"document\": {\"title\": \"t\", \"file\": \"t.txt\"},\n"
        " \"zones\": {\"any\": \"anyone\", \"cluster\": \"the cluster\"},\n"
        " \"features\": {\"tls\": \"TLS is on\"},\n"
        " \"roles\": {\"a\": {\"description\": \"A\"}, \"b\": {\"description\": \"B\"}},\n"
        " \"services\": [\n"
        "  {\"id\": \"web\", \"proto\": \"tcp\", \"ports\": \"443,8443\", \"roles\": [\"*\"], "
        "\"from\": [\"any\"], \"requirement\": \"mandatory\", \"kind\": \"listen\", "
        "\"speaks\": \"tls\", \"description\": \"Web pages; and more\", \"ref\": \"T1 web\"},\n"
        "  {\"id\": \"api\", \"proto\": \"tcp\", \"ports\": \"8440\", \"roles\": [\"a\"], "
        "\"from\": [\"any\"], \"requirement\": \"recommended\", \"kind\": \"listen\", "
        "\"description\": \"API access\", \"ref\": \"T1 api\"},\n"
        "  {\"id\": \"ssh\", \"proto\": \"tcp\", \"ports\": \"22\", \"roles\": [\"*\"], "
        "\"from\": [\"any\"], \"requirement\": \"optional\", \"kind\": \"listen\", "
        "\"speaks\": \"ssh\", \"ref\": \"T1 ssh\"},\n"
        "  {\"id\": \"db\", \"proto\": \"tcp\", \"ports\": \"1543\", \"roles\": [\"*\"], "
        "\"from\": [\"cluster\"], \"requirement\": \"mandatory\", \"kind\": \"listen\", "
        "\"description\": \"Database\", \"ref\": \"T1 db\"},\n"
        "  {\"id\": \"hb\", \"proto\": \"udp\", \"ports\": \"8091\", \"roles\": [\"*\"], "
        "\"from\": [\"cluster\"], \"requirement\": \"mandatory\", \"kind\": \"listen\", "
        "\"ref\": \"T1 hb\"},\n"
        "  {\"id\": \"sip-udp\", \"proto\": \"udp\", \"ports\": \"5060\", \"roles\": [\"*\"], "
        "\"from\": [\"any\"], \"requirement\": \"recommended\", \"kind\": \"listen\", "
        "\"ref\": \"T1 sip\"},\n"
        "  {\"id\": \"sip-tcp\", \"proto\": \"tcp\", \"ports\": \"5060\", \"roles\": [\"*\"], "
        "\"from\": [\"any\"], \"requirement\": \"mandatory\", \"kind\": \"listen\", "
        "\"ref\": \"T1 sip\"},\n"
        "  {\"id\": \"sip-tls\", \"proto\": \"tcp\", \"ports\": \"5061\", \"roles\": [\"*\"], "
        "\"from\": [\"any\"], \"requirement\": \"optional\", \"kind\": \"listen\", "
        "\"when\": \"tls\", \"ref\": \"T1 sips\"},\n"
        "  {\"id\": \"rtp\", \"proto\": \"udp\", \"ports\": \"20000-20999\", \"roles\": [\"*\"], "
        "\"from\": [\"any\"], \"requirement\": \"mandatory\", \"kind\": \"dynamic\", "
        "\"description\": \"RTP media\", \"ref\": \"T1 rtp\"},\n"
        "  {\"id\": \"fixed\", \"proto\": \"udp\", \"ports\": \"20500\", \"roles\": [\"a\"], "
        "\"from\": [\"any\"], \"requirement\": \"mandatory\", \"kind\": \"listen\", "
        "\"ref\": \"T1 fixed\"}\n"
        " ],\n"
        " \"alternatives\": [{\"id\": \"sip\", \"one_of\": [\"sip-udp\", \"sip-tcp\", "
        "\"sip-tls\"]}],\n"
        " \"errata\": [], \"excluded\": []}\n";

pp_deploy *
afx_deploy(const char *profile_json, const char *vantage, const char *const *features,
           size_t nfeatures, const struct afx_host *hosts, size_t nhosts)
{
	struct pp_diags diags;
	pp_deploy *d = calloc(1, sizeof(*d));
	pp_profile *p;
	size_t i;

	ck_assert_ptr_nonnull(d);
	pp_diags_init(&diags);
	if (pp_profile_parse(profile_json, strlen(profile_json), &p, &diags) != 0)
		ck_abort_msg("fixture profile: %u:%u: %s", diags.n ? diags.v[0].pos.line : 0,
		             diags.n ? diags.v[0].pos.col : 0, diags.n ? diags.v[0].msg : "?");
	pp_diags_free(&diags);
	d->name = strdup("fixture");
	d->vantage = strdup(vantage);
	d->features = calloc(nfeatures + 1, sizeof(*d->features));
	for (i = 0; i < nfeatures; i++)
		d->features[d->nfeatures++] = strdup(features[i]);
	d->profiles = calloc(1, sizeof(*d->profiles));
	d->profiles[d->nprofiles++] = p;
	d->hosts = calloc(nhosts, sizeof(*d->hosts));
	for (i = 0; i < nhosts; i++) {
		struct pp_deploy_host *h = &d->hosts[d->nhosts++];
		h->name = strdup(hosts[i].name);
		h->address = strdup("198.18.0.0");
		h->addr = pp_addr_from_v4(hosts[i].addr);
		h->profile_id = strdup(p->id);
		h->role = strdup(hosts[i].role);
		h->profile = p;
	}
	return d;
}

pp_deploy *
afx_site(void)
{
	struct pp_diags diags;
	pp_deploy *d;

	pp_diags_init(&diags);
	if (pp_deploy_load(PP_TEST_SRCDIR "/tests/lab/mediasense/site.json", afx_dirs, 1, &d,
	                   &diags) != 0)
		ck_abort_msg("site.json: %s", diags.n ? diags.v[0].msg : "?");
	pp_diags_free(&diags);
	return d;
}
