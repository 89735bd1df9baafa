#!/usr/bin/env bash
# Integration tests: check_wolkvox_shift against the fake wolkvox API on
# loopback. Run by `make integration` (BUILD=build in the environment).
# Prints "ok - NAME" or "not ok - NAME: reasons" per test and a closing
# "N passed, N failed" line. Exits non-zero when a test failed.

set -u

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/cache.sh
. "$(dirname "$0")/cache.sh"
# shellcheck source=tests/integration/login_time.sh
. "$(dirname "$0")/login_time.sh"
# shellcheck source=tests/integration/i18n.sh
. "$(dirname "$0")/i18n.sh"
# shellcheck source=tests/integration/matrix.sh
. "$(dirname "$0")/matrix.sh"

# Most tests evaluate at this fixed time, so the request window is
# 2025-03-11 00:00:00 to 2025-03-12 23:59:59.
NOW='2025-03-12 11:00:00'
WINDOW_INI=20250311000000
WINDOW_END=20250312235959

# Perfdata of the "default" scenario with the default thresholds.
DEFAULT_PERFDATA='scheduled=7;;;0 present=4;;;0;7 late=1;;;0;7 absent=3;0;2;0;7'
DAY_ALL_ABSENT='scheduled=3;;;0 present=0;;;0;3 late=0;;;0;3 absent=3;0;2;0;3'
NO_SHIFT_DUE='scheduled=0;;;0 present=0;;;0;0 late=0;;;0;0 absent=0;0;2;0;0'

# check URL ROSTER [options...]: the plugin as a monitoring core runs it,
# with the token file and the fixed time.
check() {
	local url=$1 roster=$2
	shift 2
	run_plugin -u "$url" --roster "$ROSTERS/$roster" --token-file "$TOKEN_FILE" \
		--now "$NOW" "$@"
}

# expect EXIT PERFDATA: expect_result for a run at $NOW, and its window.
expect() {
	expect_result "$1" "$2"
	assert_window "$WINDOW_INI" "$WINDOW_END"
}

# ---------------------------------------------------------------- fake API

