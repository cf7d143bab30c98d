#!/bin/bash
# Packages a program as an OCI image, offline (docs/oci.md "Images"):
#   scripts/oci-image.sh [--out DIR] NAME PROGRAM [FILE...]
# The root file system holds PROGRAM at /bin/<its name> (the image's
# command) and each FILE under /, as given (relative paths).  It is written
# as DIR/NAME.tar (default DIR: build/oci) and, when podman is installed,
# imported as localhost/NAME:latest.  For a cVM, PROGRAM is an image built
# with ivcc; the same script packages a native program for runc.
set -euo pipefail
out=build/oci
if [ "${1:-}" = --out ]; then out=$2; shift 2; fi
if [ $# -lt 2 ]; then
    echo "usage: $0 [--out DIR] NAME PROGRAM [FILE...]" >&2
    exit 2
fi
name=$1 prog=$2
shift 2
[ -f "$prog" ] || { echo "$0: $prog: no such file" >&2; exit 1; }
mkdir -p "$out"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/tmp"
base=$(basename "$prog")
cp "$prog" "$root/bin/$base"
for f in "$@"; do
    mkdir -p "$root/$(dirname "$f")"
    cp -r "$f" "$root/$f"
done
tar --owner=0 --group=0 --numeric-owner -C "$root" -cf "$out/$name.tar" .
echo "$out/$name.tar"
if command -v podman >/dev/null; then
    podman import --quiet --change "CMD [\"/bin/$base\"]" --change "ENV PATH=/bin" \
        "$out/$name.tar" "localhost/$name:latest" >/dev/null
    echo "localhost/$name:latest"
fi
