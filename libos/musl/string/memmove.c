/* memmove and the copy loops memcpy shares, SSE2 (see iv_simd.h), AVX2
 * for long copies where the CPU has it.
 * Every path loads what it will store before storing it, chunk by chunk,
 * and loads the unaligned head and tail first and stores them last, so it
 * is correct for any overlap in the direction it walks. */
#include <string.h>
#include <stdint.h>
#include "iv_simd.h"

/* Copies of more than IV_AVX2_MIN bytes use 32-byte AVX2 vectors when the
 * CPU has them (iv_simd.h): twice the SSE2 loop's width (SQLite copies
 * whole 4 KiB pages; glibc's memmove there is AVX-512 or `rep movsb`,
 * which the sandbox forbids).  Same structure as the SSE2 loops below, so
 * the same overlap argument holds. */

__attribute__((target("avx2"), noinline))
static void *copy_fwd_avx2(unsigned char *d, const unsigned char *s, size_t n)
{
	iv_v32 head = *(const iv_v32u *)s, tail = *(const iv_v32u *)(s + n - 32);
	size_t k = 32 - ((uintptr_t)d & 31); /* first 32-aligned byte of d, 1..32 */
	for (; n - k > 128; k += 128) {
		iv_v32 a = *(const iv_v32u *)(s + k), b = *(const iv_v32u *)(s + k + 32);
		iv_v32 c = *(const iv_v32u *)(s + k + 64), e = *(const iv_v32u *)(s + k + 96);
		*(iv_v32a *)(d + k) = a;
		*(iv_v32a *)(d + k + 32) = b;
		*(iv_v32a *)(d + k + 64) = c;
		*(iv_v32a *)(d + k + 96) = e;
	}
	for (; n - k > 32; k += 32)
		*(iv_v32a *)(d + k) = *(const iv_v32u *)(s + k);
	*(iv_v32u *)d = head;
	*(iv_v32u *)(d + n - 32) = tail;
	iv_vzeroupper();
	return d;
}

__attribute__((target("avx2"), noinline))
static void *copy_bwd_avx2(unsigned char *d, const unsigned char *s, size_t n)
{
	iv_v32 head = *(const iv_v32u *)s, tail = *(const iv_v32u *)(s + n - 32);
	size_t k = n - ((uintptr_t)(d + n) & 31); /* end of the last aligned chunk */
	if (k == n)
		k -= 32; /* d+n aligned: the tail store covers [n-32, n) */
	for (; k > 128 + 32; k -= 128) {
		iv_v32 a = *(const iv_v32u *)(s + k - 32), b = *(const iv_v32u *)(s + k - 64);
		iv_v32 c = *(const iv_v32u *)(s + k - 96), e = *(const iv_v32u *)(s + k - 128);
		*(iv_v32a *)(d + k - 32) = a;
		*(iv_v32a *)(d + k - 64) = b;
		*(iv_v32a *)(d + k - 96) = c;
		*(iv_v32a *)(d + k - 128) = e;
	}
	for (; k > 32; k -= 32)
		*(iv_v32a *)(d + k - 32) = *(const iv_v32u *)(s + k - 32);
	*(iv_v32u *)(d + n - 32) = tail;
	*(iv_v32u *)d = head;
	iv_vzeroupper();
	return d;
}

/* 32 < n <= IV_AVX2_MIN, any overlap: two to eight 32-byte vectors from
 * both ends, all loaded before any is stored, no loop (glibc's shape for
 * these sizes; SQLite's cell copies are mostly here). */
