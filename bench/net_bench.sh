#!/bin/bash
# Networking benchmarks (called by bench/run.sh; runnable alone after `make`
# and `make servers`).  Each number is a median of NET_BENCH_RUNS (5) in
# the same run, the cVM and the native server taking turns, the cVM
# against the same program built natively with gcc:
#  - redis-benchmark GET and SET, 50 clients, -P 1 and -P 16, against Redis
#    in a cVM (published port) and natively; with each, the server's CPU
#    time per request (the monitor process / the native server, from
#    /proc/PID/stat), which other load on the 2 cores does not inflate;
#  - wrk against nginx, 1 KiB and 1 MiB files, the same two columns;
#  - hostcalls per request (the cVM Redis, and nginx for a short 1 KiB
#    run, under `intravisor up --stats`);
#  - TCP connect+accept+close rate and a 1-byte ping-pong round trip between
#    two cVMs (one monitor) against two native processes;
#  - what one system call a server makes costs as a hostcall
#    (bench/hostcall_io.c: setsockopt, getsockopt, fstat, pipe write+read,
#    unix sendmsg+recvmsg, a file's open+fstat+close), natively and from a
#    cVM.
# Loopback only; ports below the ephemeral range.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/machine.sh" && bench_machine
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${IV_BIN:-$ROOT/build/bin}
PROG=$ROOT/build/programs
T=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
echo "== network"
port=$((20000 + RANDOM % 12000))
RUNS=${NET_BENCH_RUNS:-5}
med() { sort -n | sed -n "$(((RUNS + 1) / 2))p"; }
HZ=$(getconf CLK_TCK)
# CPU time of a process so far (user + system), in clock ticks: what the
# server spent, whatever else the 2 cores were doing.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
ratio() { echo "scale=2; $1 / $2" | bc; }
up() { for i in $(seq 100); do [ "$(redis-cli -p "$1" ping 2>/dev/null)" = PONG ] && return 0; sleep 0.1; done; return 1; }

if [ -x "$PROG/cvm/redis-server" ] && [ -x "$PROG/native/redis-server" ] && command -v redis-benchmark >/dev/null; then
    mkdir -p "$T/root" "$T/native"
    cat >"$T/r.yaml" <<Y
cvms:
  - name: redis
    runtime: $PROG/cvm/redis-server
    args: [--port, "6379", --bind, 127.0.0.1, --dir, /, --save, ""]
    root: $T/root
    rw: true
    net: {publish: ["$port:6379"]}
    stdout: null
