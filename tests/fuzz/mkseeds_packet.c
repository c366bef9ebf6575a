/*
 * Writes the seed corpus of fuzz_packet (tests/fuzz/corpus/packet) into the
 * directory named on its command line: Ethernet frames from the target
 * 198.18.0.2 to us, made with the engine's own templates and the fixed key of
 * packet_fixture.h, so the answers carry cookies that pass.  The answers
 * (SYN-ACK, RST, ICMP errors quoting our probes, DNS, NTP, TFTP and plain UDP
 * replies), the junk a hostile network sends (wrong acks, RSTs for ports never
 * probed, ICMP errors quoting someone else's packet, bad checksums, truncations,
 * fragments) and the other link layers.  Not built by default:
 *   make tests/fuzz/mkseeds_packet && tests/fuzz/mkseeds_packet DIR
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/build.h"
#include "base/bytes.h"
#include "packet_fixture.h"

static const char *dir;
static struct ppf fix, fix6;
static struct pp__tmpl tmpl;

static uint32_t
pseudo(const uint8_t *ip, size_t l4len)
{
	return pp__csum_add(0, ip + 12, 8) + ip[9] + (uint32_t)l4len;
}

/* Ethernet header (to us, IPv4) then an IPv4 header; returns the IP header. */
static uint8_t *
eth_ip(uint8_t *b, uint32_t src, uint32_t dst, unsigned proto, size_t l4len)
{
	uint8_t *ip = b + 14;

	memset(b, 0, 14 + 20);
	memcpy(b, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00", 14);
	ip[0] = 0x45;
	pp__put16(ip + 2, (unsigned)(20 + l4len));
	pp__put16(ip + 4, 0x4242);
	ip[6] = 0x40; /* DF */
	ip[8] = 64;
	ip[9] = (uint8_t)proto;
	pp__put32(ip + 12, src);
	pp__put32(ip + 16, dst);
	pp__csum_put(ip + 10, pp__csum_add(0, ip, 20));
	return ip;
}

static void
save(const char *name, const uint8_t *b, size_t len)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "wb")) == NULL || fwrite(b, 1, len, fp) != len || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
}

static uint64_t
tcp_cookie(unsigned dport)
{
	return pp__cookie(&fix.m.key, PP_PROTO_TCP, PPF_US, PPF_THEM, (uint16_t)dport);
}

/* A TCP answer from THEM:sport (with an MSS option, as Linux sends); its length. */
static size_t
tcp_reply(uint8_t *b, uint32_t from, unsigned sport, unsigned dport, uint32_t ack, unsigned flags)
{
	uint8_t *ip = eth_ip(b, from, PPF_US, 6, 24), *t = ip + 20;

	memset(t, 0, 24);
	pp__put16(t, sport);
	pp__put16(t + 2, dport);
	pp__put32(t + 4, 0x11223344);
	pp__put32(t + 8, ack);
	t[12] = 6 << 4;
	t[13] = (uint8_t)flags;
	pp__put16(t + 14, 64240);
	memcpy(t + 20, "\x02\x04\x05\xb4", 4);
	pp__csum_put(t + 16, pseudo(ip, 24) + pp__csum_add(0, t, 24));
	return 14 + 44;
}

/* Our probe to THEM:dport, as the engine sends it; its length (IP on). */
static size_t
probe(uint8_t *b, unsigned proto, unsigned dport)
{
	struct pp_probe_ctx ctx;
	size_t i;
	int n;

	if (proto == PP_PROTO_TCP) {
		uint64_t c = tcp_cookie(dport);
		pp__build_tcp(&tmpl, b, PPF_US, PPF_THEM, pp__cookie_sport(&fix.m.key, c),
		              (uint16_t)dport, pp__cookie_seq(c), (uint16_t)(c >> 16));
		return PP__TCP_PKT_LEN;
	}
	for (i = 0; i < PPF_NUDP && fix.udp[i].port != dport; i++)
		;
	pp__udp_ctx(&fix.m, &fix.udp[i], PPF_THEM, 0, &ctx);
	n = fix.udp[i].probe->build ? fix.udp[i].probe->build(&ctx, b + PP__UDP_HDR_LEN, 512) : 0;
	return pp__build_udp(&tmpl, b, n > 0 ? (size_t)n : 0, PPF_US, PPF_THEM, ctx.sport,
	                     (uint16_t)dport, (uint16_t)(ctx.cookie >> 16));
}

