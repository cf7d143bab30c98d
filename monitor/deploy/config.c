/* YAML deployment files: parse with libyaml's document API (every node
 * carries its start mark, so every message can name FILE:LINE:COLUMN),
 * then validate everything — keys, types, ranges, references, images —
 * before the deployer is allowed to start anything.  Problems are counted,
 * not fatal, so one run reports as many as possible.  The schema is here;
 * node-to-value helpers are in config_yaml.c. */
#include "deploy/config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <elf.h>
#include <intravisor/hostcall.h>
#include <intravisor/sfi.h>
#include "deploy/config_yaml.h"
#include "core/imgcache.h"
#include "core/loader.h"

/* cVM keys of the original (CHERI) Intravisor that have no meaning here:
 * refused like any unknown key, but with the reason. */
static const char *const original_only[][2] = {
    {"isolation", "regions are placed by the monitor"},
    {"disk", "use 'root' (a host directory) instead"},
    {"callback_out", "cVM output goes to 'stdout'/'stderr'"},
    {NULL, NULL},
};

const char *cfg_refused_key(const char *what, const char *key)
{
    static char buf[160];
    if (strcmp(what, "a cVM"))
        return NULL;
    for (int i = 0; original_only[i][0]; i++)
        if (!strcmp(key, original_only[i][0])) {
            snprintf(buf, sizeof buf, "of the original Intravisor is not supported here: %s", original_only[i][1]);
            return buf;
        }
    return NULL;
}

static const char *const capfile_keys[] = {"name", "size", "data", NULL};

struct capfile_parse {
    struct cfg_capfile *f;
    yaml_node_t *size_node, *data_node;
    int have_name;
};

static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > 63)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-' || *p == '.'))
            return 0;
    return 1;
}

static void check_name(struct ctx *x, yaml_node_t *vn, char **out)
{
    if (get_string(x, "name", vn, out))
        return;
    if (!valid_name(*out))
        err_at(x, vn->start_mark, "name: '%s' is not a valid name (1-63 of A-Z a-z 0-9 _ - .)", *out);
}

static void capfile_field(struct ctx *x, int k, yaml_node_t *kn, yaml_node_t *vn, void *arg)
{
    (void)kn;
    struct capfile_parse *cp = arg;
    switch (k) {
    case 0:
        cp->have_name = 1;
        check_name(x, vn, &cp->f->name);
        break;
    case 1:
        cp->size_node = vn;
        get_size(x, "size", vn, 1, 1ull << 30, &cp->f->size);
        break;
    case 2:
        cp->data_node = vn;
        if (!get_string(x, "data", vn, &cp->f->data))
            cp->f->data_len = vn->data.scalar.length;
        break;
    }
}

static void parse_capfile(struct ctx *x, yaml_node_t *n)
{
    struct cfg *c = x->cfg;
    if (n->type != YAML_MAPPING_NODE) {
        err_at(x, n->start_mark, "capfiles: each entry must be a mapping (name, size, data), got %s", type_name(n));
        return;
    }
    struct cfg_capfile *f = &c->capfiles[c->ncapfiles++];
    struct capfile_parse cp = {.f = f};
    each_field(x, n, "a capfile", capfile_keys, capfile_field, &cp);
    if (!cp.have_name)
        err_at(x, n->start_mark, "capfile: missing required key 'name'");
    for (int j = 0; f->name && j < c->ncapfiles - 1; j++)
        if (c->capfiles[j].name && !strcmp(c->capfiles[j].name, f->name)) {
            err_at(x, n->start_mark, "capfile: duplicate name '%s'", f->name);
            break;
        }
    if (!cp.size_node && !cp.data_node)
        err_at(x, n->start_mark, "capfile: needs 'size' or 'data'");
    if (!cp.size_node && f->data)
        f->size = f->data_len ? f->data_len : 1;
    if (cp.size_node && f->data && f->size && f->data_len > f->size)
        err_at(x, cp.data_node->start_mark, "data: %llu bytes do not fit in size %llu",
               (unsigned long long)f->data_len, (unsigned long long)f->size);
}

/* --- cVMs ------------------------------------------------------------ */

/* The index of the first cVM named `name`; if there is none and `add` >= 0,
 * records cVM `add` under it and returns `add`.  -1: not found. */
