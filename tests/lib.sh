# Helpers for test groups: source this file. Results go to stdout as
# "PASS name" / "FAIL name: why" for tests/run.sh to count.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${IV_BIN:-$ROOT/build/bin}
# Host tools built with AddressSanitizer/UBSan (make test builds them).
SANBIN=${IV_SANBIN:-$ROOT/build/san/bin}
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
# check NAME CONDITION-COMMAND...: PASS if the command succeeds.
check() { local n=$1; shift; if "$@"; then pass "$n"; else fail "$n" "command failed: $*"; fi; }
