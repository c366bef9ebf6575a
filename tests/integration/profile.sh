#!/bin/bash
# `portproof profile`: every shipped profile lints clean; list, show and ports give
# what the documents say (exact lines for MediaSense); bad files are one
# FILE:LINE:COLUMN line per problem and exit 2; the firewall nft output loads in a
# fresh namespace and lets through exactly what the profile allows.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"

PROFILES="$top_srcdir/profiles"
pp() { "$PORTPROOF" "$1" "${@:2}" --profile-dir "$PROFILES"; }
T=$(mktemp -d "${TMPDIR:-/tmp}/pp-profile.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

# --- lint: the shipped profiles, then bad files ---------------------------------
expect_exit 0 "$PORTPROOF" profile lint "$PROFILES"/*.json
check "shipped profiles: no problems" [ -z "$ERR" ]

# lint_bad NAME FILE LINES [EXACT]: exit 2, LINES lines, each FILE:LINE:COLUMN:.
lint_bad() {
	local name=$1 file=$2 lines=$3 exact=$4
	expect_exit 2 "$PORTPROOF" profile lint "$file"
	check "$name: $lines line(s)" [ "$(grep -c . <<<"$ERR")" = "$lines" ]
	check "$name: FILE:LINE:COLUMN: on every line" \
		bash -c '! grep -qv "^$1:[0-9][0-9]*:[0-9][0-9]*: ." <<<"$2"' _ "$file" "$ERR"
	[ -z "$exact" ] || check "$name: says '$exact'" [ "$ERR" = "$exact" ]
}
ms="$PROFILES/cisco-mediasense.json"
head -c 500 "$ms" >"$T/truncated.json"
lint_bad truncated "$T/truncated.json" 1 \
	"$T/truncated.json:15:31: not JSON: unexpected end of file, expected a value"
head -c 10485760 /dev/urandom >"$T/random.json"
lint_bad "10 MB of random bytes" "$T/random.json" 1
: >"$T/empty.json"
lint_bad empty "$T/empty.json" 1 "$T/empty.json:1:1: not JSON: empty file"
mkdir "$T/dir.json"
lint_bad directory "$T/dir.json" 1 "$T/dir.json:1:1: is a directory, not a profile"
lint_bad missing "$T/nonexistent.json" 1 \
	"$T/nonexistent.json:1:1: cannot open: No such file or directory"
sed 's/"product": "Cisco MediaSense",/&"product": "Again",/' "$ms" >"$T/dup.json"
lint_bad "duplicate key" "$T/dup.json" 1 \
	"$T/dup.json:4:33: duplicate key 'product' (first at line 4, column 3)"
sed 's/"ports": "8440"/"ports": "8440,70000"/' "$ms" >"$T/70000.json"
lint_bad "port 70000" "$T/70000.json" 1 \
	"$T/70000.json:24:56: service 'api-https': bad port '70000': above 65535"
sed 's/"proto": "udp", "ports": "8091"/"proto": 17, "ports": "8091"/' "$ms" >"$T/type.json"
lint_bad "wrong type" "$T/type.json" 1 \
	"$T/type.json:80:34: service 'heartbeat': 'proto' must be a string"
# system-http (lines 52-55) without its "ref"
sed -e '54s/,$//' -e '55s/.*/    },/' "$ms" >"$T/key.json"
lint_bad "missing key" "$T/key.json" 1 "$T/key.json:52:5: service 'system-http': missing key 'ref'"
# Three problems, three lines, in the order of the file.
sed -e '53s/"cluster"/"dmz"/' -e 's/"ports": "8440"/"ports": "8440,0"/' "$T/dup.json" >"$T/three.json"
lint_bad "three problems" "$T/three.json" 3
check "three problems: in the order of the file" \
	[ "$(cut -d: -f2,3 <<<"$ERR" | tr '\n' ' ')" = "4:33 24:56 53:15 " ]
