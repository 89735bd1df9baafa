# Man pages: one per plugin in section 1, made from the plugin's --help by
# tools/make-man.sh into $(BUILD)/man, and one per plugin and translated
# language, made from the help in that language (such as LANGUAGE=es) into
# $(BUILD)/man/LANG. A new plugin gets its pages from the PLUGINS list with
# no change here.
#
#   make man          build the pages
#   make man-check    remake each page and compare, render it with groff
#                     warnings on, and look for every long option (part of
#                     make check; needs groff)

MAN_DIR   := $(BUILD)/man
MAN_PAGES := $(PLUGINS:$(BUILD)/%=$(MAN_DIR)/%.1)
MAN_NAMES := $(PLUGINS:$(BUILD)/%=%)

# The languages with translated pages: those of po/LINGUAS for which
# tools/make-man.sh has the fixed text (section names, exit states). The
# pages read the catalogues of the build tree, which the plugins find only
# through an absolute WOLKVOX_LOCALEDIR.
MAN_LANGUAGES       := $(filter es,$(PO_LANGUAGES))
MAN_LOCALEDIR       := $(abspath $(BUILD))/locale
MAN_TRANSLATED      := $(foreach lang,$(MAN_LANGUAGES),$(MAN_NAMES:%=$(MAN_DIR)/$(lang)/%.1))

# The page date: SOURCE_DATE_EPOCH when set (dpkg-buildpackage sets it from
# debian/changelog), else the date of the newest debian/changelog entry, so
# that a rebuild makes the same page.
MAN_DATE := $(shell \
	if [ -n "$(SOURCE_DATE_EPOCH)" ]; then \
		date -u -d "@$(SOURCE_DATE_EPOCH)" +%Y-%m-%d; \
	else \
		stamp=$$(sed -n 's/^ -- .*>  //p' debian/changelog 2>/dev/null | head -n 1); \
		date -u -d "$${stamp:-1970-01-01}" +%Y-%m-%d; \
	fi)

# make-man.sh arguments for the page of plugin $(1): the date, and the
# other plugins under SEE ALSO.
man_arguments = --date $(MAN_DATE) \
	--see-also '$(foreach name,$(filter-out $(1),$(MAN_NAMES)),$(name)(1))'

.PHONY: man man-check
man: $(MAN_PAGES) $(MAN_TRANSLATED)

$(MAN_DIR)/%.1: $(BUILD)/% tools/make-man.sh
	@mkdir -p $(dir $@)
	tools/make-man.sh $(call man_arguments,$*) $< >$@.tmp
	mv $@.tmp $@

man-check: $(MAN_PAGES:%.1=%.check) $(MAN_TRANSLATED:%.1=%.check)
	@echo "man-check: $(words $(MAN_PAGES) $(MAN_TRANSLATED)) pages up to date and clean"

# Never created, so the check runs every time.
$(MAN_DIR)/%.check: $(MAN_DIR)/%.1 $(BUILD)/%
	tools/make-man.sh --check $< $(call man_arguments,$*) $(BUILD)/$*

# The page and its check in language $(1). For $(MAN_DIR)/es/NAME.1 these
# patterns win over the English ones, whose stem would be the longer
# es/NAME.
define man_language_rules
$(MAN_DIR)/$(1)/%.1: $(BUILD)/% tools/make-man.sh $(BUILD)/locale/$(1)/LC_MESSAGES/$(PACKAGE).mo
	@mkdir -p $$(dir $$@)
	tools/make-man.sh --lang $(1) --localedir $(MAN_LOCALEDIR) $$(call man_arguments,$$*) $$< >$$@.tmp
	mv $$@.tmp $$@

$(MAN_DIR)/$(1)/%.check: $(MAN_DIR)/$(1)/%.1 $(BUILD)/% $(BUILD)/locale/$(1)/LC_MESSAGES/$(PACKAGE).mo
	tools/make-man.sh --check $$< --lang $(1) --localedir $(MAN_LOCALEDIR) $$(call man_arguments,$$*) $(BUILD)/$$*
endef

$(foreach lang,$(MAN_LANGUAGES),$(eval $(call man_language_rules,$(lang))))

CHECK_EXTRA += man-check
