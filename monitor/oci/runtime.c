/* `intravisor oci [GLOBAL OPTIONS] COMMAND ...`, also reached as the
 * program `intravisor-oci` (a link to intravisor): the runtime-spec
 * command line.  State lives in --root/ID: state.json and exec.fifo (the
 * container process waits on the fifo until `start`). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "deploy/deploy.h"
#include "oci/cmd.h"
#include "oci/oci.h"

#define IV_OCI_VERSION "0.1.0"

static const char *state_root = "/run/intravisor-oci";

static int usage(void)
{
    fprintf(stderr,
            "usage: intravisor-oci [--root DIR] [--log FILE] [--log-format text|json] [--systemd-cgroup] COMMAND\n"
            "  create [--bundle DIR] [--pid-file FILE] [--console-socket SOCK] ID\n"
            "  start ID | state ID | kill [--all] ID [SIGNAL] | delete [--force] ID | features | --version\n");
    return 2;
}

static int valid_id(const char *id)
{
    if (!*id || strlen(id) > 200 || !strcmp(id, ".") || !strcmp(id, ".."))
        return 0;
    for (const char *p = id; *p; p++)
        if (*p == '/' || *p < ' ')
            return 0;
    return 1;
}

static void dir_of(const char *id, char *out, size_t n) { snprintf(out, n, "%s/%s", state_root, id); }

/* Removes the state directory of id (its two files). */
static void remove_state(const char *id)
{
    char d[PATH_MAX], f[PATH_MAX + 32];
    dir_of(id, d, sizeof d);
    snprintf(f, sizeof f, "%s/state.json", d);
    unlink(f);
    snprintf(f, sizeof f, "%s/exec.fifo", d);
    unlink(f);
    rmdir(d);
}

static json_object *load_state(const char *id)
{
    char f[PATH_MAX + 32];
    if (!valid_id(id)) {
        oci_err("invalid container id '%s'", id);
        return NULL;
    }
    snprintf(f, sizeof f, "%s/%s/state.json", state_root, id);
    json_object *s = json_object_from_file(f);
    if (!s)
        oci_err("container '%s' does not exist", id);
    return s;
}

static int save_state(const char *id, json_object *s)
{
    char f[PATH_MAX + 32], tmp[PATH_MAX + 48];
    snprintf(f, sizeof f, "%s/%s/state.json", state_root, id);
    snprintf(tmp, sizeof tmp, "%s.tmp", f);
    if (json_object_to_file_ext(tmp, s, JSON_C_TO_STRING_PLAIN) || rename(tmp, f)) {
        oci_err("%s: cannot write: %s", f, strerror(errno));
        return -1;
    }
    return 0;
}

