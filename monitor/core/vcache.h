/* The verification cache: verdicts of this very monitor build on images it
 * accepted, kept on disk so that the next start of the same image skips
 * verifying it (docs/monitor.md "Verification cache"). */
#ifndef MONITOR_VCACHE_H
#define MONITOR_VCACHE_H
#include "core/loader.h"

/* Reads the user's cache secret: before any seccomp filter (keyctl is not
 * on its list).  Later calls do nothing; without it, no cache. */
void iv_vcache_init(void);
/* If this monitor build accepted the image with img->hash before: sets
 * img->rets/nrets to the sites it found then and returns 1.  0: verify. */
int iv_vcache_find(struct iv_image *img);
/* Records that img (its hash, rets and nrets) was just accepted.  Failures
 * are silent: the cache only saves time. */
void iv_vcache_store(const struct iv_image *img);
#endif
