#!/bin/bash
# The cVM file system (intravisor run --root DIR [--rw]), descriptors, pipes
# and poll: cVM test programs in tests/libos/ built with ivcc against the
# musl sysroot print their own PASS/FAIL lines; this script prepares roots
# (symlinks that point out, a file outside), checks the host side after
# escape attempts, and runs the lot again with the ASan/UBSan monitor.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
if [ ! -f build/sysroot/lib/libc.a ]; then
    fail libos-fs-sysroot "no cVM sysroot (make sysroot)"
    exit 0
fi
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
for t in fs_rw fs_escape fs_ro fs_pipe fs_block fs_badptr fs_stress fs_hostfs fs_statfs; do
    if ! "$BIN/ivcc" -O2 -Wall -Werror -pthread -Iinclude -Itests/libos "tests/libos/$t.c" -o "$T/$t" >"$T/$t.build" 2>&1; then
        fail "libos-fs-build-$t" "$(head -3 "$T/$t.build" | tr '\n' ' ')"
    fi
done

# runs IV P NAME WANT-STATUS -- ARGS: the program's own PASS/FAIL lines are
# passed on; the run itself must exit WANT-STATUS with nothing on stderr.
run_prog() {
    local iv=$1 name=$2 want=$3
    shift 4
    timeout 120 "$iv" run "$@" >"$T/$name.out" 2>"$T/$name.err" </dev/null
    local rc=$?
    grep -E '^(PASS|FAIL)' "$T/$name.out"
    if [ "$rc" -eq "$want" ] && ! grep -v '^#' "$T/$name.err" | grep -q .; then
        pass "$name-status"
    else
        fail "$name-status" "status $rc (want $want); err: $(head -c 400 "$T/$name.err" | tr '\n' '|')"
    fi
}

# fresh_root DIR: a root with a file, a subdirectory and symlinks pointing
# out of it in every way, next to a file outside it.
fresh_root() {
    local h=$1
    rm -rf "$h"
    mkdir -p "$h/root/sub"
    echo SECRET >"$h/secret"
    echo INSIDE >"$h/root/in.txt"
    ln -s / "$h/root/abs"
    ln -s /etc "$h/root/abs_etc"
    ln -s ../../../../../../../../.. "$h/root/rel"
    ln -s ../.. "$h/root/sub/up"
    ln -s /proc/self/root "$h/root/procroot"
    ln "$h/root/in.txt" "$h/outlink" # a hard link outside pointing in
    truncate -s 64M "$h/root/big"
}

suite() {
    local iv=$1 p=$2
    local h=$T/$p
    mkdir -p "$h/rw"
    run_prog "$iv" "$p-rw" 0 -- --root "$h/rw" --rw "$T/fs_rw" "$p-rw"

    fresh_root "$h/esc"
    run_prog "$iv" "$p-escape" 0 -- --root "$h/esc/root" --rw "$T/fs_escape" "$p-escape" "$h/esc"
    # the host side: nothing appeared or changed outside the root
    check "$p-escape-host-untouched" bash -c "[ \"\$(cat '$h/esc/secret')\" = SECRET ] &&
        [ ! -e '$h/esc/written' ] && [ ! -e '$h/esc/escaped' ] && [ ! -e '$h/esc/mkd' ] &&
        [ ! -e '$h/esc/escaped2' ] && [ ! -e '$h/stolen' ] && [ ! -e '$h/esc/stolen' ]"
    check "$p-escape-landed-inside" test -e "$h/esc/root/escaped" -a -d "$h/esc/root/mkd" -a -L "$h/esc/root/mine"
    check "$p-escape-hardlink-in-is-fine" test "$(tail -c 1 "$h/esc/outlink")" = X

    # The host's /proc, /sys and /dev inside the root (root "/"), reached
    # through symlinks the cVM makes: refused (fs/fs.c host_kernel_file).
    mkdir -p "$h/hostfs"
    run_prog "$iv" "$p-hostfs" 0 -- --root / --rw "$T/fs_hostfs" "$p-hostfs" "$h/hostfs"
    # A device node in a root is refused (EACCES, open and stat), and where
    # the root is mounted nodev, or the node lies beyond a mount inside the
    # root, its driver is never even opened (an open is a driver's open: a
    # watchdog armed, a line reset): the host sees no open (inotify).  In a
    # mount namespace of the test's own.
    # open(2)'s answers where the walk stays on the root's mount and where
    # it crosses one (checked before opening, then reopened).
    mkdir -p "$h/sem/root/sub"
    unshare -m bash -c 'mount -t tmpfs none "$1/root/sub" || exit 1
        "$2" run --root "$1/root" --rw "$3" "$4-same" / semantics
        "$2" run --root "$1/root" --rw "$3" "$4-crossing" /sub semantics' _ "$h/sem" "$iv" "$T/fs_hostfs" "$p-sem" \
        >"$T/$p-sem.out" 2>&1 </dev/null
    grep -E '^(PASS|FAIL)' "$T/$p-sem.out"
    check "$p-sem-both-ran" [ "$(grep -c '^PASS' "$T/$p-sem.out")" = 24 ]

    for where in same nodev crossing; do
        local d=$h/dev-$where
        mkdir -p "$d/root/sub"
        unshare -m bash -c '
            set -e; d=$1; where=$2; shift 2
            case $where in
            nodev) mount -t tmpfs -o nodev none "$d/root" && mkdir "$d/root/sub" ;;
            crossing) mount -t tmpfs none "$d/root/sub" ;;
            esac
            mknod "$d/root/sub/nulldev" c 1 3
            exec python3 - "$d/root/sub/nulldev" "$@"' _ "$d" "$where" "$T/$p-dev-$where.out" \
            "$iv" run --root "$d/root" --rw "$T/fs_hostfs" "$p-dev-$where" / /sub/nulldev $([ $where = nodev ] && echo nodev) \
            >"$T/$p-dev-$where.events" 2>&1 <<'PY'
