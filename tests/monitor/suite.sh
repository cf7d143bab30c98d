#!/bin/bash
# The monitor test suite: suite.sh INTRAVISOR PREFIX.  Prints PASS/FAIL
# lines (tests/lib.sh) named PREFIX-NAME.  Used by tests/groups/40-monitor*.sh.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
IV=$1
P=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if ! bash "$ROOT/tests/monitor/build.sh" "$T/bin" >"$T/build.log" 2>&1; then
    fail "$P-build" "$(tail -5 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
pass "$P-build"
B=$T/bin

# expect NAME WANT-STATUS CHECK -- MONITOR-ARGS...: runs the monitor with
# output in $T/NAME.{out,err}; PASS if it exits WANT-STATUS and the shell
# condition CHECK holds.
expect() {
    local name=$1 want=$2 check=$3
    shift 4
    timeout 60 "$IV" "$@" >"$T/$name.out" 2>"$T/$name.err" </dev/null
    local rc=$?
    if [ "$rc" -eq "$want" ] && eval "$check"; then
        pass "$P-$name"
    else
        fail "$P-$name" "status $rc (want $want); out: $(head -c 300 "$T/$name.out" | tr '\n' '|') ... $(tail -c 300 "$T/$name.out" | tr '\n' '|') ($(wc -l <"$T/$name.out") lines) err: $(head -c 600 "$T/$name.err" | tr '\n' '|')"
    fi
}
has() { grep -q -- "$2" "$T/$1.$3"; } # has NAME PATTERN out|err

