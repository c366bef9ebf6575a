# Link conditions for the lab, sourced after lab.sh: a "wire" namespace between
# two lab namespaces carries their traffic, and lab_netem sets its loss, delay
# and reordering, the same both ways.  With a kernel that has sch_netem the wire
# bridges its two veths and `tc netem` runs on each one's egress; without (some
# VM and container kernels), or with PP_NETEM=wire, pp-wire (wire.c) forwards
# between them in user space with the same meaning.  Either way the conditions
# are netem's words:
#
#   lab_wire jump 198.18.0.1/24 t1 198.18.0.2/24
#   lab_netem loss 5%                    each frame, each way
#   lab_netem delay 50ms 20ms            50 ms +- 20 ms uniform: frames overtake
#   lab_netem delay 10ms reorder 25%     a quarter sent at once, ahead of the rest
#   lab_netem                            a clean wire
#
# LAB_NETEM says which is in use: "tc netem" or "pp-wire".
#
# lab_wire_target builds the lab of tests/integration/lossy.sh and bench/lossy.sh.

PP_WIRE="$top_builddir/tests/lab/pp-wire"
LAB_WIRE_PID=""

# lab_wire NS_A ADDR_A/LEN NS_B ADDR_B/LEN: NS_A and NS_B joined through the wire.
lab_wire() {
	local w i
	lab_ns wire
	w=$(lab_nsname wire)
	i=$LAB_LINKS
	LAB_LINKS=$((LAB_LINKS + 2))
	LAB_WIRE_A="ppv${i}b"
	LAB_WIRE_B="ppv$((i + 1))a"
	LAB_WIRE_END_A="ppv${i}a"
	LAB_WIRE_END_B="ppv$((i + 1))b"
	ip link add "$LAB_WIRE_END_A" netns "$(lab_nsname "$1")" type veth peer name "$LAB_WIRE_A" \
		netns "$w" || lab_fail "cannot create veth between $1 and the wire"
	ip link add "$LAB_WIRE_B" netns "$w" type veth peer name "$LAB_WIRE_END_B" \
		netns "$(lab_nsname "$3")" || lab_fail "cannot create veth between the wire and $3"
	lab_exec "$1" ip addr add "$2" dev "$LAB_WIRE_END_A" || lab_fail "cannot address $1"
	lab_exec "$3" ip addr add "$4" dev "$LAB_WIRE_END_B" || lab_fail "cannot address $3"
	lab_exec "$1" ip link set "$LAB_WIRE_END_A" up
	lab_exec "$3" ip link set "$LAB_WIRE_END_B" up
	for i in "$LAB_WIRE_A" "$LAB_WIRE_B"; do
		lab_exec wire ip link set "$i" promisc on up
	done
	if [ "${PP_NETEM:-}" != wire ] &&
		lab_exec wire tc qdisc add dev "$LAB_WIRE_A" root netem delay 0ms 2>/dev/null; then
		lab_exec wire tc qdisc del dev "$LAB_WIRE_A" root
		lab_exec wire ip link add br0 type bridge || lab_fail "cannot create the wire's bridge"
		lab_exec wire ip link set "$LAB_WIRE_A" master br0
		lab_exec wire ip link set "$LAB_WIRE_B" master br0
		lab_exec wire ip link set br0 up
		LAB_NETEM="tc netem"
	else
		[ -x "$PP_WIRE" ] || lab_fail "no sch_netem in this kernel and no $PP_WIRE"
		LAB_NETEM="pp-wire"
	fi
	lab_netem
}

# lab_netem [loss P%] [delay D [J]] [reorder P%]: the wire's conditions from now on.
lab_netem() {
	local loss="" delay="" jitter="" reorder="" dev
	while [ $# -gt 0 ]; do
		case "$1" in
		loss) loss=${2%\%}; shift 2 ;;
		delay)
			delay=${2%ms}
			shift 2
			case "${1:-}" in [0-9]*) jitter=${1%ms}; shift ;; esac
			;;
		reorder) reorder=${2%\%}; shift 2 ;;
		*) lab_fail "lab_netem: cannot read '$1'" ;;
		esac
	done
	if [ "$LAB_NETEM" = "tc netem" ]; then
		for dev in "$LAB_WIRE_A" "$LAB_WIRE_B"; do
			lab_exec wire tc qdisc replace dev "$dev" root netem limit 100000 \
				${delay:+delay ${delay}ms ${jitter:+${jitter}ms}} ${loss:+loss $loss%} \
				${reorder:+reorder $reorder%} || lab_fail "tc netem failed"
		done
		return 0
	fi
	if [ -n "$LAB_WIRE_PID" ]; then
		kill "$LAB_WIRE_PID" 2>/dev/null
		wait "$LAB_WIRE_PID" 2>/dev/null
	fi
	lab_bg wire "$PP_WIRE" -a "$LAB_WIRE_A" -b "$LAB_WIRE_B" ${loss:+--loss $loss} \
		${delay:+--delay $delay} ${jitter:+--jitter $jitter} ${reorder:+--reorder $reorder}
	LAB_WIRE_PID=${LAB_PIDS##* }
}

# The target of lab_wire_target and its ground truth: TCP ports open on it, and
# ports its firewall drops; every other port is closed.
WIRE_T=198.18.0.2
WIRE_OPEN=22,80,443,8080,9000-9004,30000,61000-61010,65535
WIRE_DROP=5000-5099

# lab_wire_target NAME: lab_init NAME, then jump (198.18.0.1) and t1 ($WIRE_T)
# joined through the wire (a clean one), t1 listening on $WIRE_OPEN and dropping
# $WIRE_DROP.
lab_wire_target() {
	lab_init "$1"
	lab_ns jump
	lab_ns t1
	lab_wire jump 198.18.0.1/24 t1 $WIRE_T/24
	lab_bg t1 "$PP_LISTEN" -a $WIRE_T $WIRE_OPEN
	lab_exec t1 nft -f - <<NFT || lab_fail "nft failed in t1"
table inet pp {
	chain input {
		type filter hook input priority 0;
		tcp dport $WIRE_DROP drop
	}
}
NFT
}
