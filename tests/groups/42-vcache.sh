#!/bin/bash
# The verification cache (monitor/core/vcache.c, docs/monitor.md
# "Verification cache"): an accepted image leaves an entry that the next
# start uses instead of verifying; refused images leave none; an entry or a
# directory that is damaged, or that someone else could have written, is not
# believed.  IV_START_REPORT=1 says on stderr where each verdict came from.
# With the normal and the ASan/UBSan monitor.
source "$(dirname "$0")/../lib.sh"
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
if ! build_hello "$T/hello"; then
    fail vcache-build "$(tail -3 "$T/hello.log" | tr '\n' ' ')"
    exit 0
fi
# An accepted image without a single masked return (its entry holds no
# sites): _start makes the exit hostcall (runtime-call slot 0) directly.
printf '%s\n' '__attribute__((noreturn)) void _start(void) {' \
    '    __asm__ volatile("mov $7, %edi\n\taddr32 call *%gs:0x10000\n\tud2");' '    __builtin_unreachable();' '}' >"$T/nosites.c"
if ! { "$BIN/ivcc" -O2 -ffreestanding -c "$T/nosites.c" -o "$T/nosites.o" &&
    "$BIN/ivcc" -nostdlib -o "$T/nosites" "$T/nosites.o"; } >>"$T/build.log" 2>&1; then
    fail vcache-build-nosites "$(tail -3 "$T/build.log" | tr '\n' ' ')"
fi
head -c 4096 /dev/urandom >"$T/garbage"
head -c 3000 "$T/hello" >"$T/truncated"

