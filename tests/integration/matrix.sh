# The fault matrix: one test per kind of broken input or environment, each
# asserting the exit code, one well-formed status line and the message.
# Sourced by run.sh. The bodies are written at run time into the scenario
# directory of a second fake API, so large and malformed bodies need no
# committed files.

# A record of the day team that is logged in since 07:50 (on time).
MATRIX_ANA='{"agent_name":"ANA PÉREZ","agent_id":"101","agent_dni":"52000101","date":"2025-03-12","login":"2025-03-12 07:50:00","logout":"","login_time":""}'
MATRIX_MARIA='{"agent_name":"MARÍA NÚÑEZ","agent_id":"103","agent_dni":"52000103","date":"2025-03-12","login":"2025-03-12 07:55:00","logout":"","login_time":""}'

matrix_write() {
	printf '%s' "$2" >"$MATRIX_DIR/$1.json"
}

matrix_bodies() {
	local name

	matrix_write top_array '[]'
	matrix_write top_null 'null'
	matrix_write top_text '"text"'
	matrix_write trailing_garbage "{\"code\":200,\"data\":[$MATRIX_ANA]} garbage"
	matrix_write trailing_comma "{\"code\":200,\"data\":[$MATRIX_ANA,]}"
	matrix_write nan_value '{"code":200,"data":[{"agent_id":"101","login":"2025-03-12 07:50:00","logout":"","login_time":NaN}]}'
	printf '\xef\xbb\xbf{"code":200,"data":[]}' >"$MATRIX_DIR/bom.json"
	printf '{"code":200,"data":[{"agent_name":"ANA P\xc9REZ","agent_id":"101","login":"2025-03-12 07:50:00","logout":""}]}' \
		>"$MATRIX_DIR/invalid_utf8_name.json"
	{
		printf '{"code":200,"data":'
		head -c 10000 /dev/zero | tr '\0' '['
		head -c 10000 /dev/zero | tr '\0' ']'
		printf '}'
	} >"$MATRIX_DIR/deep_nesting.json"
	matrix_write numbers_for_strings '{"code":200,"data":[{"agent_name":"ANA","agent_id":101,"agent_dni":52000101,"date":"2025-03-12","login":"2025-03-12 07:50:00","logout":"","login_time":0}]}'
	matrix_write object_for_string '{"code":200,"data":[{"agent_name":{"first":"ANA"},"agent_id":"101","login":"2025-03-12 07:50:00","logout":""},'"$MATRIX_MARIA"']}'
	{
		printf '{"code":200,"data":[{"agent_name":"'
		head -c 10485760 /dev/zero | tr '\0' 'x'
		printf '","agent_id":"101","login":"2025-03-12 07:50:00","logout":""}]}'
	} >"$MATRIX_DIR/ten_megabyte_name.json"
	awk -v ana="$MATRIX_ANA" 'BEGIN {
		printf "{\"code\":200,\"data\":[%s", ana
		for (i = 1; i < 60000; i++)
			printf ",{\"agent_name\":\"AGENTE %d\",\"agent_id\":\"%d\",\"agent_dni\":\"%d\",\"date\":\"2025-03-12\",\"login\":\"2025-03-12 07:%02d:00\",\"logout\":\"2025-03-12 10:%02d:00\",\"login_time\":\"3:00:00\"}", i, 900000 + i, 800000 + i, i % 60, i % 60
		printf "]}"
	}' >"$MATRIX_DIR/sixty_thousand.json"
	matrix_write duplicated "{\"code\":200,\"data\":[$MATRIX_ANA,$MATRIX_ANA,$MATRIX_MARIA,$MATRIX_MARIA]}"
	matrix_write malformed_timestamp "{\"code\":200,\"data\":[$MATRIX_ANA,{\"agent_id\":\"102\",\"login\":\"12/03/2025 08:00\",\"logout\":\"\"},$MATRIX_MARIA]}"
	matrix_write future_login "{\"code\":200,\"data\":[$MATRIX_ANA,{\"agent_id\":\"102\",\"login\":\"2025-03-13 08:00:00\",\"logout\":\"\"},$MATRIX_MARIA]}"
	matrix_write logout_before_login "{\"code\":200,\"data\":[$MATRIX_ANA,{\"agent_id\":\"102\",\"login\":\"2025-03-12 08:00:00\",\"logout\":\"2025-03-12 07:00:00\"},$MATRIX_MARIA]}"
	matrix_write code_string_500 '{"code":"500","error":"INTERNAL ERROR","msg":"try later","data":null}'
	for name in top_array top_null; do
		[ -s "$MATRIX_DIR/$name.json" ] || echo "# matrix body $name was not written"
	done
}

