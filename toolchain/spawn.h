/* Running the back-end tools (compiler, assembler, linker, verifier). */
#ifndef IVCC_SPAWN_H
#define IVCC_SPAWN_H

struct argv {
    char **v;
    int n, cap;
};

void av_push(struct argv *a, const char *s);
void av_pushf(struct argv *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void av_free(struct argv *a);
/* Runs A (argv[0] looked up in PATH), optionally echoing it to stderr.
 * If STDOUT_PATH is set, stdout goes there.  Returns the exit status
 * (or 127/128+signal). */
int run(const struct argv *a, int verbose, const char *stdout_path);
#endif
