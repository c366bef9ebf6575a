/*
 * The probe registry: every protocol probe in one static, const list, looked up by
 * name (a profile's service, pp-udpprobe's argument) or by port (the default for a
 * UDP port no profile names).  Profiles name services with these same words
 * ("sip", "snmp", "ras", "stun", "tftp"), so a service on an unusual port gets
 * its protocol's probe.  A port that no probe claims gets the empty probe:
 * a zero-length datagram, the most any unknown service can be asked.
 */
#include "config.h"

#include <string.h>

#include "pp_probe.h"
#include "probes.h"

/* Order matters only for pp_probe_for_port: default ports do not overlap. */
static const struct pp_probe *const pp__registry[] = {
        &pp__probe_sip,  &pp__probe_snmp, &pp__probe_ntp,   &pp__probe_dns, &pp__probe_stun,
        &pp__probe_tftp, &pp__probe_ras,  &pp__probe_empty, NULL,
};

const struct pp_probe *const *
pp_probes(void)
{
	return pp__registry;
}

const struct pp_probe *
pp_probe_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; pp__registry[i] != NULL; i++)
		if (strcmp(pp__registry[i]->name, name) == 0)
			return pp__registry[i];
	return NULL;
}

const struct pp_probe *
pp_probe_for_port(unsigned port)
{
	size_t i;

	for (i = 0; pp__registry[i] != NULL; i++)
		if (pp__probe_ports_contain(pp__registry[i]->ports, port))
			return pp__registry[i];
	return &pp__probe_empty;
}

const struct pp_probe *
pp_probe_for_service(const char *name, unsigned port)
{
	const struct pp_probe *p = pp_probe_find(name);

	return p != NULL ? p : pp_probe_for_port(port);
}

/*
 * The default-ports strings are our own constants ("1718-1719", "3478,3479"), so a
 * small reader that needs no allocation will do; check_probes holds each one to
 * pp_portset_parse so the two cannot disagree.
 */
int
pp__probe_ports_contain(const char *ports, unsigned port)
{
	const char *s = ports;
	unsigned lo, hi;

	if (s == NULL)
		return 0;
	while (*s != '\0') {
		lo = 0;
		while (*s >= '0' && *s <= '9' && lo <= 65535)
			lo = lo * 10 + (unsigned)(*s++ - '0');
		hi = lo;
		if (*s == '-') {
			s++;
			hi = 0;
			while (*s >= '0' && *s <= '9' && hi <= 65535)
				hi = hi * 10 + (unsigned)(*s++ - '0');
		}
		if (port >= lo && port <= hi)
			return 1;
		if (*s != ',')
			return 0;
		s++;
	}
	return 0;
}
