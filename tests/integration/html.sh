#!/bin/bash
# The html report in a real browser.  The simulated MediaSense deployment of
# tests/lab/mediasense.sh is audited from the jump namespace (its progress line
# logged with --stats-every), the result is rendered by `portproof report
# --format html`, and headless Chromium (Debian's chromium), itself run in the
# jump namespace where nothing has a route out, takes a screenshot and dumps the
# DOM it built.  Checked: the screenshot is a real, non-blank PNG of the window;
# the DOM holds every host (gauge, heatmap row, port table) and every finding of
# the result (verdict, detail and document row), no script and no image; the
# browser logged no blocked load.  Then `audit --format html` directly, the diff
# of a before/after pair as html (worse and better), and a plain scan's page.
# PP_HTML_SCREENSHOT=FILE keeps the screenshot (docs/audit-report.png is one).
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
[ -f "$top_srcdir/tests/lab/daemons.sh" ] && . "$top_srcdir/tests/lab/daemons.sh"
. "$top_srcdir/tests/lab/mediasense.sh"
: "${PYTHON3:=python3}"
: "${CHROMIUM:=chromium}"

if ! command -v "$CHROMIUM" >/dev/null; then
	fail "$CHROMIUM not found: apt-get install chromium"
	finish
	exit 1
fi

lab_init html
lab_mediasense
D=$LAB_DIR
cd "$top_srcdir" || exit 1 # the command line the report shows: as a user types it
SITE=tests/lab/mediasense/site.json

# browser ARGS... URL: headless Chromium in the jump namespace, a fresh profile.
browser() {
	lab_exec jump timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --enable-logging=stderr --v=0 \
		--user-data-dir="$(mktemp -d "$D/chromium.XXXXXX")" "$@" 2>>"$D/chromium.log"
}

# 1. The audit, saved as a result, its progress logged; then the html report.
lab_exec jump "$PORTPROOF" audit "$SITE" -o "$D/audit.json" --format json \
	--stats-every 0.1 2>"$D/audit.log"
check "audit: exit 1 (the lab's faults are findings)" [ $? = 1 ]
check "audit: a progress line in the log" grep -Eq '^portproof: [0-9.]+% done, ' "$D/audit.log"
expect_exit 0 "$PORTPROOF" report "$D/audit.json" --format html -o "$D/audit.html"
check "report: an html page" grep -q '^<!DOCTYPE html>$' "$D/audit.html"

# 2. The screenshot: a PNG of the window's size, not blank.
browser --screenshot="$D/audit.png" --hide-scrollbars --window-size=1280,2000 \
	"file://$D/audit.html" >/dev/null
check "screenshot: a 1280x2000 PNG with something drawn" "$PYTHON3" -c '
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", d[16:24])
assert (w, h) == (1280, 2000), (w, h)
idat, i = b"", 8
while i < len(d):
    n, kind = struct.unpack(">I4s", d[i:i + 8])
    if kind == b"IDAT":
        idat += d[i + 8:i + 8 + n]
    i += 12 + n
px = zlib.decompress(idat)
assert len(set(px)) > 64, "a blank page"' "$D/audit.png"
[ -n "${PP_HTML_SCREENSHOT:-}" ] && cp "$D/audit.png" "$PP_HTML_SCREENSHOT"

# 3. The DOM Chromium built: every host, every finding.
browser --dump-dom "file://$D/audit.html" >"$D/audit.dom"
check "dom: every host and every finding of the result" "$PYTHON3" -c '
import json, sys
from html.parser import HTMLParser

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.findings, self.hosts, self.tags = [], [], {}, set()
        self.gauges = self.heat_cells = self.heat_cols = 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        self.tags.add(tag)
        if tag == "meta":  # the one void element of the page
            return
        if tag == "li" and "finding" in cls:
            self.findings.append({"key": (a["data-host"], a["data-port"], a["data-verdict"]),
                                  "text": ""})
        if "data-host" in a and tag != "li":
            self.hosts.setdefault(a["data-host"], set()).add(tag + "." + (cls[0] if cls else ""))
        if tag == "svg" and "gauge" in cls:
            self.gauges += 1
        if tag == "td" and "table.heat" in [s for s, _ in self.stack]:
            self.heat_cells += 1
        if tag == "th" and "p" in cls:
            self.heat_cols += 1
        self.stack.append((tag + ("." + cls[0] if cls else ""), tag))
    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[1] != tag:
            pass
    def handle_data(self, data):
        if self.findings and any(t == "li.finding" for t, _ in self.stack):
            self.findings[-1]["text"] += data