/* The container process is alive (not a zombie) */
static int alive(pid_t pid)
{
    if (pid <= 0 || kill(pid, 0))
        return 0;
    char p[64], buf[512];
    snprintf(p, sizeof p, "/proc/%d/stat", pid);
    FILE *f = fopen(p, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *rp = strrchr(buf, ')');
    return rp && rp[1] == ' ' && rp[2] != 'Z' && rp[2] != 'X';
}

static const char *status_of(json_object *s)
{
    pid_t pid = (pid_t)json_object_get_int(json_object_object_get(s, "pid"));
    if (!alive(pid))
        return "stopped";
    return json_object_get_boolean(json_object_object_get(s, "started")) ? "running" : "created";
}

/* args[0] inside the root: absolute, relative to cwd, or found on the
 * process's PATH; opened inside the root (symlinks cannot leave it). */
static int open_image(struct oci_spec *s, char *shown, size_t n)
{
    int root = open(s->root_abs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) {
        oci_err("root.path %s: %s", s->root_abs, strerror(errno));
        return -1;
    }
    const char *a0 = s->argv[0], *path = "/usr/local/bin:/usr/bin:/bin";
    for (int i = 0; i < s->nenv; i++)
        if (!strncmp(s->env[i], "PATH=", 5))
            path = s->env[i] + 5;
    char cand[PATH_MAX];
    int fd = -1, e = ENOENT;
    const char *p = path;
    for (;;) {
        if (strchr(a0, '/'))
            snprintf(cand, sizeof cand, "%s%s%s", a0[0] == '/' ? "" : s->cwd, a0[0] == '/' ? "" : "/", a0);
        else {
            const char *colon = strchr(p, ':');
            int len = colon ? (int)(colon - p) : (int)strlen(p);
            snprintf(cand, sizeof cand, "%.*s/%s", len, p, a0);
            p = colon ? colon + 1 : NULL;
        }
        struct open_how how = {.flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
        fd = (int)syscall(SYS_openat2, root, cand, &how, sizeof how);
        if (fd >= 0 || strchr(a0, '/') || !p)
            break;
        e = errno;
    }
    if (fd < 0)
        oci_err("process.args[0] '%s': no such cVM image in the root: %s", a0, strerror(fd < 0 ? errno ? errno : e : e));
    close(root);
    snprintf(shown, n, "%s", cand);
    return fd;
}

static char *xdup(const char *s) { return strdup(s ? s : ""); }

/* The one-cVM deployment of the bundle. */
static int build_cfg(const char *id, const char *bundle, struct oci_spec *s, struct cfg *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/config.json", bundle);
    cfg->path = xdup(path);
    cfg->dir = xdup(bundle);
    cfg->cvms = calloc(1, sizeof *cfg->cvms);
    cfg->ncvms = 1;
    struct cfg_cvm *v = cfg->cvms;
    v->name = strndup(id, 63);
    v->argc = s->argc;
    v->argv = calloc((size_t)s->argc + 1, sizeof *v->argv);
    for (int i = 0; i < s->argc; i++)
        v->argv[i] = xdup(s->argv[i]);
    v->nenv = s->nenv;
    v->env = calloc((size_t)s->nenv + 1, sizeof *v->env);
    for (int i = 0; i < s->nenv; i++)
        v->env[i] = xdup(s->env[i]);
    v->root = realpath(s->root_abs, NULL);
    v->rw = !s->readonly;
    v->cwd = xdup(s->cwd);
    v->hostname = s->hostname ? xdup(s->hostname) : NULL; /* default: the cVM's name, the container id */
    v->memory = s->memory ? s->memory : CFG_DEFAULT_MEMORY;
    if (v->memory > CFG_MAX_MEMORY) {
        oci_warn("linux.resources.memory.limit %llu is above a cVM's maximum; using %llu",
                 (unsigned long long)v->memory, (unsigned long long)CFG_MAX_MEMORY);
        v->memory = CFG_MAX_MEMORY;
    }
    /* A cVM has at most 1024 threads (the monitor's limit): a larger
     * pids.limit (podman's default is 2048) changes nothing. */
    v->threads = s->threads > 0 && s->threads < 1024 ? s->threads : 0;
    v->wait = 0;
    if (!v->root) {
        oci_err("root.path %s: %s", s->root_abs, strerror(errno));
        return -1;
    }
    char shown[PATH_MAX], fdpath[64];
    int fd = open_image(s, shown, sizeof shown);
    if (fd < 0)
        return -1;
    snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
    char *msgs = NULL;
    size_t len = 0;
    FILE *errs = open_memstream(&msgs, &len);
    int r = cfg_set_image(v, fdpath, shown, errs);
    fclose(errs);
    close(fd);
    if (r)
        oci_err("%s", msgs);
    free(msgs);
    v->runtime = xdup(shown);
    return r;
}

static int cmd_create(int argc, char **argv)
{
    const char *bundle = ".", *pidfile = NULL, *console = NULL, *id = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((!strcmp(a, "--bundle") || !strcmp(a, "-b")) && i + 1 < argc)
            bundle = argv[++i];
        else if (!strcmp(a, "--pid-file") && i + 1 < argc)
            pidfile = argv[++i];
        else if (!strcmp(a, "--console-socket") && i + 1 < argc)
            console = argv[++i];
        else if (!strcmp(a, "--preserve-fds") && i + 1 < argc)
            i++; /* extra fds: a cVM's descriptors are its own (docs/oci.md) */
        else if (!strcmp(a, "--no-pivot") || !strcmp(a, "--no-new-keyring"))
            ; /* nothing to pivot; no session keyring is made (docs/oci.md) */
        else if (!strncmp(a, "--bundle=", 9))
            bundle = a + 9;
        else if (!strncmp(a, "--pid-file=", 11))
            pidfile = a + 11;
        else if (!strncmp(a, "--console-socket=", 17))
            console = a + 17;
        else if (a[0] == '-' || id)
            return oci_err("create: unexpected argument '%s'", a), 2;
        else
            id = a;
    }
    if (!id)
        return usage();
    if (!valid_id(id))
        return oci_err("invalid container id '%s'", id), 1;
    char babs[PATH_MAX];
    if (!realpath(bundle, babs))
        return oci_err("bundle %s: %s", bundle, strerror(errno)), 1;
    struct oci_spec spec;
    struct cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    if (oci_spec_load(babs, &spec) || build_cfg(id, babs, &spec, &cfg)) {
        oci_spec_free(&spec);
        cfg_free(&cfg);
        return 1;
    }
    char dir[PATH_MAX], fifo[PATH_MAX + 16];
    dir_of(id, dir, sizeof dir);
    mkdir(state_root, 0700);
    if (mkdir(dir, 0700)) {
        oci_err(errno == EEXIST ? "container '%s' already exists" : "%s: %s", errno == EEXIST ? id : dir,
                strerror(errno));
        return 1;
    }
    snprintf(fifo, sizeof fifo, "%s/exec.fifo", dir);
    int ready[2];
    if (mkfifo(fifo, 0600) || pipe2(ready, O_CLOEXEC)) {
        oci_err("%s: %s", fifo, strerror(errno));
        remove_state(id);
        return 1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(ready[0]);
        struct oci_create c = {id, babs, dir, console, &spec, &cfg, ready[1]};
        oci_container_main(&c);
    }
    close(ready[1]);
    char msg[600] = "";
    ssize_t n = pid < 0 ? -1 : read(ready[0], msg, sizeof msg - 1);
    close(ready[0]);
    msg[n > 0 ? n : 0] = 0;
    if (strcmp(msg, "ok")) {
        oci_err("create %s: %s", id, *msg ? msg : "the container process died");
        if (pid > 0) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
        }
        remove_state(id);
        return 1;
    }
    json_object *st = json_object_new_object();
    json_object_object_add(st, "ociVersion", json_object_new_string(OCI_VERSION));
    json_object_object_add(st, "id", json_object_new_string(id));
    json_object_object_add(st, "pid", json_object_new_int(pid));
    json_object_object_add(st, "bundle", json_object_new_string(babs));
    json_object_object_add(st, "started", json_object_new_boolean(0));
    json_object_object_add(st, "created", json_object_new_int64((int64_t)time(NULL)));
    json_object *ann = json_object_object_get(spec.doc, "annotations");
    json_object_object_add(st, "annotations", ann ? json_object_get(ann) : json_object_new_object());
    int bad = save_state(id, st);
    json_object_put(st);
    if (!bad && pidfile) {
        char tmp[PATH_MAX + 8];
        snprintf(tmp, sizeof tmp, "%s.tmp", pidfile);
        FILE *f = fopen(tmp, "w");
        bad = !f || fprintf(f, "%d", pid) < 0 || fclose(f) || rename(tmp, pidfile);
        if (bad)
            oci_err("--pid-file %s: %s", pidfile, strerror(errno));
    }
    if (bad) {
        kill(pid, SIGKILL);
        remove_state(id);
        return 1;
    }
    oci_spec_free(&spec);
    cfg_free(&cfg);
    return 0;
}