static int name_index(struct ctx *x, const char *name, int add)
{
    if (!x->names_ok)
        x->names_ok = hcreate_r(2 * CFG_MAX_CVMS, &x->names) != 0;
    if (!x->names_ok) { /* no memory for the table: search the list */
        for (int j = 0; j < x->cfg->ncvms; j++)
            if (x->cfg->cvms[j].name && j != add && !strcmp(x->cfg->cvms[j].name, name))
                return j;
        return add;
    }
    ENTRY e = {(char *)name, (void *)(intptr_t)(add + 1)}, *found = NULL;
    hsearch_r(e, add >= 0 ? ENTER : FIND, &found, &x->names);
    return found ? (int)(intptr_t)found->data - 1 : -1;
}

enum {
    K_NAME, K_RUNTIME, K_ARGS, K_WAIT, K_ENV, K_ROOT, K_RW, K_MEMORY, K_STACK, K_THREADS, K_CPU, K_TIMEOUT,
    K_STDOUT, K_STDERR, K_RESTART, K_RESTART_LIMIT, K_CAPFILES, K_CALLS, K_STREAMS,
    K_FDS, K_MAPPINGS, K_RES_FDS, K_RES_MAPPINGS, K_RES_THREADS, K_CPUS, K_HOSTNAME, K_NET, K_HUGE_PAGES, K_NKEYS
};
static const char *const cvm_keys[] = {"name", "runtime", "args", "wait", "env", "root", "rw", "memory", "stack",
                                       "threads", "cpu", "timeout", "stdout", "stderr", "restart",
                                       "restart_limit", "capfiles", "calls", "streams", "fds", "mappings",
                                       "reserve_fds", "reserve_mappings", "reserve_threads", "cpus", "hostname",
                                       "net", "huge_pages", NULL};

/* What validation needs after all entries are parsed. */
struct cvm_parse {
    struct cfg_cvm *v;
    yaml_node_t *k[K_NKEYS];   /* value node per key, or NULL */
    yaml_node_t **calls_nodes, **streams_nodes, **capfile_nodes;
    char *args_str;            /* args as a string (split later) */
};

static void parse_list_of_names(struct ctx *x, const char *key, yaml_node_t *vn, char ***out, int *n,
                                yaml_node_t ***nodes)
{
    if (vn->type != YAML_SEQUENCE_NODE) {
        err_at(x, vn->start_mark, "%s: expected a list of cVM names, got %s", key, type_name(vn));
        return;
    }
    size_t cnt = (size_t)(vn->data.sequence.items.top - vn->data.sequence.items.start);
    *out = xcalloc(cnt, sizeof **out);
    *nodes = xcalloc(cnt, sizeof **nodes);
    for (yaml_node_item_t *it = vn->data.sequence.items.start; it < vn->data.sequence.items.top; it++) {
        yaml_node_t *e = node(x, *it);
        if (!get_string(x, key, e, &(*out)[*n]))
            (*nodes)[(*n)++] = e;
    }
}

/* net: {listen: [RULE...], connect: [RULE...], publish: ["H:P"...]}; a
 * single rule may stand for a list of one.  Rule syntax: docs/net.md. */
static const char *const net_keys[] = {"listen", "connect", "publish", NULL};

static void net_field(struct ctx *x, int k, yaml_node_t *kn, yaml_node_t *vn, void *arg)
{
    (void)kn;
    struct iv_net_policy *p = arg;
    int kind = k == 0 ? IV_NET_LISTEN : k == 1 ? IV_NET_CONNECT : IV_NET_PUBLISH;
    yaml_node_t *one[1] = {vn};
    yaml_node_t **items = one;
    size_t cnt = 1;
    yaml_node_t *tmp[IV_NET_RULES_MAX + 1];
    if (vn->type == YAML_SEQUENCE_NODE) {
        cnt = 0;
        for (yaml_node_item_t *it = vn->data.sequence.items.start; it < vn->data.sequence.items.top; it++)
            if (cnt <= IV_NET_RULES_MAX)
                tmp[cnt++] = node(x, *it);
        items = tmp;
    }
    for (size_t i = 0; i < cnt; i++) {
        char *s = NULL;
        const char *why;
        if (get_string(x, net_keys[k], items[i], &s))
            continue;
        if (iv_net_rule_add(p, kind, s, &why))
            err_at(x, items[i]->start_mark, "net: %s: bad rule '%s': %s", net_keys[k], s, why);
        free(s);
    }
}

