/* Native (Linux) versions of the hostcalls, for reference runs of the
 * test programs built with the host compiler (-DNATIVE). */
long hc_write(int fd, const void *buf, unsigned long len)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "0"(1L), "D"((long)fd), "S"(buf), "d"(len) : "rcx", "r11", "memory");
    return r;
}

__attribute__((noreturn)) void hc_exit(int status)
{
    for (;;)
        __asm__ volatile("syscall" ::"a"(231L), "D"((long)status) : "rcx", "r11", "memory");
}

void set_fs(void *tp)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "0"(158L), "D"(0x1002L), "S"(tp) : "rcx", "r11", "memory");
}
