# shellcheck shell=bash
# Nagios 4 suite of tests/acceptance/run.sh (sourced): one private Nagios
# with a service per case, built on the packaged command definitions
# (contrib/nagios/wolkvox.cfg, the _url variants), every check forced
# through the command FIFO and read back from status.dat.

NAGIOS=${NAGIOS:-/usr/sbin/nagios4}

# Writes nagios.cfg. max_concurrent_checks=1 runs the checks one at a time,
# because the fake API, like wolkvox, rejects a third simultaneous request
# of one token. interval_length=1 makes intervals count in seconds, and
# check_for_updates=0 keeps Nagios from calling its update server.
nagios_write_main_config() {
	local dir=$1

	cat >"$dir/nagios.cfg" <<CFG
log_file=$dir/var/nagios.log
cfg_file=$dir/objects.cfg
cfg_file=$dir/wolkvox.cfg
object_cache_file=$dir/var/objects.cache
precached_object_file=$dir/var/objects.precache
resource_file=$dir/resource.cfg
status_file=$dir/var/status.dat
status_update_interval=1
nagios_user=$(id -un)
nagios_group=$(id -gn)
check_external_commands=1
command_file=$dir/var/rw/nagios.cmd
query_socket=$dir/var/rw/nagios.qh
lock_file=$dir/var/nagios.lock
temp_file=$dir/var/nagios.tmp
temp_path=$dir/var/tmp
check_result_path=$dir/var/spool/checkresults
check_result_reaper_frequency=1
max_concurrent_checks=1
use_syslog=0
log_initial_states=1
retain_state_information=0
state_retention_file=$dir/var/retention.dat
interval_length=1
check_for_updates=0
bare_update_check=0
enable_notifications=0
enable_event_handlers=0
enable_flap_detection=0
execute_host_checks=0
max_service_check_spread=1
max_host_check_spread=1
service_check_timeout=30
process_performance_data=0
illegal_macro_output_chars=\`~\$&|'"<>
CFG
	printf '$USER1$=/usr/lib/nagios/plugins\n' >"$dir/resource.cfg"
}

# Writes the host, one service per case, and the packaged command
# definitions with the plugin directory and the token file of this run.
nagios_write_objects() {
	local dir=$1 id short extra args

	sed -e "s|/usr/lib/nagios/plugins/|$(make_wrappers nagios)/|g" -e "s|/etc/wolkvox/token|$TOKEN_FILE|g" \
		"$ROOT/contrib/nagios/wolkvox.cfg" >"$dir/wolkvox.cfg"

	cat >"$dir/objects.cfg" <<'CFG'
define timeperiod {
	timeperiod_name 24x7
	alias           24x7
	sunday 00:00-24:00
	monday 00:00-24:00
	tuesday 00:00-24:00
	wednesday 00:00-24:00
	thursday 00:00-24:00
	friday 00:00-24:00
	saturday 00:00-24:00
}
define command {
	command_name notify-none
	command_line /bin/true
}
define contact {
	contact_name                  nobody
	host_notifications_enabled    0
	service_notifications_enabled 0
	host_notification_period      24x7
	service_notification_period   24x7
	host_notification_options     n
	service_notification_options  n
	host_notification_commands    notify-none
	service_notification_commands notify-none
}
define host {
	host_name              wolkvox
	address                127.0.0.1
	max_check_attempts     1
	check_period           24x7
	contacts               nobody
	notification_interval  0
	notification_period    24x7
}
CFG
	for id in "${CASE_IDS[@]}"; do
		short=${CASE_PLUGIN[$id]#check_}
		extra="--now '$NOW' -t 10 ${CASE_OPTIONS[$id]}"
		if [ "${CASE_ROSTER[$id]}" = - ]; then
			args="$(case_url "$id")!${CASE_WARNING[$id]}!${CASE_CRITICAL[$id]}!$extra"
		else
			args="$(case_url "$id")!$(case_roster "$id")!${CASE_WARNING[$id]}!${CASE_CRITICAL[$id]}!$extra"
		fi
		cat >>"$dir/objects.cfg" <<CFG
define service {
	host_name              wolkvox
	service_description    $id
	check_command          check_${short}_url!$args
	max_check_attempts     1
	check_interval         3600
	retry_interval         60
	check_period           24x7
	contacts               nobody
	notification_interval  0
	notification_period    24x7
}
CFG
	done
}

# True when status.dat shows a finished check for every service.
nagios_all_checked() {
	local status=$1/var/status.dat

	[ -f "$status" ] || return 1
	awk -v wanted="${#CASE_IDS[@]}" '
		/^servicestatus \{/ { inside = 1 }
		inside && /^\thas_been_checked=1$/ { checked++ }
		/^\t\}/ { inside = 0 }
		END { exit !(checked >= wanted) }' "$status"
}

nagios_suite() {
	local dir=$WORK/nagios now id

	if [ ! -x "$NAGIOS" ]; then
		fail "nagios: $NAGIOS is not installed (Debian package nagios4-core)"
		return
	fi
	mkdir -p "$dir/var/spool/checkresults" "$dir/var/rw" "$dir/var/tmp"
	nagios_write_main_config "$dir"
	nagios_write_objects "$dir"

	if ! "$NAGIOS" -v "$dir/nagios.cfg" >"$dir/verify.log" 2>&1; then
		fail "nagios: nagios4 -v rejects the configuration: $(grep -E 'Error|Warning' "$dir/verify.log" | head -n 5)"
		return
	fi
	pass "nagios: configuration with the packaged commands validates"

	start_background nagios "$NAGIOS" "$dir/nagios.cfg"
	if ! wait_for 10 test -p "$dir/var/rw/nagios.cmd"; then
		fail "nagios: the command FIFO did not appear: $(tail -n 5 "$dir/var/nagios.log")"
		return
	fi
	now=$(date +%s)
	for id in "${CASE_IDS[@]}"; do
		printf '[%s] SCHEDULE_FORCED_SVC_CHECK;wolkvox;%s;%s\n' "$now" "$id" "$now"
	done >"$dir/var/rw/nagios.cmd"

	if ! wait_for 60 nagios_all_checked "$dir"; then
		fail "nagios: not every service was checked within 60 s; see $dir/var/nagios.log"
	fi
	# Nagios removes status.dat when it stops: copy it first.
	cp "$dir/var/status.dat" "$dir/status.copy" 2>/dev/null
	stop_pid "$LAST_PID"
	[ -f "$dir/status.copy" ] || return
	record < <(python3 "$HERE/compare.py" nagios "$WORK/cases" "$WORK/ref" "$WORK/tee/nagios" "$dir/status.copy")
}

# Validates examples/nagios with the packaged command definitions and the
# Debian sample objects that the example's templates come from.
nagios_validate_examples() {
	local dir=$WORK/nagios-examples objects=/etc/nagios4/objects

	[ -x "$NAGIOS" ] || return
	if [ ! -f "$objects/templates.cfg" ]; then
		fail "nagios examples: $objects/templates.cfg is missing (Debian package nagios4-core)"
		return
	fi
	mkdir -p "$dir/var/spool/checkresults" "$dir/var/rw" "$dir/var/tmp"
	nagios_write_main_config "$dir"
	sed -i "s|^cfg_file=$dir/objects.cfg|cfg_file=$ROOT/examples/nagios/wolkvox.cfg|" "$dir/nagios.cfg"
	sed -i "s|^cfg_file=$dir/wolkvox.cfg|cfg_file=$ROOT/contrib/nagios/wolkvox.cfg|" "$dir/nagios.cfg"
	printf 'cfg_file=%s\n' "$objects/commands.cfg" "$objects/contacts.cfg" \
		"$objects/timeperiods.cfg" "$objects/templates.cfg" >>"$dir/nagios.cfg"
	if "$NAGIOS" -v "$dir/nagios.cfg" >"$dir/verify.log" 2>&1 &&
		grep -q '^Total Warnings: 0' "$dir/verify.log"; then
		pass "nagios: nagios4 -v accepts examples/nagios with contrib/nagios/wolkvox.cfg"
	else
		fail "nagios: nagios4 -v on examples/nagios: $(grep -E 'Error|Warning' "$dir/verify.log" | head -n 5)"
	fi
}
