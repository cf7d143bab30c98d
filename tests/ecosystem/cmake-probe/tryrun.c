/* try_run: status 7, and "pid 1" (a cVM's getpid) proves it ran as a cVM. */
#include <stdio.h>
#include <unistd.h>
int main(void)
{
    printf("pid %d\n", (int)getpid());
    return 7;
}
