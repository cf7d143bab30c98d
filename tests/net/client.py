#!/usr/bin/env python3
"""client.py PORT N TAG: opens N connections to 127.0.0.1:PORT at once,
sends a line on each, checks every answer is TAG:line, closes them all.
Prints "ok N" or the first problem; bounded by a 30 s deadline."""
import selectors, socket, sys, time

port, n, tag = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
deadline = time.time() + 30
socks = []
for i in range(n):
    for attempt in range(50):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            break
        except ConnectionRefusedError:
            time.sleep(0.1)
    else:
        print("refused"); sys.exit(1)
    socks.append(s)
for i, s in enumerate(socks):
    s.sendall(b"line%d\n" % i)
bad = 0
for i, s in enumerate(socks):
    want = ("%s:line%d\n" % (tag, i)).encode()
    got = b""
    while len(got) < len(want) and time.time() < deadline:
        d = s.recv(len(want) - len(got))
        if not d:
            break
        got += d
    if got != want:
        if not bad:
            print("conn %d: got %r want %r" % (i, got, want))
        bad += 1
for s in socks:
    s.close()
print("ok %d" % n if not bad else "bad %d" % bad)
sys.exit(1 if bad else 0)
