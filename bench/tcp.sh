#!/bin/bash
# bench/tcp.sh: a full 65535-port TCP scan of one lab host by portproof, nmap
# (-sS -T4) and masscan, side by side in one lab, one run.  Prints each tool's
# wall time, packets per second, and the states it got right against the lab's
# ground truth.  Run as root from a build tree:
#
#   top_builddir=/path/to/build bench/tcp.sh
#
# The target has listeners (open), nftables drops (filtered, no answer) and
# ICMP rejects (filtered), the rest closed.  Everything stays in 198.18.0.0/15
# namespaces, torn down on exit.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
: "${PYTHON3:=python3}"
STATES="$PYTHON3 $top_srcdir/tests/integration/scan-states.py"
T=198.18.0.2
OPEN=22,80,443,8080,9000-9004,9006-9010,30000,40000-40010,65535
DROP=5000-5099,9005
REJECT=6000-6004,6100-6102

lab_init bench
lab_ns jump
lab_ns t1
lab_link jump 198.18.0.1/24 t1 $T/24
IF=$LAB_LAST_A
TIF=$LAB_LAST_B
TMAC=$(lab_exec t1 cat /sys/class/net/$TIF/address)
lab_bg t1 "$PP_LISTEN" -a $T 22,80,443,8080,9000-9010,30000,40000-40010,65535
lab_exec t1 nft -f - <<'NFT' || lab_fail "nft failed"
table inet pp {
	chain input {
		type filter hook input priority 0;
		tcp dport { 5000-5099, 9005 } drop
		tcp dport 6000-6004 reject with icmp type admin-prohibited
		tcp dport 6100-6102 reject with icmp type port-unreachable
	}
}
NFT
D=$LAB_DIR
txpkts() { lab_exec jump cat /sys/class/net/$IF/statistics/tx_packets; }

# run NAME CMD...: wall time and packets sent by the jump namespace.
run() {
	local name=$1 t0 t1 p0 p1
	shift
	p0=$(txpkts)
	t0=$(date +%s.%N)
	lab_exec jump "$@" >"$D/$name.out" 2>"$D/$name.err"
	t1=$(date +%s.%N)
	p1=$(txpkts)
	WALL=$(echo "$t1 - $t0" | bc)
	PKTS=$((p1 - p0))
	printf '%-22s %8.2f s %9d packets %9.0f pps  ' "$name" "$WALL" "$PKTS" \
		"$(echo "$PKTS / $WALL" | bc -l)"
}

right() { # FILE-IN-JSON: states right out of 65535
	$STATES --host $T --ports 1-65535 --open $OPEN --filtered $DROP,$REJECT "$1" 2>/dev/null |
		sed -E 's/.*checked, ([0-9]+) wrong/\1/' | awk '{print 65535 - $1}'
}

echo "full TCP scan of one lab host ($(nproc) cores, $(uname -r))"
run portproof "$PORTPROOF" scan -q --rate 0 -p- --format json $T
PP_WALL=$WALL
echo "states right $(right "$D/portproof.out")/65535"

run "portproof --rate 100k" "$PORTPROOF" scan -q --rate 100000 -p- --format json $T
echo "states right $(right "$D/portproof --rate 100k.out")/65535"

if command -v nmap >/dev/null; then
	run "nmap -sS -T4" nmap -n -Pn -sS -T4 -p- -oX "$D/nmap.xml" $T
	$PYTHON3 "$top_srcdir/bench/nmap2json.py" "$D/nmap.xml" "$D/nmap.json"
	echo "states right $(right "$D/nmap.json")/65535  ($(echo "$WALL / $PP_WALL" | bc -l | xargs printf '%.1f')x portproof)"
fi

if command -v masscan >/dev/null; then
	run "masscan --rate 1M" masscan -p1-65535 --rate 1000000 -e "$IF" --adapter-ip 198.18.0.1 \
		--router-mac "$TMAC" --wait 1 -oL "$D/masscan.list" $T
	found=$(grep -c '^open tcp' "$D/masscan.list" 2>/dev/null)
	want=$($PYTHON3 -c "import sys; sys.path.insert(0, '$top_srcdir/tests/integration')
spec='$OPEN'; n=0
for p in spec.split(','):
    lo,_,hi=p.partition('-'); n+=int(hi or lo)-int(lo)+1
print(n)")
	echo "open found ${found:-0}/$want (closed and filtered not told apart)  ($(echo "$WALL / $PP_WALL" | bc -l | xargs printf '%.1f')x portproof)"
fi
trap - EXIT
lab_down