__attribute__((target("avx2"), noinline))
void *__iv_copy_mid_avx2(unsigned char *d, const unsigned char *s, size_t n)
{
	iv_v32 a = *(const iv_v32u *)s, z = *(const iv_v32u *)(s + n - 32);
	if (n <= 64) {
		*(iv_v32u *)d = a;
		*(iv_v32u *)(d + n - 32) = z;
	} else if (n <= 128) {
		iv_v32 b = *(const iv_v32u *)(s + 32), y = *(const iv_v32u *)(s + n - 64);
		*(iv_v32u *)d = a;
		*(iv_v32u *)(d + 32) = b;
		*(iv_v32u *)(d + n - 64) = y;
		*(iv_v32u *)(d + n - 32) = z;
	} else {
		iv_v32 b = *(const iv_v32u *)(s + 32), c = *(const iv_v32u *)(s + 64), e = *(const iv_v32u *)(s + 96);
		iv_v32 w = *(const iv_v32u *)(s + n - 128), x = *(const iv_v32u *)(s + n - 96),
		       y = *(const iv_v32u *)(s + n - 64);
		*(iv_v32u *)d = a;
		*(iv_v32u *)(d + 32) = b;
		*(iv_v32u *)(d + 64) = c;
		*(iv_v32u *)(d + 96) = e;
		*(iv_v32u *)(d + n - 128) = w;
		*(iv_v32u *)(d + n - 96) = x;
		*(iv_v32u *)(d + n - 64) = y;
		*(iv_v32u *)(d + n - 32) = z;
	}
	iv_vzeroupper();
	return d;
}

/* n > 32; correct when d <= s or the buffers do not overlap. */
void *__iv_copy_fwd(unsigned char *d, const unsigned char *s, size_t n)
{
	iv_v16 head = iv_loadu(s), tail = iv_loadu(s + n - 16);
	size_t k = 16 - ((uintptr_t)d & 15); /* first 16-aligned byte of d, 1..16 */
	for (; n - k > 64; k += 64) {
		iv_v16 a = iv_loadu(s + k), b = iv_loadu(s + k + 16);
		iv_v16 c = iv_loadu(s + k + 32), e = iv_loadu(s + k + 48);
		iv_storea(d + k, a);
		iv_storea(d + k + 16, b);
		iv_storea(d + k + 32, c);
		iv_storea(d + k + 48, e);
	}
	for (; n - k > 16; k += 16)
		iv_storea(d + k, iv_loadu(s + k));
	iv_storeu(d, head);
	iv_storeu(d + n - 16, tail);
	return d;
}

/* n > 32, d > s: the mirror image, walking down from the end. */
static void *copy_bwd(unsigned char *d, const unsigned char *s, size_t n)
{
	iv_v16 head = iv_loadu(s), tail = iv_loadu(s + n - 16);
	size_t k = n - ((uintptr_t)(d + n) & 15); /* end of the last aligned chunk */
	if (k == n)
		k -= 16; /* d+n aligned: the tail store covers [n-16, n) */
	for (; k > 64 + 16; k -= 64) {
		iv_v16 a = iv_loadu(s + k - 16), b = iv_loadu(s + k - 32);
		iv_v16 c = iv_loadu(s + k - 48), e = iv_loadu(s + k - 64);
		iv_storea(d + k - 16, a);
		iv_storea(d + k - 32, b);
		iv_storea(d + k - 48, c);
		iv_storea(d + k - 64, e);
	}
	for (; k > 16; k -= 16)
		iv_storea(d + k - 16, iv_loadu(s + k - 16));
	iv_storeu(d + n - 16, tail);
	iv_storeu(d, head);
	return d;
}

/* n > IV_AVX2_MIN, forward: kept apart from __iv_copy_fwd so that the
 * medium copies' leaf function stays a leaf (a call in it made its 200-byte
 * copies 2.5 ns slower in a cVM). */
void *__iv_copy_long_fwd(unsigned char *d, const unsigned char *s, size_t n)
{
	return iv_avx2() ? copy_fwd_avx2(d, s, n) : __iv_copy_fwd(d, s, n);
}

void *memmove(void *dest, const void *src, size_t n)
{
	unsigned char *d = dest;
	const unsigned char *s = src;
	if (n <= 32)
		return iv_copy_small(d, s, n);
	if (n <= 64)
		return iv_copy_64(d, s, n); /* any overlap */
	if (n <= IV_AVX2_MIN && iv_avx2())
		return __iv_copy_mid_avx2(d, s, n); /* any overlap */
	if ((uintptr_t)d - (uintptr_t)s >= n) /* d before s, or no overlap */
		return n > IV_AVX2_MIN ? __iv_copy_long_fwd(d, s, n) : __iv_copy_fwd(d, s, n);
	return n > IV_AVX2_MIN && iv_avx2() ? copy_bwd_avx2(d, s, n) : copy_bwd(d, s, n);
}
