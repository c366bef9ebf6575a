#!/bin/bash
# The raw engine over IPv6 (issue 18): a dual-stack target, scanned at its IPv6
# address, every state checked against what the lab set up:
# - a full -p- over TCP: pp-listen on 2001:2::2 (open), nft `ip6 ... drop`
#   (filtered, no-response), `reject with icmpv6 type admin-prohibited`
#   (filtered, icmp-admin-prohibited), `reject with icmpv6 type
#   addr-unreachable` and `no-route` (filtered, icmp6-unreach-3 and -0, the
#   ICMPv6 codes' own reasons), an IPv4-only listener and every other
#   port closed (rst); nmap -6 -sS as the second opinion on the same ports;
# - UDP over IPv6: dnsmasq and Kamailio bound to 2001:2::2 (open: a DNS answer,
#   a SIP 200 to OPTIONS whose Via and Call-ID name us in brackets), closed
#   ports (ICMPv6 port unreachable), a dropped one (open|filtered), a rejected
#   one (filtered); twelve closed ports past the target's ICMPv6 rate limit
#   (Linux: per peer, a burst of six, then one a second) all read closed;
# - a range of three IPv6 hosts: each one's open ports its own;
# - answers behind extension headers (tests/lab/ext6.py): a SYN-ACK after
#   destination options reads open, an ICMPv6 address unreachable after
#   hop-by-hop options icmp6-unreach-3;
# - --dry-run prints IPv6 probes in brackets; -4/-6 choose a name's family (a
#   hosts file of the test's own, bound over /etc/hosts in a mount namespace);
# - bad input: two IPv6 targets reached from two addresses (exit 3), -S of the
#   other family, no IPv6 route (exit
#   3), a prefix too large and a scoped address (exit 2) send nothing (an nft
#   counter on the target);
# - a dual-stack audit: one node at both addresses (two hosts of the deployment,
#   one profile), its web server listening on IPv4 only: the IPv6 host's
#   port reads closed and its verdict "missing", a finding (exit 1), while the
#   IPv4 host passes; SSH on both passes on both; the same with --method
#   connect (both of the audit's scans by sockets), and without privilege.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
. "$top_srcdir/tests/lab/daemons.sh"

: "${PYTHON3:=python3}"
lab_init scan6
TMP=$LAB_DIR
lab_ns jump
lab_ns t
lab_link jump "198.18.0.1/24 2001:2::1/64" t "198.18.0.2/24 2001:2::2/64"
T_IF=$LAB_LAST_B

OPEN=22,80,443,5060,8443,65535
DROP=81,3389,60000
REJECT=82,4444
ADDR_UNREACH=83 # ICMPv6 code 3
NO_ROUTE=84     # ICMPv6 code 0
lab_bg t "$PP_LISTEN" -a 2001:2::2 $OPEN
# Open on IPv4 only: closed over IPv6.
lab_bg t "$PP_LISTEN" -a 198.18.0.2 8080
lab_dnsmasq t 2001:2::2 53
lab_kamailio t 2001:2::2 5060
lab_exec t nft -f - <<NFT || fail "nft rules not loaded"
table ip6 lab {
	chain in {
		type filter hook input priority 0;
		tcp dport 7 counter name probes
		tcp dport { $DROP } drop
		tcp dport { $REJECT } reject with icmpv6 type admin-prohibited
		tcp dport $ADDR_UNREACH reject with icmpv6 type addr-unreachable
		tcp dport $NO_ROUTE reject with icmpv6 type no-route
		udp dport 55 drop
		udp dport 56 reject with icmpv6 type admin-prohibited
		udp dport 57 reject with icmpv6 type addr-unreachable
	}
	counter probes { }
}
NFT
probes() { lab_exec t nft list counter ip6 lab probes | awk '/packets/ {print $2}'; }

