#!/bin/bash
# Checks the monitor's layering (monitor/layers): every source file lives in
# a listed subsystem folder, every project include names its folder
# ("core/cvm.h"), and no file includes a header from a folder it may not
# depend on.  Prints one line per violation; exits 1 if there is any.
# With OBJDIR (the build's obj/monitor), also checks the linked symbols: an
# object may only use functions and data defined in folders it may depend
# on, so a hand-written prototype cannot get round the include rule.
# Usage: check-layout.sh [MONITOR_DIR [OBJDIR]]   (default: monitor/ of this repository)
set -uo pipefail
dir=${1:-$(cd "$(dirname "$0")/.." && pwd)/monitor}
declare -A allowed
while IFS=: read -r folder deps; do
    [[ $folder =~ ^[[:space:]]*(#|$) ]] && continue
    allowed[$folder]=" $deps "
done <"$dir/layers"
bad=0
while IFS= read -r f; do
    rel=${f#"$dir"/}
    folder=${rel%%/*}
    if [[ $rel != */* || -z ${allowed[$folder]+x} ]]; then
        echo "$rel: not in a subsystem folder listed in monitor/layers"
        bad=1
        continue
    fi
    while IFS= read -r line; do
        n=${line%%:*}
        inc=$(sed -E 's/^[0-9]+:[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]*)".*/\1/' <<<"$line")
        [[ $inc == intravisor/* ]] && continue # the shared headers in include/
        if [[ $inc != */* ]]; then
            echo "$rel:$n: #include \"$inc\": name the folder (e.g. \"$folder/$inc\")"
            bad=1
        elif [[ ${allowed[$folder]} != *" ${inc%%/*} "* ]]; then
            echo "$rel:$n: #include \"$inc\": $folder/ may not depend on ${inc%%/*}/ (monitor/layers)"
            bad=1
        fi
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f")
done < <(find "$dir" -type f \( -name '*.c' -o -name '*.h' -o -name '*.S' \) | sort)
objdir=${2:-}
if [ -n "$objdir" ]; then
    declare -A home # symbol -> folder defining it
    for folder in "${!allowed[@]}"; do
        for o in "$objdir/$folder"/*.o; do
            [ -e "$o" ] || continue
            while read -r sym; do home[$sym]=$folder; done < <(nm --defined-only -g "$o" | awk '{print $3}')
        done
    done
    for folder in "${!allowed[@]}"; do
        for o in "$objdir/$folder"/*.o; do
            [ -e "$o" ] || continue
            while read -r sym; do
                h=${home[$sym]:-}
                if [ -n "$h" ] && [[ ${allowed[$folder]} != *" $h "* ]]; then
                    echo "$folder/$(basename "$o"): uses $sym from $h/: $folder/ may not depend on $h/ (monitor/layers)"
                    bad=1
                fi
            done < <(nm -u "$o" | awk '{print $2}')
        done
    done
fi
exit $bad
