# The simulated Cisco TelePresence deployment of `./quickstart.sh demo
# telepresence` and tests/integration/audit-products.sh, built from
# profiles/cisco-telepresence.json (Tables of the firewall document)
# with security on (SIP over TLS, HTTPS, JTAPI over TLS), audited from outside
# every device zone (vantage any).  Source after lab.sh, daemons.sh and
# products.sh; lab_telepresence builds it:
#
#   jump        198.18.3.1 ──┐
#   cts-codec   .10 ─────────┤ CTS primary codec
#   cts-phone   .11 ─────────┤ IP Phone 797x
#   cts-manager .12 ─────────┤ CTS-Manager
#   ctms        .13 ─────────┤ multipoint switch
#   cucm        .14 ─────────┤ Unified CM (only the device zones reach it)
#   mxe         .15 ─────────┘ MXE 5600
#
# Each host listens on its role's TCP ports, snmpd answers SNMP on 161,
# kamailio SIP on CTMS's 5061; nftables keeps from the jump host the ports the
# document opens to other devices only (the codec's XML-RPC and SOAP, the
# managers' SOAP, every CUCM port).  Deliberate faults, each the cause of one
# verdict the audit must find (tests/lab/telepresence/faults.json):
#   cts-codec:   tcp/8082 not firewalled, nothing listens        -> unfiltered
#   cts-phone:   tcp/23 open (telnet), in no document            -> unexpected
#   cts-manager: tcp/443 not listening (admin HTTPS down)        -> missing
#   ctms:        tcp/80 rejected (admin-prohibited)              -> blocked
#   cucm:        tcp/8444 not firewalled, AXL listens            -> exposed
#   cucm:        udp/69 not firewalled, TFTP down (port closed)  -> unfiltered
#   mxe:         udp/161 dropped by the firewall                 -> inconclusive
# Everything else the roles need passes; nothing answers in the RTP ranges,
# which read closed (reachable: pass).

TP_JUMP=198.18.3.1
# The jump's addresses the firewalls keep out: its own, or (LAB_JUMP_SOURCES=N,
# for portproof -S, bench/run.sh 8) N of them from TP_JUMP up, all on its link.
TP_JUMPS=$TP_JUMP
TP_CODEC=198.18.3.10
TP_PHONE=198.18.3.11
TP_CTSMAN=198.18.3.12
TP_CTMS=198.18.3.13
TP_CUCM=198.18.3.14
TP_MXE=198.18.3.15
TP_SITE=$top_srcdir/tests/lab/telepresence/site.json
TP_FAULTS=$top_srcdir/tests/lab/telepresence/faults.json

lab_telepresence() {
	lab_products_need
	lab_switch sw
	lab_ns jump
	lab_plug jump $TP_JUMP/24
	TP_JUMPS=$(lab_jump_sources $TP_JUMP 24) || lab_fail "cannot add the jump's sources"
	lab_host codec $TP_CODEC/24
	lab_host phone $TP_PHONE/24
	lab_host ctsman $TP_CTSMAN/24
	lab_host ctms $TP_CTMS/24
	lab_host cucm $TP_CUCM/24
	lab_host mxe $TP_MXE/24

	# Table A-2: SSH, admin HTTP(S), SNMP from anyone; the upgrade status
	# (8082) for the codec itself, SOAP (9501) for CTS-Manager, XML-RPC for
	# the phone.
	lab_tcp codec $TP_CODEC 22,80,443,9501,61457,61458
	lab_udp codec $TP_CODEC snmp:161
	lab_nft codec "ip saddr $TP_JUMPS tcp dport { 9501, 61457, 61458 } drop"

	# Table A-3: the phone's XML-RPC (61456) for its codec only.
	lab_tcp phone $TP_PHONE 22,23,80,61456
	lab_nft phone "ip saddr $TP_JUMPS tcp dport 61456 drop"

	# Table A-4: SOAP over HTTPS (8444) for the codecs, CTMS and CTRS.
	lab_tcp ctsman $TP_CTSMAN 22,80,8444
	lab_udp ctsman $TP_CTSMAN snmp:161
	lab_nft ctsman "ip saddr $TP_JUMPS tcp dport 8444 drop"

	# Table A-6: SIP over TLS and UDP 5061 from CUCM, SOAP from CTS-Manager,
	# meeting control from the codecs.
	lab_tcp ctms $TP_CTMS 22,80,443,5061,8444,9501
	lab_udp ctms $TP_CTMS snmp:161 sip:5061
	lab_nft ctms "ip saddr $TP_JUMPS tcp dport { 5061, 8444, 9501 } drop
		ip saddr $TP_JUMPS udp dport 5061 drop
		ip saddr $TP_JUMPS tcp dport 80 reject with icmp type admin-prohibited"

	# The Unified CM ports the devices reach (CTL, JTAPI/TLS, CAPF, SIP, TFTP
	# over HTTP, directory, AXL, TFTP, SIP/UDP 5061): none of them from here.
	lab_tcp cucm $TP_CUCM 2444,2749,3804,5060,5061,6970,8080,8444
	lab_udp cucm $TP_CUCM sip:5061
	lab_nft cucm "ip saddr $TP_JUMPS tcp dport { 2444, 2749, 3804, 5060, 5061, 6970, 8080 } drop
		ip saddr $TP_JUMPS udp dport 5061 drop"

	# Table A-9: SIP over TCP from CUCM only.
	lab_tcp mxe $TP_MXE 22,23,5060
	lab_udp mxe $TP_MXE snmp:161
	lab_nft mxe "ip saddr $TP_JUMPS tcp dport 5060 drop
		ip saddr $TP_JUMPS udp dport 161 drop"
}