/* An ICMP unreachable (code) from `from`, quoting qlen bytes of q. */
static size_t
icmp(uint8_t *b, uint32_t from, unsigned code, const uint8_t *q, size_t qlen)
{
	uint8_t *ip = eth_ip(b, from, PPF_US, 1, 8 + qlen), *i = ip + 20;

	memset(i, 0, 8);
	i[0] = 3;
	i[1] = (uint8_t)code;
	memcpy(i + 8, q, qlen);
	pp__csum_put(i + 2, pp__csum_add(0, i, 8 + qlen));
	return 14 + 28 + qlen;
}

/* A UDP datagram from THEM:sport to us:dport. */
static size_t
udp(uint8_t *b, uint32_t from, unsigned sport, unsigned dport, const uint8_t *p, size_t len)
{
	uint8_t *ip = eth_ip(b, from, PPF_US, 17, 8 + len), *u = ip + 20;

	pp__put16(u, sport);
	pp__put16(u + 2, dport);
	pp__put16(u + 4, (unsigned)(8 + len));
	pp__put16(u + 6, 0);
	memcpy(u + 8, p, len);
	pp__csum_put(u + 6, pseudo(ip, 8 + len) + pp__csum_add(0, u, 8 + len));
	return 14 + 28 + len;
}

static unsigned
sport_tcp(unsigned dport)
{
	return pp__cookie_sport(&fix.m.key, tcp_cookie(dport));
}

