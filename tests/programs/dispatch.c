/* switch statements (small ones, and a dense one gcc and clang compile to
 * a jump table: an indirect jmp through .rodata whose targets ivcc must
 * start on bundles), function-pointer tables, tail calls through pointers
 * and indirect calls from data. */
#include "rt.h"

typedef long (*binop)(long, long);
static long add(long a, long b) { return a + b; }
static long sub(long a, long b) { return a - b; }
static long mul(long a, long b) { return a * b; }
static long mod(long a, long b) { return b ? a % b : 0; }
static long mx(long a, long b) { return a > b ? a : b; }

static binop ops[] = {add, sub, mul, mod, mx};

__attribute__((noinline)) static long apply(binop f, long a, long b) { return f(a, b); } /* tail call */

static const char *name(int c)
{
    switch (c) {
    case 0: return "zero";
    case 1: return "one";
    case 2: return "two";
    case 3: return "three";
    case 5: return "five";
    case 8: return "eight";
    case 13: return "thirteen";
    case 21: return "twenty-one";
    case 34: return "thirty-four";
    default: return "other";
    }
}

static int classify(int c)
{
    switch (c & 15) {
    case 0: case 4: case 8: return 1;
    case 1: return 7;
    case 2: return c * 3;
    case 3: return -c;
    case 5: case 6: case 7: return c ^ 0x55;
    case 9: return 99;
    case 10: return c << 2;
    case 11: return c >> 1;
    case 12: return 12;
    default: return 0;
    }
}

/* A little stack machine: a dense switch with distinct code per case. */
__attribute__((noinline)) static long run(const unsigned char *code, int n, long x)
{
    long st[16];
    int sp = 0;
    st[sp++] = x;
    for (int pc = 0; pc < n; pc++) {
        long a = st[sp - 1];
        switch (code[pc]) {
        case 0: st[sp - 1] = a + 1; break;
        case 1: st[sp - 1] = a * 3; break;
        case 2: st[sp - 1] = a - 7; break;
        case 3: st[sp - 1] = a ^ 0x5a5a; break;
        case 4: if (sp < 15) st[sp++] = a; break;
        case 5: if (sp > 1) { sp--; st[sp - 1] += a; } break;
        case 6: st[sp - 1] = a >> 2; break;
        case 7: st[sp - 1] = a << 1; break;
        case 8: st[sp - 1] = -a; break;
        case 9: st[sp - 1] = a % 1000003; break;
        case 10: st[sp - 1] = a & 0xffff; break;
        case 11: st[sp - 1] = a | 0x100; break;
        case 12: if (sp > 1) { sp--; st[sp - 1] *= a | 1; } break;
        case 13: st[sp - 1] = a > 0 ? a : -a; break;
        case 14: st[sp - 1] = a / 3; break;
        case 15: st[sp - 1] = a + pc; break;
        default: st[sp - 1] = a + 1000; break;
        }
    }
    return st[sp - 1] + sp;
}

int main(int argc, char **argv)
{
    (void)argv;
    long acc = argc;
    for (int i = 0; i < 200; i++)
        acc = apply(ops[i % 5], acc, i + 1) & 0xffffff;
    out_str("ops ");
    out_num(acc);
    out_str("\n");
    long s = 0;
    for (int i = 0; i < 1000; i++)
        s += classify(i);
    out_str("classify ");
    out_num(s);
    out_str("\n");
    unsigned char code[400];
    for (int i = 0; i < 400; i++)
        code[i] = (unsigned char)((i * 7 + i / 5) % 19);
    long m = 0;
    for (int i = 0; i < 50; i++)
        m = (m * 31 + run(code, 100 + i * 6, i + argc)) & 0xffffffff;
    out_str("machine ");
    out_num(m);
    out_str("\n");
    int a = 0, b = 1;
    for (int i = 0; i < 10; i++) {
        out_str(name(a));
        out_str(i == 9 ? "\n" : " ");
        int t = a + b;
        a = b;
        b = t;
    }
    return 0;
}