fake_self_tests() {
	local query='api=agent_7&date_ini=20250311000000&date_end=20250312235959'
	local url body

	url="$(api_url '')?$query"

	begin_test "fake api rejects a missing token"
	body=$(curl -s --max-time 5 -w ' %{http_code}' "$url")
	[ "$body" = '{"code":401,"error":"UNAUTHORIZED","msg":"PLEASE ENTER THE WOLKVOX-TOKEN","data":null} 401' ] ||
		fail "answer: $body"
	end_test

	begin_test "fake api rejects a wrong token"
	body=$(curl -s --max-time 5 -w ' %{http_code}' -H 'wolkvox-token: wrong' "$url")
	[ "$body" = '{"code":403,"error":"FORBIDDEN","msg":"PLEASE VALIDATE TOKEN","data":null} 403' ] ||
		fail "answer: $body"
	end_test

	begin_test "fake api checks report and dates"
	body=$(curl -s --max-time 5 -w ' %{http_code}' -H "wolkvox-token: $TOKEN" \
		"$(api_url '')?api=agent_8&date_ini=20250311000000&date_end=20250312235959")
	case $body in
	*'THE API YOU WANT TO CONSULT DOES NOT EXIST'*' 400') ;;
	*) fail "unknown report answered: $body" ;;
	esac
	body=$(curl -s --max-time 5 -w ' %{http_code}' -H "wolkvox-token: $TOKEN" \
		"$(api_url '')?api=agent_7&date_ini=2025031100&date_end=20250312235959")
	case $body in
	*'SOME PARAMETERS ARE REQUIRED'*' 400') ;;
	*) fail "short date_ini answered: $body" ;;
	esac
	end_test

	begin_test "fake api serves the default scenario"
	curl -s --max-time 5 -o "$WORK/default.json" -H "wolkvox-token: $TOKEN" \
		-H 'wolkvox_server: 0010' "$url"
	cmp -s "$WORK/default.json" "$SCENARIOS/default.json" || fail "body differs from default.json"
	stats_get
	[ "$(stats_field requests)" = 1 ] || fail "stats: $STATS"
	[ "$(stats_field last_query)" = "$query" ] || fail "last_query: $(stats_field last_query)"
	[ "$(stats_field last_server_header)" = 0010 ] || fail "stats: $STATS"
	[ "$(stats_field last_token_header_present)" = true ] || fail "stats: $STATS"
	case $STATS in
	*"$TOKEN"*) fail "/_stats shows the token" ;;
	esac
	end_test

	begin_test "fake api rejects bad scenario names"
	body=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -H "wolkvox-token: $TOKEN" \
		"$(api_url /s/bad.name)?$query")
	[ "$body" = 404 ] || fail "/s/bad.name answered $body"
	body=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -H "wolkvox-token: $TOKEN" \
		"$(api_url /s/missing_scenario)?$query")
	[ "$body" = 404 ] || fail "/s/missing_scenario answered $body"
	end_test

	begin_test "fake api gzip and chunked bodies"
	curl -s --max-time 5 --compressed -o "$WORK/gzip.json" -H "wolkvox-token: $TOKEN" \
		"$(fault_url gzip)?$query"
	cmp -s "$WORK/gzip.json" "$SCENARIOS/default.json" || fail "gzip body differs"
	curl -s --max-time 5 -D "$WORK/chunked.headers" -o "$WORK/chunked.json" \
		-H "wolkvox-token: $TOKEN" "$(fault_url chunked)?$query"
	cmp -s "$WORK/chunked.json" "$SCENARIOS/default.json" || fail "chunked body differs"
	grep -qi '^transfer-encoding: chunked' "$WORK/chunked.headers" || fail "not chunked"
	end_test

	begin_test "fake api huge body is valid JSON"
	curl -s --max-time 10 -o "$WORK/huge.json" -H "wolkvox-token: $TOKEN" \
		"$(fault_url huge-1)?$query"
	[ "$(stat -c %s "$WORK/huge.json")" -gt 1048576 ] || fail "huge-1 is not over 1 MiB"
	jq -e '.data | length > 1000' "$WORK/huge.json" >/dev/null 2>&1 || fail "huge-1 is not a report"
	rm -f "$WORK/huge.json"
	end_test

	begin_test "fake api third simultaneous request"
	stall_start 2 || fail "two stalled requests are not both in flight"
	body=$(curl -s --max-time 5 -w ' %{http_code}' -H "wolkvox-token: $TOKEN" "$url")
	case $body in
	*'EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2)'*' 403') ;;
	*) fail "third request answered: $body" ;;
	esac
	stats_get
	[ "$(stats_field max_concurrent_per_token)" = 3 ] || fail "stats: $STATS"
	stall_stop
	wait_idle || fail "stalled requests did not end when their clients closed"
	end_test

	begin_test "fake api rejects non-loopback bind"
	"$FAKE" --port-file "$WORK/refused.port" --bind 0.0.0.0 2>"$WORK/refused.log"
	[ $? = 2 ] || fail "--bind 0.0.0.0 did not exit 2"
	[ ! -e "$WORK/refused.port" ] || fail "--bind 0.0.0.0 wrote a port file"
	end_test
}

# ------------------------------------------------------------- scenarios

