#!/bin/bash
# portproof audit on the simulated MediaSense deployment (tests/lab/mediasense.sh),
# from the lab's jump namespace: every verdict kind produced by a fault built into
# the lab (blocked primary tcp/9443, missing secondary tcp/8440, unfiltered
# secondary tcp/8087, exposed expansion tcp/61616, unexpected expansion tcp/3306,
# inconclusive primary udp/5060, pass everywhere else), exit 1; the text report;
# -o json read back; --fail-under; a port opened between two audits found by
# `portproof diff` (exit 1); the nmap XML read by ndiff; the JUnit parsed and its
# failures counted; the two shards of a sharded audit merged equal to the whole;
# exit 3 when the scan cannot run; without privilege, the same verdicts by the
# connect method.  Needs root (the lab).
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
[ -f "$top_srcdir/tests/lab/daemons.sh" ] && . "$top_srcdir/tests/lab/daemons.sh"
. "$top_srcdir/tests/lab/mediasense.sh"

: "${PYTHON3:=python3}"
CHECK="$PYTHON3 $top_srcdir/tests/integration/audit-check.py"

lab_init audit
lab_mediasense
T=$LAB_DIR
trap 'rm -f "$TMPERR"; lab_down' EXIT

# The audit as a user runs it, from the jump host; --rate 0: it is a lab.
audit() {
	lab_exec jump "$PORTPROOF" audit --rate 0 -q "$@"
}

# --- the faults, in the text report on stdout ---
expect_exit 1 audit "$MS_SITE"
check "text: primary's score" grep -q '^198.18.1.10 ms-primary (cisco-mediasense, primary): score [0-9.]*$' <<<"$OUT"
check "text: blocked, with its row" grep -q 'high   blocked      tcp/9443  .*a firewall between here and ms-primary drops it.*(Table 1, HTTPS TCP 9443)$' <<<"$OUT"
check "text: missing" grep -q 'high   missing      tcp/8440  .*is closed on ms-secondary' <<<"$OUT"
check "text: summary" grep -q '^summary: score [0-9.]*; [0-9]* pass, 1 missing, 1 blocked, 1 exposed, 1 unfiltered, 1 unexpected, 1 inconclusive$' <<<"$OUT"
check "text: the score of each role" grep -q '^roles: primary [0-9.]*, secondary [0-9.]*, expansion [0-9.]*$' <<<"$OUT"

# --- the result: every verdict where the lab put its fault, pass elsewhere ---
expect_exit 1 audit "$MS_SITE" -o "$T/before.json"
check "nothing on stdout with -o" [ -z "$OUT" ]
check "each fault has its verdict, the rest pass" $CHECK faults "$T/before.json"
expect_exit 0 "$PORTPROOF" report "$T/before.json" --format json
check "-o json reads back to the same bytes" cmp -s <(printf '%s\n' "$OUT") "$T/before.json"

# --- the nmap XML of the audit, read by ndiff; the JUnit, parsed ---
expect_exit 1 audit "$MS_SITE" -o "$T/before.xml"
check "xml by its extension" grep -q '<nmaprun scanner="portproof"' "$T/before.xml"
expect_exit 0 ndiff "$T/before.xml" "$T/before.xml"
check "ndiff reads it" [ -z "$ERR" ]
expect_exit 1 audit "$MS_SITE" --format junit -o "$T/junit.xml"
check "junit: 5 failures, 1 skipped" $CHECK junit "$T/junit.xml" 5 1

# --- --fail-under on a deployment with no high finding: a profile of two ports ---
mkdir -p "$T/profiles"
cat >"$T/profiles/lab-web.json" <<'EOF'
{"schema": "portproof-profile/1", "id": "lab-web", "product": "a web server",
 "document": {"title": "lab", "file": "none"},
 "zones": {"any": "anyone"}, "roles": {"web": {"description": "the web server"}},
 "services": [
  {"id": "http", "proto": "tcp", "ports": "80", "roles": ["*"], "from": ["any"],
   "requirement": "mandatory", "kind": "listen", "ref": "lab, HTTP"},
  {"id": "api", "proto": "tcp", "ports": "8440", "roles": ["*"], "from": ["any"],
   "requirement": "optional", "kind": "listen", "ref": "lab, API"}],
 "alternatives": [], "errata": [], "excluded": []}
