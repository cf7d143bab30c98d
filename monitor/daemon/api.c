/* The control API's requests (docs/api.md): one JSON object per line,
 * {"op": ..., ...}; every reply is one JSON object with "ok". */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <sys/stat.h>
#include "daemon/cmd.h"
#include "daemon/daemon.h"
#include "deploy/deploy.h"

const char *daemon_default_socket(char *buf, size_t n)
{
    const char *e = getenv("INTRAVISOR_SOCKET");
    if (e && *e)
        return e;
    const char *x = getenv("XDG_RUNTIME_DIR");
    if (x && *x)
        snprintf(buf, n, "%s/intravisor.sock", x);
    else
        snprintf(buf, n, "/tmp/intravisor-%u.sock", (unsigned)getuid());
    return buf;
}

static const char *state_name(struct dp_info *i)
{
    switch (i->state) {
    case DP_CREATED:
        return "created";
    case DP_RUNNING:
        return i->stopping ? "stopping" : "running";
    case DP_ENDED:
        return "exited";
    default:
        return "not-started";
    }
}

static json_object *ok_reply(void)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "ok", json_object_new_boolean(1));
    return o;
}

static json_object *cvm_row(struct dp_cvm *d)
{
    struct dp_info i;
    dp_info(d, &i);
    json_object *o = json_object_new_object();
    json_object_object_add(o, "name", json_object_new_string(i.name));
    json_object_object_add(o, "state", json_object_new_string(state_name(&i)));
    json_object_object_add(o, "status", i.state == DP_ENDED ? json_object_new_int(i.status) : NULL);
    json_object_object_add(o, "result", json_object_new_string(i.result));
    json_object_object_add(o, "image", json_object_new_string(i.image));
    json_object_object_add(o, "image_sha256", json_object_new_string(i.hash));
    json_object_object_add(o, "file", json_object_new_string(i.file));
    json_object_object_add(o, "uptime", json_object_new_double(i.uptime));
    json_object_object_add(o, "memory", json_object_new_uint64(i.memory));
    json_object_object_add(o, "peak_memory", json_object_new_uint64(i.peak));
    json_object_object_add(o, "cpu_seconds", json_object_new_double(i.cpu));
    json_object_object_add(o, "runs", json_object_new_int(i.runs));
    json_object_object_add(o, "restarts", json_object_new_int(i.restarts));
    return o;
}

static void op_deploy(struct conn *c, json_object *req)
{
    json_object *f;
    if (!json_object_object_get_ex(req, "file", &f) || !json_object_is_type(f, json_type_string)) {
        conn_send_error(c, "deploy: expected \"file\": an absolute path to a YAML file");
        return;
    }
    const char *path = json_object_get_string(f);
    if (path[0] != '/') {
        conn_send_error(c, "deploy: \"file\" must be an absolute path (the daemon does not share the client's directory)");
        return;
    }
    /* A FIFO or a device would hold the one thread that serves everyone. */
    struct stat sb;
    if (stat(path, &sb)) {
        conn_send_error(c, "deploy: %.200s: cannot open: %s", path, strerror(errno));
        return;
    }
    if (!S_ISREG(sb.st_mode) || sb.st_size > (16 << 20)) {
        conn_send_error(c, "deploy: %.200s: not a regular file of at most 16 MiB", path);
        return;
    }
    json_object *st;
    int start = !json_object_object_get_ex(req, "start", &st) || json_object_get_boolean(st);
    char *msgs = NULL;
    size_t msgs_len = 0;
    FILE *errs = open_memstream(&msgs, &msgs_len);
    if (!errs) {
        conn_send_error(c, "deploy: out of memory");
        return;
    }
    struct cfg cfg;
    int problems = cfg_load_errs(path, &cfg, errs);
    int added = problems ? -1 : dp_add(&cfg, errs);
    fclose(errs);
    json_object *o;
    if (added < 0) {
        o = json_object_new_object();
        json_object_object_add(o, "ok", json_object_new_boolean(0));
        char buf[160];
        if (problems)
            snprintf(buf, sizeof buf, "%s: %d problem%s; nothing was started", path, problems, problems == 1 ? "" : "s");
        else
            snprintf(buf, sizeof buf, "%s: cannot be deployed; nothing was started", path);
        json_object_object_add(o, "error", json_object_new_string(buf));
        json_object *lines = json_object_new_array();
        for (char *s = msgs, *nl; s && *s; s = nl + 1) {
            nl = strchr(s, '\n');
            if (!nl)
                nl = s + strlen(s) - 1;
            json_object_array_add(lines, json_object_new_string_len(s, (int)(nl - s + (*nl != '\n'))));
        }
        json_object_object_add(o, "errors", lines);
        cfg_free(&cfg);
    } else {
        /* The new cVMs are the last `added` ones. */
        json_object *names = json_object_new_array();
        int total = 0;
        for (struct dp_cvm *d = dp_next(NULL); d; d = dp_next(d))
            total++;
        int k = 0;
        for (struct dp_cvm *d = dp_next(NULL); d; d = dp_next(d))
            if (k++ >= total - added) {
                struct dp_info i;
                dp_info(d, &i);
                json_object_array_add(names, json_object_new_string(i.name));
            }
        if (start)
            dp_begin();
        o = ok_reply();
        json_object_object_add(o, "cvms", names);
    }
    free(msgs);
    conn_send_json(c, o);
}

