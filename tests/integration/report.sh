#!/bin/bash
# report, diff and merge on result files made for the test (tests/integration/data):
# every format rendered and read back by a real parser (python3's xml.etree for
# JUnit and nmap XML, ndiff for the XML), the exit codes of diff, shards merged back
# into the whole, and bad result files refused with exit 2 and one line naming
# FILE:LINE:COLUMN or the file.  Needs no privilege and no lab.
. "$(dirname "$0")/lib.sh"

DATA="$top_srcdir/tests/integration/data"
: "${PYTHON3:=python3}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; rm -f "$TMPERR"' EXIT
cd "$DATA" || exit 1

# --- report: every format ---
expect_exit 0 "$PORTPROOF" report audit-before.json
check "text has the host score" grep -q '^198.18.1.10 ms-primary (cisco-mediasense, primary): score 33.3$' <<<"$OUT"
check "text cites the document row" grep -q 'tcp/9999 is open on ms-primary' <<<"$OUT"
no_escape() { ! grep -q $'\033' <<<"$OUT"; }
check "text has no colour when piped" no_escape

expect_exit 0 "$PORTPROOF" report audit-before.json --format json
check "json is the file itself" cmp -s <(printf '%s\n' "$OUT") audit-before.json

expect_exit 0 "$PORTPROOF" report audit-before.json --format csv
check "csv: a header and a row per port" [ "$(wc -l <<<"$OUT")" = 8 ]
check "csv parses, 20 columns each" "$PYTHON3" -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
assert all(len(r) == 20 for r in rows), rows
assert rows[0][6] == "vantage" and rows[2][6] == "", rows[:3]
assert rows[0][18:] == ["seen", "seen_detail"], rows[0]
assert rows[2][5] == "8440" and rows[2][14] == "blocked", rows[2]' <<<"$OUT"

"$PORTPROOF" report audit-before.json --format junit -o "$TMP/junit.xml"
check "junit: 7 testcases, 4 failures, 1 skipped" "$PYTHON3" -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites"
assert len(root.findall(".//testcase")) == 7
assert len(root.findall(".//failure")) == 4 == int(root.get("failures"))
assert len(root.findall(".//skipped")) == 1
f = root.find(".//testcase[@name=\"tcp/8440 api-https\"]/failure")
assert f.get("type") == "blocked" and "Table 1, HTTPS TCP 8440" in f.get("message")
assert root.find(".//testcase").get("classname") == "mediasense-lab.ms-primary"' "$TMP/junit.xml"

for f in audit-before audit-after scan-a scan-b; do
	"$PORTPROOF" report $f.json --format xml -o "$TMP/$f.xml"
	check "$f.xml is well-formed nmap XML" "$PYTHON3" -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "nmaprun" and root.get("scanner") == "portproof"
for p in root.iter("port"):
    assert p.get("protocol") in ("tcp", "udp") and int(p.get("portid")) > 0
    assert p.find("state").get("state") and p.find("state").get("reason_ttl") is not None' "$TMP/$f.xml"
done

# ndiff exits 0 when the same, 1 when different, 2 on an error.
if command -v ndiff >/dev/null; then
	expect_exit 1 ndiff "$TMP/scan-a.xml" "$TMP/scan-b.xml"
	check "ndiff sees the new open port" grep -q '^+8080/tcp open' <<<"$OUT"
	check "ndiff sees 81 closed" grep -q '^+81/tcp *closed' <<<"$OUT"
	expect_exit 1 ndiff "$TMP/audit-before.xml" "$TMP/audit-after.xml"
	check "ndiff shows our verdicts" grep -q 'portproof: unexpected (high)' <<<"$OUT"
	expect_exit 0 ndiff "$TMP/scan-a.xml" "$TMP/scan-a.xml"
else
	fail "ndiff not installed (apt-get install ndiff)"
fi

# -o is atomic and an unknown format creates nothing.
expect_exit 2 "$PORTPROOF" report audit-before.json --format pdf -o "$TMP/x.pdf"
check "unknown format: one line naming it" [ "$(wc -l <<<"$ERR")" = 1 ]
check "unknown format named" grep -q "'pdf'" <<<"$ERR"
check "no file for an unknown format" [ ! -e "$TMP/x.pdf" ]
check "no temporary files left" [ -z "$(find "$TMP" -name '.*' -type f)" ]
expect_exit 2 "$PORTPROOF" report audit-before.json -o "$TMP/no/such/dir/out.txt"
check "missing output directory named" grep -q "$TMP/no/such/dir/out.txt" <<<"$ERR"
expect_exit 2 "$PORTPROOF" report
expect_exit 2 "$PORTPROOF" report audit-before.json scan-a.json