static int cmd_start(const char *id)
{
    json_object *s = load_state(id);
    if (!s)
        return 1;
    int rc = 1;
    const char *st = status_of(s);
    if (strcmp(st, "created")) {
        oci_err("start %s: the container is %s, not created", id, st);
        goto out;
    }
    char fifo[PATH_MAX + 16];
    snprintf(fifo, sizeof fifo, "%s/%s/exec.fifo", state_root, id);
    int fd = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        oci_err("start %s: %s", id, strerror(errno));
        goto out;
    }
    pid_t pid = (pid_t)json_object_get_int(json_object_object_get(s, "pid"));
    char b = 0;
    for (int waited = 0; waited < 10000; waited += 10) { /* the container process writes one byte */
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 10) > 0 && read(fd, &b, 1) == 1)
            break;
        if (!alive(pid))
            break;
    }
    close(fd);
    if (b != '0') {
        oci_err("start %s: the container process did not answer", id);
        goto out;
    }
    json_object_object_add(s, "started", json_object_new_boolean(1));
    rc = save_state(id, s) ? 1 : 0;
    char f[PATH_MAX + 16];
    snprintf(f, sizeof f, "%s/%s/exec.fifo", state_root, id);
    unlink(f);
out:
    json_object_put(s);
    return rc;
}