static struct dp_cvm *named(struct conn *c, json_object *req, const char *op)
{
    json_object *n;
    if (!json_object_object_get_ex(req, "name", &n) || !json_object_is_type(n, json_type_string)) {
        conn_send_error(c, "%s: expected \"name\"", op);
        return NULL;
    }
    struct dp_cvm *d = dp_find(json_object_get_string(n));
    if (!d)
        conn_send_error(c, "%s: no cVM named '%.64s'", op, json_object_get_string(n));
    return d;
}

static double num(json_object *req, const char *key, double dflt)
{
    json_object *v;
    if (!json_object_object_get_ex(req, key, &v))
        return dflt;
    return json_object_get_double(v);
}

static void wait_reply(struct conn *c, struct dp_cvm *d)
{
    struct dp_info i;
    dp_info(d, &i);
    json_object *o = ok_reply();
    json_object_object_add(o, "name", json_object_new_string(i.name));
    json_object_object_add(o, "status", i.state == DP_ENDED ? json_object_new_int(i.status) : NULL);
    json_object_object_add(o, "result", json_object_new_string(i.result));
    conn_send_json(c, o);
}

static int over(struct dp_cvm *d)
{
    struct dp_info i;
    dp_info(d, &i);
    return i.state == DP_ENDED || i.state == DP_NOT_STARTED;
}

