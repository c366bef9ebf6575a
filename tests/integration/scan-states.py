#!/usr/bin/env python3
"""Check the port states of portproof results against the lab's ground truth.

  scan-states.py [--disjoint] --host ADDR --ports SPEC --open SPEC --filtered SPEC
                 [--proto tcp|udp] [--open-filtered SPEC] [--closed-default STATE]
                 RESULT.json...

Every port of SPEC must have exactly one state across the results (several
results: the shards of one scan, merged by union), equal to the truth: open if in
--open, filtered if in --filtered, open|filtered if in --open-filtered, else
closed.  Ports a result does not list take the host's "other" state; --partial
checks only the ports the results list (a stopped scan).  Prints the
first mismatches and a count; exit 1 on any (on more than N with --max-wrong N).
"""
import argparse
import json
import sys


def ports(spec):
    out = set()
    for part in filter(None, (spec or "").split(",")):
        lo, _, hi = part.partition("-")
        out.update(range(int(lo), int(hi or lo) + 1))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", required=True)
    ap.add_argument("--proto", default="tcp")
    ap.add_argument("--ports", required=True)
    ap.add_argument("--open", default="")
    ap.add_argument("--filtered", default="")
    ap.add_argument("--open-filtered", default="")
    ap.add_argument("--closed", default="closed", help="state of the rest")
    ap.add_argument("--disjoint", action="store_true",
                    help="results are shards: each port listed by exactly one")
    ap.add_argument("--partial", action="store_true",
                    help="a stopped scan: check only the ports it lists")
    ap.add_argument("--max-wrong", type=int, default=0,
                    help="wrong states tolerated (a lossy link)")
    ap.add_argument("results", nargs="+")
    a = ap.parse_args()
    want_ports = ports(a.ports)
    o, f, of = ports(a.open), ports(a.filtered), ports(a.open_filtered)
    got = {}
    times = {}
    for path in a.results:
        with open(path) as fp:
            r = json.load(fp)
        hosts = [h for h in r["hosts"] if h["address"] == a.host]
        if not hosts:
            continue
        h = hosts[0]
        listed = {}
        for p in h.get("ports", []):
            if p["proto"] == a.proto:
                listed[p["port"]] = p["state"]
                times[p["port"]] = times.get(p["port"], 0) + 1
        other = (h.get("other") or {}).get(a.proto)
        for port in want_ports:
            if port in listed:
                got.setdefault(port, listed[port])
            elif other and not a.disjoint:
                got.setdefault(port, other)
    bad = []
    for port in sorted(want_ports):
        if a.partial and port not in got:
            continue
        want = ("open" if port in o else "filtered" if port in f
                else "open|filtered" if port in of else a.closed)
        if got.get(port) != want:
            bad.append("%s/%d: got %s, want %s" % (a.proto, port, got.get(port), want))
    if a.disjoint:
        twice = [p for p, n in times.items() if n > 1]
        bad += ["%s/%d listed by %d shards" % (a.proto, p, times[p]) for p in twice]
    for line in bad[:20]:
        print(line, file=sys.stderr)
    n = len(got) if a.partial else len(want_ports)
    print("%s: %d ports checked, %d wrong" % (a.host, n, len(bad)))
    return 1 if len(bad) > a.max_wrong or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
