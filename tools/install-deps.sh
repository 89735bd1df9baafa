#!/bin/bash
# Installs, on Debian 12, the packages the build, the tests and the demo
# need, and generates the locales the output tests run under. Run as root.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
	echo "install-deps.sh: run as root (it calls apt-get and locale-gen)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
	build-essential pkg-config clang \
	libcurl4-openssl-dev libjson-c-dev check \
	libmicrohttpd-dev zlib1g-dev \
	gettext locales tzdata ca-certificates curl jq openssl valgrind >/dev/null

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
