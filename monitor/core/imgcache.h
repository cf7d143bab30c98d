/* Cache of verified images, keyed by the SHA-256 of their bytes. */
#ifndef MONITOR_IMGCACHE_H
#define MONITOR_IMGCACHE_H
#include "core/loader.h"
/* Returns a verified image for `path`: the file is read, hashed, and looked
 * up; on a miss it is verified and kept.  The bytes returned are the cached
 * bytes that were verified, never re-read from disk.  NULL on failure
 * (message on stderr). */
const struct iv_image *iv_imgcache_get(const char *path);
/* The same, but always reads and hashes the file (no identity fast path):
 * what a warm start costs when the file's times changed (benchmarks). */
const struct iv_image *iv_imgcache_get_reread(const char *path);
#endif
