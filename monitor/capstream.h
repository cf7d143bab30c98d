/* CAP Streams (docs/ipc.md): named one-way byte streams between two cVMs
 * of a deployment, seen by the cVMs as file descriptors. */
#ifndef MONITOR_CAPSTREAM_H
#define MONITOR_CAPSTREAM_H
#include <stdint.h>

struct cfg;

/* Creates every stream the deployment declares (cVM A with `streams: [B]`
 * gives the stream A -> B) before any cVM starts.  0, or -1 with a
 * message. */
int iv_capstream_setup(const struct cfg *c);
/* cVM `name` has ended (one run): the ends it never opened are closed, so
 * its peer sees EOF or EPIPE instead of waiting forever. */
void iv_capstream_forget(const char *name);

long hc_stream_open(uint64_t name, uint64_t flags);
/* The same for a name already copied in: openat of "/cap/NAME" (hc_fs.c)
 * comes here, so unmodified programs (and shell redirections) reach
 * streams by path. */
long iv_stream_open_name(const char *name, int flags);
#endif
