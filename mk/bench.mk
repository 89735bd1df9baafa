# Benchmarks against check_curl and curl on 127.0.0.1 (bench/, and
# docs/benchmarks.md for the method and the figures).
#
#   make bench         100 to 60,000 records, 11 alternating rounds, the
#                      in-process parse times and callgrind counts; writes
#                      $(BUILD)/bench/results/ and prints the tables
#   make bench-quick   1,000 and 60,000 records, 5 rounds; fails on a gross
#                      regression against bench/baseline.txt (for CI)
#
# Needs check_curl (monitoring-plugins-standard, liburiparser1), curl and,
# for make bench, valgrind; bench/run.sh says what to install when one is
# missing. BENCH_ROUNDS overrides the number of rounds.

BENCH_BUILD := $(BUILD)/bench
BENCH_TOOLS := $(BENCH_BUILD)/gen_report $(BENCH_BUILD)/measure $(BENCH_BUILD)/parse_bench

.PHONY: bench bench-quick bench-tools

$(BENCH_BUILD)/gen_report: bench/gen_report.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CPPFLAGS) $(CPPFLAGS) $(BASE_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

$(BENCH_BUILD)/measure: bench/measure.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CPPFLAGS) $(CPPFLAGS) $(BASE_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

$(BENCH_BUILD)/parse_bench: bench/parse_bench.c $(COMMON_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CPPFLAGS) $(CPPFLAGS) $(BASE_CFLAGS) $(LIB_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $< $(COMMON_LIB) $(LIB_LIBS)

bench-tools: $(BENCH_TOOLS) $(PLUGINS) $(FAKE_API)

bench: bench-tools
	BUILD=$(BUILD) bash bench/run.sh full

bench-quick: bench-tools
	BUILD=$(BUILD) bash bench/run.sh quick
