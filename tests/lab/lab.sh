# The namespace lab, sourced by the integration tests and by bench/.
#
# It builds simulated deployments out of network namespaces joined by veth: a jump
# namespace that runs portproof and target namespaces with real listeners.  Every
# address comes from 198.18.0.0/15 (RFC 2544's benchmark range) and no namespace has
# a default route, so nothing sent in the lab can leave it.  lab_init installs a
# trap that tears everything down (processes, namespaces) on exit, also on failure.
#
#   . tests/lab/lab.sh
#   lab_init connect                 # names are pp<pid>-<name>
#   lab_ns jump; lab_ns t1
#   lab_link jump 198.18.0.1/24 t1 198.18.0.2/24
#   lab_bg t1 "$PP_LISTEN" -a 198.18.0.2 22,80  (waits for "ready")
#   lab_exec jump portproof scan ...

LAB_NS=""
LAB_PIDS=""
LAB_DIR=""
LAB_LINKS=0

lab_fail() {
	echo "lab: $*" >&2
	exit 1
}

lab_init() {
	[ "$(id -u)" = 0 ] ||
		lab_fail "FAIL: the lab needs root (network namespaces, raw sockets); run the tests as root"
	command -v ip >/dev/null || lab_fail "FAIL: 'ip' not found: apt-get install iproute2"
	LAB_PREFIX="pp$$-${1:-lab}"
	LAB_PREFIX=$(printf %s "$LAB_PREFIX" | cut -c1-40)
	LAB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pplab.XXXXXX") || lab_fail "mktemp failed"
	trap lab_down EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# The full name of a lab namespace.
lab_nsname() {
	printf '%s-%s' "$LAB_PREFIX" "$1"
}

lab_ns() {
	local ns
	ns=$(lab_nsname "$1")
	ip netns add "$ns" || lab_fail "cannot create namespace $ns"
	LAB_NS="$LAB_NS $ns"
	ip -n "$ns" link set lo up || lab_fail "cannot bring up lo in $ns"
}

# lab_link NS_A ADDR_A/LEN NS_B ADDR_B/LEN: a veth pair between two namespaces
# (each side may have several addresses, space-separated: "198.18.0.1/24 2001:2::1/64").
lab_link() {
	local a b i
	a=$(lab_nsname "$1")
	b=$(lab_nsname "$3")
	i=$LAB_LINKS
	LAB_LINKS=$((LAB_LINKS + 1))
	ip link add "ppv${i}a" netns "$a" type veth peer name "ppv${i}b" netns "$b" ||
		lab_fail "cannot create veth between $a and $b"
	lab_addr "$1" "ppv${i}a" "$2"
	lab_addr "$3" "ppv${i}b" "$4"
	ip -n "$a" link set "ppv${i}a" up
	ip -n "$b" link set "ppv${i}b" up
	lab_neigh6 "$a" "ppv${i}a" "$b" "ppv${i}b" "$4"
	lab_neigh6 "$b" "ppv${i}b" "$a" "ppv${i}a" "$2"
	LAB_LAST_A="ppv${i}a"
	LAB_LAST_B="ppv${i}b"
}

# lab_neigh6 NS DEV PEER_NS PEER_DEV "ADDR/LEN ...": the peer's IPv6 addresses as
# known neighbours of DEV.  A veth just made drops the first neighbour
# solicitations for about a second: a scan begun at once lost its first second
# (a probe sent once waited a whole timeout; a -p- retransmitted 13,000 first
# tries), in a test or a bench, never where a link has settled.
lab_neigh6() {
	local a mac
	mac=$(ip -n "$3" link show "$4" | awk '/link\/ether/ { print $2 }')
	for a in $5; do
		case $a in
		*:*) ip -n "$1" -6 neigh replace "${a%/*}" lladdr "$mac" dev "$2" nud permanent ||
			lab_fail "cannot set $1's neighbour ${a%/*}" ;;
		esac
	done
}

# lab_addr NS DEV "ADDR/LEN ...": the addresses (IPv4 or IPv6, space-separated)
# on DEV in NS.  IPv6 ones skip duplicate address detection, so they answer at
# once rather than after a second or two.
lab_addr() {
	local ns a
	ns=$(lab_nsname "$1")
	for a in $3; do
		case $a in
		*:*) ip -n "$ns" -6 addr add "$a" dev "$2" nodad || lab_fail "cannot address $ns: $a" ;;
		*) ip -n "$ns" addr add "$a" dev "$2" || lab_fail "cannot address $ns: $a" ;;
		esac
	done
}

# lab_switch NS: a namespace holding a bridge; lab_plug connects hosts to it.
lab_switch() {
	lab_ns "$1"
	LAB_SWITCH=$1
	lab_exec "$1" ip link add br0 type bridge || lab_fail "cannot create bridge in $1"
	lab_exec "$1" ip link set br0 up
}

# lab_plug NS ADDR/LEN: a veth from NS to the switch's bridge, ADDR on the NS side
# (several, space-separated, as lab_link).
lab_plug() {
	local a b i
	a=$(lab_nsname "$1")
	b=$(lab_nsname "$LAB_SWITCH")
	i=$LAB_LINKS
	LAB_LINKS=$((LAB_LINKS + 1))
	ip link add "ppv${i}a" netns "$a" type veth peer name "ppv${i}b" netns "$b" ||
		lab_fail "cannot create veth between $a and $b"
	lab_addr "$1" "ppv${i}a" "$2"
	ip -n "$b" link set "ppv${i}b" master br0
	ip -n "$a" link set "ppv${i}a" up
	ip -n "$b" link set "ppv${i}b" up
}

lab_exec() {
	local ns
	ns=$(lab_nsname "$1")
	shift
	ip netns exec "$ns" "$@"
}

# lab_bg NS CMD...: start a process in NS; if it prints "ready", wait for that.
lab_bg() {
	local ns out i
	ns=$(lab_nsname "$1")
	shift
	out="$LAB_DIR/bg.$#.$RANDOM"
	ip netns exec "$ns" "$@" >"$out" 2>&1 &
	LAB_PIDS="$LAB_PIDS $!"
	LAB_BG_OUT=$out
	for i in $(seq 1 100); do
		grep -q '^ready' "$out" 2>/dev/null && return 0
		kill -0 $! 2>/dev/null || lab_fail "$1 exited early: $(cat "$out")"
		sleep 0.05
	done
	return 0
}

# lab_wait_port NS ADDR PROTO PORT: wait until something listens there (5 s).
lab_wait_port() {
	local i flag
	[ "$3" = udp ] && flag=-uln || flag=-tln
	for i in $(seq 1 100); do
		lab_exec "$1" ss -H $flag "( sport = :$4 )" 2>/dev/null | grep -q . && return 0
		sleep 0.05
	done
	lab_fail "nothing listens on $3/$4 in $1 after 5 s"
}

lab_down() {
	local rc=$? ns p
	for p in $LAB_PIDS; do
		kill "$p" 2>/dev/null
	done
	for ns in $LAB_NS; do
		# Daemons that forked away from our pids still live in the namespace.
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill "$p" 2>/dev/null
		done
	done
	sleep 0.1
	for ns in $LAB_NS; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill -9 "$p" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	[ -n "$LAB_DIR" ] && rm -rf "$LAB_DIR"
	LAB_NS=""
	LAB_PIDS=""
	return $rc
}
