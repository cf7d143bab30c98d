/* The daemon's client (docs/api.md): `intravisor ps`, `deploy FILE.yaml`,
 * `start|stop|kill|restart|rm|logs [-f]|stats|wait NAME`, each with
 * `--socket PATH`.  One request line, then reply lines until the one that
 * ends the request. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <json-c/json.h>
#include "cli/commands.h"
#include "daemon/cmd.h"

static int connect_to(const char *path)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof a.sun_path) {
        fprintf(stderr, "intravisor: socket path too long: %s\n", path);
        return -1;
    }
    strcpy(a.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a)) {
        fprintf(stderr, "intravisor: cannot reach the daemon at %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* Reads one line (without the newline) into *buf.  Length, or -1 at EOF. */
static long read_line(int fd, char **buf, size_t *cap, char *pend, size_t *npend)
{
    size_t n = 0;
    for (;;) {
        char *nl = memchr(pend, '\n', *npend);
        size_t take = nl ? (size_t)(nl - pend) + 1 : *npend;
        if (n + take + 1 > *cap) {
            *cap = (n + take + 1) * 2;
            *buf = realloc(*buf, *cap);
            if (!*buf)
                return -1;
        }
        memcpy(*buf + n, pend, take);
        n += take;
        memmove(pend, pend + take, *npend - take);
        *npend -= take;
        if (nl) {
            (*buf)[n - 1] = 0;
            return (long)n - 1;
        }
        ssize_t r = read(fd, pend, 65536);
        if (r <= 0)
            return -1;
        *npend = (size_t)r;
    }
}

static const char *str(json_object *o, const char *k)
{
    json_object *v;
    return json_object_object_get_ex(o, k, &v) && v ? json_object_get_string(v) : "";
}

static void human(uint64_t b, char *out, size_t n)
{
    if (b >= 1ull << 30)
        snprintf(out, n, "%.1fG", (double)b / (1 << 30));
    else if (b >= 1ull << 20)
        snprintf(out, n, "%.1fM", (double)b / (1 << 20));
    else
        snprintf(out, n, "%lluK", (unsigned long long)(b >> 10));
}

static void print_ps(json_object *r)
{
    json_object *rows = json_object_object_get(r, "cvms");
    printf("%-20s %-12s %-16s %-12s %9s %9s %8s\n", "NAME", "STATE", "RESULT", "IMAGE", "UPTIME", "MEMORY", "CPU s");
    for (size_t i = 0; rows && i < json_object_array_length(rows); i++) {
        json_object *x = json_object_array_get_idx(rows, i);
        char mem[16], hash[13];
        human((uint64_t)json_object_get_int64(json_object_object_get(x, "memory")), mem, sizeof mem);
        snprintf(hash, sizeof hash, "%s", str(x, "image_sha256"));
        printf("%-20s %-12s %-16s %-12s %8.1fs %9s %8.2f\n", str(x, "name"), str(x, "state"), str(x, "result"), hash,
               json_object_get_double(json_object_object_get(x, "uptime")), mem,
               json_object_get_double(json_object_object_get(x, "cpu_seconds")));
    }
}

#define CLIENT_USAGE                                                                                              \
    "usage: intravisor [--socket PATH] ps | deploy FILE.yaml | start|stop [-t S]|kill [-s SIG]|restart|rm|wait " \
    "NAME\n       | logs [-f] NAME | stats [NAME]\n"

