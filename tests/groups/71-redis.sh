#!/bin/bash
# Redis 7.0 (Debian's source, built by `make programs` with ivcc and
# natively with gcc) as a cVM: redis-cli drives the cVM server through a
# published port and the native server on loopback with the same commands;
# the answers must be the same.  SAVE writes dump.rdb into the cVM's root;
# BGSAVE and BGREWRITEAOF (fork) answer an error and the server lives on.
# A short redis-benchmark run checks pipelined traffic (not timed: make
# bench measures).  Loopback only; every wait is bounded.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
T=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
if ! command -v redis-cli >/dev/null || ! command -v redis-benchmark >/dev/null; then
    fail redis-tools "redis-cli/redis-benchmark missing (scripts/install-deps.sh installs redis-tools)"
    exit 0
fi
if make -s -j2 servers >"$T/build.log" 2>&1; then
    pass redis-build
else
    fail redis-build "$(grep -m3 -iE 'error' "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
C=build/programs/cvm/redis-server N=build/programs/native/redis-server
BASE=$((20000 + RANDOM % 12000)) # below the ephemeral range (32768-)
PC=$BASE PN=$((BASE + 1))
mkdir -p "$T/root" "$T/native"
timeout 120 "$BIN/intravisor" run --root "$T/root" --rw --publish "$PC:6379" "$C" --port 6379 --bind 127.0.0.1 \
    --dir / --save "" >"$T/cvm.log" 2>&1 &
pids+=($!)
cvm_pid=$!
(cd "$T/native" && exec timeout 120 "$OLDPWD/$N" --port "$PN" --bind 127.0.0.1 --dir "$T/native" --save "" \
    >"$T/native.log" 2>&1) &
pids+=($!)
up() { for i in $(seq 100); do [ "$(redis-cli -p "$1" ping 2>/dev/null)" = PONG ] && return 0; sleep 0.1; done; return 1; }
up "$PC" && pass redis-cvm-up || fail redis-cvm-up "$(tail -5 "$T/cvm.log" | tr '\n' '|')"
up "$PN" && pass redis-native-up || fail redis-native-up "$(tail -5 "$T/native.log" | tr '\n' '|')"

cat >"$T/cmds" <<'CMDS'
SET greeting hello
GET greeting
APPEND greeting ", world"
STRLEN greeting
GETRANGE greeting 0 4
INCR counter
INCRBY counter 41
DECR counter
INCRBYFLOAT f 1.5
MSET a 1 b 2 c 3
MGET a b c missing
SETNX a 9
EXISTS a missing
DEL c
LPUSH list x y z
RPUSH list w
LRANGE list 0 -1
LPOP list
LLEN list
LINDEX list 1
SADD set m n o m
SCARD set
SISMEMBER set n
HSET h f1 v1 f2 v2
HGET h f2
HLEN h
HINCRBY h n 5
ZADD z 1 one 2 two 3 three
ZRANGE z 0 -1 WITHSCORES
ZSCORE z two
ZRANK z three
SET tmp v EX 100
TTL tmp
PERSIST tmp
TTL tmp
TYPE list
TYPE h
EVAL "return redis.call('incr', KEYS[1]) * 2" 1 counter
XADD s 1-1 k v
XLEN s
DBSIZE
SELECT 1
DBSIZE
SELECT 0
OBJECT ENCODING list
GET nosuchkey
WRONGCMD
LPUSH greeting x
CMDS
redis-cli -p "$PC" <"$T/cmds" >"$T/cvm.out" 2>&1
redis-cli -p "$PN" <"$T/cmds" >"$T/native.out" 2>&1
n=$(wc -l <"$T/native.out")
if [ "$n" -gt 40 ] && diff "$T/native.out" "$T/cvm.out" >"$T/diff"; then
    pass "redis-same-answers-as-native ($n lines)"
else
    fail redis-same-answers-as-native "$n lines; $(head -c 500 "$T/diff" | tr '\n' '|')"
fi
sorted() { redis-cli -p "$1" keys '*' | sort | tr '\n' ' '; }
[ "$(sorted "$PC")" = "$(sorted "$PN")" ] && pass redis-same-keys || fail redis-same-keys "$(sorted "$PC") vs $(sorted "$PN")"

