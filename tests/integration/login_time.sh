#!/usr/bin/env bash
# Integration tests of check_wolkvox_login_time against the fake wolkvox API
# on loopback, with the scenarios tests/fixtures/scenarios/login_*.json and
# the rosters tests/fixtures/rosters/login_*.csv.
#
# run.sh sources this file and calls login_time_tests once the fake API is
# up. Run alone, it starts its own fake API:
#
#     BUILD=build bash tests/integration/login_time.sh

LOGIN_PLUGIN=$BUILD/check_wolkvox_login_time

# The login_day scenario is evaluated on Wednesday 2025-03-12 at 17:10, after
# the morning (08:00-15:30) and support (09:00-17:00) shifts ended; the
# request window is then 2025-03-11 00:00:00 to 2025-03-12 23:59:59.
LOGIN_NOW='2025-03-12 17:10:00'

# Perfdata of login_day with the whole roster and the default thresholds:
# 7 agents judged (Lucía is off, Martín's afternoon shift is in progress),
# 3 under target, 158100 s logged in of 180000 s due.
LOGIN_DAY_PERFDATA='judged=7;;;0 under_target=3;0;2;0;7 adherence_total=87.8%;;;0.0;100.0 adherence_min=0.0%;;;0.0;100.0'
LOGIN_DAY_FIRST='WOLKVOX LOGIN TIME CRITICAL - 3 of 7 agents under target: Nicolás Cañas 0h00m of 7h00m (0%), Valentina Ibáñez 6h00m of 7h00m (85%), Ana Pérez 6h10m of 7h00m (88%)'

# login_run [options...]: runs check_wolkvox_login_time the way run_plugin
# runs the shift plugin.
login_run() {
	PLUGIN=$LOGIN_PLUGIN run_plugin "$@"
	COMMAND="check_wolkvox_login_time $*"
}

# login_check SCENARIO [options...]: the plugin against a scenario, with the
# token file and LOGIN_NOW unless the options give another --now later.
# --no-cache makes every check send its own request, so that no test reads
# a response cached by another.
login_check() {
	local scenario=$1
	shift
	login_run -u "$(scenario_url "$scenario")" --token-file "$TOKEN_FILE" --no-cache \
		--now "$LOGIN_NOW" "$@"
}

login_roster_check() {
	local scenario=$1 roster=$2
	shift 2
	login_check "$scenario" --roster "$ROSTERS/$roster" "$@"
}

login_assert_state() {
	case $FIRST in
	"WOLKVOX LOGIN TIME $1 - "*) ;;
	*) fail "first line is not 'WOLKVOX LOGIN TIME $1 - ...': $FIRST" ;;
	esac
}

# login_assert_first EXACT: the whole first line, perfdata excluded.
login_assert_first() {
	local text=${FIRST%% | *}

	[ "$text" = "$1" ] || fail "first line '$text', expected '$1'"
}

