#!/bin/bash
# podman runs cVM images through the OCI runtime (docs/oci.md): a round
# trip with `podman --runtime build/bin/intravisor-oci run --rm`, exit
# status, -v, -e, -t, podman stop and kill.  podman comes from
# scripts/install-deps.sh; images are built offline (scripts/oci-image.sh).
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
RT=$BIN/intravisor-oci
if ! command -v podman >/dev/null; then
    echo "SKIP podman: podman is not installed (scripts/install-deps.sh installs it)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP podman: needs root (rootless podman needs subuid ranges this test does not set up)"
    exit 0
fi
if ! podman info >/dev/null 2>"${TMPDIR:-/tmp}/podman-info.$$"; then
    echo "SKIP podman: podman cannot run on this machine: $(grep -m1 . "${TMPDIR:-/tmp}/podman-info.$$")"
    rm -f "${TMPDIR:-/tmp}/podman-info.$$"
    exit 0
fi
rm -f "${TMPDIR:-/tmp}/podman-info.$$"
T=$(mktemp -d)
IMG=localhost/iv-test-probe-$$
trap 'podman rm -f -a --filter ancestor=$IMG >/dev/null 2>&1; podman rmi -f $IMG >/dev/null 2>&1; rm -rf "$T"' EXIT
if ! { "$BIN/ivcc" -O2 -pthread "$ROOT/tests/oci/probe.c" -o "$T/probe" &&
    bash "$ROOT/scripts/oci-image.sh" --out "$T" "${IMG#localhost/}" "$T/probe"; } >"$T/build.log" 2>&1; then
    fail podman-image "$(tail -5 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
pass podman-image
# pm ARGS...: podman with our runtime; no network namespace is needed by a
# cVM (it has no network), which also keeps netavark out of the way.
pm() { timeout 60 podman --runtime "$RT" "$@"; }
ok() { if eval "$2"; then pass "$1"; else fail "$1" "$3"; fi; }

out=$(pm run --rm --network none "$IMG" /bin/probe show "two words" 2>&1)
rc=$?
ok podman-run-rm "[ $rc -eq 0 ] && grep -qx 'argv\[2\]=two words' <<<\"\$out\" && grep -qx 'argv\[0\]=/bin/probe' <<<\"\$out\"" "rc $rc: $out"
ok podman-rm-left-nothing "[ -z \"\$(podman ps -a -q --filter ancestor=$IMG)\" ]" "$(podman ps -a --filter ancestor=$IMG)"
out=$(pm run --rm "$IMG" /bin/probe show 2>&1)
ok podman-default-network "grep -qx 'argv\[0\]=/bin/probe' <<<\"\$out\"" "$out"
pm run --rm --network none "$IMG" /bin/probe exit 7 >/dev/null 2>&1
rc=$?
ok podman-exit-status "[ $rc -eq 7 ]" "rc $rc"
out=$(pm run --rm --network none -e FOO=from-podman "$IMG" /bin/probe show 2>&1)
ok podman-env "grep -qx 'FOO=from-podman' <<<\"\$out\"" "$out"
out=$(pm run --rm --network none -w /tmp "$IMG" /bin/probe show 2>&1)
ok podman-workdir "grep -qx 'cwd=/tmp' <<<\"\$out\"" "$out"
mkdir -p "$T/data"
echo "host file" >"$T/data/f"
out=$(pm run --rm --network none -v "$T/data:/data" "$IMG" /bin/probe cat /data/f 2>&1)
ok podman-volume "grep -qx 'host file' <<<\"\$out\"" "$out"
out=$(pm run --rm --network none -v "$T/data:/data" "$IMG" /bin/probe put /data/new 2>&1)
ok podman-volume-rw "grep -q 'write ok' <<<\"\$out\" && [ -e '$T/data/new' ]" "$out"
out=$(pm run --rm --network none -v "$T/data:/data:ro" "$IMG" /bin/probe put /data/ro 2>&1)
ok podman-volume-ro "grep -q 'write refused' <<<\"\$out\" && [ ! -e '$T/data/ro' ]" "$out"
# podman's default rlimits (nofile 1048576) cannot all be raised on these
# machines: the runtime applies what it can and runs the cVM anyway.
out=$(pm run --rm --network none "$IMG" /bin/probe exit 0 2>&1)
ok podman-default-rlimits "[ $? -eq 0 ]" "$out"
out=$(pm run --rm -t --network none "$IMG" /bin/probe show 2>&1)
ok podman-terminal "grep -q \$'argv\\\\[0\\\\]=/bin/probe\\r' <<<\"\$out\"" "$(od -c <<<"$out" | head -3)"
out=$(pm run --rm --network none -m 64m --pids-limit 4 "$IMG" /bin/probe threads 8 2>&1)
ok podman-limits "grep -qx 'threads: 3 started, 5 EAGAIN' <<<\"\$out\"" "$out"

id=$(pm run -d --network none "$IMG" /bin/probe sleep 2>&1)
sleep 0.5
st=$(pm inspect --format '{{.State.Status}}' "$id" 2>&1)
pm stop -t 10 "$id" >/dev/null 2>&1
code=$(pm inspect --format '{{.State.ExitCode}}' "$id" 2>&1)
logs=$(pm logs "$id" 2>&1)
pm rm "$id" >/dev/null 2>&1
ok podman-stop "[ '$st' = running ] && [ '$code' = 143 ] && grep -q sleeping <<<'$logs'" "state $st code $code logs $logs"
# a program that handles SIGTERM stops gracefully (docs/monitor.md
# "Signals from outside"): its handler runs and it exits 0
id=$(pm run -d --network none "$IMG" /bin/probe term 2>&1)
sleep 0.5
pm stop -t 20 "$id" >/dev/null 2>&1
code=$(pm inspect --format '{{.State.ExitCode}}' "$id" 2>&1)
logs=$(pm logs "$id" 2>&1)
pm rm "$id" >/dev/null 2>&1
ok podman-stop-graceful "[ '$code' = 0 ] && grep -q graceful <<<'$logs'" "code $code logs $logs"
id=$(pm run -d --network none "$IMG" /bin/probe sleep 2>&1)
sleep 0.3
pm kill "$id" >/dev/null 2>&1
pm wait "$id" >/dev/null 2>&1
code=$(pm inspect --format '{{.State.ExitCode}}' "$id" 2>&1)
pm rm "$id" >/dev/null 2>&1
ok podman-kill "[ '$code' = 137 ]" "code $code"
out=$(pm run --rm --network none "$IMG" /bin/nothing 2>&1)
rc=$?
ok podman-missing-image-clear-error "[ $rc -ne 0 ] && grep -q \"'/bin/nothing': no such cVM image\" <<<\"\$out\"" "rc $rc: $out"
