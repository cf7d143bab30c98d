#!/bin/bash
# nginx 1.22 (Debian's source, built by `make programs`: configured with
# the native musl toolchain, compiled with ivcc; and natively with gcc) as a
# cVM with master_process off, daemon off, sendfile on: curl fetches the
# same files from the cVM (published port) and from the native server and
# must get the same bodies and statuses, over keep-alive connections.
# Loopback only; every wait is bounded.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
T=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
if make -s -j2 build/programs/cvm/nginx build/programs/native/nginx >"$T/build.log" 2>&1; then
    pass nginx-build
else
    fail nginx-build "$(grep -m3 -iE 'error' "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
BASE=$((20000 + RANDOM % 12000)) # below the ephemeral range (32768-)
PC=$BASE PN=$((BASE + 1))
site() { # site DIR: the same static files in both roots
    mkdir -p "$1/html/sub" "$1/tmp" "$1/etc"
    # nginx started as root (uid 0 in a cVM) looks up its `user`; `root`
    # owns the temporary directories already, so it never chowns them
    # (chown is ENOSYS in a cVM)
    echo "root:x:0:0:root:/root:/bin/sh" >"$1/etc/passwd"
    echo "root:x:0:" >"$1/etc/group"
    echo "<h1>intravisor</h1>" >"$1/html/index.html"
    head -c 1024 /dev/urandom >"$1/html/1k.bin"
    echo sub >"$1/html/sub/a.txt"
}
conf() { # conf LISTEN ROOTPATH PIDPATH
    cat <<C
master_process off;
daemon off;
user root root;
worker_processes 1;
error_log stderr warn;
pid $3;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    default_type application/octet-stream;
    client_body_temp_path $2/../tmp;
    server {
        listen $1;
        root $2;
    }
}
C
}
site "$T/root"
site "$T/native"
head -c $((1 << 20)) /dev/urandom >"$T/root/html/1m.bin"
cp "$T/root/html/1m.bin" "$T/root/html/1k.bin" "$T/native/html/"
conf 127.0.0.1:8080 /html /nginx.pid >"$T/root/nginx.conf"
conf "127.0.0.1:$PN" "$T/native/html" "$T/native/nginx.pid" >"$T/native/nginx.conf"
timeout 120 "$BIN/intravisor" run --root "$T/root" --rw --publish "$PC:8080" build/programs/cvm/nginx -p / -c /nginx.conf \
    >"$T/cvm.log" 2>&1 &
cvm_pid=$!
pids+=($cvm_pid)
timeout 120 build/programs/native/nginx -p "$T/native" -c "$T/native/nginx.conf" >"$T/native.log" 2>&1 &
pids+=($!)
up() { for i in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; return 1; }
up "$PC" && pass nginx-cvm-up || fail nginx-cvm-up "$(tail -5 "$T/cvm.log" | tr '\n' '|')"
up "$PN" && pass nginx-native-up || fail nginx-native-up "$(tail -5 "$T/native.log" | tr '\n' '|')"
for path in / /index.html /1k.bin /1m.bin /sub/a.txt /sub/ /missing /sub; do
    c=$(curl -s -o "$T/c.body" -w '%{http_code} %{size_download} %{content_type}' "http://127.0.0.1:$PC$path")
    n=$(curl -s -o "$T/n.body" -w '%{http_code} %{size_download} %{content_type}' "http://127.0.0.1:$PN$path")
    if [ "$c" = "$n" ] && cmp -s "$T/c.body" "$T/n.body"; then
        pass "nginx-same-as-native $path ($c)"
    else
        fail "nginx-same-as-native $path" "cVM: $c, native: $n"
    fi
done
# keep-alive: several requests on one connection
curl -sv -o /dev/null -o /dev/null -o /dev/null "http://127.0.0.1:$PC/1k.bin" "http://127.0.0.1:$PC/1m.bin" \
    "http://127.0.0.1:$PC/index.html" 2>"$T/ka.err"
[ "$(grep -c 'Re-using existing connection' "$T/ka.err")" = 2 ] && [ "$(grep -c '< HTTP/1.1 200' "$T/ka.err")" = 3 ] &&
    pass nginx-keepalive || fail nginx-keepalive "$(grep -E 'Re-using|HTTP/1.1|Connected' "$T/ka.err" | tr '\n' '|')"
c=$(curl -s -I "http://127.0.0.1:$PC/1m.bin" | grep -i '^content-length' | tr -d '\r')
[ "$c" = "Content-Length: 1048576" ] && pass nginx-head || fail nginx-head "$c"
# 200 requests over 10 parallel keep-alive connections, all complete
seq 200 | xargs -P 10 -I{} curl -s -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$PC/1k.bin" >"$T/par.out"
[ "$(grep -c '^200$' "$T/par.out")" = 200 ] && pass nginx-parallel-requests || fail nginx-parallel-requests "$(sort "$T/par.out" | uniq -c | tr '\n' ' ')"
kill "$cvm_pid"
wait "$cvm_pid"
! grep -qE "intravisor: .*(fault|FATAL)" "$T/cvm.log" && pass nginx-no-monitor-fault ||
    fail nginx-no-monitor-fault "$(grep intravisor: "$T/cvm.log" | head -3 | tr '\n' '|')"
