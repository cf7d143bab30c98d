# `make oci-image`: the hello image as OCI images, offline (docs/oci.md):
# localhost/intravisor-hello (a cVM, for intravisor-oci) and
# localhost/intravisor-hello-native (the same source, static, for runc).
OCI_OUT := $(BUILD)/oci
.PHONY: oci-image
oci-image: $(BIN)/ivcc $(BUILD)/sysroot/.built $(OCI_OUT)/hello $(OCI_OUT)/hello-native
	bash scripts/oci-image.sh --out $(OCI_OUT) intravisor-hello $(OCI_OUT)/hello
	bash scripts/oci-image.sh --out $(OCI_OUT) intravisor-hello-native $(OCI_OUT)/hello-native
$(OCI_OUT)/hello: examples/oci/hello.c $(BIN)/ivcc $(BUILD)/sysroot/.built
	@mkdir -p $(dir $@)
	$(BIN)/ivcc -O2 $< -o $@
$(OCI_OUT)/hello-native: examples/oci/hello.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -static $< -o $@