EOF
cat >"$T/web.json" <<EOF
{"schema": "portproof-deployment/1", "name": "web", "vantage": "any", "features": [],
 "hosts": [{"name": "web1", "address": "$MS_SECONDARY", "profile": "lab-web", "role": "web"}]}
EOF
web() {
	audit "$T/web.json" --profile-dir "$T/profiles" --sweep none -o "$T/web-result.json" "$@"
}
expect_exit 0 web
check "web: score 75 (80 passes, optional 8440 missing)" $CHECK score "$T/web-result.json" 75.0
expect_exit 0 web --fail-under 75
expect_exit 1 web --fail-under 75.1
expect_exit 0 web --fail-under 0

# --- without privilege: the connect method, the same verdicts ---
nobody_copy "$MS_SITE"
expect_exit 1 lab_exec jump $NOBODY "$NOBODY_DIR/portproof" audit --rate 0 --format json \
	--profile-dir "$NOBODY_DIR/profiles" "$NOBODY_DIR/site.json"
printf '%s\n' "$OUT" >"$T/connect.json"
check "no privilege: the connect method, said" grep -q "raw sockets not allowed.*--method connect" <<<"$ERR"
check "no privilege: each fault has its verdict, the rest pass" $CHECK faults "$T/connect.json"
check "no privilege: scan.method connect" grep -q '"method": "connect"' "$T/connect.json"
expect_exit 0 "$PORTPROOF" diff "$T/before.json" "$T/connect.json"
check "diff of the raw audit and the connect one: nothing changed" [ -z "$ERR" ]

# --- a port opened, found by diff ---
lab_bg expansion "$PP_LISTEN" -a "$MS_EXPANSION" 4444
expect_exit 1 audit "$MS_SITE" -o "$T/after.json"
expect_exit 1 "$PORTPROOF" diff "$T/before.json" "$T/after.json"
check "diff: the new port is a new finding" grep -q 'tcp/4444  new finding: unexpected (high)' <<<"$OUT"
expect_exit 0 "$PORTPROOF" diff "$T/before.json" "$T/before.json"
"$PORTPROOF" report "$T/after.json" --format xml -o "$T/after.xml"
expect_exit 1 ndiff "$T/before.xml" "$T/after.xml"
check "ndiff sees the new port" grep -q '4444/tcp' <<<"$OUT"

# --- shards merged equal the whole (the 4444 listener still runs) ---
expect_exit 1 audit "$MS_SITE" --shard 1/2 --seed 7 -o "$T/shard1.json"
expect_exit 1 audit "$MS_SITE" --shard 2/2 --seed 7 -o "$T/shard2.json"
expect_exit 0 "$PORTPROOF" merge "$T/shard1.json" "$T/shard2.json" -o "$T/merged.json"
check "merge of the shards equals the whole, scores too" $CHECK same "$T/after.json" "$T/merged.json"
check "merge has nothing to warn of" [ -z "$ERR" ]

# --- the scan cannot run: exit 3 ---
sed "s/198\.18\.1\./198.19.9./" "$MS_SITE" >"$T/noroute.json"
expect_exit 3 audit "$T/noroute.json"
check "no route: one line naming it" grep -q "^portproof: no route to 198.19.9" <<<"$ERR"
expect_exit 3 lab_exec jump $NOBODY "$NOBODY_DIR/portproof" audit --rate 0 -q --method raw \
	--profile-dir "$NOBODY_DIR/profiles" "$NOBODY_DIR/site.json"
check "--method raw, no privilege: one line" [ "$(wc -l <<<"$ERR")" = 1 ]
check "--method raw, no privilege: says so" grep -q "CAP_NET_RAW" <<<"$ERR"

finish
