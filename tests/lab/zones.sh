# The MediaSense deployment seen from two zones, for the tests of audits from
# several vantages (tests/integration/ansible.sh).  Source after lab.sh and
# daemons.sh; lab_zones builds it:
#
#   ctl       198.18.1.2  ──┐  the Ansible controller (no scanner)
#   scan-any  198.18.1.1  ──┤  zone "any": outside the cluster's firewall
#   scan-c1   198.18.1.5  ──┤  zone "cluster": on the cluster's segment,
#   scan-c2   198.18.1.6  ──┤  two scanners (one shard each)
#   ms-primary   .10      ──┤  switch (a bridge in its own namespace)
#   ms-secondary .11      ──┤
#   ms-expansion .12      ──┘
#
# Each node listens on every TCP port its role needs, kamailio answers SIP on
# udp/5060, a UDP echo plays the heartbeat on udp/8091, and nftables on each node
# drops the cluster-only ports (tcp 8085 8087 8088 1543 61610 61612 61616, udp
# 8091) from everyone but the cluster (its scanners and nodes).  Two faults that
# show from one side only:
#   primary:   tcp/8088 dropped from the cluster too  -> blocked from "cluster",
#                                                        pass (filtered) from "any"
#   expansion: tcp/61616 left open to everyone        -> exposed from "any",
#                                                        pass from "cluster"
# Everything else passes from both zones.  ICMP rate limits are off in the nodes
# (as in mediasense.sh), so the UDP verdicts do not wait on timing.

ZN_ANY=198.18.1.1
ZN_CTL=198.18.1.2
ZN_C1=198.18.1.5
ZN_C2=198.18.1.6
ZN_PRIMARY=198.18.1.10
ZN_SECONDARY=198.18.1.11
ZN_EXPANSION=198.18.1.12
ZN_CLUSTER="$ZN_C1, $ZN_C2, $ZN_PRIMARY, $ZN_SECONDARY, $ZN_EXPANSION"

ZN_TCP_ALL="80,443,554,1543,5060,8080,8081,8085,8087,8088,8440,8443,8446,8554,9081,9443,9554,61610,61612,61616"
ZN_TCP_EXPANSION="80,443,554,5060,8080,8081,8085,8087,8443,8446,8554,9081,9443,9554,61612,61616"
ZN_CLUSTER_TCP="8085, 8087, 8088, 1543, 61610, 61612, 61616"

# zn_firewall NS CLUSTER-TCP-PORTS [EXTRA-RULE]: cluster-only ports for the cluster.
zn_firewall() {
	lab_exec "$1" nft -f - <<NFT || lab_fail "nft failed in $1"
table inet pplab {
	chain input {
		type filter hook input priority 0; policy accept;
		$3
		ip saddr != { $ZN_CLUSTER } tcp dport { $2 } drop
		ip saddr != { $ZN_CLUSTER } udp dport 8091 drop
	}
}
NFT
}

# zn_echo NS ADDR PORT: a UDP service that answers every datagram (the heartbeat).
zn_echo() {
	lab_bg "$1" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
print("ready", flush=True)
while True:
    d, a = s.recvfrom(4096)
    s.sendto(d or b"\0", a)
' "$2" "$3"
}

lab_zones() {
	local ns
	lab_switch sw
	for ns in ctl scan-any scan-c1 scan-c2 primary secondary expansion; do
		lab_ns $ns
	done
	lab_plug ctl $ZN_CTL/24
	lab_plug scan-any $ZN_ANY/24
	lab_plug scan-c1 $ZN_C1/24
	lab_plug scan-c2 $ZN_C2/24
	lab_plug primary $ZN_PRIMARY/24
	lab_plug secondary $ZN_SECONDARY/24
	lab_plug expansion $ZN_EXPANSION/24

	lab_bg primary "$PP_LISTEN" -a $ZN_PRIMARY "$ZN_TCP_ALL"
	lab_bg secondary "$PP_LISTEN" -a $ZN_SECONDARY "$ZN_TCP_ALL"
	lab_bg expansion "$PP_LISTEN" -a $ZN_EXPANSION "$ZN_TCP_EXPANSION"
	zn_firewall primary "$ZN_CLUSTER_TCP" "tcp dport 8088 drop"
	zn_firewall secondary "$ZN_CLUSTER_TCP"
	zn_firewall expansion "${ZN_CLUSTER_TCP/, 61616/}"
	for ns in primary secondary expansion; do
		lab_exec $ns sysctl -qw net.ipv4.icmp_ratelimit=0 ||
			lab_fail "cannot set icmp_ratelimit in $ns"
	done
	zn_echo primary $ZN_PRIMARY 8091
	zn_echo secondary $ZN_SECONDARY 8091
	zn_echo expansion $ZN_EXPANSION 8091
	lab_kamailio primary $ZN_PRIMARY 5060
	lab_kamailio secondary $ZN_SECONDARY 5060
	lab_kamailio expansion $ZN_EXPANSION 5060
}