# persistence: SAVE into the root; fork-based features answer an error
[ "$(redis-cli -p "$PC" save)" = OK ] && [ -s "$T/root/dump.rdb" ] && pass redis-save-writes-into-root ||
    fail redis-save-writes-into-root "$(ls -la "$T/root" | tr '\n' '|')"
r=$(redis-cli -p "$PC" bgsave 2>&1)
case "$r" in ERR*|*rror*) pass "redis-bgsave-clean-error" ;; *) fail redis-bgsave-clean-error "answer: $r" ;; esac
r=$(redis-cli -p "$PC" bgrewriteaof 2>&1)
case "$r" in ERR*|*rror*) pass "redis-bgrewriteaof-clean-error" ;; *) fail redis-bgrewriteaof-clean-error "answer: $r" ;; esac
[ "$(redis-cli -p "$PC" get greeting)" = "hello, world" ] && pass redis-alive-after-fork-errors ||
    fail redis-alive-after-fork-errors "$(tail -3 "$T/cvm.log" | tr '\n' '|')"

# pipelined traffic from 50 clients
out=$(timeout 60 redis-benchmark -p "$PC" -c 50 -n 20000 -P 16 -t set,get --csv 2>&1)
[ "$(echo "$out" | grep -cE '^"(SET|GET)","[0-9.]+"')" = 2 ] && pass "redis-benchmark-runs" ||
    fail redis-benchmark-runs "$out"
[ "$(redis-cli -p "$PC" dbsize)" -gt 0 ] && pass redis-alive-after-benchmark || fail redis-alive-after-benchmark "dead"

redis-cli -p "$PC" shutdown nosave >/dev/null 2>&1
redis-cli -p "$PN" shutdown nosave >/dev/null 2>&1
wait "$cvm_pid"
rc=$?
[ $rc -eq 0 ] && pass redis-cvm-shutdown-status || fail redis-cvm-shutdown-status "status $rc: $(tail -3 "$T/cvm.log" | tr '\n' '|')"
! grep -q "intravisor:" "$T/cvm.log" && pass redis-no-monitor-complaints ||
    fail redis-no-monitor-complaints "$(grep intravisor: "$T/cvm.log" | head -3 | tr '\n' '|')"

# A graceful stop, as `podman stop` makes one: SIGTERM to the monitor
# reaches Redis's own handler, which saves (a save point is set) and
# exits 0; a new server loads what was saved.
rm -f "$T/root/dump.rdb"
P2=$((BASE + 2))
"$BIN/intravisor" run --timeout 60 --root "$T/root" --rw --publish "$P2:6379" "$C" --port 6379 --bind 127.0.0.1 \
    --dir / --save "3600 1" >"$T/term.log" 2>&1 &
tpid=$!
if up "$P2" && [ "$(redis-cli -p "$P2" set kept-by-sigterm yes)" = OK ]; then
    kill -TERM "$tpid"
    wait "$tpid"
    rc=$?
    [ $rc -eq 0 ] && [ -s "$T/root/dump.rdb" ] && grep -q 'Received SIGTERM' "$T/term.log" &&
        pass redis-sigterm-saves-and-exits-0 ||
        fail redis-sigterm-saves-and-exits-0 "status $rc: $(grep -iE 'sigterm|sav|intravisor' "$T/term.log" | head -5 | tr '\n' '|')"
    "$BIN/intravisor" run --timeout 60 --root "$T/root" --rw --publish "$P2:6379" "$C" --port 6379 --bind 127.0.0.1 \
        --dir / --save "" >"$T/term2.log" 2>&1 &
    tpid=$!
    up "$P2" && [ "$(redis-cli -p "$P2" get kept-by-sigterm)" = yes ] && pass redis-sigterm-data-loaded-again ||
        fail redis-sigterm-data-loaded-again "$(tail -3 "$T/term2.log" | tr '\n' '|')"
    redis-cli -p "$P2" shutdown nosave >/dev/null 2>&1
    wait "$tpid"
else
    fail redis-sigterm-saves-and-exits-0 "the server did not start: $(tail -3 "$T/term.log" | tr '\n' '|')"
fi
