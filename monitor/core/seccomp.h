/* The monitor's seccomp filter (defence in depth behind the verifier). */
#ifndef MONITOR_SECCOMP_H
#define MONITOR_SECCOMP_H
/* Kills the process on any system call whose instruction pointer is in a
 * region (wall 1: by syscall user dispatch where it can, else in the
 * filter; seccomp.c); with allow_list, also traps any call the monitor does
 * not need once cVMs run (and executable mmap/mprotect); allow_open adds
 * openat (for monitors that load images after start-up).  0 or -1. */
int iv_seccomp_install(int allow_list, int allow_open);
/* Chooses how wall 1 is enforced, once, after the arena exists and before
 * any thread enters cVM code (iv_monitor_init; else iv_seccomp_install),
 * and turns it on for the calling thread. */
void iv_wall_init(void);
/* Before a thread first enters cVM code: turns wall 1 on for it when it is
 * the thread's own (syscall user dispatch).  0, or -1: it must not enter. */
int iv_wall_thread(void);
/* 1 if wall 1 is syscall user dispatch (after iv_seccomp_install). */
int iv_wall_is_dispatch(void);
/* The filter iv_seccomp_install loads (dispatch: wall 1 is not in it),
 * built into f[256]: its length, or -1.  And whether nr is on the allow
 * list (for the exhaustive test in tests/monitor/native/seccomp_wall.c,
 * which runs the program over every number). */
struct sock_filter;
int iv_seccomp_program(struct sock_filter *f, int allow_list, int allow_open, int dispatch);
int iv_seccomp_listed(int nr);
/* Adds system calls a front end needs beyond the monitor's list (the
 * daemon's accept4, ...), before iv_seccomp_install.  At most 16. */
void iv_seccomp_allow(const int *nrs, int n);
#endif
