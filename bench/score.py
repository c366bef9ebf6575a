#!/usr/bin/env python3
"""bench/score.py: how many port states a tool got right against the lab's ground truth.

  score.py FORMAT FILE --truth SPEC [--truth SPEC ...] [--port PORT]

FORMAT is the tool's output: pp (portproof-result/1 JSON), nmap (-oX XML), masscan
(-oL list) or zmap (one responding address a line, of the port given by --port).

A truth SPEC is either one host's ports:

  ADDR/PROTO:PORTS[:STATE=PORTS...]   e.g. 198.18.0.2/tcp:1-65535:open=22,80:filtered=5000-5099
                                      (ADDR IPv4 or IPv6: 2001:2::2/tcp:1-65535:...)

where the ports of PORTS not named keep the protocol's default (tcp closed, udp
closed: the lab's targets answer), STATE one of open, closed, filtered,
open|filtered; or the /16 of bench/run.sh's scenarios 2 and 3:

  big:PORTS   198.19.0.0/16, every host answers: x.y.z.255 drops everything
              (filtered); port 22 open; port 80 open, but closed on every host whose
              address is a multiple of 4 (a reject with tcp reset); the rest closed

Prints one line, key=value: right (states equal to the truth), total, open_found
(of the truth's open ports, those the tool says open), open_total, false_open, and
wrong=... with the first mismatches.  masscan and zmap report open ports only:
their right and total are "-" (they do not tell closed from filtered).
"""
import argparse
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nmap2json import expand  # noqa: E402

BIG_BASE = (198 << 24) | (19 << 16)


def ip2int(a):
    p = [int(x) for x in a.split(".")]
    return (p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]


def int2ip(n):
    return "%d.%d.%d.%d" % (n >> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255)


def ports(spec):
    return set(expand(spec))


class Truth:
    """(addr, proto, port) -> state, as a function: the /16 is too big for a dict."""

    def __init__(self, specs):
        self.hosts = {}  # addr -> {(proto, port): state}
        self.big = None  # sorted ports of the /16
        for s in specs:
            if s.startswith("big:"):
                self.big = sorted(ports(s[4:]))
                continue
            # The address may be IPv6 (colons): up to "/tcp:" or "/udp:".
            m = re.match(r"(.+)/(tcp|udp):(.*)$", s)
            if m is None:
                sys.exit("score.py: bad truth %r" % s)
            addr, proto, rest = m.groups()
            fields = rest.split(":")
            m = self.hosts.setdefault(addr, {})
            for p in ports(fields[0]):
                m[(proto, p)] = "closed"
            for f in fields[1:]:
                state, spec = f.split("=", 1)
                for p in ports(spec):
                    m[(proto, p)] = state

    def items(self):
        for addr, m in self.hosts.items():
            for (proto, port), state in m.items():
                yield addr, proto, port, state
        if self.big is not None:
            for h in range(65536):
                addr = int2ip(BIG_BASE + h)
                for port in self.big:
                    yield addr, "tcp", port, self.big_state(h, port)

    @staticmethod
    def big_state(h, port):
        if h & 255 == 255:
            return "filtered"
        if port == 22 or (port == 80 and h % 4 != 0):
            return "open"
        return "closed"


def read_pp(path):
    """addr -> (function (proto, port) -> state)."""
    with open(path) as fp:
        r = json.load(fp)
    out = {}
    for h in r["hosts"]:
        listed = {(p["proto"], p["port"]): p["state"] for p in h.get("ports", [])}
        other = h.get("other") or {}
        out[h["address"]] = (listed, other)
    return out


def read_nmap(path):
    out = {}
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, FileNotFoundError):
        return out  # a run cut short by its timeout: nothing it can be credited for
    for h in root.iter("host"):
        addr = h.find("address").get("addr")
        listed, other, most = {}, {}, -1
        pe = h.find("ports")
        for p in pe.findall("port") if pe is not None else []:
            listed[(p.get("protocol"), int(p.get("portid")))] = p.find("state").get("state")
        for ex in pe.findall("extraports") if pe is not None else []:
            state, count = ex.get("state"), int(ex.get("count"))
            if count > most:
                other, most = {"tcp": state, "udp": state}, count
            for er in ex.findall("extrareasons"):
                for port in expand(er.get("ports", "")):
                    listed[(er.get("proto", "tcp"), port)] = state
        out[addr] = (listed, other)
    return out


def read_open_list(fmt, path, port):
    """masscan -oL / zmap: the set of (addr, proto, port) said open."""
    found = set()
    if not os.path.exists(path):
        return found
    with open(path) as fp:
        for line in fp:
            f = line.split()
            if fmt == "masscan" and len(f) >= 4 and f[0] == "open":
                found.add((f[3], f[1], int(f[2])))
            elif fmt == "zmap" and len(f) == 1 and f[0][0].isdigit():
                found.add((f[0], "tcp", port))
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("format", choices=["pp", "nmap", "masscan", "zmap"])
    ap.add_argument("file")
    ap.add_argument("--truth", action="append", required=True)
    ap.add_argument("--port", type=int, default=0, help="zmap: the port it scanned")
    a = ap.parse_args()
    truth = Truth(a.truth)
    right = total = open_found = open_total = false_open = 0
    wrong = []
    if a.format in ("pp", "nmap"):
        try:
            got = read_pp(a.file) if a.format == "pp" else read_nmap(a.file)
        except (OSError, ValueError, KeyError):
            got = {}
        for addr, proto, port, want in truth.items():
            listed, other = got.get(addr, ({}, {}))
            state = listed.get((proto, port), other.get(proto))
            total += 1
            open_total += want == "open"
            if state == want:
                right += 1
                open_found += want == "open"
            else:
                false_open += state == "open"
                if len(wrong) < 5:
                    wrong.append("%s:%s/%d=%s(not %s)" % (addr, proto, port, state, want))
        print("right=%d total=%d open_found=%d open_total=%d false_open=%d wrong=%s"
              % (right, total, open_found, open_total, false_open, ",".join(wrong) or "-"))
        return
    found = read_open_list(a.format, a.file, a.port)
    for addr, proto, port, want in truth.items():
        if want == "open":
            open_total += 1
            if (addr, proto, port) in found:
                open_found += 1
            elif len(wrong) < 5:
                wrong.append("%s:%s/%d=missed" % (addr, proto, port))
        elif (addr, proto, port) in found:
            false_open += 1
    print("right=- total=- open_found=%d open_total=%d false_open=%d wrong=%s"
          % (open_found, open_total, false_open, ",".join(wrong) or "-"))


if __name__ == "__main__":
    main()