# A good file and a bad one: the bad one's lines only, exit 2.
expect_exit 2 "$PORTPROOF" profile lint "$ms" "$T/70000.json"
check "good and bad: only the bad one reported" [ "$(grep -c . <<<"$ERR")" = 1 ]

# --- list, show -------------------------------------------------------------------
expect_exit 0 pp profile list
check "list: mediasense with its roles" \
	grep -Eq '^cisco-mediasense +Cisco MediaSense +roles=primary,secondary,expansion$' <<<"$OUT"
check "list: one line per shipped profile" \
	[ "$(grep -c . <<<"$OUT")" = "$(ls "$PROFILES"/*.json | wc -l)" ]
expect_exit 0 pp profile show cisco-mediasense
check "show: a table per role" [ "$(grep -c '^role ' <<<"$OUT")" = 3 ]
check "show: each line cites its row" \
	grep -Eq '^  tcp/8085 +mandatory +listen +callcontrol-http-cluster +cluster +Table 1, HTTP TCP 8085$' <<<"$OUT"
expect_exit 2 pp profile show no-such-profile
check "show: unknown id named" grep -q "'no-such-profile' not found" <<<"$ERR"
expect_exit 2 pp profile show ../etc/passwd.json
expect_exit 2 pp profile show '../x'

# --- ports ------------------------------------------------------------------------
expect_exit 0 pp profile ports cisco-mediasense --role expansion
want="tcp/80,8080 mandatory listen admin-http from=any
tcp/443,8443 mandatory listen admin-https from=any
tcp/554,8554 mandatory listen smagent-rtsp from=any
tcp/5060 mandatory listen sip-tcp from=any
tcp/8081 mandatory listen callcontrol-http from=any
tcp/8085 mandatory listen callcontrol-http-cluster from=cluster
tcp/8087 mandatory listen system-http from=cluster
tcp/8446 mandatory listen callcontrol-https from=any
tcp/9081 mandatory listen media-https-9081 from=any
tcp/9443 mandatory listen media-https-9443 from=any
tcp/9554 mandatory listen media-rtsp from=any
tcp/61612 mandatory listen callcontrol-jms from=cluster
tcp/61616 mandatory listen smagent-jms from=cluster
udp/5060 mandatory listen sip-udp from=any
udp/8091 mandatory listen heartbeat from=cluster
udp/32768-61000 mandatory dynamic rtp-in from=any"
check "ports: mediasense expansion, exact lines" [ "$OUT" = "$want" ]
expect_exit 0 pp profile ports cisco-mediasense --role primary
check "ports: primary has the API, configuration and database too" \
	[ "$(grep -c . <<<"$OUT")" = 20 ]
check "ports: informix on primary" grep -qx 'tcp/1543 mandatory listen informix from=cluster' <<<"$OUT"
expect_exit 0 pp profile ports cisco-mediasense --role expansion --vantage any
check "ports --vantage any: cluster-only marked restricted" \
	[ "$(grep -c ' restricted$' <<<"$OUT")" = 5 ]
check "ports --vantage any: restricted line" \
	grep -qx 'udp/8091 mandatory listen heartbeat from=cluster restricted' <<<"$OUT"
expect_exit 0 pp profile ports cisco-mediasense --role expansion --format json
check "ports --format json: the same services" \
	"${PYTHON3:-python3}" -c 'import json,sys; v=json.load(sys.stdin); assert len(v)==16; assert v[0]=={"proto":"tcp","ports":"80,8080","requirement":"mandatory","kind":"listen","service":"admin-http","from":["any"]}' <<<"$OUT"
