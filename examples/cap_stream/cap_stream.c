/* CAP Streams example (docs/ipc.md): an ordinary stdio program.  The
 * producer writes 1000 lines to the stream "to consumer"; the consumer
 * reads the stream "from producer" until EOF.  Nothing here is specific to
 * intravisor except the path: /cap/<the other cVM's name>. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "produce")) {
        char path[80];
        snprintf(path, sizeof path, "/cap/%s", argv[2]);
        FILE *f = fopen(path, "w"); /* write end: the stream to argv[2] */
        if (!f)
            return perror(path), 1;
        for (int i = 0; i < 1000; i++)
            fprintf(f, "line %d\n", i);
        return fclose(f) != 0; /* the consumer then sees EOF */
    }
    if (argc == 3 && !strcmp(argv[1], "consume")) {
        char path[80], line[80], last[80] = "";
        snprintf(path, sizeof path, "/cap/%s", argv[2]);
        FILE *f = fopen(path, "r"); /* read end: the stream from argv[2] */
        if (!f)
            return perror(path), 1;
        int n = 0;
        while (fgets(line, sizeof line, f))
            n++, strcpy(last, line);
        last[strcspn(last, "\n")] = 0;
        printf("consumer: got %d lines, last: %s\n", n, last);
        return 0;
    }
    fprintf(stderr, "usage: cap_stream produce CVM | consume CVM\n");
    return 2;
}
