#!/bin/bash
# IPv6 everywhere but the engine (issue 18, phase 1):
# - report, diff and merge of results with IPv6 hosts (tests/integration/data
#   scan-v6-*.json, shard-v6-*.json): every format read back by a real parser,
#   hosts IPv4 before IPv6 and each by address, nmap XML with addrtype="ipv6" that
#   ndiff reads, any spelling of an address written back in RFC 5952 form;
# - `profile firewall` rules for a zone with IPv6 addresses, loaded with nft and
#   with ip6tables-restore in a lab namespace, and connections over IPv6 that the
#   loaded rules let through (from the zone) or drop (from elsewhere);
# - the listener check over IPv6 (tests/lab/pp-check): an SSH greeting seen, a SIP
#   OPTIONS with the IPv6 host in brackets;
# - a bad IPv6 address and one spelled twice in a deployment at FILE:LINE:COLUMN;
# - a scan of both families with no IPv6 route exits 3, an IPv6 prefix too
#   large, a scoped address exit 2, each with one line, an audit of a deployment with an IPv6 host
#   with no IPv6 route exits 3, and they send nothing (the IPv4 target beside them gets no packet); the
#   IPv6 scans themselves: tests/integration/scan-ipv6.sh.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"

DATA="$top_srcdir/tests/integration/data"
: "${PYTHON3:=python3}"
lab_init ipv6
TMP=$LAB_DIR

# --- report: every format, IPv4 before IPv6, ::2 before ::10 ---
in_order() { # in_order TEXT A B C: A, B and C appear in TEXT in that order
	"$PYTHON3" -c '
import sys
t, w = sys.argv[1], sys.argv[2:]
at = [t.find(x) for x in w]
assert all(a >= 0 for a in at) and at == sorted(at), at' "$@"
}
for f in text json csv junit xml html; do
	expect_exit 0 "$PORTPROOF" report "$DATA/scan-v6-a.json" --format $f
	check "$f: 198.18.0.2, 2001:2::2, 2001:2::10 in that order" \
		in_order "$OUT" 198.18.0.2 2001:2::2 2001:2::10
done
expect_exit 0 "$PORTPROOF" report "$DATA/scan-v6-a.json" --format csv
check "csv: the IPv6 host's rows parse" "$PYTHON3" -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
assert [r[0] for r in rows[1:]] == ["198.18.0.2", "2001:2::2", "2001:2::2", "2001:2::10"], rows' <<<"$OUT"

# Another spelling and another order read back to the canonical file.
sed 's/"address": "2001:2::2"/"address": "2001:0002:0:0:0::0002"/' \
	"$DATA/scan-v6-a.json" >"$TMP/spelled.json"
check "the test file spells it otherwise" grep -q '2001:0002:0:0:0::0002' "$TMP/spelled.json"
expect_exit 0 "$PORTPROOF" report "$TMP/spelled.json" --format json
check "json: written back in RFC 5952 form" cmp -s <(printf '%s\n' "$OUT") "$DATA/scan-v6-a.json"

for f in scan-v6-a scan-v6-b; do
	"$PORTPROOF" report "$DATA/$f.json" --format xml -o "$TMP/$f.xml"
	check "$f.xml: nmap XML, addrtype ipv6 for the IPv6 hosts" "$PYTHON3" -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
a = [(h.find("address").get("addr"), h.find("address").get("addrtype")) for h in root.iter("host")]
assert a == [("198.18.0.2", "ipv4"), ("2001:2::2", "ipv6"), ("2001:2::10", "ipv6")], a' "$TMP/$f.xml"
done
if command -v ndiff >/dev/null; then
	expect_exit 1 ndiff "$TMP/scan-v6-a.xml" "$TMP/scan-v6-b.xml"
	check "ndiff names the IPv6 host" grep -q '^ *2001:2::10' <<<"$OUT"
	check "ndiff sees its new open port" grep -q '^+8080/tcp open' <<<"$OUT"
	expect_exit 0 ndiff "$TMP/scan-v6-a.xml" "$TMP/scan-v6-a.xml"
else
	fail "ndiff not installed (apt-get install ndiff)"
fi