# --- TCP: a full -p- of the IPv6 address ---
expect_exit 0 lab_exec jump "$PORTPROOF" scan -p- 2001:2::2 --format json -o "$TMP/tcp.json"
check "tcp: every state as set up (dnsmasq listens on tcp/53 too)" "$PYTHON3" - "$TMP/tcp.json" "$OPEN,53" "$DROP" "$REJECT" "$ADDR_UNREACH" "$NO_ROUTE" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
want_open = {int(p) for p in sys.argv[2].split(",")}
drop = {int(p) for p in sys.argv[3].split(",")}
reject = {int(p) for p in sys.argv[4].split(",")}
assert r["scan"]["complete"] is True, r["scan"]
assert [h["address"] for h in r["hosts"]] == ["2001:2::2"], r["hosts"]
h = r["hosts"][0]
assert h["other"]["tcp"] == "closed", h["other"]
got = {p["port"]: (p["state"], p["reason"]) for p in h["ports"] if p["proto"] == "tcp"}
want = {p: ("open", "syn-ack") for p in want_open}
want.update({p: ("filtered", "no-response") for p in drop})
want.update({p: ("filtered", "icmp-admin-prohibited") for p in reject})
want[int(sys.argv[5])] = ("filtered", "icmp6-unreach-3")
want[int(sys.argv[6])] = ("filtered", "icmp6-unreach-0")
assert got == want, (sorted(got.items()), sorted(want.items()))
PY

# The reports of that result (read back from its JSON) name them too: text
# as JSON, XML by nmap's names.
expect_exit 0 "$PORTPROOF" report "$TMP/tcp.json" --format text
check "text: the ICMPv6 reasons" "$PYTHON3" -c '
import re, sys
t = sys.stdin.read()
for port, why in ((82, "icmp-admin-prohibited"), (83, "icmp6-unreach-3"), (84, "icmp6-unreach-0")):
    assert re.search(r"^  %d/tcp +filtered +%s " % (port, why), t, re.M), (port, why, t)' <<<"$OUT"
expect_exit 0 "$PORTPROOF" report "$TMP/tcp.json" --format xml
check "xml: nmap's names for ICMPv6's codes" "$PYTHON3" -c '
import sys, xml.etree.ElementTree as ET
got = {int(p.get("portid")): p.find("state").get("reason") for p in ET.fromstring(sys.stdin.read()).iter("port")}
want = {82: "admin-prohibited", 83: "host-unreach", 84: "no-route"}
assert {p: got.get(p) for p in want} == want, got' <<<"$OUT"

# nmap -6 -sS agrees on the same ports (it lists the non-closed ones).
if command -v nmap >/dev/null; then
	expect_exit 0 lab_exec jump nmap -6 -sS -n -Pn -p- --max-retries 2 -oG - 2001:2::2
	check "nmap -6 -sS: the same open and filtered ports" "$PYTHON3" - "$TMP/tcp.json" <<PY
import json, re, sys
r = json.load(open(sys.argv[1]))
mine = sorted((p["port"], p["state"]) for p in r["hosts"][0]["ports"] if p["proto"] == "tcp")
g = """$OUT"""
m = re.search(r"Ports: (.*?)(\t|$)", g, re.M)
theirs = sorted((int(f.split("/")[0]), f.split("/")[1]) for f in m.group(1).split(", ")
                if f.split("/")[1] != "closed")
assert mine == theirs, (mine, theirs)
PY
else
	fail "nmap not installed (apt-get install nmap)"
fi

# --- UDP over IPv6 ---
expect_exit 0 lab_exec jump "$PORTPROOF" scan -p U:53-57,161,5060 2001:2::2 --format json \
	-o "$TMP/udp.json"
check "udp: dnsmasq open, closed, dropped, rejected (two ways)" "$PYTHON3" - "$TMP/udp.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
h = r["hosts"][0]
got = {p["port"]: (p["state"], p["reason"]) for p in h["ports"] if p["proto"] == "udp"}
other = h["other"]["udp"]
for p in (53, 54, 55, 56, 161):
    got.setdefault(p, (other, "other"))
assert got[53] == ("open", "udp-response"), got
assert got[5060] == ("open", "udp-response"), got
assert got[54][0] == "closed" and got[161][0] == "closed", got
assert got[55][0] == "open|filtered", got
assert got[56] == ("filtered", "icmp-admin-prohibited"), got
assert got[57] == ("filtered", "icmp6-unreach-3"), got
PY