static void parse_net(struct ctx *x, struct cfg_cvm *v, yaml_node_t *vn)
{
    if (vn->type != YAML_MAPPING_NODE) {
        err_at(x, vn->start_mark, "net: expected a mapping (listen/connect/publish), got %s", type_name(vn));
        return;
    }
    v->net = xcalloc(1, sizeof *v->net);
    each_field(x, vn, "net", net_keys, net_field, v->net);
    /* One host port, one publisher: two cVMs may listen on the same inside
     * port only if they publish it on different host ports. */
    for (int i = 0; i < x->cfg->ncvms; i++) {
        const struct iv_net_policy *o = x->cfg->cvms[i].net;
        for (int a = 0; o && o != v->net && a < o->n; a++)
            for (int b = 0; b < v->net->n; b++)
                if (o->r[a].kind == IV_NET_PUBLISH && v->net->r[b].kind == IV_NET_PUBLISH &&
                    o->r[a].proto == v->net->r[b].proto && o->r[a].host_port == v->net->r[b].host_port)
                    err_at(x, vn->start_mark, "net: publish: host port %u is already published by cVM '%s'",
                           v->net->r[b].host_port, x->cfg->cvms[i].name ? x->cfg->cvms[i].name : "?");
    }
}

static const char *const access_keys[] = {"name", "access", NULL};

static void access_field(struct ctx *x, int k, yaml_node_t *kn, yaml_node_t *vn, void *arg)
{
    (void)kn;
    struct cfg_access *a = arg;
    if (k == 0) {
        get_string(x, "name", vn, &a->name);
    } else {
        char *s = NULL;
        if (!get_string(x, "access", vn, &s)) {
            if (!strcmp(s, "ro") || !strcmp(s, "r"))
                a->writable = 0;
            else if (!strcmp(s, "rw"))
                a->writable = 1;
            else
                err_at(x, vn->start_mark, "access: expected ro or rw, got '%s'", s);
        }
        free(s);
    }
}

static void parse_access(struct ctx *x, struct cvm_parse *cp, yaml_node_t *vn)
{
    struct cfg_cvm *v = cp->v;
    if (vn->type != YAML_SEQUENCE_NODE) {
        err_at(x, vn->start_mark, "capfiles: expected a list of capfile names, got %s", type_name(vn));
        return;
    }
    size_t cnt = (size_t)(vn->data.sequence.items.top - vn->data.sequence.items.start);
    v->capfiles = xcalloc(cnt, sizeof *v->capfiles);
    cp->capfile_nodes = xcalloc(cnt, sizeof *cp->capfile_nodes);
    for (yaml_node_item_t *it = vn->data.sequence.items.start; it < vn->data.sequence.items.top; it++) {
        yaml_node_t *e = node(x, *it);
        struct cfg_access *a = &v->capfiles[v->ncapfiles];
        a->writable = 1;
        if (e->type == YAML_MAPPING_NODE) {
            each_field(x, e, "a capfile access entry", access_keys, access_field, a);
            if (!a->name) {
                err_at(x, e->start_mark, "capfiles: entry needs 'name'");
                continue;
            }
        } else if (get_string(x, "capfiles", e, &a->name)) {
            continue;
        }
        cp->capfile_nodes[v->ncapfiles++] = e;
    }
}

static void parse_out(struct ctx *x, const char *key, yaml_node_t *vn, enum cfg_out *mode, char **path)
{
    if (vn->type == YAML_SCALAR_NODE && is_null(vn)) {
        *mode = CFG_OUT_NULL;
        return;
    }
    char *s = NULL;
    if (get_string(x, key, vn, &s))
        return;
    if (is_plain(vn) && !strcmp(s, "inherit")) {
        *mode = CFG_OUT_INHERIT;
        free(s);
        return;
    }
    *mode = CFG_OUT_FILE;
    *path = resolve(x->cfg, s);
    free(s);
    /* The file is created at deploy time; its directory must exist now. */
    char *d = xstrdup(*path);
    char *slash = strrchr(d, '/');
    if (slash)
        *slash = 0;
    struct stat st;
    if (slash && *d && (stat(d, &st) || !S_ISDIR(st.st_mode)))
        err_at(x, vn->start_mark, "%s: directory of '%s' does not exist", key, *path);
    else if (!stat(*path, &st) && S_ISDIR(st.st_mode))
        err_at(x, vn->start_mark, "%s: '%s' is a directory", key, *path);
    free(d);
}

static void parse_restart(struct ctx *x, struct cvm_parse *cp, yaml_node_t *vn);

