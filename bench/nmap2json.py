#!/usr/bin/env python3
"""nmap -oX to the subset of portproof-result/1 that tests/integration/scan-states.py
reads: the listed ports of each host, and the ports of nmap's <extraports> (their
<extrareasons ports="..."> lists) as listed ports too; the largest extraports
state becomes "other"."""
import json
import sys
import xml.etree.ElementTree as ET


def expand(spec):
    for part in filter(None, spec.split(",")):
        lo, _, hi = part.partition("-")
        yield from range(int(lo), int(hi or lo) + 1)


def main(src, dst):
    hosts = []
    for h in ET.parse(src).getroot().iter("host"):
        addr = h.find("address").get("addr")
        ports, other, most = [], None, -1
        pe = h.find("ports")
        for p in (pe.findall("port") if pe is not None else []):
            ports.append({"proto": p.get("protocol"), "port": int(p.get("portid")),
                          "state": p.find("state").get("state")})
        for ex in (pe.findall("extraports") if pe is not None else []):
            state, count = ex.get("state"), int(ex.get("count"))
            if count > most:
                other, most = state, count
            for er in ex.findall("extrareasons"):
                for port in expand(er.get("ports", "")):
                    ports.append({"proto": er.get("proto", "tcp"), "port": port, "state": state})
        hosts.append({"address": addr, "ports": ports, "other": {"tcp": other, "udp": other}})
    with open(dst, "w") as fp:
        json.dump({"hosts": hosts}, fp)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
