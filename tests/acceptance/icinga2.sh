# shellcheck shell=bash
# Icinga 2 suite of tests/acceptance/run.sh (sourced): one private Icinga 2
# daemon with a service per case that uses the packaged CheckCommands
# (contrib/icinga2/wolkvox.conf), every check forced with the REST API
# action reschedule-check and read back from /v1/objects/services.

ICINGA2=${ICINGA2:-/usr/sbin/icinga2}

# Runtime paths of a private instance, and root kept as the user, because
# every icinga2 command run as root otherwise switches to user nagios.
icinga2_defines() {
	local dir=$1

	printf '%s\n' -DConfiguration.RunAsUser="$(id -un)" -DConfiguration.RunAsGroup="$(id -gn)" \
		-DConfiguration.DataDir="$dir/lib" -DConfiguration.CacheDir="$dir/cache" \
		-DConfiguration.LogDir="$dir/log" -DConfiguration.SpoolDir="$dir/spool" \
		-DConfiguration.InitRunDir="$dir/run" -DConfiguration.PidPath="$dir/run/icinga2.pid" \
		-DConfiguration.VarsPath="$dir/cache/icinga2.vars" \
		-DConfiguration.ObjectsPath="$dir/cache/icinga2.debug" \
		-DConfiguration.ZonesDir="$dir/conf/zones.d"
}

# Makes (once) a private CA and a certificate for CN=localhost with
# icinga2's own pki commands, for the API listener.
icinga2_certificates() {
	local cache=$ICINGA_CERT_CACHE tmp user_defines

	if [ ! -s "$cache/localhost.crt" ]; then
		tmp=$cache.tmp.$$
		rm -rf "$tmp"
		mkdir -p "$tmp/lib"
		user_defines=(-DConfiguration.RunAsUser="$(id -un)" -DConfiguration.RunAsGroup="$(id -gn)")
		"$ICINGA2" pki new-ca "${user_defines[@]}" -DConfiguration.DataDir="$tmp/lib" >"$tmp/log" 2>&1 &&
			"$ICINGA2" pki new-cert "${user_defines[@]}" --cn localhost --key "$tmp/localhost.key" \
				--csr "$tmp/localhost.csr" >>"$tmp/log" 2>&1 &&
			"$ICINGA2" pki sign-csr "${user_defines[@]}" -DConfiguration.DataDir="$tmp/lib" \
				--csr "$tmp/localhost.csr" --cert "$tmp/localhost.crt" >>"$tmp/log" 2>&1 &&
			cp "$tmp/lib/ca/ca.crt" "$tmp/ca.crt" || {
			cat "$tmp/log"
			rm -rf "$tmp"
			return 1
		}
		rm -rf "$cache"
		mv "$tmp" "$cache"
	fi
	cp "$cache/ca.crt" "$cache/localhost.crt" "$cache/localhost.key" "$2/"
}

