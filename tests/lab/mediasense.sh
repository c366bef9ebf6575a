# The simulated MediaSense deployment of the demo and of the audit tests.  Source
# after lab.sh (and daemons.sh when present); lab_mediasense builds it:
#
#   jump 198.18.1.1 ──┐
#   ms-primary   .10 ─┤ switch (a bridge in its own namespace)
#   ms-secondary .11 ─┤
#   ms-expansion .12 ─┘
#
# Each node listens on the TCP ports its role needs (from tests/lab/mediasense/
# site.json's profile, cisco-mediasense), kamailio answers SIP on 5060, and nftables
# keeps the cluster-only ports from the jump host.  Deliberate faults, each the
# cause of one verdict the audit must find:
#   primary:   tcp/9443 dropped by the firewall               -> blocked
#   secondary: tcp/8440 not listening (API service down)      -> missing
#   secondary: tcp/8087 cluster-only, not firewalled, closed  -> unfiltered
#   expansion: tcp/61616 cluster-only, not firewalled, open   -> exposed
#   expansion: tcp/3306 open, in no document                  -> unexpected
#   primary:   udp/5060 dropped by the firewall               -> inconclusive
#              (a UDP port that gets no answer: a dropped probe and a silent
#              service look the same)
# Everything else the roles need passes.
#
# The targets answer closed UDP ports with ICMP port-unreachable without Linux's
# rate limit (net.ipv4.icmp_ratelimit=0 in each target namespace), so every
# sampled RTP port gets its answer at once and the audit's verdicts do not depend
# on timing.  MS_ICMP_RATELIMIT=default keeps the kernel's limit (about one
# unreachable a second per peer after a burst of six), as a real server has: the
# audit then waits for the evidence (tens of seconds for the UDP sweep).

MS_JUMP=198.18.1.1
MS_PRIMARY=198.18.1.10
MS_SECONDARY=198.18.1.11
MS_EXPANSION=198.18.1.12
MS_SITE=$top_srcdir/tests/lab/mediasense/site.json

# TCP listeners of each role, cluster-only ones included (the cluster needs them).
MS_TCP_ALL="80,443,554,1543,5060,8080,8081,8085,8087,8088,8440,8443,8446,8554,9081,9443,9554,61610,61612,61616"
MS_TCP_EXPANSION="80,443,554,5060,8080,8081,8085,8087,8443,8446,8554,9081,9443,9554,61612,61616"
MS_CLUSTER_TCP="8085,8087,8088,1543,61610,61612,61616"

# ms_firewall NS EXTRA-RULES CLUSTER-PORTS: keep cluster-only ports from the jump host.
ms_firewall() {
	lab_exec "$1" nft -f - <<NFT || lab_fail "nft failed in $1"
table inet pplab {
	chain input {
		type filter hook input priority 0; policy accept;
		ip saddr $MS_JUMP tcp dport { $3 } drop
		ip saddr $MS_JUMP udp dport 8091 drop
		$2
	}
}
NFT
}

lab_mediasense() {
	lab_switch sw
	lab_ns jump
	lab_ns primary
	lab_ns secondary
	lab_ns expansion
	lab_plug jump $MS_JUMP/24
	lab_plug primary $MS_PRIMARY/24
	lab_plug secondary $MS_SECONDARY/24
	lab_plug expansion $MS_EXPANSION/24

	lab_bg primary "$PP_LISTEN" -a $MS_PRIMARY "$MS_TCP_ALL"
	ms_secondary=${MS_TCP_ALL/8440,/}
	lab_bg secondary "$PP_LISTEN" -a $MS_SECONDARY "${ms_secondary/8087,/}"
	lab_bg expansion "$PP_LISTEN" -a $MS_EXPANSION "$MS_TCP_EXPANSION,3306"

	ms_firewall primary "tcp dport 9443 drop
		ip saddr $MS_JUMP udp dport 5060 drop" "$MS_CLUSTER_TCP"
	ms_firewall secondary "" "${MS_CLUSTER_TCP/8087,/}"
	ms_firewall expansion "" "${MS_CLUSTER_TCP/,61616/}"

	if [ "${MS_ICMP_RATELIMIT:-0}" != default ]; then
		for ns in primary secondary expansion; do
			lab_exec $ns sysctl -qw net.ipv4.icmp_ratelimit="${MS_ICMP_RATELIMIT:-0}" ||
				lab_fail "cannot set icmp_ratelimit in $ns"
		done
	fi

	if command -v lab_kamailio >/dev/null; then
		lab_kamailio primary $MS_PRIMARY 5060
		lab_kamailio secondary $MS_SECONDARY 5060
		lab_kamailio expansion $MS_EXPANSION 5060
	fi
}
