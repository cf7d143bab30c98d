/* Marking a linked image as a cVM image (docs/ivcc.md "Running images like
 * programs"). */
#ifndef TOOLCHAIN_IMGMARK_H
#define TOOLCHAIN_IMGMARK_H
/* Writes IV_IMAGE_MARK into the ET_DYN image at PATH.  With cut_interp,
 * also cuts the NUL off its PT_INTERP string, if it has one, so that the
 * kernel's ELF loader refuses to run it natively (ENOEXEC) instead of
 * jumping into sandboxed code without its region.  Returns 0, or -1 with
 * a message on stderr. */
int iv_mark_image(const char *path, int cut_interp);
#endif