scenario_tests() {
	begin_test "shift agents on time"
	check "$(scenario_url on_time)" day.csv
	expect 0 'scheduled=3;;;0 present=3;;;0;3 late=0;;;0;3 absent=0;0;2;0;3'
	assert_first_line 'all 3 scheduled agents present'
	assert_window "$WINDOW_INI" "$WINDOW_END"
	end_test

	begin_test "shift late logins"
	check "$(scenario_url late)" day.csv
	expect 0 'scheduled=3;;;0 present=3;;;0;3 late=2;;;0;3 absent=0;0;2;0;3'
	assert_first_line '2 late'
	end_test

	begin_test "shift grace covers late logins"
	check "$(scenario_url late)" day.csv --grace 45
	expect 0 'scheduled=3;;;0 present=3;;;0;3 late=0;;;0;3 absent=0;0;2;0;3'
	end_test

	begin_test "shift absent agents"
	check "$(scenario_url absent)" day.csv
	expect 1 'scheduled=3;;;0 present=1;;;0;3 late=0;;;0;3 absent=2;0;2;0;3'
	assert_first_line '2 of 3 agents absent'
	assert_first_line 'Luis Gómez'
	assert_first_line 'María Núñez'
	assert_first_line_lacks 'Ana Pérez'
	end_test

	begin_test "shift logged out before start"
	check "$(scenario_url logged_out_before)" day.csv
	expect 1 'scheduled=3;;;0 present=2;;;0;3 late=0;;;0;3 absent=1;0;2;0;3'
	assert_first_line '1 of 3 agents absent \(Ana Pérez\)'
	end_test

	begin_test "shift several sessions"
	check "$(scenario_url several_sessions)" day.csv
	expect 0 'scheduled=3;;;0 present=3;;;0;3 late=1;;;0;3 absent=0;0;2;0;3'
	assert_first_line 'Luis Gómez'
	end_test

	begin_test "shift agent not in roster"
	check "$(scenario_url not_in_roster)" day.csv
	expect 0 'scheduled=3;;;0 present=3;;;0;3 late=0;;;0;3 absent=0;0;2;0;3'
	assert_first_line_lacks 'EXTRAÑO|Extraño|555'
	end_test

	begin_test "shift vendor empty record"
	check "$(scenario_url empty_record)" day.csv
	expect 0 'scheduled=3;;;0 present=3;;;0;3 late=0;;;0;3 absent=0;0;2;0;3'
	end_test

	begin_test "shift data is one object"
	check "$(scenario_url object_data)" day.csv
	expect 1 'scheduled=3;;;0 present=1;;;0;3 late=0;;;0;3 absent=2;0;2;0;3'
	end_test

	begin_test "shift empty report"
	check "$(scenario_url empty_data)" day.csv
	expect 2 "$DAY_ALL_ABSENT"
	assert_first_line '3 of 3 agents absent'
	end_test

	begin_test "shift data null"
	check "$(scenario_url null_data)" day.csv
	expect 2 "$DAY_ALL_ABSENT"
	end_test

	begin_test "shift 404 means no rows"
	check "$(fault_url 404)" day.csv
	expect 2 "$DAY_ALL_ABSENT"
	end_test

	begin_test "shift default scenario"
	check "$(api_url '')" default.csv
	expect 2 "$DEFAULT_PERFDATA"
	assert_first_line '3 of 7 agents absent'
	assert_first_line 'María Núñez'
	assert_first_line 'José María Peña'
	assert_first_line 'Lucía Fernández'
	end_test
}

overnight_tests() {
	local perfdata='scheduled=3;;;0 present=2;;;0;3 late=1;;;0;3 absent=1;0;2;0;3'

	begin_test "overnight before midnight"
	run_plugin -u "$(scenario_url overnight)" --roster "$ROSTERS/overnight.csv" \
		--token-file "$TOKEN_FILE" --now '2025-03-11 23:30:00'
	expect_result 1 "$perfdata"
	assert_first_line '1 of 3 agents absent \(Camila Ordóñez\), 1 late \(Andrés Muñoz\)'
	assert_window 20250310000000 20250311235959
	end_test

	begin_test "overnight after midnight"
	run_plugin -u "$(scenario_url overnight)" --roster "$ROSTERS/overnight.csv" \
		--token-file "$TOKEN_FILE" --now '2025-03-12 02:00:00'
	expect_result 1 "$perfdata"
	assert_first_line '1 of 3 agents absent \(Camila Ordóñez\), 1 late \(Andrés Muñoz\)'
	assert_window 20250311000000 20250312235959
	end_test

	begin_test "overnight within grace"
	run_plugin -u "$(scenario_url overnight)" --roster "$ROSTERS/overnight.csv" \
		--token-file "$TOKEN_FILE" --now '2025-03-11 22:04:00'
	expect_result 0 "$NO_SHIFT_DUE"
	assert_first_line 'no shift due'
	assert_window 20250310000000 20250311235959
	end_test

	begin_test "overnight no shift at noon"
	run_plugin -u "$(scenario_url overnight)" --roster "$ROSTERS/overnight.csv" \
		--token-file "$TOKEN_FILE" --now '2025-03-12 12:00:00'
	expect_result 0 "$NO_SHIFT_DUE"
	assert_first_line 'no shift due'
	assert_window 20250311000000 20250312235959
	end_test
}

