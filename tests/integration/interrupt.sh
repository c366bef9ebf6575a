#!/bin/bash
# Interruption: `scan -o FILE` and `audit -o FILE`, killed at random moments of a
# long scan, never leave FILE truncated.  Each round starts from a FILE holding an
# older result and sends SIGINT, SIGTERM or SIGKILL (to the privileged parent that
# writes FILE, or to the scanning child), and often a SIGKILL shortly after an
# INT or TERM, while the stopped scan writes its (large: a stopped scan lists
# every port it probed) partial result, or the moment the temporary file it
# writes appears.  After every round FILE must be the old
# result byte for byte, or a whole new one that `portproof report` reads; an INT
# or TERM alone must give exit 130 or 143 and the new result, "complete": false.
# (The exit codes and the partial states of one INT and one TERM: scan-tcp.sh.)
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
: "${PYTHON3:=python3}"
: "${ROUNDS:=16}"

T=198.18.0.2
lab_init interrupt
lab_ns jump
lab_ns t1
lab_link jump 198.18.0.1/24 t1 $T/24
lab_bg t1 "$PP_LISTEN" -a $T 22,80,443,8440,9443
D=$LAB_DIR
cat >"$D/site.json" <<EOF
{"schema": "portproof-deployment/1", "name": "interrupt-lab", "vantage": "any",
 "hosts": [{"name": "ms", "address": "$T", "profile": "cisco-mediasense", "role": "primary"}]}
EOF
RANDOM=$$

# The state of FILE against OLD: "old", "new complete", "new partial", or "BAD ...".
state_of() {
	$PYTHON3 - "$1" "$2" <<'PY'
import json, sys
path, old = sys.argv[1], sys.argv[2]
try:
    data = open(path, "rb").read()
except OSError as e:
    print("BAD unreadable: %s" % e); sys.exit()
if data == open(old, "rb").read():
    print("old"); sys.exit()
try:
    r = json.loads(data)
    ok = r["schema"] == "portproof-result/1" and isinstance(r["scan"]["complete"], bool)
    ok = ok and isinstance(r["hosts"], list) and "summary" in r
except (ValueError, KeyError, TypeError) as e:
    print("BAD %d bytes, not a whole result: %s" % (len(data), e)); sys.exit()
print("new complete" if r["scan"]["complete"] else "new partial")
PY
}

# round CMD OUT: one run of portproof CMD... -o OUT killed at a random moment.
round() {
	local out=$1 how delay wait_ms pid kid rc st
	shift
	cp "$out" "$D/old.json"
	how=$((RANDOM % 7))
	delay=$(printf '0.%03d' $((RANDOM % 1000)))
	wait_ms=$((200 + RANDOM % 2000))
	ip netns exec "$(lab_nsname jump)" "$PORTPROOF" "$@" -o "$out" 2>>"$D/stderr" &
	pid=$!
	# From 0.2 s (the scan under way: a signal during the first milliseconds of
	# setup ends the process before it has anything to write) to 2.2 s.
	sleep "$(printf '%d.%03d' $((wait_ms / 1000)) $((wait_ms % 1000)))"
	kid=$(pgrep -P "$pid" | head -1)
	exec 3>&2 2>/dev/null # kill's "no such process" when it finished first
	case $how in
	0) kill -INT "$pid" ;;
	1) kill -TERM "$pid" ;;
	2) kill -KILL "$pid" ;;                  # the writer: the child dies on its pipe
	3) kill -KILL "${kid:-$pid}" ;;          # the scanner: the parent writes nothing
	4) kill -TERM "$pid"; sleep "$delay"; kill -KILL "$pid" ;; # while it writes
	5) kill -INT "$pid"; sleep "0.0${delay#0.}"; kill -KILL "$pid" "${kid:-}" ;;
	6) # TERM, then KILL the writer the moment its temporary file appears
		kill -TERM "$pid"
		for i in $(seq 1 3000); do
			compgen -G "$(dirname "$out")/.$(basename "$out").*" >/dev/null && break
			kill -0 "$pid" || break
		done
		kill -KILL "$pid"
		;;
	esac
	exec 2>&3 3>&-
	wait "$pid"
	rc=$?
	sleep 0.1 # an orphaned child finishes dying
	st=$(state_of "$out" "$D/old.json")
	TESTS_RUN=$((TESTS_RUN + 1))
	case "$how:$st" in
	*:BAD*) fail "$1 round $ROUND (kill $how after ${delay}s, exit $rc): $st" ;;
	[01]:new*)
		if [ "$rc" = 130 ] || [ "$rc" = 143 ] || { [ "$rc" = 0 ] && [ "$st" = "new complete" ]; }; then
			ok "$1 round $ROUND: kill $how, exit $rc, $st"
		else
			fail "$1 round $ROUND: kill $how, exit $rc, $st"
		fi
		;;
	[01]:old) fail "$1 round $ROUND: INT/TERM alone left the old file (exit $rc)" ;;
	*) ok "$1 round $ROUND: kill $how, exit $rc, $st" ;;
	esac
	COUNT["$st"]=$((${COUNT["$st"]:-0} + 1))
}

declare -A COUNT
# A first result to overwrite.
expect_exit 0 lab_exec jump "$PORTPROOF" scan -q --format json -p 22 -o "$D/scan.json" $T
cp "$D/scan.json" "$D/audit.json"
for ROUND in $(seq 1 "$ROUNDS"); do
	round "$D/scan.json" scan -q --format json --rate 20000 -p- $T
done
for ROUND in $(seq 1 $((ROUNDS / 2))); do
	round "$D/audit.json" audit -q --format json --rate 20000 "$D/site.json"
done
# stopped SIG SECONDS STDOUT RESULT NAME ARGS...: portproof ARGS in the jump, its
# standard output to STDOUT, sent SIG after SECONDS: exit 128 + SIG, and RESULT a
# new partial result, whole.
stopped() {
	local sig=$1 after=$2 stdout=$3 result=$4 name=$5 rc want
	shift 5
	ip netns exec "$(lab_nsname jump)" "$PORTPROOF" "$@" >"$stdout" &
	sleep "$after"
	kill -"$sig" $!
	wait $!
	rc=$?
	want=$([ "$sig" = INT ] && echo 130 || echo 143)
	check "$name: exit $want (got $rc)" test $rc = "$want"
	check "$name: a partial result" test "$(state_of "$result" "$D/old.json")" = "new partial"
}
# A TERM while the scan sets up (100 ms in: the sockets open, the child forks)
# stops it too, with an empty partial result.
cp "$D/scan.json" "$D/old.json"
stopped TERM 0.1 /dev/null "$D/scan.json" "TERM during setup" \
	scan -q --format json -p- -o "$D/scan.json" $T
# Without -o the scanning process itself (nobody by then) writes to stdout: an
# INT there gives the partial result on stdout, whole.
stopped INT 1 "$D/stdout.json" "$D/stdout.json" "INT, result on stdout" \
	scan -q --format json -p- --rate 20000 $T

for st in "${!COUNT[@]}"; do
	echo "outcome: $st ${COUNT[$st]} times"
done
left=$(find "$D" -name '.*.json.*' | wc -l)
echo "temporary files left by SIGKILL in the middle of a write: $left"
check "no file was ever left truncated" test "$(grep -c 'BAD' <<<"${!COUNT[*]}")" = 0

finish
