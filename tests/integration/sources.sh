#!/bin/bash
# portproof -S with several source addresses (issue 16): Linux limits its ICMP
# errors per peer (a burst of six, then one a second), so each of our sources
# is its own bucket at the target.  A jump with five addresses on one link, a
# target with Linux's default limit and 40 closed UDP ports (plus an echo, a
# dropped and a rejected port): with -S of one source and of four, every state
# is right, and with four, -v's answers by source and the target's own counters
# of port unreachables show that every source was answered.  The connect
# method binds its TCP sockets to the sources, its UDP ones to the first.  A source not on
# the interface, of the wrong family or malformed is one line and exit 2; the
# dry run takes the sources in turn.  The times are printed, not asserted.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
: "${PYTHON3:=python3}"
STATES="$PYTHON3 $top_srcdir/tests/integration/scan-states.py"

lab_init sources
D=$LAB_DIR
lab_ns jump
lab_ns target
lab_ns other
lab_link jump 198.18.0.1/24 target 198.18.0.3/24
IF=$LAB_LAST_A
for a in 5 6 7 8; do
	lab_exec jump ip addr add 198.18.0.$a/24 dev "$IF" || lab_fail "cannot add 198.18.0.$a"
done
# An address of the jump on another interface: not a source toward the target.
lab_link jump 198.18.1.1/24 other 198.18.1.3/24
check "the target limits its ICMP errors (1000 ms)" \
	test "$(lab_exec target sysctl -n net.ipv4.icmp_ratelimit)" = 1000
# The target counts the port unreachables it sends to each source.
lab_exec target nft -f - <<'NFT' || lab_fail "nft failed in target"
table inet pp {
	chain input {
		type filter hook input priority 0;
		udp dport 15 drop
		udp dport 16 reject with icmp type admin-prohibited
	}
	chain output {
		type filter hook output priority 0;
		icmp type destination-unreachable ip daddr 198.18.0.1 counter
		icmp type destination-unreachable ip daddr 198.18.0.5 counter
		icmp type destination-unreachable ip daddr 198.18.0.6 counter
		icmp type destination-unreachable ip daddr 198.18.0.7 counter
		icmp type destination-unreachable ip daddr 198.18.0.8 counter
	}
}
NFT
lab_bg target "$PYTHON3" -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("198.18.0.3", 7777))
print("ready", flush=True)
while True:
    d, a = s.recvfrom(2048)
    s.sendto(b"pong", a)'
PORTS=15,16,7001-7040,7777
# sent ADDR: the target's port unreachables to ADDR so far
sent() {
	lab_exec target nft list chain inet pp output |
		sed -n "s/.*daddr $1 counter packets \([0-9]*\).*/\1/p"
}

# --- bad sources: one line, exit 2 ---
expect_exit 2 lab_exec jump "$PORTPROOF" scan -q -p U:7001 -S 198.18.0.1,198.18.1.1 198.18.0.3
check "a source on another interface: named, one line" \
	test "$ERR" = "portproof: -S: 198.18.1.1 is not an address of $IF, the route's interface"
expect_exit 2 lab_exec jump "$PORTPROOF" scan -q -p U:7001 -S 198.18.0.1,198.18.0.9 198.18.0.3
check "a source that is no address of ours: named" grep -q "^portproof: -S: 198.18.0.9 is not an address of $IF" <<<"$ERR"
expect_exit 2 lab_exec jump "$PORTPROOF" scan -q -p U:7001 -S 2001:2::1 198.18.0.3
check "an IPv6 source for IPv4 targets: one line" \
	test "$ERR" = "portproof: -S: 2001:2::1: an IPv6 address, and the scan is IPv4"
expect_exit 2 lab_exec jump "$PORTPROOF" scan -q -p U:7001 -S 198.18.0.8-198.18.0.5 198.18.0.3
check "a backward range: one line" grep -q "^portproof: -S: 198.18.0.8-198.18.0.5: not an IPv4 address or range" <<<"$ERR"
check "no scan ran for any of them" test "$(sent 198.18.0.1)$(sent 198.18.0.5)" = 00

# --- the dry run: a host's probes take the sources in turn ---
expect_exit 0 "$PORTPROOF" scan --dry-run -p U:7001-7008 -S 198.18.0.5-198.18.0.8 198.18.0.3
for a in 5 6 7 8; do
	check "dry run: two of eight probes from 198.18.0.$a" \
		test "$(grep -c "198\.18\.0\.$a:[0-9]* > 198\.18\.0\.3" <<<"$OUT")" = 2
