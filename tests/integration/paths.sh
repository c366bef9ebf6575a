#!/bin/bash
# Paths that push back (tests/lab/paths.sh): every state right, at the default
# settings and at --rate 0, when the path limits the rate:
#   a SYN-flood guard on the target at 20000, 5000 and 2000 SYN/s (nftables
#   limit, burst 5), the slower ones on fewer ports to keep the test short;
#   two targets of which only one is guarded: both right, only the guarded one
#   named in the result's paced_by;
#   a slow link (tc tbf, 20 Mbit/s) in front of a target;
#   and a clean path, where nothing is named as pacing the scan.
# The time each takes is printed, not asserted (bench/paths.sh sets it beside
# nmap's and masscan's).
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
. "$top_srcdir/tests/lab/paths.sh"
: "${PYTHON3:=python3}"
STATES="$PYTHON3 $top_srcdir/tests/integration/scan-states.py"

lab_paths paths
D=$LAB_DIR

# run NAME PORTS RATE-ARGS TARGET...: one scan; its states against the truth.
run() {
	local name=$1 ports=$2 args=$3 start took t
	shift 3
	start=$(date +%s.%N)
	# shellcheck disable=SC2086
	expect_exit 0 lab_exec jump "$PORTPROOF" scan -q -v --format json -p "$ports" $args "$@"
	took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
	echo "$OUT" >"$D/$name.json"
	printf 'time: %-28s %6.2f s   %s\n' "$name ${args:-(default)}" "$took" "${ERR#portproof: }"
	for t in "$@"; do
		check "$name ${args:-default}: every state of $t right" \
			$STATES --host "$t" --ports "$ports" --open $PATHS_OPEN --filtered $PATHS_DROP \
			"$D/$name.json"
	done
}

# paced NAME HOST: the result names HOST in scan.paced_by; unpaced NAME HOST: not.
paced() {
	$PYTHON3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
hosts = [p["host"] for p in r["scan"].get("paced_by", [])]
sys.exit(0 if sys.argv[2] in hosts else 1)' "$D/$1.json" "$2"
}
unpaced() { ! paced "$@"; }

for args in "" "--rate 0"; do
	run clean 1-65535 "$args" $PATHS_T1
	check "clean ${args:-default}: nothing paced the scan" unpaced clean $PATHS_T1

	lab_syn_guard t1 20000
	run guard20k 1-65535 "$args" $PATHS_T1
	check "guard 20000 ${args:-default}: $PATHS_T1 named as pacing" paced guard20k $PATHS_T1

	lab_syn_guard t1 5000
	run guard5k-two 1-20000 "$args" $PATHS_T1 $PATHS_T2
	check "one of two guarded ${args:-default}: $PATHS_T1 paced" paced guard5k-two $PATHS_T1
	check "one of two guarded ${args:-default}: $PATHS_T2 not" unpaced guard5k-two $PATHS_T2

	lab_syn_guard t1 2000
	run guard2k 1-8000 "$args" $PATHS_T1

	lab_syn_guard t1
	lab_slow_link rate 20mbit burst 32kb latency 50ms
	run slowlink 1-65535 "$args" $PATHS_T1
	lab_slow_link
done

finish
