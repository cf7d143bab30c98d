# ivcc, the cVM compiler driver, and iv-rewrite, its assembly rewriter on
# its own (docs/ivcc.md).  Both are host tools.
IVCC_LIB_SRCS := toolchain/asmlex.c toolchain/regs.c toolchain/rename.c \
                 toolchain/rewrite.c toolchain/symtab.c toolchain/readfile.c
IVCC_LIB_OBJS := $(IVCC_LIB_SRCS:%.c=$(OBJ)/%.o)

host-tools: $(BIN)/ivcc $(BIN)/iv-rewrite $(BIN)/iv-mark

# ivcc runs the verifier on everything it writes: whoever uses ivcc from
# make gets intravisor built first (order-only: relinking it does not
# relink ivcc).
$(BIN)/ivcc: $(OBJ)/toolchain/ivcc.o $(OBJ)/toolchain/spawn.o $(OBJ)/toolchain/imgmark.o $(IVCC_LIB_OBJS) | $(BIN)/intravisor
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) $^ -o $@

$(BIN)/iv-rewrite: $(OBJ)/toolchain/iv-rewrite.o $(IVCC_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) $^ -o $@

# Marks images linked by hand (tests) as ivcc marks its own.
$(BIN)/iv-mark: $(OBJ)/toolchain/iv-mark.o $(OBJ)/toolchain/imgmark.o
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) $^ -o $@
