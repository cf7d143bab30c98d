/* Lexing of AT&T assembly: just enough structure to rewrite instructions
 * while passing everything else through unchanged. */
#include "asmlex.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        perror("ivcc");
        exit(2);
    }
    return p;
}

char *xstrndup(const char *s, size_t n)
{
    char *d = xrealloc(NULL, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

static char *trim_dup(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return xstrndup(s, n);
}

static struct stmt *push(struct stmts *o, enum stmt_kind k, int line)
{
    if (o->n == o->cap) {
        o->cap = o->cap ? 2 * o->cap : 256;
        o->v = xrealloc(o->v, o->cap * sizeof *o->v);
    }
    struct stmt *s = &o->v[o->n++];
    memset(s, 0, sizeof *s);
    s->kind = k;
    s->line = line;
    return s;
}

/* Recognises a comment that carries meaning for us: gcc's line markers
 * ('# 12 "f.c" 1') and the #APP/#NO_APP brackets around inline asm, which
 * clang writes around file-scope asm() in words of its own. */
static void comment_stmt(const char *c, size_t n, int line, struct stmts *o)
{
    char *t = trim_dup(c, n); /* starts after '#' */
    if (strcmp(t, "APP") == 0 || strcmp(t, "Start of file scope inline assembly") == 0) {
        push(o, ST_APP, line);
    } else if (strcmp(t, "NO_APP") == 0 || strcmp(t, "End of file scope inline assembly") == 0) {
        push(o, ST_NOAPP, line);
    } else if (isdigit((unsigned char)t[0])) {
        char *end;
        long ln = strtol(t, &end, 10);
        while (*end == ' ')
            end++;
        if (*end == '"') {
            char *q = strchr(end + 1, '"');
            if (q) {
                struct stmt *s = push(o, ST_LINEMARK, line);
                s->mark_line = (int)ln;
                s->mark_file = xstrndup(end + 1, (size_t)(q - end - 1));
                s->text = xstrdup("");
            }
        }
    }
    free(t);
}

void lex_statements(const char *buf, struct stmts *o)
{
    int line = 1;
    const char *p = buf, *start = buf;
    char *acc = NULL; /* statement text accumulated around C comments */
    size_t acclen = 0;
#define FLUSH_PIECE(from, to)                                                  \
    do {                                                                       \
        size_t k_ = (size_t)((to) - (from));                                   \
        acc = xrealloc(acc, acclen + k_ + 2);                                  \
        memcpy(acc + acclen, (from), k_);                                      \
        acclen += k_;                                                          \
        acc[acclen] = 0;                                                       \
    } while (0)
#define END_STMT()                                                             \
    do {                                                                       \
        struct stmt *s_ = push(o, ST_TEXT, line);                              \
        s_->text = trim_dup(acc ? acc : "", acclen);                           \
        free(acc);                                                             \
        acc = NULL;                                                            \
        acclen = 0;                                                            \
    } while (0)
    while (*p) {
        char c = *p;
        if (c == '"') { /* string: skip to the closing quote */
            p++;
            while (*p && *p != '"' && *p != '\n') {
                if (*p == '\\' && p[1])
                    p++;
                p++;
            }
            if (*p == '"')
                p++;
            continue;
        }
        if (c == '/' && p[1] == '*') {
            FLUSH_PIECE(start, p);
            FLUSH_PIECE(" ", " " + 1);
            p += 2;
            while (*p && !(p[0] == '*' && p[1] == '/')) {
                if (*p == '\n')
                    line++;
                p++;
            }
            if (*p)
                p += 2;
            start = p;
            continue;
        }
        if (c == '#') {
            FLUSH_PIECE(start, p);
            const char *e = strchr(p, '\n');
            if (!e)
                e = p + strlen(p);
            /* A marker comment on a line of its own. */
            int alone = 1;
            for (size_t i = 0; i < acclen; i++)
                if (!isspace((unsigned char)acc[i]))
                    alone = 0;
            if (alone)
                comment_stmt(p + 1, (size_t)(e - p - 1), line, o);
            p = e;
            start = p;
            continue;
        }
        if (c == ';' || c == '\n') {
            FLUSH_PIECE(start, p);
            END_STMT();
            if (c == '\n')
                line++;
            p++;
            start = p;
            continue;
        }
        if (c == '\'' && p[1]) { /* character constant such as '#' */
            p += (p[1] == '\\' && p[2]) ? 3 : 2;
            continue;
        }
        p++;
    }
    FLUSH_PIECE(start, p);
    if (acclen)
        END_STMT();
    free(acc);
#undef FLUSH_PIECE
#undef END_STMT
}

void stmts_free(struct stmts *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].text);
        free(s->v[i].mark_file);
    }
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

