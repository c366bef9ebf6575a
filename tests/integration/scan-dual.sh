#!/bin/bash
# Both families in one scan, and -S with IPv6 (issue 18): one scan sends from
# one address, so `scan 198.18.0.2 2001:2::2` runs an IPv4 and an IPv6 scan
# into one result.  A dual-stack target whose listeners differ by family:
# - a mixed scan (TCP 1-1024 and UDP) of its two addresses: every state right
#   in both families, in the one result, IPv4 host first; -v counts both hosts;
# - --dry-run of a mixed scan prints both families' probes, IPv4 first; a
#   mixed -S gives each family its own sources;
# - --exclude of either family leaves the other's scan alone (and of both:
#   one line, exit 2); --shard 1/2 and 2/2 partition both families' probes;
# - -S of four IPv6 sources (the jump's 2001:2::1, ::5-::7) past the target's
#   ICMPv6 rate limit: every state right, -v's answers by source name all four,
#   and the target's nft counters show port unreachables sent to each; again
#   with one source's bucket at the target spent just before the scan;
# - bad input, one line and exit 2, nothing sent: an IPv6 source not on the
#   interface, a backward IPv6 range, a mixed scan with -S of one family only.
# The times are printed, not asserted.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"

: "${PYTHON3:=python3}"
STATES="$PYTHON3 $top_srcdir/tests/integration/scan-states.py"
lab_init dual
D=$LAB_DIR
lab_ns jump
lab_ns t
lab_link jump "198.18.0.1/24 2001:2::1/64 2001:2::5/64 2001:2::6/64 2001:2::7/64" \
	t "198.18.0.2/24 2001:2::2/64"
IF=$LAB_LAST_A
T_IF=$LAB_LAST_B
# An IPv6 address of the jump on another link: not a source toward the target.
lab_ns other
lab_link jump 2001:2:1::1/64 other 2001:2:1::2/64

# Open: 22 on both, 80 on IPv4 only, 443 on IPv6 only; 81 dropped and 82
# rejected in both families, 83 dropped over IPv6 only.  UDP: an echo on 7777
# in both, 15 dropped, 16 rejected, 7001-7040 closed.
lab_bg t "$PP_LISTEN" -a 198.18.0.2 22,80
lab_bg t "$PP_LISTEN" -a 2001:2::2 22,443
for a in 198.18.0.2 2001:2::2; do
	lab_bg t "$PYTHON3" -c '
import socket, sys
a = sys.argv[1]
s = socket.socket(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_DGRAM)
s.bind((a, 7777))
print("ready", flush=True)
while True:
    d, p = s.recvfrom(2048)
    s.sendto(b"pong", p)' "$a"
done
lab_exec t nft -f - <<'NFT' || lab_fail "nft failed in t"
table inet pp {
	chain input {
		type filter hook input priority 0;
		tcp dport 81 drop
		tcp dport 82 reject with icmpx type admin-prohibited
		meta nfproto ipv6 tcp dport 83 drop
		udp dport 15 drop
		udp dport 16 reject with icmpx type admin-prohibited
	}
	chain output {
		type filter hook output priority 0;
		icmpv6 type destination-unreachable ip6 daddr 2001:2::1 counter
		icmpv6 type destination-unreachable ip6 daddr 2001:2::5 counter
		icmpv6 type destination-unreachable ip6 daddr 2001:2::6 counter
		icmpv6 type destination-unreachable ip6 daddr 2001:2::7 counter
	}
}
NFT
# Linux's default: a burst of six errors a peer, then one a second.
lab_exec t sysctl -qw net.ipv6.icmp.ratelimit=1000 net.ipv4.icmp_ratelimit=1000
# sent ADDR: the target's ICMPv6 unreachables to ADDR so far
sent() {
	lab_exec t nft list chain inet pp output |
		sed -n "s/.*daddr $1 counter packets \([0-9]*\).*/\1/p"
}
# received: IPv4 and IPv6 packets that reached the target
rx() { lab_exec t cat "/sys/class/net/$T_IF/statistics/rx_packets"; }

# --- a mixed scan: one result, both families ---
TCP=1-1024
UDP=7,15,16,7001-7004,7777
t0=$(date +%s.%N)
expect_exit 0 lab_exec jump "$PORTPROOF" scan -v -p "T:$TCP,U:$UDP" 198.18.0.2 2001:2::2 \
	--format json -o "$D/mixed.json"
