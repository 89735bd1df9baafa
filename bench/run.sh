#!/usr/bin/env bash
# Benchmarks the plugins against check_curl and curl on generated agent_7
# responses that the fake API serves on 127.0.0.1. Run by `make bench` and
# `make bench-quick`, which build what it needs; docs/benchmarks.md explains
# the method and the figures.
#
#   bench/run.sh full    100 to 60,000 records, rosters of 50 to 5,000 agents,
#                        BENCH_ROUNDS (default 11) alternating rounds, the
#                        in-process parse times and callgrind instruction
#                        counts; prints the tables and the targets
#   bench/run.sh quick   1,000 and 60,000 records, BENCH_ROUNDS (default 5)
#                        rounds. Fails when a ratio to check_curl is more than
#                        twice the one in bench/baseline.txt, or when the peak
#                        RSS at 60,000 records passes 1.5 x body + 10 MB.
#
# Environment: BUILD (default build), BENCH_ROUNDS, BENCH_OUT (default
# $BUILD/bench/results). Everything it writes stays under $BUILD/bench.

set -u

MODE=${1:-full}
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$BUILD/bench
WORK=$BENCH/work
OUT=${BENCH_OUT:-$BENCH/results}
CHECK_CURL=${CHECK_CURL:-/usr/lib/nagios/plugins/check_curl}
NOW='2025-03-12 11:00:00'
QUERY='api=agent_7&date_ini=20250311000000&date_end=20250312235959'
TOKEN=bench-token
DEFAULT_ROSTER=500
FAKE_PID=

case $MODE in
full)
	SIZES='100 1000 6000 10000 60000'
	ROSTERS='50 5000'
	ROUNDS=${BENCH_ROUNDS:-11}
	;;
quick)
	SIZES='1000 60000'
	ROSTERS=
	ROUNDS=${BENCH_ROUNDS:-5}
	;;
*)
	echo "usage: bench/run.sh full|quick" >&2
	exit 2
	;;
esac

die() {
	echo "bench: $*" >&2
	exit 2
}

# Says what to install when a tool is missing, and stops.
tools_check() {
	local missing=

	"$CHECK_CURL" -V 2>/dev/null | grep -q check_curl ||
		missing="$missing monitoring-plugins-standard liburiparser1"
	command -v curl >/dev/null || missing="$missing curl"
	[ "$MODE" = quick ] || command -v valgrind >/dev/null || missing="$missing valgrind"
	if [ -n "$missing" ]; then
		echo "bench: missing tools; install them with:" >&2
		echo "    apt-get install$missing" >&2
		exit 2
	fi
	for tool in gen_report measure parse_bench; do
		[ -x "$BENCH/$tool" ] || die "$BENCH/$tool is not built; run make bench"
	done
	[ -x "$BUILD/check_wolkvox_shift" ] && [ -x "$BUILD/fake_wolkvox" ] ||
		die "the plugins are not built; run make bench"
}

# Writes the responses, the rosters and the token under $WORK/data.
data_generate() {
	local records agents

	rm -rf "$WORK"
	mkdir -p "$WORK/data" "$WORK/cache" "$OUT"
	chmod 700 "$WORK/cache"
	printf '%s\n' "$TOKEN" >"$WORK/data/token"
	chmod 600 "$WORK/data/token"
	for records in $SIZES; do
		"$BENCH/gen_report" --records "$records" --report "$WORK/data/r$records.json" ||
			die "gen_report failed"
	done
	for agents in $DEFAULT_ROSTER $ROSTERS; do
		"$BENCH/gen_report" --records 60000 --report /dev/null \
			--roster "$WORK/data/roster$agents.csv" --agents "$agents" || die "gen_report failed"
	done
}

fake_stop() {
	if [ -n "$FAKE_PID" ]; then
		kill "$FAKE_PID" 2>/dev/null
		wait "$FAKE_PID" 2>/dev/null
		FAKE_PID=
	fi
}

fake_start() {
	local i

	"$BUILD/fake_wolkvox" --port-file "$WORK/port" --scenario-dir "$WORK/data" \
		--token-file "$WORK/data/token" 2>"$WORK/fake.log" &
	FAKE_PID=$!
	trap fake_stop EXIT
	for i in $(seq 100); do
		[ -s "$WORK/port" ] && break
		sleep 0.1
	done
	[ -s "$WORK/port" ] || die "the fake API did not start (see $WORK/fake.log)"
	PORT=$(cat "$WORK/port")
}

# plan_add LABEL PROGRAM ARGS...: one tab-separated line of the plan.
plan_add() {
	local IFS=$'\t'

	printf '%s\n' "$*" >>"$WORK/plan"
}

# plugin_add LABEL PLUGIN RECORDS ROSTER CACHE-OPTIONS...
plugin_add() {
	local label=$1 plugin=$2 records=$3 roster=$4
	shift 4
	plan_add "$label" "$BUILD/$plugin" \
		-u "http://127.0.0.1:$PORT/s/r$records/api/v2/reports_manager.php" \
		--token-file "$WORK/data/token" --roster "$WORK/data/roster$roster.csv" \
		--now "$NOW" --cache-dir "$WORK/cache" "$@"
}

