/* Open-addressing hash table: symbol name -> SYM_* flags. */
#include "symtab.h"
#include "asmlex.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

void symtab_init(struct symtab *t)
{
    t->cap = 1024;
    t->n = 0;
    t->v = xrealloc(NULL, t->cap * sizeof *t->v);
    memset(t->v, 0, t->cap * sizeof *t->v);
}

void symtab_free(struct symtab *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->v[i].name);
    free(t->v);
    t->v = NULL;
}

static struct symtab_ent *find(const struct symtab *t, const char *name, size_t len)
{
    size_t i = hash(name, len) & (t->cap - 1);
    while (t->v[i].name && !(strlen(t->v[i].name) == len && !memcmp(t->v[i].name, name, len)))
        i = (i + 1) & (t->cap - 1);
    return &t->v[i];
}

void symtab_or(struct symtab *t, const char *name, size_t len, unsigned flags)
{
    if (2 * (t->n + 1) > t->cap) {
        struct symtab old = *t;
        t->cap *= 2;
        t->n = 0;
        t->v = xrealloc(NULL, t->cap * sizeof *t->v);
        memset(t->v, 0, t->cap * sizeof *t->v);
        for (size_t i = 0; i < old.cap; i++)
            if (old.v[i].name) {
                struct symtab_ent *e = find(t, old.v[i].name, strlen(old.v[i].name));
                *e = old.v[i];
                t->n++;
            }
        free(old.v);
    }
    struct symtab_ent *e = find(t, name, len);
    if (!e->name) {
        e->name = xstrndup(name, len);
        t->n++;
    }
    e->flags |= flags;
}

unsigned symtab_get(const struct symtab *t, const char *name, size_t len)
{
    return find(t, name, len)->flags;
}