t1=$(date +%s.%N)
echo "mixed scan, TCP $TCP and UDP $UDP of both addresses: $(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s"
check "mixed: IPv4 open 22,80; 81, 82 filtered" $STATES --host 198.18.0.2 --ports "$TCP" \
	--open 22,80 --filtered 81,82 "$D/mixed.json"
check "mixed: IPv6 open 22,443; 81, 82, 83 filtered" $STATES --host 2001:2::2 --ports "$TCP" \
	--open 22,443 --filtered 81-83 "$D/mixed.json"
for a in 198.18.0.2 2001:2::2; do
	check "mixed: UDP of $a (echo open, 15 open|filtered, 16 filtered, the rest closed)" \
		$STATES --proto udp --host $a --ports "$UDP" --open 7777 --filtered 16 \
		--open-filtered 15 "$D/mixed.json"
done
check "mixed: one result, IPv4 host first, complete, both families' counters" \
	"$PYTHON3" - "$D/mixed.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert [h["address"] for h in r["hosts"]] == ["198.18.0.2", "2001:2::2"], r["hosts"]
s = r["scan"]
assert s["complete"] is True, s
# 1024 + 8 probes a host, both hosts; answers from both (all but the
# dropped ports' and those the ICMP limits held back: more than one host's)
assert s["sent"] >= 2 * 1032 and s["received"] >= 2 * 1032 - 16, s
h6 = r["hosts"][1]
rs = {(p["proto"], p["port"]): p["reason"] for p in h6["ports"]}
# (82's reason depends on the ICMP burst the UDP ports, sent first, left)
assert rs[("tcp", 83)] == "no-response", rs
PY
check "-v: the summary counts both hosts" grep -q "^portproof: .*s, 2 hosts, 2064 probes" <<<"$ERR"
check "-v: no answers by source (one source a family)" \
	sh -c '! printf %s "$1" | grep -q "answers by source"' _ "$ERR"

# --- --dry-run: both families, IPv4 first; a mixed -S ---
expect_exit 0 lab_exec jump "$PORTPROOF" scan --dry-run -p 22,443 198.18.0.2 2001:2::2 \
	-S 198.18.0.1,2001:2::5-2001:2::6
printf '%s\n' "$OUT" >"$D/dry.txt"
check "dry run: two IPv4 probes from -S's IPv4 source, then two IPv6 ones, one from each IPv6 source" \
	"$PYTHON3" - "$D/dry.txt" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().split("\n")[:-1]
assert len(lines) == 4, lines
for l in lines[:2]:
    assert re.match(r"^tcp 198\.18\.0\.1:\d+ > 198\.18\.0\.2:(22|443) syn", l), lines
src6 = sorted(re.match(r"^tcp \[(2001:2::[56])\]:\d+ > \[2001:2::2\]:(22|443) syn", l).group(1)
              for l in lines[2:])
assert src6 == ["2001:2::5", "2001:2::6"], lines
PY

# --- --exclude of either family; --shard ---
expect_exit 0 lab_exec jump "$PORTPROOF" scan -q -p 22 198.18.0.2 2001:2::2 --exclude 2001:2::/64 \
	--format json -o "$D/ex6.json"
check "--exclude of the IPv6 host: the IPv4 one scanned alone" "$PYTHON3" -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert [h["address"] for h in r["hosts"]] == ["198.18.0.2"], r["hosts"]' "$D/ex6.json"
expect_exit 0 lab_exec jump "$PORTPROOF" scan -q -p 22 198.18.0.2 2001:2::2 --exclude 198.18.0.2 \
	--format json -o "$D/ex4.json"
check "--exclude of the IPv4 host: the IPv6 one scanned alone" "$PYTHON3" -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert [h["address"] for h in r["hosts"]] == ["2001:2::2"], r["hosts"]' "$D/ex4.json"
expect_exit 2 lab_exec jump "$PORTPROOF" scan -q -p 22 198.18.0.2 2001:2::2 \
	--exclude 198.18.0.2,2001:2::2
check "--exclude of both: one line" [ "$ERR" = "portproof: every target is excluded" ]
for k in 1 2; do
	expect_exit 0 lab_exec jump "$PORTPROOF" scan -q -p 1-200 198.18.0.2 2001:2::2 --seed 7 \
		--shard $k/2 --format json -o "$D/shard$k.json"
done
check "--shard 1/2 and 2/2: IPv4's probes partitioned" $STATES --disjoint --host 198.18.0.2 \
	--ports 1-200 --open 22,80 --filtered 81,82 "$D/shard1.json" "$D/shard2.json"
