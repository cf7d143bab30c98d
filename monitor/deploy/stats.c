/* The --stats object of one cVM (docs/config.md), built with json-c:
 * `up --stats` writes one per cVM at the end, the daemon serves them live. */
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "deploy/deploy_int.h"

static const char *hc_name(int i, char *buf, size_t n)
{
    static const char *names[IV_HC_MAX] = {
        [IV_HC_EXIT] = "exit", [IV_HC_WRITE] = "write", [IV_HC_READ] = "read", [IV_HC_CLOCK] = "clock",
        [IV_HC_NANOSLEEP] = "nanosleep", [IV_HC_GETRANDOM] = "getrandom", [IV_HC_THREAD_CREATE] = "thread_create",
        [IV_HC_THREAD_EXIT] = "thread_exit", [IV_HC_THREAD_JOIN] = "thread_join", [IV_HC_THREAD_SELF] = "thread_self",
        [IV_HC_FUTEX_WAIT] = "futex_wait", [IV_HC_FUTEX_WAKE] = "futex_wake", [IV_HC_MMAP] = "mmap",
        [IV_HC_MUNMAP] = "munmap", [IV_HC_MPROTECT] = "mprotect", [IV_HC_GETNAME] = "getname",
#ifdef IV_HC_OPENAT /* the file hostcalls (hc_fs.c), when present */
        [IV_HC_OPENAT] = "openat", [IV_HC_CLOSE] = "close", [IV_HC_PREAD] = "pread", [IV_HC_PWRITE] = "pwrite",
        [IV_HC_LSEEK] = "lseek", [IV_HC_FSTATAT] = "fstatat", [IV_HC_GETDENTS] = "getdents",
        [IV_HC_READLINKAT] = "readlinkat", [IV_HC_MKDIRAT] = "mkdirat", [IV_HC_UNLINKAT] = "unlinkat",
        [IV_HC_RENAMEAT] = "renameat", [IV_HC_FTRUNCATE] = "ftruncate", [IV_HC_FSYNC] = "fsync",
        [IV_HC_FCNTL] = "fcntl", [IV_HC_DUP] = "dup", [IV_HC_FACCESSAT] = "faccessat",
        [IV_HC_UTIMENSAT] = "utimensat", [IV_HC_PIPE] = "pipe", [IV_HC_POLL] = "poll", [IV_HC_ISATTY] = "isatty",
        [IV_HC_CHDIR] = "chdir", [IV_HC_GETCWD] = "getcwd", [IV_HC_SYMLINKAT] = "symlinkat",
        [IV_HC_LINKAT] = "linkat", [IV_HC_FCHMODAT] = "fchmodat",
#endif
        [IV_HC_CAP_FILE_MAP] = "cap_file_map", [IV_HC_CAP_FILE_UNMAP] = "cap_file_unmap",
        [IV_HC_CAP_FILE_READ] = "cap_file_read", [IV_HC_CAP_FILE_WRITE] = "cap_file_write",
        [IV_HC_CAP_FILE_CREATE] = "cap_file_create", [IV_HC_CAP_FILE_GRANT] = "cap_file_grant",
        [IV_HC_CAP_FILE_REVOKE] = "cap_file_revoke", [IV_HC_STREAM_OPEN] = "stream_open",
        [IV_HC_CAP_CALL_SETUP] = "cap_call_setup", [IV_HC_CAP_EXPORT] = "cap_export",
        [IV_HC_CAP_IMPORT] = "cap_import", [IV_HC_CAP_CALL] = "cap_call", [IV_HC_CAP_RETURN] = "cap_return",
        [IV_HC_CAP_SERVE] = "cap_serve", [IV_HC_SYSINFO] = "sysinfo",
        [IV_HC_SOCKET] = "socket", [IV_HC_SOCKETPAIR] = "socketpair", [IV_HC_BIND] = "bind",
        [IV_HC_LISTEN] = "listen", [IV_HC_ACCEPT] = "accept", [IV_HC_CONNECT] = "connect",
        [IV_HC_SENDMSG] = "sendmsg", [IV_HC_RECVMSG] = "recvmsg", [IV_HC_SHUTDOWN] = "shutdown",
        [IV_HC_SOCKNAME] = "sockname", [IV_HC_SETSOCKOPT] = "setsockopt", [IV_HC_GETSOCKOPT] = "getsockopt",
        [IV_HC_EPOLL_CREATE] = "epoll_create", [IV_HC_EPOLL_CTL] = "epoll_ctl", [IV_HC_EPOLL_WAIT] = "epoll_wait",
        [IV_HC_EVENTFD] = "eventfd", [IV_HC_TIMERFD_CREATE] = "timerfd_create",
        [IV_HC_TIMERFD_SETTIME] = "timerfd_settime", [IV_HC_TIMERFD_GETTIME] = "timerfd_gettime",
        [IV_HC_SENDFILE] = "sendfile", [IV_HC_SEND] = "send", [IV_HC_RECV] = "recv",
        [IV_HC_SCHED_YIELD] = "sched_yield",
        [IV_HC_SIGBOX] = "sigbox", [IV_HC_SET_TP] = "set_tp", [IV_HC_STATFS] = "statfs", [IV_HC_MADVISE] = "madvise",
    };
    if (names[i])
        return names[i];
    snprintf(buf, n, "hostcall_%d", i); /* newer hostcalls: by number */
    return buf;
}

