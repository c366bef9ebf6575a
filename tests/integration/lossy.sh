#!/bin/bash
# Lossy links: a full TCP scan (-p-, every one of the 65535 states checked against
# the target's ground truth) through a wire with netem's conditions
# (tests/lab/netem.sh: tc netem, or pp-wire where the kernel has none), each way:
#   loss 5%                 every state right
#   loss 20%                at least 99.9% right (65 wrong at most)
#   delay 50ms 20ms         every state right (frames overtake each other)
#   delay 10ms reorder 25%  every state right
# by retransmission, with the default retries (2, raised by the engine up to 10
# when it sees answers come only to retransmissions).  The time each condition
# costs is printed, not asserted (bench/lossy.sh sets it beside nmap's).
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
. "$top_srcdir/tests/lab/netem.sh"
: "${PYTHON3:=python3}"
STATES="$PYTHON3 $top_srcdir/tests/integration/scan-states.py"

lab_wire_target lossy
echo "link conditions by: $LAB_NETEM"
D=$LAB_DIR

# condition NAME MAX_WRONG NETEM...: one full scan under the condition.
condition() {
	local name=$1 max=$2 start took
	shift 2
	lab_netem "$@"
	start=$(date +%s.%N)
	expect_exit 0 lab_exec jump "$PORTPROOF" scan -q -v --format json -p- $WIRE_T
	took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
	echo "$OUT" >"$D/$name.json"
	printf 'time: %-24s %6.1f s   %s\n' "${*:-clean}" "$took" "${ERR#portproof: }"
	check "${*:-clean}: $([ "$max" = 0 ] && echo "every state right" || echo "at most $max wrong")" \
		$STATES --max-wrong "$max" --host $WIRE_T --ports 1-65535 --open $WIRE_OPEN \
		--filtered $WIRE_DROP "$D/$name.json"
}

condition clean 0
condition loss5 0 loss 5%
condition loss20 65 loss 20%
condition delay 0 delay 50ms 20ms
condition reorder 0 delay 10ms reorder 25%
lab_netem

finish