for iv in "$BIN/intravisor" "$SANBIN/intravisor"; do
    [ -x "$iv" ] || { fail "vcache-monitor" "$iv missing"; continue; }
    tag=$([ "$iv" = "$BIN/intravisor" ] && echo "" || echo "-san")
    C=$T/cache$tag/verified # a directory the first store makes
    # start NAME [ENV...] -- IMAGE: runs the image, its stderr in $err, status in $rc
    start() {
        local name=$1
        shift
        err=$(env IV_START_REPORT=1 IV_VERIFY_CACHE="$C" "$@" "$iv" run "$IMG" 2>&1 >"$T/out.$name"); rc=$?
    }
    entries() { find "$C" -maxdepth 1 -type f -name '????????????????????????????????????????????????????????????????' | wc -l; }
    IMG=$T/hello
    start first
    sites=$(sed -nE 's/.*verified in .* ms, ([0-9]+) return sites/\1/p' <<<"$err")
    if [ $rc -eq 0 ] && grep -q "hello from" "$T/out.first" && [ -n "$sites" ] && [ "$(entries)" = 1 ] &&
        [ "$(stat -c %a "$C")" = 700 ] && [ "$(stat -c %a "$C"/*)" = 600 ]; then
        pass "vcache-store$tag"
    else
        fail "vcache-store$tag" "status $rc, $(entries) entries, report: $err"
    fi
    start second
    if [ $rc -eq 0 ] && cmp -s "$T/out.first" "$T/out.second" &&
        grep -q "verdict from the verification cache in .* ms, $sites return sites" <<<"$err"; then
        pass "vcache-hit$tag"
    else
        fail "vcache-hit$tag" "status $rc, report: $err (verified run: $sites sites)"
    fi
    E=$(ls "$C"/* | head -1)
    # Damage: one flipped byte in the sites, a truncated entry, an empty one.
    for how in flip truncate empty; do
        case $how in
        flip) printf '\x01' | dd of="$E" bs=1 seek=60 conv=notrunc status=none ;;
        truncate) truncate -s -4 "$E" ;;
        empty) : >"$E" ;;
        esac
        start "$how"
        first=$err
        start "$how-again"
        if grep -q "verified in .* $sites return sites" <<<"$first" && cmp -s "$T/out.first" "$T/out.$how" &&
            grep -q "verdict from the verification cache" <<<"$err"; then
            pass "vcache-damaged-$how$tag"
        else
            fail "vcache-damaged-$how$tag" "report: $first / then: $err"
        fi
    done
    # Forged: what a cVM whose root holds the directory could write (files
    # it makes are the monitor user's) -- the entry's own name, layout and
    # key, no sites, and a plain SHA-256 where the HMAC under the user's
    # keyring secret belongs.  Then the right entry comes back.
    python3 - "$E" <<'PY'
import hashlib, struct, sys
e = open(sys.argv[1], "rb").read()
body = e[:40] + struct.pack("<II", 0, 0)
open(sys.argv[1], "wb").write(body + hashlib.sha256(body).digest())
PY
    start forged
    first=$err
    start forged-again
    if grep -q "verified in .* $sites return sites" <<<"$first" &&
        grep -q "verdict from the verification cache in .* $sites return sites" <<<"$err"; then
        pass "vcache-forged-entry$tag"
    else
        fail "vcache-forged-entry$tag" "report: $first / then: $err"
    fi
    # An image with no sites at all: its entry has none to copy.
    IMG=$T/nosites
    start nosites
    first=$err
    r1=$rc
    start nosites-again
    if [ $r1 -eq 7 ] && [ $rc -eq 7 ] && grep -q "verified in .* 0 return sites" <<<"$first" &&
        grep -q "verdict from the verification cache in .* 0 return sites" <<<"$err"; then
        pass "vcache-no-sites$tag"
    else
        fail "vcache-no-sites$tag" "status $r1/$rc, report: $first / then: $err"
    fi
    IMG=$T/hello
    # Not believed: an entry others may write (it is then replaced), one
    # owned by another user, a directory others may write or another user
    # owns (a warning), a directory reached through a symbolic link.
    chmod 666 "$E"
    start others-writable
    if grep -q "verified in" <<<"$err" && [ "$(stat -c %a "$E")" = 600 ]; then
        pass "vcache-entry-others-writable$tag"
    else
        fail "vcache-entry-others-writable$tag" "mode $(stat -c %a "$E"), report: $err"
    fi
    chown nobody "$E"
    start foreign-entry
    if grep -q "verified in" <<<"$err" && [ "$(stat -c %U "$E")" = "$(id -un)" ]; then
        pass "vcache-entry-foreign$tag"
    else
        fail "vcache-entry-foreign$tag" "owner $(stat -c %U "$E"), report: $err"
    fi
    for how in others-writable foreign; do
        if [ $how = others-writable ]; then chmod 777 "$C"; else chmod 700 "$C" && chown nobody "$C"; fi
        start "dir-$how"
        if [ $rc -eq 0 ] && grep -q "verified in" <<<"$err" &&
            grep -q "verification cache $C: not owned by this user or writable by others: not used" <<<"$err"; then
            pass "vcache-dir-$how$tag"
        else
            fail "vcache-dir-$how$tag" "status $rc, report: $err"
        fi
    done
    chown "$(id -u)" "$C"
    mkdir -p "$T/real$tag"
    ln -s "$T/real$tag" "$T/link$tag"
    err=$(IV_START_REPORT=1 IV_VERIFY_CACHE="$T/link$tag" "$iv" run "$IMG" 2>&1 >/dev/null)
    err2=$(IV_START_REPORT=1 IV_VERIFY_CACHE="$T/link$tag" "$iv" run "$IMG" 2>&1 >/dev/null)
    if grep -q "verified in" <<<"$err2" && [ -z "$(ls -A "$T/real$tag")" ]; then
        pass "vcache-dir-symlink$tag"
    else
        fail "vcache-dir-symlink$tag" "report: $err / $err2; $(ls -A "$T/real$tag")"
    fi
    # Refused images: refused every time, and no entry.
    n0=$(entries)
    for bad in garbage truncated; do
        IMG=$T/$bad
        start "$bad"
        r1=$rc
        start "$bad-again"
        if [ $r1 -eq 1 ] && [ $rc -eq 1 ] && ! grep -q "verification cache\|verified in" <<<"$err" &&
            [ "$(entries)" = "$n0" ]; then
            pass "vcache-refused-$bad$tag"
        else
            fail "vcache-refused-$bad$tag" "status $r1/$rc, $(entries) entries (was $n0), report: $err"
        fi
    done
    IMG=$T/hello
    # Off: no directory, always verified.
    err=$(IV_START_REPORT=1 IV_VERIFY_CACHE=off HOME="$T/home$tag" "$iv" run "$IMG" 2>&1 >/dev/null)
    if grep -q "verified in" <<<"$err" && [ ! -e "$T/home$tag" ]; then
        pass "vcache-off$tag"
    else
        fail "vcache-off$tag" "report: $err; $(ls -R "$T/home$tag" 2>&1 | head -3)"
    fi
    # A relative directory (it would follow the current directory): none.
    err=$(cd "$T" && IV_START_REPORT=1 IV_VERIFY_CACHE=rel$tag "$iv" run "$IMG" 2>&1 >/dev/null)
    if grep -q "verified in" <<<"$err" && [ ! -e "$T/rel$tag" ]; then
        pass "vcache-relative-refused$tag"
    else
        fail "vcache-relative-refused$tag" "report: $err; $(ls "$T/rel$tag" 2>&1 | head -2)"
    fi
    # Another user's home: nothing is made in it.
    mkdir -p "$T/alice$tag" && chown nobody "$T/alice$tag"
    err=$(env -u IV_VERIFY_CACHE -u XDG_CACHE_HOME IV_START_REPORT=1 HOME="$T/alice$tag" "$iv" run "$IMG" 2>&1 >/dev/null)
    if grep -q "verified in" <<<"$err" && [ -z "$(ls -A "$T/alice$tag")" ]; then
        pass "vcache-foreign-home$tag"
    else
        fail "vcache-foreign-home$tag" "report: $err; $(ls -A "$T/alice$tag")"
    fi
    # The default place: $XDG_CACHE_HOME, else $HOME/.cache (HOME must exist).
    mkdir -p "$T/home$tag"
    err=$(env -u IV_VERIFY_CACHE -u XDG_CACHE_HOME IV_START_REPORT=1 HOME="$T/home$tag" "$iv" run "$IMG" 2>&1 >/dev/null)
    if grep -q "verified in" <<<"$err" && [ "$(ls "$T/home$tag/.cache/intravisor/verified" | wc -l)" = 1 ]; then
        pass "vcache-default-dir$tag"
    else
        fail "vcache-default-dir$tag" "report: $err; $(ls -R "$T/home$tag" 2>&1 | head -5)"
    fi
    # Below HOME no symlink is followed: a cVM whose root holds HOME could
    # make .cache a link to anywhere the user may write.
    mkdir -p "$T/h2$tag" "$T/victim$tag"
    ln -s "$T/victim$tag" "$T/h2$tag/.cache"
    for i in 1 2; do
        err=$(env -u IV_VERIFY_CACHE -u XDG_CACHE_HOME IV_START_REPORT=1 HOME="$T/h2$tag" "$iv" run "$IMG" 2>&1 >/dev/null)
    done
    if grep -q "verified in" <<<"$err" && [ -z "$(ls -A "$T/victim$tag")" ]; then
        pass "vcache-no-symlink-below-home$tag"
    else
        fail "vcache-no-symlink-below-home$tag" "report: $err; $(ls -R "$T/victim$tag" | head -3)"
    fi
    # Bounded: at 4096 entries the directory is emptied before a store.
    (cd "$C" && seq -f '%064.0f' 1 4096 | xargs touch)
    cp "$T/hello" "$T/hello2" && printf 'x' >>"$T/hello2"
    IMG=$T/hello2
    start prune
    if [ $rc -eq 0 ] && grep -q "verified in" <<<"$err" && [ "$(entries)" = 1 ]; then
        pass "vcache-bounded$tag"
    else
        fail "vcache-bounded$tag" "status $rc, $(entries) entries, report: $err"
    fi
done

# Under the seccomp filter: a daemon deploys (its filter is on by then) into
# a cache directory that is full, so the deployment prunes (getdents64,
# unlinkat) and stores (openat, renameat2); a second daemon reads the entry
# back.  Each must survive every call the cache makes.
for iv in "$BIN/intravisor" "$SANBIN/intravisor"; do
    tag=$([ "$iv" = "$BIN/intravisor" ] && echo "" || echo "-san")
    C=$T/daemon-cache$tag
    mkdir -m 700 "$C" && (cd "$C" && seq -f '%064.0f' 1 4096 | xargs touch)
    printf 'cVMs:\n  - name: hi\n    runtime: %s\n' "$T/hello" >"$T/one$tag.yaml"
    res=()
    for round in 1 2; do
        S=$T/d$tag-$round.sock
        IV_START_REPORT=1 IV_VERIFY_CACHE=$C "$iv" daemon --socket "$S" 2>"$T/daemon$tag-$round.err" &
        dpid=$!
        for _ in $(seq 100); do [ -S "$S" ] && break; sleep 0.05; done
        out=$(timeout 20 "$iv" deploy --socket "$S" "$T/one$tag.yaml" 2>&1)
        st=$(timeout 20 "$iv" wait --socket "$S" hi 2>&1)
        alive=no
        kill -0 $dpid 2>/dev/null && timeout 20 "$iv" ps --socket "$S" >/dev/null 2>&1 && alive=yes
        res+=("round $round: deploy '$out', wait '$st', alive $alive, $(find "$C" -maxdepth 1 -type f | wc -l) files")
        kill -9 $dpid 2>/dev/null
        wait $dpid 2>/dev/null
    done
    if [ "${res[0]}" = "round 1: deploy 'hi', wait '0', alive yes, 1 files" ] &&
        [ "${res[1]}" = "round 2: deploy 'hi', wait '0', alive yes, 1 files" ] &&
        grep -q "hello: verified in" "$T/daemon$tag-1.err" &&
        grep -q "hello: verdict from the verification cache" "$T/daemon$tag-2.err"; then
        pass "vcache-daemon-seccomp$tag"
    else
        fail "vcache-daemon-seccomp$tag" "${res[*]}; $(tail -c 300 "$T/daemon$tag-1.err") / $(tail -c 300 "$T/daemon$tag-2.err")"
    fi
done
