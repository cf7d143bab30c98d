/* perf's map of "JIT" code for cVM images (perfmap.c). */
#ifndef MONITOR_PERFMAP_H
#define MONITOR_PERFMAP_H
#include <stdint.h>
#include "core/loader.h"

/* With IV_PERF_MAP=1: opens /tmp/perf-PID.map (before any seccomp filter). */
void iv_perfmap_init(void);
/* Writes the map to fd instead (tests/fuzz/fuzz_verifier.c). */
void iv_perfmap_use_fd(int fd);
/* Appends img's function symbols, loaded at `load`.  No-op when off. */
void iv_perfmap_add(const struct iv_image *img, uint64_t load);
#endif
