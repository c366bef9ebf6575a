#!/bin/bash
# portproof scan in the lab, TCP: two targets behind a switch, one with known
# open (pp-listen), closed, dropped (nftables drop) and rejected (ICMP
# admin-prohibited and port-unreachable) ports.  Every one of the 65535 states of
# a full scan is checked against that ground truth; then two targets, the union
# of three shards, nmap on a small set, exit 3 for --method raw without privilege, --dry-run as
# nobody, SIGINT/SIGTERM with a partial result, and the privilege drop.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
: "${PYTHON3:=python3}"
STATES="$PYTHON3 $top_srcdir/tests/integration/scan-states.py"

T1=198.18.0.2
T2=198.18.0.3
OPEN1=22,80,443,8080,9000-9004,9006-9010,30000,61000-61010,65535
DROP1=5000-5099,9005
REJECT1=6000-6004,6100-6102
OPEN2=25,80,5060
DROP2=1000-1999

lab_init scantcp
lab_ns jump
lab_ns t1
lab_ns t2
lab_switch sw
lab_plug jump 198.18.0.1/24
lab_plug t1 $T1/24
lab_plug t2 $T2/24
# t3 behind a second link of the jump's, from another address of its own.
T3=198.18.1.2
lab_ns t3
lab_link jump 198.18.1.1/24 t3 $T3/24
lab_bg t1 "$PP_LISTEN" -a $T1 22,80,443,8080,9000-9010,30000,61000-61010,65535
lab_bg t2 "$PP_LISTEN" -a $T2 $OPEN2
lab_exec t1 nft -f - <<'NFT' || lab_fail "nft failed in t1"
table inet pp {
	chain input {
		type filter hook input priority 0;
		tcp dport { 5000-5099, 9005 } drop
		tcp dport 6000-6004 reject with icmp type admin-prohibited
		tcp dport 6100-6102 reject with icmp type port-unreachable
	}
}
NFT
lab_exec t2 nft -f - <<'NFT' || lab_fail "nft failed in t2"
table inet pp {
	chain input {
		type filter hook input priority 0;
		tcp dport 1000-1999 drop
	}
}
NFT
D=$LAB_DIR
scan() {
	lab_exec jump "$PORTPROOF" scan -q --format json "$@"
}
reason_of() { # FILE HOST PORT
	$PYTHON3 -c 'import json,sys
r=json.load(open(sys.argv[1]))
for h in r["hosts"]:
    if h["address"]==sys.argv[2]:
        for p in h["ports"]:
            if p["port"]==int(sys.argv[3]): print(p["reason"])' "$@"
}

# 1. Every port of one host, as fast as the machine goes.
expect_exit 0 scan -p- --rate 0 $T1
echo "$OUT" >"$D/full.json"
check "full scan: all 65535 states right" \
	$STATES --host $T1 --ports 1-65535 --open $OPEN1 --filtered $DROP1,$REJECT1 "$D/full.json"
check "full scan: complete" grep -q '"complete": true' "$D/full.json"
check "full scan: closed ports are the host's other state" \
	grep -q '"other": {"tcp": "closed"' "$D/full.json"
check "22 open by syn-ack" test "$(reason_of "$D/full.json" $T1 22)" = syn-ack
check "5000 filtered by no-response" test "$(reason_of "$D/full.json" $T1 5000)" = no-response
reasons=$(for p in 6000 6001 6002 6003 6004 6100 6101 6102; do reason_of "$D/full.json" $T1 $p; done)
check "rejected ports say icmp-admin-prohibited" grep -q icmp-admin-prohibited <<<"$reasons"
check "rejected ports say icmp-port-unreach" grep -q icmp-port-unreach <<<"$reasons"

# 2. Two targets at the default rate, a text report.
P=1-2100,5060,6000-6200,9000-9010
expect_exit 0 scan -p $P $T1,$T2
echo "$OUT" >"$D/two.json"
check "two targets: $T1 right" \
	$STATES --host $T1 --ports $P --open $OPEN1 --filtered $DROP1,$REJECT1 "$D/two.json"
check "two targets: $T2 right" \
	$STATES --host $T2 --ports $P --open $OPEN2 --filtered $DROP2 "$D/two.json"
expect_exit 0 lab_exec jump "$PORTPROOF" scan -q -p 20-25,80 $T2
check "text report lists 80/tcp open" grep -Eq '80/tcp +open' <<<"$OUT"

# 3. Three shards with one seed: disjoint, and their union is the whole scan.
for k in 1 2 3; do
	expect_exit 0 scan --shard $k/3 --seed 42 -p $P $T1 $T2
	echo "$OUT" >"$D/shard$k.json"
done
check "shards: $T1 union right, disjoint" $STATES --disjoint --host $T1 --ports $P \
	--open $OPEN1 --filtered $DROP1,$REJECT1 "$D"/shard[123].json
