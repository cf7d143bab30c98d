#!/bin/bash
# YAML deployments: `intravisor up` (docs/config.md).  Fixtures and cVM
# programs are in tests/deploy/; they are copied next to the images they
# name, so relative paths also test resolution against the file's directory.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
IV=$BIN/intravisor
D=$ROOT/tests/deploy
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# --- build the cVMs --------------------------------------------------------
if ! { "$BIN/ivcc" -O2 -pthread "$D/job.c" -o "$T/job" && "$BIN/ivcc" -O2 "$D/big.c" -o "$T/big" &&
    clang -c "$ROOT/examples/escape.S" -o "$T/escape.o" &&
    ld.lld -pie --no-dynamic-linker -z separate-code -z max-page-size=4096 -z noexecstack \
        -e _start "$T/escape.o" -o "$T/escape" && "$BIN/iv-mark" "$T/escape"; } >"$T/build.log" 2>&1; then
    fail deploy-build "$(tail -5 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
pass deploy-build
cp "$D"/*.yaml "$T/"
mkdir -p "$T/out" "$T/rootdir"
echo "from the host" >"$T/rootdir/hello.txt"

# Several cVMs share the monitor's stdout; musl's writev becomes one write
# hostcall per piece (libos), so lines of different cVMs can interleave:
# count occurrences (grep -o), not whole lines.
# up NAME [ARGS...]: runs `intravisor up ARGS` in $T with output in
# $T/NAME.{out,err} and the exit status in $rc.
up() {
    local name=$1
    shift
    (cd "$T" && timeout 60 "${UPBIN:-$IV}" up "$@" >"$T/$name.out" 2>"$T/$name.err" </dev/null)
    rc=$?
}
has() { grep -q -- "$2" "$T/$1.$3"; } # has NAME PATTERN out|err
why() { echo "status $rc; out: $(head -c 400 "$T/$1.out" | tr '\n' '|') err: $(head -c 900 "$T/$1.err" | tr '\n' '|')"; }
ok() { if eval "$2"; then pass "$1"; else fail "$1" "$(why "$1")"; fi; } # ok NAME CONDITION

# --- every key -----------------------------------------------------------
up keys --stats "$T/keys.json" all-keys.yaml
ok keys "[ $rc -eq 0 ] && has keys '^argv\[2\]=list arg\$' out && has keys '^argv\[3\]=42\$' out &&
    has keys '^env A=1\$' out && has keys '^env B=x=y\$' out && ! has keys 'two words' out &&
    has keys 'deployment all-keys.yaml: 4 cVMs, 4 exited 0' err"
ok keys-args-shell-split "grep -qx 'argv\[2\]=two words' $T/out/first.txt && grep -qx 'argv\[3\]=single quoted' $T/out/first.txt &&
    grep -qx 'argv\[4\]=back slash' $T/out/first.txt && grep -qx 'argv\[0\]=job' $T/out/first.txt"
ok keys-env-mapping "grep -qx 'env COLOR=blue' $T/out/first.txt && grep -qx 'env EMPTY=' $T/out/first.txt"
ok keys-stdout-file-stderr-file "grep -qx out $T/out/third.out && grep -qx to-stderr $T/out/third.err && ! has keys to-stderr err"
ok keys-multi-document "has keys '^  third ' err && has keys '^  quiet ' err"
ok keys-stdout-stderr-null "! grep -rq hidden-text $T/keys.out $T/keys.err $T/out && ! has keys '^out\$' out"
up check --check all-keys.yaml
ok keys-check-only "[ $rc -eq 0 ] && has check 'valid: 4 cVMs, 2 capfiles' out && [ ! -s $T/check.err ]"
(cd "$T" && timeout 30 "$IV" run -y all-keys.yaml >"$T/runy.out" 2>"$T/runy.err")
rc=$?
ok runy-alias "[ $rc -eq 0 ] && has runy 'deployment all-keys.yaml: 4 cVMs' err"
up absolute "$T/all-keys.yaml"
ok relative-paths-from-yaml-dir "[ $rc -eq 0 ] && has absolute '4 exited 0' err"

# --- bad files: each error at FILE:LINE:COLUMN, nothing started -------------
badfiles() {
    local tag=$1
    for f in "$T"/bad-*.yaml; do
        local n
        n=$(basename "$f" .yaml)
        up "$n$tag" "$n.yaml"
        local missing=""
        while IFS= read -r want; do
            grep -qxF -- "$n.yaml:$want" "$T/$n$tag.err" || missing="$missing [$want]"
        done < <(sed -n 's/^# expect: //p' "$f")
        # expect-re: for messages holding a number of the build (an image's size)
        while IFS= read -r want; do
            grep -qxE -- "$n\.yaml:$want" "$T/$n$tag.err" || missing="$missing [$want]"
        done < <(sed -n 's/^# expect-re: //p' "$f")
        if [ $rc -eq 2 ] && [ -z "$missing" ] && [ ! -s "$T/$n$tag.out" ] && ! has "$n$tag" deploying err &&
            has "$n$tag" 'nothing was started' err; then
            pass "$n$tag"
        else
            fail "$n$tag" "missing:$missing; $(why "$n$tag")"
        fi
    done
}
badfiles ""
up no-file does-not-exist.yaml
ok missing-file "[ $rc -eq 2 ] && has no-file 'does-not-exist.yaml: cannot open' err"

# --- lifecycle ------------------------------------------------------------
up fault fault.yaml
ok fault-reported-by-name "[ $rc -eq 1 ] && has fault '^intravisor: cvm crasher: SIGSEGV (signal 11) in thread 1' err &&
    [ \$(grep -o 'exiting 0' $T/fault.out | wc -l) -eq 2 ] && grep -Eq '^  crasher +139  fault SIGSEGV' $T/fault.err &&
    grep -Eq '^  healthy-1 +0  exited 0' $T/fault.err && grep -Eq '^  healthy-2 +0  exited 0' $T/fault.err"

up limits --stats "$T/limits.json" limits.yaml
ok limit-memory-enomem "grep -Eqx 'mem: ENOMEM after 1[0-5] MiB \(errno ENOMEM\)' $T/out/mem-limited.txt &&
    grep -qx 'mem: got 64 MiB' $T/out/mem-free.txt"
ok limit-threads-eagain "grep -qx 'threads: 2 started, 6 EAGAIN' $T/out/thr-limited.txt &&
    grep -qx 'threads: 8 started, 0 EAGAIN' $T/out/thr-free.txt"
ok limit-cpu "has limits '^intravisor: cvm cpu-limited: CPU limit of 0.3 s exceeded' err &&
    grep -Eq '^  cpu-limited +152  CPU limit' $T/limits.err && grep -Eq '^  neighbour +0  exited 0' $T/limits.err && grep -qx 'exiting 0' $T/out/neighbour.txt"
ok limit-timeout "has limits '^intravisor: cvm wall-limited: timeout after 0.4 s' err && grep -Eq '^  wall-limited +124  timeout' $T/limits.err"
ok limits-exit-status "[ $rc -eq 1 ] && has limits '7 cVMs, 4 exited 0, 3 did not' err"
ok stats-json "python3 - '$T/limits.json' <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
c = {x['name']: x for x in d['cvms']}
assert len(c) == 7
assert c['cpu-limited']['status'] == 152 and c['cpu-limited']['cpu_seconds'] >= 0.3
assert c['mem-free']['peak_memory'] >= 64 << 20 > c['mem-limited']['peak_memory']
assert c['thr-free']['hostcalls']['thread_create'] == 8
assert c['neighbour']['hostcalls']['nanosleep'] >= 1 and c['neighbour']['end'] - c['neighbour']['start'] >= 0.6
for x in d['cvms']:
    assert x['started'] and x['end'] >= x['start'] and x['restarts'] == 0
EOF"

up wait --stats "$T/wait.json" wait.yaml
ok wait-order "[ $rc -eq 0 ] && python3 - '$T/wait.json' <<'EOF'
import json, sys
c = {x['name']: x for x in json.load(open(sys.argv[1]))['cvms']}
assert c['second']['start'] >= c['first']['end'], 'wait -1'
gap = c['third']['start'] - c['second']['start']
assert 0.45 <= gap < 1.5, gap
EOF"

up restart restart.yaml
ok restart-on-failure "[ $rc -eq 1 ] && [ \$(grep -o 'exiting 7' $T/restart.out | wc -l) -eq 3 ] &&
    has restart 'cvm flaky: exited 7 after .* restarting (2 of 2)' err && ! has restart 'restarting (3' err &&
    grep -Eq '^  flaky +7  exited 7 +2 ' $T/restart.err && grep -Eq '^  fine +0  exited 0 +0 ' $T/restart.err &&
    ! has restart 'cvm once: .*restarting' err"

# 200 cVMs from one file, in one monitor
{
    echo "cVMs:"
    for i in $(seq 200); do printf -- '  - {name: c%d, runtime: job, args: exit 0 100, memory: 8M}\n' "$i"; done
} >"$T/many.yaml"
up many many.yaml
ok many-200-cvms "[ $rc -eq 0 ] && [ \$(grep -o 'exiting 0' $T/many.out | wc -l) -eq 200 ] &&
    has many '200 cVMs, 200 exited 0, 0 did not' err"

# SIGTERM during a deployment: every cVM ends, the summary is printed
(cd "$T" && exec timeout 60 "$IV" up term.yaml >"$T/term.out" 2>"$T/term.err" </dev/null) &
pid=$!
for _ in $(seq 100); do grep -q 'deploying' "$T/term.err" 2>/dev/null && break; sleep 0.05; done
sleep 0.3
kill -TERM $pid
t0=$(date +%s%N)
wait $pid
rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
ok sigterm-clean-shutdown "[ $rc -eq 143 ] && [ $ms -lt 3000 ] && has term 'cvm sleeper: killed by SIGTERM' err &&
    grep -Eq '^  spinner +143  stopped \(SIGTERM\)' $T/term.err && grep -Eq '^  never +- +not started' $T/term.err &&
    has term 'deployment term.yaml: 4 cVMs' err"

# root / rw: wired to the monitor's file-system support
up fs fs.yaml
ok root-rw "has fs '^cat: from the host\$' out && [ \"\$(cat $T/rootdir/new.txt 2>/dev/null)\" = written ] &&
    [ ! -e $T/rootdir/denied.txt ] && grep -Eq '^  ro-writer +[1-9]' $T/fs.err"

up restart-root restart-root.yaml
ok restart-with-root "[ $rc -eq 1 ] && [ \$(grep -c '^cat /absent.txt: No such file' $T/restart-root.out) -eq 2 ] &&
    grep -Eq '^  missing-file +4  exited 4 +1 ' $T/restart-root.err"

# --- the validator under AddressSanitizer/UBSan -----------------------------
if [ -x "$SANBIN/intravisor" ]; then
    export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
    UPBIN=$SANBIN/intravisor badfiles -san
    UPBIN=$SANBIN/intravisor up keys-san all-keys.yaml
    ok keys-san "[ $rc -eq 0 ] && has keys-san '4 exited 0' err"
    UPBIN=$SANBIN/intravisor up fault-san fault.yaml
    ok fault-san "[ $rc -eq 1 ] && has fault-san 'cvm crasher: SIGSEGV' err && ! has fault-san 'Sanitizer' err"
fi
