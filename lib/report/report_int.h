/*
 * What the reporters share inside libportproof: the modules of the registry and
 * small helpers for escaping, labels and the order of findings.
 */
#ifndef PP_REPORT_INT_H
#define PP_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pp_report.h"
#include "pp_result.h"

extern const struct pp_reporter pp__report_text;
extern const struct pp_reporter pp__report_json;
extern const struct pp_reporter pp__report_csv;
extern const struct pp_reporter pp__report_junit;
extern const struct pp_reporter pp__report_xml;
extern const struct pp_reporter pp__report_html;

/* The host's name in an audit, else its address. */
const char *pp__host_label(const struct pp_host_result *h, char *buf, size_t len);
/* A verdict that is a finding (not none, not pass). */
int pp__is_finding(unsigned verdict);
/* A port the findings list: a finding's verdict, or a pass that carries a
 * severity (a TLS certificate that expires soon; pp_score_cert). */
int pp__port_finding(const struct pp_port_result *p);
/* A host's middlebox as words: "syn-proxy" is "SYN proxy". */
const char *pp__middlebox_name(const char *kind);
/* A finding that fails an expectation (everything but inconclusive). */
int pp__is_failure(unsigned verdict);
/*
 * The findings of h, most severe first, then in port order: a malloc'ed array of
 * pointers into h->ports (NULL with *n = 0 when there are none or memory is out).
 */
const struct pp_port_result **pp__findings(const struct pp_host_result *h, size_t *n);
/*
 * Text for an XML or HTML attribute or element: & < > " ' escaped, tab and newline
 * as character references, other control characters dropped, bytes that are not
 * UTF-8 (and U+FFFE, U+FFFF) replaced by U+FFFD.  NULL prints nothing.
 */
void pp__xml_str(FILE *fp, const char *s);
/* Seconds the scan took, never negative. */
long pp__elapsed(const struct pp_result *r);
/* Packets that answered a probe: received less rejected (portproof(1)'s words:
 * a probe is sent, retransmitted, answered). */
unsigned long long pp__answered(const struct pp_result *r);

/*
 * The name /etc/services gives a port ("" if none), through a small cache that
 * lives as long as one rendering: the lookup reads the file each time, and a /16
 * with port 80 open everywhere would otherwise read it 65536 times.
 */
struct pp__svc_cache {
	uint32_t key[64]; /* proto << 16 | port, + 1; 0 empty */
	char name[64][32];
};
const char *pp__service_name(struct pp__svc_cache *c, unsigned proto, unsigned port);
/* The service column of the text and html reports: the profile's service, the UDP
 * probe that got an answer, else the name in /etc/services (nmap's "table" guess). */
const char *pp__port_service(const struct pp_port_result *p, struct pp__svc_cache *c);

/*
 * The zone x port matrix of a result joined from several vantages (matrix.c).
 * zones: the listed vantages, then any other a port names (a malloc'ed array
 * of pointers into r).  pp__matrix_row fills cells[0..nz) with the entries of
 * the port at h->ports[i] seen from each zone (NULL: none) and returns the index
 * of the next port.  pp__matrix_unverified: zone is one no result covers.
 */
int pp__matrix_zones(const struct pp_result *r, const char ***zones, size_t *nz);
size_t pp__matrix_row(const struct pp_host_result *h, size_t i, const char *const *zones, size_t nz,
                      const struct pp_port_result **cells);
int pp__matrix_unverified(const struct pp_result *r, const char *zone);
/*
 * The samples of a dynamic range are one row: pp__matrix_range_row gives the
 * sample that stands for the range when the row at h->ports[i] samples one
 * (*first: it is the range's first row, the one to draw), else NULL; and
 * pp__matrix_range what its samples got from zone.
 */
struct pp__range_cell {
	size_t n, passed;                   /* samples seen from the zone, and passed */
	const struct pp_port_result *worst; /* the most severe finding, or NULL */
	size_t nworst;                      /* samples with the worst one's verdict */
};
const struct pp_port_result *pp__matrix_range_row(const struct pp_host_result *h, size_t i,
                                                  const struct pp_port_result *const *cells,
                                                  size_t nz, int *first);
void pp__matrix_range(const struct pp_host_result *h, const struct pp_port_result *s,
                      const char *zone, struct pp__range_cell *c);
/* The text report's table of a host in such a result: a column per zone. */
int pp__text_matrix(FILE *fp, const struct pp_result *r, const struct pp_host_result *h, int color);

#endif
