# Helpers for tests/integration/run.sh: the fake API's life cycle, running
# the plugin the way Nagios does, and assertions that collect failures per
# test. Sourced, not run. Needs bash, curl, jq, openssl and iconv.
#
# Optional environment: PLUGIN_WRAPPER and FAKE_WRAPPER are commands put
# before the plugin and the fake API, such as
#   PLUGIN_WRAPPER='valgrind -q --leak-check=full --error-exitcode=99'

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in
/*) ;;
*) BUILD=$ROOT/$BUILD ;;
esac

PLUGIN=$BUILD/check_wolkvox_shift
FAKE=$BUILD/fake_wolkvox
FIXTURES=$ROOT/tests/fixtures
SCENARIOS=$FIXTURES/scenarios
ROSTERS=$FIXTURES/rosters

# The only PATH the plugin gets, as under a monitoring core.
PLUGIN_PATH=/usr/bin:/bin

read -r -a PLUGIN_WRAPPER_WORDS <<<"${PLUGIN_WRAPPER:-}"
read -r -a FAKE_WRAPPER_WORDS <<<"${FAKE_WRAPPER:-}"

PASSED=0
FAILED=0
TEST_NAME=
TEST_SERIAL=0
TEST_FAILURES=()
BACKGROUND_PIDS=()

# Set by run_plugin.
RC=
OUT=
ERR=
FIRST=
ELAPSED=
COMMAND=

# Set by fake_start.
FAKE_PORT=

harness_init() {
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/wolkvox-integration.XXXXXX") || exit 1
	chmod 700 "$WORK"
	trap harness_cleanup EXIT
	trap 'exit 130' INT TERM

	TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
	TOKEN_FILE=$WORK/token
	(umask 077 && printf '%s\n' "$TOKEN" >"$TOKEN_FILE")
}

# Stops every process this harness started, by PID: SIGTERM, then SIGKILL
# after five seconds.
harness_cleanup() {
	local pid i

	for pid in "${BACKGROUND_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${BACKGROUND_PIDS[@]}"; do
		for i in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	rm -rf "$WORK"
}

# Stops one process started in the background and removes its PID from
# BACKGROUND_PIDS, so that harness_cleanup never signals a reused PID.
background_stop() {
	local pid=$1 kept=() other

	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	for other in "${BACKGROUND_PIDS[@]}"; do
		[ "$other" = "$pid" ] || kept+=("$other")
	done
	BACKGROUND_PIDS=("${kept[@]}")
}

# stall_start COUNT: opens COUNT stall-headers requests with the token in
# the background and waits until the fake API has them in flight. Their
# PIDs go to STALL_PIDS.
STALL_PIDS=()

stall_start() {
	local url i

	url="$(api_url /fault/stall-headers)?api=agent_7&date_ini=20250311000000&date_end=20250312235959"
	STALL_PIDS=()
	for i in $(seq "$1"); do
		curl -s --max-time 20 -o /dev/null "${API_CURL[@]}" -H "wolkvox-token: $TOKEN" "$url" &
		STALL_PIDS+=($!)
		BACKGROUND_PIDS+=($!)
	done
	for i in $(seq 50); do
		stats_get
		[ "$(stats_field in_flight)" = "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

stall_stop() {
	local pid

	for pid in "${STALL_PIDS[@]}"; do
		background_stop "$pid"
	done
	STALL_PIDS=()
}

# fake_start NAME [fake_wolkvox options...]: starts a fake API whose log is
# $WORK/NAME.log and sets FAKE_PORT. Exits the harness when it does not
# come up within ten seconds.
fake_start() {
	local name=$1 port_file=$WORK/$1.port pid i
	shift

	rm -f "$port_file"
	"${FAKE_WRAPPER_WORDS[@]}" "$FAKE" --port-file "$port_file" "$@" 2>>"$WORK/$name.log" &
	pid=$!
	BACKGROUND_PIDS+=("$pid")

	for i in $(seq 100); do
		if [ -s "$port_file" ]; then
			FAKE_PORT=$(cat "$port_file")
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "Bail out! fake API $name did not start; its log:"
	sed 's/^/# /' "$WORK/$name.log"
	exit 1
}

# The fake API under test: API_BASE is its scheme, address and port, and
# API_CURL contains the curl options that reach it (a CA file under TLS).
API_BASE=
API_CURL=()

api_use() {
	API_BASE=$1
	shift
	API_CURL=("$@")
}

api_url() {
	printf '%s%s/api/v2/reports_manager.php' "$API_BASE" "$1"
}

scenario_url() {
	api_url "/s/$1"
}

fault_url() {
	api_url "/fault/$1"
}

STATS=

stats_get() {
	STATS=$(curl -s --max-time 5 "${API_CURL[@]}" "$API_BASE/_stats")
}

# stats_field NAME: the value of one field of the last stats_get, with the
# quotes of a string removed.
stats_field() {
	local value

	value=$(printf '%s' "$STATS" | grep -o "\"$1\":\(\"[^\"]*\"\|[a-z0-9]*\)" | head -n 1)
	value=${value#\"$1\":}
	value=${value#\"}
	printf '%s' "${value%\"}"
}

stats_reset() {
	curl -s --max-time 5 "${API_CURL[@]}" -o /dev/null -X POST "$API_BASE/_reset"
}

# Waits up to ten seconds until the fake has no API request in flight, so
# that a stalled request of one test cannot take a slot of the next.
# Returns 1 when requests stay in flight, 2 when /_stats returns nothing.
wait_idle() {
	local i

	for i in $(seq 100); do
		stats_get
		[ -n "$STATS" ] || return 2
		[ "$(stats_field in_flight)" = 0 ] && return 0
		sleep 0.1
	done
	return 1
}

# Runs the plugin with a clean environment (PATH only, plus the NAME=VALUE
# words of PLUGIN_ENV) and stores RC, OUT, ERR, FIRST and ELAPSED. timeout(1)
# ends a plugin that hangs, which then fails the exit-code assertion with
# 124.
PLUGIN_ENV=()

run_plugin() {
	local start end

	COMMAND="check_wolkvox_shift $*"
	start=$(date +%s.%N)
	env -i PATH="$PLUGIN_PATH" WOLKVOX_CACHE_DIR="$WORK/cache.test$TEST_SERIAL" "${PLUGIN_ENV[@]}" \
		timeout -k 2 30 "${PLUGIN_WRAPPER_WORDS[@]}" "$PLUGIN" "$@" \
		>"$WORK/out" 2>"$WORK/err"
	RC=$?
	end=$(date +%s.%N)

	ELAPSED=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
	OUT=$(cat "$WORK/out")
	ERR=$(cat "$WORK/err")
	FIRST=$(head -n 1 "$WORK/out")
}

begin_test() {
	TEST_NAME=$1
	TEST_SERIAL=$((TEST_SERIAL + 1))
	TEST_FAILURES=()
	PLUGIN_ENV=()
	COMMAND=
	OUT=
	ERR=
	wait_idle
	case $? in
	1) fail "the fake API still had requests in flight before the test" ;;
	2) fail "the fake API did not answer /_stats before the test" ;;
	esac
	stats_reset
}

fail() {
	TEST_FAILURES+=("$1")
}

end_test() {
	local reasons

	if [ ${#TEST_FAILURES[@]} -eq 0 ]; then
		PASSED=$((PASSED + 1))
		echo "ok - $TEST_NAME"
		return
	fi

	FAILED=$((FAILED + 1))
	reasons=$(printf '%s; ' "${TEST_FAILURES[@]}")
	echo "not ok - $TEST_NAME: ${reasons%; }"
	if [ -n "$COMMAND" ]; then
		echo "#   command: $COMMAND"
		printf '%s\n' "$OUT" | head -n 6 | sed 's/^/#   stdout: /'
		printf '%s\n' "$ERR" | head -n 6 | sed 's/^/#   stderr: /'
	fi
}

summary_print() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

state_name() {
	case $1 in
	0) echo OK ;;
	1) echo WARNING ;;
	2) echo CRITICAL ;;
	3) echo UNKNOWN ;;
	*) echo "exit $1" ;;
	esac
}

assert_exit() {
	[ "$RC" = "$1" ] || fail "exit code $RC, expected $1"
}

# The state word after "WOLKVOX SHIFT" on the first line.
assert_state() {
	case $FIRST in
	"WOLKVOX SHIFT $1 - "*) ;;
	*) fail "first line is not 'WOLKVOX SHIFT $1 - ...': $FIRST" ;;
	esac
}

# assert_first_line REGEX: extended regular expression, grep -E syntax.
assert_first_line() {
	printf '%s\n' "$FIRST" | grep -Eq -- "$1" || fail "first line does not match /$1/: $FIRST"
}

assert_first_line_lacks() {
	if printf '%s\n' "$FIRST" | grep -Eq -- "$1"; then
		fail "first line matches /$1/: $FIRST"
	fi
}

# The text after the first line's '|', with surrounding blanks removed.
assert_perfdata() {
	local perfdata

	case $FIRST in
	*"|"*) perfdata=${FIRST#*|} ;;
	*) fail "no perfdata on the first line"; return ;;
	esac
	case $perfdata in
	*' api_time='*'s;;;0'*' data_age='*'s;;;0'*) ;;
	*) fail "perfdata lacks api_time and data_age: $perfdata" ;;
	esac
	perfdata=$(printf '%s' "$perfdata" | sed 's/^ *//; s/ *$//; s/ api_time=[^ ]*//; s/ data_age=[^ ]*//')
	[ "$perfdata" = "$1" ] || fail "perfdata '$perfdata', expected '$1'"
}