import ctypes, os, select, subprocess, sys
libc = ctypes.CDLL(None, use_errno=True)
fd = libc.inotify_init1(os.O_NONBLOCK)
if fd < 0 or libc.inotify_add_watch(fd, sys.argv[1].encode(), 0x20) < 0:  # IN_OPEN
    print("inotify failed"); sys.exit(1)
with open(sys.argv[2], "w") as out:
    subprocess.run(sys.argv[3:], stdout=out, timeout=60)
select.select([fd], [], [], 0.2)
try:
    n = len(os.read(fd, 4096))
except BlockingIOError:
    n = 0
print("open events bytes", n)
PY
        grep -E '^(PASS|FAIL)' "$T/$p-dev-$where.out"
        [ $where = same ] && continue # refused after its driver's open (docs/libos.md)
        check "$p-device-$where-never-opened" grep -qx 'open events bytes 0' "$T/$p-dev-$where.events"
    done

    fresh_root "$h/ro"
    chmod -R a-w "$h/ro/root" 2>/dev/null || true
    run_prog "$iv" "$p-ro" 0 -- --root "$h/ro/root" --mem 16M "$T/fs_ro" "$p-ro" ro
    check "$p-ro-untouched" bash -c "[ \"\$(cat '$h/ro/root/in.txt')\" = INSIDE ] && [ ! -e '$h/ro/root/new' ]"
    mkdir -p "$h/bp"
    echo data >"$h/bp/f"
    ln -s f "$h/bp/l"
    run_prog "$iv" "$p-badptr" 0 -- --root "$h/bp" --rw "$T/fs_badptr" "$p-badptr"
    mkdir -p "$h/st"
    echo data >"$h/st/f"
    run_prog "$iv" "$p-stress" 0 -- --root "$h/st" "$T/fs_stress" "$p-stress"
    run_prog "$iv" "$p-noroot" 0 -- "$T/fs_ro" "$p-noroot" noroot
    # statfs and /proc/mounts (tests/libos/fs_statfs.c): the root's numbers
    # are the host's
    run_prog "$iv" "$p-statfs-ro" 0 -- --root "$h/ro/root" "$T/fs_statfs" "$p-statfs-ro" ro "$(stat -f -c %b "$h/ro/root")"
    fresh_root "$h/sfs"
    run_prog "$iv" "$p-statfs-rw" 0 -- --root "$h/sfs/root" --rw "$T/fs_statfs" "$p-statfs-rw" rw "$(stat -f -c %b "$h/sfs/root")"
    run_prog "$iv" "$p-statfs-noroot" 0 -- "$T/fs_statfs" "$p-statfs-noroot" noroot
    run_prog "$iv" "$p-pipe" 0 -- "$T/fs_pipe" "$p-pipe"
    if command -v script >/dev/null; then
        # on a terminal, isatty(1) is true (script(1) provides a pty)
        script -qec "'$iv' run '$T/fs_pipe' '$p-tty' tty" /dev/null </dev/null >"$T/$p-tty.out" 2>&1
        local rc=$?
        tr -d '\r' <"$T/$p-tty.out" | grep -E '^(PASS|FAIL) [^ ]*-(isatty-stdout|tiocgwinsz-stdout)'
        [ $rc -eq 0 ] && pass "$p-tty-status" || fail "$p-tty-status" "status $rc: $(tr -d '\r' <"$T/$p-tty.out" | grep FAIL | head -3)"
    fi
    local bad_root=$T/not-a-dir
    touch "$bad_root"
    timeout 20 "$iv" run --root "$bad_root" "$T/fs_ro" x noroot >/dev/null 2>"$T/$p-badroot.err"
    [ $? -eq 1 ] && grep -q -- "--root" "$T/$p-badroot.err" && pass "$p-bad-root-refused" ||
        fail "$p-bad-root-refused" "$(head -c 200 "$T/$p-badroot.err")"

    # a cVM blocked in the host (poll, read, select; two threads each) still
    # ends at --timeout
    for how in poll read select; do
        local t0=$(date +%s%N)
        timeout 20 "$iv" run --timeout 0.5 "$T/fs_block" $how >/dev/null 2>"$T/$p-block.err"
        local rc=$? ms=$((($(date +%s%N) - t0) / 1000000))
        if [ $rc -eq 124 ] && [ $ms -lt 5000 ]; then
            pass "$p-timeout-ends-blocked-$how"
        else
            fail "$p-timeout-ends-blocked-$how" "status $rc after ${ms} ms: $(head -c 200 "$T/$p-block.err")"
        fi
    done
}

suite "$BIN/intravisor" libos-fs
if [ -x "$SANBIN/intravisor" ]; then
    export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
    suite "$SANBIN/intravisor" libos-fs-san
else
    echo "SKIP: no sanitizer build at $SANBIN"
fi