static int cmd_state(const char *id)
{
    json_object *s = load_state(id);
    if (!s)
        return 1;
    json_object *o = json_object_new_object();
    json_object_object_add(o, "ociVersion", json_object_new_string(OCI_VERSION));
    json_object_object_add(o, "id", json_object_new_string(id));
    const char *st = status_of(s);
    json_object_object_add(o, "status", json_object_new_string(st));
    json_object_object_add(o, "pid", json_object_new_int(strcmp(st, "stopped") ? json_object_get_int(json_object_object_get(s, "pid")) : 0));
    json_object_object_add(o, "bundle", json_object_get(json_object_object_get(s, "bundle")));
    json_object_object_add(o, "annotations", json_object_get(json_object_object_get(s, "annotations")));
    printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
    json_object_put(s);
    return 0;
}

static int parse_signal(const char *s)
{
    if (!s)
        return SIGTERM;
    char *end;
    long n = strtol(s, &end, 10);
    if (!*end)
        return n > 0 && n < NSIG ? (int)n : -1;
    if (!strncasecmp(s, "SIG", 3))
        s += 3;
    for (int i = 1; i < NSIG; i++) {
        const char *a = sigabbrev_np(i);
        if (a && !strcasecmp(a, s))
            return i;
    }
    return -1;
}

static int cmd_kill(int argc, char **argv)
{
    const char *id = NULL, *sig = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--all") || !strcmp(argv[i], "-a"))
            continue; /* one process per container */
        if (!id)
            id = argv[i];
        else if (!sig)
            sig = argv[i];
        else
            return usage();
    }
    if (!id)
        return usage();
    int s = parse_signal(sig);
    if (s < 0)
        return oci_err("kill: unknown signal '%s'", sig), 1;
    json_object *st = load_state(id);
    if (!st)
        return 1;
    pid_t pid = (pid_t)json_object_get_int(json_object_object_get(st, "pid"));
    json_object_put(st);
    if (!alive(pid))
        return oci_err("kill %s: the container is not running", id), 1;
    /* SIGTERM/SIGINT end the cVM (status 128+sig) through the monitor's
     * watchdog; other signals act on the monitor process as on any. */
    if (kill(pid, s))
        return oci_err("kill %s: %s", id, strerror(errno)), 1;
    return 0;
}

static int cmd_delete(int argc, char **argv)
{
    const char *id = NULL;
    int force = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--force") || !strcmp(argv[i], "-f"))
            force = 1;
        else if (!id)
            id = argv[i];
        else
            return usage();
    }
    if (!id)
        return usage();
    json_object *st = load_state(id);
    if (!st)
        return 1;
    pid_t pid = (pid_t)json_object_get_int(json_object_object_get(st, "pid"));
    const char *status = status_of(st);
    json_object_put(st);
    if (!strcmp(status, "running") && !force)
        return oci_err("delete %s: the container is running (stop it or use --force)", id), 1;
    if (alive(pid)) {
        kill(pid, SIGKILL);
        for (int i = 0; i < 200 && alive(pid); i++)
            usleep(5000);
    }
    remove_state(id);
    return 0;
}