# --- diff and merge ---
expect_exit 1 "$PORTPROOF" diff "$DATA/scan-v6-a.json" "$DATA/scan-v6-b.json"
check "diff: the IPv6 hosts, in order" in_order "$OUT" 2001:2::2 '~ tcp/81    filtered -> closed' \
	2001:2::10 '~ tcp/8080  closed -> open'
expect_exit 1 "$PORTPROOF" diff "$DATA/scan-v6-a.json" "$DATA/scan-v6-b.json" --format json
check "diff json: the IPv6 addresses" "$PYTHON3" -c '
import json, sys
d = json.load(sys.stdin)
assert [h["address"] for h in d["hosts"]] == ["2001:2::2", "2001:2::10"], d["hosts"]' <<<"$OUT"
expect_exit 0 "$PORTPROOF" merge "$DATA/shard-v6-2-of-2.json" "$DATA/shard-v6-1-of-2.json"
check "merge: every host of both shards, in order" "$PYTHON3" -c '
import json, sys
r = json.load(sys.stdin)
assert r["scan"]["shard"] == "1/1" and r["scan"]["complete"] is True, r["scan"]
got = [(h["address"], [p["port"] for p in h["ports"]]) for h in r["hosts"]]
assert got == [("198.18.0.2", [22]), ("2001:2::2", [22, 81]), ("2001:2::10", [443])], got' <<<"$OUT"

# --- firewall rules for a dual-stack zone, loaded in a namespace ---
# fw runs a listener on 443 (from any) and 8085 (cluster only); member sits in
# the cluster's prefix, outsider in another one.
PROFILE="cisco-mediasense --role expansion --zone cluster=198.18.1.0/24,2001:2:1::/64"
expect_exit 0 "$PORTPROOF" profile firewall $PROFILE --format nft
printf '%s\n' "$OUT" >"$TMP/fw.nft"
check "nft: an ip6 saddr rule for the cluster" \
	grep -q '^		ip6 saddr { 2001:2:1::/64 } tcp dport 8085 accept$' "$TMP/fw.nft"
check "nft: and the ip one beside it" \
	grep -q '^		ip saddr { 198.18.1.0/24 } tcp dport 8085 accept$' "$TMP/fw.nft"
expect_exit 0 "$PORTPROOF" profile firewall $PROFILE --format ip6tables
printf '%s\n' "$OUT" >"$TMP/fw.ip6t"
check "ip6tables: the cluster's IPv6 prefix" grep -q -- '^-A INPUT -s 2001:2:1::/64 -p tcp -m tcp --dport 8085 ' "$TMP/fw.ip6t"
check "ip6tables: no IPv4 address in a rule" [ -z "$(grep -- '-s 198\.' "$TMP/fw.ip6t")" ]
expect_exit 0 "$PORTPROOF" profile firewall $PROFILE --format iptables
check "iptables: no IPv6 address in a rule" [ -z "$(grep -- '-s 2001' <<<"$OUT")" ]
check "iptables: names the IPv6 one in its header" \
	grep -qx '#   zone cluster: 2001:2:1::/64 (IPv6: in --format ip6tables)' <<<"$OUT"
expect_exit 2 "$PORTPROOF" profile firewall cisco-mediasense --role expansion \
	--zone 'cluster=fe80::1%eth0/64'
check "a scoped --zone address: one line naming it" \
	[ "$ERR" = "portproof: --zone: 'fe80::1%eth0/64' is scoped (%IF): a rule's source is a global prefix" ]

lab_ns fw
lab_ns member
lab_ns outsider
for ns in fw member outsider; do # no DAD: the addresses work at once
	lab_exec $ns sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
done
lab_link fw 2001:2:1::2/64 member 2001:2:1::1/64
lab_link fw 2001:2:2::2/64 outsider 2001:2:2::1/64
for i in $(seq 1 100); do # and wait for any that is tentative all the same
	[ -z "$(lab_exec fw ip -6 addr show tentative)$(lab_exec member ip -6 addr show tentative)$(lab_exec outsider ip -6 addr show tentative)" ] && break
	sleep 0.05
done
lab_bg fw "$PYTHON3" -c '
import socket, select
ls = []
for port in (443, 8085):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port))
    s.listen(16)
    ls.append(s)
