# Translations with gettext: po/<lang>.po compiled into
# $(BUILD)/locale/<lang>/LC_MESSAGES/$(PACKAGE).mo and installed under
# $(LOCALEDIR). Plugins run from the build tree find the catalogues through
# WOLKVOX_LOCALEDIR=$(BUILD)/locale, which tests/integration/i18n.sh and the
# Spanish man pages set (an absolute path: the plugins ignore a relative
# one). docs/translations.md says how to update a catalogue and add a
# language.
#
#   make pot          regenerate po/$(PACKAGE).pot from the sources
#   make po-update    merge new and changed messages into every po/<lang>.po
#   make check-po     fail on a missing, untranslated or fuzzy message (part
#                     of make check)

PO_LANGUAGES := $(shell cat po/LINGUAS 2>/dev/null)
POT_FILE     := po/$(PACKAGE).pot
# The address in the catalogues' Report-Msgid-Bugs-To: the package's
# maintainers, from debian/control.
MSGID_BUGS_ADDRESS := $(shell sed -n 's/^Maintainer: *//p' debian/control 2>/dev/null)
MO_FILES     := $(PO_LANGUAGES:%=$(BUILD)/locale/%/LC_MESSAGES/$(PACKAGE).mo)
I18N_SOURCES  = $(sort $(wildcard common/*.c plugins/*.c))

XGETTEXT_FLAGS := --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
                  --keyword=ngettext:1,2 --add-comments=TRANSLATORS: \
                  --package-name=$(PACKAGE) --package-version=$(VERSION) \
                  --msgid-bugs-address='$(MSGID_BUGS_ADDRESS)' --no-wrap --sort-by-file

.PHONY: translations pot po-update check-po install-translations
all: translations
translations: $(MO_FILES)

$(BUILD)/locale/%/LC_MESSAGES/$(PACKAGE).mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check --output-file=$@ $<

# Regenerates the template from the sources.
pot:
	xgettext $(XGETTEXT_FLAGS) --output=$(POT_FILE) $(I18N_SOURCES)

# Merges new and changed messages into every catalogue.
po-update: pot
	for lang in $(PO_LANGUAGES); do \
	    msgmerge --quiet --update --backup=none --no-wrap po/$$lang.po $(POT_FILE); \
	done

# Fails when a message in the sources is missing from a catalogue, is
# untranslated or fuzzy, or when a catalogue does not compile. The counts
# come from msgfmt --statistics on the catalogue merged with the current
# sources (in the C locale, because msgfmt translates its own messages).
check-po:
	@mkdir -p $(BUILD)/po-check
	@xgettext $(XGETTEXT_FLAGS) --output=$(BUILD)/po-check/current.pot $(I18N_SOURCES)
	@status=0; for lang in $(PO_LANGUAGES); do \
	    merged=$(BUILD)/po-check/$$lang.po; \
	    msgmerge --quiet --no-wrap --no-fuzzy-matching --output-file=$$merged \
	        po/$$lang.po $(BUILD)/po-check/current.pot || status=1; \
	    stats=$$(LC_ALL=C msgfmt --statistics --output-file=/dev/null $$merged 2>&1); \
	    untranslated=$$(printf '%s\n' "$$stats" | sed -nE 's/(^|.* )([0-9]+) untranslated message.*/\2/p'); \
	    fuzzy=$$(printf '%s\n' "$$stats" | sed -nE 's/(^|.* )([0-9]+) fuzzy translation.*/\2/p'); \
	    untranslated=$${untranslated:-0}; fuzzy=$${fuzzy:-0}; \
	    msgfmt --check --output-file=/dev/null po/$$lang.po || status=1; \
	    echo "po/$$lang.po: $$untranslated untranslated or missing, $$fuzzy fuzzy"; \
	    if [ "$$untranslated" != 0 ] || [ "$$fuzzy" != 0 ]; then \
	        msgattrib --untranslated --no-obsolete $$merged | grep -A1 '^msgid ' | head -40; \
	        msgattrib --only-fuzzy --no-obsolete $$merged | grep -A1 '^msgid ' | head -40; \
	        status=1; \
	    fi; \
	done; exit $$status

install-translations: translations
	for lang in $(PO_LANGUAGES); do \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES; \
	    install -m 0644 $(BUILD)/locale/$$lang/LC_MESSAGES/$(PACKAGE).mo \
	        $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/$(PACKAGE).mo; \
	done

INSTALL_EXTRA += install-translations
CHECK_EXTRA += check-po

# The integration tests run the plugins in Spanish from the build tree.
integration: translations
demo: translations
