#!/bin/bash
# The connect method over IPv6 (issue 18): uid 65534 with no capabilities scans
# a dual-stack target at its IPv6 address through AF_INET6 sockets, and the
# states equal both the lab's ground truth and the raw method's (run as root on
# the same ports):
# - TCP, a full -p-: pp-listen on 2001:2::2 (open), nft `ip6 ... drop`
#   (filtered, no-response), `reject with icmpv6 type admin-prohibited`
#   (filtered, icmp-admin-prohibited: the ICMPv6 error read from the socket's
#   error queue, IPV6_RECVERR; no-route and addr-unreachable: icmp6-unreach-0
#   and -3, as the raw engine names them), an IPv4-only listener and the rest
#   closed (rst);
#   the method chosen by itself without privilege (said once); nmap -6 -sT
#   (unprivileged too) as the second opinion;
# - UDP: dnsmasq, Kamailio and tftpd (which answers from a new port) bound to
#   2001:2::2 (open), closed (ICMPv6 port
#   unreachable), dropped (open|filtered), rejected (filtered: admin-prohibited,
#   and address unreachable and no route, which Linux hands a UDP socket only
#   through its error queue), and twelve
#   closed ports past the target's ICMPv6 rate limit, settled by the rounds;
# - -S binds the sockets to that IPv6 address (an nft counter on the target
#   counts probes from it), and -S of the other family is refused, exit 2.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
. "$top_srcdir/tests/lab/daemons.sh"
: "${PYTHON3:=python3}"
STATES="$PYTHON3 $top_srcdir/tests/integration/scan-states.py"

T=2001:2::2
OPEN=22,80,443,8443,65535
DROP=81,3389,60000
REJECT=82,4444
# Rejected with other ICMPv6 codes: no route (0), address unreachable (3).
NOROUTE=83
NOADDR=84
UOPEN=53,69,5060
UPORTS=53-58,69,161,5060,9990-9995

lab_init conn6
TMP=$LAB_DIR
lab_ns jump
lab_ns t
# 2001:2::3: a second address of ours, for -S.
lab_link jump "198.18.0.1/24 2001:2::1/64 2001:2::3/64" t "198.18.0.2/24 $T/64"
lab_bg t "$PP_LISTEN" -a $T $OPEN
# Open on IPv4 only: closed over IPv6.
lab_bg t "$PP_LISTEN" -a 198.18.0.2 8080
lab_dnsmasq t $T 53
lab_kamailio t $T 5060
# TFTP answers from a new port: an unconnected socket, datagrams from the target only.
lab_tftpd t $T 69
lab_exec t nft -f - <<NFT || lab_fail "nft rules not loaded"
table ip6 lab {
	chain in {
		type filter hook input priority 0;
		ip6 saddr 2001:2::3 tcp dport 22 counter name from3
		tcp dport { $DROP } drop
		tcp dport { $REJECT } reject with icmpv6 type admin-prohibited
		tcp dport $NOROUTE reject with icmpv6 type no-route
		tcp dport $NOADDR reject with icmpv6 type addr-unreachable
		udp dport 55 drop
		udp dport 56 reject with icmpv6 type admin-prohibited
		udp dport 57 reject with icmpv6 type addr-unreachable
		udp dport 58 reject with icmpv6 type no-route
	}
	counter from3 { }
}
NFT
from3() { lab_exec t nft list counter ip6 lab from3 | awk '/packets/ {print $2}'; }
nobody_copy
NPP="$NOBODY_DIR/portproof"
OUTD=$NOBODY_DIR/out
mkdir -p "$OUTD" && chmod 777 "$OUTD"
nscan() { lab_exec jump $NOBODY "$NPP" scan --format json "$@"; }
rscan() { lab_exec jump "$PORTPROOF" scan --format json "$@"; }
field() { # FILE PYTHON-EXPR over r (the result)
	$PYTHON3 -c 'import json,sys
r=json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$@"
}
# same A B PROTO: the two results say the same state and reason of every port.
same() {
	$PYTHON3 - "$@" <<'PY'
import json, sys
def states(path, proto):
    r = json.load(open(path))
    h = r["hosts"][0]
    return h["other"][proto], sorted((p["port"], p["state"], p["reason"])
                                     for p in h["ports"] if p["proto"] == proto)
a, b = states(sys.argv[1], sys.argv[3]), states(sys.argv[2], sys.argv[3])
assert a == b, (a, b)
PY
}

# 1. Past the target's ICMPv6 rate limit (Linux's default: per peer, a burst,
# then one error a second; first, while its bucket is full), TCP beside: the
# rounds settle every port.
lab_exec t sysctl -qw net.ipv6.icmp.ratelimit=1000
expect_exit 0 nscan -q -p T:20-23,81-82,U:1001-1012 -o "$OUTD/limit.json" $T
check "udp: twelve closed ports past the ICMPv6 limit" $STATES --proto udp --host $T \
	--ports 1001-1012 --open "" "$OUTD/limit.json"
