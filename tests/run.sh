#!/bin/bash
# Runs every test group (tests/groups/*.sh, in name order, or those named on
# the command line). A group prints "PASS name" / "FAIL name: why" lines; a
# group that exits non-zero counts as one more failure. The last line is
# "N passed, N failed"; the exit status is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(tests/groups/*.sh)
for g in "${groups[@]}"; do
    name=$(basename "$g" .sh)
    start=$(date +%s)
    out=$(mktemp)
    bash "$g" >"$out" 2>&1
    rc=$?
    grep -E '^(PASS|FAIL)' "$out" >>"$log"
    if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$out"; then
        echo "FAIL $name: group exited with status $rc" >>"$log"
        tail -20 "$out"
    fi
    p=$(grep -c '^PASS' "$out"); f=$(grep -c '^FAIL' "$out")
    echo "== $name: $p passed, $f failed ($(( $(date +%s) - start ))s)"
    grep '^FAIL' "$out" | sed 's/^/   /'
    rm -f "$out"
done
passed=$(grep -c '^PASS' "$log")
failed=$(grep -c '^FAIL' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