# --- diff ---
expect_exit 1 "$PORTPROOF" diff audit-before.json audit-after.json
check "diff: the new finding" grep -q '^  + tcp/3306  new finding: unexpected (high); closed -> open$' <<<"$OUT"
check "diff: the resolved finding" grep -q '^  - tcp/8440  resolved: blocked (high); filtered -> open$' <<<"$OUT"
check "diff: the score change" grep -q 'ms-expansion: score 37.5 -> 27.3 (-10.2)' <<<"$OUT"
expect_exit 0 "$PORTPROOF" diff audit-before.json audit-fixed.json
check "diff: a fix is not worse" grep -q ': not worse$' <<<"$OUT"
expect_exit 0 "$PORTPROOF" diff audit-before.json audit-before.json
expect_exit 1 "$PORTPROOF" diff audit-after.json audit-before.json
expect_exit 1 "$PORTPROOF" diff scan-a.json scan-b.json --format json
check "diff json parses and says worse" "$PYTHON3" -c '
import json, sys
d = json.load(sys.stdin)
assert d["schema"] == "portproof-diff/1" and d["worse"] is True
ch = {c["port"]: c for c in d["hosts"][0]["changes"]}
assert ch[8080]["worse"] and not ch[81]["worse"]' <<<"$OUT"
expect_exit 1 "$PORTPROOF" diff audit-before.json audit-after.json -o "$TMP/diff.txt"
check "diff -o writes the file" grep -q 'new finding' "$TMP/diff.txt"
expect_exit 2 "$PORTPROOF" diff audit-before.json
expect_exit 2 "$PORTPROOF" diff audit-before.json audit-after.json --format xml

# --- merge ---
expect_exit 0 "$PORTPROOF" merge shard-2-of-2.json shard-1-of-2.json -o "$TMP/merged.json"
check "the merge of the shards is the whole" cmp "$TMP/merged.json" audit-before.json
check "merge is quiet when nothing was decided" [ -z "$ERR" ]
expect_exit 0 "$PORTPROOF" merge audit-before.json
check "merge of one whole result is itself" cmp -s <(printf '%s\n' "$OUT") audit-before.json
expect_exit 2 "$PORTPROOF" merge shard-1-of-2.json
check "merge names the missing shard" [ "$ERR" = "portproof: merge: shard 2/2 is missing" ]
expect_exit 2 "$PORTPROOF" merge shard-1-of-2.json shard-1-of-2.json
check "merge names the duplicate" grep -q 'both shard 1/2' <<<"$ERR"
expect_exit 2 "$PORTPROOF" merge shard-1-of-2.json scan-a.json
expect_exit 2 "$PORTPROOF" merge

# --- bad files: exit 2, one line, FILE:LINE:COLUMN or the file named ---
mkdir "$TMP/dir.json"
bad() {
	local want=$1
	shift
	expect_exit 2 "$PORTPROOF" "$@"
	check "one line: $*" [ "$(wc -l <<<"$ERR")" = 1 ]
	check "names '$want': $*" grep -qE -- "^portproof: ($want)" <<<"$ERR"
	check "no output: $*" [ -z "$OUT" ]
}
bad 'bad-truncated.json:12:15: malformed JSON: unexpected end of file' report bad-truncated.json
bad 'bad-type.json:24:34: "port": expected a number' report bad-type.json
bad 'bad-state.json:38:49: "state": unknown state "half-open"' report bad-state.json
bad 'bad-random.bin:1:1: malformed JSON' report bad-random.bin
bad 'bad-schema.json:2:13: unsupported schema' report bad-schema.json
bad 'bad-negative.json:9:13: "sent"' report bad-negative.json
bad 'empty.json: empty file' report empty.json
bad "$TMP/dir.json: is a directory" report "$TMP/dir.json"
bad 'nonexistent.json: No such file' report nonexistent.json
bad 'bad-state.json:38:49' diff audit-before.json bad-state.json
bad 'bad-truncated.json:12:15' diff bad-truncated.json audit-before.json
bad 'bad-random.bin:1:1' merge shard-1-of-2.json bad-random.bin
bad '\(stdin\):1:1: malformed JSON' report - <bad-random.bin

finish
