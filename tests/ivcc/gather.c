/* Gathers and scatters through a cVM: vector-indexed loads with a base, a
 * vector of pointers as the index (no base: ivcc writes addr32 out), and a
 * scatter; AVX2 and AVX-512 parts run where the CPU has them (cpuid).
 * 20-ivcc.sh compares the output with the same program built natively. */
#include <immintrin.h>
#include <stdio.h>
#include <stdint.h>
static unsigned cpuid7b(void) { unsigned a = 7, b, c = 0, d; __asm__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d)); return b; }
static int table[64];
__attribute__((target("avx2"))) static long g2(void) {
    __m256i idx = _mm256_setr_epi32(3, 1, 4, 1, 5, 9, 2, 6);
    __m256i v = _mm256_i32gather_epi32(table, idx, 4);           /* base + ymm index */
    const int *ptrs[4] = {&table[7], &table[8], &table[60], &table[0]};
    __m256i pv = _mm256_loadu_si256((const __m256i *)ptrs);
    __m128i w = _mm256_i64gather_epi32((const int *)0, pv, 1);    /* no base: pointers as indices */
    int o[8], q[4];
    _mm256_storeu_si256((__m256i *)o, v);
    _mm_storeu_si128((__m128i *)q, w);
    long s = 0;
    for (int i = 0; i < 8; i++) s = s * 131 + o[i];
    for (int i = 0; i < 4; i++) s = s * 131 + q[i];
    return s;
}
__attribute__((target("avx512f"))) static long g512(void) {
    const int *ptrs[8];
    for (int i = 0; i < 8; i++) ptrs[i] = &table[i * 7];
    __m512i pv = _mm512_loadu_si512(ptrs);
    __m256i w = _mm512_i64gather_epi32(pv, (const void *)4, 1); /* no base, disp 4 */
    int q[8];
    _mm256_storeu_si256((__m256i *)q, w);
    _mm512_i32scatter_epi32(table, _mm512_setr_epi32(63,62,61,60,59,58,57,56,55,54,53,52,51,50,49,48), _mm512_set1_epi32(-1), 4);
    long s = 0;
    for (int i = 0; i < 8; i++) s = s * 131 + q[i];
    for (int i = 48; i < 64; i++) s = s * 131 + table[i];
    return s;
}
int main(void) {
    for (int i = 0; i < 64; i++) table[i] = i * i + 1;
    unsigned b = cpuid7b();
    if (b >> 5 & 1) printf("avx2 %ld\n", g2()); else printf("no avx2\n");
    if (b >> 16 & 1) printf("avx512 %ld\n", g512()); else printf("no avx512\n");
    return 0;
}