static void cvm_field(struct ctx *x, int k, yaml_node_t *kn, yaml_node_t *vn, void *arg)
{
    (void)kn;
    struct cvm_parse *cp = arg;
    struct cfg_cvm *v = cp->v;
    long l;
    cp->k[k] = vn;
    switch (k) {
    case K_NAME:
        check_name(x, vn, &v->name);
        break;
    case K_RUNTIME:
        get_string(x, "runtime", vn, &v->runtime);
        break;
    case K_ARGS:
        if (vn->type == YAML_SEQUENCE_NODE) {
            size_t cnt = (size_t)(vn->data.sequence.items.top - vn->data.sequence.items.start);
            v->argv = xcalloc(cnt + 2, sizeof *v->argv);
            v->argc = 1; /* argv[0] filled in later */
            for (yaml_node_item_t *it = vn->data.sequence.items.start; it < vn->data.sequence.items.top; it++)
                if (!get_string(x, "args", node(x, *it), &v->argv[v->argc]))
                    v->argc++;
        } else if (vn->type == YAML_SCALAR_NODE && is_null(vn)) {
            /* no arguments */
        } else if (!get_string(x, "args", vn, &cp->args_str)) {
            char **w;
            const char *e = NULL;
            int n = cfg_shell_split(cp->args_str, &w, &e);
            if (n < 0) {
                err_at(x, vn->start_mark, "args: %s", e);
            } else {
                v->argv = xcalloc((size_t)n + 2, sizeof *v->argv);
                for (int i = 0; i < n; i++)
                    v->argv[i + 1] = w[i];
                v->argc = n + 1;
                free(w);
            }
        }
        break;
    case K_WAIT:
        if (!get_number(x, "wait", vn, &v->wait) && v->wait < 0 && v->wait != -1) {
            err_at(x, vn->start_mark, "wait: %s: expected -1 (wait for exit) or seconds >= 0", scalar(vn));
            v->wait = 0;
        }
        break;
    case K_ENV:
        if (vn->type == YAML_MAPPING_NODE) {
            size_t cnt = (size_t)(vn->data.mapping.pairs.top - vn->data.mapping.pairs.start);
            v->env = xcalloc(cnt, sizeof *v->env);
            for (yaml_node_pair_t *p = vn->data.mapping.pairs.start; p < vn->data.mapping.pairs.top; p++) {
                yaml_node_t *ek = node(x, p->key), *ev = node(x, p->value);
                char *ks = NULL, *vs = NULL;
                if (get_string(x, "env", ek, &ks))
                    continue;
                if (!*ks || strchr(ks, '=')) {
                    err_at(x, ek->start_mark, "env: '%s' is not a valid variable name", ks);
                    free(ks);
                    continue;
                }
                if (ev->type == YAML_SCALAR_NODE && is_null(ev))
                    vs = xstrdup("");
                else if (get_string(x, ks, ev, &vs)) {
                    free(ks);
                    continue;
                }
                size_t n = strlen(ks) + strlen(vs) + 2;
                v->env[v->nenv] = xcalloc(n, 1);
                snprintf(v->env[v->nenv++], n, "%s=%s", ks, vs);
                free(ks);
                free(vs);
            }
        } else if (vn->type == YAML_SEQUENCE_NODE) {
            size_t cnt = (size_t)(vn->data.sequence.items.top - vn->data.sequence.items.start);
            v->env = xcalloc(cnt, sizeof *v->env);
            for (yaml_node_item_t *it = vn->data.sequence.items.start; it < vn->data.sequence.items.top; it++) {
                yaml_node_t *e = node(x, *it);
                char *s = NULL;
                if (get_string(x, "env", e, &s))
                    continue;
                if (!strchr(s, '=') || s[0] == '=') {
                    err_at(x, e->start_mark, "env: expected K=V, got '%s'", s);
                    free(s);
                    continue;
                }
                v->env[v->nenv++] = s;
            }
        } else {
            err_at(x, vn->start_mark, "env: expected a mapping (K: V) or a list of K=V, got %s", type_name(vn));
        }
        break;
    case K_ROOT:
        if (!get_string(x, "root", vn, &v->root)) {
            char *r = resolve(x->cfg, v->root);
            free(v->root);
        free(v->cwd);
            v->root = r;
            struct stat st;
            if (stat(r, &st) || !S_ISDIR(st.st_mode))
                err_at(x, vn->start_mark, "root: '%s' is not a directory", r);
        }
        break;
    case K_RW:
        get_bool(x, "rw", vn, &v->rw);
        break;
    case K_MEMORY:
        get_size(x, "memory", vn, 2ull << 20, CFG_MAX_MEMORY, &v->memory);
        break;
    case K_STACK:
        get_size(x, "stack", vn, IV_MAIN_STACK_MIN, IV_MAIN_STACK_MAX, &v->stack);
        break;
    case K_THREADS:
        if (!get_int(x, "threads", vn, 1, 1024, &l))
            v->threads = (int)l;
        break;
    /* Shares of the process's descriptors, mappings, threads (docs/monitor.md
     * "Resource isolation"); a reserve above the limit is cut to the limit. */
    case K_FDS:
        if (!get_int(x, "fds", vn, 8, 1024, &l))
            v->fds = (int)l;
        break;
    case K_MAPPINGS:
        if (!get_int(x, "mappings", vn, 64, 1 << 20, &l))
            v->mappings = (int)l;
        break;
    case K_RES_FDS:
        if (!get_int(x, "reserve_fds", vn, 1, 1024, &l))
            v->reserve_fds = (int)l;
        break;
    case K_RES_MAPPINGS:
        if (!get_int(x, "reserve_mappings", vn, 1, 1 << 20, &l))
            v->reserve_mappings = (int)l;
        break;
    case K_RES_THREADS:
        if (!get_int(x, "reserve_threads", vn, 1, 1024, &l))
            v->reserve_threads = (int)l;
        break;
    case K_CPU:
    case K_TIMEOUT: {
        double *d = k == K_CPU ? &v->cpu : &v->timeout;
        if (!get_number(x, cvm_keys[k], vn, d) && !(*d > 0 && *d < 1e9)) {
            err_at(x, vn->start_mark, "%s: expected seconds > 0, got %s", cvm_keys[k], scalar(vn));
            *d = 0;
        }
        break;
    }
    case K_STDOUT:
        parse_out(x, "stdout", vn, &v->out_mode, &v->out_path);
        break;
    case K_STDERR:
        parse_out(x, "stderr", vn, &v->err_mode, &v->err_path);
        break;
    case K_RESTART:
        parse_restart(x, cp, vn);
        break;
    case K_RESTART_LIMIT:
        if (!get_int(x, "restart_limit", vn, 0, 1000000, &l))
            v->restart_limit = (int)l;
        break;
    case K_CAPFILES:
        parse_access(x, cp, vn);
        break;
    case K_CALLS:
        parse_list_of_names(x, "calls", vn, &v->calls, &v->ncalls, &cp->calls_nodes);
        break;
    case K_STREAMS:
        parse_list_of_names(x, "streams", vn, &v->streams, &v->nstreams, &cp->streams_nodes);
        break;
    case K_CPUS:
        if (!get_int(x, "cpus", vn, 1, CFG_MAX_CPUS, &l))
            v->cpus = (int)l;
        break;
    case K_HOSTNAME:
        if (!get_string(x, "hostname", vn, &v->hostname) && !cfg_hostname_ok(v->hostname))
            err_at(x, vn->start_mark, "hostname: '%s' is not a host name (1..%d of a-z A-Z 0-9 . -)", v->hostname,
                   IV_HOSTNAME_MAX);
        break;
    case K_NET:
        parse_net(x, v, vn);
        break;
    case K_HUGE_PAGES: {
        int on = 1;
        if (!get_bool(x, "huge_pages", vn, &on))
            v->small_pages = !on;
        break;
    }
    }
}