check "--shard 1/2 and 2/2: IPv6's probes partitioned" $STATES --disjoint --host 2001:2::2 \
	--ports 1-200 --open 22 --filtered 81-83 "$D/shard1.json" "$D/shard2.json"

# --- bad input: one line, exit 2, nothing sent ---
before=$(rx)
expect_exit 2 lab_exec jump "$PORTPROOF" scan -q -p 22 2001:2::2 -S 2001:2::1,2001:2:1::1
check "an IPv6 source on another interface: named, one line" \
	[ "$ERR" = "portproof: -S: 2001:2:1::1 is not an address of $IF, the route's interface" ]
expect_exit 2 lab_exec jump "$PORTPROOF" scan -q -p 22 2001:2::2 -S 2001:2::1,2001:2::9
check "an IPv6 source that is no address of ours: named" \
	[ "$ERR" = "portproof: -S: 2001:2::9 is not an address of $IF, the route's interface" ]
expect_exit 2 lab_exec jump "$PORTPROOF" scan -q -p 22 2001:2::2 -S 2001:2::7-2001:2::5
check "a backward IPv6 range: one line" \
	[ "$ERR" = "portproof: -S: 2001:2::7-2001:2::5: not an IPv6 address or range (A-B, A <= B)" ]
expect_exit 2 lab_exec jump "$PORTPROOF" scan -q -p 22 198.18.0.2 2001:2::2 -S 198.18.0.1
check "a mixed scan, -S of IPv4 only: one line" \
	[ "$ERR" = "portproof: -S: 198.18.0.1: no IPv6 source, and the scan has IPv6 targets too: give one of each family" ]
expect_exit 2 lab_exec jump "$PORTPROOF" scan -q -p 22 198.18.0.2 2001:2::2 -S 2001:2::1
check "a mixed scan, -S of IPv6 only: one line" \
	[ "$ERR" = "portproof: -S: 2001:2::1: no IPv4 source, and the scan has IPv4 targets too: give one of each family" ]
check "none of them sent a probe" [ "$(rx)" = "$before" ]

# --- -S of four IPv6 sources past the ICMPv6 rate limit ---
PORTS=15,16,7001-7040,7777
t0=$(date +%s.%N)
expect_exit 0 lab_exec jump "$PORTPROOF" scan -v -p "U:$PORTS" -S 2001:2::1,2001:2::5-2001:2::7 \
	2001:2::2 --format json -o "$D/s4.json"
t1=$(date +%s.%N)
echo "udp scan of 40 closed IPv6 ports from 4 sources: $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s"
check "-S of 4 IPv6: every state right" $STATES --proto udp --host 2001:2::2 --ports "$PORTS" \
	--open 7777 --filtered 16 --open-filtered 15 "$D/s4.json"
check "-S of 4 IPv6: -v gives the answers by source" \
	grep -Eq '^portproof: answers by source: 2001:2::1 [1-9][0-9]*, 2001:2::5 [1-9][0-9]*, 2001:2::6 [1-9][0-9]*, 2001:2::7 [1-9][0-9]*$' <<<"$ERR"
grep 'answers by source' <<<"$ERR"
for a in 1 5 6 7; do
	n=$(sent 2001:2::$a)
	echo "ICMPv6 unreachables to 2001:2::$a: $n"
	check "-S of 4 IPv6: the target answered 2001:2::$a (at least its burst of six)" \
		test "${n:-0}" -ge 6
done
# Again with the bucket of one source spent just before (another scan from it):
# its probes get no answer at first, which is no silent round; they wait for
# the token that comes back.
before=$(sent 2001:2::1)
lab_exec jump "$PYTHON3" -c '
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind(("2001:2::1", 0))
for p in range(8001, 8021):
    s.sendto(b"x", ("2001:2::2", p))'
check "2001:2::1's bucket spent: the target held errors to it back" \
	test "$(($(sent 2001:2::1) - before))" -lt 20
expect_exit 0 lab_exec jump "$PORTPROOF" scan -q -p "U:$PORTS" -S 2001:2::1,2001:2::5-2001:2::7 \
	2001:2::2 --format json -o "$D/s4-spent.json"
check "-S of 4 IPv6, one bucket spent: every state right" $STATES --proto udp --host 2001:2::2 \
	--ports "$PORTS" --open 7777 --filtered 16 --open-filtered 15 "$D/s4-spent.json"
finish