static void
tcp_seeds(void)
{
	uint8_t b[2048], q[64], o[2048];
	size_t n;

	save("synack-443.bin", b,
	     tcp_reply(b, PPF_THEM, 443, sport_tcp(443), pp__cookie_seq(tcp_cookie(443)) + 1,
	               0x12));
	save("rst-25.bin", b,
	     tcp_reply(b, PPF_THEM, 25, sport_tcp(25), pp__cookie_seq(tcp_cookie(25)) + 1, 0x14));
	save("junk-synack-ack-is-seq.bin", b,
	     tcp_reply(b, PPF_THEM, 80, sport_tcp(80), pp__cookie_seq(tcp_cookie(80)), 0x12));
	save("junk-rst-unprobed-port.bin", b,
	     tcp_reply(b, PPF_THEM, 9999, sport_tcp(80), pp__cookie_seq(tcp_cookie(80)) + 1, 0x14));
	save("junk-synack-other-address.bin", b,
	     tcp_reply(b, PPF_THEM + 1, 80, sport_tcp(80), pp__cookie_seq(tcp_cookie(80)) + 1,
	               0x12));
	save("junk-rst-no-ack.bin", b,
	     tcp_reply(b, PPF_THEM, 25, sport_tcp(25), pp__cookie_seq(tcp_cookie(25)) + 1, 0x04));
	n = tcp_reply(b, PPF_THEM, 443, sport_tcp(443), pp__cookie_seq(tcp_cookie(443)) + 1, 0x12);
	b[14 + 20 + 13] = 0x14; /* flags changed on the way: the checksum no longer fits */
	save("junk-bad-tcp-checksum.bin", b, n);
	n = tcp_reply(b, PPF_THEM, 443, sport_tcp(443), pp__cookie_seq(tcp_cookie(443)) + 1, 0x12);
	b[14 + 8] = 1; /* TTL changed, IP checksum not */
	save("junk-bad-ip-checksum.bin", b, n);
	/* The checksum a local sender left to its offload: the pseudo-header sum. */
	n = tcp_reply(b, PPF_THEM, 22, sport_tcp(22), pp__cookie_seq(tcp_cookie(22)) + 1, 0x12);
	pp__put16(b + 14 + 36, pp__csum_fold(pseudo(b + 14, 24)));
	save("synack-offload-checksum.bin", b, n);
	n = tcp_reply(b, PPF_THEM, 443, sport_tcp(443), pp__cookie_seq(tcp_cookie(443)) + 1, 0x12);
	save("junk-truncated-tcp.bin", b, 14 + 20 + 10);
	save("junk-truncated-ip.bin", b, 14 + 12);
	/* Padding past the IP total length (a 60-byte minimum frame). */
	memset(o, 0, sizeof(o));
	memcpy(o, b, n);
	save("synack-padded.bin", o, n + 6);
	/* One 802.1Q tag. */
	memcpy(o, b, 12);
	memcpy(o + 12, "\x81\x00\x00\x05", 4);
	memcpy(o + 16, b + 12, n - 12);
	save("synack-vlan.bin", o, n + 4);
	/* Raw IPv4 (no link layer), and Linux cooked SLL and SLL2. */
	save("synack-raw-ip.bin", b + 14, n - 14);
	memset(o, 0, 16);
	pp__put16(o + 14, 0x0800);
	memcpy(o + 16, b + 14, n - 14);
	save("synack-sll.bin", o, n + 2);
	memset(o, 0, 20);
	pp__put16(o, 0x0800);
	memcpy(o + 20, b + 14, n - 14);
	save("synack-sll2.bin", o, n + 6);
	/* A non-first fragment: no TCP header to read. */
	n = tcp_reply(b, PPF_THEM, 443, sport_tcp(443), pp__cookie_seq(tcp_cookie(443)) + 1, 0x12);
	pp__put16(b + 14 + 6, 0x2000 | 3);
	pp__put16(b + 14 + 10, 0);
	pp__csum_put(b + 14 + 10, pp__csum_add(0, b + 14, 20));
	save("junk-fragment.bin", b, n);
	/* ICMP errors quoting our SYN: from a router (admin prohibited), and fragmentation
	 * needed, which says nothing of the port. */
	probe(q, PP_PROTO_TCP, 8443);
	save("icmp-admin-prohibited-tcp.bin", b, icmp(b, 0xc6120101u, 13, q, 28));
	save("icmp-host-unreach-tcp.bin", b, icmp(b, 0xc6120101u, 1, q, PP__TCP_PKT_LEN));
	save("junk-icmp-frag-needed.bin", b, icmp(b, PPF_THEM, 4, q, 28));
	save("junk-icmp-short-quote.bin", b, icmp(b, PPF_THEM, 13, q, 24));
	q[24] ^= 1; /* another sequence number */
	save("junk-icmp-quoting-other-seq.bin", b, icmp(b, PPF_THEM, 13, q, 28));
	probe(q, PP_PROTO_TCP, 8443);
	pp__put32(q + 12, PPF_US + 7); /* someone else's packet */
	save("junk-icmp-quoting-other-source.bin", b, icmp(b, PPF_THEM, 3, q, 28));
	/* Our own probe, as a capture of the other direction would see it. */
	memcpy(o, b, 14);
	n = probe(o + 14, PP_PROTO_TCP, 80);
	save("own-probe-syn.bin", o, 14 + n);
}

