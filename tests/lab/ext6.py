#!/usr/bin/env python3
"""Answers behind IPv6 extension headers, for the lab (issue 18).

  ext6.py --iface IF --target ADDR --open PORT --unreach PORT [--seconds S]

Run in a target namespace whose nftables drop TCP to both ports (so its own
stack stays silent).  It reads the frames arriving on IF (an AF_PACKET socket
sees them before nftables) and answers a SYN to ADDR:
  --open     a SYN-ACK (ack = the probe's seq + 1, as any stack's) behind a
             destination options header (RFC 8200 4.6, one PadN option);
  --unreach  an ICMPv6 destination unreachable, address unreachable (code 3),
             quoting the probe, behind a hop-by-hop options header.
A capture filter that reads ports or the ICMPv6 type at a fixed offset after
the 40-byte header misses both.  Prints "ready" once listening; answers for
--seconds after the first SYN.  Addresses in 2001:2::/48 only: it refuses
anything else.
"""
import argparse
import ipaddress
import socket
import struct
import sys
import time

ETH_P_IPV6 = 0x86DD
LAB = ipaddress.ip_network("2001:2::/48")
PADN8 = bytes([1, 4, 0, 0, 0, 0])  # PadN filling an 8-byte options header


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def pseudo(src, dst, nh, length):
    return src + dst + struct.pack("!IxxxB", length, nh)


def ip6(src, dst, nh, payload):
    return struct.pack("!IHBB", 6 << 28, len(payload), nh, 64) + src + dst + payload


def synack(src, dst, sport, dport, seq):
    seg = struct.pack("!HHIIBBHHH", sport, dport, 0x5EED6000, (seq + 1) & 0xFFFFFFFF,
                      5 << 4, 0x12, 65535, 0, 0)
    c = csum(pseudo(src, dst, 6, len(seg)) + seg)
    seg = seg[:16] + struct.pack("!H", c) + seg[18:]
    return ip6(src, dst, 60, bytes([6, 0]) + PADN8 + seg)


def unreach(src, dst, probe):
    msg = struct.pack("!BBHI", 1, 3, 0, 0) + probe[:1232]
    c = csum(pseudo(src, dst, 58, len(msg)) + msg)
    msg = msg[:2] + struct.pack("!H", c) + msg[4:]
    return ip6(src, dst, 0, bytes([58, 0]) + PADN8 + msg)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iface", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--open", type=int, required=True)
    ap.add_argument("--unreach", type=int, required=True)
    ap.add_argument("--seconds", type=float, default=20.0)
    a = ap.parse_args()
    if ipaddress.ip_address(a.target) not in LAB:
        sys.exit("ext6.py: %s is outside 2001:2::/48" % a.target)
    target = socket.inet_pton(socket.AF_INET6, a.target)
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IPV6))
    sock.bind((a.iface, ETH_P_IPV6))
    print("ready", flush=True)
    first = None
    while first is None or time.monotonic() - first < a.seconds:
        frame, addr = sock.recvfrom(4096)
        if addr[2] == socket.PACKET_OUTGOING or len(frame) < 14 + 40 + 20:
            continue
        ip = frame[14:]
        scanner = ip[8:24]
        if ip[24:40] != target or ip[6] != 6 or \
                ipaddress.ip_address(socket.inet_ntop(socket.AF_INET6, scanner)) not in LAB:
            continue
        sport, dport, seq = struct.unpack("!HHI", ip[40:48])
        if ip[40 + 13] != 0x02 or dport not in (a.open, a.unreach):
            continue
        if first is None:
            first = time.monotonic()
        eth = frame[6:12] + frame[0:6] + frame[12:14]
        plen = struct.unpack("!H", ip[4:6])[0]
        if dport == a.open:
            sock.send(eth + synack(target, scanner, dport, sport, seq))
        else:
            sock.send(eth + unreach(target, scanner, ip[:40 + plen]))


if __name__ == "__main__":
    main()
