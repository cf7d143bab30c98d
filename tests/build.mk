# `make test`: installs dependencies, builds everything (plus sanitizer builds
# of the host tools), then runs every test group.
.PHONY: test san-tools
san-tools:
	$(MAKE) BUILD=build/san SAN=1 host-tools

test: deps all san-tools
	bash tests/run.sh

# `make coverage`: gcov build in build/cov, the trusted code's groups and the
# fuzzers' corpora, per-file line report (scripts/coverage.sh).
.PHONY: coverage
coverage: all
	bash scripts/coverage.sh
