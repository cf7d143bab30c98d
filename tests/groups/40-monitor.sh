#!/bin/bash
# The monitor: run, hostcalls, pointer checks, threads, faults, timeouts,
# signals (tests/monitor/suite.sh).
. "$(dirname "$0")/../lib.sh"
bash "$ROOT/tests/monitor/suite.sh" "$BIN/intravisor" monitor