plan_write() {
	local records agents login=

	[ -x "$BUILD/check_wolkvox_login_time" ] && login=yes
	: >"$WORK/plan"
	for records in $SIZES; do
		plan_add "check_curl/$records" "$CHECK_CURL" -H 127.0.0.1 -p "$PORT" \
			-u "/s/r$records/api/v2/reports_manager.php?$QUERY" -k "wolkvox-token: $TOKEN"
		plan_add "curl/$records" "$(command -v curl)" -s -o /dev/null \
			-H "wolkvox-token: $TOKEN" "http://127.0.0.1:$PORT/s/r$records/api/v2/reports_manager.php?$QUERY"
		plugin_add "shift-nocache/$records" check_wolkvox_shift "$records" "$DEFAULT_ROSTER" --no-cache
		plugin_add "shift-hit/$records" check_wolkvox_shift "$records" "$DEFAULT_ROSTER" \
			--cache-max-age 86400
		if [ -n "$login" ]; then
			plugin_add "login-nocache/$records" check_wolkvox_login_time "$records" \
				"$DEFAULT_ROSTER" --so-far --no-cache
			plugin_add "login-hit/$records" check_wolkvox_login_time "$records" \
				"$DEFAULT_ROSTER" --so-far --cache-max-age 86400
		fi
	done
	for agents in $ROSTERS; do
		plugin_add "shift-nocache/60000/r$agents" check_wolkvox_shift 60000 "$agents" --no-cache
	done
}

# Runs every plugin line of the plan once and checks that it read the report,
# from its state (0 to 2) and perfdata. This also fills the cache.
plan_sanity() {
	local label program output status

	while IFS=$'\t' read -r -a line; do
		label=${line[0]}
		program=${line[1]}
		case $program in
		*/check_wolkvox_*) ;;
		*) continue ;;
		esac
		output=$("${line[@]:1}" 2>&1)
		status=$?
		if [ "$status" -gt 2 ] || [[ $output != *'|'*'='* ]]; then
			echo "bench: $label does not evaluate the report (exit $status):" >&2
			printf '%s\n' "$output" | head -3 >&2
			exit 1
		fi
	done <"$WORK/plan"
}

# Times json-c's strict parse and report_parse() in one process.
parse_times() {
	local files=() records

	for records in $SIZES; do
		files+=("$WORK/data/r$records.json")
	done
	"$BENCH/parse_bench" --rounds 15 "${files[@]}" >"$OUT/parse.tsv" || die "parse_bench failed"
}

# callgrind_run OUT COMMAND...: the instructions COMMAND executes.
callgrind_run() {
	local out=$1
	shift
	valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >/dev/null 2>&1
	sed -n 's/^summary: *//p; s/^totals: *//p' "$out" | head -1
}

# Counts instructions with callgrind, which a busy machine does not disturb.
instructions_count() {
	local records kind mode line

	: >"$OUT/callgrind.tsv"
	for records in $SIZES; do
		for kind in shift-nocache shift-hit check_curl; do
			IFS=$'\t' read -r -a line < <(grep -P "^$kind/$records\t" "$WORK/plan")
			printf '%s/%s\t%s\n' "$kind" "$records" \
				"$(callgrind_run "$OUT/callgrind.$kind.$records.out" "${line[@]:1}")"
		done
		for mode in jsonc report; do
			printf 'parse-%s/%s\t%s\n' "$mode" "$records" \
				"$(callgrind_run "$OUT/callgrind.parse-$mode.$records.out" "$BENCH/parse_bench" \
					--rounds 1 --only "$mode" "$WORK/data/r$records.json")"
		done
	done >"$OUT/callgrind.tsv"
	callgrind_annotate "$OUT/callgrind.shift-nocache.60000.out" 2>/dev/null | head -60 \
		>"$OUT/profile.shift-nocache.60000.txt"
}

machine_describe() {
	printf 'machine: %s, %s CPUs, %s MiB RAM, %s\n' \
		"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" "$(nproc)" \
		"$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)" "$(uname -sr)"
	printf 'load average before the run: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
	printf 'check_curl: %s\n' "$("$CHECK_CURL" -V 2>/dev/null | head -1)"
	printf 'rounds: %s, alternating; wall and CPU in ms, peak RSS in MiB\n' "$ROUNDS"
}

main() {
	tools_check
	data_generate
	fake_start
	plan_write
	plan_sanity
	machine_describe | tee "$OUT/machine.txt"

	"$BENCH/measure" run --rounds "$ROUNDS" --output "$OUT/raw.tsv" "$WORK/plan" ||
		die "measure failed"
	"$BENCH/measure" summary "$OUT/raw.tsv" >"$OUT/summary.tsv" || die "measure summary failed"
	for records in $SIZES; do
		printf '%s\t%s\n' "$records" "$(stat -c %s "$WORK/data/r$records.json")"
	done >"$OUT/sizes.tsv"

	if [ "$MODE" = full ]; then
		parse_times
		instructions_count
	fi
	fake_stop

	bash "$ROOT/bench/report.sh" "$MODE" "$OUT" "$ROOT/bench/baseline.txt"
}

main