threshold_tests() {
	begin_test "thresholds raise to critical"
	check "$(scenario_url absent)" day.csv -w 0 -c 1
	expect 2 'scheduled=3;;;0 present=1;;;0;3 late=0;;;0;3 absent=2;0;1;0;3'
	end_test

	begin_test "thresholds lower to ok"
	check "$(scenario_url absent)" day.csv -w 2 -c 3
	expect 0 'scheduled=3;;;0 present=1;;;0;3 late=0;;;0;3 absent=2;2;3;0;3'
	assert_first_line '2 of 3 agents absent'
	end_test

	begin_test "thresholds inside ranges"
	check "$(scenario_url absent)" day.csv -w @1:1 -c @2:
	expect 2 'scheduled=3;;;0 present=1;;;0;3 late=0;;;0;3 absent=2;@1:1;@2:;0;3'
	end_test
}

# ---------------------------------------------------------------- faults

# api_fault_test FAULT KEYWORD: the fault ends UNKNOWN with one request and
# a summary matching KEYWORD.
api_fault_test() {
	begin_test "fault $1 is unknown"
	check "$(fault_url "$1")" default.csv
	expect 3 -
	assert_first_line "$2"
	end_test
}

fault_tests() {
	api_fault_test 400 '400'
	api_fault_test 401 '401'
	api_fault_test 403-quota '403'
	api_fault_test 403-simultaneous '403'
	api_fault_test 403-token '403'
	api_fault_test 403-maintenance '403'
	api_fault_test 500 '500'
	api_fault_test 503-html '503'
	api_fault_test html-200 'API request failed'
	api_fault_test empty-200 'API request failed'
	api_fault_test code-500 '500'
	api_fault_test redirect '302|redirect'
	api_fault_test cut-short 'API request failed'
	api_fault_test huge '[Ll]arge|[Ss]ize|[Ee]xceed|[Ll]imit'

	begin_test "fault 404 page on a wrong path"
	check "$API_BASE/api/v2/reports_manger.php" default.csv
	expect 3 -
	end_test

	begin_test "fault body over max-body-size"
	check "$(api_url '')" default.csv --max-body-size 1k
	expect 3 -
	end_test

	begin_test "fault api-error-state critical"
	check "$(fault_url 500)" default.csv --api-error-state critical
	expect 2 -
	assert_first_line '500'
	end_test

	begin_test "fault api-error-state warning"
	check "$(fault_url 403-quota)" default.csv --api-error-state warning
	expect 1 -
	end_test

	begin_test "fault gzip gives normal result"
	check "$(fault_url gzip)" default.csv
	expect 2 "$DEFAULT_PERFDATA"
	end_test

	begin_test "fault chunked gives normal result"
	check "$(fault_url chunked)" default.csv
	expect 2 "$DEFAULT_PERFDATA"
	end_test

	begin_test "fault connection refused"
	check "http://127.0.0.1:1/api/v2/reports_manager.php" default.csv -t 2
	assert_exit 3
	assert_state UNKNOWN
	assert_well_formed
	assert_faster_than 3
	assert_requests 0
	end_test

	begin_test "real simultaneous limit is unknown"
	simultaneous_limit_test
	end_test
}

# Two stalled requests hold both of the token's slots, so the plugin's
# request is the third.
simultaneous_limit_test() {
	stall_start 2 || fail "two stalled requests are not both in flight"
	stats_reset

	check "$(api_url '')" default.csv
	assert_exit 3
	assert_state UNKNOWN
	assert_well_formed
	assert_first_line 'SIMULTANEOUS'
	stats_get
	[ "$(stats_field requests)" = 1 ] || fail "the fake API received $(stats_field requests) requests, expected 1"

	stall_stop
}

# timeout_test FAULT: -t 2 ends the run UNKNOWN within three seconds.
timeout_test() {
	begin_test "timeout $1 within -t 2"
	check "$(fault_url "$1")" default.csv -t 2
	expect 3 -
	assert_faster_than 3
	assert_first_line '[Tt]ime'
	end_test
}

