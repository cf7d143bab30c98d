#!/bin/bash
# fetch-source.sh PACKAGE VERSION-PREFIX DEST
# Fetches a Debian source package with `apt-get source` under a private APT
# configuration derived from this machine's own sources (deb -> deb-src), and
# unpacks it into DEST (an ignored directory). Never writes a host name.
set -euo pipefail
pkg=$1 want=$2 dest=$3
if [ -f "$dest/.fetched" ]; then exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/etc/sources.list.d" "$work/lists/partial" "$work/cache/archives/partial"
for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sed 's/^Types:.*$/Types: deb-src/' "$f" > "$work/etc/sources.list.d/$(basename "$f")"
done
if [ -f /etc/apt/sources.list ]; then
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > "$work/etc/sources.list"
else
    : > "$work/etc/sources.list"
fi
opts=(-o Dir::Etc::SourceList="$work/etc/sources.list"
      -o Dir::Etc::SourceParts="$work/etc/sources.list.d"
      -o Dir::State::Lists="$work/lists"
      -o Dir::Cache="$work/cache"
      -o APT::Sandbox::User=root)
apt-get "${opts[@]}" update -qq
mkdir -p "$work/src"
# The newest version first; if its files cannot be downloaded (a security
# update whose files this machine's mirror does not carry was seen), every
# other version the indexes list that matches the wanted one, newest first.
if ! (cd "$work/src" && apt-get "${opts[@]}" source -qq "$pkg" >/dev/null 2>"$work/err"); then
    ok=0
    for v in $(apt-cache "${opts[@]}" showsrc "$pkg" | sed -n 's/^Version: //p' | sort -urV); do
        case "${v#*:}" in "$want"*) ;; *) continue ;; esac # without the epoch
        rm -rf "${work:?}/src"/*
        if (cd "$work/src" && apt-get "${opts[@]}" source -qq "$pkg=$v" >/dev/null 2>>"$work/err"); then
            ok=1
            break
        fi
    done
    if [ $ok -eq 0 ]; then
        cat "$work/err" >&2
        echo "fetch-source: no version of $pkg $want could be downloaded" >&2
        exit 1
    fi
fi
srcdir=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d | head -1)
[ -n "$srcdir" ] || { echo "fetch-source: no source tree for $pkg" >&2; exit 1; }
case "$(basename "$srcdir")" in
    "$pkg-$want"*) ;;
    *) echo "fetch-source: got $(basename "$srcdir"), wanted $pkg $want" >&2; exit 1 ;;
esac
rm -rf "$dest"; mkdir -p "$(dirname "$dest")"
mv "$srcdir" "$dest"
touch "$dest/.fetched"