static int restart_policy(struct ctx *x, yaml_node_t *vn, enum cfg_restart *out)
{
    if (vn->type == YAML_SCALAR_NODE && !is_null(vn)) {
        if (!strcmp(scalar(vn), "never") || !strcmp(scalar(vn), "no"))
            return *out = CFG_RESTART_NEVER, 0;
        if (!strcmp(scalar(vn), "on-failure"))
            return *out = CFG_RESTART_ON_FAILURE, 0;
    }
    err_at(x, vn->start_mark, "restart: expected never or on-failure, got %s%s%s",
           vn->type == YAML_SCALAR_NODE ? "'" : type_name(vn), vn->type == YAML_SCALAR_NODE ? scalar(vn) : "",
           vn->type == YAML_SCALAR_NODE ? "'" : "");
    return -1;
}

static const char *const restart_keys[] = {"policy", "limit", NULL};

static void restart_field(struct ctx *x, int k, yaml_node_t *kn, yaml_node_t *vn, void *arg)
{
    (void)kn;
    struct cvm_parse *cp = arg;
    long l;
    if (k == 0)
        restart_policy(x, vn, &cp->v->restart);
    else if (!get_int(x, "limit", vn, 0, 1000000, &l)) {
        cp->v->restart_limit = (int)l;
        cp->k[K_RESTART_LIMIT] = vn;
    }
}

static void parse_restart(struct ctx *x, struct cvm_parse *cp, yaml_node_t *vn)
{
    if (vn->type == YAML_MAPPING_NODE)
        each_field(x, vn, "restart", restart_keys, restart_field, cp);
    else
        restart_policy(x, vn, &cp->v->restart);
}