# Features: a "when" not met leaves the service out.
expect_exit 0 pp profile ports cisco-content-server --role windows-media-server
check "ports without server-push" grep -qx 'tcp/80 optional listen wms-http from=any' <<<"$OUT"
check "ports without server-push: no push" bash -c '! grep -q wms-http-push <<<"$1"' _ "$OUT"
expect_exit 0 pp profile ports cisco-content-server --role windows-media-server --features server-push
check "ports with server-push" grep -qx 'tcp/80 mandatory listen wms-http-push from=any' <<<"$OUT"
check "ports with server-push: no fallback" bash -c '! grep -q " wms-http from" <<<"$1"' _ "$OUT"
expect_exit 0 pp profile ports cisco-content-server --role content-server
check "ports: from [] prints from=-" grep -qx 'tcp/2090 mandatory listen cs-database from=-' <<<"$OUT"
check "ports: cluster ports need the cluster feature" bash -c '! grep -q 1721 <<<"$1"' _ "$OUT"
expect_exit 2 pp profile ports cisco-mediasense --role nosuch
check "unknown role named with the roles" grep -q "no role 'nosuch' (roles: primary, secondary, expansion)" <<<"$ERR"
expect_exit 2 pp profile ports cisco-mediasense --vantage dmz
expect_exit 2 pp profile ports cisco-content-server --features clustr
check "unknown feature named" grep -q "no feature 'clustr'" <<<"$ERR"
expect_exit 2 pp profile ports "$T/70000.json"
check "ports of a bad file: its problem" grep -q "^$T/70000.json:24:56: " <<<"$ERR"

# --- firewall ---------------------------------------------------------------------
expect_exit 2 pp profile firewall cisco-mediasense --role expansion --format nft
check "firewall: a zone without --zone is one line naming it" \
	[ "$ERR" = "portproof: no addresses for zone cluster: give --zone NAME=CIDR for each" ]
expect_exit 2 pp profile firewall cisco-mediasense --format nft
expect_exit 2 pp profile firewall cisco-mediasense --role expansion --format pf
expect_exit 2 pp profile firewall cisco-mediasense --role expansion --zone dmz=198.18.0.0/24
expect_exit 2 pp profile firewall cisco-mediasense --role expansion --zone cluster=198.18.0.300/24
expect_exit 0 pp profile firewall cisco-mediasense --role expansion --format iptables \
	--zone cluster=198.18.0.3/32
check "iptables: cluster port from the zone only" grep -qx -- \
	'-A INPUT -s 198.18.0.3/32 -p tcp -m tcp --dport 8085 -m comment --comment "callcontrol-http-cluster" -j ACCEPT' <<<"$OUT"
check "iptables: a range" grep -q -- '--dport 32768:61000 ' <<<"$OUT"
check "iptables: drop the rest" grep -qx ':INPUT DROP \[0:0\]' <<<"$OUT"
expect_exit 0 pp profile firewall cisco-content-server --role content-server --format nft
check "nft: from [] gets no rule" bash -c '! grep -q "dport 2090" <<<"$1"' _ "$OUT"

# Load it for real in the lab: the target runs listeners on an allowed port, a
# cluster-only port and a port the profile does not name.
lab_init profile-fw
trap 'lab_down; rm -rf "$T"' EXIT
lab_ns jump
lab_ns target
lab_link jump 198.18.0.1/24 target 198.18.0.2/24
lab_bg target "$PP_LISTEN" -a 198.18.0.2 80,8085,9999

pp profile firewall cisco-mediasense --role expansion --zone cluster=198.18.0.3/32 >"$T/other.nft"
pp profile firewall cisco-mediasense --role expansion --zone cluster=198.18.0.1/32 >"$T/jump.nft"
check "nft -c accepts the output" lab_exec target nft -c -f "$T/other.nft"
check "nft loads it" lab_exec target nft -f "$T/other.nft"
check "loading it again replaces it" lab_exec target nft -f "$T/other.nft"

connect() {
	lab_exec jump timeout 2 bash -c "exec 3<>/dev/tcp/198.18.0.2/$1" 2>/dev/null
}
check "allowed port 80 connects" connect 80
connect 9999
check "port 9999, in no document, is dropped (timed out)" [ $? = 124 ]
connect 8085
check "cluster port 8085 dropped from outside the cluster" [ $? = 124 ]
lab_exec target nft -f "$T/jump.nft"
check "cluster port 8085 connects from the cluster" connect 8085

finish
