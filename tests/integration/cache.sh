# Integration tests of the shared response cache, the per-token request
# lock, stale data, --extra-opts, the quota plugin and the secrecy of the
# token. Sourced by tests/integration/run.sh after lib.sh; cache_tests runs
# them all against the fake API that run.sh started (API_BASE).
#
# Every test gets its own cache directory through WOLKVOX_CACHE_DIR, so
# that no test reads another's cached response.

CACHE_NOW='2025-03-12 11:00:00'
CACHE_SHIFT=$BUILD/check_wolkvox_shift
CACHE_LOGIN_TIME=$BUILD/check_wolkvox_login_time
CACHE_QUOTA=$BUILD/check_wolkvox_quota
CACHE_COUNTER=0

# Sets CACHE_DIR to a new, not yet existing directory and puts it into
# PLUGIN_ENV for run_plugin.
cache_dir_new() {
	CACHE_COUNTER=$((CACHE_COUNTER + 1))
	CACHE_DIR=$WORK/cache.$CACHE_COUNTER
	PLUGIN_ENV+=("WOLKVOX_CACHE_DIR=$CACHE_DIR")
}

# The first line without the perfdata that changes from run to run.
cache_stable_first() {
	printf '%s\n' "$1" | head -n 1 | sed 's/ api_time=[^ ]*//; s/ data_age=[^ ]*//'
}

# cache_plugin_args KIND: the arguments of one check of the default
# scenario, KIND shift or login_time.
cache_plugin_args() {
	CACHE_ARGS=(-u "$(api_url '')" --roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE"
		--now "$CACHE_NOW")
	if [ "$1" = shift ]; then
		CACHE_BINARY=$CACHE_SHIFT
	else
		CACHE_BINARY=$CACHE_LOGIN_TIME
	fi
}

# cache_reference KIND: runs one check without cache and stores its exit
# code and stable first line in REFERENCE_RC_KIND and REFERENCE_FIRST_KIND.
cache_reference() {
	local kind=$1 out

	cache_plugin_args "$kind"
	out=$(env -i PATH="$PLUGIN_PATH" WOLKVOX_CACHE_DIR="$WORK/cache.reference" \
		timeout -k 2 30 "$CACHE_BINARY" "${CACHE_ARGS[@]}" --no-cache 2>/dev/null)
	printf -v "REFERENCE_RC_$kind" '%s' "$?"
	printf -v "REFERENCE_FIRST_$kind" '%s' "$(cache_stable_first "$out")"
}

# cache_burst COUNT [plugin options...]: starts COUNT checks, alternating
# shift and login_time when that plugin is built, all released at the same
# moment, and waits for them. Results go to $WORK/burst.N.{out,rc,kind}.
cache_burst() {
	local count=$1 go=$WORK/burst.go i kind pids=()
	shift

	rm -f "$go" "$WORK"/burst.*
	for i in $(seq "$count"); do
		kind=shift
		if [ -x "$CACHE_LOGIN_TIME" ] && [ $((i % 2)) = 0 ]; then
			kind=login_time
		fi
		cache_plugin_args "$kind"
		echo "$kind" >"$WORK/burst.$i.kind"
		(
			while [ ! -e "$go" ]; do sleep 0.01; done
			env -i PATH="$PLUGIN_PATH" WOLKVOX_CACHE_DIR="$CACHE_DIR" \
				timeout -k 2 30 "${PLUGIN_WRAPPER_WORDS[@]}" "$CACHE_BINARY" "${CACHE_ARGS[@]}" "$@" \
				>"$WORK/burst.$i.out" 2>"$WORK/burst.$i.err"
			echo $? >"$WORK/burst.$i.rc"
		) &
		pids+=($!)
	done
	sleep 0.3
	touch "$go"
	for i in "${pids[@]}"; do
		wait "$i"
	done
}