# --- running -----------------------------------------------------------
expect hello 0 "has hello '^hello from hello\$' out && has hello '^argv: .*/hello\$' out &&
    ! has hello '^env:' out && [ ! -s \"\$T/hello.err\" ]" -- run "$B/hello"

expect args-env-status 42 "has args-env-status '^hello from box1\$' out &&
    has args-env-status '^argv: 42\$' out && has args-env-status '^argv: x y\$' out &&
    has args-env-status '^env: A=1\$' out && has args-env-status '^env: B=two=2\$' out" \
    -- run --name box1 --env A=1 --env B=two=2 "$B/hello" 42 "x y"

expect refuse-bad-image 1 "has refuse-bad-image '^$B/bad-syscall: 0x[0-9a-f]*: syscall: ' err &&
    [ ! -s \"\$T/refuse-bad-image.out\" ]" -- run "$B/bad-syscall"
# The image cache (core/imgcache.c) is keyed by the bytes' SHA-256: bytes
# that differ from a verified image in one instruction are verified again
# (and refused), never served from the cache; identical bytes are served.
cp "$B/hello" "$B/hello-copy"
expect cache-refuses-changed 1 "has cache-refuses-changed '^$B/bad-syscall: 0x[0-9a-f]*: syscall: ' err" \
    -- run-multi --name a "$B/hello" ::: --name b "$B/bad-syscall"
expect cache-serves-same 0 "has cache-serves-same '^cvm a status 0\$' out && has cache-serves-same '^cvm b status 0\$' out" \
    -- run-multi --name a "$B/hello" ::: --name b "$B/hello-copy"
expect missing-image 1 true -- run "$T/does-not-exist"
expect object-not-image 1 "has object-not-image 'cannot load: not an x86-64 static-PIE ELF' err" -- run "$B/hello.o"
expect usage 2 true -- run --mem
expect bad-mem 2 true -- run --mem 12Q "$B/hello"

# --- hostcalls ---------------------------------------------------------
expect hostcall-bad-pointers 0 "has hostcall-bad-pointers '^badptr ok\$' out" -- run "$B/badptr"
# Which region a cVM gets: the low one (base 0) for the cVM of `run` and the
# first of several, an arena region otherwise and with IV_LOW_REGION=off.
# ASan's shadow occupies the low 4 GiB, so the sanitizer monitor has none.
if [ "$P" = monitor ]; then
    expect region-low 0 "has region-low '^region low\$' out" -- run "$B/base"
    IV_LOW_REGION=off expect region-low-off 0 "has region-low-off '^region arena\$' out" -- run "$B/base"
    expect region-second-arena 0 "[ \$(grep -c '^region low\$' \"\$T/region-second-arena.out\") -eq 1 ] &&
        [ \$(grep -c '^region arena\$' \"\$T/region-second-arena.out\") -eq 1 ]" -- run-multi --name a "$B/base" ::: --name b "$B/base"
fi
# The same in the arena's first region and beside a cVM in the low region
# (B = 0, core/arena.c), whose memory it must not reach either.
IV_LOW_REGION=off expect hostcall-bad-pointers-arena 0 "has hostcall-bad-pointers-arena '^badptr ok\$' out" -- run "$B/badptr"
expect hostcall-bad-pointers-beside-low 0 "has hostcall-bad-pointers-beside-low '^badptr ok\$' out &&
    has hostcall-bad-pointers-beside-low '^cvm second status 0\$' out" -- run-multi --name first "$B/canary" 50 ::: --name second "$B/badptr"
expect reserve-not-charged 0 "has reserve-not-charged '^reserve ok\$' out" -- run --mem 64M "$B/reserve"
expect madvise 0 "has madvise '^advise ok\$' out" -- run --mem 64M "$B/advise"
# The advice reaches the kernel: the held 8 MiB are transparent huge pages
# (where the kernel offers them to advised mappings), unless the cVM is
# set to small pages (run --huge-pages off, YAML huge_pages: false).
# held_huge_kb NAME MONITOR-ARGS...: the monitor's AnonHugePages (kB) while
# `advise hold` holds its memory; sets rc to the monitor's status.
held_huge_kb() {
    local name=$1
    shift
    timeout 20 "$IV" "$@" >"$T/$name.out" 2>"$T/$name.err" </dev/null &
    local hold=$!
    for _ in $(seq 100); do grep -q '^ready$' "$T/$name.out" && break; sleep 0.1; done
    kb=$(awk '/^AnonHugePages:/ {print $2}' "/proc/$(pgrep -P $hold | head -1)/smaps_rollup" 2>/dev/null)
    wait $hold
    rc=$?
}
if [ "$P" = monitor ]; then
    if grep -q '\[never\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null ||
        [ ! -e /sys/kernel/mm/transparent_hugepage/enabled ]; then
        echo "SKIP $P-madvise-huge-pages: transparent huge pages are off on this kernel"
    else
        held_huge_kb hold run --mem 64M "$B/advise" hold
        if [ "$rc" -eq 0 ] && [ "${kb:-0}" -ge 4096 ]; then
            pass "$P-madvise-huge-pages"
        else
            fail "$P-madvise-huge-pages" "status $rc, AnonHugePages ${kb:-?} kB (want >= 4096); $(head -c 300 "$T/hold.out" "$T/hold.err" | tr '\n' '|')"
        fi
        held_huge_kb hold-small run --huge-pages off --mem 64M "$B/advise" hold
        if [ "$rc" -eq 0 ] && [ -n "$kb" ] && [ "$kb" -lt 2048 ]; then
            pass "$P-madvise-small-pages-run"
        else
            fail "$P-madvise-small-pages-run" "status $rc, AnonHugePages ${kb:-?} kB (want < 2048); $(head -c 300 "$T/hold-small.out" "$T/hold-small.err" | tr '\n' '|')"
        fi
        printf 'cvms:\n  - name: small\n    runtime: %s\n    args: [hold]\n    memory: 64M\n    huge_pages: false\n' \
            "$B/advise" >"$T/small.yaml"
        held_huge_kb hold-yaml up "$T/small.yaml"
        if [ "$rc" -eq 0 ] && [ -n "$kb" ] && [ "$kb" -lt 2048 ] && grep -q '^ready$' "$T/hold-yaml.out"; then
            pass "$P-madvise-small-pages-yaml"
        else
            fail "$P-madvise-small-pages-yaml" "status $rc, AnonHugePages ${kb:-?} kB (want < 2048); $(head -c 300 "$T/hold-yaml.out" "$T/hold-yaml.err" | tr '\n' '|')"
        fi
    fi
fi
# At the mapping limit: splits refused and nothing changed, whole mappings
# still given back (tests/monitor/maplimit.c).
printf 'cvms:\n  - {name: maplimit, runtime: %s, mappings: 64}\n' "$B/maplimit" >"$T/maplimit.yaml"
expect mapping-limit-splits 0 "has mapping-limit-splits '^maplimit ok\$' out" -- up "$T/maplimit.yaml"
# Random mapping changes at a small limit (tests/monitor/maprand.c): the
# kernel's mappings in the cVM's reservation never pass what its share
# pays for (2 per entry of `mappings: 64`, 8 for the region, 3 per thread
# of `threads: 1` and the main one), and the cVM did reach its limit.
for seed in a b; do
    printf 'cvms:\n  - {name: maprand, runtime: %s, args: [%s], mappings: 64, threads: 1}\n' "$B/maprand" $seed >"$T/maprand.yaml"
    timeout 60 "$IV" up "$T/maprand.yaml" >"$T/maprand.out" 2>"$T/maprand.err" </dev/null &
    hold=$!
    for _ in $(seq 300); do grep -q '^ready$' "$T/maprand.out" && break; sleep 0.1; done
    vmas=0
    if read -r lo hi < <(sed -n 's/^range //p' "$T/maprand.out") && [ -n "$hi" ]; then
        lo=$((16#$lo)) hi=$((16#$hi))
        while read -r r _; do
            s=$((16#${r%-*})) e=$((16#${r#*-}))
            [ $s -lt $hi ] && [ $e -gt $lo ] && vmas=$((vmas + 1))
        done <"/proc/$(pgrep -P $hold | head -1)/maps"
    fi
    wait $hold
    rc=$?
    entries=$(grep -cE '^[0-9a-f]+-[0-9a-f]+ [r-][w-][x-][ps] ' "$T/maprand.out")
    if [ $rc -eq 0 ] && [ $vmas -gt 0 ] && [ $vmas -le $((2 * 64 + 8 + 3 * 2)) ] && [ "$entries" -ge 64 ]; then
        pass "$P-mapping-limit-random-$seed"
    else
        fail "$P-mapping-limit-random-$seed" "status $rc, $vmas kernel mappings in the reservation (limit $((2 * 64 + 8 + 3 * 2))), $entries entries (want >= 64); $(head -c 300 "$T/maprand.err" | tr '\n' '|')"
    fi
done
expect huge-pages-bad-value 2 "has huge-pages-bad-value \"bad --huge-pages 'maybe'\" err" -- run --huge-pages maybe "$B/hello"
expect memory-budget 0 "n=\$(sed -n 's/^chunks //p' \"\$T/memory-budget.out\") && [ -n \"\$n\" ] &&
    [ \"\$n\" -ge 4 ] && [ \"\$n\" -le 7 ]" -- run --mem 8M "$B/budget"
IV_GSBASE=arch_prctl expect gsbase-arch-prctl-fallback 0 "has gsbase-arch-prctl-fallback '^counter 16000\$' out" \
    -- run "$B/threads" 16
expect threads-64-futex 0 "has threads-64-futex '^counter 64000\$' out" -- run "$B/threads" 64
# Fast returns (core/loader.c): `push %r11; ret` while the cVM has one
# thread, its code copied (run) or mapped from the image's fast template
# (run-multi); the masked jump again for good before a second thread; the
# masked jump throughout with IV_FAST_RETURNS=off.  A thread racing the
# return slot can then only send the cVM to the right place (masked), never
# out of its region (a `ret` left behind: "fault in monitor code").
expect fastret-look 0 "has fastret-look '^returns fast\$' out" -- run "$B/fastret" look
IV_FAST_RETURNS=off expect fastret-off 0 "has fastret-off '^returns masked\$' out" -- run "$B/fastret" look
expect fastret-thread 0 "has fastret-thread '^before fast\$' out && has fastret-thread '^after masked\$' out" \
    -- run "$B/fastret" thread
expect fastret-template 0 "has fastret-template '^before fast\$' out && has fastret-template '^after masked\$' out &&
    has fastret-template '^returns fast\$' out && has fastret-template '^cvm b status 0\$' out" \
    -- run-multi --name a "$B/fastret" thread ::: --name b "$B/fastret" look
expect fastret-capfile 0 "has fastret-capfile '^before fast\$' out && has fastret-capfile '^after masked\$' out" \
    -- run "$B/fastret" capfile
expect fastret-callee 0 "has fastret-callee '^before fast\$' out && has fastret-callee '^after masked\$' out" \
    -- run "$B/fastret" callee
expect fastret-busy 0 "has fastret-busy '^before fast\$' out && has fastret-busy '^after masked\$' out" \
    -- run "$B/fastret" busy
expect fastret-resume 0 "has fastret-resume '^before fast\$' out && has fastret-resume '^after masked\$' out &&
    has fastret-resume '^calm fast\$' out && has fastret-resume '^thread masked\$' out" -- run "$B/fastret" resume
expect fastret-resume-template 0 "has fastret-resume-template '^after masked\$' out &&
    has fastret-resume-template '^calm fast\$' out && has fastret-resume-template '^thread masked\$' out &&
    has fastret-resume-template '^cvm b status 0\$' out" \
    -- run-multi --name a "$B/fastret" resume ::: --name b "$B/fastret" look
expect fastret-flap 0 "has fastret-flap '^round 01 fast\$' out && has fastret-flap '^round 08 fast\$' out &&
    has fastret-flap '^round 09 masked\$' out && has fastret-flap '^round 10 masked\$' out" -- run "$B/fastret" flap
expect fastret-race 0 "has fastret-race '^race done\$' out && ! has fastret-race FATAL err" -- run "$B/fastret" race
IV_LOW_REGION=off expect fastret-race-arena 0 "has fastret-race-arena '^race done\$' out && ! has fastret-race-arena FATAL err" \
    -- run "$B/fastret" race

expect hostcall-misc 0 "has hostcall-misc '^calls ok\$' out" -- run --name misc-name "$B/misc" calls
expect thread-fault-ends-cvm 132 "! has thread-fault-ends-cvm 'main survived' out &&
    has thread-fault-ends-cvm 'SIGILL (signal 4) in thread 2 at pc image+0x' err" -- run "$B/misc" thread-fault
expect thread-calls-exit 7 true -- run "$B/misc" thread-exit
expect thread-churn 0 "has thread-churn '^churn ok\$' out" -- run "$B/misc" churn
expect all-threads-exit 0 "has all-threads-exit '^last thread out\$' out" -- run "$B/misc" all-exit
expect mprotect-readonly-fault 139 "has mprotect-readonly-fault 'SIGSEGV' err" -- run "$B/misc" mprotect-fault

# an ordinary musl program, when the cVM sysroot has been built
if [ -f "$ROOT/build/sysroot/lib/libc.a" ]; then
    if "$ROOT/build/bin/ivcc" -O2 -pthread -o "$T/pthreads" "$ROOT/tests/monitor/musl/pthreads.c" >"$T/musl.log" 2>&1; then
        expect musl-pthreads 5 "has musl-pthreads '^musl argc=2 X=yes\$' out && has musl-pthreads '^counter=80000\$' out" \
            -- run --env X=yes "$T/pthreads" 5
    else
        fail "$P-musl-pthreads" "build: $(head -3 "$T/musl.log" | tr '\n' ' ')"
    fi
    # hostcalls racing with munmap and dup2 in other threads, after a
    # single-threaded start (the lock-free paths of monitor/core/cvm.h)
    if "$ROOT/build/bin/ivcc" -O2 -pthread -o "$T/races" "$ROOT/tests/monitor/musl/races.c" >"$T/races.log" 2>&1; then
        expect musl-races 0 "has musl-races '^races ok\$' out" -- run "$T/races"
    else
        fail "$P-musl-races" "build: $(head -3 "$T/races.log" | tr '\n' ' ')"
    fi
fi

# --- faults: the faulting cVM ends with a report; its neighbour is fine --
for spec in guard-low:SEGV guard-high:SEGV unmapped:SEGV stack:SEGV ud2:ILL int3:TRAP div0:FPE \
    jump-data:SEGV rt-write:SEGV code-write:SEGV; do
    kind=${spec%:*}
    sig=${spec#*:}
    st=$((128 + $(kill -l "$sig")))
    n=fault-$kind
    expect "$n" 0 "has $n '^cvm bad-$kind status $st\$' out && has $n '^cvm good status 0\$' out &&
        has $n '^canary ok\$' out && ! has $n survived out &&
        has $n '^intravisor: cvm bad-$kind: SIG$sig (signal [0-9]*) in thread 1 at pc image+0x[0-9a-f]*, fault address ' err" \
        -- run-multi --name "bad-$kind" "$B/fault" "$kind" ::: --name good "$B/canary" 300
done
expect fault-none 0 "has fault-none '^survived\$' out" -- run "$B/fault" none

# several well-behaved cVMs in one monitor
expect multi-cvm 0 "has multi-cvm '^cvm a status 3\$' out && has multi-cvm '^cvm b status 0\$' out &&
    has multi-cvm '^cvm c status 0\$' out && has multi-cvm '^counter 8000\$' out" \
    -- run-multi --name a "$B/hello" 3 ::: --name b "$B/threads" 8 ::: --name c "$B/canary" 50

# --- perf map: IV_PERF_MAP=1 names the functions of cVM images for perf --
if [ "$P" = monitor ]; then
    rm -f "$T"/perf-*.map
    IV_PERF_MAP=1 "$IV" run "$B/hello" >"$T/pm.out" 2>"$T/pm.err" &
    pmpid=$!
    wait $pmpid
    pm=/tmp/perf-$pmpid.map
    # main's line: hex address inside a region (the image is at region offset 2 MiB), hex size, name
    if [ -s "$pm" ] && grep -Eq '^[0-9a-f]*[23][0-9a-f]{5} [0-9a-f]+ main$' "$pm" &&
        [ "$(awk '{print NF}' "$pm" | sort -u)" = 3 ] && ! grep -q FATAL "$T/pm.err"; then
        pass "$P-perf-map"
    else
        fail "$P-perf-map" "$(head -c 300 "$pm" 2>&1 | tr '\n' '|') err: $(head -c 200 "$T/pm.err")"
    fi
    rm -f "$pm"
    IV_PERF_MAP=0 "$IV" run "$B/hello" >/dev/null 2>&1 &
    pmpid=$!
    wait $pmpid
    [ ! -e "/tmp/perf-$pmpid.map" ] && pass "$P-perf-map-off-by-default" || fail "$P-perf-map-off-by-default" "map written"
fi

# --- seccomp: the real filter, driven by a native harness --------------
if [ "$P" = monitor ]; then
    sw() { "$B/seccomp_wall" "$1" >/dev/null 2>"$T/sw-$1.err"; echo $?; }
    # The first region is the low one (base 0, core/arena.c) where the low
    # 4 GiB are free; IV_LOW_REGION=off: the arena's.
    [ "$(sw arena)" -eq $((128 + $(kill -l SYS))) ] && pass "$P-seccomp-kills-syscall-from-region" ||
        fail "$P-seccomp-kills-syscall-from-region" "not killed by SIGSYS"
    [ "$(IV_LOW_REGION=off sw arena)" -eq $((128 + $(kill -l SYS))) ] && pass "$P-seccomp-kills-syscall-from-arena" ||
        fail "$P-seccomp-kills-syscall-from-arena" "not killed by SIGSYS"
    # Wall 1 is syscall user dispatch here (Linux >= 5.11, arena below the
    # monitor's code); the filter's own PC test is kept for where it is not.
    [ "$("$B/seccomp_wall" mode 2>/dev/null)" = dispatch ] && pass "$P-wall1-is-syscall-dispatch" ||
        fail "$P-wall1-is-syscall-dispatch" "mode: $("$B/seccomp_wall" mode 2>&1)"
    grep -q 'killed by wall 1' "$T/sw-arena.err" && pass "$P-wall1-dispatch-reports" ||
        fail "$P-wall1-dispatch-reports" "$(cat "$T/sw-arena.err")"
    [ "$(IV_SYSCALL_DISPATCH=off sw arena)" -eq $((128 + $(kill -l SYS))) ] &&
        [ "$(IV_SYSCALL_DISPATCH=off "$B/seccomp_wall" mode 2>/dev/null)" = filter ] &&
        pass "$P-seccomp-pc-test-kills-syscall" || fail "$P-seccomp-pc-test-kills-syscall" "not killed by SIGSYS"
    [ "$(IV_SYSCALL_DISPATCH=off IV_LOW_REGION=off sw arena)" -eq $((128 + $(kill -l SYS))) ] &&
        pass "$P-seccomp-pc-test-kills-syscall-arena" || fail "$P-seccomp-pc-test-kills-syscall-arena" "not killed by SIGSYS"
    [ "$(sw forbidden)" -eq 134 ] && grep -q 'forbidden system call 101' "$T/sw-forbidden.err" &&
        pass "$P-seccomp-traps-ptrace" || fail "$P-seccomp-traps-ptrace" "$(cat "$T/sw-forbidden.err")"
    [ "$(sw open)" -eq 0 ] && pass "$P-seccomp-open-fails-eacces" ||
        fail "$P-seccomp-open-fails-eacces" "$(cat "$T/sw-open.err")"
    [ "$(sw exec)" -eq 134 ] && pass "$P-seccomp-traps-exec-outside-arena" ||
        fail "$P-seccomp-traps-exec-outside-arena" "$(cat "$T/sw-exec.err")"
    [ "$(sw every)" -eq 0 ] && pass "$P-seccomp-tree-matches-list" ||
        fail "$P-seccomp-tree-matches-list" "$(head -c 600 "$T/sw-every.err")"
    [ "$(sw allowed)" -eq 0 ] && pass "$P-seccomp-allows-monitor-calls" ||
        fail "$P-seccomp-allows-monitor-calls" "$(cat "$T/sw-allowed.err")"
fi

# many cVMs with threads side by side (new malloc arenas under seccomp)
many=()
for i in $(seq 24); do many+=(--name m$i "$B/threads" 8 :::); done
expect many-cvms 0 "[ \$(grep -c '^cvm m[0-9]* status 0\$' \"\$T/many-cvms.out\") -eq 24 ] &&
    has many-cvms '^cvm last status 0\$' out" -- run-multi "${many[@]}" --name last "$B/canary" 50

# --- ending cVMs from outside -------------------------------------------
t0=$(date +%s%N)
expect timeout-spin 124 "has timeout-spin 'timeout after 0.5 s' err &&
    [ \$(( (\$(date +%s%N) - t0) / 1000000 )) -lt 5000 ]" -- run --timeout 0.5 "$B/spin"
expect timeout-threads 124 true -- run --timeout 0.5 "$B/spin" 3
expect timeout-multi 0 "has timeout-multi '^cvm s status 124\$' out" -- run-multi --timeout 0.5 --name s "$B/spin" 2

# a thread blocked in a host read(2) is ended by the timeout too
mkfifo "$T/fifo"
exec 3<>"$T/fifo"
timeout 60 "$IV" run --timeout 0.3 "$B/misc" read-block <&3 >"$T/rb.out" 2>"$T/rb.err"
rc=$?
exec 3>&-
[ "$rc" -eq 124 ] && pass "$P-timeout-blocked-read" || fail "$P-timeout-blocked-read" "status $rc; $(cat "$T/rb.err")"

for sig in INT TERM; do
    for thr in 0 3; do
        n=signal-$sig-$thr
        "$IV" run "$B/spin" "$thr" >"$T/$n.out" 2>"$T/$n.err" </dev/null &
        pid=$!
        for _ in $(seq 100); do grep -q spinning "$T/$n.out" && break; sleep 0.05; done
        if [ "$sig$thr" = INT0 ] && [ "$P" = monitor ]; then
            # seccomp is on (mode 2 = filter) while cVMs run
            grep -q '^Seccomp:[[:space:]]*2' "/proc/$pid/status" && pass "$P-seccomp-on" ||
                fail "$P-seccomp-on" "$(grep Seccomp "/proc/$pid/status")"
        fi
        kill -"$sig" "$pid"
        wait "$pid"
        rc=$?
        want=$((128 + $(kill -l "$sig")))
        if [ "$rc" -eq "$want" ] && has "$n" "killed by SIG$sig" err; then
            pass "$P-$n"
        else
            fail "$P-$n" "status $rc want $want; $(tr '\n' ' ' <"$T/$n.err")"
        fi
    done
done
