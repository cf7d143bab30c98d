/* config.json (runtime-spec config.md) → what one cVM needs.  Every field
 * the spec defines is accepted (docs/oci.md says what each does here); a
 * field it does not define is refused by name, so a typo or an engine
 * newer than this runtime is an error rather than silently ignored. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <intravisor/hostcall.h>
#include "deploy/config.h"
#include "oci/oci.h"

static const char *const top_keys[] = {"ociVersion", "process", "root", "hostname", "domainname", "mounts",
                                       "hooks", "annotations", "linux", "solaris", "windows", "vm", "zos", NULL};
static const char *const process_keys[] = {
    "terminal", "consoleSize", "cwd", "env", "args", "commandLine", "rlimits", "apparmorProfile", "capabilities",
    "noNewPrivileges", "oomScoreAdj", "scheduler", "selinuxLabel", "ioPriority", "execCPUAffinity", "user", NULL};
static const char *const user_keys[] = {"uid", "gid", "umask", "additionalGids", "username", NULL};
static const char *const root_keys[] = {"path", "readonly", NULL};
static const char *const mount_keys[] = {"destination", "source", "options", "type", "uidMappings", "gidMappings",
                                         NULL};
static const char *const rlimit_keys[] = {"type", "soft", "hard", NULL};
static const char *const linux_keys[] = {
    "namespaces", "uidMappings", "gidMappings", "timeOffsets", "devices", "cgroupsPath", "rootfsPropagation",
    "resources", "unified", "sysctl", "seccomp", "maskedPaths", "readonlyPaths", "mountLabel", "personality",
    "intelRdt", "memoryPolicy", "netDevices", NULL};
static const char *const resources_keys[] = {"devices", "memory", "cpu", "blockIO", "hugepageLimits", "network",
                                             "pids", "rdma", "unified", NULL};
static const char *const memory_keys[] = {"limit", "reservation", "swap", "kernel", "kernelTCP", "swappiness",
                                          "disableOOMKiller", "useHierarchy", "checkBeforeUpdate", NULL};
static const char *const pids_keys[] = {"limit", NULL};

/* 0, or -1 after naming the first field of o not in keys. */
static int known(json_object *o, const char *where, const char *const *keys)
{
    if (!o)
        return 0;
    if (!json_object_is_type(o, json_type_object)) {
        oci_err("config.json: %s must be an object", where);
        return -1;
    }
    json_object_object_foreach(o, k, v)
    {
        (void)v;
        int ok = 0;
        for (int i = 0; keys[i] && !ok; i++)
            ok = !strcmp(keys[i], k);
        if (!ok) {
            oci_err("config.json: unknown field '%s%s%s' (not in the OCI runtime spec " OCI_VERSION ")", where,
                    *where ? "." : "", k);
            return -1;
        }
    }
    return 0;
}

static json_object *get(json_object *o, const char *k)
{
    json_object *v;
    return o && json_object_object_get_ex(o, k, &v) ? v : NULL;
}

/* A list of strings at o (NULL allowed unless required). */
static int strings(json_object *o, const char *where, int required, int *n, const char ***out)
{
    *n = 0;
    *out = NULL;
    if (!o) {
        if (required)
            oci_err("config.json: %s is required", where);
        return required ? -1 : 0;
    }
    if (!json_object_is_type(o, json_type_array)) {
        oci_err("config.json: %s must be a list of strings", where);
        return -1;
    }
    size_t len = json_object_array_length(o);
    *out = calloc(len + 1, sizeof **out);
    for (size_t i = 0; i < len; i++) {
        json_object *e = json_object_array_get_idx(o, i);
        if (!json_object_is_type(e, json_type_string)) {
            oci_err("config.json: %s[%zu] must be a string", where, i);
            return -1;
        }
        (*out)[i] = json_object_get_string(e);
    }
    *n = (int)len;
    return 0;
}