# Past the ICMPv6 rate limit: the same rounds as IPv4 settle every port.
lab_exec t sysctl -qw net.ipv6.icmp.ratelimit=1000
expect_exit 0 lab_exec jump "$PORTPROOF" scan -p U:1001-1012 2001:2::2 --format json \
	-o "$TMP/udp-limit.json"
check "udp: twelve closed ports past the ICMPv6 limit" "$PYTHON3" - "$TMP/udp-limit.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))["hosts"][0]
st = {p: h["other"]["udp"] for p in range(1001, 1013)}
st.update({p["port"]: p["state"] for p in h["ports"] if p["proto"] == "udp"})
assert set(st.values()) == {"closed"}, st
PY

# --- a range of IPv6 hosts: each answer to its own host (the hosts' cookie
# identities are folded once, into a table probes and answers both read) ---
lab_addr t "$T_IF" "2001:2::3/64 2001:2::7/64"
lab_bg t "$PP_LISTEN" -a 2001:2::3 80
lab_bg t "$PP_LISTEN" -a 2001:2::7 22,8443
expect_exit 0 lab_exec jump "$PORTPROOF" scan -p 22,80,8443 2001:2::2-2001:2::7 \
	--exclude 2001:2::4-2001:2::6 --format json -o "$TMP/range.json"
check "a range: every host's open ports its own" "$PYTHON3" - "$TMP/range.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["scan"]["complete"] is True, r["scan"]
got = {h["address"]: sorted(p["port"] for p in h["ports"] if p["state"] == "open")
       for h in r["hosts"]}
assert got == {"2001:2::2": [22, 80, 8443], "2001:2::3": [80], "2001:2::7": [22, 8443]}, got
PY

# --- answers behind extension headers (tests/lab/ext6.py, the target's own
# stack silenced by nft): the capture filter lets them in, the parser walks to
# the TCP header and to the ICMPv6 error's quote ---
lab_exec t nft add rule ip6 lab in tcp dport '{ 9001, 9002 }' drop ||
	fail "nft: the extension header ports not dropped"
lab_bg t "$PYTHON3" "$top_srcdir/tests/lab/ext6.py" --iface "$T_IF" --target 2001:2::2 \
	--open 9001 --unreach 9002
expect_exit 0 lab_exec jump "$PORTPROOF" scan -p 9001-9003 2001:2::2 --format json \
	-o "$TMP/ext6.json"
check "behind extension headers: a SYN-ACK (open), an ICMPv6 error (icmp6-unreach-3)" \
	"$PYTHON3" - "$TMP/ext6.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))["hosts"][0]
got = {p["port"]: (p["state"], p["reason"]) for p in h["ports"]}
for p in (9001, 9002, 9003):
    got.setdefault(p, (h["other"]["tcp"], "other"))
assert got[9001] == ("open", "syn-ack"), got
assert got[9002] == ("filtered", "icmp6-unreach-3"), got
assert got[9003][0] == "closed", got
PY

# --- --dry-run ---
expect_exit 0 lab_exec jump "$PORTPROOF" scan -p 22 2001:2::2 --dry-run
check "--dry-run: an IPv6 probe in brackets" \
	grep -Eq '^tcp \[2001:2::1\]:[0-9]+ > \[2001:2::2\]:22 syn seq [0-9a-f]{8} len 64$' <<<"$OUT"
