# `make test`: installs dependencies, builds everything (plus sanitizer builds
# of the host tools), then runs every test group.
.PHONY: test san-tools
san-tools:
	$(MAKE) BUILD=build/san SAN=1 host-tools

test: deps all san-tools
	bash tests/run.sh
