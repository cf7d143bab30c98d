#!/bin/bash
# The OCI runtime (docs/oci.md) against hand-written bundles: the
# runtime-spec commands, the config.json mapping, and bad bundles refused
# with a clear error and nothing left behind.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
RT=$BIN/intravisor-oci
T=$(mktemp -d)
R=$T/state                      # --root
trap 'for c in $(ls "$R" 2>/dev/null); do "$RT" --root "$R" delete --force "$c" >/dev/null 2>&1; done; rm -rf "$T"' EXIT
PY=$(command -v /usr/bin/python3 || command -v python3)

if ! { "$BIN/ivcc" -O2 -pthread "$ROOT/tests/oci/probe.c" -o "$T/probe" &&
    clang -c "$ROOT/examples/escape.S" -o "$T/escape.o" &&
    ld.lld -pie --no-dynamic-linker -z separate-code -z max-page-size=4096 -z noexecstack \
        -e _start "$T/escape.o" -o "$T/escape.img" && "$BIN/iv-mark" "$T/escape.img"; } >"$T/build.log" 2>&1; then
    fail oci-build "$(tail -5 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
# bundle NAME ARGS-JSON [EXTRA-PROCESS-JSON] [EXTRA-TOP-JSON]: a bundle with probe at /bin/probe
bundle() {
    local b=$T/$1
    mkdir -p "$b/rootfs/bin" "$b/rootfs/sub"
    cp "$T/probe" "$b/rootfs/bin/probe"
    echo "in the image" >"$b/rootfs/sub/file.txt"
    cat >"$b/config.json" <<J
{"ociVersion": "1.0.2",
 "process": {"terminal": false, "user": {"uid": 0, "gid": 0}, "args": $2,
             "env": ["PATH=/bin", "FOO=bar"], "cwd": "/"${3:+, $3}},
 "root": {"path": "rootfs", "readonly": true},
 "hostname": "cvm",
 "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
 "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "network"}],
           "resources": {"memory": {"limit": 67108864}}}${4:+, $4}}
J
}
reap() { timeout 30 "$PY" "$ROOT/tests/oci/reap.py" "$RT" "$R" "$T/$1" "$2" ${3:-} >"$T/$2.out" 2>"$T/$2.err"; }
out() { cat "$T/$1.out" "$T/$1.err" 2>/dev/null | head -c 600 | tr '\n' '|'; }
left() { [ -z "$(ls -A "$R" 2>/dev/null)" ]; } # nothing left in --root
ok() { if eval "$2"; then pass "$1"; else fail "$1" "$3"; fi; }

# --- the life cycle: create, state, start, exit status, delete ---------------
bundle life '["probe", "exit", "5"]'
"$RT" --root "$R" create --bundle "$T/life" --pid-file "$T/life.pid" c1 >"$T/c1.create" 2>&1
rc=$?
st=$("$RT" --root "$R" state c1 2>&1)
ok oci-create-state-created "[ $rc -eq 0 ] && grep -q '\"status\":\"created\"' <<<'$st' && grep -q \"\\\"pid\\\":\$(cat $T/life.pid)\" <<<'$st'" \
    "rc $rc: $(cat "$T/c1.create") $st"
"$RT" --root "$R" create --bundle "$T/life" c1 2>"$T/dup.err"
ok oci-create-duplicate-id "[ $? -ne 0 ] && grep -q \"container 'c1' already exists\" '$T/dup.err'" "$(cat "$T/dup.err")"
"$RT" --root "$R" delete --force c1
ok oci-delete-force-created "left" "$(ls "$R")"
reap life c2
ok oci-exit-status "grep -qx 'status 5' '$T/c2.out' && left" "$(out c2)"

bundle show '["probe", "show", "two words"]' '"cwd": "/sub"'
reap show c3
ok oci-args-env-cwd "grep -qx 'argv\[2\]=two words' '$T/c3.out' && grep -qx 'FOO=bar' '$T/c3.out' && grep -qx 'cwd=/sub' '$T/c3.out'" "$(out c3)"
bundle relcat '["probe", "cat", "file.txt"]' '"cwd": "/sub"'
reap relcat c4
ok oci-root-is-rootfs "grep -qx 'in the image' '$T/c4.out'" "$(out c4)"
# The synthetic /proc (docs/libos.md): the bundle's hostname and memory limit.
bundle host '["probe", "cat", "/proc/sys/kernel/hostname"]'
reap host c4h
ok oci-hostname "grep -qx 'cvm' '$T/c4h.out'" "$(out c4h)"
bundle mem '["probe", "cat", "/proc/meminfo"]'
reap mem c4m
ok oci-proc-meminfo-limit "grep -Eq '^MemTotal: +65536 kB' '$T/c4m.out'" "$(out c4m)"
bundle ro '["/bin/probe", "put", "/new"]'
reap ro c5
ok oci-root-readonly "grep -q 'write refused' '$T/c5.out' && [ ! -e '$T/ro/rootfs/new' ]" "$(out c5)"
bundle rw '["/bin/probe", "put", "/new"]'
sed -i 's/"readonly": true/"readonly": false/' "$T/rw/config.json"
reap rw c6
ok oci-root-writable "grep -q 'write ok' '$T/c6.out' && [ -e '$T/rw/rootfs/new' ]" "$(out c6)"

