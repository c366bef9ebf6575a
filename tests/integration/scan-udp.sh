#!/bin/bash
# portproof scan in the lab, UDP through the engine: closed ports past the
# target's ICMP rate limit (Linux: a burst of six, then one a second), a dropped
# port (open|filtered), an ICMP-rejected port (filtered) and a port that answers
# (open, udp-response), on two targets at once; every state checked, and the
# scan waits only while evidence arrives.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
: "${PYTHON3:=python3}"
STATES="$PYTHON3 $top_srcdir/tests/integration/scan-states.py"

lab_init scanudp
lab_ns jump
lab_ns t1
lab_ns t2
lab_switch sw
lab_plug jump 198.18.0.1/24
lab_plug t1 198.18.0.2/24
lab_plug t2 198.18.0.3/24
for t in t1 t2; do
	lab_exec $t nft -f - <<'NFT' || lab_fail "nft failed in $t"
table inet pp {
	chain input {
		type filter hook input priority 0;
		udp dport 15 drop
		udp dport 16 reject with icmp type admin-prohibited
	}
}
NFT
done
# A plain datagram echo: the engine's empty probe takes any answer from the port.
for t in t1 t2; do
	addr=$([ $t = t1 ] && echo 198.18.0.2 || echo 198.18.0.3)
	lab_bg $t "$PYTHON3" -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 7777))
print("ready", flush=True)
while True:
    d, a = s.recvfrom(2048)
    s.sendto(b"pong", a)' $addr
done
D=$LAB_DIR
t0=$(date +%s)
expect_exit 0 lab_exec jump "$PORTPROOF" scan -q --format json -p U:1-20,7777 198.18.0.2-3
t1=$(date +%s)
echo "$OUT" >"$D/udp.json"
for a in 198.18.0.2 198.18.0.3; do
	check "udp: $a states right" $STATES --proto udp --host $a --ports 1-20,7777 --open 7777 \
		--filtered 16 --open-filtered 15 "$D/udp.json"
done
check "udp: the answer is a udp-response" grep -q '"port": 7777, "state": "open", "reason": "udp-response"' "$D/udp.json"
check "udp: 16 is icmp-admin-prohibited" grep -q '"port": 16, "state": "filtered", "reason": "icmp-admin-prohibited"' "$D/udp.json"
# 18 closed ports a host, 6 at once then one a second, both hosts in parallel
# (a figure, not an assertion: timed assertions do not belong in tests).
echo "udp scan took $((t1 - t0)) s"
finish
