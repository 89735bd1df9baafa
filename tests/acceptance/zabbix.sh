# shellcheck shell=bash
# Zabbix suite of tests/acceptance/run.sh (sourced): a private zabbix_agentd
# on 127.0.0.1:$ZABBIX_PORT with UserParameters, queried the way a Zabbix
# server polls a passive agent, with zbxget.py. Per case it reads
#
#   acceptance.text.ID   the plugin's text output
#   acceptance.rc.ID     its exit code
#   acceptance.json.ID   its --format=json output
#   the packaged key     userparameter_wolkvox.conf as shipped, with the
#                        case's options in an ini section of its own
#
# and the packaged discovery keys of each kind. compare.py compares each
# value with the agent's own run of the plugin, exactly, and each JSON
# document with the case's text output, exactly except the values of
# api_time and data_age, which change from run to run.

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
# packaged key takes as parameters (ranges, --team, --agent). The quota key
# takes no ranges, so they go into its section.
zabbix_ini_section() {
	local id=$1 words i option value

	printf '[%s]\n' "$(zabbix_section "$id")"
	printf 'url=%s\ntoken-file=%s\nnow=%s\ntimeout=10\n' "$(case_url "$id")" "$TOKEN_FILE" "$NOW"
	[ "${CASE_ROSTER[$id]}" = - ] || printf 'roster=%s\n' "$(case_roster "$id")"
	if [ "${CASE_PLUGIN[$id]}" = check_wolkvox_quota ]; then
		printf 'warning=%s\ncritical=%s\n' "${CASE_WARNING[$id]}" "${CASE_CRITICAL[$id]}"
	fi
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

zabbix_section() {
	printf 'acceptance_%s' "${1//-/_}"
}

# The packaged key of a case: wolkvox.NAME[SECTION,WARNING,CRITICAL], or
# the .team and .agent keys when the case has --team or --agent.
zabbix_packaged_key() {
	local id=$1 short section team agent

	short=${CASE_PLUGIN[$id]#check_wolkvox_}
	section=$(zabbix_section "$id")
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

# zabbix_discovery_key ID KIND: the packaged discovery key on the section
# of case ID.
zabbix_discovery_key() {
	printf 'wolkvox.%s.discovery[%s,%s]' "${CASE_PLUGIN[$1]#check_wolkvox_}" "$(zabbix_section "$1")" "$2"
}

zabbix_write_config() {
	local dir=$1 id

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
		{
			printf 'UserParameter=acceptance.text.%s,%s\n' "$id" "$(zabbix_command text "$id")"
			printf 'UserParameter=acceptance.rc.%s,%s >/dev/null 2>&1; echo $?\n' "$id" "$(zabbix_command rc "$id")"
			printf 'UserParameter=acceptance.json.%s,%s\n' "$id" "$(zabbix_command json "$id" --format=json)"
		} >>"$dir/userparameters.conf"
		zabbix_ini_section "$id" >>"$dir/wolkvox.ini"
	done
	# The packaged keys, with this run's plugin directory and ini file; the
	# tag lets compare.py tell their runs from the acceptance items' runs.
	sed -e "s|/usr/lib/nagios/plugins/|ACCEPTANCE_TAG=packaged $ZABBIX_WRAPPERS/|g" \
		-e "s|/etc/wolkvox/wolkvox.ini|$dir/wolkvox.ini|g" \
		"$ROOT/contrib/zabbix/userparameter_wolkvox.conf" >>"$dir/userparameters.conf"
}

# The keys to query, as lines of "FILE KEY" for zbxget.py --batch.
zabbix_queries() {
	local id plugin kind key

	for id in "${CASE_IDS[@]}"; do
		printf '%s acceptance.%s.%s\n' "$id.text" text "$id" "$id.rc" rc "$id" "$id.json" json "$id"
		printf '%s %s\n' "$id.packaged" "$(zabbix_packaged_key "$id")"
	done
	while read -r plugin kind key; do
		printf 'discovery.%s.%s %s\n' "$plugin" "$kind" "$key"
	done <"$WORK/discoveries"
}

zabbix_get() {
	python3 "$HERE/zbxget.py" 127.0.0.1 "$ZABBIX_PORT" "$1"
}

zabbix_suite() {
	local dir=$WORK/zabbix

	if [ ! -x "$ZABBIX_AGENTD" ]; then
		fail "zabbix: $ZABBIX_AGENTD is not installed (Debian package zabbix-agent)"
		return
	fi
	mkdir -p "$dir/values"
	ZABBIX_WRAPPERS=$(make_wrappers zabbix)
	zabbix_write_config "$dir"

	# A daemon's clean environment, as under systemd.
	start_background zabbix env -i PATH="$PLUGIN_PATH" "$ZABBIX_AGENTD" -f -c "$dir/zabbix_agentd.conf"
	if ! wait_for 10 zabbix_get agent.ping >/dev/null 2>&1; then
		fail "zabbix: the agent did not answer on 127.0.0.1:$ZABBIX_PORT: $(tail -n 5 "$dir/zabbix_agentd.log")"
		return
	fi
	if ! zabbix_queries | python3 "$HERE/zbxget.py" 127.0.0.1 "$ZABBIX_PORT" --batch "$dir/values"; then
		fail "zabbix: querying the agent failed"
	fi
	stop_pid "$LAST_PID"

	record < <(python3 "$HERE/compare.py" zabbix "$WORK/cases" "$WORK/discoveries" "$WORK/ref" \
		"$WORK/tee/zabbix" "$dir/values")
}
