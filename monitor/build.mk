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
# A static PIE: every run, and every command of the OCI runtime, starts a
# monitor, and loading shared libraries cost ≈ 1 ms of its ≈ 3 ms
# (docs/benchmarks.md "Monitor").  Sanitizer and coverage builds stay
# dynamic (their runtimes need it).
MONITOR_LINK_STATIC  := -static-pie -lyaml -lnettle -ljson-c -lpthread
MONITOR_LINK_DYNAMIC := -Wl,-Bstatic -lyaml -lnettle -ljson-c -Wl,-Bdynamic -lpthread
MONITOR_LINK := $(if $(filter 1,$(SAN) $(COV)),$(MONITOR_LINK_DYNAMIC),$(MONITOR_LINK_STATIC))
$(BIN)/intravisor: $(MONITOR_OBJS) $(BUILD)/lib/libverifier.a $(ZYDIS_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) $^ $(MONITOR_LINK) -o $@
# The binfmt_misc handler is intravisor under another name (cli/cmd_binfmt.c).
$(BIN)/intravisor-binfmt: | $(BIN)/intravisor
	ln -sf intravisor $@
