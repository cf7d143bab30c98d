#!/usr/bin/env python3
"""bench/sandbox_share.py [--rounds N] [--cpu C] VARIANT...: the measuring
side of bench/sandbox_variants.sh.  Runs speedtest1 (--memdb --size 50)
natively, as the normal cVM, and as each variant built by
sandbox_variants.sh (build/sandbox-variants/var-VARIANT/, run by the
measuring monitor), N rounds, every run pinned to CPU C, each round starting
with a different build.  Prints, per build, the medians of the per-round
ratios to native of user CPU time and of user+sys, and the minima.

Why this shape (docs/benchmarks.md "Measuring on this machine"): a virtual
CPU's speed moves by up to 1.5x from minute to minute, so only runs next to
each other on the same CPU compare; and a run leaves the next one free huge
pages or none, which moves system time by 50 ms, so the order rotates and
user time is shown on its own."""
import argparse, os, statistics, subprocess, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ap = argparse.ArgumentParser()
ap.add_argument("--rounds", type=int, default=11)
ap.add_argument("--cpu", type=int, default=os.cpu_count() - 1)
ap.add_argument("variants", nargs="*")
o = ap.parse_args()
B = os.path.join(root, "build")
V = os.path.join(B, "sandbox-variants")
args = ["--memdb", "--size", "50"]
builds = [("native", [os.path.join(B, "programs/native/speedtest1")]),
          ("cvm", [os.path.join(B, "bin/intravisor"), "run", os.path.join(B, "programs/cvm/speedtest1")])]
for v in o.variants:
    img = os.path.join(V, "var-" + v, "speedtest1")
    if not os.path.exists(img):
        sys.exit(f"sandbox_share: {img} missing (bench/sandbox_variants.sh {v} builds it)")
    builds.append((v, [os.path.join(V, "intravisor-noverify"), "run", img]))
for name, cmd in builds: # warm the verification cache and the page cache
    subprocess.run(cmd + ["--size", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
user = {n: [] for n, _ in builds}
total = {n: [] for n, _ in builds}
for r in range(o.rounds):
    for name, cmd in builds[r % len(builds):] + builds[:r % len(builds)]:
        p = subprocess.Popen(["taskset", "-c", str(o.cpu)] + cmd + args,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, st, ru = os.wait4(p.pid, 0)
        if st:
            sys.exit(f"sandbox_share: {name} failed (status {st})")
        user[name].append(ru.ru_utime)
        total[name].append(ru.ru_utime + ru.ru_stime)
print(f"speedtest1 --memdb --size 50, {o.rounds} rounds on CPU {o.cpu}; per-round ratios to native (medians), minima in s")
for name, _ in builds:
    ru = statistics.median(a / b for a, b in zip(user[name], user["native"]))
    rt = statistics.median(a / b for a, b in zip(total[name], total["native"]))
    print(f"{name:36s} user {ru:.3f}x (min {min(user[name]):.3f})  user+sys {rt:.3f}x (min {min(total[name]):.3f})")
