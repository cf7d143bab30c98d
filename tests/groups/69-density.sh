#!/bin/bash
# Density (docs/monitor.md "Density"): thousands of cVMs in one monitor,
# one verified and shared copy of an image's pages, limits that say which
# setting is too low.  10,000 cVMs run here when vm.max_map_count can be
# raised for the test (root), else 1,000 (and a SKIP line for 10,000);
# bench/density.sh times and sizes them.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
IV=$BIN/intravisor
T=$(mktemp -d)
old_maps=$(cat /proc/sys/vm/max_map_count)
cleanup() { [ "$(cat /proc/sys/vm/max_map_count)" = "$old_maps" ] || echo "$old_maps" >/proc/sys/vm/max_map_count; rm -rf "$T"; }
trap cleanup EXIT

if ! "$BIN/ivcc" -O2 "$ROOT/tests/density/inst.c" -o "$T/inst" >"$T/build.log" 2>&1; then
    fail density-build "$(tail -5 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
pass density-build

jobs_yaml() { # N FILE: N cVMs that exit 0 at once
    { echo "cVMs:"; for ((i = 0; i < $1; i++)); do echo "  - {name: j$i, runtime: inst, args: job, memory: 2M}"; done; } >"$T/$2"
}

# A limit reached: more cVMs than vm.max_map_count allows at the default
# reserves is refused before anything starts, naming the setting.
echo 65530 >/proc/sys/vm/max_map_count 2>/dev/null
if [ "$(cat /proc/sys/vm/max_map_count)" = 65530 ]; then
    jobs_yaml 2000 over.yaml
    (cd "$T" && timeout 120 "$IV" up over.yaml >"$T/over.out" 2>"$T/over.err")
    rc=$?
    last=over
    ok density-limit-names-setting "[ $rc -ne 0 ] && grep -q 'vm.max_map_count' $T/over.err &&
        grep -q 'nothing was started' $T/over.err && ! grep -q 'exited' $T/over.err"
else
    echo "SKIP density-limit-names-setting: vm.max_map_count cannot be set to its default here"
fi

# Thousands of cVMs deploy, run a trivial job each, end; the summary counts them all.
N=10000
if ! echo 1048576 >/proc/sys/vm/max_map_count 2>/dev/null; then
    echo "SKIP density-10000: vm.max_map_count cannot be raised here (needs root); 1000 instead"
    N=1000
fi
jobs_yaml $N many.yaml
start=$(date +%s.%N)
(cd "$T" && timeout 300 "$IV" up many.yaml >"$T/many.out" 2>"$T/many.err")
rc=$?
last=many
echo "# $N cVMs: $(echo "$(date +%s.%N) - $start" | bc) s to deploy, run and end"
ok density-$N "[ $rc -eq 0 ] && grep -q 'many.yaml: $N cVMs, $N exited 0, 0 did not' $T/many.err"

# Two instances of one image share its code pages (the kernel's smaps, not
# the design, says so), and each has its own data.
cat >"$T/two.yaml" <<YAML
cVMs:
  - {name: a, runtime: inst, args: [own, alpha]}
  - {name: b, runtime: inst, args: [own, beta]}
YAML
mkfifo "$T/in"
cd "$T"
timeout 60 "$IV" up two.yaml <in >two.out 2>two.err &
tpid=$!
exec 7>"$T/in" # the cVMs' stdin: open (and empty) until we close it
for _ in $(seq 200); do [ "$(grep -c '^up' "$T/two.out")" -ge 2 ] && break; sleep 0.05; done
pid=$(pgrep -P $tpid -x intravisor || echo $tpid)
cd "$ROOT"
# the monitor's mappings of the image template: code (r-xp) in both regions
python3 - "$pid" >"$T/smaps.txt" <<'PY'
import re, sys
cur = None
for line in open(f"/proc/{sys.argv[1]}/smaps"):
    m = re.match(r"^[0-9a-f]+-[0-9a-f]+ (\S+) \S+ \S+ \S+\s*(.*)$", line)
    if m:
        cur = m.group(1) if "iv-image" in m.group(2) else None
        if cur == "r-xp":
            print("map")
    elif cur == "r-xp" and line.split(":")[0] in ("Rss", "Pss", "Shared_Clean", "Shared_Dirty"):
        print(line.split(":")[0], line.split()[1])
PY
exec 7>&-
wait $tpid
rc=$?
last=two
maps=$(grep -c '^map' "$T/smaps.txt")
shared=$(awk '/^Shared_(Clean|Dirty)/ {s += $2} END {print s + 0}' "$T/smaps.txt")
rss=$(awk '/^Rss/ {s += $2} END {print s + 0}' "$T/smaps.txt")
pss=$(awk '/^Pss/ {s += $2} END {print s + 0}' "$T/smaps.txt")
echo "# code mappings $maps, Rss $rss kB, Pss $pss kB, shared $shared kB"
ok density-code-pages-shared "[ $maps -eq 2 ] && [ $shared -gt 0 ] && [ $pss -lt $rss ]"
ok density-data-private "[ $rc -eq 0 ] && grep -qx 'own alpha alpha' $T/two.out && grep -qx 'own beta beta' $T/two.out"