bundle user '["/bin/probe", "put", "/new"]'
sed -i 's/"readonly": true/"readonly": false/; s/"uid": 0, "gid": 0/"uid": 65534, "gid": 65534, "umask": 18/' "$T/user/config.json"
chmod 755 "$T" "$T/user" "$T/user/rootfs"
reap user c6u
ok oci-process-user "grep -q 'write refused: Permission denied' '$T/c6u.out' && [ ! -e '$T/user/rootfs/new' ]" "$(out c6u)"
mkdir -p "$T/user/rootfs/home" && chown 65534:65534 "$T/user/rootfs/home"
sed -i 's|"/new"|"/home/new"|' "$T/user/config.json"
reap user c6v
ok oci-process-user-owns-files "grep -q 'write ok' '$T/c6v.out' && [ \"\$(stat -c %u '$T/user/rootfs/home/new')\" = 65534 ]" "$(out c6v)"

# --- signals: SIGTERM ends the cVM (128+15), SIGKILL the monitor -------------
bundle sleep '["probe", "sleep"]'
reap sleep c7 TERM
ok oci-kill-term "grep -qx 'status 143' '$T/c7.out' && left" "$(out c7)"
reap sleep c8 KILL
ok oci-kill-kill "grep -qx 'status 137' '$T/c8.out' && left" "$(out c8)"
"$RT" --root "$R" create --bundle "$T/sleep" c9 && "$RT" --root "$R" start c9
st=$("$RT" --root "$R" state c9)
"$RT" --root "$R" delete c9 2>"$T/del.err"
drc=$?
ok oci-delete-running-refused "grep -q '\"status\":\"running\"' <<<'$st' && [ $drc -ne 0 ] && grep -q 'is running' '$T/del.err'" "$st $(cat "$T/del.err")"
"$RT" --root "$R" kill c9 SIGTERM && sleep 0.3
st=$("$RT" --root "$R" state c9)
"$RT" --root "$R" delete c9
ok oci-state-stopped "grep -q '\"status\":\"stopped\"' <<<'$st' && left" "$st"

# --- resources, rlimits, mounts ------------------------------------------------
bundle thr '["probe", "threads", "8"]' '' '"x-unused": 1'
sed -i 's/, "x-unused": 1//; s/"memory": {"limit": 67108864}/"memory": {"limit": 67108864}, "pids": {"limit": 4}/' "$T/thr/config.json"
reap thr c10
ok oci-pids-limit-threads "grep -qx 'threads: 3 started, 5 EAGAIN' '$T/c10.out'" "$(out c10)"
bundle small '["probe"]'
sed -i 's/"limit": 67108864/"limit": 65536/' "$T/small/config.json"
"$RT" --root "$R" create --bundle "$T/small" c11 2>"$T/small.err"
ok oci-memory-limit-budget "[ $? -ne 0 ] && grep -q 'memory: 65536 bytes is too small' '$T/small.err' && left" "$(cat "$T/small.err")"
bundle rl '["probe", "exit", "0"]' '"rlimits": [{"type": "RLIMIT_NOFILE", "soft": 1024, "hard": 1073741816}, {"type": "RLIMIT_CORE", "soft": 0, "hard": 0}]'
"$RT" --root "$R" --log "$T/rl.log" --log-format json create --bundle "$T/rl" c12 2>"$T/rl.err"
rc=$?
"$RT" --root "$R" delete --force c12 2>/dev/null
ok oci-rlimits-not-fatal "[ $rc -eq 0 ] && grep -q '\"level\":\"warning\".*RLIMIT_NOFILE 1024:1073741816: .*kept' '$T/rl.log'" \
    "rc $rc $(cat "$T/rl.err" "$T/rl.log" 2>/dev/null)"
