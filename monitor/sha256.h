/* SHA-256 (FIPS 180-4), for the verified-image cache key. */
#ifndef MONITOR_SHA256_H
#define MONITOR_SHA256_H
#include <stddef.h>
#include <stdint.h>
void iv_sha256(const void *data, size_t len, uint8_t out[32]);
#endif
