#!/bin/bash
# The synthetic /dev and /proc, the CPU allowance and the host name
# (docs/libos.md "The synthetic /dev and /proc"): tests/libos/sysfs.c runs
# natively (what must match Linux), then in cVMs: with a root holding its
# own dev/ and proc/, without a root, two neighbours at once (each sees only
# itself), from a YAML deployment (cpus, hostname, memory keys), and with
# the ASan/UBSan monitor.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
IV=$BIN/intravisor
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if ! { gcc -O2 -Wall -Werror -pthread -Itests/libos tests/libos/sysfs.c -o "$T/native" &&
    "$BIN/ivcc" -O2 -Wall -Werror -pthread -Iinclude -Itests/libos tests/libos/sysfs.c -o "$T/sysfs"; } >"$T/build.log" 2>&1; then
    fail sysfs-build "$(head -5 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
pass sysfs-build

# A root with its own dev/ and proc/ (which must not shadow the synthetic
# ones) and the identity files musl reads.
R=$T/root
mkdir -p "$R/dev" "$R/proc/self" "$R/etc"
echo FAKE >"$R/dev/null"
echo FAKE >"$R/proc/meminfo"
echo FAKE >"$R/proc/self/status"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$R/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$R/etc/group"

# run_prog IV NAME -- ARGS: the program's PASS/FAIL lines, then the run's
# own status (0, nothing on stderr).
run_prog() {
    local iv=$1 name=$2
    shift 3
    timeout 60 "$iv" run --env SYSFS_ENV=yes "$@" >"$T/$name.out" 2>"$T/$name.err" </dev/null
    local rc=$?
    grep -E '^(PASS|FAIL)' "$T/$name.out"
    if [ "$rc" -eq 0 ] && [ ! -s "$T/$name.err" ]; then
        pass "$name-status"
    else
        fail "$name-status" "status $rc; err: $(head -c 400 "$T/$name.err" | tr '\n' '|')"
    fi
}

# Native Linux: the same program, the checks that must hold there too.
(cd "$T" && SYSFS_ENV=yes timeout 60 ./native native native </dev/null) >"$T/native.out" 2>&1
grep -E '^(PASS|FAIL)' "$T/native.out"

run_prog "$IV" sysfs-cvm -- --mem 64M --cpus 3 --hostname web-1 --root "$R" "$T/sysfs" cvm sysfs-cvm 65536 3 web-1
run_prog "$IV" sysfs-cpus1 -- --mem 32M --cpus 1 --root "$R" "$T/sysfs" cvm sysfs-cpus1 32768 1 sysfs
run_prog "$IV" sysfs-noroot -- "$T/sysfs" noroot sysfs-noroot
# The defaults: the host's online CPUs, the cVM's name as host name.
n=$(getconf _NPROCESSORS_ONLN)
run_prog "$IV" sysfs-defaults -- --name db --root "$R" "$T/sysfs" cvm sysfs-defaults 262144 "$n" db

# Two neighbours at once: one holds 20 more descriptors and 3 threads while
# the other looks; each sees its own memory, descriptors, pid and maps.
timeout 60 "$IV" run-multi --env SYSFS_ENV=yes --root "$R" --mem 64M --cpus 2 --hostname hold "$T/sysfs" cvm nb-hold 65536 2 hold hold \
    ::: --env SYSFS_ENV=yes --root "$R" --mem 32M --cpus 1 --hostname peer "$T/sysfs" cvm nb-peer 32768 1 peer peer \
    >"$T/multi.out" 2>"$T/multi.err" </dev/null
grep -E '^(PASS|FAIL)' "$T/multi.out"
if grep -q '^cvm sysfs status 0$' "$T/multi.out" && [ "$(grep -c '^cvm sysfs status 0$' "$T/multi.out")" -eq 2 ]; then
    pass sysfs-neighbours-status
