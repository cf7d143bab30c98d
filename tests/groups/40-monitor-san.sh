#!/bin/bash
# The monitor suite again with the AddressSanitizer/UBSan build of the
# monitor (build/san, from `make BUILD=build/san SAN=1 host-tools`).  The
# cVM images are the same; only the monitor is instrumented.
. "$(dirname "$0")/../lib.sh"
if [ ! -x "$SANBIN/intravisor" ]; then
    echo "SKIP: no sanitizer build at $SANBIN (make san-tools)"
    exit 0
fi
# halt_on_error: any report fails the run; LSan checks the monitor's frees.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
bash "$ROOT/tests/monitor/suite.sh" "$SANBIN/intravisor" monitor-san
