/*
 * Probe packets (see build.h).  libnet builds each kind once (its build-only mode
 * needs no socket and no privilege); per probe we copy the template and patch
 * addresses, ports, sequence number, lengths and both checksums, which is a few
 * dozen bytes of work instead of a libnet pblock walk per packet.
 */
#include "config.h"

#include <libnet.h>
#include <string.h>

#include "build.h"
#include "base/bytes.h"
#include "pp_error.h"

uint32_t
pp__csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

uint16_t
pp__csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* One packet from libnet: build with the callback's layers, copy len bytes out. */
static int
coalesce(libnet_t *l, uint8_t *out, size_t len, char *err, size_t errlen)
{
	uint8_t *pkt = NULL;
	uint32_t n = 0;

	if (libnet_pblock_coalesce(l, &pkt, &n) < 0 || n != len) {
		if (pkt != NULL)
			libnet_adv_free_packet(l, pkt);
		return pp__errf(err, errlen, PP_EINVAL, "libnet: cannot build a template: %s",
		                libnet_geterror(l));
	}
	memcpy(out, pkt, len);
	libnet_adv_free_packet(l, pkt);
	return 0;
}

int
pp__tmpl_init(struct pp__tmpl *t, uint8_t ttl, char *err, size_t errlen)
{
	static const uint8_t mss[4] = {2, 4, 0x05, 0xb4}; /* MSS 1460, as a real stack sends */
	struct libnet_in6_addr any6;
	char lerr[LIBNET_ERRBUF_SIZE];
	libnet_t *l;
	int rc = PP_EINVAL;

	memset(t, 0, sizeof(*t));
	memset(&any6, 0, sizeof(any6));
	t->ttl = ttl;
	if ((l = libnet_init(LIBNET_NONE, NULL, lerr)) == NULL)
		return pp__errf(err, errlen, PP_EINVAL, "libnet: %s", lerr);
	if (libnet_build_tcp_options(mss, sizeof(mss), l, 0) < 0 ||
	    libnet_build_tcp(0, 0, 0, 0, TH_SYN, 1024, 0, 0, LIBNET_TCP_H + sizeof(mss), NULL, 0, l,
	                     0) < 0 ||
	    libnet_build_ipv4(PP__TCP_PKT_LEN, 0, 0, IP_DF, ttl, IPPROTO_TCP, 0, 0, 0, NULL, 0, l,
	                      0) < 0) {
		pp__errf(err, errlen, PP_EINVAL, "libnet: %s", libnet_geterror(l));
		goto out;
	}
	if ((rc = coalesce(l, t->tcp, PP__TCP_PKT_LEN, err, errlen)) < 0)
		goto out;
	libnet_clear_packet(l);
	if (libnet_build_udp(0, 0, LIBNET_UDP_H, 0, NULL, 0, l, 0) < 0 ||
	    libnet_build_ipv4(PP__UDP_HDR_LEN, 0, 0, 0, ttl, IPPROTO_UDP, 0, 0, 0, NULL, 0, l, 0) <
	            0) {
		rc = pp__errf(err, errlen, PP_EINVAL, "libnet: %s", libnet_geterror(l));
		goto out;
	}
	if ((rc = coalesce(l, t->udp, PP__UDP_HDR_LEN, err, errlen)) < 0)
		goto out;
	rc = PP_EINVAL;
	libnet_clear_packet(l);
	if (libnet_build_tcp_options(mss, sizeof(mss), l, 0) < 0 ||
	    libnet_build_tcp(0, 0, 0, 0, TH_SYN, 1024, 0, 0, LIBNET_TCP_H + sizeof(mss), NULL, 0, l,
	                     0) < 0 ||
	    libnet_build_ipv6(0, 0, PP__TCP6_PKT_LEN - 40, IPPROTO_TCP, ttl, any6, any6, NULL, 0, l,
	                      0) < 0) {
		pp__errf(err, errlen, PP_EINVAL, "libnet: %s", libnet_geterror(l));
		goto out;
	}
	if ((rc = coalesce(l, t->tcp6, PP__TCP6_PKT_LEN, err, errlen)) < 0)
		goto out;
	libnet_clear_packet(l);
	if (libnet_build_udp(0, 0, LIBNET_UDP_H, 0, NULL, 0, l, 0) < 0 ||
	    libnet_build_ipv6(0, 0, LIBNET_UDP_H, IPPROTO_UDP, ttl, any6, any6, NULL, 0, l, 0) <
	            0) {
		rc = pp__errf(err, errlen, PP_EINVAL, "libnet: %s", libnet_geterror(l));
		goto out;
	}
	rc = coalesce(l, t->udp6, PP__UDP6_HDR_LEN, err, errlen);
out:
	libnet_destroy(l);
	return rc;
}