json_object *dp_stats_json(struct dp_cvm *d)
{
    struct dp_info i;
    dp_info(d, &i);
    json_object *o = json_object_new_object(), *hc = json_object_new_object();
    json_object_object_add(o, "name", json_object_new_string(d->v->name));
    json_object_object_add(o, "image", json_object_new_string(d->v->runtime));
    json_object_object_add(o, "started", json_object_new_boolean(d->runs != 0));
    json_object_object_add(o, "start", d->runs ? json_object_new_double(d->t_start) : NULL);
    json_object_object_add(o, "end", d->runs && d->state == DP_ENDED ? json_object_new_double(d->t_end) : NULL);
    json_object_object_add(o, "status", d->runs && d->state == DP_ENDED ? json_object_new_int(d->status) : NULL);
    json_object_object_add(o, "result", json_object_new_string(d->runs ? i.result : "not started"));
    json_object_object_add(o, "restarts", json_object_new_int(d->restarts));
    json_object_object_add(o, "peak_memory", json_object_new_uint64(i.peak));
    json_object_object_add(o, "cpu_seconds", json_object_new_double(i.cpu));
    if (d->state == DP_RUNNING)
        json_object_object_add(o, "memory", json_object_new_uint64(i.memory));
    for (int k = 0; k < IV_HC_MAX; k++) {
        uint64_t n = d->hc[k] + (d->state == DP_RUNNING && d->c ? dp_live_hc(d, k) : 0);
        if (n) {
            char buf[32];
            json_object_object_add(hc, hc_name(k, buf, sizeof buf), json_object_new_uint64(n));
        }
    }
    json_object_object_add(o, "hostcalls", hc);
    /* Network counters (docs/net.md "Accounting"): ended runs plus the
     * running one. */
    struct iv_net_stats ns = d->net, live;
    if (d->state == DP_RUNNING && d->c) {
        iv_net_stats_of(d->c, &live);
        ns.refused += live.refused;
        ns.conns_in += live.conns_in;
        ns.conns_out += live.conns_out;
        ns.bytes_in += live.bytes_in;
        ns.bytes_out += live.bytes_out;
        for (int k = 0; k < live.nfirst && ns.nfirst < IV_NET_FIRST_REFUSALS; k++)
            memcpy(ns.first[ns.nfirst++], live.first[k], sizeof live.first[k]);
    }
    json_object *net = json_object_new_object(), *first = json_object_new_array();
    json_object_object_add(net, "refused", json_object_new_uint64(ns.refused));
    for (int k = 0; k < ns.nfirst; k++)
        json_object_array_add(first, json_object_new_string(ns.first[k]));
    json_object_object_add(net, "first_refused", first);
    json_object_object_add(net, "connections_in", json_object_new_uint64(ns.conns_in));
    json_object_object_add(net, "connections_out", json_object_new_uint64(ns.conns_out));
    json_object_object_add(net, "bytes_in", json_object_new_uint64(ns.bytes_in));
    json_object_object_add(net, "bytes_out", json_object_new_uint64(ns.bytes_out));
    json_object_object_add(o, "net", net);
    return o;
}