check "shards: $T2 union right, disjoint" $STATES --disjoint --host $T2 --ports $P \
	--open $OPEN2 --filtered $DROP2 "$D"/shard[123].json
expect_exit 2 scan --shard 1/3 -p 80 $T1
check "--shard without --seed is refused" grep -q -- "--seed" <<<"$ERR"

# 4. nmap agrees on a small set.
if command -v nmap >/dev/null; then
	NP=1-200,5000-5010,6000-6004,6100-6102,8080,9000-9010,30000
	lab_exec jump nmap -n -Pn -sS -T4 -p $NP -oX "$D/nmap.xml" $T1 >/dev/null 2>&1
	$PYTHON3 "$top_srcdir/bench/nmap2json.py" "$D/nmap.xml" "$D/nmap.json"
	expect_exit 0 scan -p $NP $T1
	echo "$OUT" >"$D/small.json"
	check "nmap -sS on the same ports: same ground truth" \
		$STATES --host $T1 --ports $NP --open $OPEN1 --filtered $DROP1,$REJECT1 "$D/nmap.json"
	check "portproof on the same ports" \
		$STATES --host $T1 --ports $NP --open $OPEN1 --filtered $DROP1,$REJECT1 "$D/small.json"
fi

# 5. --method raw without CAP_NET_RAW: exit 3, saying so (without --method the
#    connect method runs: tests/integration/connect.sh).  --dry-run needs no privilege.
nobody_copy
expect_exit 3 lab_exec jump $NOBODY "$NOBODY_DIR/portproof" scan --method raw -p 80 $T1
check "no privilege: says CAP_NET_RAW" grep -q "CAP_NET_RAW" <<<"$ERR"
expect_exit 0 lab_exec jump $NOBODY "$NOBODY_DIR/portproof" scan --dry-run -p 1-10,U:53 $T1 $T2
check "dry run: 22 probes" test "$(wc -l <<<"$OUT")" = 22
check "dry run: a TCP SYN line" grep -Eq "^tcp 198.18.0.1:[0-9]+ > $T1:7 syn seq" <<<"$OUT"
check "dry run: the DNS probe" grep -Eq "^udp 198.18.0.1:[0-9]+ > $T2:53 dns" <<<"$OUT"
expect_exit 2 lab_exec jump "$PORTPROOF" scan -p 80 198.18.0.1
check "own address refused" grep -q "own address" <<<"$ERR"
expect_exit 3 lab_exec jump "$PORTPROOF" scan -p 80 198.19.5.5
check "no route: exit 3 naming the target" grep -q "198.19.5.5" <<<"$ERR"

# 6. SIGINT and SIGTERM: stop, write what is known with complete false, 130/143;
#    meanwhile the scanning process runs as nobody with no capabilities.
for sig in INT TERM; do
	# Not through lab_exec: a backgrounded function is a shell that ignores SIGINT.
	ip netns exec "$(lab_nsname jump)" "$PORTPROOF" scan -q --format json --rate 2000 -p- \
		-o "$D/stop-$sig.json" $T1 2>"$D/stop-$sig.err" &
	pid=$!
	sleep 1.5
	if [ $sig = INT ]; then
		for kid in $(pgrep -P "$pid"); do
			grep -q '^Uid:.*65534' /proc/"$kid"/status 2>/dev/null && scanner=$kid
		done
		check "the scanner runs as nobody" test -n "$scanner"
		check "the scanner has no capabilities" \
			grep -q '^CapEff:[[:space:]]*0000000000000000' /proc/"${scanner:-0}"/status
	fi
	kill -$sig "$pid"
	wait "$pid"
	rc=$?
	want=$([ $sig = INT ] && echo 130 || echo 143)
	check "SIG$sig: exit $want (got $rc)" test "$rc" = "$want"
	check "SIG$sig: result written, complete false" grep -q '"complete": false' "$D/stop-$sig.json"
	check "SIG$sig: the states it has are right" $STATES --disjoint --host $T1 --ports 1-65535 \
		--open $OPEN1 --filtered $DROP1,$REJECT1 "$D/stop-$sig.json" --closed closed \
		--partial
done

# 7. Targets reached from two of the jump's addresses: one scan sends from one
# address, and the other's answers would never reach it.  Refused, naming both.
expect_exit 3 scan -p 22 $T1 $T3
check "two sources: refused" grep -q "$T3 is reached from 198.18.1.1, $T1 from 198.18.0.1" <<<"$ERR"
IF3=$(lab_exec jump ip -o -4 addr show to 198.18.1.1 | awk '{ print $2 }')
expect_exit 0 scan -p 22 -S 198.18.1.1 -e "$IF3" $T3
echo "$OUT" >"$D/t3.json"
check "two sources: -S and -e scan the other link (22 closed)" \
	$STATES --host $T3 --ports 22 "$D/t3.json"

finish
