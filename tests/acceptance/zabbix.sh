# Zabbix suite of tests/acceptance/run.sh (sourced): a private zabbix_agentd
# on 127.0.0.1:$ZABBIX_PORT with UserParameters, queried the way a Zabbix
# server polls a passive agent, with zbxget.py.
#
#   always              the plugin text and its exit code per case
#   with --format       the JSON per case, checked against the text and
#                       read with the template's JSONPaths
#   with --format and   the packaged userparameter_wolkvox.conf, reading
#   --extra-opts        its options from an ini section per case
#   with --discovery    the packaged discovery keys

ZABBIX_AGENTD=${ZABBIX_AGENTD:-/usr/sbin/zabbix_agentd}

# zabbix_command TAG ID [MORE OPTIONS]: the case as one shell command line
# that runs the plugin's wrapper with ACCEPTANCE_TAG=TAG.
zabbix_command() {
	local tag=$1 id=$2 word line first=1
	shift 2

	line="env -i PATH=$PLUGIN_PATH ACCEPTANCE_TAG=$tag"
	while IFS= read -r word; do
		if [ "$first" = 1 ]; then
			word=$ZABBIX_WRAPPERS/$(basename "$word")
			first=0
		fi
		line+=" '$word'"
	done <"$WORK/ref/$id.argv"
	for word in "$@"; do
		line+=" '$word'"
	done
	printf '%s' "$line"
}

# The options of a case for an ini section, without the ones that the
# packaged key takes as parameters (ranges, --team, --agent).
zabbix_ini_section() {
	local id=$1 words i option value

	printf '[acceptance_%s]\n' "${id//-/_}"
	printf 'url=%s\ntoken-file=%s\nnow=%s\ntimeout=10\n' "$(case_url "$id")" "$TOKEN_FILE" "$NOW"
	[ "${CASE_ROSTER[$id]}" = - ] || printf 'roster=%s\n' "$(case_roster "$id")"
	read -r -a words <<<"${CASE_OPTIONS[$id]}"
	i=0
	while [ "$i" -lt "${#words[@]}" ]; do
		option=${words[$i]#--}
		value=${words[$((i + 1))]:-}
		if [ -n "$value" ] && [ "${value#--}" = "$value" ]; then
			i=$((i + 2))
		else
			value=
			i=$((i + 1))
		fi
		case $option in
		team | agent) ;;
		*) printf '%s=%s\n' "$option" "$value" ;;
		esac
	done
}