# cache_burst_check COUNT: every check of the last burst gave its plugin's
# reference state and first line.
cache_burst_check() {
	local i kind rc first expected_rc expected_first

	for i in $(seq "$1"); do
		kind=$(cat "$WORK/burst.$i.kind")
		rc=$(cat "$WORK/burst.$i.rc" 2>/dev/null)
		first=$(cache_stable_first "$(cat "$WORK/burst.$i.out")")
		expected_rc=REFERENCE_RC_$kind
		expected_first=REFERENCE_FIRST_$kind
		[ "$rc" = "${!expected_rc}" ] ||
			fail "check $i ($kind) exited $rc, expected ${!expected_rc}"
		[ "$first" = "${!expected_first}" ] ||
			fail "check $i ($kind) printed '$first'"
	done
}

cache_concurrency_tests() {
	cache_reference shift
	if [ -x "$CACHE_LOGIN_TIME" ]; then
		cache_reference login_time
	fi

	begin_test "cache 20 simultaneous checks send one request"
	cache_dir_new
	cache_burst 20
	cache_burst_check 20
	stats_get
	[ "$(stats_field requests)" = 1 ] || fail "the fake API received $(stats_field requests) requests"
	[ "$(stats_field max_concurrent_per_token)" = 1 ] ||
		fail "max_concurrent_per_token $(stats_field max_concurrent_per_token)"
	grep -q ' api_time=0.000s' "$WORK"/burst.*.out || fail "no check used the cache"
	end_test

	begin_test "cache no-cache sends one request at a time"
	cache_dir_new
	cache_burst 20 --no-cache
	cache_burst_check 20
	stats_get
	[ "$(stats_field requests)" = 20 ] || fail "the fake API received $(stats_field requests) requests"
	[ "$(stats_field max_concurrent_per_token)" = 1 ] ||
		fail "max_concurrent_per_token $(stats_field max_concurrent_per_token)"
	[ -z "$(find "$CACHE_DIR" -name '*.cache')" ] || fail "--no-cache wrote a cache file"
	end_test
}

cache_basic_tests() {
	local cache_file

	begin_test "cache second check sends no request"
	cache_dir_new
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" \
		--now "$CACHE_NOW"
	assert_exit 2
	assert_first_line ' api_time=[0-9]+\.[0-9]{3}s;;;0(\.0+)? data_age=[0-9]+s;;;0$'
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" \
		--now "$CACHE_NOW"
	assert_exit 2
	assert_first_line ' api_time=0\.000s;;;0(\.0+)? data_age=[0-9]+s;;;0$'
	assert_requests 1
	cache_file=$(find "$CACHE_DIR" -name '*.cache')
	[ "$(stat -c %a "$CACHE_DIR")" = 700 ] || fail "cache directory mode $(stat -c %a "$CACHE_DIR")"
	[ -n "$cache_file" ] && [ "$(stat -c %a "$cache_file")" = 600 ] ||
		fail "cache file '$cache_file' missing or not mode 0600"
	case $(basename "$cache_file") in
	[0-9a-f]*.cache) [ ${#cache_file} -gt 64 ] || fail "cache file name too short" ;;
	*) fail "cache file name $(basename "$cache_file")" ;;
	esac
	end_test

	begin_test "cache max age 0 sends a request"
	PLUGIN_ENV=("WOLKVOX_CACHE_DIR=$CACHE_DIR")
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" \
		--now "$CACHE_NOW" --cache-max-age 0
	assert_exit 2
	assert_requests 1
	end_test

	begin_test "cache corrupt file means a new request"
	PLUGIN_ENV=("WOLKVOX_CACHE_DIR=$CACHE_DIR")
	printf 'WVXCACHE broken' >"$cache_file"
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" \
		--now "$CACHE_NOW"
	assert_exit 2
	assert_requests 1
	[ "$(stat -c %s "$cache_file")" -gt 96 ] || fail "the corrupt cache file was not replaced"
	end_test

	begin_test "cache unsafe directory is not used"
	cache_dir_new
	mkdir -m 700 "$CACHE_DIR"
	chmod 770 "$CACHE_DIR"
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" \
		--now "$CACHE_NOW"
	assert_exit 2
	assert_output '^cache: cache and lock disabled: cache directory .* can be written by other users'
	assert_requests 1
	[ -z "$(ls -A "$CACHE_DIR")" ] || fail "files were written into the unsafe directory"
	end_test

	begin_test "cache symlink directory is not used"
	cache_dir_new
	mkdir -m 700 "$WORK/real-cache"
	ln -s "$WORK/real-cache" "$CACHE_DIR"
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" \
		--now "$CACHE_NOW"
	assert_exit 2
	assert_output 'cache and lock disabled: cache directory .* is a symbolic link'
	[ -z "$(ls -A "$WORK/real-cache")" ] || fail "files were written through the symbolic link"
	end_test
}

