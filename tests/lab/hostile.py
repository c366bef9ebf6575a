#!/usr/bin/env python3
"""A hostile network for the lab: junk answers to portproof's probes.

  hostile.py --iface IF --target ADDR --stranger ADDR --scanned SPEC
             [--quiet SPEC] [--unchecked SPEC] [--seconds S] [--budget N]
             --stats FILE

Run in a target namespace.  It reads the frames arriving on IF (an AF_PACKET
socket sees them before nftables, so it sees the probes to dropped ports too)
and answers probes from the scanner to ADDR with junk that a scanner must not
believe, each kind a way other scanners have been fooled:

  synack-wrong-ack    SYN-ACK whose ack is the probe's seq (not seq + 1)
  synack-stranger     SYN-ACK with the right ack, from an address never scanned
  rst-unprobed        RST-ACK from a port outside the scanned set
  bad-tcp-checksum    SYN-ACK and RST-ACK with the right ack, TCP checksum broken
  bad-ip-checksum     SYN-ACK with the right ack, IP header checksum broken
  truncated           SYN-ACK with the right ack, cut after 8 bytes of TCP
  icmp-other-seq      port unreachable quoting the probe with another seq
  icmp-other-source   admin-prohibited quoting the probe from another source
  icmp-frag-needed    fragmentation needed quoting the probe (says nothing)
  icmp-truncated      port unreachable whose quote is cut to 10 bytes
  udp-wrong-port      UDP from the probed port to another of our ports
  udp-stranger        UDP from the stranger address to the probe's port
  udp-garbage         UDP with the right ports but a payload the probe refuses

Every junk frame is addressed so that portproof's capture filter lets it in
(our address, a source port of our range, or an ICMP unreachable).  Junk goes
out for --seconds after the first probe and at most --budget probes (the state
changing kinds, which aim at the ports the scan cannot hear from, excepted):
the scan must outlast it, so every frame sent reaches the capture.  On SIGTERM
it writes "KIND COUNT" lines and "total N" to --stats.  Prints "ready" once
listening.  Addresses in 198.18.0.0/15 only: it refuses anything else.
"""
import argparse
import ipaddress
import signal
import socket
import struct
import sys
import time

ETH_P_IP = 0x0800
LAB = ipaddress.ip_network("198.18.0.0/15")


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def ip_hdr(src, dst, proto, l4len, bad=False):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + l4len, 0x1234, 0x4000, 64, proto, 0,
                    socket.inet_aton(src), socket.inet_aton(dst))
    c = ~csum(h) & 0xFFFF
    if bad:
        c ^= 0x5A5A
    return h[:10] + struct.pack("!H", c) + h[12:]


def tcp_seg(src, dst, sport, dport, seq, ack, flags, bad=False):
    t = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 64240, 0, 0)
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 6, len(t))
    c = ~csum(pseudo + t) & 0xFFFF
    if bad:
        # Wrong, and not the pseudo-header sum either: portproof takes that as a
        # sender's checksum offload (1 in 65536 frames hit it, and counted).
        partial = csum(pseudo)
        c ^= 0x0101
        if c == partial or {c, partial} == {0, 0xFFFF}:
            c ^= 0x0303
    return t[:16] + struct.pack("!H", c) + t[18:]


def udp_dgram(src, dst, sport, dport, payload):
    u = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 17, len(u))
    c = ~csum(pseudo + u) & 0xFFFF or 0xFFFF
    return u[:6] + struct.pack("!H", c) + u[8:]


def icmp_unreach(code, quoted):
    m = struct.pack("!BBHI", 3, code, 0, 0) + quoted
    return m[:2] + struct.pack("!H", ~csum(m) & 0xFFFF) + m[4:]


def ports(spec):
    out = set()
    for part in filter(None, spec.split(",")):
        lo, _, hi = part.partition("-")
        out.update(range(int(lo), int(hi or lo) + 1))
    return out