static const struct {
    const char *name;
    int res;
} rlimit_names[] = {
    {"RLIMIT_AS", RLIMIT_AS}, {"RLIMIT_CORE", RLIMIT_CORE}, {"RLIMIT_CPU", RLIMIT_CPU},
    {"RLIMIT_DATA", RLIMIT_DATA}, {"RLIMIT_FSIZE", RLIMIT_FSIZE}, {"RLIMIT_LOCKS", RLIMIT_LOCKS},
    {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK}, {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE}, {"RLIMIT_NICE", RLIMIT_NICE},
    {"RLIMIT_NOFILE", RLIMIT_NOFILE}, {"RLIMIT_NPROC", RLIMIT_NPROC}, {"RLIMIT_RSS", RLIMIT_RSS},
    {"RLIMIT_RTPRIO", RLIMIT_RTPRIO}, {"RLIMIT_RTTIME", RLIMIT_RTTIME}, {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
    {"RLIMIT_STACK", RLIMIT_STACK},
};

static int parse_mounts(json_object *ms, struct oci_spec *s)
{
    if (!ms)
        return 0;
    if (!json_object_is_type(ms, json_type_array)) {
        oci_err("config.json: mounts must be a list");
        return -1;
    }
    size_t n = json_object_array_length(ms);
    s->mounts = calloc(n + 1, sizeof *s->mounts);
    for (size_t i = 0; i < n; i++) {
        json_object *m = json_object_array_get_idx(ms, i);
        char where[32];
        snprintf(where, sizeof where, "mounts[%zu]", i);
        if (known(m, where, mount_keys))
            return -1;
        json_object *dest = get(m, "destination"), *src = get(m, "source"), *type = get(m, "type");
        if (!dest || !json_object_is_type(dest, json_type_string) || json_object_get_string(dest)[0] != '/') {
            oci_err("config.json: %s.destination must be an absolute path", where);
            return -1;
        }
        int n_opt, bind = type && !strcmp(json_object_get_string(type), "bind"), ro = 0;
        const char **opts;
        if (strings(get(m, "options"), where, 0, &n_opt, &opts))
            return -1;
        for (int k = 0; k < n_opt; k++) {
            bind |= !strcmp(opts[k], "bind") || !strcmp(opts[k], "rbind");
            ro |= !strcmp(opts[k], "ro");
        }
        free(opts);
        /* proc, sysfs, tmpfs, devpts, mqueue, cgroup: a cVM has the
         * monitor's synthetic /dev and /proc whatever its root holds, and
         * no /sys (docs/oci.md). */
        if (!bind)
            continue;
        if (!src || !json_object_is_type(src, json_type_string)) {
            oci_err("config.json: %s: a bind mount needs a source", where);
            return -1;
        }
        s->mounts[s->nmounts++] = (struct oci_mount){(char *)json_object_get_string(dest),
                                                     (char *)json_object_get_string(src), ro};
    }
    return 0;
}

static int parse_rlimits(json_object *rs, struct oci_spec *s)
{
    if (!rs)
        return 0;
    if (!json_object_is_type(rs, json_type_array)) {
        oci_err("config.json: process.rlimits must be a list");
        return -1;
    }
    size_t n = json_object_array_length(rs);
    s->rlimits = calloc(n + 1, sizeof *s->rlimits);
    for (size_t i = 0; i < n; i++) {
        json_object *r = json_object_array_get_idx(rs, i);
        char where[40];
        snprintf(where, sizeof where, "process.rlimits[%zu]", i);
        if (known(r, where, rlimit_keys))
            return -1;
        const char *t = json_object_get_string(get(r, "type"));
        int res = -1;
        for (size_t k = 0; t && k < sizeof rlimit_names / sizeof rlimit_names[0]; k++)
            if (!strcmp(rlimit_names[k].name, t))
                res = rlimit_names[k].res;
        if (res < 0) {
            oci_err("config.json: %s.type: unknown rlimit '%s'", where, t ? t : "(none)");
            return -1;
        }
        s->rlimits[s->nrlimits++] = (struct oci_rlimit){res, (uint64_t)json_object_get_uint64(get(r, "soft")),
                                                        (uint64_t)json_object_get_uint64(get(r, "hard")), (char *)t};
    }
    return 0;
}

int oci_spec_load(const char *bundle, struct oci_spec *s)
{
    memset(s, 0, sizeof *s);
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/config.json", bundle);
    s->doc = json_object_from_file(path);
    if (!s->doc) {
        oci_err("%s: cannot read: %s", path, errno ? strerror(errno) : json_util_get_last_err());
        return -1;
    }
    json_object *d = s->doc, *p = get(d, "process"), *r = get(d, "root"), *l = get(d, "linux");
    json_object *res = get(l, "resources");
    if (known(d, "", top_keys) || known(p, "process", process_keys) || known(get(p, "user"), "process.user", user_keys) ||
        known(r, "root", root_keys) || known(l, "linux", linux_keys) || known(res, "linux.resources", resources_keys) ||
        known(get(res, "memory"), "linux.resources.memory", memory_keys) ||
        known(get(res, "pids"), "linux.resources.pids", pids_keys))
        return -1;
    if (!p) {
        oci_err("config.json: process is required (create has nothing to run)");
        return -1;
    }
    json_object *rp = get(r, "path");
    if (!rp || !json_object_is_type(rp, json_type_string) || !*json_object_get_string(rp)) {
        oci_err("config.json: root.path is required");
        return -1;
    }
    s->root = json_object_get_string(rp);
    if (s->root[0] == '/') {
        s->root_abs = strdup(s->root);
    } else {
        s->root_abs = malloc(strlen(bundle) + strlen(s->root) + 2);
        sprintf(s->root_abs, "%s/%s", bundle, s->root);
    }
    json_object *hn = get(d, "hostname");
    if (hn && json_object_is_type(hn, json_type_string) && *json_object_get_string(hn)) {
        s->hostname = json_object_get_string(hn);
        if (!cfg_hostname_ok(s->hostname)) {
            oci_warn("config.json: hostname '%s' is not a cVM host name (1..%d of a-z A-Z 0-9 . -); using the container id",
                     s->hostname, IV_HOSTNAME_MAX);
            s->hostname = NULL;
        }
    }
    s->readonly = json_object_get_boolean(get(r, "readonly"));
    s->terminal = json_object_get_boolean(get(p, "terminal"));
    json_object *hooks = get(d, "hooks");
    if (hooks && json_object_is_type(hooks, json_type_object) && json_object_object_length(hooks)) {
        json_object_object_foreach(hooks, hk, hv)
        {
            if (hv && json_object_is_type(hv, json_type_array) && json_object_array_length(hv)) {
                oci_err("config.json: hooks.%s: hooks are not supported (a cVM has no namespaces for them to set up)",
                        hk);
                return -1;
            }
        }
    }
    if (strings(get(p, "args"), "process.args", 1, &s->argc, &s->argv) ||
        strings(get(p, "env"), "process.env", 0, &s->nenv, &s->env))
        return -1;
    if (s->argc == 0) {
        oci_err("config.json: process.args is empty: args[0] names the cVM image inside the root");
        return -1;
    }
    json_object *cwd = get(p, "cwd");
    s->cwd = cwd ? json_object_get_string(cwd) : "/";
    if (s->cwd[0] != '/') {
        oci_err("config.json: process.cwd must be an absolute path");
        return -1;
    }
    json_object *u = get(p, "user"), *g;
    s->uid = (uint32_t)json_object_get_int64(get(u, "uid"));
    s->gid = (uint32_t)json_object_get_int64(get(u, "gid"));
    s->umask = get(u, "umask") ? (int)(json_object_get_int(get(u, "umask")) & 0777) : -1;
    if ((g = get(u, "additionalGids")) && json_object_is_type(g, json_type_array)) {
        s->ngroups = (int)json_object_array_length(g);
        s->groups = calloc((size_t)s->ngroups + 1, sizeof *s->groups);
        for (int i = 0; i < s->ngroups; i++)
            s->groups[i] = (uint32_t)json_object_get_int64(json_object_array_get_idx(g, i));
    }
    json_object *lim = get(get(res, "memory"), "limit");
    if (lim && json_object_get_int64(lim) > 0)
        s->memory = (uint64_t)json_object_get_int64(lim);
    lim = get(get(res, "pids"), "limit");
    if (lim && json_object_get_int64(lim) > 0)
        s->threads = json_object_get_int64(lim) > INT_MAX ? INT_MAX : (int)json_object_get_int64(lim);
    return parse_mounts(get(d, "mounts"), s) || parse_rlimits(get(p, "rlimits"), s) ? -1 : 0;
}

void oci_spec_free(struct oci_spec *s)
{
    free(s->argv);
    free(s->env);
    free(s->mounts);
    free(s->rlimits);
    free(s->groups);
    free(s->root_abs);
    json_object_put(s->doc);
    memset(s, 0, sizeof *s);
}
