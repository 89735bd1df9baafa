# wolkvox monitoring plugins: plain make, dependencies found through pkg-config.
#
#   make              build the plugins into build/
#   make check        build and run the unit and integration tests
#   make demo         run check_wolkvox_shift against a demo operation on loopback
#   make deps         install the Debian build and test dependencies (as root)
#   make install      install under $(DESTDIR)$(PREFIX)
#
# Set WERROR=1 to turn warnings into errors (CI does), and SANITIZE=1 for an
# AddressSanitizer and UndefinedBehaviorSanitizer build. User CPPFLAGS, CFLAGS
# and LDFLAGS come last, so distribution hardening flags reach every object.

VERSION    := 0.1.0
PACKAGE    := wolkvox-plugins

PREFIX     ?= /usr/local
PLUGINDIR  ?= $(PREFIX)/lib/nagios/plugins
LOCALEDIR  ?= $(PREFIX)/share/locale
DOCDIR     ?= $(PREFIX)/share/doc/$(PACKAGE)

CC         ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS     ?= -O2 -g

BUILD      ?= build

WARNINGS := -Wall -Wextra -Wformat=2 -Wshadow -Wpointer-arith -Wcast-qual \
            -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wundef \
            -Wwrite-strings -Wold-style-definition
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif

SANITIZER_FLAGS :=
ifeq ($(SANITIZE),1)
SANITIZER_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

# pkg-config fails loudly when a library is missing, so a build never goes on
# without one.
define pkg
$(shell $(PKG_CONFIG) $(1) $(2) || echo PKG_CONFIG_FAILED_FOR_$(2))
endef

LIB_PKGS  := libcurl json-c libcrypto
TEST_PKGS := check
FAKE_PKGS := libmicrohttpd zlib json-c

BASE_CPPFLAGS := -Icommon -D_GNU_SOURCE -DVERSION='"$(VERSION)"' \
                 -DPACKAGE='"$(PACKAGE)"' -DLOCALEDIR='"$(LOCALEDIR)"'
BASE_CFLAGS   := -std=c11 $(WARNINGS) $(SANITIZER_FLAGS)

LIB_CFLAGS  = $(call pkg,--cflags,$(LIB_PKGS))
LIB_LIBS    = $(call pkg,--libs,$(LIB_PKGS)) -lm
TEST_CFLAGS = $(call pkg,--cflags,$(TEST_PKGS))
TEST_LIBS   = $(call pkg,--libs,$(TEST_PKGS))
FAKE_CFLAGS = $(call pkg,--cflags,$(FAKE_PKGS))
FAKE_LIBS   = $(call pkg,--libs,$(FAKE_PKGS))

COMMON_SRC := $(wildcard common/*.c)
COMMON_OBJ := $(COMMON_SRC:%.c=$(BUILD)/%.o)
COMMON_LIB := $(BUILD)/libwolkvox.a

PLUGIN_SRC := $(wildcard plugins/*.c)
PLUGINS    := $(PLUGIN_SRC:plugins/%.c=$(BUILD)/%)

UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_TESTS := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

FAKE_SRC   := $(wildcard tests/fake_api/*.c)
FAKE_API   := $(BUILD)/fake_wolkvox

.PHONY: all check unit integration demo deps install uninstall clean
all: $(PLUGINS)

# The compile flags are recorded in a stamp file that changes only when they
# do, so "make install PREFIX=/usr" after a plain "make" rebuilds with the new
# LOCALEDIR instead of installing binaries that look elsewhere.
FLAGS_STAMP := $(BUILD)/.compile-flags
FLAGS_TEXT  := $(CC) $(BASE_CPPFLAGS) $(CPPFLAGS) $(BASE_CFLAGS) $(CFLAGS) $(LDFLAGS)
ifneq ($(MAKECMDGOALS),clean)
ifneq ($(file <$(FLAGS_STAMP)),$(FLAGS_TEXT))
$(shell mkdir -p $(BUILD))
$(file >$(FLAGS_STAMP),$(FLAGS_TEXT))
endif
endif

$(BUILD)/%.o: %.c $(wildcard common/*.h) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CPPFLAGS) $(CPPFLAGS) $(BASE_CFLAGS) $(LIB_CFLAGS) $(CFLAGS) -c -o $@ $<

$(COMMON_LIB): $(COMMON_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/check_%: $(BUILD)/plugins/check_%.o $(COMMON_LIB)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(COMMON_LIB) $(LIB_LIBS)

$(BUILD)/tests/test_%: tests/unit/test_%.c $(COMMON_LIB) $(wildcard tests/unit/*.h) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CPPFLAGS) -Itests/unit -DFIXTURE_DIR='"$(CURDIR)/tests/fixtures"' $(CPPFLAGS) \
	    $(BASE_CFLAGS) $(LIB_CFLAGS) $(TEST_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $< $(COMMON_LIB) $(LIB_LIBS) $(TEST_LIBS)

$(FAKE_API): $(FAKE_SRC) $(wildcard tests/fake_api/*.h) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CPPFLAGS) $(CPPFLAGS) $(BASE_CFLAGS) $(FAKE_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $(FAKE_SRC) $(FAKE_LIBS) -lpthread

# Fragments under mk/ add their own targets (packaging, translations,
# fuzzing, benchmarks) and may append targets to CHECK_EXTRA and
# INSTALL_EXTRA, so that this file stays the one place for the core build.
CHECK_EXTRA :=
INSTALL_EXTRA :=
-include $(wildcard mk/*.mk)

check: unit integration $(CHECK_EXTRA)

unit: $(UNIT_TESTS)
	@failed=0; for t in $(UNIT_TESTS); do \
	    echo "== $$t"; CK_FORK=yes $$t || failed=1; \
	done; exit $$failed

integration: $(PLUGINS) $(FAKE_API)
	BUILD=$(BUILD) bash tests/integration/run.sh

# Installs the Debian packages the build, the tests and the demo need (root).
deps:
	bash tools/install-deps.sh

demo: $(PLUGINS) $(FAKE_API)
	BUILD=$(BUILD) bash tests/demo.sh

install: all $(INSTALL_EXTRA)
	install -d $(DESTDIR)$(PLUGINDIR)
	install -m 0755 $(PLUGINS) $(DESTDIR)$(PLUGINDIR)/

uninstall:
	rm -f $(PLUGINS:$(BUILD)/%=$(DESTDIR)$(PLUGINDIR)/%)

clean:
	rm -rf $(BUILD)
.SECONDARY:
