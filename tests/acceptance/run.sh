#!/usr/bin/env bash
# Acceptance tests: every case of cases.txt runs as a real service check
# under Nagios 4, Icinga 2 and the Zabbix agent, against the fake wolkvox
# API. What each core read back (state, output, every perfdata value, the
# --format json document) must equal what the plugin printed. Also
# checks the packaged Icinga 2 CheckCommands and Nagios commands against
# the plugins' --help, the Zabbix template against the UserParameters, the
# real --format json and --discovery output of the plugins, and validates
# the examples with nagios4 -v and icinga2 daemon -C.
#
# Run by `make acceptance` (BUILD=build in the environment). Needs
# nagios4-core, icinga2-bin, icinga2-common, zabbix-agent, curl, jq,
# python3 and python3-yaml; installs nothing. Prints "ok - ..." or
# "not ok - ...: reasons" per check and "N passed, N failed" at the end.
#
# Everything runs in a private directory under $TMPDIR and listens on
# 127.0.0.1 only: the fake API on a free port, the Icinga 2 API on
# $ICINGA_PORT (default 15665) and the Zabbix agent on $ZABBIX_PORT
# (default 20050). Every process started here is stopped on exit, and a
# process left behind is a failure. KEEP=1 keeps the directory.

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in
/*) ;;
*) BUILD=$ROOT/$BUILD ;;
esac

ICINGA_PORT=${ICINGA_PORT:-15665}
ZABBIX_PORT=${ZABBIX_PORT:-20050}
# The Icinga 2 API certificates: RSA-4096 keys take seconds to make, so
# they are made once and kept here between runs.
ICINGA_CERT_CACHE=${ICINGA_CERT_CACHE:-${TMPDIR:-/tmp}/wolkvox-acceptance-icinga-certs}

# Every case is evaluated at this time, which the fixtures are written for.
NOW='2025-03-12 11:00:00'
PLUGIN_PATH=/usr/bin:/bin
FIXTURES=$ROOT/tests/fixtures

PASSED=0
FAILED=0
PIDS=()
WORK=

CASE_IDS=()
declare -A CASE_PLUGIN CASE_STATE CASE_ROUTE CASE_ROSTER CASE_WARNING CASE_CRITICAL CASE_OPTIONS
# The plugins with --discovery, each run for both kinds.
DISCOVERY_PLUGINS='check_wolkvox_shift check_wolkvox_login_time'

# shellcheck source=tests/acceptance/nagios.sh
. "$HERE/nagios.sh"
# shellcheck source=tests/acceptance/icinga2.sh
. "$HERE/icinga2.sh"
# shellcheck source=tests/acceptance/zabbix.sh
. "$HERE/zabbix.sh"

# ------------------------------------------------------------ reporting

# Prints lines of "ok - ..." and "not ok - ..." from stdin and counts them.
record() {
	local line

	while IFS= read -r line; do
		echo "$line"
		case $line in
		"ok - "*) PASSED=$((PASSED + 1)) ;;
		"not ok - "*) FAILED=$((FAILED + 1)) ;;
		esac
	done
}

pass() {
	record <<<"ok - $*"
}

fail() {
	record <<<"not ok - $*"
}

elapsed_since() {
	awk -v start="$1" -v end="$(date +%s.%N)" 'BEGIN { printf "%.2f", end - start }'
}

# ------------------------------------------------------------ processes

# start_background NAME COMMAND...: starts a process whose output goes to
# $WORK/NAME.log and remembers its PID for stop_all.
start_background() {
	local name=$1
	shift

	"$@" >"$WORK/$name.log" 2>&1 &
	PIDS+=("$!")
	LAST_PID=$!
}

# stop_pid PID: SIGTERM, then SIGKILL after five seconds.
stop_pid() {
	local pid=$1 i

	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

stop_all() {
	local pid

	for pid in "${PIDS[@]}"; do
		stop_pid "$pid"
	done
	PIDS=()
}

# Fails when a process whose command line names the work directory is
# still running a few seconds after everything was stopped (daemon
# workers are reaped by their parent or by PID 1 within about a second).
check_leftovers() {
	local left i

	for i in $(seq 30); do
		left=$(ps -eo pid=,stat=,args= | awk -v dir="$WORK" 'index($0, dir) && $2 !~ /^Z/ && $3 != "awk"')
		[ -z "$left" ] && break
		sleep 0.1
	done
	if [ -n "$left" ]; then
		fail "processes left behind: $left"
	else
		pass "no process left behind"
	fi
}

cleanup() {
	stop_all
	if [ -n "$WORK" ] && [ "${KEEP:-0}" != 1 ]; then
		rm -rf "$WORK"
	elif [ -n "$WORK" ]; then
		echo "# kept $WORK"
	fi
}

# wait_for SECONDS COMMAND...: retries COMMAND every 0.1 s.
wait_for() {
	local tries=$(($1 * 10)) i
	shift

	for i in $(seq "$tries"); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# ------------------------------------------------------------ fake API

start_fake_api() {
	od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$WORK/token"
	echo >>"$WORK/token"
	chmod 600 "$WORK/token"
	TOKEN_FILE=$WORK/token

	start_background fake "$BUILD/fake_wolkvox" --port-file "$WORK/fake.port" \
		--token-file "$TOKEN_FILE" --scenario-dir "$FIXTURES/scenarios"
	if ! wait_for 10 test -s "$WORK/fake.port"; then
		fail "fake API did not start: $(cat "$WORK/fake.log")"
		return 1
	fi
	FAKE_PORT=$(cat "$WORK/fake.port")
}

# ------------------------------------------------------------ cases

load_cases() {
	local plugin name state route roster warning critical options id

	while read -r plugin name state route roster warning critical options; do
		case $plugin in
		'' | '#'*) continue ;;
		esac
		id=${plugin#check_wolkvox_}-$name
		CASE_IDS+=("$id")
		CASE_PLUGIN[$id]=$plugin
		CASE_STATE[$id]=$state
		CASE_ROUTE[$id]=$route
		CASE_ROSTER[$id]=$roster
		CASE_WARNING[$id]=$warning
		CASE_CRITICAL[$id]=$critical
		[ "$options" = - ] && options=
		CASE_OPTIONS[$id]=$options
	done <"$HERE/cases.txt"
}

# A route ending in .php is the whole path; any other is a prefix of the
# Reports Manager path.
case_url() {
	local route=${CASE_ROUTE[$1]}

	case $route in
	-) printf 'http://127.0.0.1:%s/api/v2/reports_manager.php' "$FAKE_PORT" ;;
	*.php) printf 'http://127.0.0.1:%s/%s' "$FAKE_PORT" "$route" ;;
	*) printf 'http://127.0.0.1:%s/%s/api/v2/reports_manager.php' "$FAKE_PORT" "$route" ;;
	esac
}

case_roster() {
	[ "${CASE_ROSTER[$1]}" = - ] || printf '%s' "$FIXTURES/rosters/${CASE_ROSTER[$1]}"
}

# case_argv ID: the plugin and its arguments, one per line, as every core
# is set up to run them.
case_argv() {
	local id=$1 option

	printf '%s\n' "$BUILD/${CASE_PLUGIN[$id]}" -u "$(case_url "$id")" --token-file "$TOKEN_FILE"
	[ "${CASE_ROSTER[$id]}" = - ] || printf '%s\n' --roster "$(case_roster "$id")"
	printf '%s\n' -w "${CASE_WARNING[$id]}" -c "${CASE_CRITICAL[$id]}" -t 10 --now "$NOW"
	for option in ${CASE_OPTIONS[$id]}; do
		printf '%s\n' "$option"
	done
}

# The fake API counts every request since its last /_reset and reports
# that count as the quota used, so the quota cases reset it before their
# reference run: their output then depends on no other case. Their
# --cache-max-age (cases.txt) keeps every core on that same cached response.
reset_fake_counters() {
	curl -sS --max-time 5 -X POST "http://127.0.0.1:$FAKE_PORT/_reset" -o /dev/null
}

# run_reference NAME ARGUMENT...: runs the plugin as the cores' wrappers
# do, into $WORK/ref/NAME.{argv,out,err,rc}.
run_reference() {
	local name=$1
	shift

	printf '%s\n' "$@" >"$WORK/ref/$name.argv"
	env -i PATH="$PLUGIN_PATH" WOLKVOX_CACHE_DIR="$CACHE_DIR" WOLKVOX_LOCALEDIR="$BUILD/locale" "$@" \
		>"$WORK/ref/$name.out" 2>"$WORK/ref/$name.err"
	echo $? >"$WORK/ref/$name.rc"
}

# Runs every case outside any core, as text and as --format=json: the
# reference each core is held to. Writes $WORK/cases (id, plugin, expected
# state, packaged Zabbix key) for compare.py.
run_references() {
	local id argv

	mkdir -p "$WORK/ref"
	: >"$WORK/cases"
	for id in "${CASE_IDS[@]}"; do
		if [ ! -x "$BUILD/${CASE_PLUGIN[$id]}" ]; then
			fail "case $id: $BUILD/${CASE_PLUGIN[$id]} is not built"
			continue
		fi
		echo "$id ${CASE_PLUGIN[$id]} ${CASE_STATE[$id]} $(zabbix_packaged_key "$id")" >>"$WORK/cases"
		if [ "${CASE_PLUGIN[$id]}" = check_wolkvox_quota ] && ! reset_fake_counters; then
			fail "case $id: resetting the request count of the fake API failed"
		fi
		mapfile -t argv < <(case_argv "$id")
		run_reference "$id" "${argv[@]}"
		run_reference "$id.json-run" "${argv[@]}" --format=json
		mv "$WORK/ref/$id.json-run.out" "$WORK/ref/$id.json"
	done
}

# Runs --discovery of both kinds on the roster of each plugin's first case
# that has one. Writes $WORK/discoveries (plugin, kind, packaged Zabbix
# key) for compare.py.
run_discovery_references() {
	local plugin id kind

	: >"$WORK/discoveries"
	for plugin in $DISCOVERY_PLUGINS; do
		id=$(discovery_case "$plugin")
		if [ -z "$id" ]; then
			fail "discovery: no case of $plugin has a roster"
			continue
		fi
		for kind in agents teams; do
			echo "$plugin $kind $(zabbix_discovery_key "$id" "$kind")" >>"$WORK/discoveries"
			run_reference "discovery.$plugin.$kind" "$BUILD/$plugin" --roster "$(case_roster "$id")" \
				--discovery="$kind"
		done
	done
}

discovery_case() {
	local id

	for id in "${CASE_IDS[@]}"; do
		if [ "${CASE_PLUGIN[$id]}" = "$1" ] && [ "${CASE_ROSTER[$id]}" != - ]; then
			printf '%s' "$id"
			return
		fi
	done
}

# make_wrappers CORE: a directory of scripts named like the plugins, for
# CORE to run in their place. Each runs the real plugin unchanged and keeps
# a copy of its arguments, output and exit code in $WORK/tee/CORE, so that
# compare.py holds the core to that very run: values that change from run
# to run (api_time, data_age) are compared too. ACCEPTANCE_TAG, when set,
# names the kind of Zabbix item that ran it (text, rc, json or packaged).
# Prints the directory.
make_wrappers() {
	local core=$1 plugin wrap tee

	wrap=$WORK/wrap/$core
	tee=$WORK/tee/$core

	mkdir -p "$wrap" "$tee"
	for plugin in "$BUILD"/check_wolkvox_*; do
		[ -x "$plugin" ] || continue
		cat >"$wrap/$(basename "$plugin")" <<WRAPPER
#!/bin/sh
run=\$(mktemp "$tee/\$(date +%s%N).XXXXXX")
printf '%s\\n' "$plugin" "\$@" >"\$run.argv"
printf '%s\\n' "\${ACCEPTANCE_TAG:-}" >"\$run.tag"
env -u ACCEPTANCE_TAG WOLKVOX_CACHE_DIR="$CACHE_DIR" WOLKVOX_LOCALEDIR="$BUILD/locale" "$plugin" "\$@" >"\$run.out" 2>"\$run.err"
rc=\$?
echo "\$rc" >"\$run.rc"
cat "\$run.out"
cat "\$run.err" >&2
exit "\$rc"
WRAPPER
		chmod 755 "$wrap/$(basename "$plugin")"
	done
	printf '%s' "$wrap"
}

# ------------------------------------------------------------ static checks

check_contrib_options() {
	record < <(python3 "$HERE/compare.py" options "$ROOT/contrib/icinga2/wolkvox.conf" \
		"$ROOT/contrib/nagios/wolkvox.cfg" "$BUILD")
}

# Checks the template for import errors, evaluates its JSONPaths on the
# plugins' real --format json output and its LLD macros on their real
# --discovery output.
check_zabbix_template() {
	if ! python3 -c 'import yaml' 2>/dev/null; then
		fail "zabbix template: python3-yaml is not installed"
		return
	fi
	record < <(python3 "$HERE/compare.py" template "$ROOT/contrib/zabbix/wolkvox_template.yaml" \
		"$ROOT/contrib/zabbix/userparameter_wolkvox.conf" "$WORK/cases" "$WORK/discoveries" "$WORK/ref")
}

# ------------------------------------------------------------ main

main() {
	local start suite_start tool

	start=$(date +%s.%N)
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/wolkvox-acceptance.XXXXXX") || exit 1
	chmod 755 "$WORK"
	# The plugins share API responses through this cache, kept private.
	CACHE_DIR=$WORK/cache
	# The daemons pass their environment on to the plugins, which the
	# reference runs lack: no locale there either, so messages match.
	unset LANG LANGUAGE LC_ALL LC_MESSAGES

	for tool in curl jq python3; do
		command -v "$tool" >/dev/null || fail "$tool is not installed"
	done
	[ -x "$BUILD/fake_wolkvox" ] || { fail "$BUILD/fake_wolkvox is not built"; exit 1; }

	load_cases
	start_fake_api || exit 1
	run_references
	run_discovery_references

	check_contrib_options
	check_zabbix_template

	suite_start=$(date +%s.%N)
	nagios_suite
	echo "# nagios: $(elapsed_since "$suite_start") s"

	suite_start=$(date +%s.%N)
	icinga2_suite
	echo "# icinga2: $(elapsed_since "$suite_start") s"

	suite_start=$(date +%s.%N)
	zabbix_suite
	echo "# zabbix: $(elapsed_since "$suite_start") s"

	nagios_validate_examples
	icinga2_validate_examples

	stop_all
	check_leftovers

	echo "# wall time $(elapsed_since "$start") s"
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" = 0 ]
}

main "$@"
