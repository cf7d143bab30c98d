#ifndef IVCC_READFILE_H
#define IVCC_READFILE_H
/* Reads all of PATH (stdin if NULL) into a NUL-terminated buffer. */
char *read_file(const char *path);
#endif