else
    fail sysfs-neighbours-status "$(tr '\n' '|' <"$T/multi.out" | tail -c 300) err: $(head -c 300 "$T/multi.err")"
fi

# A YAML deployment: the cpus and hostname keys (docs/config.md).
cp "$T/sysfs" "$T/app"
cat >"$T/sys.yaml" <<YAML
cvms:
  - name: api
    runtime: app
    root: root
    memory: 48M
    cpus: 2
    hostname: api.internal
    args: cvm yaml-api 49152 2 api.internal
    env: {SYSFS_ENV: "yes"}
  - name: worker
    runtime: app
    root: root
    memory: 40M
    args: cvm yaml-worker 40960 $n worker
    env: [SYSFS_ENV=yes]
YAML
(cd "$T" && timeout 60 "$IV" up sys.yaml >"$T/yaml.out" 2>"$T/yaml.err" </dev/null)
rc=$?
grep -E '^(PASS|FAIL)' "$T/yaml.out"
if [ $rc -eq 0 ] && grep -q '2 exited 0' "$T/yaml.err"; then
    pass sysfs-yaml-status
else
    fail sysfs-yaml-status "status $rc; $(head -c 400 "$T/yaml.err" | tr '\n' '|')"
fi
# Bad values are refused before anything starts.
for bad in "cpus: 0" "cpus: 2000" "hostname: 'a b'" "hostname: ''"; do
    printf 'cvms:\n  - name: x\n    runtime: app\n    %s\n' "$bad" >"$T/bad.yaml"
    (cd "$T" && timeout 20 "$IV" up --check bad.yaml >"$T/bad.out" 2>&1)
    rc=$?
    if [ $rc -ne 0 ] && grep -q 'bad.yaml:4:' "$T/bad.out"; then pass "sysfs-yaml-bad-${bad%%:*}"; else fail "sysfs-yaml-bad-${bad%%:*}" "$bad: status $rc $(head -c 200 "$T/bad.out")"; fi
done
for bad in "--cpus 0" "--cpus x" "--hostname a/b"; do
    timeout 20 "$IV" run $bad "$T/sysfs" noroot x >"$T/badrun.out" 2>&1 </dev/null
    rc=$?
    if [ $rc -eq 2 ] && grep -q "bad ${bad%% *}" "$T/badrun.out"; then pass "sysfs-run-bad${bad// /}"; else fail "sysfs-run-bad${bad// /}" "status $rc $(head -c 200 "$T/badrun.out")"; fi
done

# /dev/tty when stdio is a terminal (script gives the run a pty).
if command -v script >/dev/null; then
    cat >"$T/tty.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void)
{
    int fd = open("/dev/tty", O_RDWR);
    printf("%s\n", fd >= 0 && isatty(fd) && access("/dev/tty", R_OK) == 0 ? "TTY-OK" : "TTY-BAD");
    return 0;
}
C
    "$BIN/ivcc" -O2 "$T/tty.c" -o "$T/tty" >/dev/null 2>&1
    script -qec "$IV run $T/tty" /dev/null </dev/null >"$T/tty.out" 2>&1
    if grep -q TTY-OK "$T/tty.out"; then pass sysfs-tty-terminal; else fail sysfs-tty-terminal "$(head -c 200 "$T/tty.out")"; fi
    "$IV" run "$T/tty" </dev/null >"$T/notty.out" 2>&1
    if grep -q TTY-BAD "$T/notty.out"; then pass sysfs-tty-none-enxio; else fail sysfs-tty-none-enxio "$(head -c 200 "$T/notty.out")"; fi
else
    fail sysfs-tty "no script(1) (bsdutils)"
fi

if [ -x "$SANBIN/intravisor" ]; then
    export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
    run_prog "$SANBIN/intravisor" sysfs-san -- --mem 64M --cpus 3 --hostname web-1 --root "$R" "$T/sysfs" cvm sysfs-san 65536 3 web-1
else
    echo "SKIP: no sanitizer build at $SANBIN"
fi
