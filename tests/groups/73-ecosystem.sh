#!/bin/bash
# cVM images in the ecosystem (docs/ivcc.md "Building existing projects"):
# the image mark, `intravisor binfmt install|status|uninstall` and ./prog
# through the handler (stdio, exit status, signals, what it may touch, an
# 8 MiB stack), ivcc -shared, a library (zlib) built with ivcc and found
# through pkg-config, CMake (cmake/ivcc.cmake: try_run, a Debian project's
# ctest) and autotools (GNU gzip 1.12: configure, make, make check).
# binfmt_misc is global to the machine: the group installs the handler and
# leaves the registration as it found it.  A few minutes (gzip's build and
# its make check take most of it).
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
OUT=$ROOT/build/test/ecosystem
ECO=$ROOT/build/eco
rm -rf "$OUT" && mkdir -p "$OUT" "$ECO"
IVCC=$BIN/ivcc IV=$BIN/intravisor
make -s -C "$ROOT" all sysroot >"$OUT/make.log" 2>&1 || { fail eco-build "$(tail -5 "$OUT/make.log" | tr '\n' ' ')"; exit 0; }
for t in autoreconf cmake pkg-config makeinfo; do
    command -v $t >/dev/null || fail eco-tools "$t is missing (scripts/install-deps.sh)"
done

# --- the mark --------------------------------------------------------------
printf '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n' >"$OUT/hello.c"
"$IVCC" -O2 "$OUT/hello.c" -o "$OUT/hello" || { fail eco-hello "ivcc failed"; exit 0; }
[ "$(od -An -c -j9 -N5 "$OUT/hello" | tr -d ' ')" = ivcvm ] && pass mark-written ||
    fail mark-written "no ivcvm in e_ident: $(od -An -tx1 -N16 "$OUT/hello")"
out=$("$IV" run "$OUT/hello" 2>&1) && [ "$out" = hello ] && pass mark-roundtrip-run || fail mark-roundtrip-run "$out"
gcc -O2 -static-pie "$OUT/hello.c" -o "$OUT/native" || fail eco-native "gcc failed"
out=$("$IV" verify "$OUT/native" 2>&1)
[ $? = 1 ] && grep -q "no cVM image mark" <<<"$out" && pass mark-native-unmarked-refused ||
    fail mark-native-unmarked-refused "$out"
cp "$OUT/native" "$OUT/forged" && "$BIN/iv-mark" "$OUT/forged"
out=$("$IV" verify "$OUT/forged" 2>&1)
[ $? = 1 ] && ! grep -q "no cVM image mark" <<<"$out" && pass mark-forged-native-refused ||
    fail mark-forged-native-refused "the verifier should refuse the code: $out"
out=$("$IV" run "$OUT/forged" 2>&1)
[ $? = 1 ] && pass mark-forged-native-not-run || fail mark-forged-native-not-run "$out"

# --- binfmt ----------------------------------------------------------------
ENTRY=/proc/sys/fs/binfmt_misc/intravisor
had_entry=0; [ -e "$ENTRY" ] && had_entry=1
restore() { if [ $had_entry = 0 ]; then "$IV" binfmt uninstall >/dev/null 2>&1; else "$IV" binfmt install >/dev/null 2>&1; fi; }
trap restore EXIT
if ! out=$("$IV" binfmt install 2>&1); then
    if ! grep -q binfmt_misc /proc/filesystems; then
        echo "SKIP binfmt: this kernel has no binfmt_misc ($out)"
    else
        fail binfmt-install "$out"
    fi
    exit 0
fi
pass binfmt-install
out=$("$IV" binfmt status) && grep -q "interpreter $BIN/intravisor-binfmt" <<<"$out" && grep -q enabled <<<"$out" &&
    grep -q '^flags: PF' "$ENTRY" && pass binfmt-status || fail binfmt-status "$out"