mkdir -p "$T/host"
echo "from the host" >"$T/host/f"
bundle mnt '["probe", "cat", "/data/f"]' '' '"annotations": {}'
"$PY" - "$T/mnt/config.json" "$T/host" <<'P'
import json, sys
c = json.load(open(sys.argv[1]))
c["mounts"].append({"destination": "/data", "type": "bind", "source": sys.argv[2], "options": ["rbind", "ro"]})
json.dump(c, open(sys.argv[1], "w"))
P
reap mnt c13
ok oci-bind-mount "grep -qx 'from the host' '$T/c13.out' && [ -d '$T/mnt/rootfs/data' ] && ! mountpoint -q '$T/mnt/rootfs/data'" "$(out c13)"
bundle mntw '["probe", "put", "/data/new"]'
"$PY" - "$T/mntw/config.json" "$T/host" <<'P'
import json, sys
c = json.load(open(sys.argv[1]))
c["mounts"].append({"destination": "/data", "type": "bind", "source": sys.argv[2], "options": ["rbind", "ro"]})
json.dump(c, open(sys.argv[1], "w"))
P
reap mntw c14
ok oci-bind-mount-ro "grep -q 'write refused' '$T/c14.out' && [ ! -e '$T/host/new' ]" "$(out c14)"

# --- bad bundles: a clear error, nothing left behind ---------------------------
# bad NAME EXPECTED-REGEX: create must fail with that message, leaving nothing
bad() {
    "$RT" --root "$R" --log "$T/$1.log" create --bundle "$T/$1" "x$1" >"$T/$1.out" 2>&1
    local rc=$?
    ok "oci-bad-$1" "[ $rc -ne 0 ] && grep -Eq \"$2\" '$T/$1.out' && grep -Eq \"$2\" '$T/$1.log' && left && ! pgrep -f 'create --bundle $T/$1 ' >/dev/null" \
        "rc $rc: $(head -c 400 "$T/$1.out") left: $(ls "$R")"
}
bundle norootfs '["probe"]'
rm -rf "$T/norootfs/rootfs"
bad norootfs "root.path .*/norootfs/rootfs: No such file"
bundle unknown '["probe"]' '"terminall": false'
bad unknown "unknown field 'process.terminall'"
bundle unknowntop '["probe"]' '' '"linuxx": {}'
bad unknowntop "unknown field 'linuxx'"
bundle noimage '["/bin/nothing"]'
bad noimage "process.args\\[0\\] '/bin/nothing': no such cVM image"
bundle escape '["/bin/escape"]'
cp "$T/escape.img" "$T/escape/rootfs/bin/escape"
bad escape "refused by the verifier"
bundle native '["/bin/sh"]'
mkdir -p "$T/native/rootfs/bin" && cp /bin/true "$T/native/rootfs/bin/sh"
bad native "refused by the verifier|cannot be read"
bundle noargs '[]'
bad noargs "process.args is empty"
bundle symlink '["/bin/probe2"]'
ln -s /bin/ls "$T/symlink/rootfs/bin/probe2" # resolves inside the root: no /bin/ls there
bad symlink "no such cVM image"
mkdir -p "$T/noconfig"
bad noconfig "config.json: cannot read"
bundle tty '["probe"]'
sed -i 's/"terminal": false/"terminal": true/' "$T/tty/config.json"
bad tty "process.terminal needs --console-socket"

# --- the rest of the command line ----------------------------------------------
"$RT" --root "$R" start nosuch 2>"$T/nosuch.err"
ok oci-start-unknown "[ $? -ne 0 ] && grep -q \"container 'nosuch' does not exist\" '$T/nosuch.err'" "$(cat "$T/nosuch.err")"
"$RT" --root "$R" kill ../x KILL 2>"$T/badid.err"
ok oci-bad-id "[ $? -ne 0 ] && grep -q 'invalid container id' '$T/badid.err'" "$(cat "$T/badid.err")"
f=$("$RT" features)
ok oci-features "$PY -c 'import json,sys; d=json.loads(sys.argv[1]); assert d[\"ociVersionMax\"]' '$f'" "$f"
v=$("$RT" --version)
ok oci-version "grep -q '^intravisor-oci version ' <<<'$v' && grep -q '^spec: 1\.' <<<'$v'" "$v"
v=$("$BIN/intravisor" oci --systemd-cgroup --log-format json --version)
ok oci-subcommand-global-options "grep -q '^intravisor-oci version ' <<<'$v'" "$v"