timeout_tests() {
	timeout_test stall-headers
	timeout_test stall-body
	timeout_test trickle

	begin_test "timeout with api-error-state critical"
	check "$(fault_url stall-headers)" default.csv -t 2 --api-error-state critical
	expect 2 -
	assert_faster_than 3
	end_test
}

# ----------------------------------------------------------------- token

token_tests() {
	local empty_file=$WORK/empty-token wrong_file=$WORK/wrong-token

	: >"$empty_file"
	chmod 600 "$empty_file"
	(umask 077 && echo "wrong-$TOKEN-wrong" >"$wrong_file")

	begin_test "token from environment"
	PLUGIN_ENV=("WOLKVOX_TOKEN=$TOKEN")
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --now "$NOW"
	expect 2 "$DEFAULT_PERFDATA"
	stats_get
	[ "$(stats_field last_token_header_present)" = true ] || fail "no token header: $STATS"
	end_test

	begin_test "token missing"
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --now "$NOW"
	assert_exit 3
	assert_state UNKNOWN
	assert_well_formed
	assert_first_line '[Tt]oken'
	assert_requests 0
	end_test

	begin_test "token file empty"
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --now "$NOW" \
		--token-file "$empty_file"
	assert_exit 3
	assert_state UNKNOWN
	assert_first_line '[Tt]oken'
	assert_requests 0
	end_test

	begin_test "token file missing"
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --now "$NOW" \
		--token-file "$WORK/no-such-token"
	assert_exit 3
	assert_state UNKNOWN
	assert_first_line 'no-such-token'
	assert_requests 0
	end_test

	begin_test "token wrong is unknown"
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --now "$NOW" \
		--token-file "$wrong_file"
	expect 3 -
	assert_first_line '403'
	end_test

	begin_test "token file readable by others"
	cp "$TOKEN_FILE" "$WORK/open-token"
	chmod 644 "$WORK/open-token"
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --now "$NOW" \
		--token-file "$WORK/open-token"
	expect 2 "$DEFAULT_PERFDATA"
	assert_output '0600'
	rm -f "$WORK/open-token"
	end_test

	begin_test "token hidden at -vvv"
	check "$(api_url '')" default.csv -vvv
	expect 2 "$DEFAULT_PERFDATA"
	assert_not_leaked "$TOKEN"
	[ -n "$ERR" ] || fail "-vvv wrote nothing to stderr"
	end_test

	begin_test "token hidden at -vvv on errors"
	check "$(fault_url 403-token)" default.csv -vvv
	expect 3 -
	assert_not_leaked "$TOKEN"
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --now "$NOW" \
		--token-file "$wrong_file" -vvv
	assert_not_leaked "wrong-$TOKEN-wrong"
	check "$(fault_url stall-headers)" default.csv -vvv -t 1
	assert_not_leaked "$TOKEN"
	end_test
}

# --------------------------------------------------------------- options

# option_error_test NAME REGEX [plugin arguments...]: exit 3, REGEX on
# stdout, no request.
# json_check JSON FILTER: the jq filter must yield true for the JSON text.
json_check() {
	if ! printf '%s' "$1" | jq -e "$2" >/dev/null 2>&1; then
		fail "JSON does not satisfy $2: $(printf '%s' "$1" | head -c 300)"
	fi
}

option_error_test() {
	local name=$1 regex=$2
	shift 2

	begin_test "option $name"
	run_plugin "$@"
	assert_exit 3
	assert_output "$regex"
	assert_requests 0
	end_test
}

