#!/bin/bash
# bench/lossy.sh: what a lossy, slow or reordering link costs.  A full 65535-port
# TCP scan of one lab host by portproof and by nmap -sS -T4, side by side, through
# the same wire (tests/lab/netem.sh: tc netem, or pp-wire where the kernel has no
# netem), under each condition of tests/integration/lossy.sh.  Prints each tool's
# wall time, packets sent and states right against the lab's ground truth.  Run
# as root from a build tree:
#
#   top_builddir=/path/to/build bench/lossy.sh [SECONDS]
#
# A run longer than SECONDS (default 900) is stopped and shown as such.  Every
# address is in 198.18.0.0/15, in namespaces torn down on exit.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
. "$top_srcdir/tests/lab/netem.sh"
: "${PYTHON3:=python3}"
LIMIT=${1:-900}
STATES="$PYTHON3 $top_srcdir/tests/integration/scan-states.py"

lab_wire_target benchlossy
IF=$LAB_WIRE_END_A
D=$LAB_DIR
txpkts() { lab_exec jump cat /sys/class/net/$IF/statistics/tx_packets; }

# run NAME JSON CMD...: one timed run; prints time, packets, states right.
run() {
	local name=$1 json=$2 t0 wall p0 rc right
	shift 2
	p0=$(txpkts)
	t0=$(date +%s.%N)
	lab_exec jump timeout "$LIMIT" "$@" >"$D/out" 2>"$D/err"
	rc=$?
	wall=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
	if [ $rc = 124 ]; then
		printf '  %-14s over %s s (stopped)\n' "$name" "$LIMIT"
		return
	fi
	[ "$name" = nmap ] && $PYTHON3 "$top_srcdir/bench/nmap2json.py" "$D/nmap.xml" "$json"
	[ "$name" = nmap ] || cp "$D/out" "$json"
	right=$($STATES --host $WIRE_T --ports 1-65535 --open $WIRE_OPEN --filtered $WIRE_DROP \
		"$json" 2>/dev/null | sed -nE 's/.*checked, ([0-9]+) wrong/\1/p' |
		awk '{ print 65535 - $1 }')
	printf '  %-14s %8s s %9d packets   states right %s/65535\n' "$name" "$wall" \
		$(($(txpkts) - p0)) "${right:-?}"
}

echo "full TCP scan of one lab host through a wire ($LAB_NETEM; $(nproc) cores, $(uname -r))"
for cond in "" "loss 5%" "loss 20%" "delay 50ms 20ms" "delay 10ms reorder 25%"; do
	# shellcheck disable=SC2086
	lab_netem $cond
	echo "${cond:-clean}:"
	run portproof "$D/pp.json" "$PORTPROOF" scan -q --format json -p- $WIRE_T
	if command -v nmap >/dev/null; then
		run nmap "$D/nmap.json" nmap -n -Pn -sS -T4 -p- -oX "$D/nmap.xml" $WIRE_T
	fi
done
lab_netem
trap - EXIT
lab_down
