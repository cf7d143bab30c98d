/* CAP Streams (docs/ipc.md): named one-way byte streams between two cVMs,
 * seen by the cVMs as file descriptors.  Each stream is a ring in monitor
 * memory (capstream.c); a cVM's descriptor for one of its ends is a
 * virtual file of fs/ (struct iv_file_ops). */
#ifndef MONITOR_IPC_CAPSTREAM_H
#define MONITOR_IPC_CAPSTREAM_H
#include <stdint.h>

/* Registers the per-cVM hook, the hostcall and the /cap/ names.  Once. */
void iv_capstream_register(void);
/* cVM `name` exists, with a stream to each of to[0..nto) (`streams:` in
 * YAML).  Before it starts.  `again`: the name was declared before (a
 * daemon removed that cVM): the old one's streams are forgotten and the
 * ones to it that are over start afresh.  0, or -1 with a message. */
int iv_capstream_declare(const char *name, int nto, char *const *to, int again);
/* cVM `name` has ended (one run): the ends it never opened are closed, so
 * its peer sees EOF or EPIPE instead of waiting forever. */
void iv_capstream_forget(const char *name);

long hc_stream_open(uint64_t name, uint64_t flags);
/* The same for a name already copied in: openat of "/cap/NAME" comes here
 * (fs/'s prefix table), so unmodified programs (and shell redirections)
 * reach streams by path. */
long iv_stream_open_name(const char *name, int flags);
#endif