int split_operands(const char *s, char **ops, int max)
{
    int n = 0, depth = 0;
    const char *start = s;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return 0;
    for (const char *p = start;; p++) {
        if (*p == '"') {
            for (p++; *p && *p != '"'; p++)
                if (*p == '\\' && p[1])
                    p++;
            if (!*p)
                break;
            continue;
        }
        if (*p == '(' || *p == '{' || *p == '[')
            depth++;
        else if (*p == ')' || *p == '}' || *p == ']')
            depth--;
        if (*p == 0 || (*p == ',' && depth == 0)) {
            if (n == max) {
                while (n > 0)
                    free(ops[--n]);
                return -1;
            }
            ops[n++] = trim_dup(start, (size_t)(p - start));
            if (!*p)
                break;
            start = p + 1;
        }
    }
    return n;
}

int parse_reg_operand(const char *op, struct reg *r)
{
    if (op[0] != '%')
        return -1;
    return reg_parse(op + 1, strlen(op + 1), r);
}

int is_memory_operand(const char *op)
{
    if (op[0] == '$' || op[0] == '{')
        return 0;
    if (op[0] == '%') {
        /* "%fs:..." is memory, "%rax" or "%st(1)" are registers. */
        const char *c = strchr(op, ':');
        return c != NULL;
    }
    return op[0] != 0;
}

static int parse_reg_token(const char *s, size_t n, struct reg *r)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 0) {
        r->fam = R_NONE;
        r->width = 0;
        return 0;
    }
    if (s[0] != '%')
        return -1;
    return reg_parse(s + 1, n - 1, r);
}

int parse_memop(const char *op, struct memop *m)
{
    memset(m, 0, sizeof *m);
    m->base.fam = m->index.fam = R_NONE;
    m->scale = 1;
    const char *p = op;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '*') {
        m->star = 1;
        p++;
        while (isspace((unsigned char)*p))
            p++;
    }
    if (p[0] == '%') {
        const char *c = strchr(p, ':');
        if (!c || c - p - 1 > 3)
            return -1;
        memcpy(m->seg, p + 1, (size_t)(c - p - 1));
        m->seg[c - p - 1] = 0;
        p = c + 1;
    }
    size_t n = strlen(p);
    /* AVX-512 decorations follow the operand: "(%rax){1to8}". */
    const char *brace = NULL;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '{') {
            brace = p + i;
            break;
        }
    size_t body = brace ? (size_t)(brace - p) : n;
    while (body && isspace((unsigned char)p[body - 1]))
        body--;
    /* The register part is the last parenthesised group, if it names a
     * register (otherwise the parentheses belong to the expression). */
    if (body && p[body - 1] == ')') {
        int depth = 0, matched = 0;
        size_t i = body;
        while (i > 0) {
            i--;
            if (p[i] == ')')
                depth++;
            else if (p[i] == '(' && --depth == 0) {
                matched = 1;
                break;
            }
        }
        /* An unmatched ')' leaves no group (and glen would wrap). */
        const char *grp = p + i + 1;
        size_t glen = matched ? body - i - 2 : 0;
        if (matched && (memchr(grp, '%', glen) || memchr(grp, ',', glen))) {
            char *parts[3] = {0};
            char *g = xstrndup(grp, glen);
            int np = 0;
            char *s = g;
            for (;;) {
                char *comma = strchr(s, ',');
                if (np == 3)
                    break;
                parts[np++] = s;
                if (!comma)
                    break;
                *comma = 0;
                s = comma + 1;
            }
            int bad = np == 3 && strchr(parts[2], ',');
            if (!bad && np >= 1 && parse_reg_token(parts[0], strlen(parts[0]), &m->base))
                bad = 1;
            if (!bad && np >= 2 && parse_reg_token(parts[1], strlen(parts[1]), &m->index)) {
                /* VSIB: a vector index register (gathers/scatters). */
                char *v = parts[1];
                while (isspace((unsigned char)*v))
                    v++;
                size_t vl = strcspn(v, " \t");
                if (v[0] == '%' && vl < sizeof m->vindex &&
                    (!strncmp(v + 1, "xmm", 3) || !strncmp(v + 1, "ymm", 3) || !strncmp(v + 1, "zmm", 3)))
                    memcpy(m->vindex, v + 1, vl - 1), m->vindex[vl - 1] = 0;
                else
                    bad = 1;
            }
            if (!bad && np == 3) {
                char *e;
                long sc = strtol(parts[2], &e, 0);
                while (isspace((unsigned char)*e))
                    e++;
                if (*e || (sc != 1 && sc != 2 && sc != 4 && sc != 8))
                    bad = 1;
                m->scale = (int)sc;
            }
            free(g);
            if (bad)
                return -1;
            m->has_parens = 1;
            body = i;
        }
    }
    m->disp = trim_dup(p, body);
    m->tail = xstrdup(brace ? brace : ""); /* only now: error returns own nothing */
    return 0;
}

