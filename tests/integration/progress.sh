#!/bin/bash
# The progress line of a scan, in the lab: one host with three listeners, every
# TCP port scanned at a rate that makes the scan last about two seconds.
#   --stats-every 0.2 with stderr in a file: one well-formed line per interval,
#     no carriage return, counters that only grow, the open ports counted;
#   stderr a file without --stats-every: no progress line;
#   stderr a terminal (a pseudo-terminal made by script(1)): the line redrawn in
#     place with \r, never ended by a newline, wiped at the end;
#   -q on a terminal: silent;  --stats-every on a terminal: plain lines.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
: "${PYTHON3:=python3}"

T1=198.18.0.2
lab_init progress
lab_ns jump
lab_ns t1
lab_link jump 198.18.0.1/24 t1 $T1/24
lab_bg t1 "$PP_LISTEN" -a $T1 22,80,443
D=$LAB_DIR
JUMP=$(lab_nsname jump)
SCAN="$PORTPROOF scan -p 1-65535 --rate 30000 --format json $T1"
LINE='^portproof: [0-9]+\.[0-9]% done, [0-9]+ sent, [0-9]+ answered, [0-9]+ pps, (paced (by [0-9.]+ )?at [0-9.]+[kM]?/s, )?[0-9]+ open, ETA ([0-9]+:[0-9]{2}(:[0-9]{2})?|--)$'

command -v script >/dev/null || fail "script(1) not found: apt-get install util-linux"

# 1. --stats-every into a log file.
lab_exec jump $SCAN --stats-every 0.2 >"$D/out.json" 2>"$D/log"
check "log: exit 0 and a result" grep -q '"complete": true' "$D/out.json"
grep '% done' "$D/log" >"$D/lines"
check "log: at least 3 progress lines" [ "$(wc -l <"$D/lines")" -ge 3 ]
check "log: every progress line well-formed" [ -z "$(grep -Ev "$LINE" "$D/lines")" ]
check "log: no carriage return" [ -z "$(tr -cd '\r' <"$D/log")" ]
check "log: percent, sent, answered and open only grow; open ends at most 3" "$PYTHON3" -c '
import re, sys
rows = [tuple(float(x) for x in re.findall(r"([0-9.]+)(?:% done| sent| answered| open)", l))
        for l in open(sys.argv[1])]
assert all(len(r) == 4 for r in rows), rows
for a, b in zip(rows, rows[1:]):
    assert all(y >= x for x, y in zip(a, b)), (a, b)
assert rows[-1][3] <= 3 and rows[0][0] < 100, rows' "$D/lines"
check "log: the scan found the 3 open ports" "$PYTHON3" -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert sorted(p["port"] for p in r["hosts"][0]["ports"] if p["state"] == "open") == [22, 80, 443]' \
	"$D/out.json"

# 2. stderr not a terminal, no --stats-every: no progress line.
lab_exec jump $SCAN >/dev/null 2>"$D/quiet"
check "not a terminal: no progress line" [ -z "$(grep '% done' "$D/quiet")" ]

# 3. On a terminal: redrawn in place.  script(1) gives the scan a pseudo-terminal
# for stdin, stdout and stderr and copies what it printed to the typescript.
tty_run() { # TYPESCRIPT ARGS...
	local ts=$1
	shift
	script -q -e -c "ip netns exec $JUMP $SCAN $* >/dev/null" "$ts" </dev/null >/dev/null
}
tty_run "$D/tty"
check "terminal: exit 0" [ $? = 0 ]
check "terminal: the line is redrawn with \\r" "$PYTHON3" -c '
import re, sys
t = open(sys.argv[1], "rb").read().decode()
body = t[t.index("\n") + 1:]   # after the "Script started" line
redraws = re.findall(r"\rportproof: [0-9.]+% done, ", body)
assert len(redraws) >= 3, len(redraws)
# Never a newline after a progress line: it is overwritten, then wiped.
assert not re.search(r"ETA [0-9:-]+ *\r?\n", body), "a progress line ended with a newline"
assert re.search(r"ETA [0-9:-]+ *\rportproof: ", body), "no redraw in place"
assert re.search(r"\r +\r", body), "the line is not wiped at the end"' "$D/tty"

tty_run "$D/tty-q" -q
check "terminal, -q: exit 0" [ $? = 0 ]
check "terminal, -q: no progress line" [ -z "$(grep -a '% done' "$D/tty-q")" ]

tty_run "$D/tty-log" --stats-every 0.2
check "terminal, --stats-every: plain lines, no redraw" "$PYTHON3" -c '
import re, sys
t = open(sys.argv[1], "rb").read().decode()
assert len(re.findall(r"ETA [0-9:-]+\r\n", t)) >= 3   # the terminal shows \n as \r\n
assert not re.search(r"ETA [0-9:-]+ *\rportproof", t)' "$D/tty-log"

finish