class Hostile:
    def __init__(self, a):
        self.a = a
        self.scanned = ports(a.scanned)
        self.quiet = ports(a.quiet)
        self.unchecked = ports(a.unchecked)
        self.sent = {}
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
        self.sock.bind((a.iface, ETH_P_IP))
        self.first = None
        self.triggers = 0

    def send(self, kind, eth, ip_packet, cut=None):
        frame = eth + ip_packet
        if cut is not None:
            frame = frame[:cut]
        self.sock.send(frame)
        self.sent[kind] = self.sent.get(kind, 0) + 1

    def tcp_junk(self, eth, scanner, probe_ip, sport, dport, seq):
        tgt, strg = self.a.target, self.a.stranger

        def tcp(kind, src, sp, ack, flags, bad_tcp=False, bad_ip=False, cut=None):
            seg = tcp_seg(src, scanner, sp, sport, 0x5EED0000 + dport, ack, flags, bad_tcp)
            self.send(kind, eth, ip_hdr(src, scanner, 6, len(seg), bad_ip) + seg, cut)

        right = (seq + 1) & 0xFFFFFFFF
        quiet = dport in self.quiet
        if quiet or self.generic():
            # The kinds that would turn a silent port open or closed if believed.
            tcp("synack-wrong-ack", tgt, dport, seq, 0x12)
            tcp("bad-tcp-checksum", tgt, dport, right, 0x12, bad_tcp=True)
            tcp("bad-tcp-checksum", tgt, dport, right, 0x14, bad_tcp=True)
            tcp("bad-ip-checksum", tgt, dport, right, 0x12, bad_ip=True)
            tcp("truncated", tgt, dport, right, 0x12, cut=14 + 20 + 8)
        if not self.generic():
            return
        tcp("synack-stranger", strg, dport, right, 0x12)
        unprobed = 40000 + dport % 1000
        if unprobed not in self.scanned:
            tcp("rst-unprobed", tgt, unprobed, right, 0x14)
        other_seq = bytearray(probe_ip[:28])
        other_seq[24:28] = struct.pack("!I", (seq + 7) & 0xFFFFFFFF)
        other_src = bytearray(probe_ip[:28])
        other_src[12:16] = socket.inet_aton("198.18.0.77")
        for kind, code, q in (("icmp-other-seq", 3, bytes(other_seq)),
                              ("icmp-other-source", 13, bytes(other_src)),
                              ("icmp-frag-needed", 4, probe_ip[:28]),
                              ("icmp-truncated", 3, probe_ip[:10])):
            m = icmp_unreach(code, q)
            self.send(kind, eth, ip_hdr(tgt, scanner, 1, len(m)) + m)

    def udp_junk(self, eth, scanner, sport, dport):
        if not self.generic():
            return
        tgt, strg = self.a.target, self.a.stranger
        other = sport ^ 1
        for kind, src, sp, dp, payload in (
                ("udp-wrong-port", tgt, dport, other, b"\x00" * 12),
                ("udp-stranger", strg, dport, sport, b"\x00" * 12),
                ("udp-garbage", tgt, dport, sport, b"\xde\xad\xbe\xef" * 8)):
            if kind == "udp-garbage" and dport in self.unchecked:
                continue  # a probe with nothing to check believes any payload
            u = udp_dgram(src, scanner, sp, dp, payload)
            self.send(kind, eth, ip_hdr(src, scanner, 17, len(u)) + u)

    def generic(self):
        return (self.triggers <= self.a.budget and
                time.monotonic() - self.first < self.a.seconds)

    def run(self):
        print("ready", flush=True)
        while True:
            frame, addr = self.sock.recvfrom(4096)
            if addr[2] == socket.PACKET_OUTGOING or len(frame) < 14 + 28:
                continue
            ip = frame[14:]
            if ip[0] >> 4 != 4 or socket.inet_ntoa(ip[16:20]) != self.a.target:
                continue
            scanner = socket.inet_ntoa(ip[12:16])
            if ipaddress.ip_address(scanner) not in LAB:
                continue
            ihl = (ip[0] & 15) * 4
            l4 = ip[ihl:]
            eth = frame[6:12] + frame[0:6] + frame[12:14]
            now = time.monotonic()
            if self.first is None:
                self.first = now
            if now - self.first >= self.a.seconds:
                continue
            if ip[9] == 6 and len(l4) >= 14 and l4[13] == 0x02:
                sport, dport, seq = struct.unpack("!HHI", l4[:8])
                self.triggers += 1
                self.tcp_junk(eth, scanner, bytes(ip), sport, dport, seq)
            elif ip[9] == 17 and len(l4) >= 8:
                sport, dport = struct.unpack("!HH", l4[:4])
                self.triggers += 1
                self.udp_junk(eth, scanner, sport, dport)

    def write_stats(self, *_):
        with open(self.a.stats, "w") as fp:
            for kind in sorted(self.sent):
                fp.write("%s %d\n" % (kind, self.sent[kind]))
            fp.write("total %d\n" % sum(self.sent.values()))
        sys.exit(0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iface", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--stranger", required=True)
    ap.add_argument("--scanned", required=True, help="ports the scan probes")
    ap.add_argument("--quiet", default="", help="ports that never answer (dropped)")
    ap.add_argument("--unchecked", default="",
                    help="UDP ports whose probe takes any payload as an answer")
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--budget", type=int, default=300)
    ap.add_argument("--stats", required=True)
    a = ap.parse_args()
    for addr in (a.target, a.stranger):
        if ipaddress.ip_address(addr) not in LAB:
            sys.exit("hostile.py: %s is outside 198.18.0.0/15" % addr)
    h = Hostile(a)
    signal.signal(signal.SIGTERM, h.write_stats)
    h.run()


if __name__ == "__main__":
    main()
