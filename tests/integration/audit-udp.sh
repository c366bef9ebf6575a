#!/bin/bash
# portproof audit picks a UDP port's probe by the name the profile gives its
# service: a deployment whose profile (tests/integration/data/profiles/lab-udp.json,
# loaded with --profile-dir) names SNMP on 16100, SIP on 5080, NTP on 1123, DNS on
# 5353 and TFTP on 6969, served by the real daemons of the lab (tests/lab/daemons.sh),
# gets pass on every port with reason udp-response and the named probe; by the
# port alone each would get the empty probe, which none of them answers.  Without a
# lab first: --dry-run lists the named probes, and when two hosts' profiles name
# different probes for one port, the first host's wins and -v says so.  And the
# default --rate of each command: no ceiling (0), the pacing decides.  Then a target
# with Linux's ICMP rate limit (a burst of six, one a second) and ten closed UDP
# ports its profile expects: every one reads closed (missing), past the limit, while
# the 40 closed UDP ports of the sweep are not re-asked for it (some read
# open|filtered, none unexpected).  A second limited host in the same audit expects
# no UDP at all: the server's ten ports are only its sweep, so it does not re-ask
# them either (issue 16: each host asks only its own UDP questions).
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
. "$top_srcdir/tests/lab/daemons.sh"
: "${PYTHON3:=python3}"

DATA="$top_srcdir/tests/integration/data"
SITE="$DATA/lab-udp-site.json"
PROFILES="$DATA/profiles"

# --- no lab: the plan names the probes ---
expect_exit 0 "$PORTPROOF" audit "$SITE" --profile-dir "$PROFILES" --sweep none --dry-run
check "dry run: snmp on 16100" grep -q '^  udp/16100  snmp  (lab-udp snmp-alt)$' <<<"$OUT"
check "dry run: sip on 5080" grep -q '^  udp/5080  sip  (lab-udp sip-alt)$' <<<"$OUT"

lab_init aududp
T=$LAB_DIR
# Two hosts whose profiles name sip and stun on udp/5080: one probe goes to every
# host, the first host's (deployment order), and -v says which was dropped.
sed -e 's/"hosts": \[/"hosts": [\n    {"name": "other", "address": "198.18.0.4", "profile": "lab-udp-other", "role": "server"},/' \
	"$SITE" >"$T/conflict.json"
expect_exit 0 "$PORTPROOF" audit "$T/conflict.json" --profile-dir "$PROFILES" --sweep none \
	--dry-run -v
check "conflict: the first host's probe" grep -q '^  udp/5080  stun  (lab-udp-other stun-5080)$' <<<"$OUT"
check "conflict: -v names both" grep -q "^portproof: udp/5080: stun-5080 names probe stun and sip-alt names sip; sending stun$" <<<"$ERR"

# --- the lab: the daemons on their unusual ports ---
lab_ns jump
lab_ns target
lab_link jump 198.18.0.1/24 target 198.18.0.3/24
lab_snmpd target 198.18.0.3 16100
lab_kamailio target 198.18.0.3 5080
lab_chronyd target 198.18.0.3 1123
lab_dnsmasq target 198.18.0.3 5353
lab_tftpd target 198.18.0.3 6969

expect_exit 0 lab_exec jump "$PORTPROOF" audit "$SITE" --profile-dir "$PROFILES" --sweep none \
	-q --format json -o "$T/audit.json"
for x in 16100:snmp 5080:sip 1123:ntp 5353:dns 6969:tftp; do
	check "udp/${x%%:*}: pass, udp-response, probe ${x#*:}" grep -Eq \
		"\"proto\": \"udp\", \"port\": ${x%%:*}, \"state\": \"open\", \"reason\": \"udp-response\", .*\"probe\": \"${x#*:}\", .*\"verdict\": \"pass\"" \
		"$T/audit.json"
