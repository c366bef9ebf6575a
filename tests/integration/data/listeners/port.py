#!/usr/bin/env python3
"""tests/integration/listeners.sh: one port of a result, or one key of a host.

  port.py RESULT ADDR PORT         "seen verdict severity cert_days | seen_detail"
  port.py RESULT ADDR KEY host     "VALUE N": the host's KEY, its unexpected ports
"""
import json
import sys

r = json.load(open(sys.argv[1]))
for h in r["hosts"]:
    if h["address"] != sys.argv[2]:
        continue
    if len(sys.argv) > 4:
        print(h.get(sys.argv[3]), sum(p.get("verdict") == "unexpected" for p in h["ports"]))
        continue
    for p in h["ports"]:
        if p["proto"] == "tcp" and p["port"] == int(sys.argv[3]):
            print(p.get("seen"), p.get("verdict"), p.get("severity"), p.get("cert_days"),
                  "|", p.get("seen_detail"))
