MONITOR_SRCS := monitor/main.c monitor/cmd_verify.c monitor/cmd_run.c monitor/run_opts.c \
	monitor/monitor.c monitor/arena.c monitor/vmem.c monitor/loader.c monitor/cvm.c \
	monitor/hostcall.c monitor/signals.c monitor/seccomp.c monitor/sha256.c monitor/imgcache.c \
	monitor/fs.c monitor/hc_fs.c monitor/hc_fd.c monitor/capfile.c monitor/capstream.c monitor/capcall.c \
	monitor/config.c monitor/config_yaml.c monitor/deploy.c monitor/cmd_up.c monitor/cmd_binfmt.c
MONITOR_ASM  := monitor/transition.S
MONITOR_OBJS := $(MONITOR_SRCS:%.c=$(OBJ)/%.o) $(MONITOR_ASM:%.S=$(OBJ)/%.o)
host-tools: $(BIN)/intravisor $(BIN)/intravisor-binfmt
$(OBJ)/monitor/%.o: monitor/%.S monitor/ctx.h include/intravisor/hostcall.h
	@mkdir -p $(dir $@)
	$(CC) -Iinclude -c $< -o $@
$(BIN)/intravisor: $(MONITOR_OBJS) $(BUILD)/lib/libverifier.a
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) $^ -lZydis -lyaml -lpthread -o $@
# The binfmt_misc handler is intravisor under another name (cmd_binfmt.c).
$(BIN)/intravisor-binfmt: | $(BIN)/intravisor
	ln -sf intravisor $@
