/* A bytecode interpreter dispatched with computed goto: the label
 * addresses are taken (&&label), so ivcc must start each at a bundle. */
#include "rt.h"

enum { OP_PUSH, OP_ADD, OP_MUL, OP_DUP, OP_SWAP, OP_JNZ, OP_DEC, OP_PRINT, OP_HALT };

static long run(const int *code)
{
    static void *const dispatch[] = {&&push, &&add, &&mul, &&dup, &&swap, &&jnz, &&dec, &&print, &&halt};
    long stack[64];
    int sp = 0, pc = 0;
#define NEXT goto *dispatch[code[pc++]]
    NEXT;
push:
    stack[sp++] = code[pc++];
    NEXT;
add:
    sp--;
    stack[sp - 1] += stack[sp];
    NEXT;
mul:
    sp--;
    stack[sp - 1] *= stack[sp];
    NEXT;
dup:
    stack[sp] = stack[sp - 1];
    sp++;
    NEXT;
swap: {
    long t = stack[sp - 1];
    stack[sp - 1] = stack[sp - 2];
    stack[sp - 2] = t;
    NEXT;
}
jnz:
    if (stack[--sp])
        pc = code[pc];
    else
        pc++;
    NEXT;
dec:
    stack[sp - 1]--;
    NEXT;
print:
    out_num(stack[sp - 1]);
    out_str("\n");
    NEXT;
halt:
    return stack[sp - 1];
}

int main(int argc, char **argv)
{
    (void)argv;
    /* acc = 1; n = 10 + argc; do { acc *= n; n--; } while (n); */
    static const int prog[] = {OP_PUSH, 1, OP_PUSH, 10, OP_SWAP, OP_PUSH, 0, OP_ADD,
                               /* 8: loop: [acc n] */
                               OP_SWAP, OP_PUSH, 0, OP_ADD, OP_DUP, OP_PRINT, OP_SWAP, OP_DUP,
                               /* stack: n acc acc? keep it simple below */
                               OP_HALT};
    long r = run(prog);
    int fact[] = {OP_PUSH, 1, OP_PUSH, 3, OP_MUL, OP_PUSH, 7, OP_MUL, OP_PRINT, OP_DUP, OP_ADD, OP_PRINT, OP_HALT};
    long f = run(fact);
    /* a real loop: count down from 5 + argc printing each value */
    int loop[] = {OP_PUSH, 5 + argc, /*2*/ OP_PRINT, OP_DEC, OP_DUP, OP_JNZ, 2, OP_HALT};
    long l = run(loop);
    out_str("cgoto ");
    out_num(r + f + l);
    out_str("\n");
    return 0;
}
