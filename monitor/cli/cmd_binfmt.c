/* `intravisor binfmt install|uninstall|status`, and the handler the kernel
 * runs for `./prog` once it is installed (docs/monitor.md "Running images
 * like programs").
 *
 * The registration matches IV_IMAGE_MARK in e_ident's padding, so only
 * images ivcc linked (or forged ones, which the verifier still checks)
 * reach the handler.  The handler is this binary, under the name
 * intravisor-binfmt (a symlink next to it): the kernel passes the name as
 * registered as argv[0], which is how main() tells a handler run from a
 * command.  Flags: F (the kernel opens the handler at registration, so it
 * works in containers and chroots) and P (the program keeps its argv[0]). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <intravisor/sfi.h>
#include "cli/commands.h"
#include "core/cvm.h"

#define BINFMT_DIR "/proc/sys/fs/binfmt_misc"
#define ENTRY BINFMT_DIR "/intravisor"
#define HANDLER_NAME "intravisor-binfmt"

extern char **environ;

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    int e = errno;
    close(fd);
    errno = e;
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Mounts binfmt_misc where systemd and binfmt-support would, if needed. */
static int ensure_mounted(void)
{
    if (access(BINFMT_DIR "/register", F_OK) == 0)
        return 0;
    if (mount("binfmt_misc", BINFMT_DIR, "binfmt_misc", 0, NULL) && errno != EBUSY) {
        fprintf(stderr, "intravisor binfmt: cannot mount binfmt_misc on %s: %s\n", BINFMT_DIR, strerror(errno));
        return -1;
    }
    if (access(BINFMT_DIR "/register", F_OK)) {
        fprintf(stderr, "intravisor binfmt: %s/register is missing after mounting\n", BINFMT_DIR);
        return -1;
    }
    return 0;
}

/* The handler: HANDLER_NAME in the directory of this binary. */
static int handler_path(char *out, size_t cap)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return -1;
    self[n] = 0;
    if ((size_t)snprintf(out, cap, "%s/%s", dirname(self), HANDLER_NAME) >= cap)
        return -1;
    return 0;
}

static int uninstall(int quiet)
{
    if (access(ENTRY, F_OK)) {
        if (!quiet)
            printf("intravisor binfmt handler: not installed\n");
        return 0;
    }
    if (write_file(ENTRY, "-1")) {
        fprintf(stderr, "intravisor binfmt: cannot remove %s: %s\n", ENTRY, strerror(errno));
        return 1;
    }
    if (!quiet)
        printf("intravisor binfmt handler: removed\n");
    return 0;
}

static int install(void)
{
    char h[PATH_MAX] = "intravisor-binfmt";
    struct stat st;
    if (handler_path(h, sizeof h) || stat(h, &st) || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "intravisor binfmt: the handler %s is missing (make builds it next to intravisor)\n", h);
        return 1;
    }
    if (ensure_mounted() || uninstall(1))
        return 1;
    /* e_ident: ELF magic, 64-bit, little-endian, version 1; OSABI and
     * ABI version masked out; then the mark. */
    char magic[128] = "\\x7fELF\\x02\\x01\\x01\\x00\\x00", mask[128] = "\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\x00";
    for (unsigned i = 0; i < IV_IMAGE_MARK_LEN; i++) {
        snprintf(magic + strlen(magic), sizeof magic - strlen(magic), "\\x%02x", (unsigned char)IV_IMAGE_MARK[i]);
        strcat(mask, "\\xff");
    }
    char reg[PATH_MAX + 512];
    snprintf(reg, sizeof reg, ":intravisor:M:0:%s:%s:%s:PF", magic, mask, h);
    if (write_file(BINFMT_DIR "/register", reg)) {
        fprintf(stderr, "intravisor binfmt: cannot register: %s\n", strerror(errno));
        return 1;
    }
    printf("intravisor binfmt handler: installed (%s)\n", h);
    return 0;
}