static void
ip_patch(uint8_t *ip, size_t total, uint32_t src, uint32_t dst, uint16_t ipid)
{
	pp__put16(ip + 2, (uint16_t)total);
	pp__put16(ip + 4, ipid);
	pp__put32(ip + 12, src);
	pp__put32(ip + 16, dst);
	pp__put16(ip + 10, 0);
	pp__csum_put(ip + 10, pp__csum_add(0, ip, 20));
}

/* The pseudo-header sum of RFC 793 / RFC 768. */
static uint32_t
pseudo(uint32_t src, uint32_t dst, unsigned proto, size_t len)
{
	return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto + (uint32_t)len;
}

void
pp__build_tcp(const struct pp__tmpl *t, uint8_t *buf, uint32_t src, uint32_t dst, uint16_t sport,
              uint16_t dport, uint32_t seq, uint16_t ipid)
{
	uint8_t *tcp = buf + 20;

	memcpy(buf, t->tcp, PP__TCP_PKT_LEN);
	ip_patch(buf, PP__TCP_PKT_LEN, src, dst, ipid);
	pp__put16(tcp, sport);
	pp__put16(tcp + 2, dport);
	pp__put32(tcp + 4, seq);
	pp__put16(tcp + 16, 0);
	pp__csum_put(tcp + 16, pp__csum_add(pseudo(src, dst, 6, PP__TCP_PKT_LEN - 20), tcp,
	                                    PP__TCP_PKT_LEN - 20));
}

size_t
pp__build_udp(const struct pp__tmpl *t, uint8_t *buf, size_t plen, uint32_t src, uint32_t dst,
              uint16_t sport, uint16_t dport, uint16_t ipid)
{
	uint8_t *udp = buf + 20;
	size_t ulen = 8 + plen;
	uint16_t c;

	memcpy(buf, t->udp, PP__UDP_HDR_LEN);
	ip_patch(buf, 20 + ulen, src, dst, ipid);
	pp__put16(udp, sport);
	pp__put16(udp + 2, dport);
	pp__put16(udp + 4, (uint16_t)ulen);
	pp__put16(udp + 6, 0);
	c = (uint16_t)~pp__csum_fold(pp__csum_add(pseudo(src, dst, 17, ulen), udp, ulen));
	pp__put16(udp + 6, c == 0 ? 0xffff : c);
	return 20 + ulen;
}

uint32_t
pp__pseudo6_sum(const uint8_t src[16], const uint8_t dst[16], uint8_t nh, size_t len)
{
	uint32_t sum = pp__csum_add(pp__csum_add(0, src, 16), dst, 16);

	return sum + (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff) + nh;
}

static void
ip6_patch(uint8_t *ip, size_t plen, const uint8_t src[16], const uint8_t dst[16])
{
	pp__put16(ip + 4, (uint16_t)plen);
	memcpy(ip + 8, src, 16);
	memcpy(ip + 24, dst, 16);
}

void
pp__build_tcp6(const struct pp__tmpl *t, uint8_t *buf, const uint8_t src[16], const uint8_t dst[16],
               uint16_t sport, uint16_t dport, uint32_t seq)
{
	uint8_t *tcp = buf + 40;
	size_t len = PP__TCP6_PKT_LEN - 40;

	memcpy(buf, t->tcp6, PP__TCP6_PKT_LEN);
	ip6_patch(buf, len, src, dst);
	pp__put16(tcp, sport);
	pp__put16(tcp + 2, dport);
	pp__put32(tcp + 4, seq);
	pp__put16(tcp + 16, 0);
	pp__csum_put(tcp + 16, pp__csum_add(pp__pseudo6_sum(src, dst, 6, len), tcp, len));
}

size_t
pp__build_udp6(const struct pp__tmpl *t, uint8_t *buf, size_t plen, const uint8_t src[16],
               const uint8_t dst[16], uint16_t sport, uint16_t dport)
{
	uint8_t *udp = buf + 40;
	size_t ulen = 8 + plen;
	uint16_t c;

	memcpy(buf, t->udp6, PP__UDP6_HDR_LEN);
	ip6_patch(buf, ulen, src, dst);
	pp__put16(udp, sport);
	pp__put16(udp + 2, dport);
	pp__put16(udp + 4, (uint16_t)ulen);
	pp__put16(udp + 6, 0);
	/* 0 means none, which IPv6 forbids: its ones' complement twin instead. */
	c = (uint16_t)~pp__csum_fold(pp__csum_add(pp__pseudo6_sum(src, dst, 17, ulen), udp, ulen));
	pp__put16(udp + 6, c == 0 ? 0xffff : c);
	return 40 + ulen;
}
