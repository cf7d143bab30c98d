#!/bin/bash
# The monitor's layering (monitor/layers, docs/architecture.md): the tree
# and the built objects pass scripts/check-layout.sh, and the check catches
# each kind of violation planted in a copy of the tree.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
CHECK=$ROOT/scripts/check-layout.sh
OBJ=$ROOT/build/obj/monitor
W=$ROOT/build/test/layout
rm -rf "$W"
mkdir -p "$W"

out=$(bash "$CHECK" "$ROOT/monitor" 2>&1)
if [ $? -eq 0 ] && [ -z "$out" ]; then pass layout-includes; else fail layout-includes "$(head -5 <<<"$out" | tr '\n' '|')"; fi
if [ -d "$OBJ/core" ]; then
    out=$(bash "$CHECK" "$ROOT/monitor" "$OBJ" 2>&1)
    if [ $? -eq 0 ] && [ -z "$out" ]; then pass layout-symbols; else fail layout-symbols "$(head -5 <<<"$out" | tr '\n' '|')"; fi
else
    fail layout-symbols "no objects in $OBJ (make host-tools)"
fi

# planted NAME EXPECT(bad|ok) PATTERN-IN-OUTPUT SETUP-COMMANDS: runs the
# check on a fresh copy of monitor/ after SETUP (run inside the copy).
planted() {
    local name=$1 expect=$2 pat=$3 setup=$4 d=$W/$1
    rm -rf "$d"
    cp -r "$ROOT/monitor" "$d"
    (cd "$d" && eval "$setup")
    local out rc
    out=$(bash "$CHECK" "$d" 2>&1)
    rc=$?
    if [ "$expect" = bad ]; then
        if [ $rc -ne 0 ] && grep -q -- "$pat" <<<"$out"; then pass "layout-refuses-$name"; else fail "layout-refuses-$name" "rc $rc: $out"; fi
    else
        if [ $rc -eq 0 ]; then pass "layout-allows-$name"; else fail "layout-allows-$name" "rc $rc: $out"; fi
    fi
}
planted core-up bad 'core/ may not depend on fs/' 'sed -i "1i #include \"fs/fs.h\"" core/cvm.c'
planted fs-up bad 'fs/ may not depend on ipc/' 'sed -i "1i #include \"ipc/capstream.h\"" fs/fs.c'
planted ipc-up bad 'ipc/ may not depend on deploy/' 'sed -i "1i #include \"deploy/config.h\"" ipc/capcall.c'
planted deploy-up bad 'deploy/ may not depend on cli/' 'sed -i "1i #   include \"cli/commands.h\"" deploy/deploy.c'
planted unqualified bad 'name the folder' 'sed -i "1i #include \"cvm.h\"" core/arena.c'
planted loose-file bad 'not in a subsystem folder' 'echo "int x;" > stray.c'
planted unknown-folder bad 'not in a subsystem folder' 'mkdir -p net2 && echo "int x;" > net2/a.c'
planted ipc-down ok '' 'sed -i "1i #include \"fs/fs.h\"" ipc/capfile.c'

# Symbols: an object of core/ that calls a function of ipc/ by a hand-written
# prototype (no include) is caught from the objects.
if [ -d "$OBJ/core" ]; then
    d=$W/objs
    rm -rf "$d"
    cp -r "$OBJ" "$d"
    echo 'void iv_capcall_register(void); void sneak(void) { iv_capcall_register(); }' >"$W/sneak.c"
    gcc -c "$W/sneak.c" -o "$d/core/sneak.o"
    out=$(bash "$CHECK" "$ROOT/monitor" "$d" 2>&1)
    if [ $? -ne 0 ] && grep -q 'uses iv_capcall_register from ipc/' <<<"$out"; then pass layout-refuses-symbol; else fail layout-refuses-symbol "$out"; fi
fi
