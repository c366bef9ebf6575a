#!/usr/bin/env python3
"""Checks of the audit's outputs for tests/integration/audit.sh.

  audit-check.py faults RESULT.json       the MediaSense lab's faults, each with its
                                          verdict, and pass everywhere else
  audit-check.py same FULL.json MERGED.json
                                          a merge of shards equals the unsharded audit,
                                          each judged port, host score and the score
  audit-check.py junit FILE FAILURES SKIPPED
                                          a JUnit file parsed, its failures counted
  audit-check.py score RESULT.json SCORE  the deployment's score
  audit-check.py samples RESULT.json HOST PROTO RANGE N
                                          HOST's dynamic range PROTO RANGE was probed
                                          at N ports
  audit-check.py lab FAULTS.json RESULT.json [TEXT]
                                          a product lab's faults (tests/lab/PRODUCT/
                                          faults.json), each with its verdict,
                                          severity and reason, and pass elsewhere;
                                          in the text report too, when given

Each prints what is wrong and exits 1, or exits 0.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

PRIMARY, SECONDARY, EXPANSION = "198.18.1.10", "198.18.1.11", "198.18.1.12"

# (address, proto, port): (verdict, severity, the ref it must cite or None)
FAULTS = {
    (PRIMARY, "tcp", 9443): ("blocked", "high", "Table 1, HTTPS TCP 9443"),
    (SECONDARY, "tcp", 8440): ("missing", "high", "Table 1, HTTPS TCP 8440"),
    (SECONDARY, "tcp", 8087): ("unfiltered", "low", "Table 1, HTTP TCP 8087"),
    (EXPANSION, "tcp", 61616): ("exposed", "high", "Table 1, JMS TCP 61616"),
    (EXPANSION, "tcp", 3306): ("unexpected", "high", None),
    (PRIMARY, "udp", 5060): ("inconclusive", "info", "Table 1, SIP TCP 5060 UDP 5060"),
}
NAMES = {PRIMARY: "ms-primary", SECONDARY: "ms-secondary", EXPANSION: "ms-expansion"}


def ports(result):
    for h in result["hosts"]:
        for p in h["ports"]:
            yield h, p


def faults(path):
    r = json.load(open(path, encoding="utf-8"))
    bad = []
    seen = set()
    for h, p in ports(r):
        key = (h["address"], p["proto"], p["port"])
        v = p.get("verdict")
        if v is None or v == "none":
            continue
        d = p.get("detail") or ""
        if "\n" in d or not d.startswith(f"{p['proto']}/{p['port']} "):
            bad.append(f"{key}: detail is not one line about the port: {d!r}")
        if key in FAULTS:
            seen.add(key)
            want, sev, ref = FAULTS[key]
            if (v, p.get("severity")) != (want, sev):
                bad.append(f"{key}: {v}/{p.get('severity')}, wanted {want}/{sev}")
            if ref is not None and (p.get("ref") != ref or f"({ref})" not in d):
                bad.append(f"{key}: ref {p.get('ref')!r}, detail {d!r}: wanted {ref}")
            if NAMES[key[0]] not in d:
                bad.append(f"{key}: the detail does not name the host: {d!r}")
        elif v != "pass":
            bad.append(f"{key}: {v} ({d}), wanted pass")
    for key in FAULTS:
        if key not in seen:
            bad.append(f"{key}: no verdict, wanted {FAULTS[key][0]}")
    counts = r["summary"]["verdicts"]
    for v in ("missing", "blocked", "exposed", "unfiltered", "unexpected", "inconclusive"):
        if counts[v] != 1:
            bad.append(f"summary: {counts[v]} {v}, wanted 1")
    if counts["pass"] < 60:
        bad.append(f"summary: only {counts['pass']} pass")
    for h in r["hosts"]:
        if h.get("name") != NAMES.get(h["address"]) or h.get("score") is None:
            bad.append(f"host {h['address']}: name {h.get('name')}, score {h.get('score')}")
        if not 0 < h["score"] < 100:
            bad.append(f"host {h['name']}: score {h['score']}: every host has a fault")
    if r.get("deployment") != "mediasense-lab" or r["summary"].get("score") is None:
        bad.append("no deployment name or score")
    return bad


def state_of(h, proto, port, listed):
    p = listed.get((proto, port))
    return p["state"] if p else (h.get("other") or {}).get(proto)


def same(full_path, merged_path):
    full = json.load(open(full_path, encoding="utf-8"))
    merged = json.load(open(merged_path, encoding="utf-8"))
    bad = []
    keys = ("state", "service", "alternative", "verdict", "severity", "requirement", "ref",
            "detail")
    fh = {h["address"]: h for h in full["hosts"]}
    mh = {h["address"]: h for h in merged["hosts"]}
    if set(fh) != set(mh):
        return [f"hosts {sorted(fh)} != {sorted(mh)}"]
    for a in fh:
        fl = {(p["proto"], p["port"]): p for p in fh[a]["ports"]}
        ml = {(p["proto"], p["port"]): p for p in mh[a]["ports"]}
        for k in set(fl) | set(ml):
            if state_of(fh[a], *k, fl) != state_of(mh[a], *k, ml):
                bad.append(f"{a} {k}: state {state_of(fh[a], *k, fl)} != {state_of(mh[a], *k, ml)}")
            f, m = fl.get(k), ml.get(k)
            judged = [x for x in (f, m) if x and x.get("verdict") not in (None, "none")]
            if judged and (f is None or m is None or any(f.get(x) != m.get(x) for x in keys)):
                bad.append(f"{a} {k}: {f} != {m}")
        for x in ("name", "profile", "role"):
            if fh[a].get(x) != mh[a].get(x):
                bad.append(f"{a}: {x} {fh[a].get(x)} != {mh[a].get(x)}")
    if full["summary"]["verdicts"] != merged["summary"]["verdicts"]:
        bad.append(f"verdicts {full['summary']['verdicts']} != {merged['summary']['verdicts']}")
    for a in fh:
        if fh[a].get("score") != mh[a].get("score"):
            bad.append(f"{a}: score {fh[a].get('score')} != {mh[a].get('score')}")
    if merged["summary"].get("score") is None or \
            merged["summary"]["score"] != full["summary"]["score"]:
        bad.append(f"score {full['summary'].get('score')} != {merged['summary'].get('score')}")
    return bad


def junit(path, failures, skipped):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    nf = sum(len(tc.findall("failure")) for s in suites for tc in s.findall("testcase"))
    ns = sum(len(tc.findall("skipped")) for s in suites for tc in s.findall("testcase"))
    attr = sum(int(s.get("failures", 0)) for s in suites)
    bad = []
    if (nf, ns, attr) != (int(failures), int(skipped), int(failures)):
        bad.append(f"{nf} failures ({attr} by the attributes), {ns} skipped; "
                   f"wanted {failures} and {skipped}")
    for s in suites:
        for tc in s.findall("testcase"):
            if not tc.get("classname", "").startswith("mediasense-lab."):
                bad.append(f"classname {tc.get('classname')}")
                break
    return bad


def score(path, want):
    got = json.load(open(path, encoding="utf-8"))["summary"]["score"]
    return [] if got == float(want) else [f"score {got}, wanted {want}"]


def lab_text(truth, path, counts):
    text = open(path, encoding="utf-8").read()
    bad = []
    host = None
    found = set()
    for line in text.splitlines():
        m = re.match(r"^\S+ (\S+) \([^)]*\): score [0-9.]+$", line)
        if m:
            host = m.group(1)
            continue
        m = re.match(r"^  (\w+) +(\w+) +(tcp|udp)/(\d+)  ", line)
        if m and host:
            found.add((host, m.group(3), int(m.group(4)), m.group(2), m.group(1)))
    for f in truth["faults"]:
        if (f["host"], f["proto"], f["port"], f["verdict"], f["severity"]) not in found:
            bad.append(f"text: no finding line for {f}")
    if len(found) != len(truth["faults"]):
        bad.append(f"text: {len(found)} finding lines, {len(truth['faults'])} faults")
    tail = ", ".join(f"{counts[v]} {v}" for v in
                     ("missing", "blocked", "exposed", "unfiltered", "unexpected", "inconclusive")
                     if counts[v])
    if not re.search(rf"^summary: score [0-9.]+; {counts['pass']} pass, {tail}$", text, re.M):
        bad.append(f"text: no summary line ending '{counts['pass']} pass, {tail}'")
    return bad


def lab(faults_path, path, text=None):
    truth = json.load(open(faults_path, encoding="utf-8"))
    r = json.load(open(path, encoding="utf-8"))
    bad = []
    want = {(f["host"], f["proto"], f["port"]): f for f in truth["faults"]}
    seen = set()
    npass = 0
    for h, p in ports(r):
        key = (h.get("name"), p["proto"], p["port"])
        v = p.get("verdict")
        if v is None or v == "none":
            continue
        d = p.get("detail") or ""
        if "\n" in d or not d.startswith(f"{p['proto']}/{p['port']} "):
            bad.append(f"{key}: detail is not one line about the port: {d!r}")
        if key not in want:
            npass += v == "pass"
            if v != "pass":
                bad.append(f"{key}: {v} ({p.get('state')}, {p.get('reason')}: {d}), wanted pass")
            continue
        seen.add(key)
        f = want[key]
        if (v, p.get("severity")) != (f["verdict"], f["severity"]):
            bad.append(f"{key}: {v}/{p.get('severity')}, wanted {f['verdict']}/{f['severity']}")
        if "reason" in f and p.get("reason") != f["reason"]:
            bad.append(f"{key}: reason {p.get('reason')}, wanted {f['reason']}")
        if key[0] not in d:
            bad.append(f"{key}: the detail does not name the host: {d!r}")
    for key in want:
        if key not in seen:
            bad.append(f"{key}: no verdict, wanted {want[key]['verdict']}")
    counts = r["summary"]["verdicts"]
    for v in ("missing", "blocked", "exposed", "unfiltered", "unexpected", "inconclusive"):
        n = sum(f["verdict"] == v for f in truth["faults"])
        if counts.get(v) != n:
            bad.append(f"summary: {counts.get(v)} {v}, wanted {n}")
    if counts.get("pass") != npass or npass < 10:
        bad.append(f"summary: {counts.get('pass')} pass, {npass} judged pass in the ports")
    for h in r["hosts"]:
        if h.get("score") is None:
            bad.append(f"host {h.get('name')}: no score")
    if r.get("deployment") != truth["deployment"] or r["summary"].get("score") is None:
        bad.append(f"deployment {r.get('deployment')}, wanted {truth['deployment']}, and a score")
    if text is not None:
        bad += lab_text(truth, text, counts)
    return bad


def samples(path, host, proto, rng, n):
    r = json.load(open(path, encoding="utf-8"))
    got = [p["port"] for h in r["hosts"] if h.get("name") == host for p in h["ports"]
           if p["proto"] == proto and p.get("range") == rng]
    return [] if len(got) == int(n) else [f"{host} {proto} {rng}: {len(got)} samples {got}, wanted {n}"]


def main(argv):
    cmds = {"faults": faults, "same": same, "junit": junit, "score": score, "lab": lab,
            "samples": samples}
    if len(argv) < 3 or argv[1] not in cmds:
        print(__doc__, file=sys.stderr)
        return 2
    bad = cmds[argv[1]](*argv[2:])
    for b in bad:
        print(b, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