int cmd_client(int argc, char **argv)
{
    const char *cmd = argv[0], *sock = NULL, *name = NULL;
    char defpath[256], abs[PATH_MAX];
    int follow = 0;
    double grace = 10, sig = 9;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--socket") && i + 1 < argc)
            sock = argv[++i];
        else if (!strcmp(argv[i], "-f") && !strcmp(cmd, "logs"))
            follow = 1;
        else if (!strcmp(argv[i], "-t") && !strcmp(cmd, "stop") && i + 1 < argc)
            grace = atof(argv[++i]);
        else if (!strcmp(argv[i], "-s") && !strcmp(cmd, "kill") && i + 1 < argc)
            sig = atof(argv[++i]);
        else if (argv[i][0] == '-' || name) {
            fprintf(stderr, "intravisor %s: unexpected argument '%s'\n" CLIENT_USAGE, cmd, argv[i]);
            return 2;
        } else
            name = argv[i];
    }
    int needs_name = strcmp(cmd, "ps") && strcmp(cmd, "stats");
    if (needs_name && !name) {
        fputs(CLIENT_USAGE, stderr);
        return 2;
    }
    json_object *req = json_object_new_object();
    const char *op = !strcmp(cmd, "ps") ? "list" : !strcmp(cmd, "rm") ? "remove" : cmd;
    json_object_object_add(req, "op", json_object_new_string(op));
    if (!strcmp(cmd, "deploy")) {
        if (!realpath(name, abs)) {
            fprintf(stderr, "%s: cannot open: %s\n", name, strerror(errno));
            json_object_put(req);
            return 2;
        }
        json_object_object_add(req, "file", json_object_new_string(abs));
    } else if (name) {
        json_object_object_add(req, "name", json_object_new_string(name));
    }
    if (!strcmp(cmd, "stop"))
        json_object_object_add(req, "grace", json_object_new_double(grace));
    if (!strcmp(cmd, "kill"))
        json_object_object_add(req, "signal", json_object_new_int((int)sig));
    if (follow)
        json_object_object_add(req, "follow", json_object_new_boolean(1));
    if (!sock)
        sock = daemon_default_socket(defpath, sizeof defpath);
    int fd = connect_to(sock);
    if (fd < 0) {
        json_object_put(req);
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    size_t n;
    const char *s = json_object_to_json_string_length(req, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &n);
    int rc = 1;
    if (write(fd, s, n) != (ssize_t)n || write(fd, "\n", 1) != 1) {
        fprintf(stderr, "intravisor: the daemon hung up\n");
        goto out;
    }
    char *line = NULL, *pend = malloc(65536);
    size_t cap = 0, npend = 0;
    for (;;) {
        long len = pend ? read_line(fd, &line, &cap, pend, &npend) : -1;
        if (len < 0) {
            fprintf(stderr, "intravisor: the daemon hung up\n");
            break;
        }
        json_object *r = json_tokener_parse(line);
        if (!r) {
            fprintf(stderr, "intravisor: bad reply from the daemon\n");
            break;
        }
        json_object *st;
        if (json_object_object_get_ex(r, "stream", &st)) { /* a piece of output (logs) */
            json_object *d = json_object_object_get(r, "data");
            FILE *out = !strcmp(json_object_get_string(st), "stderr") ? stderr : stdout;
            fwrite(json_object_get_string(d), 1, (size_t)json_object_get_string_len(d), out);
            fflush(out);
            json_object_put(r);
            continue;
        }
        if (!json_object_get_boolean(json_object_object_get(r, "ok"))) {
            fprintf(stderr, "intravisor %s: %s\n", cmd, str(r, "error"));
            json_object *errs = json_object_object_get(r, "errors");
            for (size_t i = 0; errs && i < json_object_array_length(errs); i++)
                fprintf(stderr, "%s\n", json_object_get_string(json_object_array_get_idx(errs, i)));
            rc = !strcmp(cmd, "deploy") ? 2 : 1;
        } else {
            rc = 0;
            if (!strcmp(cmd, "ps"))
                print_ps(r);
            else if (!strcmp(cmd, "stats"))
                printf("%s\n", json_object_to_json_string_ext(json_object_object_get(r, "cvms"),
                                                              JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
            else if (!strcmp(cmd, "deploy")) {
                json_object *names = json_object_object_get(r, "cvms");
                for (size_t i = 0; names && i < json_object_array_length(names); i++)
                    printf("%s\n", json_object_get_string(json_object_array_get_idx(names, i)));
            } else if (!strcmp(cmd, "wait"))
                printf("%s\n", json_object_get_string(json_object_object_get(r, "status")));
        }
        json_object_put(r);
        break;
    }
    free(line);
    free(pend);
out:
    close(fd);
    json_object_put(req);
    return rc;
}
