# libFuzzer targets for the parsers that read outside input (tests/fuzz).
#
#   make fuzz                 build every target and run each FUZZ_SECONDS
#   make fuzz-build           build only
#   make fuzz-seeds           rewrite the seed corpora (tests/fuzz/seed.sh)
#   make fuzz FUZZ_TARGETS_RUN='report roster'   run a subset
#
# The common/ objects are compiled again under $(FUZZ_BUILD) with coverage
# instrumentation and AddressSanitizer and UndefinedBehaviorSanitizer, so
# they never mix with the normal build. Needs clang and libclang-rt-14-dev.
# A target that crashes leaves its input in $(FUZZ_BUILD)/artifacts/NAME/;
# replay it with $(FUZZ_BUILD)/fuzz_NAME FILE.

FUZZ_CC       ?= clang
FUZZ_SECONDS  ?= 60
FUZZ_BUILD    ?= build/fuzz

FUZZ_SANITIZERS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS     := -g -O1 -fno-omit-frame-pointer $(FUZZ_SANITIZERS)

FUZZ_SRC        := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES      := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_BINARIES   := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_COMMON_OBJ := $(COMMON_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_LIB        := $(FUZZ_BUILD)/libwolkvox.a
FUZZ_TARGETS_RUN ?= $(FUZZ_NAMES)

.PHONY: fuzz fuzz-build fuzz-seeds

$(FUZZ_BUILD)/common/%.o: common/%.c $(wildcard common/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASE_CPPFLAGS) -std=c11 $(WARNINGS) $(LIB_CFLAGS) $(FUZZ_CFLAGS) \
	    -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_COMMON_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/support.o: tests/fuzz/support.c tests/fuzz/fuzz.h $(wildcard common/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASE_CPPFLAGS) -std=c11 $(WARNINGS) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_BUILD)/support.o $(FUZZ_LIB)
	$(FUZZ_CC) $(BASE_CPPFLAGS) -Itests/fuzz -std=c11 $(WARNINGS) $(LIB_CFLAGS) $(FUZZ_CFLAGS) \
	    -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/support.o $(FUZZ_LIB) $(LIB_LIBS)

fuzz-build: $(FUZZ_BINARIES)

# Writes cache files for the fuzz_cache seeds; not a fuzz target.
$(FUZZ_BUILD)/cache_seeds: tests/fuzz/cache_seeds.c $(FUZZ_LIB)
	$(FUZZ_CC) $(BASE_CPPFLAGS) -std=c11 $(WARNINGS) $(LIB_CFLAGS) $(FUZZ_CFLAGS) \
	    -fsanitize=fuzzer-no-link -o $@ $< $(FUZZ_LIB) $(LIB_LIBS)

fuzz-seeds: $(FUZZ_BUILD)/cache_seeds
	CACHE_SEEDS=$(FUZZ_BUILD)/cache_seeds bash tests/fuzz/seed.sh

fuzz: fuzz-build
	FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) \
	    bash tests/fuzz/run.sh $(FUZZ_TARGETS_RUN)
