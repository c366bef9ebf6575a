#!/usr/bin/env python3
"""tests/integration/listeners.sh: nmap -sV as the second opinion.

  nmap_agree.py NMAP_XML RESULT ADDR

One line per port both name a service: "PORT nmap=NAME portproof=SEEN agree|DIFFER",
then "agree N differ M".  Names are normalised: anything nmap saw inside SSL/TLS
(tunnel "ssl", or ssl, https, sip-tls) is tls, as the listener check names it;
http-alt and http-proxy are http.  A port either leaves unnamed (nmap's unknown or
tcpwrapped, the check's unknown or none) is not compared.
"""
import json
import sys
import xml.etree.ElementTree as ET

KNOWN = {"ssh", "http", "tls", "redis", "sip", "rtsp", "mysql", "smtp", "ftp"}


def nmap_name(svc):
    if svc is None:
        return None
    name = svc.get("name", "")
    if svc.get("tunnel") == "ssl" or name in ("ssl", "https", "sip-tls", "https-alt"):
        return "tls"
    if name.startswith("http"):
        return "http"
    return name if name in KNOWN else None


seen = {}
for h in json.load(open(sys.argv[2]))["hosts"]:
    if h["address"] == sys.argv[3]:
        for p in h["ports"]:
            if p["proto"] == "tcp" and p.get("seen") in KNOWN:
                seen[p["port"]] = p["seen"]

agree = differ = 0
for port in ET.parse(sys.argv[1]).getroot().iter("port"):
    state = port.find("state")
    if port.get("protocol") != "tcp" or state is None or state.get("state") != "open":
        continue
    n = nmap_name(port.find("service"))
    s = seen.get(int(port.get("portid")))
    if n is None or s is None:
        continue
    ok = n == s
    agree += ok
    differ += not ok
    print(port.get("portid"), "nmap=" + n, "portproof=" + s, "agree" if ok else "DIFFER")
print("agree", agree, "differ", differ)