# assert_output REGEX: stdout matches (grep -E, any line).
assert_output() {
	printf '%s\n' "$OUT" | grep -Eq -- "$1" || fail "stdout does not match /$1/"
}

# assert_any_output REGEX: stdout or stderr matches.
assert_any_output() {
	printf '%s\n%s\n' "$OUT" "$ERR" | grep -Eq -- "$1" || fail "output does not match /$1/"
}

assert_one_status_line() {
	local count

	count=$(printf '%s\n' "$OUT" | grep -c '^WOLKVOX')
	[ "$count" = 1 ] || fail "$count stdout lines begin with WOLKVOX, expected 1"
	case $FIRST in
	WOLKVOX*) ;;
	*) fail "the first stdout line does not begin with WOLKVOX" ;;
	esac
}

assert_at_most_one_pipe() {
	local count

	count=$(printf '%s' "$OUT" | tr -cd '|' | wc -c)
	[ "$count" -le 1 ] || fail "$count '|' characters in stdout, expected at most 1"
}

assert_valid_utf8() {
	printf '%s' "$OUT" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 ||
		fail "stdout is not valid UTF-8"
}

# assert_faster_than SECONDS: wall time of the last run_plugin.
assert_faster_than() {
	awk -v e="$ELAPSED" -v limit="$1" 'BEGIN { exit !(e < limit) }' ||
		fail "took ${ELAPSED}s, expected under ${1}s"
}