print("ready", flush=True)
while True:
    for s in select.select(ls, [], [])[0]:
        s.accept()[0].close()'
# connects NS ADDR PORT: a TCP connection over IPv6 completes (2 s at most: a
# dropped SYN is never answered).
connects() {
	lab_exec "$1" "$PYTHON3" -c '
import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2)
s.close()' "$2" "$3" 2>/dev/null
}
check "before any rule, the outsider reaches 8085" connects outsider 2001:2:2::2 8085

# --- the listener check connects over IPv6 (pp-check: the check alone) ---
lab_bg fw "$PYTHON3" -c '
import socket, select, sys
ls = {}
for port in (2222, 5060):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("2001:2:1::2", port))
    s.listen(4)
    ls[s] = port
print("ready", flush=True)
while True:
    for s in select.select(list(ls), [], [])[0]:
        c = s.accept()[0]
        if ls[s] == 2222:
            c.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
            c.recv(64)
        else:
            req = b""
            while b"\r\n\r\n" not in req:
                d = c.recv(4096)
                if not d:
                    break
                req += d
            open(sys.argv[1], "wb").write(req)
            c.sendall(b"SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n")
        c.close()' "$TMP/sip.req"
one_port() { # one_port PORT: a result with 2001:2:1::2 tcp/PORT open
	sed -e 's/"address": "2001:2::10"/"address": "2001:2:1::2"/' \
		-e "s/\"port\": 443,/\"port\": $1,/" "$DATA/scan-v6-a.json" |
		"$PYTHON3" -c '
import json, sys
r = json.load(sys.stdin)
r["hosts"] = [h for h in r["hosts"] if h["address"] == "2001:2:1::2"]
json.dump(r, sys.stdout)'
}
one_port 2222 >"$TMP/check-ssh.json"
expect_exit 0 lab_exec member "$top_builddir/tests/lab/pp-check" "$TMP/check-ssh.json"
check "check: the SSH server over IPv6 is seen" "$PYTHON3" -c '
import json, sys
p = json.load(sys.stdin)["hosts"][0]["ports"][0]
assert p["seen"] == "ssh" and "OpenSSH_9.2p1" in p["seen_detail"], p' <<<"$OUT"
one_port 5060 >"$TMP/check-sip.json"
expect_exit 0 lab_exec member "$top_builddir/tests/lab/pp-check" -s sip "$TMP/check-sip.json"
check "check: the SIP server over IPv6 is seen" "$PYTHON3" -c '
import json, sys
p = json.load(sys.stdin)["hosts"][0]["ports"][0]
assert p["seen"] == "sip", p' <<<"$OUT"
check "check: the OPTIONS names the IPv6 host in brackets" \
	grep -q '^OPTIONS sip:\[2001:2:1::2\]:5060;transport=tcp SIP/2.0' "$TMP/sip.req"
check "check: and Via the IPv6 source" grep -q '^Via: SIP/2.0/TCP \[2001:2:1::1\]:' "$TMP/sip.req"

check "nft -c accepts the ruleset in a namespace" lab_exec fw nft -c -f "$TMP/fw.nft"
check "nft loads it" lab_exec fw nft -f "$TMP/fw.nft"
check "nft: the cluster reaches its port over IPv6" connects member 2001:2:1::2 8085
check "nft: the outsider does not" eval '! connects outsider 2001:2:2::2 8085'
check "nft: the outsider reaches a port open to any" connects outsider 2001:2:2::2 443
lab_exec fw nft delete table inet portproof
check "the table is gone: the outsider reaches 8085 again" connects outsider 2001:2:2::2 8085

if command -v ip6tables-restore >/dev/null; then
	check "ip6tables-restore --test accepts the file" lab_exec fw ip6tables-restore --test "$TMP/fw.ip6t"
	check "ip6tables-restore loads it" lab_exec fw ip6tables-restore "$TMP/fw.ip6t"
	check "ip6tables: the cluster reaches its port" connects member 2001:2:1::2 8085
	check "ip6tables: the outsider does not" eval '! connects outsider 2001:2:2::2 8085'
	check "ip6tables: the outsider reaches a port open to any" connects outsider 2001:2:2::2 443
else
	fail "ip6tables-restore not installed (apt-get install iptables)"