# The packaged key of a case: wolkvox.NAME[SECTION,WARNING,CRITICAL], or
# the .team and .agent keys when the case has --team or --agent.
zabbix_packaged_key() {
	local id=$1 short section team agent

	short=${CASE_PLUGIN[$id]#check_wolkvox_}
	section=acceptance_${id//-/_}
	team=$(sed -n 's/.*--team \([^ ]*\).*/\1/p' <<<"${CASE_OPTIONS[$id]}")
	agent=$(sed -n 's/.*--agent \([^ ]*\).*/\1/p' <<<"${CASE_OPTIONS[$id]}")
	if [ -n "$team" ]; then
		printf 'wolkvox.%s.team[%s,%s,%s,%s]' "$short" "$section" "$team" "${CASE_WARNING[$id]}" "${CASE_CRITICAL[$id]}"
	elif [ -n "$agent" ]; then
		printf 'wolkvox.%s.agent[%s,%s,%s,%s]' "$short" "$section" "$agent" "${CASE_WARNING[$id]}" "${CASE_CRITICAL[$id]}"
	elif [ "$short" = quota ]; then
		printf 'wolkvox.%s[%s]' "$short" "$section"
	else
		printf 'wolkvox.%s[%s,%s,%s]' "$short" "$section" "${CASE_WARNING[$id]}" "${CASE_CRITICAL[$id]}"
	fi
}

zabbix_write_config() {
	local dir=$1 id plugin

	cat >"$dir/zabbix_agentd.conf" <<CFG
PidFile=$dir/zabbix_agentd.pid
LogType=file
LogFile=$dir/zabbix_agentd.log
LogFileSize=0
ListenIP=127.0.0.1
ListenPort=$ZABBIX_PORT
Server=127.0.0.1
# No active checks: the agent contacts no server.
ServerActive=
Hostname=wolkvox-acceptance
# One poller: checks run one at a time, as the fake API needs.
StartAgents=1
Timeout=15
AllowRoot=1
Include=$dir/userparameters.conf
CFG
	: >"$dir/userparameters.conf"
	: >"$dir/wolkvox.ini"
	for id in "${CASE_IDS[@]}"; do
		plugin=${CASE_PLUGIN[$id]}
		{
			printf 'UserParameter=acceptance.text.%s,%s\n' "$id" "$(zabbix_command text "$id")"
			printf 'UserParameter=acceptance.rc.%s,%s >/dev/null 2>&1; echo $?\n' "$id" "$(zabbix_command rc "$id")"
			if [ "${HAS_JSON[$plugin]}" = 1 ]; then
				printf 'UserParameter=acceptance.json.%s,%s\n' "$id" "$(zabbix_command json "$id" --format=json)"
			fi
		} >>"$dir/userparameters.conf"
		zabbix_ini_section "$id" >>"$dir/wolkvox.ini"
	done
	# The packaged keys, with this run's plugin directory and ini file.
	sed -e "s|/usr/lib/nagios/plugins/|$ZABBIX_WRAPPERS/|g" -e "s|/etc/wolkvox/wolkvox.ini|$dir/wolkvox.ini|g" \
		"$ROOT/contrib/zabbix/userparameter_wolkvox.conf" >>"$dir/userparameters.conf"
}

zabbix_get() {
	python3 "$HERE/zbxget.py" 127.0.0.1 "$ZABBIX_PORT" "$1"
}

zabbix_suite() {
	local dir=$WORK/zabbix id plugin json_args=() missing

	if [ ! -x "$ZABBIX_AGENTD" ]; then
		fail "zabbix: $ZABBIX_AGENTD is not installed (Debian package zabbix-agent)"
		return
	fi
	mkdir -p "$dir/values"
	ZABBIX_WRAPPERS=$(make_wrappers zabbix)
	zabbix_write_config "$dir"

	start_background zabbix "$ZABBIX_AGENTD" -f -c "$dir/zabbix_agentd.conf"
	if ! wait_for 10 zabbix_get agent.ping >/dev/null 2>&1; then
		fail "zabbix: the agent did not answer on 127.0.0.1:$ZABBIX_PORT: $(tail -n 5 "$dir/zabbix_agentd.log")"
		return
	fi

	missing=
	for id in "${CASE_IDS[@]}"; do
		plugin=${CASE_PLUGIN[$id]}
		zabbix_get "acceptance.text.$id" >"$dir/values/$id.text"
		zabbix_get "acceptance.rc.$id" >"$dir/values/$id.rc"
		if [ "${HAS_JSON[$plugin]}" = 1 ]; then
			zabbix_get "acceptance.json.$id" >"$dir/values/$id.json"
		else
			missing+=" $plugin"
		fi
	done
	if [ -z "$missing" ]; then
		json_args=(--json "$ROOT/contrib/zabbix/wolkvox_template.yaml")
	else
		skip "zabbix JSON items and template JSONPaths: no --format option in$(printf ' %s' $(printf '%s\n' $missing | sort -u))"
	fi
	record < <(python3 "$HERE/compare.py" zabbix "$WORK/cases" "$WORK/ref" "$WORK/tee/zabbix" "$dir/values" "${json_args[@]}")

	zabbix_packaged_keys "$dir"
	zabbix_discovery "$dir"
	stop_pid "$LAST_PID"
}

# The packaged UserParameters must return what the plugin returns with
# --format=json and the same options.
zabbix_packaged_keys() {
	local dir=$1 id plugin key got wanted

	local skipped=

	for id in "${CASE_IDS[@]}"; do
		plugin=${CASE_PLUGIN[$id]}
		if [ "${HAS_JSON[$plugin]}" != 1 ] || [ "${HAS_EXTRA_OPTS[$plugin]}" != 1 ]; then
			case " $skipped " in
			*" $plugin "*) ;;
			*)
				skipped+=" $plugin"
				skip "zabbix packaged keys of $plugin: it lacks --format or --extra-opts"
				;;
			esac
			continue
		fi
		key=$(zabbix_packaged_key "$id")
		got=$(zabbix_get "$key")
		wanted=$(cat "$WORK/ref/$id.json")
		if [ -n "$wanted" ] && jq -e --argjson a "$got" --argjson b "$wanted" -n '$a == $b' >/dev/null 2>&1; then
			pass "zabbix packaged key $key"
		else
			fail "zabbix packaged key $key returned ${got:0:300}, the plugin prints ${wanted:0:300}"
		fi
	done
}

# The packaged discovery keys must return the plugin's LLD JSON: a list of
# objects whose macros are strings.
zabbix_discovery() {
	local dir=$1 plugin short kind id section got wanted

	for plugin in check_wolkvox_shift check_wolkvox_login_time; do
		if [ "${HAS_DISCOVERY[$plugin]:-0}" != 1 ] || [ "${HAS_EXTRA_OPTS[$plugin]:-0}" != 1 ]; then
			skip "zabbix discovery keys of $plugin: no --discovery or --extra-opts option"
			continue
		fi
		short=${plugin#check_wolkvox_}
		for id in "${CASE_IDS[@]}"; do
			[ "${CASE_PLUGIN[$id]}" = "$plugin" ] && [ "${CASE_ROSTER[$id]}" != - ] && break
		done
		section=acceptance_${id//-/_}
		for kind in agents teams; do
			got=$(zabbix_get "wolkvox.$short.discovery[$section,$kind]")
			wanted=$(env -i PATH="$PLUGIN_PATH" "$BUILD/$plugin" --roster "$(case_roster "$id")" --discovery="$kind")
			if jq -e --argjson a "$got" --argjson b "$wanted" -n \
				'$a == $b and ($a | type) == "array" and ($a | length) > 0 and
				 all($a[]; to_entries | all(.key | test("^\\{#[A-Z0-9_.]+\\}$")) and all(.[]; type == "string"))' \
				>/dev/null 2>&1; then
				pass "zabbix discovery wolkvox.$short.discovery[$section,$kind]"
			else
				fail "zabbix discovery wolkvox.$short.discovery[$section,$kind] returned ${got:0:300}, the plugin prints ${wanted:0:300}"
			fi
		done
	done
}