assert_not_leaked() {
	if printf '%s\n%s\n' "$OUT" "$ERR" | grep -qF -- "$1"; then
		fail "the token appears in the output"
	fi
}

# assert_requests N: API requests the fake received since the test began,
# and never more than one at a time.
assert_requests() {
	stats_get
	[ "$(stats_field requests)" = "$1" ] ||
		fail "the fake API received $(stats_field requests) requests, expected $1"
	# A request that fails before the token check takes no slot, so 0 is
	# fine here too.
	case $(stats_field max_concurrent_per_token) in
	0 | 1) ;;
	*) fail "max_concurrent_per_token $(stats_field max_concurrent_per_token), expected at most 1" ;;
	esac
}

# assert_window DATE_INI DATE_END: the dates of the last request.
assert_window() {
	local query

	stats_get
	query="&$(stats_field last_query)&"
	case $query in
	*"&api=agent_7&"*) ;;
	*) fail "last query lacks api=agent_7: ${query:1:-1}" ;;
	esac
	case $query in
	*"&date_ini=$1&"*) ;;
	*) fail "last query lacks date_ini=$1: ${query:1:-1}" ;;
	esac
	case $query in
	*"&date_end=$2&"*) ;;
	*) fail "last query lacks date_end=$2: ${query:1:-1}" ;;
	esac
}

# Applies the checks that every status output must pass: one WOLKVOX line first, at most one
# '|', valid UTF-8.
assert_well_formed() {
	assert_one_status_line
	assert_at_most_one_pipe
	assert_valid_utf8
}

# expect_result EXIT PERFDATA: exit code, matching state word, well-formed
# output, the exact perfdata (unless PERFDATA is "-"), and exactly one
# request to the fake API.
expect_result() {
	assert_exit "$1"
	assert_state "$(state_name "$1")"
	assert_well_formed
	[ "$2" = - ] || assert_perfdata "$2"
	assert_requests 1
}