option_tests() {
	local url roster=$ROSTERS/default.csv

	url=$(api_url '')

	option_error_test "unknown option" '[Uu]sage' -u "$url" --roster "$roster" \
		--token-file "$TOKEN_FILE" --bogus
	option_error_test "bad warning range" '10abc' -u "$url" --roster "$roster" \
		--token-file "$TOKEN_FILE" -w 10abc
	option_error_test "bad critical range" '20:10' -u "$url" --roster "$roster" \
		--token-file "$TOKEN_FILE" -c 20:10
	option_error_test "bad now" 'yesterday' -u "$url" --roster "$roster" \
		--token-file "$TOKEN_FILE" --now yesterday
	option_error_test "impossible now date" '2025-02-30' -u "$url" --roster "$roster" \
		--token-file "$TOKEN_FILE" --now '2025-02-30 10:00:00'
	option_error_test "unknown time zone" 'Mars/Olympus' -u "$url" --roster "$roster" \
		--token-file "$TOKEN_FILE" --now "$NOW" --timezone Mars/Olympus
	option_error_test "missing roster file" 'no-such-roster\.csv' -u "$url" \
		--roster "$WORK/no-such-roster.csv" --token-file "$TOKEN_FILE" --now "$NOW"
	option_error_test "roster bad line" 'bad_line\.csv:3' -u "$url" \
		--roster "$ROSTERS/bad_line.csv" --token-file "$TOKEN_FILE" --now "$NOW"
	option_error_test "no roster" 'roster' -u "$url" --token-file "$TOKEN_FILE"
	option_error_test "no endpoint" '-H|-u' --roster "$roster" --token-file "$TOKEN_FILE" \
		--now "$NOW"
	option_error_test "server and url" 'both' -H 0010 -u "$url" --roster "$roster" \
		--token-file "$TOKEN_FILE" --now "$NOW"
	option_error_test "bad timeout" "'abc'" -u "$url" --roster "$roster" \
		--token-file "$TOKEN_FILE" -t abc
	option_error_test "bad api-error-state" 'maybe' -u "$url" --roster "$roster" \
		--token-file "$TOKEN_FILE" --api-error-state maybe
	option_error_test "url not http" 'ftp://' -u "ftp://127.0.0.1:1/x" \
		--roster "$roster" --token-file "$TOKEN_FILE" --now "$NOW"
	option_error_test "bad server name" 'bad/server' -H 'bad/server' --roster "$roster" \
		--token-file "$TOKEN_FILE" --now "$NOW"
	option_error_test "help" '--roster' --help
	option_error_test "version" 'check_wolkvox_shift v[0-9]' -V

	begin_test "option team filters roster"
	check "$url" default.csv --team early
	expect 0 'scheduled=1;;;0 present=1;;;0;1 late=0;;;0;1 absent=0;0;2;0;1'
	end_test

	begin_test "option spanish locale"
	PLUGIN_ENV=(LANG=es_CO.UTF-8 LC_ALL=es_CO.UTF-8)
	check "$url" default.csv
	expect 2 "$DEFAULT_PERFDATA"
	end_test

	begin_test "option team typo is unknown"
	check "$url" default.csv --team Early
	assert_exit 3
	assert_state UNKNOWN
	assert_first_line "no roster row has team 'Early'"
	assert_first_line "'early'"
	assert_requests 0
	end_test

	begin_test "option format json"
	check "$url" default.csv --format json
	assert_exit 2
	json_check "$OUT" '.service == "WOLKVOX SHIFT" and .state == "CRITICAL" and .exit_code == 2'
	json_check "$OUT" '.perfdata.absent.value == 3 and .perfdata.absent.warn == "0" and .perfdata.absent.crit == "2" and .perfdata.absent.max == 7'
	json_check "$OUT" '.perfdata.scheduled.value == 7 and (.perfdata | has("api_time")) and (.long_output | length) >= 4'
	json_check "$OUT" '.summary | startswith("3 of 7 agents absent (")'
	end_test

	begin_test "option format json api failure"
	run_plugin -u "$(api_url /fault/500)" --roster "$roster" --token-file "$TOKEN_FILE" \
		--now "$NOW" --format json
	assert_exit 3
	json_check "$OUT" '.state == "UNKNOWN" and .exit_code == 3 and (.summary | test("HTTP 500"))'
	end_test

	begin_test "option format json usage error"
	run_plugin -u "$url" --roster "$ROSTERS/no-such.csv" --token-file "$TOKEN_FILE" \
		--now "$NOW" --format json
	assert_exit 3
	json_check "$OUT" '.state == "UNKNOWN" and (.summary | test("no-such.csv"))'
	assert_requests 0
	end_test

	begin_test "option discovery agents"
	run_plugin --roster "$roster" --discovery agents
	assert_exit 0
	json_check "$OUT" 'type == "array" and length > 0 and (.[0] | has("{#AGENT.ID}") and has("{#AGENT.NAME}") and has("{#TEAM}"))'
	json_check "$OUT" '[.[]."{#AGENT.ID}"] | length == (unique | length)'
	assert_requests 0
	end_test

	begin_test "option discovery teams"
	run_plugin --roster "$roster" --discovery teams
	assert_exit 0
	json_check "$OUT" 'type == "array" and ([.[]."{#TEAM}"] | index("early")) != null'
	assert_requests 0
	end_test

	option_error_test "bad discovery kind" "'people'" --roster "$roster" --discovery people
	option_error_test "bad format" "'xml'" -u "$url" --roster "$roster" \
		--token-file "$TOKEN_FILE" --format xml
	option_error_test "bad language" "'e s'" -u "$url" --roster "$roster" \
		--token-file "$TOKEN_FILE" --language 'e s'

	begin_test "unreadable timestamps are unknown"
	check "$(scenario_url iso_logins)" day.csv
	assert_exit 3
	assert_state UNKNOWN
	assert_first_line '3 of 3 report records could not be read'
	assert_first_line_lacks 'absent'
	end_test

	begin_test "empty object is unknown"
	check "$(scenario_url empty_object)" day.csv
	assert_exit 3
	assert_state UNKNOWN
	assert_first_line 'neither "code" nor "data"'
	end_test

	begin_test "option dni roster against report without dni"
	printf 'agent_dni,name,days,start,end\n9001,Ana,*,08:00,17:00\n' >"$WORK/dni.csv"
	run_plugin -u "$(api_url /s/no_dni)" --roster "$WORK/dni.csv" --token-file "$TOKEN_FILE" \
		--now "$NOW"
	assert_exit 3
	assert_first_line 'agent_dni'
	end_test

	begin_test "option url with its own query"
	check "$url?tenant=demo" default.csv
	expect 2 "$DEFAULT_PERFDATA"
	stats_get
	case $(stats_field last_query) in
	tenant=demo\&api=agent_7\&*) ;;
	*) fail "last_query: $(stats_field last_query)" ;;
	esac
	end_test
}