# icinga2_service ID [TOKEN_FROM_ENV]: a Service object whose custom
# variables set every argument of the case.
icinga2_service() {
	local id=$1 from_env=${2:-} name command option value words i

	command=${CASE_PLUGIN[$id]#check_}
	name=$id
	[ -n "$from_env" ] && name=$id-env
	printf 'object Service "%s" {\n\thost_name = "wolkvox"\n\tcheck_command = "%s"\n' "$name" "$command"
	printf '\tmax_check_attempts = 1\n\tcheck_interval = 1h\n\tretry_interval = 1h\n'
	printf '\tvars.%s_url = "%s"\n' "$command" "$(case_url "$id")"
	if [ -n "$from_env" ]; then
		printf '\tvars.%s_token_from_env = true\n' "$command"
	else
		printf '\tvars.%s_token_file = "%s"\n' "$command" "$TOKEN_FILE"
	fi
	[ "${CASE_ROSTER[$id]}" = - ] || printf '\tvars.%s_roster = "%s"\n' "$command" "$(case_roster "$id")"
	printf '\tvars.%s_warning = "%s"\n\tvars.%s_critical = "%s"\n' \
		"$command" "${CASE_WARNING[$id]}" "$command" "${CASE_CRITICAL[$id]}"
	printf '\tvars.%s_now = "%s"\n' "$command" "$NOW"

	# "--name value" becomes vars.COMMAND_name = "value", "--flag" true.
	read -r -a words <<<"${CASE_OPTIONS[$id]}"
	i=0
	while [ "$i" -lt "${#words[@]}" ]; do
		option=${words[$i]#--}
		option=${option//-/_}
		value=${words[$((i + 1))]:-}
		if [ -n "$value" ] && [ "${value#--}" = "$value" ]; then
			printf '\tvars.%s_%s = "%s"\n' "$command" "$option" "$value"
			i=$((i + 2))
		else
			printf '\tvars.%s_%s = true\n' "$command" "$option"
			i=$((i + 1))
		fi
	done
	printf '}\n'
}

icinga2_write_config() {
	local dir=$1 id

	cp "$ROOT/contrib/icinga2/wolkvox.conf" "$dir/conf/wolkvox.conf"
	cat >"$dir/conf/icinga2.conf" <<CFG
const NodeName = "localhost"
const ZoneName = "master"
const PluginDir = "/usr/lib/nagios/plugins"
const PluginContribDir = "$(make_wrappers icinga2)"
/* One check at a time: the fake API, like wolkvox, rejects a third
 * simultaneous request of one token. */
const MaxConcurrentChecks = 1
include <itl>
include <plugins>
include "wolkvox.conf"
object Endpoint NodeName { }
object Zone ZoneName { endpoints = [ NodeName ] }
object FileLogger "main-log" { severity = "information"; path = "$dir/log/icinga2.log" }
object CheckerComponent "checker" { }
object ApiListener "api" {
	bind_host = "127.0.0.1"
	bind_port = $ICINGA_PORT
	accept_commands = false
	accept_config = false
}
object ApiUser "acceptance" { password = "acceptance"; permissions = [ "*" ] }
object Host "wolkvox" {
	check_command = "dummy"
	enable_active_checks = false
}
CFG
	for id in "${CASE_IDS[@]}"; do
		icinga2_service "$id" >>"$dir/conf/icinga2.conf"
	done
	# The first case again, with the token from the daemon's environment.
	icinga2_service "${CASE_IDS[0]}" env >>"$dir/conf/icinga2.conf"
}

icinga2_api() {
	curl -sS --max-time 10 --cacert "$ICINGA_DIR/lib/certs/ca.crt" \
		--resolve "localhost:$ICINGA_PORT:127.0.0.1" -u acceptance:acceptance \
		-H 'Accept: application/json' "$@"
}

icinga2_ready() {
	icinga2_api "https://localhost:$ICINGA_PORT/v1/status/IcingaApplication" -o /dev/null 2>/dev/null
}

icinga2_all_checked() {
	icinga2_api "https://localhost:$ICINGA_PORT/v1/objects/services?attrs=last_check_result" \
		>"$ICINGA_DIR/results.json" 2>/dev/null &&
		jq -e --argjson wanted "$1" \
			'[.results[] | select(.attrs.last_check_result != null)] | length >= $wanted' \
			"$ICINGA_DIR/results.json" >/dev/null 2>&1
}

icinga2_suite() {
	local dir=$WORK/icinga2 defines first suffix

	if [ ! -x "$ICINGA2" ]; then
		fail "icinga2: $ICINGA2 is not installed (Debian packages icinga2-bin, icinga2-common)"
		return
	fi
	ICINGA_DIR=$dir
	mkdir -p "$dir"/{conf,lib/certs,cache,log,spool/tmp,spool/perfdata,run}
	mapfile -t defines < <(icinga2_defines "$dir")
	if ! icinga2_certificates "$dir" "$dir/lib/certs" >"$dir/pki.log" 2>&1; then
		fail "icinga2: making the API certificates failed: $(tail -n 3 "$dir/pki.log")"
		return
	fi
	icinga2_write_config "$dir"

	if ! "$ICINGA2" daemon -C -c "$dir/conf/icinga2.conf" "${defines[@]}" >"$dir/validate.log" 2>&1; then
		fail "icinga2: the configuration with the packaged CheckCommands is invalid: $(grep -i critical "$dir/validate.log" | head -n 5)"
		return
	fi
	pass "icinga2: configuration with the packaged CheckCommands validates"

	start_background icinga2 env WOLKVOX_TOKEN="$(head -n 1 "$TOKEN_FILE")" \
		"$ICINGA2" daemon -c "$dir/conf/icinga2.conf" "${defines[@]}"
	if ! wait_for 20 icinga2_ready; then
		fail "icinga2: the API did not answer on 127.0.0.1:$ICINGA_PORT: $(tail -n 3 "$dir/log/icinga2.log")"
		return
	fi
	icinga2_api -X POST "https://localhost:$ICINGA_PORT/v1/actions/reschedule-check" \
		-d '{ "type": "Service", "filter": "host.name==\"wolkvox\"", "force": true }' >"$dir/reschedule.json"
	if ! wait_for 60 icinga2_all_checked $((${#CASE_IDS[@]} + 1)); then
		fail "icinga2: not every service was checked within 60 s; see $dir/log/icinga2.log"
	fi
	stop_pid "$LAST_PID"

	record < <(python3 "$HERE/compare.py" icinga2 "$WORK/cases" "$WORK/ref" "$WORK/tee/icinga2" "$dir/results.json")

	# The token from the environment: same result, and no --token-file.
	first=${CASE_IDS[0]}
	grep "^$first " "$WORK/cases" | sed "s/^$first /$first-env /" >"$dir/env-case"
	for suffix in out err rc; do
		cp "$WORK/ref/$first.$suffix" "$WORK/ref/$first-env.$suffix"
	done
	grep -v -x -e --token-file -e "$TOKEN_FILE" "$WORK/ref/$first.argv" >"$WORK/ref/$first-env.argv"
	record < <(python3 "$HERE/compare.py" icinga2 "$dir/env-case" "$WORK/ref" "$WORK/tee/icinga2" "$dir/results.json")
}

# Validates examples/icinga2 together with the packaged CheckCommands.
icinga2_validate_examples() {
	local dir=$WORK/icinga2-examples defines

	[ -x "$ICINGA2" ] || return
	mkdir -p "$dir"/{conf,lib,cache,log,spool,run}
	mapfile -t defines < <(icinga2_defines "$dir")
	cat >"$dir/conf/icinga2.conf" <<CFG
const PluginDir = "/usr/lib/nagios/plugins"
const PluginContribDir = "/usr/lib/nagios/plugins"
include <itl>
include <plugins>
include "$ROOT/contrib/icinga2/wolkvox.conf"
include "$ROOT/examples/icinga2/*.conf"
CFG
	if "$ICINGA2" daemon -C -c "$dir/conf/icinga2.conf" "${defines[@]}" >"$dir/validate.log" 2>&1; then
		pass "icinga2: daemon -C accepts examples/icinga2 with contrib/icinga2/wolkvox.conf ($(grep -o '[0-9]* Services' "$dir/validate.log"))"
	else
		fail "icinga2: daemon -C on examples/icinga2: $(grep -i -A2 critical "$dir/validate.log" | head -n 6)"
	fi
}