void api_request(struct conn *c, const char *line, size_t len)
{
    json_tokener *tok = json_tokener_new();
    if (!tok) {
        conn_send_error(c, "out of memory");
        return;
    }
    json_object *req = len > (size_t)INT32_MAX ? NULL : json_tokener_parse_ex(tok, line, (int)len);
    enum json_tokener_error e = json_tokener_get_error(tok);
    if (!req && e == json_tokener_continue)
        e = json_tokener_error_parse_eof; /* half an object, then the newline */
    /* Exactly one object on the line, nothing after it. */
    int trailing = req && json_tokener_get_parse_end(tok) < len &&
                   strspn(line + json_tokener_get_parse_end(tok), " \t\r") != len - json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    json_object *op;
    if (!req || e != json_tokener_success || trailing || !json_object_is_type(req, json_type_object)) {
        conn_send_error(c, "bad request: expected one JSON object per line (%s)",
                        e != json_tokener_success ? json_tokener_error_desc(e) : "not an object");
        json_object_put(req);
        return;
    }
    if (!json_object_object_get_ex(req, "op", &op) || !json_object_is_type(op, json_type_string)) {
        conn_send_error(c, "bad request: expected \"op\"");
        json_object_put(req);
        return;
    }
    const char *o = json_object_get_string(op);
    char why[128] = "";
    struct dp_cvm *d = NULL;
    if (!strcmp(o, "deploy")) {
        op_deploy(c, req);
    } else if (!strcmp(o, "list")) {
        json_object *r = ok_reply(), *rows = json_object_new_array();
        for (struct dp_cvm *x = dp_next(NULL); x; x = dp_next(x))
            json_object_array_add(rows, cvm_row(x));
        json_object_object_add(r, "cvms", rows);
        conn_send_json(c, r);
    } else if (!strcmp(o, "stats")) {
        json_object *n, *r = ok_reply(), *rows = json_object_new_array();
        const char *only = json_object_object_get_ex(req, "name", &n) ? json_object_get_string(n) : NULL;
        if (only && !(d = dp_find(only))) {
            json_object_put(r);
            json_object_put(rows);
            conn_send_error(c, "stats: no cVM named '%.64s'", only);
        } else {
            for (struct dp_cvm *x = dp_next(NULL); x; x = dp_next(x))
                if (!d || x == d)
                    json_object_array_add(rows, dp_stats_json(x));
            json_object_object_add(r, "cvms", rows);
            conn_send_json(c, r);
        }
    } else if (!strcmp(o, "start") || !strcmp(o, "stop") || !strcmp(o, "kill") || !strcmp(o, "restart") ||
               !strcmp(o, "remove")) {
        if ((d = named(c, req, o))) {
            int r;
            if (!strcmp(o, "start"))
                r = dp_start(d, why);
            else if (!strcmp(o, "stop"))
                r = dp_stop(d, 0, num(req, "grace", 10), why);
            else if (!strcmp(o, "kill")) {
                double sig = num(req, "signal", SIGKILL);
                r = sig < 1 || sig > 64 ? (snprintf(why, sizeof why, "signal: expected 1..64"), -1)
                                        : dp_signal(d, (int)sig, why);
            } else if (!strcmp(o, "restart"))
                r = dp_restart(d, why);
            else {
                struct dp_info i;
                dp_info(d, &i);
                if (i.state != DP_RUNNING)
                    logs_forget(d); /* before d is freed */
                r = dp_remove(d, why);
            }
            if (r)
                conn_send_error(c, "%s: %s", o, why);
            else
                conn_send_json(c, ok_reply());
        }
    } else if (!strcmp(o, "wait")) {
        if ((d = named(c, req, o))) {
            if (over(d)) {
                wait_reply(c, d);
            } else {
                c->waiting = W_WAIT;
                snprintf(c->name, sizeof c->name, "%s", json_object_get_string(json_object_object_get(req, "name")));
            }
        }
    } else if (!strcmp(o, "logs")) {
        json_object *f;
        if ((d = named(c, req, o))) {
            logs_replay(d, c);
            if (json_object_object_get_ex(req, "follow", &f) && json_object_get_boolean(f) && !over(d)) {
                c->waiting = W_FOLLOW;
                snprintf(c->name, sizeof c->name, "%s", json_object_get_string(json_object_object_get(req, "name")));
            } else {
                json_object *r = ok_reply();
                json_object_object_add(r, "end", json_object_new_boolean(1));
                conn_send_json(c, r);
            }
        }
    } else {
        conn_send_error(c, "bad request: unknown op '%.32s'", o);
    }
    json_object_put(req);
}

void api_wake_waiters(struct conn *conns)
{
    for (struct conn *c = conns; c; c = c->next) {
        if (!c->waiting)
            continue;
        struct dp_cvm *d = dp_find(c->name);
        if (!d) {
            conn_send_error(c, "%s: removed", c->name);
            c->waiting = W_NONE;
            continue;
        }
        if (!over(d))
            continue;
        if (c->waiting == W_FOLLOW) {
            /* What it wrote last is in the pipes: deliver it first. */
            logs_read(d, 1, conns);
            logs_read(d, 2, conns);
            json_object *r = ok_reply();
            json_object_object_add(r, "end", json_object_new_boolean(1));
            conn_send_json(c, r);
        } else {
            wait_reply(c, d);
        }
        c->waiting = W_NONE;
    }
}
