#!/usr/bin/env bash
# Rebuilds the seed corpora under tests/fuzz/corpus from the test fixtures
# and the hand-written seeds below. It overwrites the files it writes and
# leaves other inputs in the corpus directories alone. Run through
# `make fuzz-seeds`, which builds the program that writes the cache seeds
# and passes it in CACHE_SEEDS; without it the cache seeds are left as they
# are.

set -eu

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FIXTURES=$ROOT/tests/fixtures
CORPUS=$ROOT/tests/fuzz/corpus

# seed_report FILE STATUS_BYTE CONTENT_TYPE_BYTE PREFIX: writes the report
# seed with the two selector bytes that fuzz_report.c reads first. The bytes
# are indexes into its statuses[] (0 = 200, 1 = 404, 2 = 403, 4 = 401,
# 5 = 400, 7 = 502) and content_types[] (1 = JSON, 3 = HTML) tables.
seed_report() {
	local file=$1 name

	name=$(basename "$file")
	name=${name%.*}
	{
		printf "\\$(printf '%03o' "$2")\\$(printf '%03o' "$3")"
		cat "$file"
	} >"$CORPUS/report/$4$name"
}

report_seeds() {
	local file name

	mkdir -p "$CORPUS/report"
	for file in "$FIXTURES"/report/* "$FIXTURES"/scenarios/*; do
		name=$(basename "$file")
		case $name in
		error_400*) seed_report "$file" 5 1 "" ;;
		error_401*) seed_report "$file" 4 1 "" ;;
		error_403*) seed_report "$file" 2 1 "" ;;
		error_404*) seed_report "$file" 1 1 "" ;;
		*.html) seed_report "$file" 7 3 "" ;;
		*) seed_report "$file" 0 1 "" ;;
		esac
	done
	seed_report "$FIXTURES/report/login_page.html" 0 3 ok_
	seed_report "$FIXTURES/report/error_403_quota.json" 0 3 ok_
}

# The streaming reader takes the report bodies without the selector bytes,
# after one byte that lets it read the whole body.
report_stream_seeds() {
	local file

	mkdir -p "$CORPUS/report_stream"
	for file in "$FIXTURES"/report/*.json "$FIXTURES"/scenarios/*.json; do
		{
			printf '\000'
			cat "$file"
		} >"$CORPUS/report_stream/$(basename "$file" .json)"
	done
}

# Byte 0 picks the section: 0 check_wolkvox_shift, 1 wolkvox.
extra_opts_seeds() {
	local file

	mkdir -p "$CORPUS/extra_opts"
	for file in "$FIXTURES"/extra_opts/*; do
		{
			printf '\001'
			cat "$file"
		} >"$CORPUS/extra_opts/$(basename "$file" .ini)"
	done
	printf '\000; comment\n[ check_wolkvox_shift ]\nt=5\nverbose=\n# x\n[other]\nbad line\n' \
		>"$CORPUS/extra_opts/seed_1"
}

# Byte 0 picks the HTTP status: 0 = 200, 1 = 403.
token_info_seeds() {
	mkdir -p "$CORPUS/token_info"
	printf '\000{"code":200,"error":null,"msg":"ok","data":{"token_limit":"3000","token_use_today":"12","all_token_today":"1,234.50"}}' \
		>"$CORPUS/token_info/seed_1"
	printf '\000{"code":"200","data":[{"token_limit":1000,"token_use_today":0}]}' \
		>"$CORPUS/token_info/seed_2"
	printf '\000{"token_limit":"5000.00","token_use_today":"4,999","all_token_today":null}' \
		>"$CORPUS/token_info/seed_3"
	printf '\001{"code":403,"error":"FORBIDDEN","msg":"TOKEN LIMIT EXCEEDED","data":null}' \
		>"$CORPUS/token_info/seed_4"
	printf '\000{"data":{"token_limit":"1.000,5","token_use_today":-3}}' >"$CORPUS/token_info/seed_5"
}

roster_seeds() {
	local file

	mkdir -p "$CORPUS/roster"
	for file in "$FIXTURES"/roster/* "$FIXTURES"/rosters/*; do
		cp "$file" "$CORPUS/roster/$(basename "$(dirname "$file")")_$(basename "$file")"
	done
}

# seed_lines TARGET TEXT...: one seed file per text.
seed_lines() {
	local target=$1 i=0 text
	shift

	mkdir -p "$CORPUS/$target"
	for text in "$@"; do
		i=$((i + 1))
		printf '%s' "$text" >"$CORPUS/$target/seed_$i"
	done
}

text_seeds() {
	seed_lines range 10 20 '~:10' '@10:20' 0.5:1.5 10: '@~:-5' 1e3 1,5 :10 -5 10abc @ '~' \
		20:10 '@-0.5:+.5' 5.: \
		'123456789012345678901234567890123456789012345678901234567890123'
	seed_lines timeutil '2026-03-02 07:58:12' '2024-02-29 00:00:00' '2023-02-29 12:00:00' \
		'0000-00-00 00:00:00' '1992-05-03 00:30:00' 2024-12-31 08:00 23:59 24:00 \
		4:38:08 27:00:00 0:00:00 99999999999999:59:59 1:60:00 -1:00:00
	seed_lines strnum 0 -0 +10 010 0x10 -9223372036854775808 9223372036854775808 .5 5. \
		-.5 1e5 inf nan 1,5 64M 1k 16G 18446744073709551615 18446744073709551616k \
		' 1' '1 '
	seed_lines duration 8h 7h30m 450m 27000s 1d12h 1h0m30s 07:30:00 27:00:00 366d 367d \
		8784h 30m7h 7.5h -1h 450 h '8h ' 0s 99999999999999999999s
}

# The shift seeds are --agent, --shift and --days separated by NUL bytes.
shift_seeds() {
	mkdir -p "$CORPUS/shift"
	printf '1001\00008:00-17:00\000mon-fri' >"$CORPUS/shift/seed_1"
	printf '4002\00022:00-06:00\000*' >"$CORPUS/shift/seed_2"
	printf 'Ana \"P\"\00009:00-09:00\000lun,mi\303\251,vie' >"$CORPUS/shift/seed_3"
	printf '7\00000:00-23:59\0002024-02-29' >"$CORPUS/shift/seed_4"
	printf 'x,y\00008:00-1700\000sat-mon,"' >"$CORPUS/shift/seed_5"
}

# The output seeds contain NUL bytes, which a shell string cannot hold, so
# printf writes them from octal escapes. Byte 0 is the state (bits 0-1) and
# the number of perfdata items (bits 2-3).
output_seeds() {
	mkdir -p "$CORPUS/output"
	printf '\000OK all agents present' >"$CORPUS/output/seed_1"
	printf '\002CRITICAL - 3 absent\000Ana P\303\251rez\000Luis | pipe' >"$CORPUS/output/seed_2"
	printf '\003\377\376\355\240\200\302\205\342\202' >"$CORPUS/output/seed_3"
	printf '\005\000\000\000\000\000\000\024\100\001\001summary\nwith newline\000line\r\000\177' \
		>"$CORPUS/output/seed_4"
}

# Real cache files, as cache_write() makes them, of the reports parsed from
# the fixtures.
cache_seeds() {
	[ -n "${CACHE_SEEDS:-}" ] || return 0
	mkdir -p "$CORPUS/cache"
	"$CACHE_SEEDS" "$CORPUS/cache" "$FIXTURES"/report/*.json "$FIXTURES"/scenarios/*.json
}

report_seeds
cache_seeds
report_stream_seeds
extra_opts_seeds
token_info_seeds
roster_seeds
text_seeds
shift_seeds
output_seeds
