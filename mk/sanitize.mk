# Sanitizer and valgrind runs of the unit and integration tests.
#
#   make check-sanitize   AddressSanitizer + UndefinedBehaviorSanitizer
#                         builds with gcc (build/asan-gcc) and clang
#                         (build/asan-clang), unit and integration tests
#   make check-valgrind   a gcc build without sanitizers (build/valgrind),
#                         every unit test and every plugin run of the
#                         integration tests under valgrind memcheck
#
# Each run builds in its own directory, so it never mixes objects with the
# normal build. clang's sanitizer runtime comes from libclang-rt-14-dev.

SANITIZE_BUILD_GCC   ?= build/asan-gcc
SANITIZE_BUILD_CLANG ?= build/asan-clang
VALGRIND_BUILD       ?= build/valgrind

# A leak or an error aborts the process, so it can never pass for a
# plugin's exit status 1 (WARNING).
SANITIZE_ASAN_OPTIONS  := detect_leaks=1:abort_on_error=1
SANITIZE_UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1

# The integration harness runs the plugin under `env -i`, so the options
# reach it through PLUGIN_WRAPPER.
SANITIZE_PLUGIN_WRAPPER := env ASAN_OPTIONS=$(SANITIZE_ASAN_OPTIONS) \
                           UBSAN_OPTIONS=$(SANITIZE_UBSAN_OPTIONS)

# valgrind 3.19 cannot read the DWARF 5 that gcc 12 and clang 14 write by
# default, hence -gdwarf-4.
VALGRIND_CFLAGS := -O1 -g -gdwarf-4

# Exit status 99 for a memcheck error, so that it differs from every plugin
# state (0-3) and fails the integration test's exit-status assertion.
VALGRIND := valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
            --error-exitcode=99

.PHONY: check-sanitize check-sanitize-gcc check-sanitize-clang check-valgrind

# Both compilers run even when the first one's tests fail.
check-sanitize:
	@status=0; \
	$(MAKE) check-sanitize-gcc || status=1; \
	$(MAKE) check-sanitize-clang || status=1; \
	exit $$status

# The integration tests run even when a unit test failed, so that one run
# shows every finding; the target fails when either did.
check-sanitize-gcc check-sanitize-clang: check-sanitize-%:
	@export ASAN_OPTIONS=$(SANITIZE_ASAN_OPTIONS) UBSAN_OPTIONS=$(SANITIZE_UBSAN_OPTIONS); \
	export PLUGIN_WRAPPER='$(SANITIZE_PLUGIN_WRAPPER)'; \
	build=$(if $(filter gcc,$*),$(SANITIZE_BUILD_GCC),$(SANITIZE_BUILD_CLANG)); \
	status=0; \
	$(MAKE) BUILD=$$build CC=$* SANITIZE=1 all unit || status=1; \
	$(MAKE) BUILD=$$build CC=$* SANITIZE=1 integration || status=1; \
	exit $$status

VALGRIND_UNIT_TESTS = $(UNIT_SRC:tests/unit/%.c=$(VALGRIND_BUILD)/tests/%)

check-valgrind:
	$(MAKE) BUILD=$(VALGRIND_BUILD) CC=gcc CFLAGS='$(VALGRIND_CFLAGS)' SANITIZE= \
	    all $(VALGRIND_UNIT_TESTS) $(VALGRIND_BUILD)/fake_wolkvox
	@status=0; \
	for test in $(VALGRIND_UNIT_TESTS); do \
	    echo "== valgrind $$test"; \
	    CK_FORK=no $(VALGRIND) $$test || status=1; \
	done; \
	BUILD=$(VALGRIND_BUILD) PLUGIN_WRAPPER='$(VALGRIND)' bash tests/integration/run.sh || status=1; \
	exit $$status