static int cmd_features(void)
{
    json_object *o = json_object_new_object(), *l = json_object_new_object(), *ns = json_object_new_array();
    json_object_object_add(o, "ociVersionMin", json_object_new_string("1.0.0"));
    json_object_object_add(o, "ociVersionMax", json_object_new_string(OCI_VERSION));
    json_object_object_add(o, "hooks", json_object_new_array());
    json_object *mo = json_object_new_array();
    json_object_array_add(mo, json_object_new_string("bind"));
    json_object_array_add(mo, json_object_new_string("rbind"));
    json_object_array_add(mo, json_object_new_string("ro"));
    json_object_array_add(mo, json_object_new_string("rw"));
    json_object_object_add(o, "mountOptions", mo);
    const char *nss[] = {"mount", "pid", "network", "ipc", "uts", "user", "cgroup"};
    for (size_t i = 0; i < sizeof nss / sizeof nss[0]; i++)
        json_object_array_add(ns, json_object_new_string(nss[i]));
    json_object_object_add(l, "namespaces", ns);
    json_object_object_add(o, "linux", l);
    json_object *ann = json_object_new_object();
    json_object_object_add(ann, "org.intravisor.isolation", json_object_new_string("verified software fault isolation"));
    json_object_object_add(o, "annotations", ann);
    printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
    return 0;
}

int cmd_oci(int argc, char **argv)
{
    const char *log = NULL;
    int json = 0, i = 1;
    if (getuid() && !getenv("INTRAVISOR_OCI_ROOT")) {
        static char r[PATH_MAX];
        const char *x = getenv("XDG_RUNTIME_DIR");
        snprintf(r, sizeof r, "%s/intravisor-oci", x && *x ? x : "/tmp");
        state_root = r;
    } else if (getenv("INTRAVISOR_OCI_ROOT")) {
        state_root = getenv("INTRAVISOR_OCI_ROOT");
    }
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--root") && i + 1 < argc)
            state_root = argv[++i];
        else if (!strncmp(a, "--root=", 7))
            state_root = a + 7;
        else if (!strcmp(a, "--log") && i + 1 < argc)
            log = argv[++i];
        else if (!strncmp(a, "--log=", 6))
            log = a + 6;
        else if (!strcmp(a, "--log-format") && i + 1 < argc)
            json = !strcmp(argv[++i], "json");
        else if (!strncmp(a, "--log-format=", 13))
            json = !strcmp(a + 13, "json");
        else if (!strcmp(a, "--systemd-cgroup") || !strcmp(a, "--debug"))
            ; /* no cgroups are made (docs/oci.md) */
        else if (!strcmp(a, "--version") || !strcmp(a, "-v")) {
            printf("intravisor-oci version " IV_OCI_VERSION "\nspec: " OCI_VERSION "\n");
            return 0;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage();
            return 0;
        } else {
            fprintf(stderr, "intravisor-oci: unknown option '%s'\n", a);
            return usage();
        }
    }
    oci_log_open(log, json);
    if (i >= argc)
        return usage();
    const char *cmd = argv[i];
    int n = argc - i;
    char **v = argv + i;
    if (!strcmp(cmd, "create"))
        return cmd_create(n, v);
    if (!strcmp(cmd, "start") && n == 2)
        return cmd_start(v[1]);
    if (!strcmp(cmd, "state") && n == 2)
        return cmd_state(v[1]);
    if (!strcmp(cmd, "kill"))
        return cmd_kill(n, v);
    if (!strcmp(cmd, "delete"))
        return cmd_delete(n, v);
    if (!strcmp(cmd, "features"))
        return cmd_features();
    oci_err("unknown command or arguments: %s", cmd);
    return usage();
}
