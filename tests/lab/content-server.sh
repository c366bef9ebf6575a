# The simulated Cisco TelePresence Content Server deployment of
# `./quickstart.sh demo content-server` and tests/integration/audit-products.sh,
# built from profiles/cisco-content-server.json (Table 10-1, 10-5 to 10-7 of the
# port document) with the cluster feature on.  Source after lab.sh, daemons.sh
# and products.sh; lab_content_server builds it:
#
#   jump      198.18.2.1  ──┐
#   tcs-node1 .10 ──────────┤ two Content Servers of one cluster
#   tcs-node2 .11 ──────────┤
#   wms       .20 ──────────┤ Windows Media streaming server
#   darwin    .21 ──────────┤ QuickTime/Darwin streaming server
#   wowza     .22 ──────────┘ Wowza Media Server for Flash
#
# Each host listens on its role's TCP ports; the Content Servers answer their
# UDP ports (RAS 1718, 1719 and 1722, H.225 1721, RTSP 554, MMS 1755) with
# pp-udpserve, and nftables keeps the two ports no zone may reach (database 2090,
# application 8008) from the jump host.  Deliberate faults, each the cause of one
# verdict the audit must find (tests/lab/content-server/faults.json):
#   tcs-node1: tcp/3389 dropped by the firewall                 -> blocked
#   tcs-node1: tcp/8008 not firewalled, nothing listens         -> unfiltered
#   tcs-node1: udp/1755 dropped by the firewall                 -> inconclusive
#   tcs-node2: tcp/8096 not listening (WMS admin down)          -> missing
#   tcs-node2: udp/1719 not answering (RAS down: port closed)   -> missing
#   tcs-node2: tcp/2090 not firewalled, the database listens    -> exposed
#   wowza:     tcp/8087 open (Wowza's REST API), in no document -> unexpected
# Everything else the roles need passes.

CS_JUMP=198.18.2.1
CS_NODE1=198.18.2.10
CS_NODE2=198.18.2.11
CS_WMS=198.18.2.20
CS_DARWIN=198.18.2.21
CS_WOWZA=198.18.2.22
CS_SITE=$top_srcdir/tests/lab/content-server/site.json
CS_FAULTS=$top_srcdir/tests/lab/content-server/faults.json

# Table 10-1: the Content Server's TCP and UDP ports (1721-1722: cluster).
CS_TCP="80,443,554,1720,1721,1755,2090,3389,8008,8080,8096"
CS_UDP="rtsp:554 ras:1718 ras:1719 h225:1721 ras:1722 mms:1755"

lab_content_server() {
	lab_products_need
	lab_switch sw
	lab_ns jump
	lab_plug jump $CS_JUMP/24
	lab_host node1 $CS_NODE1/24
	lab_host node2 $CS_NODE2/24
	lab_host wms $CS_WMS/24
	lab_host darwin $CS_DARWIN/24
	lab_host wowza $CS_WOWZA/24

	lab_tcp node1 $CS_NODE1 "${CS_TCP/,8008/}"
	lab_udp node1 $CS_NODE1 $CS_UDP
	lab_nft node1 "ip saddr $CS_JUMP tcp dport { 2090, 3389 } drop
		ip saddr $CS_JUMP udp dport 1755 drop"

	lab_tcp node2 $CS_NODE2 "${CS_TCP/,8096/}"
	lab_udp node2 $CS_NODE2 ${CS_UDP/ras:1719 /}
	lab_nft node2 "ip saddr $CS_JUMP tcp dport 8008 drop"

	# Tables 10-5 to 10-7: the streaming servers, default setups.
	lab_tcp wms $CS_WMS 80,554
	lab_udp wms $CS_WMS rtsp:554
	lab_tcp darwin $CS_DARWIN 554
	lab_tcp wowza $CS_WOWZA 554,1935,8087
}
