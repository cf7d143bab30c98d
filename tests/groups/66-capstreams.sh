#!/bin/bash
# CAP Streams (docs/ipc.md): one-way byte streams between cVMs, opened as
# "/cap/NAME".  The cVM program and the deployments are in tests/capstreams/;
# its PASS/FAIL lines are passed on prefixed with the run's name, and each
# writer and reader prints "SUM bytes checksum" for the two ends to match.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
IV=$BIN/intravisor
D=$ROOT/tests/capstreams
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if ! "$BIN/ivcc" -O2 -Wall -Werror -I"$ROOT/include" "$D/cs.c" -o "$T/cs" >"$T/build.log" 2>&1; then
    fail capstreams-build "$(tail -5 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
pass capstreams-build
cp "$D"/*.yaml "$T/"

# sums NAME N BYTES: N "SUM" lines, all the same, for BYTES bytes
sums() { [ "$(grep -c '^SUM ' "$T/$1.out")" -eq "$2" ] && [ "$(grep '^SUM ' "$T/$1.out" | sort -u | wc -l)" -eq 1 ] &&
    grep -q "^SUM $3 " "$T/$1.out"; }

up pair pair.yaml
ok pair "[ $rc -eq 0 ] && sums pair 2 3000000 && [ \$(nfail pair) -eq 0 ]"

# 1 GiB, 64 KiB writes; ~0.5 s here (docs/ipc.md, Cost)
start=$(date +%s.%N)
up big big.yaml
secs=$(echo "$(date +%s.%N) - $start" | bc)
ok big-1GiB "[ $rc -eq 0 ] && sums big 2 1073741824 && [ \$(nfail big) -eq 0 ]"
echo "# 1 GiB through a stream: ${secs} s" >&2

up chain chain.yaml
ok chain-4-cvms "[ $rc -eq 0 ] && sums chain 2 5000000 && [ \$(nfail chain) -eq 0 ] && has chain 'PASS filter-eof' out"

up wdie wdie.yaml
ok writer-ends-midstream-eof "[ $rc -eq 1 ] && sums wdie 2 100000 && grep -Eq '^  w +3  exited 3' $T/wdie.err &&
    grep -Eq '^  r +0  exited 0' $T/wdie.err && has wdie 'PASS cons-eof-again' out"

up rdie rdie.yaml
ok reader-ends-epipe "[ $rc -eq 0 ] && [ \$(grep -c '^PASS epipe\$' $T/rdie.out) -eq 2 ] && has rdie 'rdie read 10' out &&
    [ \$(grep -c '^PASS epipe-poll-err' $T/rdie.out) -eq 2 ] && [ \$(nfail rdie) -eq 0 ]"

up nb nb.yaml
ok nonblocking-poll "[ $rc -eq 0 ] && [ \$(nfail nb) -eq 0 ] && sums nb 2 \$(grep -m1 '^SUM ' $T/nb.out | cut -d' ' -f2) &&
    has nb 'PASS nb-write-eagain' out && has nb 'PASS poll-out-timeout' out && has nb 'PASS poll-timeout-waited' out &&
    has nb 'PASS poll-hup' out && has nb 'PASS nb-read-eagain' out && [ \$(grep -c '^PASS' $T/nb.out) -ge 30 ]"

up deny deny.yaml
ok permissions "[ $rc -eq 0 ] && [ \$(nfail deny) -eq 0 ] && [ \$(grep -c '^PASS' $T/deny.out) -eq 23 ]"

# --- the ring: descriptor calls, atomic writes, poll, kill, stdio pipelines ---
up fdops fdops.yaml
ok fd-calls-like-a-pipe "[ $rc -eq 0 ] && sums fdops 2 3145734 && [ \$(nfail fdops) -eq 0 ] && [ \$(grep -c '^PASS' $T/fdops.out) -eq 30 ]"

up atomic atomic.yaml
ok atomic-writes-two-threads "[ $rc -eq 0 ] && [ \$(nfail atomic) -eq 0 ] && has atomic 'PASS atom-not-torn' out &&
    has atomic 'PASS atom-records-B' out"

up poll poll.yaml
ok poll-select-mixed "[ $rc -eq 0 ] && [ \$(nfail poll) -eq 0 ] && [ \$(grep -c '^PASS' $T/poll.out) -eq 12 ]"

# w blocks in write on a full stream, p2 in poll: their timeouts end both
up kill kill.yaml
ok kill-ends-blocked-writer-and-poll "[ $rc -eq 1 ] && grep -Eq '^  w +124  ' $T/kill.err && grep -Eq '^  p2 +124  ' $T/kill.err &&
    grep -Eq '^  r +0  exited 0' $T/kill.err && grep -q '^SUM 1048576 ' $T/kill.out && [ \$(nfail kill) -eq 0 ]"

up stdio stdio.yaml
ok stdio-pipeline "[ $rc -eq 0 ] && [ \$(nfail stdio) -eq 0 ] && has stdio 'PASS stdio-lines\$' out && has stdio 'PASS stdio-lines-content' out"

# --- ends that are never opened; a blocked read ended by a timeout ----------
cat >"$T/unopened.yaml" <<'Y'
cVMs:
  - {name: w, runtime: cs, args: [none], streams: [r]}
  - {name: r, runtime: cs, args: [cons, w]}
Y
# w ends without opening its end: r's read sees EOF, not a wait forever
up unopened unopened.yaml
ok writer-never-opened-eof "[ $rc -eq 0 ] && grep -q '^SUM 0 ' $T/unopened.out && [ \$(nfail unopened) -eq 0 ]"
cat >"$T/block.yaml" <<'Y'
cVMs:
  - {name: w, runtime: cs, args: [sleep], streams: [r]}
  - {name: r, runtime: cs, args: [cons, w], timeout: 0.2}
Y
# r blocks in read (w never writes): its timeout must still end it
up block block.yaml
ok timeout-ends-blocked-reader "[ $rc -eq 1 ] && grep -Eq '^  r +124  ' $T/block.err && grep -Eq '^  w +0  exited 0' $T/block.err"

# --- the example ---------------------------------------------------------------
if "$BIN/ivcc" -O2 -Wall -Werror -I"$ROOT/include" "$ROOT/examples/cap_stream/cap_stream.c" \
    -o "$T/cap_stream" >"$T/ex.log" 2>&1; then
    sed 's#runtime: .*cap_stream$#runtime: cap_stream#' "$ROOT/examples/cap_stream/cap_stream.yaml" >"$T/example.yaml"
    up example example.yaml
    ok example "[ $rc -eq 0 ] && has example '^consumer: got 1000 lines, last: line 999' out"
else
    fail example-build "$(tail -3 "$T/ex.log" | tr '\n' ' ')"
fi

# --- under AddressSanitizer/UBSan -------------------------------------------------
if [ -x "$SANBIN/intravisor" ]; then
    export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
    for y in pair big chain wdie rdie nb deny block fdops atomic poll kill stdio; do
        up "$y-san" "$y.yaml" "$SANBIN/intravisor" >/dev/null
        ok "$y-san" "[ $rc -le 1 ] && ! has $y-san Sanitizer err && [ \$(nfail $y-san) -eq 0 ] && has $y-san 'deployment $y.yaml' err"
    done
fi