# login_assert_perfdata EXPECTED: the plugin's own perfdata items are
# exactly EXPECTED (possibly empty), followed by the api_time and data_age
# items that every plugin appends, whose values vary from run to run.
login_assert_perfdata() {
	local perfdata own source_items
	local source_pattern='^ api_time=[0-9]+[.][0-9]{3}s;;;0[.]000( data_age=[0-9]+s;;;0)?$'

	case $FIRST in
	*" | "*) perfdata=" ${FIRST#* | }" ;;
	*) fail "no perfdata on the first line"; return ;;
	esac

	own=${perfdata% api_time=*}
	source_items=${perfdata#"$own"}
	own=${own# }
	[ "$own" = "$1" ] || fail "perfdata '$own', expected '$1'"
	[[ $source_items =~ $source_pattern ]] || fail "api_time and data_age perfdata '$source_items'"
}

# login_expect EXIT PERFDATA: exit code, state word, well-formed output,
# the exact perfdata of the plugin's own items ("-" skips the check) and one
# API request.
login_expect() {
	assert_exit "$1"
	login_assert_state "$(state_name "$1")"
	assert_well_formed
	[ "$2" = - ] || login_assert_perfdata "$2"
	assert_requests 1
}

# -------------------------------------------------------------- roster mode

login_roster_tests() {
	begin_test "login time roster under target"
	login_roster_check login_day login_day.csv
	login_expect 2 "$LOGIN_DAY_PERFDATA"
	login_assert_first "$LOGIN_DAY_FIRST"
	assert_window 20250311000000 20250312235959
	assert_output '^team morning:$'
	assert_output '^  under target: Ana Pérez \(401\), shift 2025-03-12 08:00-15:30, 6h10m of 7h00m \(88%\)$'
	assert_output '^team support:$'
	assert_output '^  under target: Nicolás Cañas \(406\), shift 2025-03-12 09:00-17:00, 0h00m of 7h00m \(0%\)$'
	if printf '%s\n' "$OUT" | grep -q 'on target:'; then
		fail "agents on target are listed without -v"
	fi
	end_test

	begin_test "login time team warning"
	login_roster_check login_day login_day.csv --team morning
	login_expect 1 'judged=4;;;0 under_target=1;0;2;0;4 adherence_total=106.6%;;;0.0 adherence_min=88.0%;;;0.0;100.0'
	login_assert_first 'WOLKVOX LOGIN TIME WARNING - 1 of 4 agents under target: Ana Pérez 6h10m of 7h00m (88%)'
	end_test

	begin_test "login time team all on target"
	login_roster_check login_day login_day.csv --team night
	login_expect 0 'judged=1;;;0 under_target=0;0;2;0;1 adherence_total=100.6%;;;0.0 adherence_min=100.6%;;;0.0'
	login_assert_first 'WOLKVOX LOGIN TIME OK - 1 agent on target, adherence 100.6%'
	end_test

	begin_test "login time thresholds"
	login_roster_check login_day login_day.csv -w 3 -c 5
	login_expect 0 'judged=7;;;0 under_target=3;3;5;0;7 adherence_total=87.8%;;;0.0;100.0 adherence_min=0.0%;;;0.0;100.0'
	end_test

	begin_test "login time min percent"
	login_roster_check login_day login_day.csv --min-percent 85
	login_expect 1 'judged=7;;;0 under_target=1;0;2;0;7 adherence_total=87.8%;;;0.0;100.0 adherence_min=0.0%;;;0.0;100.0'
	login_assert_first 'WOLKVOX LOGIN TIME WARNING - 1 of 7 agents under target: Nicolás Cañas 0h00m of 7h00m (0%)'
	end_test

	begin_test "login time target option"
	login_roster_check login_day login_day.csv --team morning --target 7h30m
	login_expect 1 'judged=4;;;0 under_target=1;0;2;0;4 adherence_total=99.5%;;;0.0;100.0 adherence_min=82.2%;;;0.0;100.0'
	login_assert_first 'WOLKVOX LOGIN TIME WARNING - 1 of 4 agents under target: Ana Pérez 6h10m of 7h30m (82%)'
	end_test

	begin_test "login time so far"
	login_roster_check login_day login_day.csv --so-far
	login_expect 2 'judged=8;;;0 under_target=3;0;2;0;8 adherence_total=89.5%;;;0.0;100.0 adherence_min=0.0%;;;0.0;100.0'
	login_assert_first "${LOGIN_DAY_FIRST/3 of 7/3 of 8}"
	end_test

	begin_test "login time so far team"
	login_roster_check login_day login_day.csv --so-far --team afternoon -v
	login_expect 0 'judged=1;;;0 under_target=0;0;2;0;1 adherence_total=120.3%;;;0.0 adherence_min=120.3%;;;0.0'
	assert_output '^  on target: Martín Gutiérrez \(407\), shift 2025-03-12 14:00-22:00, 3h20m of 2h46m so far \(120%\)$'
	end_test

	begin_test "login time verbose lists everyone"
	login_roster_check login_day login_day.csv -v
	login_expect 2 "$LOGIN_DAY_PERFDATA"
	assert_output '^  on target: Camila Ordóñez \(408\), shift 2025-03-11 22:00-06:00, 8h03m of 8h00m \(100%\)$'
	assert_output '^  on target: María Núñez \(403\), shift 2025-03-12 08:00-15:30, 7h40m of 7h00m \(109%\)$'
	assert_output '^  on target: José Peña \(404\), shift 2025-03-12 08:00-15:30, 8h32m of 7h00m \(121%\)$'
	assert_output "login_time of Luis Gómez's sessions adds up to 6h30m, but their login and logout times span 7h30m"
	if printf '%s\n' "$OUT" | grep -q 'Lucía'; then
		fail "Lucía is off but appears"
	fi
	end_test

	begin_test "login time no shift ended"
	login_roster_check login_day login_day.csv --team morning --lookback 12h \
		--now '2025-03-12 07:00:00'
	login_expect 0 'judged=0;;;0 under_target=0;0;2;0;0'
	login_assert_first 'WOLKVOX LOGIN TIME OK - no shift ended in the last 12h'
	end_test

	begin_test "login time shift before report window"
	login_roster_check login_day login_day.csv --team night --now '2025-03-12 01:00:00'
	login_expect 0 'judged=0;;;0 under_target=0;0;2;0;0'
	login_assert_first 'WOLKVOX LOGIN TIME OK - no shift ended in the last 24h'
	assert_output '^1 shift was not judged because it started before the report window \(from 2025-03-11 00:00\)$'
	end_test
}

# -------------------------------------------------------- single-agent mode

login_agent_tests() {
	begin_test "login time agent from roster"
	login_roster_check login_day login_day.csv --agent 401
	login_expect 1 'login_time=22200s;;;0 target=25200s;;;0 adherence=88.0%;90:;75:;0.0;100.0'
	login_assert_first 'WOLKVOX LOGIN TIME WARNING - Ana Pérez 6h10m of 7h00m (88%), shift 2025-03-12 08:00-15:30'
	end_test

	begin_test "login time agent thresholds"
	login_roster_check login_day login_day.csv --agent 401 -w 80: -c 50:
	login_expect 0 'login_time=22200s;;;0 target=25200s;;;0 adherence=88.0%;80:;50:;0.0;100.0'
	end_test

	begin_test "login time agent with shift"
	login_check login_day --agent 405 --shift 09:00-17:00 --days mon-fri --target 7h
	login_expect 1 'login_time=21600s;;;0 target=25200s;;;0 adherence=85.7%;90:;75:;0.0;100.0'
	login_assert_first 'WOLKVOX LOGIN TIME WARNING - VALENTINA IBÁÑEZ 6h00m of 7h00m (85%), shift 2025-03-12 09:00-17:00'
	end_test

	begin_test "login time agent absent is critical"
	login_check login_day --agent 406 --shift 09:00-17:00 --days lun-vie
	login_expect 2 'login_time=0s;;;0 target=28800s;;;0 adherence=0.0%;90:;75:;0.0;100.0'
	login_assert_first 'WOLKVOX LOGIN TIME CRITICAL - 406 0h00m of 8h00m (0%), shift 2025-03-12 09:00-17:00'
	end_test

	begin_test "login time agent so far"
	login_check login_day --agent 407 --shift 14:00-22:00 --days 2025-03-12 --so-far --target 7h
	login_expect 0 'login_time=12000s;;;0 target=9975s;;;0 adherence=120.3%;90:;75:;0.0'
	login_assert_first 'WOLKVOX LOGIN TIME OK - MARTÍN GUTIÉRREZ 3h20m of 2h46m so far (120%), shift 2025-03-12 14:00-22:00'
	end_test

	begin_test "login time agent no shift to judge"
	login_check login_day --agent 407 --shift 14:00-22:00 --days 2025-03-12
	login_expect 0 ''
	login_assert_first 'WOLKVOX LOGIN TIME OK - no shift to judge for agent 407 in the last 24h'
	end_test
}

# ------------------------------------------------------------------- zones

# The same wall-clock data in a zone with daylight saving time gives the
# same result on a day without a change.
login_zone_tests() {
	local zone

	for zone in Europe/Madrid America/Santiago; do
		begin_test "login time roster in $zone"
		login_roster_check login_day login_day.csv --timezone "$zone"
		login_expect 2 "$LOGIN_DAY_PERFDATA"
		login_assert_first "$LOGIN_DAY_FIRST"
		assert_window 20250311000000 20250312235959
		end_test

		begin_test "login time agent in $zone"
		login_check login_day --agent 407 --shift 14:00-22:00 --days 2025-03-12 --so-far \
			--target 7h --timezone "$zone"
		login_expect 0 'login_time=12000s;;;0 target=9975s;;;0 adherence=120.3%;90:;75:;0.0'
		end_test
	done

	# Madrid springs forward during the night of 2025-03-29: 7 hours.
	begin_test "login time night across DST in Madrid"
	login_roster_check login_dst login_night.csv --agent 501 --now '2025-03-30 07:00:00' \
		--timezone Europe/Madrid -v
	login_expect 0 'login_time=25800s;;;0 target=25200s;;;0 adherence=102.3%;90:;75:;0.0'
	login_assert_first 'WOLKVOX LOGIN TIME OK - Elena Ruiz 7h10m of 7h00m (102%), shift 2025-03-29 22:00-06:00'
	assert_window 20250329000000 20250330235959
	assert_output "login_time of Elena Ruiz's sessions adds up to 8h10m, but their login and logout times span 7h10m"
	end_test

	begin_test "login time same night in Bogota"
	login_roster_check login_dst login_night.csv --agent 501 --now '2025-03-30 07:00:00'
	login_expect 0 'login_time=29400s;;;0 target=28800s;;;0 adherence=102.0%;90:;75:;0.0'
	login_assert_first 'WOLKVOX LOGIN TIME OK - Elena Ruiz 8h10m of 8h00m (102%), shift 2025-03-29 22:00-06:00'
	end_test
}

# ---------------------------------------------------------- errors, faults

# login_option_error NAME MESSAGE [options...]: exit 3 with exactly
# "WOLKVOX LOGIN TIME UNKNOWN - MESSAGE" first, and no request.
login_option_error() {
	local name=$1 message=$2
	shift 2

	begin_test "login time option $name"
	login_run "$@"
	assert_exit 3
	[ "$FIRST" = "WOLKVOX LOGIN TIME UNKNOWN - $message" ] ||
		fail "first line '$FIRST', expected 'WOLKVOX LOGIN TIME UNKNOWN - $message'"
	assert_requests 0
	end_test
}

login_error_tests() {
	local url roster=$ROSTERS/login_day.csv

	url=$(scenario_url login_day)

	login_option_error "bad target" \
		"invalid --target '7.5h': decimal numbers are not allowed; combine units, as in 7h30m" \
		-u "$url" --token-file "$TOKEN_FILE" --roster "$roster" --target 7.5h
	login_option_error "target without unit" \
		"invalid --target '450': missing unit after 450; add d, h, m or s, as in 450m" \
		-u "$url" --token-file "$TOKEN_FILE" --roster "$roster" --target 450
	login_option_error "lookback too long" \
		"invalid --lookback '8d': give a duration from 1m to 168h" \
		-u "$url" --token-file "$TOKEN_FILE" --roster "$roster" --lookback 8d
	login_option_error "bad min percent" \
		"invalid --min-percent '90%': give a percentage from 0 to 1000" \
		-u "$url" --token-file "$TOKEN_FILE" --roster "$roster" --min-percent 90%
	login_option_error "bad margin" "invalid --margin '-5': give whole minutes from 0 to 720" \
		-u "$url" --token-file "$TOKEN_FILE" --roster "$roster" --margin -5
	login_option_error "nothing to check" \
		"missing --roster FILE, or --agent ID with --shift HH:MM-HH:MM" \
		-u "$url" --token-file "$TOKEN_FILE"
	login_option_error "shift without agent" "--shift needs --agent ID" \
		-u "$url" --token-file "$TOKEN_FILE" --shift 08:00-17:00
	login_option_error "roster and shift" "give either --roster or --shift, not both" \
		-u "$url" --token-file "$TOKEN_FILE" --roster "$roster" --agent 401 --shift 08:00-17:00
	login_option_error "days without shift" "--days needs --shift HH:MM-HH:MM" \
		-u "$url" --token-file "$TOKEN_FILE" --roster "$roster" --days mon-fri
	login_option_error "bad shift" \
		"invalid --shift '8-17': expected HH:MM-HH:MM, as in 08:00-17:00" \
		-u "$url" --token-file "$TOKEN_FILE" --agent 401 --shift 8-17 --now "$LOGIN_NOW"
	login_option_error "bad days" \
		"invalid --days 'funday': unknown day name \"funday\"; expected mon..sun or lun..dom" \
		-u "$url" --token-file "$TOKEN_FILE" --agent 401 --shift 08:00-17:00 --days funday \
		--now "$LOGIN_NOW"
	login_option_error "agent not in roster" \
		"agent 999 has no row in the roster $roster (matched on its agent_id column)" \
		-u "$url" --token-file "$TOKEN_FILE" --roster "$roster" --agent 999 --now "$LOGIN_NOW"

	begin_test "login time help"
	login_run --help
	assert_exit 3
	assert_output '--so-far'
	assert_output 'check_wolkvox_login_time -H 0010'
	end_test

	begin_test "login time api failure is unknown"
	login_run -u "$(fault_url 500)" --token-file "$TOKEN_FILE" --no-cache --roster "$roster" \
		--now "$LOGIN_NOW"
	login_expect 3 -
	login_assert_first 'WOLKVOX LOGIN TIME UNKNOWN - API request failed: HTTP 500: AN UNEXPECTED ERROR OCCURRED, TRY AGAIN LATER'
	end_test

	begin_test "login time api-error-state critical"
	login_run -u "$(fault_url 403-quota)" --token-file "$TOKEN_FILE" --no-cache \
		--roster "$roster" --now "$LOGIN_NOW" --api-error-state critical
	login_expect 2 -
	assert_first_line 'API request failed: HTTP 403'
	end_test

	begin_test "login time agent api-error-state warning"
	login_run -u "$(fault_url 500)" --token-file "$TOKEN_FILE" --no-cache --agent 401 \
		--shift 08:00-15:30 --now "$LOGIN_NOW" --api-error-state warning
	login_expect 1 -
	end_test

	begin_test "login time timeout"
	login_run -u "$(fault_url stall-headers)" --token-file "$TOKEN_FILE" --no-cache \
		--roster "$roster" --now "$LOGIN_NOW" -t 2
	login_expect 3 -
	assert_faster_than 3
	assert_first_line '[Tt]ime'
	end_test
}

login_time_tests() {
	if [ ! -x "$LOGIN_PLUGIN" ]; then
		begin_test "login time plugin built"
		fail "$LOGIN_PLUGIN is missing; run make"
		end_test
		return
	fi

	login_roster_tests
	login_agent_tests
	login_zone_tests
	login_error_tests
}

# Run alone: the harness of run.sh, with only this suite.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -u
	# shellcheck source=tests/integration/lib.sh
	. "$(dirname "$0")/lib.sh"
	LOGIN_PLUGIN=$BUILD/check_wolkvox_login_time

	harness_init
	if [ ! -x "$FAKE" ]; then
		echo "Bail out! build $FAKE first (make)"
		exit 1
	fi
	fake_start api --token-file "$TOKEN_FILE" --scenario-dir "$SCENARIOS"
	api_use "http://127.0.0.1:$FAKE_PORT"

	login_time_tests
	summary_print
fi
