/* Links the corpus .text bytes (extracted from corpus.s at build time) into
 * difftest as dt_corpus .. dt_corpus_end.  CORPUS_BIN is set by build.mk. */
        .section .rodata
        .globl  dt_corpus, dt_corpus_end
        .balign 32
dt_corpus:
        .incbin CORPUS_BIN
dt_corpus_end:
        .section .note.GNU-stack, "", @progbits
