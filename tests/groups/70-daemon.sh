#!/bin/bash
# The daemon and its control API (docs/api.md): `intravisor daemon` keeps a
# monitor up; the client commands and raw JSON lines drive it.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
IV=$BIN/intravisor
D=$ROOT/tests/deploy
T=$(mktemp -d)
S=$T/iv.sock
DPID=
cleanup() { [ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
PY=$(command -v /usr/bin/python3 || command -v python3)

if ! "$BIN/ivcc" -O2 -pthread "$D/job.c" -o "$T/job" >"$T/build.log" 2>&1; then
    fail daemon-build "$(tail -5 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
cp "$D"/*.yaml "$T/"
mkdir -p "$T/out" "$T/rootdir"
cat >"$T/one.yaml" <<'Y'
cVMs:
  - name: hello
    runtime: job
    args: [echo, hi there]
Y
cat >"$T/two.yaml" <<'Y'
cVMs:
  - name: sleeper
    runtime: job
    args: [sleep, 60000]
  - name: talker
    runtime: job
    args: [err, to-stderr]
Y
cat >"$T/bad.yaml" <<'Y'
cVMs:
  - name: never
    runtime: job
    memroy: 64M
Y

# A fresh verification cache: its entries are then written by a daemon
# whose seccomp filter is on (docs/monitor.md "Verification cache").
export IV_VERIFY_CACHE=$T/vcache
"$IV" daemon --socket "$S" 2>"$T/daemon.err" &
DPID=$!
for _ in $(seq 50); do [ -S "$S" ] && break; sleep 0.05; done
c() { timeout 20 "$IV" "$1" --socket "$S" "${@:2}"; } # client command
# raw LINE...: sends the lines, prints the reply lines
raw() { timeout 10 "$PY" - "$S" "$@" <<'P'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
for l in sys.argv[2:]: s.sendall(l.encode() + b"\n")
s.shutdown(socket.SHUT_WR)
sys.stdout.write(s.makefile().read())
P
}
alive() { kill -0 "$DPID" 2>/dev/null && c ps >/dev/null; }

mode=$(stat -c %a "$S" 2>/dev/null)
check daemon-socket-0600 [ "$mode" = 600 ]

out=$(c deploy "$T/one.yaml")
rc=$?
ok() { if eval "$2"; then pass "$1"; else fail "$1" "$3"; fi; }
ok daemon-deploy "[ $rc -eq 0 ] && [ '$out' = hello ]" "rc $rc out '$out'"
st=$(c wait hello)
ok daemon-wait-status "[ '$st' = 0 ]" "wait printed '$st'"
logs=$(c logs hello)
ok daemon-logs "grep -qx 'argv\[2\]=hi there' <<<'$logs'" "logs: $logs"
ps=$(c ps)
ok daemon-ps "grep -Eq '^hello +exited +exited 0 +[0-9a-f]{12} ' <<<'$ps'" "ps: $ps"

c deploy "$T/two.yaml" >/dev/null
sleep 0.3
ps=$(c ps)
ok daemon-ps-running "grep -Eq '^sleeper +running ' <<<'$ps' && grep -Eq '^talker +exited +exited 0' <<<'$ps'" "ps: $ps"
c logs talker >"$T/talker.out" 2>"$T/talker.err"
ok daemon-logs-streams "grep -qx to-stderr '$T/talker.err' && ! grep -q to-stderr '$T/talker.out'" \
    "out: $(cat "$T/talker.out") err: $(cat "$T/talker.err")"
stats=$(c stats sleeper)
ok daemon-stats-live "grep -q '\"result\":\"running\"' <<<'$stats' && grep -q '\"memory\":' <<<'$stats'" "stats: $stats"
# follow the sleeper's logs while it is stopped; wait sees the status
c logs -f sleeper >"$T/follow.out" 2>&1 &
FPID=$!
c wait sleeper >"$T/wait.out" &
WPID=$!
sleep 0.2
t0=$(date +%s%N)
c stop -t 20 sleeper
rc=$?
wait $WPID
wait $FPID
frc=$?
t1=$(date +%s%N)
# no SIGTERM handler: ended at once (143), not after the grace (docker stop)
ok daemon-stop-no-handler-ends-at-once "[ $rc -eq 0 ] && [ \"\$(cat $T/wait.out)\" = 143 ] && [ $(((t1 - t0) / 1000000)) -lt 3000 ]" \
    "rc $rc wait '$(cat "$T/wait.out")' ms $(((t1 - t0) / 1000000))"
ok daemon-logs-follow-ends "[ $frc -eq 0 ]" "follow rc $frc: $(cat "$T/follow.out")"
c start sleeper && sleep 0.1 && c kill -s 9 sleeper >/dev/null
st=$(c wait sleeper)
ok daemon-start-again-kill "[ '$st' = 137 ]" "wait printed '$st'"
c start sleeper >/dev/null && sleep 0.1 && c restart sleeper >/dev/null
sleep 0.3
row=$(raw '{"op":"list"}' | "$PY" -c 'import json,sys; r=[c for c in json.loads(sys.stdin.readline())["cvms"] if c["name"]=="sleeper"][0]; print(r["state"], r["runs"], r["result"])')
ok daemon-restart "[ '$row' = 'running 4 running' ]" "sleeper: $row"
c kill sleeper >/dev/null && c wait sleeper >/dev/null
c rm sleeper
ok daemon-rm "! c ps | grep -q '^sleeper '" "$(c ps)"
c rm nosuch 2>"$T/rm.err"
ok daemon-rm-unknown "[ $? -ne 0 ] && grep -q \"no cVM named 'nosuch'\" '$T/rm.err'" "$(cat "$T/rm.err")"

# stop passes SIGTERM to a program that handles it: it ends cleanly (0)
# long before the grace; kill -s TERM the same way
cat >"$T/polite.yaml" <<'Y'
cVMs:
  - name: polite
    runtime: job
    args: [term]
Y
c deploy "$T/polite.yaml" >/dev/null
sleep 0.3
t0=$(date +%s%N)
c stop -t 20 polite >/dev/null
st=$(c wait polite)
t1=$(date +%s%N)
c logs polite >"$T/polite.out" 2>&1
ok daemon-stop-passes-sigterm "[ '$st' = 0 ] && [ $(((t1 - t0) / 1000000)) -lt 5000 ] && grep -q terminated '$T/polite.out'" \
    "wait '$st' after $(((t1 - t0) / 1000000)) ms: $(cat "$T/polite.out")"
c start polite >/dev/null && sleep 0.3 && c kill -s 28 polite >/dev/null && sleep 0.2
ok daemon-kill-winch-ignored "c ps | grep -Eq '^polite +running '" "$(c ps)"
c kill -s 15 polite >/dev/null
st=$(c wait polite)
ok daemon-kill-term-passes-it "[ '$st' = 0 ]" "wait '$st'"
c rm polite >/dev/null

# deployed without starting: created until started by name
cat >"$T/later.yaml" <<'Y'
cVMs:
  - name: later
    runtime: job
    args: [exit, 3]
Y
r=$(raw "{\"op\":\"deploy\",\"file\":\"$T/later.yaml\",\"start\":false}")
sleep 0.2
st1=$(c ps | awk '$1 == "later" {print $2}')
c start later >/dev/null
st2=$(c wait later)
ok daemon-deploy-without-start "[ '$st1' = created ] && [ '$st2' = 3 ]" "reply $r; state '$st1' then wait '$st2'"

# a bad YAML: refused with FILE:LINE:COLUMN, nothing added or started
c deploy "$T/bad.yaml" >"$T/bad.out" 2>"$T/bad.err"
rc=$?
ok daemon-bad-yaml-line "[ $rc -eq 2 ] && grep -q \"^$T/bad.yaml:4:5: \" '$T/bad.err' && grep -q 'nothing was started' '$T/bad.err' && ! c ps | grep -q never" \
    "rc $rc: $(cat "$T/bad.err")"
c deploy "$T/one.yaml" 2>"$T/dup.err"
ok daemon-duplicate-name "[ $? -eq 2 ] && grep -q \"a cVM named 'hello' is already deployed\" '$T/dup.err'" "$(cat "$T/dup.err")"

# CAP Files, Streams and Calls among cVMs deployed into the running daemon
(cd "$T" && c deploy all-keys.yaml >/dev/null)
for n in first second third quiet; do c wait $n >"$T/w-$n" 2>&1; done
ok daemon-ipc-deployment "[ \"\$(cat $T/w-first $T/w-second $T/w-third $T/w-quiet | tr '\n' ' ')\" = '0 0 0 0 ' ]" \
    "$(cat "$T"/w-* | tr '\n' ' ') $(tail -5 "$T/daemon.err")"

# a stream pair removed and deployed again gets a fresh stream
if "$BIN/ivcc" -O2 -I"$ROOT/include" "$ROOT/examples/cap_stream/cap_stream.c" -o "$T/cap_stream" >>"$T/build.log" 2>&1; then
    sed 's#\.\./\.\./build/examples/cap_stream#cap_stream#' "$ROOT/examples/cap_stream/cap_stream.yaml" >"$T/cs.yaml"
    res=""
    for round in 1 2; do
        c deploy "$T/cs.yaml" >/dev/null
        res="$res $(c wait producer) $(c wait consumer) $(c logs consumer | grep -c 'got 1000 lines')"
        c rm producer && c rm consumer
    done
    ok daemon-stream-redeploy "[ '$res' = ' 0 0 1 0 0 1' ]" "statuses and lines: $res"
else
    fail daemon-stream-redeploy "cannot build examples/cap_stream"
fi

# CAP Calls: a name deployed again has exactly the grants of its new file
if "$BIN/ivcc" -O2 -pthread -I"$ROOT/include" "$ROOT/tests/capcalls/cc.c" -o "$T/cc" >>"$T/build.log" 2>&1; then
    cp "$ROOT/tests/capcalls/basic.yaml" "$ROOT/tests/capcalls/denied.yaml" "$T/"
    res=""
    for y in basic denied basic; do
        c deploy "$T/$y.yaml" >/dev/null
        res="$res $y:$(c wait a):$(c wait b)"
        c logs a | grep -q '^FAIL' && res="$res(FAIL)"
        c rm a && c rm b
    done
    ok daemon-call-grants-redeploy "[ '$res' = ' basic:0:0 denied:0:0 basic:0:0' ]" "$res"
else
    fail daemon-call-grants-redeploy "cannot build tests/capcalls/cc.c"
fi

# CAP Files: a name deployed again keeps no access of the old cVM's
if "$BIN/ivcc" -O2 -I"$ROOT/include" "$ROOT/tests/capfiles/cf.c" -o "$T/cf" >>"$T/build.log" 2>&1; then
    printf 'capfiles:\n  - {name: cf1, data: "hello"}\ncVMs:\n  - {name: x, runtime: cf, args: [read, cf1, hello], capfiles: [cf1]}\n' >"$T/cf1.yaml"
    printf 'cVMs:\n  - {name: x, runtime: cf, args: [noaccess, cf1]}\n' >"$T/cf2.yaml"
    res=""
    for y in cf1 cf2; do
        c deploy "$T/$y.yaml" >/dev/null
        res="$res $y:$(c wait x)"
        c logs x | grep -q '^FAIL' && res="$res(FAIL)"
        c rm x
    done
    ok daemon-capfile-access-redeploy "[ '$res' = ' cf1:0 cf2:0' ]" "$res"
else
    fail daemon-capfile-access-redeploy "cannot build tests/capfiles/cf.c"
fi

# bad clients: garbage, half a request then gone, a huge line, another uid
r=$(raw 'not json at all' '{"op":"list"' '[1,2]' '{"op":"frobnicate"}' '{"op":"list"}')
ok daemon-garbage-replies "[ \$(grep -c '\"ok\":false' <<<'$r') -eq 4 ] && [ \$(grep -c '\"ok\":true' <<<'$r') -eq 1 ]" "$r"
timeout 5 "$PY" - "$S" <<'P'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b'{"op":"deploy","fi'); s.close()
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b'{"op":"wait","name":"hello"}\n{"op":"logs","name":"first","follow":true}\n'); s.close()
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"x" * 200000); s.close()
P
check daemon-survives-bad-clients alive
# random bytes, mangled requests, deep nesting, many clients at once
timeout 30 "$PY" - "$S" <<'P'
import os, random, socket, sys
random.seed(14)
good = [b'{"op":"list"}', b'{"op":"stats"}', b'{"op":"logs","name":"hello"}', b'{"op":"wait","name":"hello"}']
socks = []
for i in range(80):  # more than the daemon's 64 clients
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect(sys.argv[1])
        socks.append(s)
    except OSError:
        pass
for s in socks:
    lines = []
    for _ in range(20):
        g = bytearray(random.choice(good))
        r = random.random()
        if r < 0.3:
            g = bytearray(os.urandom(random.randrange(1, 200)).replace(b"\n", b" "))
        elif r < 0.6:
            for _ in range(random.randrange(1, 4)):
                g[random.randrange(len(g))] = random.randrange(256)
        elif r < 0.7:
            g = b"[" * 5000 + b"]" * 5000
        lines.append(bytes(g).replace(b"\n", b" "))
    try:
        s.sendall(b"\n".join(lines) + b"\n")
    except OSError:
        pass
for s in socks:
    s.close()
P
check daemon-survives-fuzz alive
r=$(raw '{"op":"deploy","file":"/dev/zero"}' '{"op":"deploy","file":"relative.yaml"}' '{"op":"deploy"}' '{"op":"stop"}' '{"op":"kill","name":"hello","signal":99}')
echo "$r" >"$T/bad-deploys.out"
ok daemon-bad-deploys-refused "[ \$(grep -c '\"ok\":false' '$T/bad-deploys.out') -eq 5 ] && grep -q 'not a regular file' '$T/bad-deploys.out'" "$r"
check daemon-survives-bad-requests alive
if id nobody >/dev/null 2>&1; then
    chmod 711 "$T"; chmod 666 "$S"
    other=$(timeout 5 setpriv --reuid=nobody --regid=nogroup --clear-groups "$PY" - "$S" 2>&1 <<'P'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
f = s.makefile()
print(f.readline())  # the refusal comes at once, before any request
try: s.sendall(b'{"op":"list"}\n'); print(f.read())
except OSError: pass  # refused and closed
P
)
    chmod 600 "$S"
    echo "$other" >"$T/other.out"
    ok daemon-other-uid-refused "grep -q 'only the daemon.s owner' '$T/other.out' && ! grep -q hello '$T/other.out' && grep -q 'refused a client of uid' '$T/daemon.err'" "$other"
    other=$(timeout 5 setpriv --reuid=nobody --regid=nogroup --clear-groups "$IV" ps --socket "$S" 2>&1)
    ok daemon-other-uid-mode "grep -q 'Permission denied' <<<'$other'" "$other"
else
    echo "SKIP daemon-other-uid-refused: no user 'nobody'"
fi
check daemon-alive-after-all alive

# a second daemon on the same socket is refused; SIGTERM stops the first
"$IV" daemon --socket "$S" 2>"$T/second.err"
ok daemon-second-refused "[ $? -eq 1 ] && grep -q 'already listening' '$T/second.err'" "$(cat "$T/second.err")"
c deploy "$T/two.yaml" >/dev/null 2>&1 || true
kill -TERM "$DPID"
for _ in $(seq 50); do kill -0 "$DPID" 2>/dev/null || break; sleep 0.1; done
wait "$DPID"
rc=$?
DPID=
ok daemon-sigterm "[ $rc -eq 0 ] && [ ! -e '$S' ] && grep -q 'stopped by SIGTERM' '$T/daemon.err'" "rc $rc $(tail -3 "$T/daemon.err")"
