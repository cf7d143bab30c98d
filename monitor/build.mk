# The monitor (`intravisor`), one folder per subsystem (docs/architecture.md).
# Sources are found per folder, so a new file in a subsystem needs no edit here.
MONITOR_DIRS := core fs sys net ipc deploy daemon oci cli
MONITOR_SRCS := $(foreach d,$(MONITOR_DIRS),$(wildcard monitor/$(d)/*.c))
MONITOR_ASM  := monitor/core/transition.S
MONITOR_OBJS := $(MONITOR_SRCS:%.c=$(OBJ)/%.o) $(MONITOR_ASM:%.S=$(OBJ)/%.o)
host-tools: $(BIN)/intravisor $(BIN)/intravisor-oci $(BIN)/intravisor-binfmt
# The OCI runtime is the same program under another name (engines run it by path).
$(BIN)/intravisor-oci: $(BIN)/intravisor
	ln -sf intravisor $@
$(MONITOR_OBJS): HOST_CFLAGS += -Imonitor
$(OBJ)/monitor/%.o: monitor/%.S monitor/core/ctx.h include/intravisor/hostcall.h
	@mkdir -p $(dir $@)
	$(CC) -Iinclude -Imonitor -c $< -o $@
# libyaml, nettle and json-c are linked in: every run, and every command of
# the OCI runtime, starts a monitor, and loading three more shared libraries
# cost ≈ 0.8 ms of its ≈ 3 ms (docs/benchmarks.md "Monitor").  Debian ships
# no static Zydis.
$(BIN)/intravisor: $(MONITOR_OBJS) $(BUILD)/lib/libverifier.a
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) $^ -lZydis -Wl,-Bstatic -lyaml -lnettle -ljson-c -Wl,-Bdynamic -lpthread -o $@
# The binfmt_misc handler is intravisor under another name (cli/cmd_binfmt.c).
$(BIN)/intravisor-binfmt: | $(BIN)/intravisor
	ln -sf intravisor $@
