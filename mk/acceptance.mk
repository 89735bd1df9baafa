# Acceptance tests under the real monitoring cores: Nagios 4, Icinga 2 and
# the Zabbix agent run the plugins against the fake wolkvox API on loopback
# (tests/acceptance/run.sh). Installs nothing: it needs the Debian packages
# nagios4-core icinga2-bin icinga2-common zabbix-agent curl jq python3
# python3-yaml, which tools/install-deps.sh installs. Not part of make check.
# The plugins find the catalogues of `translations` in $(BUILD)/locale.
#
#   make acceptance                         every core
#   make acceptance ICINGA_PORT=25665 ZABBIX_PORT=30050

.PHONY: acceptance
acceptance: $(PLUGINS) $(FAKE_API) translations
	BUILD=$(BUILD) bash tests/acceptance/run.sh