/* Smallest budget the image can load in: its span plus the main stack. */
static uint64_t image_min_memory(const struct iv_image *img, uint64_t stack)
{
    const Elf64_Ehdr *eh = (const void *)img->data;
    uint64_t span = 0;
    if (img->size < sizeof *eh || eh->e_phoff > img->size ||
        (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > img->size - eh->e_phoff)
        return 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, img->data + eh->e_phoff + (size_t)i * sizeof ph, sizeof ph);
        if (ph.p_type == PT_LOAD && ph.p_vaddr + ph.p_memsz > span)
            span = ph.p_vaddr + ph.p_memsz;
    }
    span = (span + IV_PAGE_SIZE - 1) & ~(uint64_t)(IV_PAGE_SIZE - 1);
    uint64_t st = stack ? stack : IV_MAIN_STACK_DEFAULT;
    return span + (st < IV_MAIN_STACK_EAGER ? st : IV_MAIN_STACK_EAGER); /* the rest is charged when used */
}

static void check_image(struct ctx *x, struct cfg_cvm *v, yaml_node_t *rn, yaml_node_t *mn, const char *written)
{
    struct stat st;
    if (stat(v->runtime, &st)) {
        err_at(x, rn->start_mark, "runtime: image '%s' not found: %s", v->runtime, strerror(errno));
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        err_at(x, rn->start_mark, "runtime: '%s' is not a regular file", v->runtime);
        return;
    }
    if (access(v->runtime, R_OK)) {
        err_at(x, rn->start_mark, "runtime: cannot read '%s': %s", v->runtime, strerror(errno));
        return;
    }
    char *real = realpath(v->runtime, NULL); /* for reports and --stats */
    if (real) {
        free(v->runtime);
        v->runtime = real;
    }
    /* Verified once per distinct content (imgcache); the verifier's own
     * report follows on stderr. */
    v->img = iv_imgcache_get(v->runtime);
    if (!v->img) {
        err_at(x, rn->start_mark, "runtime: image '%s' is refused by the verifier (see above)", written);
        return;
    }
    uint64_t need = image_min_memory(v->img, v->stack);
    if (v->memory < need) {
        err_at(x, (mn ? mn : rn)->start_mark, "memory: %s is too small for image '%s' (needs at least %llu bytes)",
               mn ? scalar(mn) : "256M (the default)", written, (unsigned long long)need);
    }
}

int cfg_set_image(struct cfg_cvm *v, const char *path, const char *shown, FILE *errs)
{
    v->img = iv_imgcache_get(path);
    if (!v->img) {
        fprintf(errs, "image '%s' is refused by the verifier or cannot be read (see above)\n", shown);
        return -1;
    }
    uint64_t need = image_min_memory(v->img, v->stack);
    if (v->memory < need) {
        fprintf(errs, "memory: %llu bytes is too small for image '%s' (needs at least %llu)\n",
                (unsigned long long)v->memory, shown, (unsigned long long)need);
        return -1;
    }
    return 0;
}

static void parse_cvm(struct ctx *x, yaml_node_t *n, struct cvm_parse *cp)
{
    struct cfg *c = x->cfg;
    if (n->type != YAML_MAPPING_NODE) {
        err_at(x, n->start_mark, "cVMs: each entry must be a mapping (name, runtime, ...), got %s", type_name(n));
        return;
    }
    struct cfg_cvm *v = &c->cvms[c->ncvms++];
    v->line = (int)n->start_mark.line + 1;
    v->col = (int)n->start_mark.column + 1;
    v->memory = CFG_DEFAULT_MEMORY;
    v->restart_limit = -1;
    cp->v = v;
    each_field(x, n, "a cVM", cvm_keys, cvm_field, cp);
    yaml_node_t *rn = cp->k[K_RUNTIME];
    if (!rn) {
        err_at(x, n->start_mark, "cVM%s%s: missing required key 'runtime' (the image)", v->name ? " " : "",
               v->name ? v->name : "");
    } else if (v->runtime) {
        char *written = v->runtime;
        v->runtime = resolve(c, written);
        if (!v->argv) {
            v->argv = xcalloc(2, sizeof *v->argv);
            v->argc = 1;
        }
        v->argv[0] = written;
        if (!v->name) {
            const char *b = strrchr(written, '/');
            char *nm = xstrdup(b ? b + 1 : written);
            if (!valid_name(nm))
                err_at(x, n->start_mark, "cVM: no 'name', and the image's file name '%s' is not a valid name", nm);
            v->name = nm;
        }
        check_image(x, v, rn, cp->k[K_MEMORY], written);
    }
    yaml_mark_t nm = cp->k[K_NAME] ? cp->k[K_NAME]->start_mark : n->start_mark;
    int first = v->name ? name_index(x, v->name, (int)(v - c->cvms)) : -1;
    if (first >= 0 && first != (int)(v - c->cvms))
        err_at(x, nm, "name: duplicate cVM name '%s' (first at line %d)%s", v->name, c->cvms[first].line,
               cp->k[K_NAME] ? "" : " (named after its image; add 'name')");
    if (v->rw && !v->root && cp->k[K_RW])
        err_at(x, cp->k[K_RW]->start_mark, "rw: needs 'root'");
    if (v->restart_limit >= 0 && v->restart == CFG_RESTART_NEVER && cp->k[K_RESTART_LIMIT])
        err_at(x, cp->k[K_RESTART_LIMIT]->start_mark, "restart_limit: only meaningful with restart: on-failure");
    if (v->restart_limit < 0)
        v->restart_limit = v->restart == CFG_RESTART_ON_FAILURE ? CFG_DEFAULT_RESTART_LIMIT : 0;
}