# ------------------------------------------------------------------- TLS

tls_tests() {
	local plain_base=$API_BASE tls_url

	if ! openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
		-addext subjectAltName=IP:127.0.0.1 -keyout "$WORK/key.pem" \
		-out "$WORK/cert.pem" >/dev/null 2>&1; then
		begin_test "tls certificate generated"
		fail "openssl could not generate a certificate"
		end_test
		return
	fi

	fake_start tls --token-file "$TOKEN_FILE" --scenario-dir "$SCENARIOS" \
		--tls-cert "$WORK/cert.pem" --tls-key "$WORK/key.pem"
	api_use "https://127.0.0.1:$FAKE_PORT" --cacert "$WORK/cert.pem"
	tls_url=$(api_url '')

	begin_test "tls with cacert"
	check "$tls_url" default.csv --cacert "$WORK/cert.pem"
	expect 2 "$DEFAULT_PERFDATA"
	end_test

	begin_test "tls untrusted certificate"
	check "$tls_url" default.csv
	assert_exit 3
	assert_state UNKNOWN
	assert_well_formed
	assert_requests 0
	end_test

	begin_test "tls insecure"
	check "$tls_url" default.csv --insecure
	expect 2 "$DEFAULT_PERFDATA"
	end_test

	api_use "$plain_base"
}

main() {
	local missing=

	harness_init

	for tool in curl jq openssl iconv; do
		command -v "$tool" >/dev/null || missing="$missing $tool"
	done
	if [ -n "$missing" ]; then
		echo "Bail out! missing tools:$missing"
		exit 1
	fi
	if [ ! -x "$FAKE" ] || [ ! -x "$PLUGIN" ]; then
		echo "Bail out! build $FAKE and $PLUGIN first (make)"
		exit 1
	fi

	fake_start api --token-file "$TOKEN_FILE" --scenario-dir "$SCENARIOS"
	api_use "http://127.0.0.1:$FAKE_PORT"

	fake_self_tests
	scenario_tests
	overnight_tests
	threshold_tests
	fault_tests
	timeout_tests
	token_tests
	option_tests
	login_time_tests
	i18n_tests
	matrix_tests
	tls_tests
	cache_tests

	summary_print
}

main "$@"