dom = Dom()
dom.feed(open(sys.argv[1]).read())
r = json.load(open(sys.argv[2]))
want = {}
for h in r["hosts"]:
    for p in h["ports"]:
        if p.get("verdict", "none") not in ("none", "pass"):
            want[(h["name"], "%s/%d" % (p["proto"], p["port"]), p["verdict"])] = p
got = {f["key"]: " ".join(f["text"].split()) for f in dom.findings}
assert set(got) == set(want), (sorted(set(want) ^ set(got)))
assert len(got) == len(dom.findings), "a finding shown twice"
for k, p in want.items():
    assert " ".join(p["detail"].split()) in got[k], (k, got[k])
    assert p.get("ref") is None or p["ref"] in got[k], (k, p["ref"])
names = [h["name"] for h in r["hosts"]]
for n in names:
    assert {"div.card", "tr.", "section.hostsec"} <= dom.hosts.get(n, set()), (n, dom.hosts.get(n))
assert dom.gauges == 1 + len(names), dom.gauges
assert dom.heat_cols > 0 and dom.heat_cells == dom.heat_cols * len(names)
assert not dom.tags & {"script", "img", "link", "iframe", "object", "embed"}, dom.tags
print("%d hosts, %d findings, %d heatmap columns" % (len(names), len(got), dom.heat_cols))
' "$D/audit.dom" "$D/audit.json"
check "browser: nothing blocked or fetched" [ -z "$(grep -Ei 'CONSOLE|Content Security Policy|Refused to|net::ERR' "$D/chromium.log")" ]

# 4. audit --format html directly (no sweep: the expected ports only).
lab_exec jump "$PORTPROOF" audit "$SITE" --sweep none --format html -o "$D/direct.html" -q
check "audit --format html: exit 1" [ $? = 1 ]
check "audit --format html: the page" grep -q '<h1>Audit of mediasense-lab</h1>' "$D/direct.html"
check "audit --format html: the blocked port" grep -q 'data-port="tcp/9443" data-verdict="blocked"' \
	"$D/direct.html"

# 5. The diff of a before/after pair: 9443 fixed on the primary, 80 lost on the secondary.
"$PYTHON3" -c '
import json, sys
r = json.load(open(sys.argv[1]))
for h in r["hosts"]:
    for p in h["ports"]:
        if h["name"] == "ms-primary" and p["port"] == 9443 and p["proto"] == "tcp":
            p.update(state="open", reason="syn-ack", verdict="pass", severity="none")
        if h["name"] == "ms-secondary" and p["port"] == 80 and p["proto"] == "tcp":
            p.update(state="filtered", reason="no-response", verdict="blocked", severity="high",
                     detail="tcp/80 is filtered from vantage any: a firewall drops it")
json.dump(r, open(sys.argv[2], "w"))' "$D/audit.json" "$D/after.json"
expect_exit 1 "$PORTPROOF" diff "$D/audit.json" "$D/after.json" --format html -o "$D/diff.html"
browser --dump-dom "file://$D/diff.html" >"$D/diff.dom"
check "diff dom: 80 worse, 9443 better" "$PYTHON3" -c '
import re, sys
t = open(sys.argv[1]).read()
worse = t[t.index("<section id=\"worse\">"):t.index("<section id=\"better\">")]
better = t[t.index("<section id=\"better\">"):t.index("<section id=\"other\">")]
assert re.search(r"data-host=\"ms-secondary\" data-port=\"tcp/80\"", worse), worse
assert re.search(r"data-host=\"ms-primary\" data-port=\"tcp/9443\"", better), better
assert "Worse:" in t' "$D/diff.dom"

# 6. A plain scan's page: a port table, no verdicts.
lab_exec jump "$PORTPROOF" scan -q -p 1-1024,3306 $MS_EXPANSION --format html -o "$D/scan.html"
check "scan --format html: exit 0" [ $? = 0 ]
browser --dump-dom "file://$D/scan.html" >"$D/scan.dom"
check "scan dom: the open ports in the port table" "$PYTHON3" -c '
import re, sys
t = open(sys.argv[1]).read()
assert "<h1>Scan of 1 host</h1>" in t
opened = re.findall(r"<tr class=\"open\"><td class=\"mono\">(tcp/[0-9]+)</td>", t)
assert opened == ["tcp/80", "tcp/443", "tcp/554", "tcp/3306"], opened
assert "class=\"heat\"" not in t and "Findings" not in t' "$D/scan.dom"

finish