check "udp: TCP right beside them" $STATES --host $T --ports 20-23,81-82 --open 22 \
	--filtered 81,82 "$OUTD/limit.json"
# Then no limit: the raw and the connect method, one after the other, each get
# every error, and their reasons can be compared.
lab_exec t sysctl -qw net.ipv6.icmp.ratelimit=0

# 2. Every TCP port, unprivileged: the connect method chosen by itself.
expect_exit 0 nscan -p- -o "$OUTD/tcp.json" $T
check "auto: connect said once on stderr, nothing else" \
	test "$(grep -c 'raw sockets not allowed.*--method connect' <<<"$ERR")/$(wc -l <<<"$ERR")" = 1/1
check "tcp: scan.method connect, complete" \
	test "$(field "$OUTD/tcp.json" "r['scan']['method'], r['scan']['complete']")" = "('connect', True)"
check "tcp: all 65535 states right (dnsmasq listens on tcp/53 too)" \
	$STATES --host $T --ports 1-65535 --open $OPEN,53 --filtered $DROP,$REJECT,$NOROUTE,$NOADDR "$OUTD/tcp.json"
check "tcp: the reasons right" "$PYTHON3" - "$OUTD/tcp.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))["hosts"][0]
assert h["address"] == "2001:2::2" and h["other"]["tcp"] == "closed", h
got = {p["port"]: p["reason"] for p in h["ports"] if p["proto"] == "tcp"}
assert got[22] == "syn-ack" and got[81] == "no-response", got
assert got[82] == got[4444] == "icmp-admin-prohibited", got
assert got[83] == "icmp6-unreach-0" and got[84] == "icmp6-unreach-3", got
PY
# The raw method, as root, on the same ports: the same states and reasons.
expect_exit 0 rscan -q -p- -o "$TMP/raw-tcp.json" $T
check "tcp: the same as the raw method's" same "$OUTD/tcp.json" "$TMP/raw-tcp.json" tcp

# 3. nmap -6 -sT, nmap's unprivileged scan, as nobody: the same truth.
if ! command -v nmap >/dev/null; then
	fail "nmap is not installed (the second opinion on TCP)"
else
	NP=1-100,443,3389,4444,8080,8443,60000,65535
	lab_exec jump $NOBODY nmap -6 -n -Pn -sT -T4 -p $NP -oX "$OUTD/nmap.xml" $T >/dev/null 2>&1
	$PYTHON3 "$top_srcdir/bench/nmap2json.py" "$OUTD/nmap.xml" "$TMP/nmap.json"
	check "nmap -6 -sT: the same ground truth" \
		$STATES --host $T --ports $NP --open $OPEN,53 --filtered $DROP,$REJECT,$NOROUTE,$NOADDR "$TMP/nmap.json"
fi

# 4. UDP: the daemons' replies, ICMPv6 port unreachable and admin-prohibited
# from the error queue, silence; the same as the raw method's.
expect_exit 0 nscan --method connect -q -p U:$UPORTS -o "$OUTD/udp.json" $T
check "udp: --method connect says nothing with -q" test -z "$ERR"
check "udp: every state right" $STATES --proto udp --host $T --ports $UPORTS --open $UOPEN \
	--filtered 56-58 --open-filtered 55 "$OUTD/udp.json"
check "udp: the reasons and probes right" "$PYTHON3" - "$OUTD/udp.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))["hosts"][0]
got = {p["port"]: (p["reason"], p.get("probe")) for p in h["ports"] if p["proto"] == "udp"}
assert got[53] == ("udp-response", "dns") and got[5060] == ("udp-response", "sip"), got
assert got[69] == ("udp-response", "tftp"), got
# Linux reports these last two to a UDP socket only through its error queue.
assert got[56][0] == "icmp-admin-prohibited", got
assert got[57][0] == "icmp6-unreach-3" and got[58][0] == "icmp6-unreach-0", got
assert h["other"]["udp"] == "closed", h["other"]
for p in (54, 161, 9990):
    assert got.get(p, ("icmp-port-unreach",))[0] == "icmp-port-unreach", got
PY
expect_exit 0 rscan -q -p U:$UPORTS -o "$TMP/raw-udp.json" $T
check "udp: the same as the raw method's" same "$OUTD/udp.json" "$TMP/raw-udp.json" udp

# 5. -S: the sockets bound to that IPv6 address; the other family refused.
before=$(from3)
expect_exit 0 nscan -q -S 2001:2::3 -p 1-100,81-82,4444 -o "$OUTD/src.json" $T
check "-S: every state right" $STATES --host $T --ports 1-100,81-82,4444 --open 22,53,80 \
	--filtered 81-84,4444 "$OUTD/src.json"
check "-S: the probe of 22 came from 2001:2::3" test "$(from3)" -gt "$before"
expect_exit 2 nscan --method connect -p 22 -S 198.18.0.1 $T
check "-S of the other family: one line" \
	[ "$ERR" = "portproof: -S: 198.18.0.1: not an IPv6 address, and the scan is IPv6" ]

finish
