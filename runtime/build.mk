# cVM runtime for programs without a libc: crt0 (_start -> main -> iv_exit)
# and the hostcall stubs, hand-written sandboxed assembly assembled by ivcc's
# pass-through mode.  Link: ivcc -nostdlib crt0.o ... -livrt (docs/hostcalls.md).
RT_DIR := $(BUILD)/runtime
RT_ASFLAGS := -fsfi-sandboxed-asm -Iinclude -Iruntime

.PHONY: runtime
all: runtime
runtime: $(RT_DIR)/crt0.o $(RT_DIR)/libivrt.a

$(RT_DIR)/%.o: runtime/%.S runtime/sfi_asm.h include/intravisor/hostcall.h $(BIN)/ivcc
	@mkdir -p $(dir $@)
	$(BIN)/ivcc $(RT_ASFLAGS) -c $< -o $@

$(RT_DIR)/libivrt.a: $(RT_DIR)/hostcalls.o
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^