static void
udp_seeds(void)
{
	uint8_t b[2048], q[1024], p[600];
	struct pp_probe_ctx ctx;
	size_t n, plen;

	/* DNS: the query, answered (QR set, the question echoed). */
	n = probe(q, PP_PROTO_UDP, 53);
	plen = n - PP__UDP_HDR_LEN;
	memcpy(p, q + PP__UDP_HDR_LEN, plen);
	p[2] |= 0x80;
	save("udp-dns-answer.bin", b,
	     udp(b, PPF_THEM, 53, (unsigned)(q[20] << 8 | q[21]), p, plen));
	save("icmp-port-unreach-dns.bin", b, icmp(b, PPF_THEM, 3, q, n));
	save("icmp-port-unreach-dns-cut.bin", b, icmp(b, PPF_THEM, 3, q, 28));
	p[0] ^= 0xff; /* another id */
	save("junk-udp-dns-wrong-id.bin", b,
	     udp(b, PPF_THEM, 53, (unsigned)(q[20] << 8 | q[21]), p, plen));
	save("junk-udp-dns-other-address.bin", b,
	     udp(b, PPF_THEM + 1, 53, (unsigned)(q[20] << 8 | q[21]), p, plen));
	/* NTP: mode 4, our transmit time as the originate time. */
	n = probe(q, PP_PROTO_UDP, 123);
	memset(p, 0, 48);
	p[0] = 4 << 3 | 4;
	p[1] = 2;
	memcpy(p + 24, q + PP__UDP_HDR_LEN + 40, 8);
	save("udp-ntp-answer.bin", b, udp(b, PPF_THEM, 123, (unsigned)(q[20] << 8 | q[21]), p, 48));
	/* The empty probe (port 7): any datagram back is an answer; with no checksum. */
	n = probe(q, PP_PROTO_UDP, 7);
	n = udp(b, PPF_THEM, 7, (unsigned)(q[20] << 8 | q[21]), (const uint8_t *)"echo", 4);
	pp__put16(b + 14 + 26, 0);
	save("udp-empty-no-checksum.bin", b, n);
	save("junk-udp-truncated.bin", b, n - 2);
	/* TFTP answers from a new port: an error packet, to our port of the probe to 69. */
	pp__udp_ctx(&fix.m, &fix.udp[1], PPF_THEM, 0, &ctx);
	save("udp-tftp-new-port.bin", b,
	     udp(b, PPF_THEM, 40123, ctx.sport, (const uint8_t *)"\x00\x05\x00\x01x\x00", 6));
	/* SNMP, SIP, STUN, RAS: the probes themselves, bounced back (rejected, but
	 * every parser sees its own format). */
	n = probe(q, PP_PROTO_UDP, 161);
	save("junk-udp-snmp-bounced.bin", b,
	     udp(b, PPF_THEM, 161, (unsigned)(q[20] << 8 | q[21]), q + 28, n - 28));
	save("icmp-admin-prohibited-snmp.bin", b, icmp(b, 0xc6120101u, 13, q, n));
	n = probe(q, PP_PROTO_UDP, 5060);
	save("junk-udp-sip-bounced.bin", b,
	     udp(b, PPF_THEM, 5060, (unsigned)(q[20] << 8 | q[21]), q + 28, n - 28));
	n = probe(q, PP_PROTO_UDP, 3478);
	save("junk-udp-stun-bounced.bin", b,
	     udp(b, PPF_THEM, 3478, (unsigned)(q[20] << 8 | q[21]), q + 28, n - 28));
	n = probe(q, PP_PROTO_UDP, 1719);
	save("junk-udp-ras-bounced.bin", b,
	     udp(b, PPF_THEM, 1719, (unsigned)(q[20] << 8 | q[21]), q + 28, n - 28));
}

/* Ethernet (to us, IPv6) then an IPv6 header from `from` with next header nh;
 * returns the IP header. */
