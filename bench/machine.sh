# Sourced by the benchmark scripts: one line naming the machine a result
# came from (CPU, the features the sandbox's cost depends on, kernel,
# clocksource, load), since machines of our kind differ (FSGSBASE, the
# cost of a system call, a segment base's load latency).
bench_machine() {
    local flags feats="" f
    flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
    for f in sse4_2 avx2 avx512f bmi2 erms fsrm fsgsbase; do
        [[ $flags == *" $f "* ]] && feats+="$f "
    done
    echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), ${feats% }, kernel $(uname -r), clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null || echo '?'), load $(cut -d' ' -f1-3 /proc/loadavg)"
}
