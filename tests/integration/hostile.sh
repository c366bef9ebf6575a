#!/bin/bash
# A hostile network: while portproof scans a target with known open, closed,
# dropped and rejected ports, tests/lab/hostile.py in the target's namespace
# answers the probes with junk (SYN-ACKs with wrong acks, RSTs from ports never
# probed, ICMP errors quoting other packets, truncated and bad-checksum packets,
# answers from a second address that is never scanned).  Every state must still
# equal the ground truth, and the result's scan.rejected must count at least
# every junk frame the responder sent (all of them are addressed so that the
# capture filter lets them in, and all go out while the scan still runs).
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
: "${PYTHON3:=python3}"
STATES="$PYTHON3 $top_srcdir/tests/integration/scan-states.py"

T=198.18.0.2
STRANGER=198.18.0.3 # on the target's link, never scanned
OPEN=22,80,443,8080,9000-9004
DROP=5000-5049
REJECT=6000-6004
UDP=53,123,161,5060,7000 # closed: 53, 161; dropped: the rest
UDROP=123,5060,7000

lab_init hostile
lab_ns jump
lab_ns t1
lab_link jump 198.18.0.1/24 t1 $T/24
TIF=$LAB_LAST_B
lab_exec t1 ip addr add $STRANGER/24 dev "$TIF" || lab_fail "cannot add $STRANGER"
lab_bg t1 "$PP_LISTEN" -a $T $OPEN
lab_exec t1 nft -f - <<'NFT' || lab_fail "nft failed in t1"
table inet pp {
	chain input {
		type filter hook input priority 0;
		tcp dport 5000-5049 drop
		udp dport { 123, 5060, 7000 } drop
		tcp dport 6000-6004 reject with icmp type admin-prohibited
	}
}
NFT
D=$LAB_DIR


# hostile RUN SECONDS: start the responder (junk for SECONDS after the first
# probe); its pid in $HOSTILE, its count of junk in $D/junk-RUN.txt.
hostile() {
	lab_bg t1 "$PYTHON3" "$top_srcdir/tests/lab/hostile.py" --iface "$TIF" --target $T \
		--stranger $STRANGER --scanned 1-10000,$UDP --quiet $DROP,$UDROP --unchecked 7000 \
		--seconds "$2" \
		--budget 400 --stats "$D/junk-$1.txt"
	HOSTILE=${LAB_PIDS##* }
}
# junk RUN: stop the responder, show what it sent, $JUNK its total.
junk() {
	kill -TERM "$HOSTILE"
	for i in $(seq 1 50); do
		[ -s "$D/junk-$1.txt" ] && break
		sleep 0.1
	done
	echo "junk the responder sent:"
	sed 's/^/  /' "$D/junk-$1.txt"
	JUNK=$(awk '$1 == "total" { print $2 }' "$D/junk-$1.txt")
}
rejected_of() {
	$PYTHON3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scan"]["rejected"])' "$1"
}
scan() { # RUN ARGS...: the scan, timed; its result in $D/RUN.json
	local run=$1 start
	shift
	start=$(date +%s.%N)
	expect_exit 0 lab_exec jump "$PORTPROOF" scan -q -v --format json "$@" $T
	TOOK=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
	echo "$OUT" >"$D/$run.json"
	echo "scan: $ERR"
	STATS=$ERR
}

# 1. TCP: 10000 ports at 2000 a second, over 5 s; junk for the first 3 s.
hostile tcp 3
scan tcp --rate 2000 -p 1-10000
junk tcp
rejected=$(rejected_of "$D/tcp.json")
echo "scan took ${TOOK}s; the result's scan.rejected: $rejected; junk sent: $JUNK"
check "TCP states equal the ground truth despite the junk" $STATES --host $T --ports 1-10000 \
	--open $OPEN --filtered $DROP,$REJECT "$D/tcp.json"
for kind in synack-wrong-ack synack-stranger rst-unprobed bad-tcp-checksum bad-ip-checksum \
	truncated icmp-other-seq icmp-other-source icmp-frag-needed icmp-truncated; do
	check "TCP junk sent: $kind" grep -q "^$kind [1-9]" "$D/junk-tcp.txt"
done
check "the junk went out while the scan ran (3 s of a ${TOOK}s scan)" \
	awk -v t="$TOOK" 'BEGIN { exit !(t > 3.5) }'
check "scan.rejected ($rejected) counts every junk frame sent ($JUNK)" \
	test "${rejected:-0}" -ge "${JUNK:-1}"
check "the stats line says the same rejected count" grep -q " $rejected rejected" <<<"$STATS"
check "no host but the target in the result" \
	test "$($PYTHON3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["hosts"]))' \
		"$D/tcp.json")" = 1

# 2. UDP: every probe goes out at once; the dropped ones linger until a round a
#    second after the host's last ICMP error (it may be rate-limited), junk for
#    the first half second.
hostile udp 0.5
scan udp -p U:$UDP
junk udp
rejected=$(rejected_of "$D/udp.json")
echo "scan took ${TOOK}s; the result's scan.rejected: $rejected; junk sent: $JUNK"
check "UDP states equal the ground truth despite the junk" $STATES --host $T --proto udp \
	--ports $UDP --open-filtered $UDROP "$D/udp.json"
for kind in udp-wrong-port udp-stranger udp-garbage; do
	check "UDP junk sent: $kind" grep -q "^$kind [1-9]" "$D/junk-udp.txt"
done
check "the junk went out while the scan ran (0.5 s of a ${TOOK}s scan)" \
	awk -v t="$TOOK" 'BEGIN { exit !(t > 0.75) }'
check "scan.rejected ($rejected) counts every junk frame sent ($JUNK)" \
	test "${rejected:-0}" -ge "${JUNK:-1}"

finish
