# What the product labs share (tests/lab/content-server.sh, telepresence.sh,
# equinox.sh), sourced after lab.sh and daemons.sh.  Each lab is a switch, a jump
# namespace that runs portproof, and one namespace per host of the deployment,
# built from the product's profile: every TCP port a role listens on has a
# listener (pp-listen), every UDP service its real daemon where Debian has one
# (lab_udp below), and nftables keeps from the jump host what the profile says
# the vantage must not reach.  The faults each lab builds in are listed at its top
# and, as ground truth, in tests/lab/PRODUCT/faults.json.
#
# LAB_ICMP_RATELIMIT: unset, the targets send every ICMP error without Linux's
# rate limits (net.ipv4.icmp_ratemask=0: neither the per-peer limit nor the
# host's 1000 a second with a burst of 50), so the verdicts do not depend on
# timing; "default" keeps the kernel's (one error a second per peer after a
# burst of six), as a real server has (bench/run.sh).

PP_UDPSERVE=${PP_UDPSERVE:-$top_builddir/tests/lab/pp-udpserve}

# lab_host NS ADDR/LEN: a target namespace plugged into the switch, with its
# ICMP rate limits as LAB_ICMP_RATELIMIT says.
lab_host() {
	lab_ns "$1"
	lab_plug "$1" "$2"
	if [ "${LAB_ICMP_RATELIMIT:-}" != default ]; then
		lab_exec "$1" sysctl -qw net.ipv4.icmp_ratemask=0 ||
			lab_fail "cannot set icmp_ratemask in $1"
	fi
}

# lab_tcp NS ADDR PORTS: TCP listeners on PORTS (pp-listen).
lab_tcp() {
	lab_bg "$1" "$PP_LISTEN" -a "$2" "$3"
}

# lab_udp NS ADDR NAME:PORT...: each UDP service by the profile's name for it:
# snmp, sip, stun and tftp get their real daemons (daemons.sh); the others (RAS,
# which no Debian package serves, and services with no probe of their own) share
# one pp-udpserve, which answers a RAS request with a reject and echoes the rest.
lab_udp() {
	local ns=$1 addr=$2 s other=""
	shift 2
	for s in "$@"; do
		case ${s%%:*} in
		snmp) LAB_SNMPD_SMUX=no lab_snmpd "$ns" "$addr" "${s#*:}" ;;
		sip) lab_kamailio "$ns" "$addr" "${s#*:}" ;;
		stun) lab_turnserver "$ns" "$addr" "${s#*:}" ;;
		tftp) lab_tftpd "$ns" "$addr" "${s#*:}" ;;
		*) other=${other:+$other,}${s#*:} ;;
		esac
	done
	[ -z "$other" ] || lab_bg "$ns" "$PP_UDPSERVE" -a "$addr" "$other"
}

# lab_nft NS RULES: an input chain that accepts by default, with RULES (nft
# statements, one a line) first.
lab_nft() {
	lab_exec "$1" nft -f - <<NFT || lab_fail "nft failed in $1"
table inet pplab {
	chain input {
		type filter hook input priority 0; policy accept;
		$2
	}
}
NFT
}

# lab_products_need: the lab's own programs, built.
# lab_jump_sources ADDR LEN: with LAB_JUMP_SOURCES=N (N > 1), gives the jump the
# N - 1 addresses after ADDR on ADDR's link (portproof -S) and prints ADDR-LAST,
# for the firewalls' rules; else prints ADDR.
lab_jump_sources() {
	local n=${LAB_JUMP_SOURCES:-1} dev i base=${1%.*} last=${1##*.}
	if [ "$n" -le 1 ]; then
		echo "$1"
		return 0
	fi
	dev=$(lab_exec jump ip -o -4 addr show to "$1/32" | awk '{ print $2; exit }')
	[ -n "$dev" ] || return 1
	for i in $(seq 1 $((n - 1))); do
		lab_exec jump ip addr add "$base.$((last + i))/$2" dev "$dev" || return 1
	done
	echo "$1-$base.$((last + n - 1))"
}

lab_products_need() {
	[ -x "$PP_LISTEN" ] || lab_fail "FAIL: $PP_LISTEN not built (make check builds it)"
	[ -x "$PP_UDPSERVE" ] || lab_fail "FAIL: $PP_UDPSERVE not built (make check builds it)"
}
