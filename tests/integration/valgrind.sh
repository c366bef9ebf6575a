#!/bin/bash
# The real binary under valgrind (memcheck, --leak-check=full): a small lab scan
# (TCP and UDP, to stdout and with -o, where a root parent writes what the child
# that dropped to nobody scanned; the same over IPv6), a dual-stack audit, profile lint, and report, diff and
# merge of saved results.  Any memory error or leak is exit 1 and fails the test.
# Valgrind cannot run an ASan build: CI leaves this test out of its sanitizer run
# (make print-tests), and run on such a build it fails rather than pass unchecked.
. "$(dirname "$0")/lib.sh"

command -v valgrind >/dev/null || {
	echo "FAIL: valgrind not found: apt-get install valgrind" >&2
	exit 1
}
if grep -q __asan_init "$PORTPROOF" 2>/dev/null; then
	echo "FAIL: $PORTPROOF is an ASan build; valgrind checks the plain one" >&2
	exit 1
fi
. "$top_srcdir/tests/lab/lab.sh"
VG="valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible"
DATA=$top_srcdir/tests/integration/data

# vg CODE NAME ARGS...: portproof under valgrind exits CODE (99: valgrind found errors).
vg() {
	local want=$1 name=$2
	shift 2
	expect_exit "$want" $VG "$PORTPROOF" "$@"
	check "valgrind: no errors in $name" test -z "$(grep '^==[0-9]*==' <<<"$ERR")"
	[ -n "$(grep '^==[0-9]*==' <<<"$ERR")" ] && printf '%s\n' "$ERR" | head -40 >&2
}

vg 0 "profile lint" profile lint "$top_srcdir"/profiles/*.json
vg 0 "report text" report "$DATA/audit-before.json"
vg 0 "report html" report "$DATA/audit-before.json" --format html
vg 0 "report xml" report "$DATA/scan-a.json" --format xml
vg 1 "diff" diff "$DATA/audit-before.json" "$DATA/audit-after.json"
vg 0 "merge" merge "$DATA/shard-1-of-2.json" "$DATA/shard-2-of-2.json"
vg 2 "a bad result" report "$DATA/bad-truncated.json"

T=198.18.0.2
lab_init valgrind
lab_ns jump
lab_ns t1
lab_link jump "198.18.0.1/24 2001:2::1/64" t1 "$T/24 2001:2::2/64"
lab_bg t1 "$PP_LISTEN" -a $T 22,80,443,8440
lab_bg t1 "$PP_LISTEN" -a 2001:2::2 22,443
lab_exec t1 nft -f - <<'NFT' || lab_fail "nft failed in t1"
table inet pp {
	chain input {
		type filter hook input priority 0;
		tcp dport 5000-5010 drop
		udp dport 161 drop
	}
}
NFT
D=$LAB_DIR
cat >"$D/site.json" <<EOF
{"schema": "portproof-deployment/1", "name": "valgrind-lab", "vantage": "any",
 "hosts": [{"name": "ms", "address": "$T", "profile": "cisco-mediasense", "role": "primary"},
  {"name": "ms6", "address": "2001:2::2", "profile": "cisco-mediasense", "role": "primary"}]}
EOF
JUMP=$(lab_nsname jump)
vg() { # the same, in the jump namespace
	local want=$1 name=$2
	shift 2
	expect_exit "$want" ip netns exec "$JUMP" $VG "$PORTPROOF" "$@"
	check "valgrind: no errors in $name" test -z "$(grep '^==[0-9]*==' <<<"$ERR")"
	[ -n "$(grep '^==[0-9]*==' <<<"$ERR")" ] && printf '%s\n' "$ERR" | head -40 >&2
}
vg 0 "lab scan" scan -q -p 1-1024,5000-5010,U:53,161 --format json $T
check "the lab scan found 22 open" grep -q '"port": 22, "state": "open"' <<<"$OUT"
vg 0 "lab scan -o (root parent, nobody child)" scan -q -p 1-200 --format json -o "$D/scan.json" $T
check "the -o file holds the result" grep -q '"complete": true' "$D/scan.json"
vg 0 "lab scan over IPv6" scan -q -p 1-1024,5000-5010,U:53,161 --format json 2001:2::2
check "the IPv6 scan found 443 open" grep -q '"port": 443, "state": "open"' <<<"$OUT"
vg 1 "lab audit (dual-stack)" audit -q --sweep none --format json "$D/site.json"
check "the audit judged the IPv6 host" grep -q '"address": "2001:2::2"' <<<"$OUT"

finish