fi

# --- what the engine refuses: exit 2, one line, nothing sent ---
# IPv4 only in these two (no IPv6: nothing the kernel sends by itself), so the
# target's receive counter moves only if portproof sends.
lab_ns jump
lab_ns t1
for ns in jump t1; do
	lab_exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
lab_link jump 198.18.0.1/24 t1 198.18.0.2/24
T1_IF=$LAB_LAST_B
lab_bg t1 "$PP_LISTEN" -a 198.18.0.2 22
rx() { lab_exec t1 cat "/sys/class/net/$T1_IF/statistics/rx_packets"; }

cat >"$TMP/site.json" <<'EOF'
{"schema": "portproof-deployment/1", "name": "dual", "vantage": "any", "hosts": [
 {"name": "ms4", "address": "198.18.0.2", "profile": "cisco-mediasense", "role": "primary"},
 {"name": "ms6", "address": "2001:2::2", "profile": "cisco-mediasense", "role": "secondary"}]}
EOF
before=$(rx)
# Both families in one scan (scan-dual.sh), and no IPv6 route: the IPv6
# scan opens first and stops the run before the IPv4 one sends (exit 3).
expect_exit 3 lab_exec jump "$PORTPROOF" scan -p 22 198.18.0.2 2001:2::2
check "scan: both families, no IPv6 route: one line" grep -qx "portproof: no route to 2001:2::2: .*" <<<"$ERR"
expect_exit 2 lab_exec jump "$PORTPROOF" scan -p 22 198.18.0.2,2001:2::/64
check "scan: an IPv6 prefix too large, with its count" \
	[ "$ERR" = "portproof: 2001:2::/64: 18446744073709551616 addresses, more than a /112's 65536 (--force to scan them)" ]
expect_exit 2 lab_exec jump "$PORTPROOF" scan -p 22 'fe80::1%eth0'
check "scan: a scoped target" \
	[ "$ERR" = "portproof: fe80::1%eth0: a scoped address (%zone): not supported, the interface comes from the route" ]
# IPv6 is off here: the IPv6 host has no route; the audit stops before the
# IPv4 scan sends (exit 3).
expect_exit 3 lab_exec jump "$PORTPROOF" audit "$TMP/site.json" --no-check
check "audit: one line, no route to the IPv6 host" grep -qx "portproof: no route to 2001:2::2: .*" <<<"$ERR"
check "nothing reached the IPv4 target beside them" [ "$(rx)" = "$before" ]
cat >"$TMP/bad-site.json" <<'EOF'
{"schema": "portproof-deployment/1", "name": "dual", "vantage": "any", "hosts": [
 {"name": "ms4", "address": "2001:2::2", "profile": "cisco-mediasense", "role": "primary"},
 {"name": "ms6", "address": "2001:2::1::2", "profile": "cisco-mediasense", "role": "secondary"},
 {"name": "ms7", "address": "2001:2:0::2", "profile": "cisco-mediasense", "role": "secondary"}]}
EOF
expect_exit 2 "$PORTPROOF" audit "$TMP/bad-site.json" --dry-run
check "a bad IPv6 address at FILE:LINE:COLUMN" \
	grep -qx "$TMP/bad-site.json:3:29: bad address '2001:2::1::2': an IPv4 address such as 198.18.1.10 or an IPv6 one such as 2001:2::10" <<<"$ERR"
check "one address spelled twice at FILE:LINE:COLUMN" \
	grep -qx "$TMP/bad-site.json:4:29: duplicate address 2001:2:0::2 (first at line 2, column 29)" <<<"$ERR"
expect_exit 0 lab_exec jump "$PORTPROOF" audit "$TMP/site.json" --dry-run
check "audit --dry-run plans the IPv6 host" grep -q '^2001:2::2 ms6 (cisco-mediasense, secondary): ' <<<"$OUT"
# The counter can move: the IPv4 target alone is scanned.
expect_exit 0 lab_exec jump "$PORTPROOF" scan -p 22 198.18.0.2
check "the IPv4 scan alone reaches it" [ "$(rx)" -gt "$before" ]
check "and finds its listener" grep -q '^  22/tcp  open' <<<"$OUT"

finish