/* --- documents ------------------------------------------------------- */

static const char *const top_keys[] = {"capfiles", "cVMs", "cvms", NULL};

struct doc_parse {
    struct cvm_parse *cps;
};

static size_t seq_len(yaml_node_t *n)
{
    return n->type == YAML_SEQUENCE_NODE ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start) : 0;
}

static void top_field(struct ctx *x, int k, yaml_node_t *kn, yaml_node_t *vn, void *arg)
{
    struct doc_parse *dp = arg;
    struct cfg *c = x->cfg;
    (void)kn;
    if (vn->type == YAML_SCALAR_NODE && is_null(vn))
        return; /* an empty list */
    if (vn->type != YAML_SEQUENCE_NODE) {
        err_at(x, vn->start_mark, "%s: expected a list, got %s", top_keys[k], type_name(vn));
        return;
    }
    size_t n = seq_len(vn);
    if (k == 0) {
        struct cfg_capfile *f = realloc(c->capfiles, (c->ncapfiles + n + 1) * sizeof *f);
        if (!f)
            exit(1);
        memset(f + c->ncapfiles, 0, (n + 1) * sizeof *f);
        c->capfiles = f;
        for (yaml_node_item_t *it = vn->data.sequence.items.start; it < vn->data.sequence.items.top; it++)
            parse_capfile(x, node(x, *it));
        return;
    }
    if (c->ncvms + n > CFG_MAX_CVMS) {
        err_at(x, vn->start_mark, "%s: at most %d cVMs per deployment", top_keys[k], CFG_MAX_CVMS);
        return;
    }
    struct cfg_cvm *v = realloc(c->cvms, (c->ncvms + n + 1) * sizeof *v);
    if (!v)
        exit(1);
    memset(v + c->ncvms, 0, (n + 1) * sizeof *v);
    c->cvms = v;
    for (yaml_node_item_t *it = vn->data.sequence.items.start; it < vn->data.sequence.items.top; it++)
        parse_cvm(x, node(x, *it), &dp->cps[c->ncvms]);
}

static void free_cp(struct cvm_parse *cp)
{
    free(cp->calls_nodes);
    free(cp->streams_nodes);
    free(cp->capfile_nodes);
    free(cp->args_str);
}

/* A name used in an access list.  It may be declared in a later document,
 * so it is checked after the last one, with the mark copied out of its
 * (by then freed) document. */
struct ref {
    const char *name;
    yaml_mark_t mark;
    int kind; /* 0 capfile, 1 cVM */
    int owner; /* cVM index */
};

int cfg_load(const char *path, struct cfg *out) { return cfg_load_errs(path, out, stderr); }

