/* CAP Streams (docs/ipc.md): named one-way byte streams between two cVMs
 * of a deployment, seen by the cVMs as file descriptors.  Each stream is a
 * ring in monitor memory (capstream.c); a cVM's descriptor for one of its
 * ends is a struct iv_file with `ring` set (hc_fs.h). */
#ifndef MONITOR_CAPSTREAM_H
#define MONITOR_CAPSTREAM_H
#include <stdint.h>

struct cfg;
struct iv_file;
struct iv_ring;
struct stat;

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

/* read / write on a stream end (f->ring set): like a pipe's, -errno on
 * failure (EBADF on the wrong end, EAGAIN, EPIPE, EFAULT, EINTR when the
 * cVM is dying). */
long iv_stream_read(struct iv_file *f, uint64_t buf, uint64_t len);
long iv_stream_write(struct iv_file *f, uint64_t buf, uint64_t len);
/* End e (0 read, 1 write) of r is gone: the last reference to its file. */
void iv_stream_close(struct iv_ring *r, int e);
/* poll: the revents of stream end f for `events`, from the ring's state. */
short iv_stream_revents(struct iv_file *f, short events);
/* A poller: while added, every change of the other side's state that may
 * make f ready writes to the eventfd efd.  Add before computing revents. */
struct iv_poller {
    int efd;
    struct iv_poller *next;
};
void iv_stream_poll_add(struct iv_file *f, struct iv_poller *p);
void iv_stream_poll_del(struct iv_file *f, struct iv_poller *p);
/* fstat of a stream end: a FIFO. */
void iv_stream_stat(struct iv_file *f, struct stat *st);
#endif
