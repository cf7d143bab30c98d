#!/bin/bash
# Real programs from Debian source packages (Lua 5.4, the SQLite shell and
# speedtest1, zlib's minigzip and example, bzip2) and bench/programs/strwork.c,
# built by `make programs` twice:
# as cVM images with ivcc and natively with gcc.  Each cVM run must print
# byte-for-byte what the native run prints on the same input and exit with
# the same status.  Everything goes through stdin/stdout: a cVM has no file
# system unless the monitor grants it one (`intravisor run --root DIR --rw`);
# the file tests at the end run in such a directory (natively: with DIR as
# the working directory, so relative paths name the same files).
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
log=$(mktemp)
tmp=$(mktemp -d)
trap 'rm -rf "$log" "$tmp"' EXIT
# The build is cached in build/programs; a cold one takes a few minutes.
if make -s -j"$(nproc)" programs >"$log" 2>&1; then
    pass programs-build
else
    fail programs-build "$(grep -m3 -iE 'error' "$log" | tr '\n' ' ')"
    exit 0
fi
C=build/programs/cvm N=build/programs/native
T=tests/programs-real
IV="$BIN/intravisor"

# same NAME INPUT PROGRAM ARGS...: the cVM and the native build of PROGRAM,
# both fed INPUT (a file) on stdin, print the same stdout and exit alike.
# Their stderr is kept in $tmp/NAME.{cvm,native}.err for callers.
same() {
    local name=$1 in=$2 prog=$3; shift 3
    "$IV" run "$C/$prog" "$@" <"$in" >"$tmp/$name.cvm" 2>"$tmp/$name.cvm.err"
    local rc=$?
    "$N/$prog" "$@" <"$in" >"$tmp/$name.native" 2>"$tmp/$name.native.err"
    local rn=$?
    if [ $rc -ne $rn ]; then
        fail "$name" "exit status cVM $rc, native $rn; cVM stderr: $(head -c 300 "$tmp/$name.cvm.err" | tr '\n' ' ')"
    elif ! cmp -s "$tmp/$name.cvm" "$tmp/$name.native"; then
        fail "$name" "stdout differs: $(diff "$tmp/$name.cvm" "$tmp/$name.native" | head -4 | tr '\n' ' ')"
    elif [ ! -s "$tmp/$name.native" ]; then
        fail "$name" "no output"
    else
        pass "$name"
        return 0
    fi
    return 1
}

