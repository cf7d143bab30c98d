.PHONY: bench
bench: all
	bash bench/run.sh
