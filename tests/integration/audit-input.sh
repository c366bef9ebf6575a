#!/bin/bash
# portproof audit on bad input, no lab and no privilege needed: deployment files
# that are truncated, of the wrong types, random bytes, or name an unknown role,
# profile, vantage zone or feature, duplicate host names or addresses, a bad
# address: each exit 2 with its problem on a line FILE:LINE:COLUMN: message at the
# exact place.  Then the usage errors, and --dry-run printing the plan.
. "$(dirname "$0")/lib.sh"

: "${PYTHON3:=python3}"
SITE="$top_srcdir/tests/lab/mediasense/site.json"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; rm -f "$TMPERR"' EXIT

# pos FILE TEXT: LINE:COLUMN of the first TEXT in FILE.
pos() {
	awk -v t="$2" 'i = index($0, t) { print NR ":" i; exit }' "$1"
}

# bad NAME WANT-MESSAGE MARKER: FILE (made by the caller as $TMP/NAME.json) is
# refused with exit 2 and WANT-MESSAGE at the position of MARKER.
bad() {
	local f="$TMP/$1.json" at
	at=$(pos "$f" "$3")
	expect_exit 2 "$PORTPROOF" audit "$f"
	check "$1: $f:$at: $2" grep -qF "$f:$at: $2" <<<"$ERR"
	check "$1: nothing on stdout" [ -z "$OUT" ]
}

# site TEXT... : site.json with sed expressions applied.
site() {
	local name=$1
	shift
	sed "$@" "$SITE" >"$TMP/$name.json"
}

site role -e 's/"role": "expansion"/"role": "tertiary"/'
bad role "unknown role 'tertiary' of profile cisco-mediasense (roles: primary, secondary, expansion)" '"tertiary"'
site profile -e 's/"profile": "cisco-mediasense", "role": "secondary"/"profile": "cisco-mediasence", "role": "secondary"/'
bad profile "unknown profile 'cisco-mediasence'" '"cisco-mediasence"'
site zone -e 's/"vantage": "any"/"vantage": "dmz"/'
bad zone "unknown vantage zone 'dmz' for profile cisco-mediasense (zones: any, cluster)" '"dmz"'
site feature -e 's/"features": \[\]/"features": ["tls"]/'
bad feature "unknown feature 'tls': no profile of this deployment declares it" '"tls"'
site dupname -e 's/"name": "ms-secondary"/"name": "ms-primary"/'
bad dupname "duplicate host name 'ms-primary' (first at line 7, column 14)" '"ms-primary", "address": "198.18.1.11"'
site dupaddr -e 's/"address": "198.18.1.12"/"address": "198.18.1.10"/'
bad dupaddr "duplicate address 198.18.1.10 (first at line 7, column 39)" '"198.18.1.10", "profile": "cisco-mediasense", "role": "expansion"'
site address -e 's/"198.18.1.11"/"198.18.1.256"/'
bad address "bad address '198.18.1.256': an IPv4 address such as 198.18.1.10" '"198.18.1.256"'
site type -e 's/"name": "mediasense-lab"/"name": ["mediasense-lab"]/'
bad type "'name' must be a string" '["mediasense-lab"]'
site hosts -e 's/"hosts": \[/"hosts": {"a": [/' -e 's/^  \]$/  ]}/'
bad hosts "'hosts' must be an array of hosts" '{"a"'
site unknown -e 's/"vantage"/"vantge"/'
bad unknown "unknown key 'vantge' (did you mean 'vantage'?)" '"vantge"'
site schema -e 's|portproof-deployment/1|portproof-deployment/2|'
bad schema "schema 'portproof-deployment/2' is not portproof-deployment/1" '"portproof-deployment/2"'

# Truncated in the middle of a host: the problem is where the text stops.
head -c 300 "$SITE" >"$TMP/truncated.json"
expect_exit 2 "$PORTPROOF" audit "$TMP/truncated.json"
end=$(awk 'END { print NR ":" length($0) + 1 }' "$TMP/truncated.json")
check "truncated: not JSON at the end ($end)" grep -q "^$TMP/truncated.json:$end: not JSON" <<<"$ERR"

# Random bytes, an empty file, a directory, a missing file: one line, exit 2.
for f in "$top_srcdir/tests/integration/data/bad-random.bin" /dev/null "$TMP" "$TMP/nope.json"; do
	[ "$f" = /dev/null ] && { : >"$TMP/empty.json"; f="$TMP/empty.json"; }
	expect_exit 2 "$PORTPROOF" audit "$f"
	check "$(basename "$f"): FILE:LINE:COLUMN: message" grep -qE "^$f:[0-9]+:[0-9]+: .+" <<<"$ERR"
	check "$(basename "$f"): one line" [ "$(wc -l <<<"$ERR")" = 1 ]
done

# Usage.
expect_exit 2 "$PORTPROOF" audit
check "no file: says so" grep -q "no deployment file" <<<"$ERR"
expect_exit 2 "$PORTPROOF" audit "$SITE" "$SITE"
expect_exit 2 "$PORTPROOF" audit "$SITE" --format yaml
check "unknown format named" grep -q "unknown format 'yaml'" <<<"$ERR"
expect_exit 2 "$PORTPROOF" audit "$SITE" -p 80
expect_exit 2 "$PORTPROOF" audit "$SITE" --sweep some
expect_exit 2 "$PORTPROOF" audit "$SITE" --fail-under 101

# --dry-run: the plan, no packet, no privilege.
expect_exit 0 "$PORTPROOF" audit "$SITE" --dry-run
check "dry run: the deployment" grep -q "^audit mediasense-lab: 3 hosts, vantage any, features none; sweep all$" <<<"$OUT"
check "dry run: the probes" grep -q "^probes: tcp 65535 and udp [0-9]* ports on each host" <<<"$OUT"
check "dry run: the API on the primary" grep -q "tcp/8440  api-https  mandatory listen  \[Table 1, HTTPS TCP 8440\]" <<<"$OUT"
check "dry run: cluster only" grep -q "tcp/61616  smagent-jms  mandatory listen  restricted (from: cluster)" <<<"$OUT"
check "dry run: the RTP sample, its ends and 4 points (UDP)" grep -q "udp/sample (6 of 32768-61000)  rtp-in" <<<"$OUT"
expect_exit 0 "$PORTPROOF" audit "$SITE" --dry-run --sweep none --full-ranges
check "dry run: sweep none, full ranges" grep -q "^probes: tcp 20 and udp 28235 ports" <<<"$OUT"

finish