Y
    "$BIN/intravisor" up --stats "$T/stats.json" "$T/r.yaml" >/dev/null 2>"$T/up.err" &
    pids+=($!)
    upid=$!
    (cd "$T/native" && exec "$PROG/native/redis-server" --port $((port + 1)) --bind 127.0.0.1 --save "" >/dev/null 2>&1) &
    npid=$!
    pids+=($!)
    up "$port" && up $((port + 1)) || echo "redis: a server did not start: $(head -3 "$T/up.err")"
    N=${REDIS_BENCH_N:-200000}
    # one_rps PORT PID TEST PIPELINE -> "requests/s server-CPU-us-per-request"
    one_rps() {
        local c0 c1 r
        c0=$(cpu_ticks "$2")
        r=$(redis-benchmark -p "$1" -c 50 -n "$N" -P "$4" -t "$3" --csv 2>/dev/null | awk -F, 'NR == 2 { gsub(/"/, "", $2); print $2 }')
        c1=$(cpu_ticks "$2")
        echo "$r $(echo "scale=3; ($c1 - $c0) * 1000000 / $HZ / $N" | bc)"
    }
    # The cVM and the native server take turns (RUNS pairs), so a change in
    # the machine's state during the bench hits both; medians of each.
    for P in 1 16; do
        for t in get set; do
            for i in $(seq "$RUNS"); do
                echo "c $(one_rps "$port" "$upid" $t $P)"
                echo "n $(one_rps $((port + 1)) "$npid" $t $P)"
            done >"$T/rps"
            c="$(awk '$1 == "c" { print $2 }' "$T/rps" | med) $(awk '$1 == "c" { print $3 }' "$T/rps" | med)"
            n="$(awk '$1 == "n" { print $2 }' "$T/rps" | med) $(awk '$1 == "n" { print $3 }' "$T/rps" | med)"
            printf "redis %-3s -P %-2s 50 clients: cVM %10.0f req/s, native %10.0f req/s, ratio %sx (target 0.90); server CPU %s / %s us per request, %sx\n" \
                "$t" "$P" "${c% *}" "${n% *}" "$(ratio "${c% *}" "${n% *}")" "${c#* }" "${n#* }" "$(ratio "${c#* }" "${n#* }")"
        done
    done
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1
    redis-cli -p $((port + 1)) shutdown nosave >/dev/null 2>&1
    wait "$upid"
    # requests made: RUNS x 2 tests x 2 pipelines x N, plus the pings
    python3 - "$T/stats.json" $((4 * RUNS * N)) <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["cvms"][0]
n = int(sys.argv[2])
hc = c["hostcalls"]
total = sum(hc.values())
top = sorted(hc.items(), key=lambda kv: -kv[1])[:6]
print("redis hostcalls per request: %.2f (%s)" % (total / n, ", ".join("%s %.2f" % (k, v / n) for k, v in top)))
PY
else
    echo "redis: skipped (make servers; redis-tools)"
fi

# nginx: wrk, keep-alive, 1 KiB and 1 MiB static files (sendfile on)
if [ -x "$PROG/cvm/nginx" ] && [ -x "$PROG/native/nginx" ] && command -v wrk >/dev/null; then
    for d in "$T/nroot" "$T/nnative"; do
        mkdir -p "$d/html" "$d/tmp" "$d/etc"
        echo "root:x:0:0:root:/root:/bin/sh" >"$d/etc/passwd"
        echo "root:x:0:" >"$d/etc/group"
    done
    head -c 1024 /dev/urandom >"$T/nroot/html/1k"
    head -c $((1 << 20)) /dev/urandom >"$T/nroot/html/1m"
    cp "$T/nroot/html/"* "$T/nnative/html/"
    nconf() { printf 'master_process off;\ndaemon off;\nuser root root;\nworker_processes 1;\nerror_log stderr error;\npid %s;\nevents { worker_connections 1024; }\nhttp { access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000; client_body_temp_path %s; server { listen %s; root %s; } }\n' "$@"; }
    nconf /nginx.pid /tmp 127.0.0.1:8080 /html >"$T/nroot/nginx.conf"
    nconf "$T/nnative/nginx.pid" "$T/nnative/tmp" "127.0.0.1:$((port + 3))" "$T/nnative/html" >"$T/nnative/nginx.conf"
    "$BIN/intravisor" run --root "$T/nroot" --rw --publish "$((port + 2)):8080" "$PROG/cvm/nginx" -p / -c /nginx.conf \
        >/dev/null 2>&1 &
    ncpid=$!
    pids+=($!)
    "$PROG/native/nginx" -p "$T/nnative" -c "$T/nnative/nginx.conf" >/dev/null 2>&1 &
    nnpid=$!
    pids+=($!)
    sleep 1
    # one_wrk PORT PID FILE -> "requests/s bytes/s CPU-us-per-request"
    one_wrk() {
        local c0 c1 r b
        c0=$(cpu_ticks "$2")
        wrk -t 2 -c 50 -d "${WRK_SECONDS:-5}" "http://127.0.0.1:$1/$3" 2>/dev/null |
            awk '/^Requests\/sec/ { r = $2 } /^Transfer\/sec/ { b = $2 } END { print r, b }' >"$T/wrk"
        c1=$(cpu_ticks "$2")
        read -r r b <"$T/wrk"
        echo "$r $b $(echo "scale=2; ($c1 - $c0) * 1000000 / $HZ / ($r * ${WRK_SECONDS:-5})" | bc)"
    }
    for f in 1k 1m; do
        for i in $(seq "$RUNS"); do # taking turns, as for Redis
            echo "c $(one_wrk $((port + 2)) $ncpid $f)"
            echo "n $(one_wrk $((port + 3)) $nnpid $f)"
        done >"$T/wrk.all"
        # the run with the median requests/s, and the median CPU per request
        read -r cr cb < <(awk '$1 == "c" { print $2, $3 }' "$T/wrk.all" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
        read -r nr nb < <(awk '$1 == "n" { print $2, $3 }' "$T/wrk.all" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
        cc=$(awk '$1 == "c" { print $4 }' "$T/wrk.all" | med)
        nc=$(awk '$1 == "n" { print $4 }' "$T/wrk.all" | med)
        printf "nginx %s keep-alive, wrk 2 threads 50 connections: cVM %s req/s (%s/s), native %s req/s (%s/s), ratio %sx (target 0.90); server CPU %s / %s us per request, %sx\n" \
            "$f" "$cr" "$cb" "$nr" "$nb" "$(ratio "$cr" "$nr")" "$cc" "$nc" "$(ratio "$cc" "$nc")"
    done
    kill "$ncpid" "$nnpid" 2>/dev/null
    wait "$ncpid" "$nnpid" 2>/dev/null
    # Hostcalls per 1 KiB request, by call: the same nginx under
    # `intravisor up --stats` for a short run (not timed), stopped with
    # SIGTERM so that the statistics are written.
    cat >"$T/n.yaml" <<Y
cvms:
  - name: nginx
    runtime: $PROG/cvm/nginx
    args: [-p, /, -c, /nginx.conf]
    root: $T/nroot
    rw: true
    net: {publish: ["$((port + 4)):8080"]}
    stdout: null
    stderr: null
Y
    "$BIN/intravisor" up --stats "$T/nstats.json" "$T/n.yaml" >/dev/null 2>&1 &
    nupid=$!
    pids+=($!)
    sleep 1
    nreq=$(wrk -t 2 -c 50 -d 2 "http://127.0.0.1:$((port + 4))/1k" 2>/dev/null | awk '/requests in/ { print $1 }')
    kill -TERM "$nupid" 2>/dev/null
    wait "$nupid" 2>/dev/null
    if [ -n "$nreq" ] && [ -s "$T/nstats.json" ]; then
        python3 - "$T/nstats.json" "$nreq" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["cvms"][0]
n = int(sys.argv[2])
hc = c["hostcalls"]
top = sorted(hc.items(), key=lambda kv: -kv[1])[:9]
print("nginx 1k hostcalls per request: %.2f (%s; %d requests)" % (sum(hc.values()) / n, ", ".join("%s %.2f" % (k, v / n) for k, v in top), n))
PY
    else
        echo "nginx 1k hostcalls per request: no statistics"
    fi
else
    echo "nginx: skipped (make servers; wrk)"
fi

# What one system call costs as a hostcall: the calls a server makes per
# request, in a loop, natively and from a cVM (best of 5 rounds each).
if "$BIN/ivcc" -O2 "$ROOT/bench/hostcall_io.c" -o "$T/hio" && gcc -O2 "$ROOT/bench/hostcall_io.c" -o "$T/hion"; then
    mkdir -p "$T/hroot"
    (cd "$T/hroot" && "$T/hion") >"$T/hio.n" && "$BIN/intravisor" run --root "$T/hroot" --rw "$T/hio" >"$T/hio.c"
    paste -d' ' "$T/hio.n" "$T/hio.c" | while read -r name n _ c; do
        printf "hostcall %-22s native %5s ns, cVM %5s ns, +%s ns, ratio %sx\n" "$name" "$n" "$c" $((c - n)) "$(ratio "$c" "$n")"
    done
fi

"$BIN/ivcc" -O2 "$ROOT/bench/net_bench.c" -o "$T/nb" && gcc -O2 "$ROOT/bench/net_bench.c" -o "$T/nbn" || exit 0
K=${NET_BENCH_CONNS:-5000} R=${NET_BENCH_PINGS:-50000}
cvm_pair() { # cvm_pair SERVERMODE CLIENTMODE N PORT
    "$BIN/intravisor" run-multi --name s --listen "tcp:127.0.0.1:$4" "$T/nb" "$1" "$4" "$3" \
        ::: --name c --connect "tcp:127.0.0.1:$4" "$T/nb" "$2" "$4" "$3" | awk '/connections|round/ { print $1 }'
}
native_pair() {
    "$T/nbn" "$1" "$4" "$3" &
    "$T/nbn" "$2" "$4" "$3" | awk '{ print $1 }'
    wait
}
p=$((port + 10))
cc=$(for i in $(seq "$RUNS"); do p=$((p + 2)); cvm_pair accept connect "$K" "$p"; done | med)
cn=$(for i in $(seq "$RUNS"); do p=$((p + 2)); native_pair accept connect "$K" "$p"; done | med)
printf "tcp connect+accept+close, two cVMs: %.0f/s, two processes: %.0f/s, ratio %sx\n" "$cc" "$cn" "$(ratio "$cc" "$cn")"
pc=$(for i in $(seq "$RUNS"); do p=$((p + 2)); cvm_pair pong ping "$R" "$p"; done | med)
pn=$(for i in $(seq "$RUNS"); do p=$((p + 2)); native_pair pong ping "$R" "$p"; done | med)
printf "tcp 1-byte ping-pong round trip, two cVMs: %s us, two processes: %s us, ratio %sx\n" "$pc" "$pn" "$(ratio "$pn" "$pc")"