done

# --- one source, then four ---
for run in "1 198.18.0.1" "4 198.18.0.1,198.18.0.5-198.18.0.7"; do
	k=${run%% *}
	srcs=${run#* }
	t0=$(date +%s.%N)
	expect_exit 0 lab_exec jump "$PORTPROOF" scan -v --format json -p U:$PORTS -S "$srcs" \
		198.18.0.3
	t1=$(date +%s.%N)
	echo "$OUT" >"$D/s$k.json"
	echo "$ERR" >"$D/s$k.err"
	# (closed: the 40 ports 7001-7040, in the result's "other" unless listed)
	check "-S of $k: every state right" $STATES --proto udp --host 198.18.0.3 --ports $PORTS \
		--open 7777 --filtered 16 --open-filtered 15 "$D/s$k.json"
	echo "udp scan of 40 closed ports from $k source(s): $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s"
	if [ "$k" = 1 ]; then
		check "-S of 1: all from 198.18.0.1 (at least 40 answered)" test "$(sent 198.18.0.1)" -ge 40
		check "-S of 1: none to 198.18.0.5" test "$(sent 198.18.0.5)" = 0
		check "-S of 1: no -v answers by source" sh -c "! grep -q 'answers by source' '$D/s1.err'"
	fi
done
check "-S of 4: -v gives the answers by source" \
	grep -Eq '^portproof: answers by source: 198\.18\.0\.1 [1-9][0-9]*, 198\.18\.0\.5 [1-9][0-9]*, 198\.18\.0\.6 [1-9][0-9]*, 198\.18\.0\.7 [1-9][0-9]*$' "$D/s4.err"
for a in 5 6 7; do
	n=$(sent 198.18.0.$a)
	echo "port unreachables to 198.18.0.$a: $n"
	check "-S of 4: the target answered 198.18.0.$a (at least its burst of six)" test "${n:-0}" -ge 6
done
check "-S of 4: nothing to 198.18.0.8, not given" test "$(sent 198.18.0.8)" = 0
grep 'answers by source' "$D/s4.err"

# --- the connect method: TCP sockets bound to the sources by slot; UDP from
# the first only (its ICMP rounds are per host) ---
lab_exec target nft add chain inet pp rst '{ type filter hook output priority 0; }' ||
	lab_fail "nft failed in target"
for a in 1 5 6 7; do
	lab_exec target nft add rule inet pp rst tcp flags \& rst == rst ip daddr 198.18.0.$a counter ||
		lab_fail "nft failed in target"
done
expect_exit 0 lab_exec jump "$PORTPROOF" scan --method connect -v --format json -p T:7001-7040 \
	-S 198.18.0.1,198.18.0.5-198.18.0.7 198.18.0.3
echo "$OUT" >"$D/c4.json"
check "connect TCP, -S of 4: every state right" $STATES --host 198.18.0.3 --ports 7001-7040 \
	--open "" --filtered "" "$D/c4.json"
echo "connect TCP, RSTs to .1 .5 .6 .7:" $(lab_exec target nft list chain inet pp rst |
	sed -n 's/.*counter packets \([0-9]*\).*/\1/p')
for a in 1 5 6 7; do
	eval "before_$a=$(sent 198.18.0.$a)"
done
expect_exit 0 lab_exec jump "$PORTPROOF" scan --method connect -v --format json -p U:7001-7010 \
	-S 198.18.0.1,198.18.0.5-198.18.0.7 198.18.0.3
echo "$OUT" >"$D/u4.json"
check "connect UDP, -S of 4: every state right" $STATES --proto udp --host 198.18.0.3 \
	--ports 7001-7010 --open "" --filtered "" "$D/u4.json"
check "connect UDP, -S of 4: the answers came to the first" \
	test "$(($(sent 198.18.0.1) - before_1))" -ge 10
for a in 5 6 7; do
	check "connect UDP, -S of 4: none to 198.18.0.$a" test "$(sent 198.18.0.$a)" = "$((before_$a))"
done
check "connect: no answers by source (its sockets do not count them)" \
	sh -c '! printf %s "$1" | grep -q "answers by source"' _ "$ERR"
finish