# --- Lua: scripts read from stdin (`lua -`) ---
for s in "$T"/lua/*.lua; do
    b=$(basename "$s" .lua)
    [ "$b" = io ] && continue
    same "lua-$b" "$s" lua -
done
# io.read from stdin: the script comes from -e (a leading newline, because
# lua takes an -e argument starting with '-' for a missing argument).
printf '42 3.5 tail of line\nsecond line\nalpha\nbeta gamma\n\ndelta\nEND\nrest 1\nrest 2\nlast' >"$tmp/io.in"
same lua-io "$tmp/io.in" lua -e "$(printf '\n'; cat "$T/lua/io.lua")"
# arguments, os.exit status, and an uncaught error (status 1, message on stderr)
printf 'print(#arg, arg[0], arg[1], arg[2], ...)\nos.exit(3)\n' >"$tmp/args.lua"
same lua-args-exit "$tmp/args.lua" lua - one two
printf 'print("before")\nlocal t = nil\nprint(t.field)\n' >"$tmp/err.lua"
if same lua-uncaught-error "$tmp/err.lua" lua -; then
    # The message names the program (argv[0] differs), the rest must match.
    if diff <(sed "s#$C/lua#LUA#" "$tmp/lua-uncaught-error.cvm.err") \
            <(sed "s#$N/lua#LUA#" "$tmp/lua-uncaught-error.native.err") >/dev/null; then
        pass lua-uncaught-error-stderr
    else
        fail lua-uncaught-error-stderr "$(head -c 300 "$tmp/lua-uncaught-error.cvm.err")"
    fi
fi

# --- SQLite shell on :memory:, SQL on stdin ---
if same sqlite-basic "$T/sqlite/basic.sql" sqlite3 :memory:; then
    # stderr: the intended constraint error, identical; the cVM also warns
    # that it has no home directory (no HOME in a cVM's environment).
    if diff <(grep -v 'cannot find home directory' "$tmp/sqlite-basic.cvm.err") \
            "$tmp/sqlite-basic.native.err" >/dev/null; then
        pass sqlite-basic-stderr
    else
        fail sqlite-basic-stderr "$(diff "$tmp/sqlite-basic.cvm.err" "$tmp/sqlite-basic.native.err" | head -3 | tr '\n' ' ')"
    fi
fi

# --- speedtest1 on an in-memory database: the test list and the result
# hash of --verify must match; the timings are cut off. ---
for ts in main cte orm fp; do
    name=speedtest1-$ts
    "$IV" run "$C/speedtest1" --memdb --size 5 --verify --testset $ts </dev/null >"$tmp/$name.cvm" 2>&1
    rc=$?
    "$N/speedtest1" --memdb --size 5 --verify --testset $ts </dev/null >"$tmp/$name.native" 2>&1
    rn=$?
    strip() { sed -E 's/ +[0-9]+\.[0-9]+s$//' "$1"; }
    if [ $rc -ne 0 ] || [ $rn -ne 0 ]; then
        fail "$name" "exit status cVM $rc, native $rn: $(tail -2 "$tmp/$name.cvm" | tr '\n' ' ')"
    elif ! grep -q '^Verification Hash:' "$tmp/$name.native"; then
        fail "$name" "no verification hash"
    elif ! diff <(strip "$tmp/$name.cvm") <(strip "$tmp/$name.native") >/dev/null; then
        fail "$name" "$(diff <(strip "$tmp/$name.cvm") <(strip "$tmp/$name.native") | head -4 | tr '\n' ' ')"
    else
        pass "$name"
    fi
done

# --- zlib: minigzip on stdin/stdout ---
# ~3 MiB: text, a run of zeros and pseudo-random bytes (all three code paths
# of deflate: matches, RLE, stored/huffman-only).
python3 - "$tmp/data" <<'EOF'
import random, sys
r = random.Random(4)
words = [("%x" % r.getrandbits(20)) for _ in range(500)]
with open(sys.argv[1], "wb") as f:
    f.write(" ".join(r.choice(words) for _ in range(250000)).encode())
    f.write(b"\0" * 300000)
    f.write(bytes(r.getrandbits(8) for _ in range(700000)))
EOF
for lvl in -1 -6 -9 -h -r -f; do
    # compressed bytes identical, and the host's gzip decompresses them
    if same "zlib-minigzip$lvl" "$tmp/data" minigzip $lvl; then
        if gzip -dc <"$tmp/zlib-minigzip$lvl.cvm" | cmp -s - "$tmp/data"; then
            pass "zlib-minigzip$lvl-roundtrip"
        else
            fail "zlib-minigzip$lvl-roundtrip" "gzip -d of the cVM output differs from the input"
        fi
    fi
done
# decompress in the cVM what other compressors wrote
gzip -9 -c "$tmp/data" >"$tmp/data.host.gz"
if same zlib-minigzip-d-host "$tmp/data.host.gz" minigzip -d && cmp -s "$tmp/zlib-minigzip-d-host.cvm" "$tmp/data"; then
    pass zlib-minigzip-d-host-matches-input
else
    fail zlib-minigzip-d-host-matches-input "cVM decompression of gzip -9 output differs from the input"
fi
"$N/minigzip" -9 <"$tmp/data" >"$tmp/data.native.gz"
same zlib-minigzip-d-native "$tmp/data.native.gz" minigzip -d
# corrupt input: both report the error and exit 1
head -c 100000 "$tmp/data.native.gz" >"$tmp/trunc.gz"
same zlib-minigzip-d-truncated "$tmp/trunc.gz" minigzip -d

# example.c: its in-memory tests (built with Z_SOLO) match natively.
same zlib-example-solo /dev/null example-solo
# The full example starts with gzopen("foo.gz") after its first test: with no
# file system the cVM stops there (status 1, "gzopen error"), as expected.
"$IV" run "$C/example" </dev/null >"$tmp/ex.out" 2>"$tmp/ex.err"; rc=$?
if [ $rc -eq 1 ] && grep -q 'gzopen error' "$tmp/ex.err" && grep -q '^uncompress(): hello, hello!$' "$tmp/ex.out"; then
    pass zlib-example-stops-at-gzopen-without-fs
else
    fail zlib-example-stops-at-gzopen-without-fs "status $rc: $(cat "$tmp/ex.out" "$tmp/ex.err" | head -3 | tr '\n' ' ')"
fi
(cd "$tmp" && "$ROOT/$N/example" >ex.native 2>&1) && pass zlib-example-native || fail zlib-example-native "$(head -3 "$tmp/ex.native")"

# --- bzip2 on stdin/stdout (the same ~3 MiB), both directions ---
if same bzip2-9 "$tmp/data" bzip2 -9; then
    if bzip2 -dc <"$tmp/bzip2-9.cvm" 2>/dev/null | cmp -s - "$tmp/data" ||
        "$N/bzip2" -dc <"$tmp/bzip2-9.cvm" | cmp -s - "$tmp/data"; then
        pass bzip2-9-roundtrip
    else
        fail bzip2-9-roundtrip "decompressing the cVM output does not give the input"
    fi
    same bzip2-d "$tmp/bzip2-9.native" bzip2 -d && cmp -s "$tmp/bzip2-d.cvm" "$tmp/data" &&
        pass bzip2-d-matches-input || fail bzip2-d-matches-input "cVM decompression differs from the input"
fi
# truncated input: both fail alike (bzip2 writes what it decoded, then exits 2)
head -c 100000 "$tmp/bzip2-9.native" >"$tmp/trunc.bz2"
"$IV" run "$C/bzip2" -d <"$tmp/trunc.bz2" >"$tmp/bt.cvm" 2>"$tmp/bt.cvm.err"; rc=$?
"$N/bzip2" -d <"$tmp/trunc.bz2" >"$tmp/bt.native" 2>/dev/null; rn=$?
if [ $rc -eq $rn ] && [ $rc -ne 0 ] && cmp -s "$tmp/bt.cvm" "$tmp/bt.native" && grep -q 'bzip2' "$tmp/bt.cvm.err"; then
    pass bzip2-d-truncated
else
    fail bzip2-d-truncated "status cVM $rc, native $rn; $(head -c 200 "$tmp/bt.cvm.err" | tr '\n' ' ')"
fi

# --- strwork (bench/programs/strwork.c): string routines, malloc, qsort ---
same strwork /dev/null strwork 20000

# --- With a file system (--root DIR --rw) ---
if ! "$IV" run 2>&1 | grep -q -- '--root'; then
    echo "NOTE: intravisor run has no --root: file-system tests not run"
    exit 0
fi
# same_fs NAME INPUT PROGRAM ARGS...: like `same`, with the files named in
# $FILES copied into a fresh directory for each run; afterwards the two
# directories must hold the same files with the same contents.
same_fs() {
    local name=$1 in=$2 prog=$3; shift 3
    local dc="$tmp/$name.cdir" dn="$tmp/$name.ndir" f
    mkdir -p "$dc" "$dn"
    for f in ${FILES:-}; do cp "$f" "$dc/"; cp "$f" "$dn/"; done
    (cd "$dc" && "$IV" run --root "$dc" --rw "$ROOT/$C/$prog" "$@") <"$in" >"$tmp/$name.cvm" 2>"$tmp/$name.cvm.err"
    local rc=$?
    (cd "$dn" && "$ROOT/$N/$prog" "$@") <"$in" >"$tmp/$name.native" 2>"$tmp/$name.native.err"
    local rn=$?
    sums() { (cd "$1" && find . -type f | sort | xargs -r sha256sum); }
    if [ $rc -ne $rn ]; then
        fail "$name" "exit status cVM $rc, native $rn; cVM stderr: $(head -c 300 "$tmp/$name.cvm.err" | tr '\n' ' ')"
    elif ! cmp -s "$tmp/$name.cvm" "$tmp/$name.native"; then
        fail "$name" "stdout differs: $(diff "$tmp/$name.cvm" "$tmp/$name.native" | head -4 | tr '\n' ' ')"
    elif [ "$(sums "$dc")" != "$(sums "$dn")" ]; then
        fail "$name" "files differ: $(diff <(sums "$dc") <(sums "$dn") | head -4 | tr '\n' ' ')"
    else
        pass "$name"
        return 0
    fi
    return 1
}
same_fs lua-fs-files "$T/lua-fs/files.lua" lua -
# A database file: build it from basic.sql (.read), then reopen it.
echo '.read basic.sql' >"$tmp/read.sql"
FILES="$T/sqlite/basic.sql" same_fs sqlite-fs-create "$tmp/read.sql" sqlite3 t.db
printf 'SELECT count(*), sum(salary) FROM emp;\nPRAGMA integrity_check;\nSELECT * FROM audit;\n' >"$tmp/reopen.sql"
"$IV" run --root "$tmp/sqlite-fs-create.cdir" "$ROOT/$C/sqlite3" t.db <"$tmp/reopen.sql" >"$tmp/reopen.cvm" 2>/dev/null
(cd "$tmp/sqlite-fs-create.ndir" && "$ROOT/$N/sqlite3" t.db) <"$tmp/reopen.sql" >"$tmp/reopen.native" 2>/dev/null
if cmp -s "$tmp/reopen.cvm" "$tmp/reopen.native" && grep -q '^ok$' "$tmp/reopen.cvm"; then
    pass sqlite-fs-reopen-read-only-root
else
    fail sqlite-fs-reopen-read-only-root "$(diff "$tmp/reopen.cvm" "$tmp/reopen.native" | head -4 | tr '\n' ' ')"
fi
# speedtest1 on a database file (rollback journal, fsync, unlink)
"$IV" run --root "$tmp" --rw "$ROOT/$C/speedtest1" --size 3 --verify st-cvm.db </dev/null >"$tmp/stf.cvm" 2>&1; rc=$?
(cd "$tmp" && "$ROOT/$N/speedtest1" --size 3 --verify st-native.db) </dev/null >"$tmp/stf.native" 2>&1; rn=$?
strip() { sed -E 's/ +[0-9]+\.[0-9]+s$//' "$1"; }
if [ $rc -eq 0 ] && [ $rn -eq 0 ] && diff <(strip "$tmp/stf.cvm") <(strip "$tmp/stf.native") >/dev/null; then
    pass speedtest1-fs-file-db
else
    fail speedtest1-fs-file-db "status $rc/$rn: $(diff <(strip "$tmp/stf.cvm") <(strip "$tmp/stf.native") | head -4 | tr '\n' ' ')"
fi
# zlib: the whole example (gz* file functions on foo.gz), minigzip on files
same_fs zlib-fs-example /dev/null example
cp "$tmp/data" "$tmp/zdata"
FILES="$tmp/zdata" same_fs zlib-fs-minigzip-file /dev/null minigzip -9 zdata
FILES="$tmp/data.native.gz" same_fs zlib-fs-minigzip-d-file /dev/null minigzip -d data.native.gz