done
check "score 100" grep -q '"summary": {"score": 100.0' "$T/audit.json"
check "audit's default ceiling: none" grep -q '"rate": 0,' "$T/audit.json"
expect_exit 0 lab_exec jump "$PORTPROOF" scan -q --format json -p U:16100 198.18.0.3
check "scan's default ceiling: none" grep -q '"rate": 0,' <<<"$OUT"

# --- the ICMP rate limit: expected ports linger, the sweep's do not ---
# One scan sends from one address and captures on one interface: the quiet host
# sits behind the target, which routes for it.
lab_ns quiet
lab_link target 198.18.2.1/24 quiet 198.18.2.3/24
lab_exec target sysctl -qw net.ipv4.ip_forward=1 || lab_fail "cannot forward in target"
lab_exec jump ip route add 198.18.2.0/24 via 198.18.0.3 || lab_fail "cannot route to quiet"
lab_exec quiet ip route add default via 198.18.2.1 || lab_fail "cannot route back"
cat >"$T/limit.json" <<'EOF2'
{"schema": "portproof-deployment/1", "name": "lab-udp-limit", "vantage": "any", "features": [],
 "hosts": [{"name": "limited", "address": "198.18.0.3", "profile": "lab-udp-limit", "role": "server"},
           {"name": "quiet", "address": "198.18.2.3", "profile": "lab-udp-limit", "role": "quiet"}]}
EOF2
for ns in target quiet; do
	check "$ns limits its ICMP errors (1000 ms)" \
		test "$(lab_exec $ns sysctl -n net.ipv4.icmp_ratelimit)" = 1000
done
expect_exit 1 lab_exec jump "$PORTPROOF" audit "$T/limit.json" \
	--profile-dir "$DATA/profiles-limit" --sweep top1000 -q --format json -o "$T/limit-out.json"
# One line per listed UDP port, "HOST PORT STATE VERDICT", one for each of
# 7001-7010 folded into "other" ("HOST PORT STATE other"), and "HOST other STATE".
"$PYTHON3" - "$T/limit-out.json" >"$T/limit-all.txt" <<'PY' || lab_fail "cannot read the audit"
import json, sys
r = json.load(open(sys.argv[1]))
for h in r["hosts"]:
    listed = {p["port"] for p in h["ports"] if p["proto"] == "udp"}
    for p in h["ports"]:
        if p["proto"] == "udp":
            print(h["name"], p["port"], p["state"], p.get("verdict"))
    for port in range(7001, 7011):
        if port not in listed:
            print(h["name"], port, h["other"]["udp"], "other")
    print(h["name"], "other", h["other"]["udp"])
PY
sed -n 's/^limited //p' "$T/limit-all.txt" >"$T/limit.txt"
sed -n 's/^quiet //p' "$T/limit-all.txt" >"$T/quiet.txt"
for p in $(seq 7001 7010); do
	check "udp/$p expected, closed past the limit: missing" grep -qx "$p closed missing" "$T/limit.txt"
done
check "no swept UDP port is unexpected" sh -c "! grep -q unexpected '$T/limit.txt'"
check "swept UDP ports are not re-asked past the limit (some open|filtered)" \
	sh -c "grep -Eq '^71[0-4][0-9] open\|filtered|^other open\|filtered' '$T/limit.txt'"
# Lingering, all ten settle to closed (they did before issue 16); with their
# retries only, six errors and one a second leave most of them without one.
check "the quiet host does not re-ask the server's ports (fewer than 10 closed)" \
	test "$(grep -Ec '^70(0[1-9]|10) closed' "$T/quiet.txt")" -lt 10
check "the quiet host: nothing unexpected" sh -c "! grep -q unexpected '$T/quiet.txt'"
# The text says why the sweep's ports went unanswered, once per host.
expect_exit 0 "$PORTPROOF" report "$T/limit-out.json" --format text
check "text: the ICMP limit, not the network, on both hosts" \
	test "$(grep -c '^  Unanswered udp ports that no expectation of this host judges are most likely closed: the host sends port unreachables, but its ICMP rate limit held theirs back' <<<"$OUT")" = 2
finish
