#!/bin/bash
# make coverage: line coverage of the trusted code (verifier/, monitor/core,
# monitor/fs, monitor/ipc) from the test groups that exercise it and the
# fuzzers' corpora (docs/testing.md).  Builds the host tools with gcov into
# build/cov (COV=1), zeroes the counters, runs the groups with
# IV_BIN=IV_SANBIN=build/cov/bin (their PASS/FAIL counts are printed but do
# not matter here: the seccomp allow-list is off in this build, so its own
# tests fail by design), replays the corpora and a short hostcall-fuzzer
# run, and prints gcovr's per-file report (also build/cov/coverage.txt).
# COV_GROUPS overrides the list of groups.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
C=$ROOT/build/cov
make -s -j2 BUILD=build/cov COV=1 host-tools || exit 1
find "$C/obj" -name '*.gcda' -delete
# cVM programs compile against the normal build's sysroot
export IV_BIN=$C/bin IV_SANBIN=$C/bin IVCC_SYSROOT=$ROOT/build/sysroot
groups=${COV_GROUPS:-"10-verifier-escape 10-verifier-malformed 10-verifier-fastpath 12-redteam 30-difftest
    40-monitor 41-loader-limits 42-vcache 45-libos-fs 46-libos-threads 47-sysfs 55-deploy 65-capfiles 66-capstreams 67-capcalls
    68-isolation 70-daemon"}
for g in $groups; do
    bash tests/run.sh "tests/groups/$g.sh" | grep '^=='
done

# The fuzzers' corpora through the instrumented tools.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
for f in tests/fuzz/corpus/verifier/*; do
    if [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ]; then
        "$C/bin/verifier-test" elf fast "$f" >/dev/null 2>&1
        "$C/bin/verifier-test" elf zydis "$f" >/dev/null 2>&1
    else
        "$C/bin/verifier-test" raw fast "$f" >/dev/null 2>&1
        "$C/bin/verifier-test" raw zydis "$f" >/dev/null 2>&1
    fi
    n=$((n + 1))
done
cp tests/fuzz/corpus/config/* "$T/"
[ -x build/hcfuzz/hccanary ] && cp build/hcfuzz/hccanary "$T/job"
for f in tests/fuzz/corpus/config/*; do
    (cd "$T" && "$C/bin/intravisor" up --check "$(basename "$f")" >/dev/null 2>&1)
    n=$((n + 1))
done
echo "== corpora: $n inputs replayed"
bash tests/fuzz/hcfuzz.sh 7 10 4 "$C/bin/intravisor" | grep -E '^(INFO|FAIL)'

gcovr --gcov-ignore-parse-errors -r "$ROOT" --object-directory "$C/obj" -f 'verifier/' -f 'monitor/core/' -f 'monitor/fs/' -f 'monitor/ipc/' \
    --txt "$C/coverage.txt" --html-details "$C/coverage.html" "$C/obj" 2>"$C/gcovr.log" ||
    { tail -5 "$C/gcovr.log"; exit 1; }
cat "$C/coverage.txt"
echo "(HTML with the uncovered lines: build/cov/coverage.html)"
