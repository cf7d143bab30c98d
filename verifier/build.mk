# The verifier (trusted core): a static library linked into the monitor.
VERIFIER_SRCS := verifier/code.c verifier/elf.c verifier/allowlist.c verifier/fastpath.c
VERIFIER_OBJS := $(VERIFIER_SRCS:%.c=$(OBJ)/%.o)

$(BUILD)/lib/libverifier.a: $(VERIFIER_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

# Test and benchmark helpers (not part of the trusted core).
host-tools: $(BIN)/verifier-test $(BIN)/verifier_bench
$(BIN)/verifier-test: $(OBJ)/tests/escape/verifier_test.o $(BUILD)/lib/libverifier.a
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) $^ -lZydis -lpthread -o $@
$(BIN)/verifier_bench: $(OBJ)/bench/verifier_bench.o $(BUILD)/lib/libverifier.a
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) $^ -lZydis -lpthread -o $@
