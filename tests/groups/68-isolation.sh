#!/bin/bash
# Resource isolation (docs/monitor.md "Resource isolation", issue findings
# 1-8): a hostile cVM exhausts one monitor resource at a time beside a
# canary cVM that must still allocate memory, create threads, open pipes
# and create and map capfiles, and finish; plus the shared-stdio, setuid,
# join and revocation regressions.  tests/isolation/hostile.c is the cVM.
# ISO_MONITOR=path runs it against another monitor build.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
IV=${ISO_MONITOR:-$BIN/intravisor}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if ! "$BIN/ivcc" -O2 -pthread -Wall -Werror "$ROOT/tests/isolation/hostile.c" -o "$T/hostile" >"$T/build.log" 2>&1; then
    fail isolation-build "$(tail -5 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
pass isolation-build

# pair KIND [HOSTILE-EXTRA-KEYS]: the hostile cVM and a canary, in one monitor.
pair() {
    local kind=$1 extra=${2:-}
    cat >"$T/$kind.yaml" <<YAML
cVMs:
  - {name: attacker, runtime: hostile, args: [hostile, $kind, canary], streams: [canary], timeout: 120, memory: 512M$extra}
  - {name: canary, runtime: hostile, args: [canary, attacker, 20], streams: [attacker], timeout: 120}
YAML
    up "$kind" "$kind.yaml"
}
# reached KIND MAX ERRNO: the attacker stopped at most MAX units in, on -ERRNO
reached() {
    local line
    line=$(grep "^$1 " "$T/$1.out")
    [ -n "$line" ] && [ "$(cut -d' ' -f2 <<<"$line")" -le "$2" ] && [ "$(cut -d' ' -f3 <<<"$line")" -eq "-$3" ]
}
clean() { ! grep -Eq 'FATAL|arena_free|seccomp|AddressSanitizer' "$T/$1.err"; }

# limited FLAG N: a monitor wrapper that runs under `ulimit -FLAG N` (both
# limits for a bare letter, u or n; the soft one alone for Sn) and prints
# its path, for `up` (a subshell would lose up's $rc).
limited() {
    local w="$T/iv-$1$2"
    case $1 in
    ?) printf '#!/bin/bash\nulimit -S%s %s && ulimit -H%s %s && exec "%s" "$@"\n' "$1" "$2" "$1" "$2" "$IV" >"$w" ;;
    *) printf '#!/bin/bash\nulimit -%s %s && exec "%s" "$@"\n' "$1" "$2" "$IV" >"$w" ;;
    esac
    chmod +x "$w"
    echo "$w"
}

# 1. mappings: one-page mappings with gaps stop at the cVM's mapping limit
#    (4096 entries by default), far below vm.max_map_count.
pair maps
ok maps-limited "reached maps 4096 12 && [ $rc -eq 0 ] && clean maps"
# 1b. mappings the kernel keeps apart (one per touched page) stay charged
#    when an mprotect over them leaves them equal: the attacker stops at its
#    mapping limit, not after 64 rounds of 256.
pair collapse
ok maps-collapse-limited "reached collapse 4096 12 && [ $rc -eq 0 ] && clean collapse"
# 1c. huge-page advice splits kernel mappings too (madvise of every other
#    page of one reservation): charged per entry, stopped at the limit.
pair advise
ok maps-advise-limited "reached advise 4096 12 && [ $rc -eq 0 ] && clean advise"
# 2. descriptors: pipes stop at the cVM's descriptor limit (1024).  With a
#    soft RLIMIT_NOFILE of 1024 the monitor raises it to the hard limit.
pair fds
ok fds-limited "reached fds 1024 24 && [ $rc -eq 0 ] && clean fds"
if [ "$(ulimit -Hn)" -gt 4096 ]; then
    up fds-lowsoft fds.yaml "$(limited Sn 1024)"
    ok fds-low-soft-limit "reached fds-lowsoft 1024 24 2>/dev/null || grep -q '^fds ' $T/fds-lowsoft.out && [ $rc -eq 0 ] && clean fds-lowsoft"
fi
# 3. capfiles created at run time: 64 per cVM run, then ENOSPC.
pair capfiles
ok capfiles-limited "reached capfiles 64 28 && [ $rc -eq 0 ] && clean capfiles"
# 8. bookkeeping: grants to made-up names (256 entries per capfile) and
#    exports (256 per run) are bounded.
pair grants
ok grants-limited "reached grants 256 28 && [ $rc -eq 0 ] && clean grants"
pair exports
ok exports-limited "reached exports 256 28 && [ $rc -eq 0 ] && clean exports"
# 5. locks: the attacker keeps its own vm lock read-held from 6 threads
#    while a 7th maps a capfile (a writer); the canary's capfile calls must
#    not wait for it (no monitor-wide lock is held while waiting for a
#    cVM's lock, and cVM locks prefer writers).
pair starve
ok starve-canary-free "[ $rc -eq 0 ] && grep -q '^PASS canary-not-held-up' $T/starve.out && clean starve"
# threads: the YAML `threads` limit, charged like the rest.
pair threads ", threads: 64"
ok threads-limited "reached threads 64 11 && [ $rc -eq 0 ] && clean threads"