"$IVCC" -O2 tests/ecosystem/probe.c -o "$OUT/probe" || { fail eco-probe "ivcc failed"; exit 0; }
cd "$OUT"
out=$(./hello) && [ "$out" = hello ] && pass handler-run || fail handler-run "$out"
out=$(printf 'one\ntwo\n' | ./probe cat) && [ "$out" = $'one\ntwo' ] && pass handler-stdin-stdout || fail handler-stdin-stdout "$out"
./probe exit 42; [ $? = 42 ] && pass handler-exit-status || fail handler-exit-status "status $?"
out=$(./probe argv0) && [ "$out" = ./probe ] && pass handler-argv0 || fail handler-argv0 "$out"
out=$(IV_TEST_VAR=xyz ./probe env IV_TEST_VAR) && [ "$out" = xyz ] && pass handler-env || fail handler-env "$out"
# Signals: ended by the signal itself, as a native program would be (not
# exit(128+N)); python shows a signal death as a negative status.
st=$(python3 -c 'import subprocess; print(subprocess.run(["./probe", "abort"], stderr=subprocess.DEVNULL).returncode)')
[ "$st" = -6 ] && pass handler-signal-abort || fail handler-signal-abort "status $st, want -6 (SIGABRT)"
st=$(python3 -c '
import subprocess, signal
p = subprocess.Popen(["./probe", "sleep"], stdout=subprocess.PIPE)
p.stdout.readline()
p.send_signal(signal.SIGTERM)
print(p.wait(timeout=20))')
[ "$st" = -15 ] && pass handler-signal-term || fail handler-signal-term "status $st, want -15 (SIGTERM)"
out=$(./probe deep 6000) && [ "$out" = 1 ] && pass stack-8m-default || fail stack-8m-default "6 MiB of recursion: $out"
"$IV" run --stack 1M probe deep 6000 >/dev/null 2>&1; st=$?
[ $st = 139 ] && pass stack-flag-1m-faults || fail stack-flag-1m-faults "status $st, want 139"
out=$("$IV" run --stack 16M probe deep 12000) && [ "$out" = 1 ] && pass stack-flag-16m || fail stack-flag-16m "$out"
# Charged for what it uses: the first MiB at load, the rest once touched.
out=$("$IV" run --mem 16M probe stackmap 0 12) && [ "$out" = mapped ] && pass stack-untouched-not-charged ||
    fail stack-untouched-not-charged "12 MiB mmap in a 16 MiB budget with an untouched 8 MiB stack: $out"
out=$("$IV" run --mem 16M probe stackmap 6000 12) && [ "$out" = ENOMEM ] && pass stack-touched-charged ||
    fail stack-touched-charged "the same after 6 MiB of recursion: $out"
cat >"$OUT/stack.yaml" <<EOF
cvms:
  - name: small
    runtime: probe
    args: deep 6000
    stack: 1M
EOF
"$IV" up "$OUT/stack.yaml" >/dev/null 2>&1; st=$?
sed -i 's/stack: 1M/stack: 12M/' "$OUT/stack.yaml"
out=$("$IV" up "$OUT/stack.yaml" 2>&1)
[ $st != 0 ] && grep -q '^1$' <<<"$out" && pass stack-yaml-key || fail stack-yaml-key "1M: status $st; 12M: $out"

# What ./prog may touch: the directory it was started in and below.
echo secret >"$ROOT/build/test/ecosystem-outside.txt"
./probe open /etc/passwd >/dev/null; [ $? = 1 ] && pass confine-etc-refused || fail confine-etc-refused "/etc/passwd opened"
./probe open probe.c >/dev/null 2>&1 || cp "$ROOT/tests/ecosystem/probe.c" .
./probe open probe.c >/dev/null && ./probe open "$OUT/probe.c" >/dev/null && pass confine-cwd-readable ||
    fail confine-cwd-readable "relative or host-path open in the working directory failed"
./probe open ../ecosystem-outside.txt >/dev/null; [ $? = 1 ] && ./probe open "$ROOT/build/test/ecosystem-outside.txt" >/dev/null
[ $? = 1 ] && pass confine-parent-refused || fail confine-parent-refused "a file above the working directory was opened"
./probe write made.txt && [ "$(cat made.txt)" = data ] && pass confine-cwd-writable || fail confine-cwd-writable "no made.txt"
IV_BINFMT_RW=0 ./probe write ro.txt 2>/dev/null; [ $? = 1 ] && [ ! -e ro.txt ] && pass confine-rw0-readonly ||
    fail confine-rw0-readonly "IV_BINFMT_RW=0 allowed a write"
IV_BINFMT_ROOT=none ./probe open probe.c >/dev/null; [ $? = 1 ] && pass confine-root-none || fail confine-root-none "opened"
# A host path is resolved against the root's host name once: the file at
# host path $OUT$OUT/nested.txt is root/$OUT/nested.txt, not root/nested.txt.
mkdir -p "./$OUT" && echo nested >"./$OUT/nested.txt" && rm -f nested.txt
./probe open "$OUT$OUT/nested.txt" >/dev/null && pass confine-host-path-once ||
    fail confine-host-path-once "$OUT$OUT/nested.txt was resolved as $OUT/nested.txt"
# ... and so is a path the call changes (unlink, mkdir, rename: the parent
# directory): the nested file goes, a same-named one at the top stays.
echo top >nested.txt
./probe unlink "$OUT$OUT/nested.txt" && [ ! -e "./$OUT/nested.txt" ] && [ -e nested.txt ] && pass confine-host-path-once-unlink ||
    fail confine-host-path-once-unlink "unlink of $OUT$OUT/nested.txt: nested $(ls "./$OUT" 2>&1), top $(ls nested.txt 2>&1)"
rm -f nested.txt
mkdir -p sub && out=$(cd sub && IV_BINFMT_ROOT=$OUT ../probe open ../probe.c && ../probe cwd) &&
    [ "$out" = $'../probe.c: opened\n'"$OUT/sub" ] && pass confine-root-widened || fail confine-root-widened "$out"
rm -f "$ROOT/build/test/ecosystem-outside.txt"
cd "$ROOT"

# --- -shared, as static-only toolchains answer it --------------------------
printf 'int twice(int x) { return 2 * x; }\n' >"$OUT/twice.c"
printf 'int twice(int);\nint main(void) { return twice(21); }\n' >"$OUT/usetwice.c"
"$IVCC" -fPIC -shared -Wl,-soname,libtwice.so.1 "$OUT/twice.c" -o "$OUT/libtwice.so" &&
    "$IVCC" "$OUT/usetwice.c" -L"$OUT" -ltwice -o "$OUT/usetwice" && { "$OUT/usetwice"; [ $? = 42 ]; } &&
    pass shared-lib-linked || fail shared-lib-linked "-shared then -L -l"
[ "$("$IVCC" -print-file-name=libc.a)" = "$("$IVCC" -print-sysroot)/lib/libc.a" ] && pass print-queries ||
    fail print-queries "-print-file-name=libc.a: $("$IVCC" -print-file-name=libc.a)"

# --- a library built with ivcc, found through pkg-config -------------------
bash scripts/fetch-source.sh zlib 1.2.13 third_party/zlib >"$OUT/fetch-zlib.log" 2>&1 &&
    bash scripts/fetch-source.sh libyaml 0.2.5 third_party/libyaml >"$OUT/fetch-yaml.log" 2>&1 &&
    bash scripts/fetch-source.sh gzip 1.12 third_party/gzip >"$OUT/fetch-gzip.log" 2>&1 ||
    { fail eco-fetch "$(tail -3 "$OUT"/fetch-*.log | tr '\n' ' ')"; exit 0; }
STAGE=$ECO/stage
rm -rf "$ECO/zlib" "$STAGE" && cp -a third_party/zlib "$ECO/zlib"
(cd "$ECO/zlib" && CC=$IVCC ./configure --static --prefix=/usr && make -j2 && make install DESTDIR="$STAGE") \
    >"$OUT/zlib.log" 2>&1 && pass zlib-lib-built || fail zlib-lib-built "$(tail -5 "$OUT/zlib.log" | tr '\n' ' ')"
cat >"$OUT/zprog.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include <zlib.h>
int main(void)
{
    const char *msg = "a cVM linked against zlib built with ivcc, a cVM linked against zlib";
    unsigned char z[256], back[256];
    uLongf zl = sizeof z, bl = sizeof back;
    if (compress(z, &zl, (const Bytef *)msg, strlen(msg) + 1) != Z_OK || uncompress(back, &bl, z, zl) != Z_OK)
        return 1;
    printf("zlib %s %s\n", zlibVersion(), strcmp(msg, (char *)back) ? "differs" : "round trip");
    return 0;
}
EOF
zflags=$(PKG_CONFIG_SYSROOT_DIR=$STAGE PKG_CONFIG_LIBDIR=$STAGE/usr/lib/pkgconfig pkg-config --cflags --libs zlib)
"$IVCC" -O2 "$OUT/zprog.c" $zflags -o "$OUT/zprog" && out=$("$OUT/zprog") && [ "$out" = "zlib 1.2.13 round trip" ] &&
    pass zlib-pkg-config-program || fail zlib-pkg-config-program "flags '$zflags': $out"
"$IVCC" -O2 "$OUT/zprog.c" -I"$STAGE/usr/include" -L"$STAGE/usr/lib" -lz -o "$OUT/zprog2" && "$OUT/zprog2" >/dev/null &&
    pass zlib-prefix-flags || fail zlib-prefix-flags "-I/-L from the prefix"

# --- CMake -------------------------------------------------------------------
TC=$ROOT/cmake/ivcc.cmake
rm -rf "$OUT/cmake-probe" && mkdir -p "$OUT/cmake-probe"
(cd "$OUT/cmake-probe" && cmake -DCMAKE_TOOLCHAIN_FILE="$TC" "$ROOT/tests/ecosystem/cmake-probe" && make && ctest) \
    >"$OUT/cmake-probe.log" 2>&1 && grep -q "try_run status 7, output pid 1" "$OUT/cmake-probe.log" &&
    pass cmake-try-run-ctest || fail cmake-try-run-ctest "$(grep -E 'Error|FAIL' "$OUT/cmake-probe.log" | head -3 | tr '\n' ' ')"
rm -rf "$ECO/libyaml" && mkdir -p "$ECO/libyaml"
(cd "$ECO/libyaml" && cmake -DCMAKE_TOOLCHAIN_FILE="$TC" -DBUILD_TESTING=ON "$ROOT/third_party/libyaml" &&
    make -j2 && ctest --output-on-failure) >"$OUT/libyaml.log" 2>&1 &&
    grep -q "100% tests passed, 0 tests failed out of 2" "$OUT/libyaml.log" && pass cmake-libyaml-ctest ||
    fail cmake-libyaml-ctest "$(tail -5 "$OUT/libyaml.log" | tr '\n' ' ')"

# --- autotools: GNU gzip 1.12 ------------------------------------------------
# Debian's patches touch configure.ac and doc/gzip.texi, so, like Debian's
# own build, autoreconf first (in a copy: the fetched tree stays as fetched).
G=$ECO/gzip
rm -rf "$G" && cp -a third_party/gzip "$G"
(cd "$G" && autoreconf -fi && CC=$IVCC ./configure) >"$OUT/gzip-configure.log" 2>&1 &&
    pass gzip-configure || fail gzip-configure "$(tail -5 "$OUT/gzip-configure.log" | tr '\n' ' ')"
grep -q "checking whether we are cross compiling... no" "$OUT/gzip-configure.log" && pass gzip-not-cross ||
    fail gzip-not-cross "$(grep 'cross compiling' "$OUT/gzip-configure.log")"
(cd "$G" && make -j2) >"$OUT/gzip-make.log" 2>&1 && "$IV" verify "$G/gzip" >/dev/null && pass gzip-make ||
    fail gzip-make "$(tail -5 "$OUT/gzip-make.log" | tr '\n' ' ')"
# The tests read $abs_srcdir (the tree) from their own directories below it:
# the tree is the cVMs' root.
(cd "$G" && IV_BINFMT_ROOT=$G make -j2 check) >"$OUT/gzip-check.log" 2>&1; st=$?
grep -E '^(PASS|FAIL|XPASS|ERROR|SKIP): ' "$OUT/gzip-check.log" | sed -E 's/^(PASS|SKIP): (.*)/PASS gzip-check-\2/;
    s/^(FAIL|XPASS|ERROR): (.*)/FAIL gzip-check-\2: see build\/eco\/gzip\/tests\/\2.log/'
n=$(grep -c '^PASS: ' "$OUT/gzip-check.log")
[ $st = 0 ] && [ "$n" -ge 26 ] && pass "gzip-make-check ($n tests)" || fail gzip-make-check "status $st, $n passed"

# --- uninstall: native exec is refused, not a crash --------------------------
out=$("$IV" binfmt uninstall) && [ ! -e "$ENTRY" ] && pass binfmt-uninstall || fail binfmt-uninstall "$out"
"$IV" binfmt status >/dev/null; [ $? = 1 ] && pass binfmt-status-absent || fail binfmt-status-absent "status 0"
bash -c "$OUT/hello" 2>"$OUT/native.err"; st=$?
[ $st = 126 ] && grep -q "Exec format error" "$OUT/native.err" && pass native-exec-126 ||
    fail native-exec-126 "status $st: $(cat "$OUT/native.err")"
file "$OUT/hello" | grep -q "intravisor cVM image: run it with intravisor run FILE" && pass native-file-says ||
    fail native-file-says "$(file "$OUT/hello")"
