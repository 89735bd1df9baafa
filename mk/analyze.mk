# Static analysis of common/ and plugins/ with cppcheck and clang-tidy.
#
#   make analyze          both; fails on any finding
#   make analyze-cppcheck
#   make analyze-tidy     clang-tidy with the checks in .clang-tidy
#
# Findings are fixed in the code, or suppressed where they occur with a
# comment that gives the reason (cppcheck-suppress, NOLINT). clang-tidy runs
# once per file, in parallel under make -j: clang-tidy 14 reports false
# "uninitialized va_list" errors in every file after the first when one
# process analyzes several. A file is analyzed again when it, a header or
# .clang-tidy changed. Needs cppcheck and clang-tidy.

CPPCHECK      ?= cppcheck
CLANG_TIDY    ?= clang-tidy
ANALYZE_BUILD ?= $(BUILD)/analyze

ANALYZE_SRC   := $(COMMON_SRC) $(PLUGIN_SRC)
ANALYZE_TIDY  := $(ANALYZE_SRC:%.c=$(ANALYZE_BUILD)/%.tidy)

CPPCHECK_FLAGS := --enable=warning,performance,portability --error-exitcode=1 \
                  --inline-suppr --std=c11 --quiet -D_GNU_SOURCE -Icommon

.PHONY: analyze analyze-cppcheck analyze-tidy

analyze: analyze-cppcheck analyze-tidy

analyze-cppcheck:
	$(CPPCHECK) $(CPPCHECK_FLAGS) common plugins

analyze-tidy: $(ANALYZE_TIDY)

# The stamp holds clang-tidy's output and is written only when it passed.
$(ANALYZE_BUILD)/%.tidy: %.c .clang-tidy $(wildcard common/*.h)
	@mkdir -p $(dir $@)
	@echo "clang-tidy $<"
	@$(CLANG_TIDY) --quiet $< -- $(BASE_CPPFLAGS) -std=c11 $(LIB_CFLAGS) >$@.tmp 2>&1 || \
	    { grep -v 'warnings generated\.$$' $@.tmp; rm -f $@.tmp; exit 1; }
	@mv $@.tmp $@