# Starts a second fake API, fills the cache through it, stops it, and
# checks again against the same URL, which now refuses connections.
cache_stale_tests() {
	local saved_base=$API_BASE saved_curl=("${API_CURL[@]}") url pid

	fake_start stale --token-file "$TOKEN_FILE" --scenario-dir "$SCENARIOS"
	pid=${BACKGROUND_PIDS[${#BACKGROUND_PIDS[@]} - 1]}
	api_use "http://127.0.0.1:$FAKE_PORT"
	url=$(api_url '')

	begin_test "cache stale data when the API fails"
	cache_dir_new
	run_plugin -u "$url" --roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" \
		--now "$CACHE_NOW"
	assert_exit 2
	kill "$pid"
	wait "$pid" 2>/dev/null
	api_use "$saved_base" "${saved_curl[@]}"

	run_plugin -u "$url" --roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" \
		--now "$CACHE_NOW" --cache-max-age 0 --stale-max-age 600
	assert_exit 2
	assert_state CRITICAL
	assert_well_formed
	assert_first_line '^WOLKVOX SHIFT CRITICAL - \[data from [0-9]{2}:[0-9]{2}\] 3 of 7 agents absent'
	[ "$(printf '%s\n' "$OUT" | sed -n 2p)" != "" ] || fail "no long output"
	printf '%s\n' "$OUT" | sed -n 2p | grep -Eq '^data from [0-9]{2}:[0-9]{2}, API error: connection failed' ||
		fail "second line: $(printf '%s\n' "$OUT" | sed -n 2p)"
	assert_first_line 'absent=3;0;2;0;7 api_time=[0-9.]+s;;;0(\.0+)? data_age=[0-9]+s;;;0$'
	end_test

	begin_test "cache stale data off by default"
	PLUGIN_ENV=("WOLKVOX_CACHE_DIR=$CACHE_DIR")
	run_plugin -u "$url" --roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" \
		--now "$CACHE_NOW" --cache-max-age 0
	assert_exit 3
	assert_state UNKNOWN
	assert_first_line 'API request failed: connection failed'
	end_test

	begin_test "cache stale data too old"
	PLUGIN_ENV=("WOLKVOX_CACHE_DIR=$CACHE_DIR")
	sleep 2
	run_plugin -u "$url" --roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" \
		--now "$CACHE_NOW" --cache-max-age 0 --stale-max-age 1 --api-error-state warning
	assert_exit 1
	assert_first_line 'API request failed: connection failed'
	end_test
}

# A check whose request stalls holds the token's lock; a second check of
# the same token waits for it until its own deadline.
cache_lock_tests() {
	local pid

	begin_test "cache lock wait ends at the deadline"
	cache_dir_new
	env -i PATH="$PLUGIN_PATH" WOLKVOX_CACHE_DIR="$CACHE_DIR" \
		timeout -k 2 30 "$CACHE_SHIFT" -u "$(fault_url stall-headers)" \
		--roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" --now "$CACHE_NOW" -t 5 \
		>/dev/null 2>&1 &
	pid=$!
	sleep 0.5
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" \
		--now "$CACHE_NOW" -t 2
	assert_exit 3
	assert_state UNKNOWN
	assert_first_line 'another check is still waiting for the API with this token'
	assert_faster_than 3
	wait "$pid"
	stats_get
	[ "$(stats_field max_concurrent_per_token)" = 1 ] ||
		fail "max_concurrent_per_token $(stats_field max_concurrent_per_token)"
	end_test
}

cache_quota_tests() {
	local saved_plugin=$PLUGIN quota_url

	PLUGIN=$CACHE_QUOTA
	quota_url="$API_BASE/limit/4/api/v2/information.php"

	begin_test "quota ok below the warning"
	cache_dir_new
	run_plugin -u "$API_BASE/api/v2/information.php" --token-file "$TOKEN_FILE"
	assert_exit 0
	assert_first_line '^WOLKVOX QUOTA OK - 0\.1% of the daily quota used \(1 of 1000 requests\) \| used=1;;;0;1000 limit=1000;;;0 used_pct=0\.1%;80;95;0(\.0)?;100(\.0)? api_time='
	assert_requests 1
	stats_get
	[ "$(stats_field last_query)" = api=token_info ] || fail "last_query $(stats_field last_query)"
	end_test

	begin_test "quota cached for the next check"
	PLUGIN_ENV=("WOLKVOX_CACHE_DIR=$CACHE_DIR")
	run_plugin -u "$API_BASE/api/v2/information.php" --token-file "$TOKEN_FILE"
	assert_exit 0
	assert_first_line 'api_time=0\.000s'
	assert_requests 0
	end_test

	begin_test "quota warning and critical near the limit"
	cache_dir_new
	run_plugin -u "$quota_url" --token-file "$TOKEN_FILE" --cache-max-age 0
	assert_exit 0
	run_plugin -u "$quota_url" --token-file "$TOKEN_FILE" --cache-max-age 0
	run_plugin -u "$quota_url" --token-file "$TOKEN_FILE" --cache-max-age 0 -w 70 -c 90
	assert_exit 1
	assert_first_line '^WOLKVOX QUOTA WARNING - 75\.0% .*\(3 of 4 requests\)'
	run_plugin -u "$quota_url" --token-file "$TOKEN_FILE" --cache-max-age 0 -w 50 -c 70
	assert_exit 2
	assert_first_line '^WOLKVOX QUOTA CRITICAL - 100\.0% .*used_pct=100\.0%;50;70;'
	end_test

	begin_test "quota api error"
	cache_dir_new
	run_plugin -u "$(api_url '')" --token-file "$TOKEN_FILE" --api-error-state critical
	assert_exit 2
	assert_first_line '^WOLKVOX QUOTA CRITICAL - API request failed: HTTP 400'
	end_test

	PLUGIN=$saved_plugin
}

cache_extra_opts_tests() {
	local ini=$WORK/plugins.ini

	(umask 077 && printf '[wolkvox]\n# the token stays out of the process list\ntoken = %s\nroster=%s\n' \
		"$TOKEN" "$ROSTERS/default.csv" >"$ini")

	begin_test "extra-opts token from an ini file"
	cache_dir_new
	run_plugin -u "$(api_url '')" --now "$CACHE_NOW" --extra-opts "wolkvox@$ini"
	assert_exit 2
	assert_first_line '3 of 7 agents absent'
	assert_requests 1
	stats_get
	[ "$(stats_field last_token_header_present)" = true ] || fail "no token header"
	end_test

	begin_test "extra-opts default file and section"
	cache_dir_new
	sed 's/^\[wolkvox\]$/[check_wolkvox_shift]/' "$ini" >"$ini.shift"
	PLUGIN_ENV+=("MP_CONFIG_FILE=$ini.shift")
	run_plugin -u "$(api_url '')" --now "$CACHE_NOW" --extra-opts
	assert_exit 2
	assert_first_line '3 of 7 agents absent'
	end_test

	begin_test "extra-opts command line wins"
	cache_dir_new
	run_plugin -u "$(api_url '')" --now "$CACHE_NOW" --extra-opts "wolkvox@$ini" \
		--roster "$ROSTERS/day.csv"
	assert_exit 2
	assert_first_line '3 of 3 agents absent'
	end_test

	begin_test "extra-opts invalid section"
	run_plugin -u "$(api_url '')" --now "$CACHE_NOW" --extra-opts "nosuch@$ini"
	assert_exit 3
	assert_first_line "^WOLKVOX SHIFT UNKNOWN - Invalid section 'nosuch' in config file '$ini'"
	assert_requests 0
	end_test

	begin_test "extra-opts missing file"
	run_plugin -u "$(api_url '')" --extra-opts "@$WORK/no-such.ini"
	assert_exit 3
	assert_first_line "Cannot read config file '$WORK/no-such.ini'"
	end_test
}

# Collects `ps -eo args` several times while a check runs against a stalled
# API, and the output, stderr and cache files, and looks for the token.
cache_secret_tests() {
	local pid pid_env i samples=$WORK/ps.samples

	begin_test "token hidden at -vvv, on disk and in ps"
	cache_dir_new
	: >"$samples"
	env -i PATH="$PLUGIN_PATH" WOLKVOX_CACHE_DIR="$CACHE_DIR" \
		timeout -k 2 30 "$CACHE_SHIFT" -u "$(fault_url stall-headers)" \
		--roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" --now "$CACHE_NOW" -t 2 -vvv \
		>"$WORK/secret.out" 2>"$WORK/secret.err" &
	pid=$!
	env -i PATH="$PLUGIN_PATH" WOLKVOX_CACHE_DIR="$CACHE_DIR" WOLKVOX_TOKEN="$TOKEN" \
		timeout -k 2 30 "$CACHE_SHIFT" -u "$(fault_url stall-headers)" \
		--roster "$ROSTERS/default.csv" --now "$CACHE_NOW" -t 2 -vvv \
		>"$WORK/secret-env.out" 2>"$WORK/secret-env.err" &
	pid_env=$!
	for i in $(seq 10); do
		ps -eo args >>"$samples"
		sleep 0.1
	done
	wait "$pid" "$pid_env"
	grep -q check_wolkvox_shift "$samples" || fail "ps never saw the check"
	grep -qF -- "$TOKEN" "$samples" && fail "the token appears in ps"
	grep -qF -- "$TOKEN" "$WORK/secret.out" "$WORK/secret.err" "$WORK/secret-env.out" \
		"$WORK/secret-env.err" && fail "the token appears in the output"
	[ -s "$WORK/secret.err" ] || fail "-vvv wrote nothing to stderr"
	run_plugin -u "$(api_url '')" --roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" \
		--now "$CACHE_NOW" -vvv
	assert_exit 2
	assert_not_leaked "$TOKEN"
	grep -rqF -- "$TOKEN" "$CACHE_DIR" && fail "the token appears in the cache directory"
	find "$CACHE_DIR" -name "*$TOKEN*" | grep -q . && fail "the token appears in a file name"
	end_test

	begin_test "token option wiped from ps"
	cache_dir_new
	: >"$samples"
	env -i PATH="$PLUGIN_PATH" WOLKVOX_CACHE_DIR="$CACHE_DIR" \
		timeout -k 2 30 "$CACHE_SHIFT" -u "$(fault_url stall-headers)" \
		--roster "$ROSTERS/default.csv" --token "$TOKEN" --now "$CACHE_NOW" -t 2 \
		>"$WORK/secret.out" 2>&1 &
	pid=$!
	sleep 0.5
	for i in $(seq 5); do
		ps -eo args >>"$samples"
		sleep 0.1
	done
	wait "$pid"
	# The timeout(1) wrapper shows the token in its own arguments; only the
	# plugin's process can wipe its copy.
	grep "^$CACHE_SHIFT " "$samples" >"$samples.plugin"
	grep -q -- '--token' "$samples.plugin" || fail "ps never saw the check"
	grep -qF -- "$TOKEN" "$samples.plugin" && fail "the --token value stays in ps"
	stats_get
	[ "$(stats_field last_token_header_present)" = true ] || fail "--token sent no token header"
	end_test
}

cache_tests() {
	cache_basic_tests
	cache_concurrency_tests
	cache_lock_tests
	cache_stale_tests
	cache_quota_tests
	cache_extra_opts_tests
	cache_secret_tests
}