# matrix_case NAME SCENARIO EXIT REGEX [options...]: one matrix row.
matrix_case() {
	local name=$1 scenario=$2 code=$3 regex=$4
	shift 4

	begin_test "matrix $name"
	check "$(scenario_url "$scenario")" day.csv --no-cache "$@"
	assert_exit "$code"
	assert_state "$(state_name "$code")"
	assert_well_formed
	assert_output "$regex"
	assert_requests 1
	end_test
}

matrix_signal_test() {
	local pid start end

	begin_test "matrix sigterm during the request"
	start=$(date +%s.%N)
	env -i PATH="$PLUGIN_PATH" "$PLUGIN" -u "$(api_url /fault/stall-headers)" \
		--roster "$ROSTERS/day.csv" --token-file "$TOKEN_FILE" --now "$NOW" --no-cache -t 20 \
		>"$WORK/out" 2>"$WORK/err" &
	pid=$!
	sleep 1
	kill -TERM "$pid"
	wait "$pid"
	RC=$?
	end=$(date +%s.%N)
	OUT=$(cat "$WORK/out")
	FIRST=$(head -n 1 "$WORK/out")
	COMMAND="check_wolkvox_shift (SIGTERM after 1 s)"
	assert_exit 3
	assert_state UNKNOWN
	assert_well_formed
	assert_first_line 'signal'
	awk -v s="$start" -v e="$end" 'BEGIN { exit !(e - s < 3) }' || fail "took more than 3 s"
	end_test
}

# The name must fail to resolve without any query leaving the machine: a
# private mount namespace gives the plugin a resolv.conf that names only
# 127.0.0.1, where nothing listens on port 53.
matrix_resolve_test() {
	begin_test "matrix name that does not resolve"
	printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$WORK/resolv.conf"
	COMMAND="check_wolkvox_shift -u http://wolkvox-test.invalid/..."
	unshare -m sh -c 'mount --bind "$1" /etc/resolv.conf && shift && exec "$@"' sh \
		"$WORK/resolv.conf" env -i PATH="$PLUGIN_PATH" "$PLUGIN" \
		-u "http://wolkvox-test.invalid:1/api/v2/reports_manager.php" \
		--roster "$ROSTERS/day.csv" --token-file "$TOKEN_FILE" --now "$NOW" --no-cache -t 5 \
		>"$WORK/out" 2>"$WORK/err"
	RC=$?
	OUT=$(cat "$WORK/out")
	FIRST=$(head -n 1 "$WORK/out")
	assert_exit 3
	assert_state UNKNOWN
	assert_well_formed
	assert_first_line 'resolve'
	end_test
}

matrix_unwritable_cache_test() {
	begin_test "matrix unwritable cache directory"
	: >"$WORK/not-a-directory"
	check "$(scenario_url on_time)" day.csv --cache-dir "$WORK/not-a-directory/cache"
	assert_exit 0
	assert_state OK
	assert_well_formed
	assert_output 'cache'
	assert_requests 1
	end_test
}

matrix_tests() {
	local plain_base=$API_BASE

	MATRIX_DIR=$WORK/matrix
	mkdir -p "$MATRIX_DIR"
	matrix_bodies
	fake_start matrix --token-file "$TOKEN_FILE" --scenario-dir "$MATRIX_DIR"
	api_use "http://127.0.0.1:$FAKE_PORT"

	matrix_case "top-level array" top_array 3 'array'
	matrix_case "top-level null" top_null 3 'null'
	matrix_case "top-level string" top_text 3 'string'
	matrix_case "trailing garbage" trailing_garbage 3 'JSON'
	matrix_case "trailing comma" trailing_comma 3 'JSON'
	matrix_case "NaN value" nan_value 3 'NaN'
	matrix_case "UTF-8 byte order mark" bom 3 'byte order mark'
	matrix_case "invalid UTF-8 in a name" invalid_utf8_name 1 'absent'
	matrix_case "nesting 10,000 deep" deep_nesting 3 'JSON'
	matrix_case "numbers where strings are expected" numbers_for_strings 1 '1 of 3|2 of 3'
	matrix_case "object where a string is expected" object_for_string 3 'could not be read'
	matrix_case "string of 10 MB" ten_megabyte_name 1 '2 of 3 agents absent'
	matrix_case "60,000 records" sixty_thousand 1 '2 of 3 agents absent'
	matrix_case "duplicated records" duplicated 1 '1 of 3 agents absent'
	matrix_case "malformed timestamp" malformed_timestamp 1 'invalid report record'
	matrix_case "login in the future" future_login 1 '1 of 3 agents absent'
	matrix_case "logout before login" logout_before_login 1 'invalid report record'
	matrix_case "code 500 as a string in a 200" code_string_500 3 '500'

	api_use "$plain_base"

	matrix_signal_test
	matrix_resolve_test
	matrix_unwritable_cache_test
}