static int status(void)
{
    FILE *f = fopen(ENTRY, "r");
    if (!f) {
        printf("intravisor binfmt handler: not installed\n");
        return 1;
    }
    char line[PATH_MAX + 64];
    int enabled = 0;
    while (fgets(line, sizeof line, f)) {
        if (!strcmp(line, "enabled\n"))
            enabled = 1;
        if (!strncmp(line, "interpreter ", 12))
            printf("intravisor binfmt handler: interpreter %s", line + 12);
    }
    fclose(f);
    printf("intravisor binfmt handler: %s\n", enabled ? "enabled" : "disabled");
    return enabled ? 0 : 1;
}

int cmd_binfmt(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "install"))
        return install();
    if (argc == 2 && !strcmp(argv[1], "uninstall"))
        return uninstall(0);
    if (argc == 2 && !strcmp(argv[1], "status"))
        return status();
    fprintf(stderr, "usage: intravisor binfmt install|uninstall|status\n");
    return 2;
}

static const char *env_or(const char *name, const char *dflt)
{
    const char *v = getenv(name);
    return v && v[0] ? v : dflt;
}

/* Ends the handler the way the program ended: by the same signal when the
 * cVM was ended by one (status 128+N), so that a shell sees what it would
 * see natively. */
static int finish(int st)
{
    int sig = st - 128;
    if (sig > 0 && sig < 32 && sig != SIGSTOP && sig != SIGTSTP && sig != SIGTTIN && sig != SIGTTOU) {
        fflush(NULL);
        signal(sig, SIG_DFL);
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, sig);
        sigprocmask(SIG_UNBLOCK, &s, NULL);
        raise(sig);
    }
    return st;
}

int binfmt_exec(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "intravisor-binfmt: run by the kernel for cVM images (intravisor binfmt install)\n");
        return 126;
    }
    char cwd[PATH_MAX], root[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) {
        fprintf(stderr, "intravisor-binfmt: cannot read the working directory: %s\n", strerror(errno));
        return 126;
    }
    /* What the program may touch: IV_BINFMT_ROOT (default: the directory
     * it was started in), read-write unless IV_BINFMT_RW=0;
     * IV_BINFMT_ROOT=none: no file system at all. */
    const char *r = env_or("IV_BINFMT_ROOT", cwd);
    struct iv_cvm_opts o = {0};
    if (strcmp(r, "none")) {
        if (!realpath(r, root)) {
            fprintf(stderr, "intravisor-binfmt: IV_BINFMT_ROOT %s: %s\n", r, strerror(errno));
            return 126;
        }
        o.root = root;
        o.rw = strcmp(env_or("IV_BINFMT_RW", "1"), "0") != 0;
        /* The working directory as a path inside the root, if it is there;
         * else the program starts at the root. */
        size_t rl = strcmp(root, "/") ? strlen(root) : 0;
        if (!strncmp(cwd, root, rl) && (!cwd[rl] || cwd[rl] == '/'))
            o.cwd = cwd[rl] ? cwd + rl : "/";
        o.host_paths = 1;
    }
    const char *b = strrchr(argv[1], '/');
    o.name = b ? b + 1 : argv[1];
    o.mem = 256ull << 20;
    const char *m = getenv("IV_BINFMT_MEM");
    if (m && m[0]) {
        char *end;
        unsigned long long mb = strtoull(m, &end, 10);
        if (*end || mb < 2 || mb > 3072) {
            fprintf(stderr, "intravisor-binfmt: IV_BINFMT_MEM wants MiB (2..3072), got '%s'\n", m);
            return 126;
        }
        o.mem = mb << 20;
    }
    o.argc = argc - 2;
    o.argv = argv + 2;
    int n = 0;
    while (environ[n])
        n++;
    o.nenv = n;
    o.env = environ;
    return finish(run_image(argv[1], &o, 0));
}
