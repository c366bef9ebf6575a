#!/usr/bin/env python3
"""Small TCP responders for the listener check's lab (tests/integration/listeners.sh),
for the protocols Debian has no light server of here (SIP over TLS and Redis are
real: kamailio and redis-server, tests/lab/daemons.sh): each binds ADDR:PORT,
prints "ready", and answers every connection as its protocol's server would.

  responder.py MODE ADDR PORT

  rtsp    answers a request with "RTSP/1.0 200 OK" (OPTIONS, RFC 2326)
  mysql   a MySQL protocol-10 greeting, at once
  banner  an SSH banner, at once (SSH-2.0-...)
  garbage 64 KB of bytes that are no protocol, at once
  huge    an SSH banner 1 MB long, no end of line
  stall   reads, never answers
  tlsstall  half a TLS ServerHello record to whatever comes, then nothing
"""
import socket
import sys
import threading


def read_request(c):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = c.recv(4096)
        if not chunk or len(data) > 65536:
            break
        data += chunk
    return data


def serve(c):
    try:
        if mode == "banner":
            c.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")
            c.recv(4096)
        elif mode == "mysql":
            ver = b"8.0.36-lab"
            payload = b"\x0a" + ver + b"\x00" + b"\x01\x00\x00\x00" + b"abcdefgh\x00" + b"\xff\xf7"
            c.sendall(len(payload).to_bytes(3, "little") + b"\x00" + payload)
            c.recv(4096)
        elif mode == "huge":
            c.sendall(b"SSH-2.0-" + b"A" * (1 << 20))
        elif mode == "stall":
            while c.recv(4096):
                pass
        elif mode == "tlsstall":
            c.recv(4096)
            c.sendall(b"\x16\x03\x03\x00\x7a\x02\x00\x00\x76\x03\x03")
            while c.recv(4096):
                pass
        elif mode == "garbage":
            c.sendall(bytes((i * 7 + 3) % 251 for i in range(65536)))
        elif mode == "rtsp":
            req = read_request(c)
            cseq = b"1"
            for line in req.split(b"\r\n"):
                if line.lower().startswith(b"cseq:"):
                    cseq = line.split(b":", 1)[1].strip()
            c.sendall(b"RTSP/1.0 200 OK\r\nCSeq: " + cseq + b"\r\nPublic: OPTIONS, DESCRIBE\r\n\r\n")
    except OSError:
        pass
    finally:
        c.close()


mode, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, port))
s.listen(64)
print("ready", flush=True)
while True:
    c, _ = s.accept()
    c.settimeout(10)
    threading.Thread(target=serve, args=(c,), daemon=True).start()