# A name with both: IPv4 by default and with -4, IPv6 with -6 (the mount
# namespace keeps the machine's /etc/hosts as it is).
printf '198.18.0.2 dual.lab.test\n2001:2::2 dual.lab.test\n2001:2::2 six.lab.test\n' >"$TMP/hosts"
named() { # named ARGS...: a --dry-run scan of port 22 with a private /etc/hosts
	unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh "$TMP/hosts" \
		ip netns exec "$(lab_nsname jump)" "$PORTPROOF" scan -p 22 --dry-run "$@"
}
expect_exit 0 named dual.lab.test
check "a name with both: its IPv4 address" grep -q '> 198.18.0.2:22 syn' <<<"$OUT"
expect_exit 0 named -4 dual.lab.test
check "-4: its IPv4 address" grep -q '> 198.18.0.2:22 syn' <<<"$OUT"
expect_exit 0 named -6 dual.lab.test
check "-6: its IPv6 address" grep -q '> \[2001:2::2\]:22 syn' <<<"$OUT"
expect_exit 0 named six.lab.test
check "an IPv6-only name: its IPv6 address" grep -q '> \[2001:2::2\]:22 syn' <<<"$OUT"
expect_exit 2 named -4 six.lab.test
check "-4 of an IPv6-only name: one line" grep -q '^portproof: six.lab.test: cannot resolve host name' <<<"$ERR"

# --- bad input: one line, nothing sent ---
before=$(probes)
expect_exit 2 lab_exec jump "$PORTPROOF" scan -p 7 2001:2::2 -S 198.18.0.1
check "-S of the other family" \
	[ "$ERR" = "portproof: -S: 198.18.0.1: not an IPv6 address, and the scan is IPv6" ]
expect_exit 2 lab_exec jump "$PORTPROOF" scan -p 7 2001:2::/100
check "a prefix too large, with its count" \
	[ "$ERR" = "portproof: 2001:2::/100: 268435456 addresses, more than a /112's 65536 (--force to scan them)" ]
expect_exit 2 lab_exec jump "$PORTPROOF" scan -p 7 2001:2::2 'fe80::2%ppv0a'
check "a scoped address" grep -q "fe80::2%ppv0a: a scoped address" <<<"$ERR"
expect_exit 3 lab_exec jump "$PORTPROOF" scan -p 7 2001:2:99::1
check "no IPv6 route: one line" [ "$ERR" = "portproof: no route to 2001:2:99::1: Network is unreachable" ]
lab_ns u
lab_link jump 2001:2:1::1/64 u 2001:2:1::2/64
expect_exit 3 lab_exec jump "$PORTPROOF" scan -p 7 2001:2::2,2001:2:1::2
check "two targets, two sources: one line" \
	[ "$ERR" = "portproof: 2001:2:1::2 is reached from 2001:2:1::1, 2001:2::2 from 2001:2::1: one scan sends from one address; scan them apart, or give -S and -e" ]
check "none of them sent a probe" [ "$(probes)" = "$before" ]
expect_exit 0 lab_exec jump "$PORTPROOF" scan -p 7 2001:2::2
check "the counter counts a probe" [ "$(probes)" -gt "$before" ]
# The connect method probes IPv6 too (tests/integration/connect-ipv6.sh).
before=$(probes)
expect_exit 0 lab_exec jump "$PORTPROOF" scan -p 7 2001:2::2 --method connect --format json
check "--method connect: a probe counted, 7 closed" \
	[ "$(probes)" -gt "$before" -a "$("$PYTHON3" -c 'import json,sys; h=json.load(sys.stdin)["hosts"][0]; print(h["address"], h["other"]["tcp"])' <<<"$OUT")" = "2001:2::2 closed" ]

# --- a dual-stack audit: a listener on IPv4 only ---
mkdir -p "$TMP/profiles"
cat >"$TMP/profiles/lab-dual.json" <<'JSON'
{
  "schema": "portproof-profile/1",
  "id": "lab-dual",
  "product": "portproof lab: a dual-stack server",
  "document": {"title": "tests/integration/scan-ipv6.sh", "file": "scan-ipv6.sh"},
  "zones": {"any": "anyone"},
  "roles": {"server": {"description": "SSH and a web server"}},
  "services": [
    {"id": "ssh", "proto": "tcp", "ports": "2222", "roles": ["server"], "from": ["any"],
     "requirement": "mandatory", "kind": "listen", "name": "ssh",
     "description": "SSH", "ref": "lab"},
    {"id": "web", "proto": "tcp", "ports": "8088", "roles": ["server"], "from": ["any"],
     "requirement": "mandatory", "kind": "listen", "name": "http",
     "description": "the web server", "ref": "lab"}
  ],
  "alternatives": [],
  "errata": [],
  "excluded": []
}
JSON
cat >"$TMP/dual.json" <<'JSON'
{"schema": "portproof-deployment/1", "name": "dual", "vantage": "any", "features": [], "hosts": [
 {"name": "node", "address": "198.18.0.2", "profile": "lab-dual", "role": "server"},
 {"name": "node-v6", "address": "2001:2::2", "profile": "lab-dual", "role": "server"}]}