# threads from the process's pool: with `ulimit -u 200` the pool is 136
# threads (200 less the monitor's 64); an attacker without a `threads`
# limit of its own takes what is left of it and stops with EAGAIN, while
# the canary's 4 threads a round come from its own reserve.
cat >"$T/threads-pool.yaml" <<YAML
cVMs:
  - {name: attacker, runtime: hostile, args: [hostile, threads, canary], streams: [canary], timeout: 120}
  - {name: canary, runtime: hostile, args: [canary, attacker, 20], streams: [attacker], timeout: 120, reserve_threads: 5}
YAML
up threads-pool threads-pool.yaml "$(limited u 200)"
sed -n 's/^threads /threads-pool /p' "$T/threads-pool.out" >>"$T/threads-pool.out"
ok threads-pool-limited "reached threads-pool 136 11 && [ $rc -eq 0 ] && clean threads-pool"
# reserves the pool cannot give: the cVM is not created, the error names
# the setting, nothing starts; reserves that fit do.
printf 'int main(void) { return 0; }\n' >"$T/nop.c"
"$BIN/ivcc" -O2 "$T/nop.c" -o "$T/nop"
printf 'cVMs:\n  - {name: first, runtime: nop, reserve_fds: 300}\n  - {name: second, runtime: nop, reserve_fds: 300}\n' >"$T/admit.yaml"
up admit-refused admit.yaml "$(limited n 700)"
ok admit-refused "[ $rc -eq 1 ] && has admit-refused 'cvm second: cannot reserve 300 descriptors: .*ulimit -n' err &&
    has admit-refused 'nothing was started' err && ! has admit-refused 'exited' err"
sed -i 's/reserve_fds: 300}$/reserve_fds: 200}/' "$T/admit.yaml"
up admit-fits admit.yaml "$(limited n 700)"
ok admit-fits "[ $rc -eq 0 ] && has admit-fits '2 exited 0' err"

# threads of one cVM charging and giving back descriptors at once (the
# share's and the pool's counters are lock-free): with a process pool of
# 444 (a hard limit of 700 less the monitor's 256) as many pipes fit after
# the race as before.
(ulimit -Sn 700 && ulimit -Hn 700 && cd "$T" && timeout 60 "$IV" run hostile charge-race >"$T/charge.out" 2>"$T/charge.err")
rc=$? last=charge
grep -E '^(PASS|FAIL) ' "$T/charge.out"
ok charge-race-clean "[ $rc -eq 0 ] && grep -q '^PASS charge-race-pool-intact' $T/charge.out && clean charge"

# 6. the shared stdout (here a file of the test's) cannot be truncated,
#    re-moded, re-timed, overwritten or seeked by a --rw cVM.
mkdir -p "$T/root"
printf 'kept\n' >"$T/stdout.txt"
chmod 644 "$T/stdout.txt"
touch -d '2001-01-01' "$T/stdout.txt"
(cd "$T" && timeout 60 "$IV" run --root root --rw hostile stdio >>stdout.txt 2>"$T/stdio.err")
rc=$? last=stdio
cp "$T/stdout.txt" "$T/stdio.out"
grep -E '^(PASS|FAIL) ' "$T/stdout.txt"
# (appending updates the time: it must just not be the 0 the cVM asked for)
ok stdio-file-intact "[ $rc -eq 0 ] && head -1 $T/stdout.txt | grep -qx kept && [ \$(stat -c %a $T/stdout.txt) = 644 ] &&
    [ \$(stat -c %Y $T/stdout.txt) -gt 1000000000 ]"
# no setuid/setgid bits from a cVM, even under a root monitor
(cd "$T" && timeout 60 "$IV" run --root root --rw hostile setuid >"$T/setuid.out" 2>&1)
last=setuid
grep -E '^(PASS|FAIL) ' "$T/setuid.out"
ok setuid-on-host "[ -f $T/root/planted ] && [ ! -u $T/root/planted ] && [ ! -g $T/root/planted ]"

# 7. joins stay correct while the thread table is reaped under them (the
#    sanitizer build sees any use of a freed record).
for m in "$IV" $([ -z "${ISO_MONITOR:-}" ] && echo "$SANBIN/intravisor"); do
    [ -x "$m" ] || continue
    tag=$([ "$m" = "$IV" ] && echo join || echo join-san)
    (cd "$T" && timeout 120 "$m" run hostile join 30 >"$T/$tag.out" 2>"$T/$tag.err")
    rc=$?
    sed -E "s#^(PASS|FAIL) #\\1 $tag/#" "$T/$tag.out" | grep -E '^(PASS|FAIL) '
    last=$tag
    ok "$tag-clean" "[ $rc -eq 0 ] && clean $tag"
done

# 4. revocation is a barrier: a 64 MiB copy that a revoke overtakes never
#    delivers what the owner wrote after the revoke returned.
cat >"$T/revoke.yaml" <<YAML
cVMs:
  - {name: owner, runtime: hostile, args: [revoke-owner, peer, 20], streams: [peer], memory: 256M, timeout: 120}
  - {name: peer, runtime: hostile, args: [revoke-peer, owner, 20], streams: [owner], memory: 256M, timeout: 120}
YAML
up revoke revoke.yaml
ok revoke-clean "[ $rc -eq 0 ] && clean revoke"
