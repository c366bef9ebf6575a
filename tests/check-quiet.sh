#!/bin/bash
# make check, quietly: one line per test with its result and time, the logs of
# the tests that failed in full, and one closing tally "N passed, N failed".
# Everything else make prints goes to LOG, whose path is printed when something
# fails.  Run from the build folder (quickstart.sh test and .ci/run do):
#
#   tests/check-quiet.sh LOG [TEST...]      the tests of TESTS, or these
#
# The check programs are built in parallel first, then the tests run one at a
# time: the lab tests scan at full rate, and two of them at once on a small
# machine drop each other's packets.
set -uo pipefail
LOG=${1:?usage: tests/check-quiet.sh LOG [TEST...]}
shift
tests=("$@")
[ ${#tests[@]} -gt 0 ] || read -r -a tests <<<"$(make -s print-tests)"

if ! make -j"$(nproc)" check TESTS= >>"$LOG" 2>&1; then
	echo "the build of the tests failed; its output: $LOG" >&2
	echo "0 passed, ${#tests[@]} failed"
	exit 1
fi

pass=0
failed=()
start=$SECONDS
while IFS= read -r line; do
	printf '%s\n' "$line" >>"$LOG"
	case $line in
	PASS:* | FAIL:* | ERROR:* | XPASS:* | XFAIL:* | SKIP:*)
		printf '%-46s %5d s\n' "$line" $((SECONDS - start))
		start=$SECONDS
		# A test that skips has not shown anything: it counts as failed.
		if [ "${line%%:*}" = PASS ]; then
			pass=$((pass + 1))
		else
			failed+=("${line#*: }")
		fi
		;;
	esac
done < <(make check TESTS="${tests[*]}" 2>&1)

for t in "${failed[@]}"; do
	echo
	echo "---- $t.log"
	cat "$t.log" 2>/dev/null || echo "(no log: $t.log)"
done
if [ ${#failed[@]} -gt 0 ] || [ $pass != ${#tests[@]} ]; then
	echo
	echo "make's output: $LOG"
fi
echo "$pass passed, $((${#tests[@]} - pass)) failed"
[ $pass = ${#tests[@]} ]
