#!/bin/bash
# Installs, on Debian 12, the packages the build, the tests and the demo
# need, and generates the locales the output tests run under. Run as root.
#
#   install-deps.sh          build, unit and integration tests, demo
#   install-deps.sh --all    also the monitoring cores, packaging tools,
#                            analysis tools and check_curl that CI uses (make
#                            acceptance, make package-lint, make analyze,
#                            make fuzz, make bench)
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
	echo "install-deps.sh: run as root (it calls apt-get and locale-gen)" >&2
	exit 1
fi

all=0
if [ "${1:-}" = --all ]; then
	all=1
fi

export DEBIAN_FRONTEND=noninteractive
apt_install() {
	apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

apt-get update -qq
apt_install build-essential pkg-config \
	libcurl4-openssl-dev libssl-dev libjson-c-dev check \
	libmicrohttpd-dev zlib1g-dev \
	gettext groff-base locales tzdata ca-certificates curl jq openssl

if [ "$all" = 1 ]; then
	# Installing Nagios, Icinga 2 and the Zabbix agent must not start their
	# system daemons: the acceptance tests run private instances on their
	# own ports. A policy-rc.d that denies every start does that, and is
	# removed again unless the machine already had one.
	added_policy=0
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 0755 /usr/sbin/policy-rc.d
		added_policy=1
	fi
	apt_install clang libclang-rt-14-dev valgrind cppcheck clang-tidy \
		nagios4-core icinga2-bin icinga2-common zabbix-agent \
		python3 python3-yaml debhelper dpkg-dev fakeroot lintian \
		monitoring-plugins-standard liburiparser1
	if [ "$added_policy" = 1 ]; then
		rm -f /usr/sbin/policy-rc.d
	fi
fi

# es_CO and de_DE use a decimal comma, so the output tests run under them
# to prove that no number in perfdata follows the locale.
missing=0
for wanted in es_CO.UTF-8 de_DE.UTF-8 en_US.UTF-8; do
	short=$(echo "$wanted" | sed 's/UTF-8/utf8/')
	if ! locale -a 2>/dev/null | grep -qx "$short"; then
		sed -i "s/^# *\(${wanted} UTF-8\)/\1/" /etc/locale.gen
		missing=1
	fi
done
if [ "$missing" = 1 ]; then
	locale-gen >/dev/null
fi