int cfg_load_errs(const char *path, struct cfg *out, FILE *errs)
{
    memset(out, 0, sizeof *out);
    struct cfg *c = out;
    c->path = xstrdup(path);
    char *d = xstrdup(path);
    char *slash = strrchr(d, '/');
    if (!slash) {
        free(d);
        d = xstrdup(".");
    } else if (slash == d) {
        d[1] = 0;
    } else {
        *slash = 0;
    }
    c->dir = d;
    struct ctx x = {.cfg = c, .errs = errs};
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(errs, "%s: cannot open: %s\n", path, strerror(errno));
        return 1;
    }
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, f);
    /* Marks of references outlive their documents. */
    struct ref *refs = NULL;
    size_t nrefs = 0;
    for (;;) {
        yaml_document_t doc;
        if (!yaml_parser_load(&p, &doc)) {
            yaml_mark_t m = p.problem_mark;
            if (++x.errors <= MAX_ERRORS)
                fprintf(errs, "%s:%zu:%zu: syntax error: %s%s%s\n", path, m.line + 1, m.column + 1,
                        p.problem ? p.problem : "invalid YAML", p.context ? " " : "", p.context ? p.context : "");
            break;
        }
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (!root) {
            yaml_document_delete(&doc);
            break;
        }
        x.doc = &doc;
        int first_cvm = c->ncvms;
        if (root->type == YAML_SCALAR_NODE && is_null(root)) {
            /* an empty document */
        } else if (root->type != YAML_MAPPING_NODE) {
            err_at(&x, root->start_mark, "expected a mapping with 'capfiles' and 'cVMs', got %s", type_name(root));
        } else {
            size_t total = 0;
            for (yaml_node_pair_t *q = root->data.mapping.pairs.start; q < root->data.mapping.pairs.top; q++)
                total += seq_len(node(&x, q->value));
            struct doc_parse dp = {.cps = xcalloc((size_t)c->ncvms + total + 1, sizeof(struct cvm_parse))};
            each_field(&x, root, "the top level", top_keys, top_field, &dp);
            for (int i = first_cvm; i < c->ncvms; i++) {
                struct cvm_parse *cp = &dp.cps[i];
                struct cfg_cvm *v = &c->cvms[i];
                size_t add = (size_t)(v->ncalls + v->nstreams + v->ncapfiles);
                refs = realloc(refs, (nrefs + add + 1) * sizeof *refs);
                for (int k = 0; k < v->ncapfiles; k++)
                    refs[nrefs++] = (struct ref){v->capfiles[k].name, cp->capfile_nodes[k]->start_mark, 0, i};
                for (int k = 0; k < v->ncalls; k++)
                    refs[nrefs++] = (struct ref){v->calls[k], cp->calls_nodes[k]->start_mark, 1, i};
                for (int k = 0; k < v->nstreams; k++)
                    refs[nrefs++] = (struct ref){v->streams[k], cp->streams_nodes[k]->start_mark, 1, i};
                free_cp(cp);
            }
            free(dp.cps);
        }
        yaml_document_delete(&doc);
        x.doc = NULL;
    }
    yaml_parser_delete(&p);
    fclose(f);
    /* References may point forward, into later documents: checked last. */
    for (size_t i = 0; i < nrefs; i++) {
        struct ref *r = &refs[i];
        int found = 0;
        if (r->kind == 0) {
            for (int j = 0; j < c->ncapfiles; j++)
                found |= c->capfiles[j].name && !strcmp(c->capfiles[j].name, r->name);
            if (!found)
                err_at(&x, r->mark, "capfiles: no capfile named '%s' is declared", r->name);
        } else {
            if (c->cvms[r->owner].name && !strcmp(c->cvms[r->owner].name, r->name)) {
                err_at(&x, r->mark, "'%s' refers to the cVM itself", r->name);
                continue;
            }
            found = name_index(&x, r->name, -1) >= 0;
            if (!found)
                err_at(&x, r->mark, "no cVM named '%s' in this deployment", r->name);
        }
    }
    free(refs);
    if (x.names_ok)
        hdestroy_r(&x.names);
    if (!x.errors && c->ncvms == 0)
        err_at(&x, (yaml_mark_t){0, 0, 0}, "no cVMs to deploy (expected a 'cVMs' list)");
    return x.errors;
}

int cfg_hostname_ok(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > IV_HOSTNAME_MAX)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '.' ||
              *s == '-'))
            return 0;
    return 1;
}

void cfg_free(struct cfg *c)
{
    for (int i = 0; i < c->ncapfiles; i++) {
        free(c->capfiles[i].name);
        free(c->capfiles[i].data);
    }
    for (int i = 0; i < c->ncvms; i++) {
        struct cfg_cvm *v = &c->cvms[i];
        free(v->name);
        free(v->runtime);
        for (int k = 0; k < v->argc; k++)
            free(v->argv[k]);
        free(v->argv);
        for (int k = 0; k < v->nenv; k++)
            free(v->env[k]);
        free(v->env);
        free(v->root);
        free(v->hostname);
        free(v->cwd);
        free(v->out_path);
        free(v->err_path);
        for (int k = 0; k < v->ncapfiles; k++)
            free(v->capfiles[k].name);
        free(v->capfiles);
        for (int k = 0; k < v->ncalls; k++)
            free(v->calls[k]);
        free(v->calls);
        for (int k = 0; k < v->nstreams; k++)
            free(v->streams[k]);
        free(v->streams);
        free(v->net);
    }
    free(c->capfiles);
    free(c->cvms);
    free(c->path);
    free(c->dir);
    memset(c, 0, sizeof *c);
}
