# The simulated Avaya Equinox Conferencing deployment of `./quickstart.sh demo
# equinox`, tests/integration/audit-products.sh and bench/run.sh, built from
# profiles/avaya-equinox.json (the 9.x port security document) with the features
# tls, remote-sip, web-meet-me and multicast, audited from the administrators'
# zone (vantage management).  Source after lab.sh, daemons.sh and products.sh;
# lab_equinox builds it:
#
#   jump          198.18.4.1 ──┐ a management station
#   eq-management .10 ─────────┤ Equinox Management (ECS gatekeeper, B2BUA)
#   eq-media      .11 ─────────┤ Equinox Media Server
#   eq-elite      .12 ─────────┤ Scopia Elite MCU
#   eq-h323-edge  .13 ─────────┤ H.323 Edge
#   eq-sbce       .14 ─────────┤ Avaya SBCE as the Equinox edge
#   eq-portal     .15 ─────────┤ Unified Portal / Web Gateway
#   eq-delivery   .16 ─────────┘ AESR Delivery Node
#
# Each host listens on its role's TCP ports, SIP (kamailio), SNMP (snmpd), STUN
# (coturn) and RAS (pp-udpserve) answer on its UDP ports, and nftables keeps
# from the jump host what only the deployment's own servers may reach (zone
# internal) and the ports the document says are always blocked.  Nothing
# listens in the media and H.245 ranges, which read closed (reachable: pass).
# Deliberate faults, each the cause of one verdict the audit must find
# (tests/lab/equinox/faults.json):
#   eq-management: tcp/5060 (B2BUA, internal) not firewalled, open  -> exposed
#   eq-management: udp/161 (internal) not firewalled, no agent      -> unfiltered
#   eq-media:      tcp/7150 not listening (SOAP service down)       -> missing
#   eq-elite:      udp/1719 not answering (RAS down: port closed)   -> missing
#   eq-h323-edge:  tcp/8089 rejected (admin-prohibited)             -> blocked
#   eq-sbce:       udp/3478 dropped by the firewall                 -> inconclusive
#   eq-sbce:       udp/161 open (an SNMP agent), not for this role  -> unexpected
#   eq-portal:     tcp/443 (internal) not firewalled, nothing there -> unfiltered
#   eq-delivery:   tcp/554 dropped by the firewall                  -> blocked
#   eq-delivery:   tcp/3306 open (MySQL), in no document            -> unexpected
# Everything else the roles need passes.

EQ_JUMP=198.18.4.1
# The jump's addresses the firewalls keep out: its own, or (LAB_JUMP_SOURCES=N,
# for portproof -S, bench/run.sh 8) N of them from EQ_JUMP up, all on its link.
EQ_JUMPS=$EQ_JUMP
EQ_MGMT=198.18.4.10
EQ_MEDIA=198.18.4.11
EQ_ELITE=198.18.4.12
EQ_EDGE=198.18.4.13
EQ_SBCE=198.18.4.14
EQ_PORTAL=198.18.4.15
EQ_DN=198.18.4.16
EQ_SITE=$top_srcdir/tests/lab/equinox/site.json
EQ_FAULTS=$top_srcdir/tests/lab/equinox/faults.json

lab_equinox() {
	lab_products_need
	lab_switch sw
	lab_ns jump
	lab_plug jump $EQ_JUMP/24
	EQ_JUMPS=$(lab_jump_sources $EQ_JUMP 24) || lab_fail "cannot add the jump's sources"
	lab_host mgmt $EQ_MGMT/24
	lab_host media $EQ_MEDIA/24
	lab_host elite $EQ_ELITE/24
	lab_host edge $EQ_EDGE/24
	lab_host sbce $EQ_SBCE/24
	lab_host portal $EQ_PORTAL/24
	lab_host dn $EQ_DN/24

	# Equinox Management: web, LDAP and XML for XT, Q.931 from anyone; meeting
	# control, SIP (B2BUA) and SNMP 161 for the other servers only.
	lab_tcp mgmt $EQ_MGMT 80,389,443,1720,3336,3340,5060,5061,8080,9443
	lab_udp mgmt $EQ_MGMT snmp:162 ras:1719 sip:5060
	lab_nft mgmt "ip saddr $EQ_JUMPS tcp dport { 3340, 5061 } drop
		ip saddr $EQ_JUMPS udp dport 5060 drop"

	# Media Server: management, web, XML, SIP, SOAP and AMS from here; FTP,
	# SSH, 8085 and 8445 always blocked.
	lab_tcp media $EQ_MEDIA 7,80,443,1720,3336,3338,3346,3348,5060,5061,7151,7410-7411,8080,9443
	lab_udp media $EQ_MEDIA ras:1719 sip:5060
	lab_nft media "ip saddr $EQ_JUMPS tcp dport { 21-22, 8085, 8445 } drop"

	# Elite MCU: as the Media Server, without the web and AMS ports.
	lab_tcp elite $EQ_ELITE 7,1720,3336-3338,3346,3348,5060,5061
	lab_udp elite $EQ_ELITE sip:5060
	lab_nft elite "ip saddr $EQ_JUMPS tcp dport { 21-22, 8085, 8445 } drop"

	# H.323 Edge: H.460 and RAS from anyone, its internal media range for the
	# servers only.
	lab_tcp edge $EQ_EDGE 7,22,1720,2776-2777,8089
	lab_udp edge $EQ_EDGE ras:1719 ras:2776 rtp:2777
	lab_nft edge "ip saddr $EQ_JUMPS udp dport 12000-15000 drop
		ip saddr $EQ_JUMPS tcp dport 8089 reject with icmp type admin-prohibited"

	# SBCE: remote SIP and web meet me (STUN, WebRTC media).
	lab_tcp sbce $EQ_SBCE 80,443,5060,5061,8443
	lab_udp sbce $EQ_SBCE stun:3478 sip:5060 snmp:161
	lab_nft sbce "ip saddr $EQ_JUMPS udp dport 3478 drop"

	# Unified Portal: XML (and over TLS) for Equinox Management, SIP, HTTPS;
	# 443 for the SBCE only.
	lab_tcp portal $EQ_PORTAL 22,3341,3343,3351,3353,5060,5061,8443-8444,8446
	lab_udp portal $EQ_PORTAL snmp:161 sip:5060

	# Delivery Node: web, RTSP and MMS (multicast), RDP and admin.
	lab_tcp dn $EQ_DN 80,443,554,1755,3306,3389,8445
	lab_nft dn "ip saddr $EQ_JUMPS tcp dport 554 drop"
}