void memop_free(struct memop *m)
{
    free(m->disp);
    free(m->tail);
    m->disp = m->tail = NULL;
}

int disp_is_numeric(const char *d)
{
    for (const char *p = d; *p; p++) {
        if (isalpha((unsigned char)*p) || *p == '_' || *p == '.' || *p == '$' || *p == '@') {
            /* hex digits after 0x are fine */
            if ((*p == 'x' || *p == 'X') && p > d && p[-1] == '0')
                continue;
            if (isxdigit((unsigned char)*p) && p > d) {
                const char *q = p;
                while (q > d && isxdigit((unsigned char)q[-1]))
                    q--;
                if (q > d + 1 && (q[-1] == 'x' || q[-1] == 'X') && q[-2] == '0')
                    continue;
            }
            return 0;
        }
    }
    return 1;
}

/* A tiny recursive-descent evaluator for + - * and parentheses. */
static int ev_expr(const char **p, long long *v);
static void ev_ws(const char **p)
{
    while (isspace((unsigned char)**p))
        (*p)++;
}
static int ev_atom(const char **p, long long *v)
{
    ev_ws(p);
    if (**p == '-') {
        (*p)++;
        if (ev_atom(p, v))
            return -1;
        *v = -*v;
        return 0;
    }
    if (**p == '+') {
        (*p)++;
        return ev_atom(p, v);
    }
    if (**p == '(') {
        (*p)++;
        if (ev_expr(p, v))
            return -1;
        ev_ws(p);
        if (**p != ')')
            return -1;
        (*p)++;
        return 0;
    }
    if (!isdigit((unsigned char)**p))
        return -1;
    char *e;
    *v = (long long)strtoull(*p, &e, 0);
    *p = e;
    return 0;
}
static int ev_term(const char **p, long long *v)
{
    if (ev_atom(p, v))
        return -1;
    for (;;) {
        ev_ws(p);
        if (**p != '*')
            return 0;
        (*p)++;
        long long r;
        if (ev_atom(p, &r))
            return -1;
        *v *= r;
    }
}
static int ev_expr(const char **p, long long *v)
{
    if (ev_term(p, v))
        return -1;
    for (;;) {
        ev_ws(p);
        char c = **p;
        if (c != '+' && c != '-')
            return 0;
        (*p)++;
        long long r;
        if (ev_term(p, &r))
            return -1;
        *v = c == '+' ? *v + r : *v - r;
    }
}

int disp_value(const char *d, long long *v)
{
    const char *p = d;
    *v = 0;
    ev_ws(&p);
    if (!*p)
        return 0;
    if (ev_expr(&p, v))
        return -1;
    ev_ws(&p);
    return *p ? -1 : 0;
}

void scan_symbols(const char *s, void (*cb)(const char *, size_t, void *), void *ctx)
{
    const char *p = s;
    while (*p) {
        if (*p == '"') { /* quoted strings are not symbols */
            for (p++; *p && *p != '"'; p++)
                if (*p == '\\' && p[1])
                    p++;
            if (*p)
                p++;
            continue;
        }
        if (isalpha((unsigned char)*p) || *p == '_' || *p == '.') {
            const char *b = p;
            while (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '$')
                p++;
            int skip = b > s && (b[-1] == '%' || b[-1] == '@');
            if (!skip)
                cb(b, (size_t)(p - b), ctx);
            continue;
        }
        if (isdigit((unsigned char)*p)) {
            while (isalnum((unsigned char)*p))
                p++;
            continue;
        }
        p++;
    }
}

size_t lex_label(const char *s, const char **rest)
{
    const char *p = s;
    if (*p == '"') { /* quoted symbol names */
        const char *q = strchr(p + 1, '"');
        if (!q || q[1] != ':')
            return 0;
        *rest = q + 2;
        return (size_t)(q + 1 - p);
    }
    while (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '$')
        p++;
    if (p == s || *p != ':' || p[1] == ':')
        return 0;
    *rest = p + 1;
    return (size_t)(p - s);
}

const char *lex_word(const char *s, char *word, size_t wmax)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = 0;
    while (*s && !isspace((unsigned char)*s) && *s != ',') {
        if (n + 1 < wmax)
            word[n++] = (char)tolower((unsigned char)*s);
        s++;
    }
    word[n] = 0;
    while (isspace((unsigned char)*s))
        s++;
    return s;
}
