/* oci/: the OCI runtime command line (runtime-spec "runtime.md"), so that
 * podman, containerd and other engines start cVMs (docs/oci.md).  A
 * container is one monitor process running one cVM; this folder turns a
 * bundle's config.json into a deployment for the deployer library
 * (deploy/deploy.h) and keeps the container's state in --root. */
#ifndef MONITOR_OCI_OCI_H
#define MONITOR_OCI_OCI_H
#include <stdint.h>
#include <json-c/json.h>

struct cfg;

#define OCI_VERSION "1.1.0"

/* What a cVM takes from config.json (spec.c). */
struct oci_mount {
    char *dest, *source;
    int ro;
};
struct oci_rlimit {
    int resource;
    uint64_t soft, hard;
    char *name;
};
struct oci_spec {
    json_object *doc;     /* the parsed file (owns the strings below) */
    const char *root;     /* root.path, resolved against the bundle */
    char *root_abs;
    int readonly;
    int terminal;
    int argc, nenv;
    const char **argv, **env;
    const char *cwd;
    const char *hostname; /* the cVM's uname nodename, or NULL */
    uint64_t memory;      /* 0: default */
    int threads;          /* 0: default */
    int nmounts;          /* bind mounts only */
    struct oci_mount *mounts;
    int nrlimits;
    struct oci_rlimit *rlimits;
    /* process.user: the container process takes these credentials before
     * the cVM runs, so its files get them and host permissions apply. */
    uint32_t uid, gid;
    int umask;            /* -1: unchanged */
    int ngroups;
    uint32_t *groups;
};

/* Reads bundle/config.json.  0, or -1 after oci_err. */
int oci_spec_load(const char *bundle, struct oci_spec *s);
void oci_spec_free(struct oci_spec *s);

/* Errors go to stderr and to --log (text or JSON lines, as the engine
 * asked), which is where podman and containerd look for them. */
void oci_log_open(const char *path, int json);
void oci_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void oci_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* container.c: the container process (the forked child of `create`):
 * stdio or terminal, mounts, rlimits, then it waits for `start` on the
 * fifo and runs the cVM.  Reports readiness on fd ready ("ok" or an
 * error) and never returns. */
struct oci_create {
    const char *id, *bundle, *state_dir, *console_socket;
    struct oci_spec *spec;
    struct cfg *cfg;      /* the deployment of the one cVM */
    int ready;            /* write end of the readiness pipe */
};
_Noreturn void oci_container_main(struct oci_create *c);
#endif
