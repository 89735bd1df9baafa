#!/usr/bin/env bash
# Runs the libFuzzer targets built by `make fuzz-build`, one after another,
# each for FUZZ_SECONDS, and writes the executions of each into
# $FUZZ_BUILD/summary.txt. Usage: run.sh NAME... (fuzz_NAME is the target).
# Exits non-zero when a target crashed, leaked, timed out or ran out of
# memory; the input that did it is saved as $FUZZ_BUILD/artifacts/NAME/*.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FUZZ_BUILD=${FUZZ_BUILD:-build/fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
CORPUS=$ROOT/tests/fuzz/corpus
SUMMARY=$FUZZ_BUILD/summary.txt

# The dictionary each target uses, if any.
dictionary_for() {
	case $1 in
	report | cache | token_info) echo "$ROOT/tests/fuzz/json.dict" ;;
	*) [ -f "$ROOT/tests/fuzz/$1.dict" ] && echo "$ROOT/tests/fuzz/$1.dict" ;;
	esac
}

# run_target NAME: fuzzes one target and appends its line to the summary.
run_target() {
	local name=$1 binary=$FUZZ_BUILD/fuzz_$1 log=$FUZZ_BUILD/$1.log
	local scratch=$FUZZ_BUILD/corpus/$1 artifacts=$FUZZ_BUILD/artifacts/$1/
	local dictionary options rc runs seconds rate

	mkdir -p "$scratch" "$artifacts" "$CORPUS/$name"
	options=(-max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -timeout=10
		-artifact_prefix="$artifacts" -print_final_stats=1)
	dictionary=$(dictionary_for "$name")
	[ -n "$dictionary" ] && options+=(-dict="$dictionary")

	# The first corpus directory receives the new inputs, so the committed
	# one stays a read-only seed.
	"$binary" "${options[@]}" "$scratch" "$CORPUS/$name" >"$log" 2>&1
	rc=$?

	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	seconds=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
	rate=$(sed -n 's/^#[0-9]*[[:space:]]*DONE .*exec\/s: \([0-9]*\).*/\1/p' "$log" | tail -n 1)

	if [ "$rc" = 0 ]; then
		printf '%-14s ok      %12s runs %6s s %10s exec/s\n' "$name" "${runs:-?}" \
			"${seconds:-?}" "${rate:-?}" | tee -a "$SUMMARY"
		return 0
	fi
	printf '%-14s FAILED  %12s runs, exit %s, see %s\n' "$name" "${runs:-?}" "$rc" "$log" |
		tee -a "$SUMMARY"
	grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written)' "$log" |
		head -n 8 | sed 's/^/    /'
	return 1
}

main() {
	local failed=0 name

	[ $# -gt 0 ] || { echo "usage: run.sh NAME..." >&2; exit 2; }
	mkdir -p "$FUZZ_BUILD"
	{
		echo "# make fuzz, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, FUZZ_SECONDS=$FUZZ_SECONDS"
		echo "# target        result         executions   time       rate"
	} >"$SUMMARY"
	for name in "$@"; do
		run_target "$name" || failed=1
	done
	return $failed
}

main "$@"
