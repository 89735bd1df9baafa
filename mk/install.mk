# Installs what goes around the plugins: their man pages (the translated
# ones under $(MANDIR)/LANG/man1), the Nagios command definitions and the
# Icinga 2 CheckCommands. The Makefile's install target
# runs install-contrib through INSTALL_EXTRA. The Zabbix template and the
# examples are documentation, which the Debian package installs with
# dh_installexamples.
#
#   make install PREFIX=/usr      /etc/nagios-plugins/config/wolkvox.cfg
#   make install                  /usr/local/etc/nagios-plugins/config/...

MANDIR       ?= $(PREFIX)/share/man
SYSCONFDIR   ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
NAGIOSCFGDIR ?= $(SYSCONFDIR)/nagios-plugins/config
ICINGA2DIR   ?= $(PREFIX)/share/icinga2/include/plugins-contrib.d

NAGIOS_CFG   := $(BUILD)/contrib/wolkvox.cfg

.PHONY: install-contrib uninstall-contrib

# The command definitions name /usr/lib/nagios/plugins; this copy names
# PLUGINDIR. The Icinga 2 file uses PluginContribDir, which the Icinga 2
# configuration sets.
$(NAGIOS_CFG): contrib/nagios/wolkvox.cfg
	@mkdir -p $(dir $@)
	sed 's|/usr/lib/nagios/plugins/|$(PLUGINDIR)/|g' $< >$@

install-contrib: man $(NAGIOS_CFG)
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(NAGIOSCFGDIR) $(DESTDIR)$(ICINGA2DIR)
	install -m 0644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man1/
	for lang in $(MAN_LANGUAGES); do \
	    install -d $(DESTDIR)$(MANDIR)/$$lang/man1 && \
	    install -m 0644 $(MAN_NAMES:%=$(MAN_DIR)/$$lang/%.1) $(DESTDIR)$(MANDIR)/$$lang/man1/ || exit 1; \
	done
	install -m 0644 $(NAGIOS_CFG) $(DESTDIR)$(NAGIOSCFGDIR)/wolkvox.cfg
	install -m 0644 contrib/icinga2/wolkvox.conf $(DESTDIR)$(ICINGA2DIR)/wolkvox.conf

uninstall-contrib:
	rm -f $(MAN_PAGES:$(MAN_DIR)/%=$(DESTDIR)$(MANDIR)/man1/%)
	rm -f $(foreach lang,$(MAN_LANGUAGES),$(MAN_NAMES:%=$(DESTDIR)$(MANDIR)/$(lang)/man1/%.1))
	rm -f $(DESTDIR)$(NAGIOSCFGDIR)/wolkvox.cfg $(DESTDIR)$(ICINGA2DIR)/wolkvox.conf

INSTALL_EXTRA += install-contrib
