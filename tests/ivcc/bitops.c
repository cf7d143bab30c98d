/* Atomic bit test-and-set/reset/complement, which gcc compiles to
 * `lock bts/btr/btc %reg, mem` (a register bit offset on memory): ivcc
 * bounds the offset to the operand just before the bit test (docs/sfi.md
 * section 3).  20-ivcc.sh compares the output with the native build. */
#include <stdatomic.h>
#include <stdio.h>
static _Atomic unsigned int w32[4];
static _Atomic unsigned short w16;
static _Atomic unsigned long w64[2];
__attribute__((noinline)) int s32(unsigned i, unsigned b) { unsigned m = 1u << b; return (atomic_fetch_or(&w32[i], m) & m) != 0; }
__attribute__((noinline)) int r32(unsigned i, unsigned b) { unsigned m = 1u << b; return (atomic_fetch_and(&w32[i], ~m) & m) != 0; }
__attribute__((noinline)) int s16(unsigned b) { unsigned short m = (unsigned short)(1u << b); return (atomic_fetch_or(&w16, m) & m) != 0; }
__attribute__((noinline)) int c64(unsigned i, unsigned b) { unsigned long m = 1ul << b; return (__atomic_fetch_xor(&w64[i], m, __ATOMIC_SEQ_CST) & m) != 0; }
__attribute__((noinline)) int sync64(unsigned long *p, unsigned b) { unsigned long m = 1ul << b; return (__sync_fetch_and_or(p, m) & m) != 0; }
static unsigned long plain[4];
int main(void) {
    int s = 0;
    for (unsigned k = 0; k < 300; k++) {
        s = s * 5 + s32(k % 4, (k * 7) % 32) + 2 * r32((k + 1) % 4, (k * 3) % 32) + 4 * s16((k * 5) % 16)
            + 8 * c64(k % 2, (k * 11) % 64) + 16 * sync64(&plain[k % 4], (k * 13) % 64);
    }
    printf("%d %x %x %lx %lx %lx\n", s, (unsigned)w32[0], (unsigned)w16, (unsigned long)w64[1], plain[0], plain[3]);
    return 0;
}
