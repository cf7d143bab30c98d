/* Inline assembly goes through the rewriter: memory operands, rsp
 * adjustments and calls written by hand inside C. */
#include "rt.h"

__attribute__((used, noinline)) static long twice(long x) { return 2 * x; }

int main(int argc, char **argv)
{
    (void)argv;
    long mem[4] = {10, 20, 30, 40};
    long sum;
    /* A memory operand with base and index: becomes %gs:(%e..,%e..,8). */
    __asm__("movq (%1,%2,8), %0\n\taddq 8(%1), %0" : "=&r"(sum) : "r"(mem), "r"((long)argc) : "memory");
    long r;
    /* A call from inline asm: aligned to end at a bundle boundary. */
    __asm__ volatile("movq %1, %%rdi\n\tcall twice\n\tmovq %%rax, %0"
                     : "=r"(r)
                     : "r"(sum)
                     : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
    long x = 0;
    /* lock; prefix as its own statement. */
    __asm__ volatile("lock; addq %1, %0" : "+m"(x) : "r"(r));
    out_str("asm ");
    out_num(sum);
    out_str(" ");
    out_num(x);
    out_str("\n");
    return (int)twice(0);
}
