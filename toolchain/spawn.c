/* fork/exec with the command echoed under -v, like gcc's driver. */
#include "spawn.h"
#include "asmlex.h"
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void av_push(struct argv *a, const char *s)
{
    if (a->n + 2 > a->cap)
        a->v = xrealloc(a->v, (size_t)(a->cap = a->cap ? 2 * a->cap : 32) * sizeof *a->v);
    a->v[a->n++] = xstrdup(s);
    a->v[a->n] = NULL;
}

void av_pushf(struct argv *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    if (!s) {
        perror("ivcc");
        exit(2);
    }
    av_push(a, s);
    free(s);
}

void av_free(struct argv *a)
{
    for (int i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
}

int run(const struct argv *a, int verbose, const char *stdout_path)
{
    if (verbose) {
        for (int i = 0; i < a->n; i++)
            fprintf(stderr, "%s%s", i ? " " : " ", a->v[i]);
        fprintf(stderr, "%s%s\n", stdout_path ? " > " : "", stdout_path ? stdout_path : "");
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("ivcc: fork");
        return 127;
    }
    if (pid == 0) {
        if (stdout_path) {
            int fd = open(stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0 || dup2(fd, 1) < 0) {
                perror(stdout_path);
                _exit(127);
            }
            close(fd);
        }
        execvp(a->v[0], a->v);
        fprintf(stderr, "ivcc: cannot run %s: ", a->v[0]);
        perror(NULL);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        ;
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    return 128 + WTERMSIG(st);
}
