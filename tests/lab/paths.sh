# Paths that push back, sourced after lab.sh: the lab of tests/integration/paths.sh
# and bench/paths.sh.  A jump namespace reaches two targets through a router, as
# a jump host reaches servers through a firewall:
#
#   jump 198.18.0.1 ── r ──┬── t1 $PATHS_T1 (198.18.1.2)
#                          └── t2 $PATHS_T2 (198.18.2.2)
#
# Both targets listen on $PATHS_OPEN and drop $PATHS_DROP (every other TCP port
# is closed).  Then:
#
#   lab_syn_guard t1 5000      t1 drops SYNs over 5000 a second (nftables
#                              limit, burst 5: a firewall's SYN-flood guard)
#   lab_syn_guard t1           and off again
#   lab_slow_link "rate 20mbit burst 32kb latency 50ms"
#                              tc tbf on the router's link to t1 (a slow WAN)
#   lab_slow_link              and off again
#
# No namespace has a default route out of 198.18.0.0/15.

PATHS_T1=198.18.1.2
PATHS_T2=198.18.2.2
PATHS_OPEN=22,80,443,8080,9000-9004,30000,61000-61010,65535
PATHS_DROP=5000-5099

# lab_paths NAME: lab_init NAME and the lab above (lab_paths_build: the lab
# alone, in a lab already begun).  PATHS_JUMP_IF is the jump's interface,
# PATHS_R_MAC the router's address on that link (for masscan's --router-mac).
lab_paths() {
	lab_init "$1"
	lab_paths_build
}
lab_paths_build() {
	local t
	lab_ns jump
	lab_ns r
	lab_ns t1
	lab_ns t2
	lab_link jump 198.18.0.1/24 r 198.18.0.254/24
	PATHS_JUMP_IF=$LAB_LAST_A
	PATHS_R_MAC=$(lab_exec r cat /sys/class/net/"$LAB_LAST_B"/address)
	lab_link r 198.18.1.254/24 t1 $PATHS_T1/24
	PATHS_R_T1=$LAB_LAST_A
	lab_link r 198.18.2.254/24 t2 $PATHS_T2/24
	lab_exec r sysctl -qw net.ipv4.ip_forward=1 || lab_fail "cannot forward in r"
	lab_exec jump ip route add 198.18.0.0/15 via 198.18.0.254 || lab_fail "no route in jump"
	for t in 1 2; do
		lab_exec t$t ip route add 198.18.0.0/15 via 198.18.$t.254 ||
			lab_fail "no route in t$t"
		lab_bg t$t "$PP_LISTEN" -a 198.18.$t.2 $PATHS_OPEN
		lab_exec t$t nft -f - <<NFT || lab_fail "nft failed in t$t"
table inet pp {
	chain input {
		type filter hook input priority 0;
		tcp dport $PATHS_DROP drop
	}
}
NFT
	done
}

# lab_syn_guard NS [RATE]: NS drops TCP SYNs over RATE a second (burst 5); no
# RATE: the guard goes.
lab_syn_guard() {
	lab_exec "$1" nft delete table inet ppguard 2>/dev/null
	[ -n "${2:-}" ] || return 0
	lab_exec "$1" nft -f - <<NFT || lab_fail "nft guard failed in $1"
table inet ppguard {
	chain input {
		type filter hook input priority -10;
		tcp flags & (fin|syn|rst|ack) == syn limit rate over $2/second burst 5 packets drop
	}
}
NFT
}

# lab_slow_link [TBF...]: tc tbf on the router's link to t1; none: a plain link.
lab_slow_link() {
	lab_exec r tc qdisc del dev "$PATHS_R_T1" root 2>/dev/null
	[ $# -gt 0 ] || return 0
	# shellcheck disable=SC2068
	lab_exec r tc qdisc add dev "$PATHS_R_T1" root tbf $@ || lab_fail "tc tbf failed: $*"
}
