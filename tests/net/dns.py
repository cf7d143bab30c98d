#!/usr/bin/env python3
"""dns.py ADDR PORT SECONDS: a minimal DNS responder for tests: answers
every A query with 10.1.2.3 (and AAAA with no answer); exits after SECONDS."""
import socket, struct, sys, time

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
s.settimeout(0.2)
end = time.time() + float(sys.argv[3])
while time.time() < end:
    try:
        q, peer = s.recvfrom(512)
    except socket.timeout:
        continue
    qid, flags, qd = struct.unpack(">HHH", q[:6])
    i = 12
    while q[i]:
        i += q[i] + 1
    qtype = struct.unpack(">H", q[i + 1:i + 3])[0]
    question = q[12:i + 5]
    an = 1 if qtype == 1 else 0
    head = struct.pack(">HHHHHH", qid, 0x8180, 1, an, 0, 0)
    ans = struct.pack(">HHHIH", 0xC00C, 1, 1, 60, 4) + bytes([10, 1, 2, 3]) if an else b""
    s.sendto(head + question + ans, peer)