static uint8_t *
eth_ip6(uint8_t *b, const uint8_t from[16], unsigned nh, size_t plen)
{
	uint8_t *ip = b + 14;

	memset(b, 0, 14 + 40);
	memcpy(b, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x86\xdd", 14);
	ip[0] = 0x60;
	pp__put16(ip + 4, (unsigned)plen);
	ip[6] = (uint8_t)nh;
	ip[7] = 64;
	memcpy(ip + 8, from, 16);
	memcpy(ip + 24, PPF_US6, 16);
	return ip;
}

/* The IPv6 scan's cookie for (proto, dport) to 2001:2::2. */
static uint64_t
cookie6(unsigned proto, unsigned dport)
{
	return pp__cookie(&fix6.m.key, proto, fix6.m.src, pp__cookie_fold6(&fix6.m.key, PPF_THEM6),
	                  (uint16_t)dport);
}

/* The IPv6 forms, answers to the IPv6 scan of packet_fixture.h (ppf_init6)
 * with cookies that pass: the parser sees each kind (packet6.c), the
 * classifier each answer. */
static void
v6_seeds(void)
{
	uint8_t b[2048], q[256];
	uint8_t *ip, *t;
	size_t n;
	uint64_t c443 = cookie6(PP_PROTO_TCP, 443), c8443 = cookie6(PP_PROTO_TCP, 8443);
	struct pp_probe_ctx ctx;

	pp__udp_ctx(&fix6.m, &fix6.udp[0], pp__cookie_fold6(&fix6.m.key, PPF_THEM6), 0, &ctx);

	/* A SYN-ACK, sealed. */
	ip = eth_ip6(b, PPF_THEM6, 6, 24);
	t = ip + 40;
	pp__put16(t, 443);
	pp__put16(t + 2, pp__cookie_sport(&fix6.m.key, c443));
	pp__put32(t + 8, pp__cookie_seq(c443) + 1);
	t[12] = 6 << 4;
	t[13] = 0x12;
	memcpy(t + 20, "\x02\x04\x05\xa0", 4);
	ppf_seal(ip, 64);
	save("v6-synack.bin", b, 14 + 64);
	save("v6-synack-raw.bin", b + 14, 64);
	save("junk-v6-truncated.bin", b, 14 + 30);
	/* The same behind a hop-by-hop header (8 bytes of padding options). */
	memmove(ip + 48, ip + 40, 24);
	memset(ip + 40, 0, 8);
	ip[40] = 6;
	ip[41] = 0;
	ip[42] = 1; /* PadN */
	ip[43] = 4;
	ip[6] = 0;
	pp__put16(ip + 4, 32);
	save("v6-synack-hop-by-hop.bin", b, 14 + 72);
	/* A UDP answer. */
	ip = eth_ip6(b, PPF_THEM6, 17, 12);
	t = ip + 40;
	pp__put16(t, 53);
	pp__put16(t + 2, ctx.sport);
	pp__put16(t + 4, 12);
	memcpy(t + 8, "echo", 4);
	ppf_seal(ip, 52);
	save("v6-udp.bin", b, 14 + 52);
	/* ICMPv6 port unreachable quoting our UDP probe, and admin prohibited
	 * from a router quoting our SYN. */
	n = pp__build_udp6(&tmpl, q, 4, PPF_US6, PPF_THEM6, ctx.sport, 53);
	ip = eth_ip6(b, PPF_THEM6, 58, 8 + n);
	t = ip + 40;
	t[0] = 1;
	t[1] = 4;
	memcpy(t + 8, q, n);
	ppf_seal(ip, 40 + 8 + n);
	save("v6-icmp-port-unreach.bin", b, 14 + 48 + n);
	pp__build_tcp6(&tmpl, q, PPF_US6, PPF_THEM6, pp__cookie_sport(&fix6.m.key, c8443), 8443,
	               pp__cookie_seq(c8443));
	ip = eth_ip6(b, PPF_ROUTER6, 58, 8 + PP__TCP6_PKT_LEN);
	t = ip + 40;
	t[0] = 1;
	t[1] = 1;
	memcpy(t + 8, q, PP__TCP6_PKT_LEN);
	ppf_seal(ip, 40 + 8 + PP__TCP6_PKT_LEN);
	save("v6-icmp-admin-prohibited.bin", b, 14 + 48 + PP__TCP6_PKT_LEN);
	/* Address unreachable (3), a reason of its own (icmp6-unreach-3), then
	 * the same behind destination options, as the capture filter lets in. */
	t[1] = 3;
	ppf_seal(ip, 40 + 8 + PP__TCP6_PKT_LEN);
	save("v6-icmp-addr-unreach.bin", b, 14 + 48 + PP__TCP6_PKT_LEN);
	memmove(ip + 48, ip + 40, 8 + PP__TCP6_PKT_LEN);
	memset(ip + 40, 0, 8);
	ip[40] = 58;
	ip[42] = 1; /* PadN */
	ip[43] = 4;
	ip[6] = 60;
	pp__put16(ip + 4, 8 + 8 + PP__TCP6_PKT_LEN);
	save("v6-icmp-addr-unreach-dstopts.bin", b, 14 + 56 + PP__TCP6_PKT_LEN);
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkseeds_packet DIR\n");
		return 2;
	}
	dir = argv[1];
	if (ppf_init(&fix) < 0 || ppf_init6(&fix6) < 0 || pp__tmpl_init(&tmpl, 64, NULL, 0) < 0)
		return 1;
	tcp_seeds();
	udp_seeds();
	v6_seeds();
	free(fix.udp_index);
	free(fix6.udp_index);
	return 0;
}
