#!/bin/bash
# Installs the Debian 12 packages intravisor needs to build and test.
# Idempotent: does nothing when everything is already present.
set -euo pipefail
PKGS=(make gcc clang lld binutils libzydis-dev libcapstone-dev libyaml-dev nettle-dev libjson-c-dev gnuplot-nox bc
      dpkg-dev python3
      libclang-rt-14-dev gcovr   # the fuzzers and make coverage (docs/testing.md)
      podman runc   # the OCI runtime's tests and benchmarks (docs/oci.md); runc is the baseline
      autoconf automake texinfo cmake pkg-config file  # tests/groups/73-ecosystem.sh
      redis-tools wrk) # native clients of the network tests and benchmarks (docs/net.md)
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