JSON
lab_bg t "$PP_LISTEN" -a 198.18.0.2 2222,8088
lab_bg t "$PP_LISTEN" -a 2001:2::2 2222
expect_exit 1 lab_exec jump "$PORTPROOF" audit "$TMP/dual.json" --profile-dir "$TMP/profiles" \
	--sweep none --no-check -q --format json -o "$TMP/dual-result.json"
check "dual-stack audit: IPv4 passes, the IPv6 host misses its web server" \
	"$PYTHON3" - "$TMP/dual-result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert [h["address"] for h in r["hosts"]] == ["198.18.0.2", "2001:2::2"], r["hosts"]
v = {(h["address"], p["port"]): (p["state"], p.get("verdict")) for h in r["hosts"]
     for p in h["ports"]}
assert v[("198.18.0.2", 2222)] == ("open", "pass"), v
assert v[("198.18.0.2", 8088)] == ("open", "pass"), v
assert v[("2001:2::2", 2222)] == ("open", "pass"), v
assert v[("2001:2::2", 8088)] == ("closed", "missing"), v
assert r["scan"]["complete"] is True, r["scan"]
PY
expect_exit 1 lab_exec jump "$PORTPROOF" audit "$TMP/dual.json" --profile-dir "$TMP/profiles" \
	--sweep none --no-check
check "the text report names the IPv6 host's missing port" \
	"$PYTHON3" -c '
import sys
t = sys.stdin.read()
six = t[t.index("2001:2::2"):]
assert "8088" in six and "missing" in six.split("\n\n")[0], t' <<<"$OUT"
# The connect method: both scans by sockets, the same verdicts.
same_verdicts() { # RAW CONNECT: the same verdicts, and the second by connect
	"$PYTHON3" - "$@" <<'PY'
import json, sys
def verdicts(path):
    r = json.load(open(path))
    return r["scan"], sorted((h["address"], p["port"], p["state"], p.get("verdict"))
                             for h in r["hosts"] for p in h["ports"])
(raw_scan, raw), (conn_scan, conn) = verdicts(sys.argv[1]), verdicts(sys.argv[2])
assert conn == raw, (conn, raw)
assert ("2001:2::2", 8088, "closed", "missing") in conn, conn
assert conn_scan.get("method") == "connect" and conn_scan["complete"] is True, conn_scan
PY
}
expect_exit 1 lab_exec jump "$PORTPROOF" audit "$TMP/dual.json" --profile-dir "$TMP/profiles" \
	--sweep none --no-check -q --method connect --format json -o "$TMP/dual-connect.json"
check "audit --method connect: the same verdicts, scan.method connect" \
	same_verdicts "$TMP/dual-result.json" "$TMP/dual-connect.json"
# Without privilege (uid 65534, no capabilities): connect chosen by itself.
nobody_copy "$TMP/dual.json"
cp "$TMP/profiles/lab-dual.json" "$NOBODY_DIR/profiles/" && chmod a+r "$NOBODY_DIR/profiles/lab-dual.json"
mkdir -p "$NOBODY_DIR/out" && chmod 777 "$NOBODY_DIR/out"
expect_exit 1 lab_exec jump $NOBODY "$NOBODY_DIR/portproof" audit "$NOBODY_DIR/dual.json" \
	--profile-dir "$NOBODY_DIR/profiles" --sweep none --no-check -q --format json \
	-o "$NOBODY_DIR/out/dual.json"
check "audit without privilege: the same verdicts by connect" \
	same_verdicts "$TMP/dual-result.json" "$NOBODY_DIR/out/dual.json"

finish
