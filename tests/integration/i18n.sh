#!/usr/bin/env bash
# Integration tests of the Spanish catalogue: every plugin, run against the
# fake wolkvox API under LANG=C and under LANG=es_CO.UTF-8, must give the
# same exit code, the same English state word and service name, and the
# same perfdata, with Spanish text around them. The catalogue comes from the
# build tree through WOLKVOX_LOCALEDIR, so `make translations` must have run
# (make integration does it).
#
# run.sh sources this file and calls i18n_tests once the fake API is up.
# Run alone, it starts its own fake API:
#
#     BUILD=build bash tests/integration/i18n.sh

I18N_LOCALEDIR=$BUILD/locale
I18N_CATALOGUE=$I18N_LOCALEDIR/es/LC_MESSAGES/wolkvox-plugins.mo
I18N_SHIFT=$BUILD/check_wolkvox_shift
I18N_LOGIN=$BUILD/check_wolkvox_login_time
I18N_QUOTA=$BUILD/check_wolkvox_quota

# Set by i18n_compare: the output of the English run, and the output and
# summary (the first line without perfdata) of the Spanish run.
EN_OUT=
ES_OUT=
ES_SUMMARY=

# i18n_run LANG PLUGIN [options...]: run_plugin with that LANG and the build
# tree's catalogues.
i18n_run() {
	local lang=$1 plugin=$2
	shift 2

	PLUGIN_ENV=("LANG=$lang" "WOLKVOX_LOCALEDIR=$I18N_LOCALEDIR")
	PLUGIN=$plugin run_plugin "$@"
	COMMAND="LANG=$lang ${plugin##*/} $*"
}

# The perfdata of a first line, with the values of api_time and data_age,
# which differ from run to run, replaced by X.
i18n_perfdata() {
	case $1 in
	*" | "*) printf '%s' "${1#* | }" | sed -E 's/(api_time|data_age)=[0-9.]+s/\1=Xs/g' ;;
	*) printf '%s' "(none)" ;;
	esac
}

# Prints the number of ';' in $1.
semicolon_count() {
	local only=${1//[^;]/}

	printf '%s' "${#only}"
}

# i18n_compare SERVICE EXIT PLUGIN [options...]: runs the plugin in English,
# then in Spanish, with the request counters reset before each run so that
# the quota counts match. Checks the exit code, "SERVICE STATE - " on both
# first lines, the same perfdata and well-formed output. The Spanish summary
# may not add a ';', because Nagios 4 turns ';' into ':' there. Leaves the
# Spanish output in ES_*.
i18n_compare() {
	local service=$1 expected=$2 plugin=$3 state en_rc en_perfdata es_perfdata en_summary
	shift 3
	state=$(state_name "$expected")

	stats_reset
	i18n_run C "$plugin" "$@"
	en_rc=$RC
	EN_OUT=$OUT
	en_summary=${FIRST%% | *}
	en_perfdata=$(i18n_perfdata "$FIRST")
	[ "$en_rc" = "$expected" ] || fail "LANG=C: exit code $en_rc, expected $expected"
	case $FIRST in
	"$service $state - "*) ;;
	*) fail "LANG=C: first line is not '$service $state - ...': $FIRST" ;;
	esac

	stats_reset
	i18n_run es_CO.UTF-8 "$plugin" "$@"
	ES_OUT=$OUT
	ES_SUMMARY=${FIRST%% | *}
	es_perfdata=$(i18n_perfdata "$FIRST")
	[ "$RC" = "$en_rc" ] || fail "exit code $RC in Spanish, $en_rc in English"
	case $FIRST in
	"$service $state - "*) ;;
	*) fail "first line is not '$service $state - ...' in Spanish: $FIRST" ;;
	esac
	[ "$es_perfdata" = "$en_perfdata" ] ||
		fail "perfdata '$es_perfdata' in Spanish, '$en_perfdata' in English"
	[ "$OUT" != "$EN_OUT" ] || fail "the Spanish output is the English one"
	assert_at_most_one_pipe
	assert_valid_utf8
	[ "$(semicolon_count "$ES_SUMMARY")" -le "$(semicolon_count "$en_summary")" ] ||
		fail "the Spanish summary has more ';' than the English one: $ES_SUMMARY"
}

# es_summary_has TEXT / es_output_has LINE: fixed strings in the Spanish
# summary, and whole lines of the Spanish output.
es_summary_has() {
	case $ES_SUMMARY in
	*"$1"*) ;;
	*) fail "the Spanish summary lacks '$1': $ES_SUMMARY" ;;
	esac
}

es_output_has() {
	printf '%s\n' "$ES_OUT" | grep -qxF -- "$1" || fail "the Spanish output lacks the line '$1'"
}

es_output_lacks() {
	if printf '%s\n' "$ES_OUT" | grep -qE -- "$1"; then
		fail "the Spanish output matches /$1/"
	fi
}

# ---------------------------------------------------------------- results

i18n_shift_tests() {
	local roster=$ROSTERS/default.csv

	begin_test "i18n shift ok in spanish"
	i18n_compare "WOLKVOX SHIFT" 0 "$I18N_SHIFT" -u "$(scenario_url on_time)" \
		--roster "$ROSTERS/day.csv" --token-file "$TOKEN_FILE" --now "$NOW" --no-cache
	es_summary_has 'WOLKVOX SHIFT OK - todos conectados: 3 asesores programados'
	end_test

	begin_test "i18n shift critical in spanish"
	i18n_compare "WOLKVOX SHIFT" 2 "$I18N_SHIFT" -u "$(api_url '')" --roster "$roster" \
		--token-file "$TOKEN_FILE" --now "$NOW" --no-cache -v
	es_summary_has '3 de 7 asesores sin conectarse (José María Peña, Lucía Fernández, María Núñez)'
	es_summary_has ', 1 con llegada tarde (Luis Gómez)'
	es_output_has 'sin conectarse: María Núñez (303), turno 08:00-17:00, ningún logueo desde el inicio'
	es_output_has 'llegada tarde: Luis Gómez (302), turno 08:00-17:00, se conectó a las 08:20, 20 min después del inicio'
	es_output_has 'a tiempo: Ana Pérez (301), turno 08:00-17:00, se conectó a las 07:55'
	es_output_has 'se omitió 1 registro del reporte con todos los campos vacíos'
	es_output_lacks 'agents|shift [0-9]|logged in'
	end_test

	begin_test "i18n shift api fault in spanish"
	i18n_compare "WOLKVOX SHIFT" 3 "$I18N_SHIFT" -u "$(fault_url 403-quota)" --roster "$roster" \
		--token-file "$TOKEN_FILE" --now "$NOW" --no-cache
	es_summary_has 'falló la solicitud a la API: HTTP 403'
	es_summary_has 'la cuota diaria de solicitudes de este token está agotada'
	end_test

	begin_test "i18n shift timeout in spanish"
	i18n_compare "WOLKVOX SHIFT" 3 "$I18N_SHIFT" -u "$(fault_url stall-headers)" --roster "$roster" \
		--token-file "$TOKEN_FILE" --now "$NOW" --no-cache -t 2
	es_summary_has 'la solicitud agotó el tiempo de espera tras'
	es_summary_has ' - la API está lenta; aumente -t'
	end_test

	begin_test "i18n shift json keys stay english"
	i18n_json_test -u "$(api_url '')" --roster "$roster" --token-file "$TOKEN_FILE" \
		--now "$NOW" --no-cache --format json
	end_test
}

# i18n_json_test [options...]: --format json of the shift plugin in English
# and in Spanish has the same exit code, keys, state, exit_code, service and
# perfdata (but for the api_time value), and a Spanish summary.
i18n_json_test() {
	local keys='[paths(scalars) | map(tostring) | join(".")] | sort'
	local perfdata='.perfdata | del(.api_time.value)'
	local fixed='[.service, .state, .exit_code]'
	local en_rc

	i18n_run C "$I18N_SHIFT" "$@"
	en_rc=$RC
	EN_OUT=$OUT
	i18n_run es_CO.UTF-8 "$I18N_SHIFT" "$@"
	ES_OUT=$OUT
	[ "$RC" = "$en_rc" ] || fail "exit code $RC in Spanish, $en_rc in English"
	jq -e . >/dev/null 2>&1 <<<"$ES_OUT" || fail "the Spanish output is not JSON"
	[ "$(jq -c "$keys" <<<"$EN_OUT")" = "$(jq -c "$keys" <<<"$ES_OUT")" ] ||
		fail "the JSON keys differ between English and Spanish"
	[ "$(jq -c "$fixed" <<<"$ES_OUT")" = '["WOLKVOX SHIFT","CRITICAL",2]' ] ||
		fail "service, state and exit_code in Spanish: $(jq -c "$fixed" <<<"$ES_OUT")"
	[ "$(jq -cS "$perfdata" <<<"$EN_OUT")" = "$(jq -cS "$perfdata" <<<"$ES_OUT")" ] ||
		fail "the JSON perfdata differs between English and Spanish"
	[ "$(jq -r .summary <<<"$ES_OUT")" = '3 de 7 asesores sin conectarse (José María Peña, Lucía Fernández, María Núñez), 1 con llegada tarde (Luis Gómez)' ] ||
		fail "JSON summary in Spanish: $(jq -r .summary <<<"$ES_OUT")"
}

i18n_login_tests() {
	local url roster=$ROSTERS/login_day.csv

	url=$(scenario_url login_day)

	begin_test "i18n login time ok in spanish"
	i18n_compare "WOLKVOX LOGIN TIME" 0 "$I18N_LOGIN" -u "$url" --roster "$roster" --agent 402 \
		--token-file "$TOKEN_FILE" --now '2025-03-12 17:10:00' --no-cache
	es_summary_has 'WOLKVOX LOGIN TIME OK - Luis Gómez 7 h 30 min de 7 h 00 min (107 %), turno 2025-03-12 08:00-15:30'
	es_output_has 'en meta: Luis Gómez (402), turno 2025-03-12 08:00-15:30, 7 h 30 min de 7 h 00 min (107 %)'
	end_test

	begin_test "i18n login time critical in spanish"
	i18n_compare "WOLKVOX LOGIN TIME" 2 "$I18N_LOGIN" -u "$url" --roster "$roster" \
		--token-file "$TOKEN_FILE" --now '2025-03-12 17:10:00' --no-cache -v
	es_summary_has '3 de 7 asesores bajo la meta: Nicolás Cañas 0 h 00 min de 7 h 00 min (0 %), Valentina Ibáñez 6 h 00 min de 7 h 00 min (85 %), Ana Pérez 6 h 10 min de 7 h 00 min (88 %)'
	es_output_has 'equipo morning:'
	es_output_has '  bajo la meta: Valentina Ibáñez (405), turno 2025-03-12 09:00-17:00, 6 h 00 min de 7 h 00 min (85 %)'
	es_output_has '  en meta: Camila Ordóñez (408), turno 2025-03-11 22:00-06:00, 8 h 03 min de 8 h 00 min (100 %)'
	es_output_lacks 'under target|on target|shift [0-9]'
	end_test

	begin_test "i18n login time api fault in spanish"
	i18n_compare "WOLKVOX LOGIN TIME" 3 "$I18N_LOGIN" -u "$(fault_url 403-token)" --roster "$roster" \
		--token-file "$TOKEN_FILE" --now '2025-03-12 17:10:00' --no-cache
	es_summary_has 'falló la solicitud a la API: HTTP 403'
	es_summary_has 'el token no es válido; revise --token-file o WOLKVOX_TOKEN'
	end_test
}

i18n_quota_tests() {
	begin_test "i18n quota ok in spanish"
	i18n_compare "WOLKVOX QUOTA" 0 "$I18N_QUOTA" -u "$API_BASE/api/v2/information.php" \
		--token-file "$TOKEN_FILE" --no-cache
	es_summary_has 'WOLKVOX QUOTA OK - 0.1 % de la cuota diaria usada (1 de 1000 solicitudes)'
	es_output_has 'este token: 1 solicitud hoy'
	es_output_has 'todos los tokens de la operación: 1 solicitud hoy'
	es_output_has 'evaluado con el conteo mayor (--scope operation)'
	end_test

	begin_test "i18n quota critical in spanish"
	i18n_compare "WOLKVOX QUOTA" 2 "$I18N_QUOTA" -u "$API_BASE/limit/1/api/v2/information.php" \
		--token-file "$TOKEN_FILE" --no-cache --scope token
	es_summary_has 'WOLKVOX QUOTA CRITICAL - 100.0 % de la cuota diaria usada (1 de 1 solicitudes)'
	es_output_has 'evaluado con las solicitudes de este token (--scope token)'
	end_test

	begin_test "i18n quota api fault in spanish"
	i18n_compare "WOLKVOX QUOTA" 3 "$I18N_QUOTA" -u "$API_BASE/api/v2/informacion.php" \
		--token-file "$TOKEN_FILE" --no-cache
	es_summary_has 'falló la solicitud a la API: HTTP 404'
	es_summary_has 'no se encontró la URL; revise la ruta dada con -u'
	end_test
}

# ------------------------------------------------------- usage and help

# i18n_usage_test NAME PLUGIN SERVICE TEXT [options...]: a usage error exits
# 3 in both languages, with TEXT in the Spanish summary and the Spanish
# usage lines after it.
i18n_usage_test() {
	local name=$1 plugin=$2 service=$3 text=$4
	shift 4

	begin_test "i18n usage error of $name"
	i18n_compare "$service" 3 "$plugin" "$@"
	es_summary_has "$text"
	printf '%s\n' "$ES_OUT" | grep -q "^Uso: $name " || fail "no 'Uso: $name' line in Spanish"
	es_output_has "Pruebe '$name --help' para más información."
	assert_requests 0
	end_test
}

# i18n_help_test NAME PLUGIN HEADING: --help in Spanish exits 3, has the
# Spanish group headings, every long option of the English help, and no
# line wider than 80 columns.
i18n_help_test() {
	local name=$1 plugin=$2 heading=$3 option en_help wide

	begin_test "i18n help of $name"
	i18n_run C "$plugin" --help
	en_help=$OUT
	i18n_run es_CO.UTF-8 "$plugin" --help
	assert_exit 3
	printf '%s\n' "$OUT" | grep -qxF "$heading" || fail "the Spanish help lacks '$heading'"
	printf '%s\n' "$OUT" | grep -qxF 'Opciones de la API:' || fail "the Spanish help lacks 'Opciones de la API:'"
	printf '%s\n' "$OUT" | grep -qxF 'Opciones generales:' || fail "the Spanish help lacks 'Opciones generales:'"
	for option in $(printf '%s\n' "$en_help" | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
		printf '%s\n' "$OUT" | grep -q -- "$option" || fail "the Spanish help lacks $option"
	done
	wide=$(printf '%s\n' "$OUT" | LC_ALL=C.UTF-8 wc -L)
	[ "$wide" -le 80 ] || fail "the Spanish help has a line of $wide columns, over 80"
	printf '%s\n' "$OUT" | LC_ALL=C.UTF-8 grep -q '[áéíóúñ]' || fail "the Spanish help has no accented letters"
	end_test
}

i18n_usage_tests() {
	i18n_usage_test check_wolkvox_shift "$I18N_SHIFT" "WOLKVOX SHIFT" \
		"WOLKVOX SHIFT UNKNOWN - opción '--bogus' desconocida" \
		-u "$(api_url '')" --roster "$ROSTERS/default.csv" --token-file "$TOKEN_FILE" --bogus
	i18n_usage_test check_wolkvox_login_time "$I18N_LOGIN" "WOLKVOX LOGIN TIME" \
		'WOLKVOX LOGIN TIME UNKNOWN - falta --roster FILE, o --agent ID con --shift HH:MM-HH:MM' \
		-u "$(api_url '')" --token-file "$TOKEN_FILE"
	i18n_usage_test check_wolkvox_quota "$I18N_QUOTA" "WOLKVOX QUOTA" \
		"WOLKVOX QUOTA UNKNOWN - --scope 'maybe' no válido: dé operation o token" \
		-u "$API_BASE/api/v2/information.php" --token-file "$TOKEN_FILE" --scope maybe

	i18n_help_test check_wolkvox_shift "$I18N_SHIFT" 'Opciones del chequeo:'
	i18n_help_test check_wolkvox_login_time "$I18N_LOGIN" 'Qué revisar:'
	i18n_help_test check_wolkvox_quota "$I18N_QUOTA" 'Opciones del chequeo:'
}

# ------------------------------------------------------ locale selection

# i18n_locale_test NAME EXPECTED ENV...: the first line of a usage error
# under the environment words ENV is EXPECTED.
i18n_locale_test() {
	local name=$1 expected=$2
	shift 2

	begin_test "i18n locale $name"
	PLUGIN_ENV=("$@" "WOLKVOX_LOCALEDIR=$I18N_LOCALEDIR")
	PLUGIN=$I18N_SHIFT run_plugin --bogus
	COMMAND="$* check_wolkvox_shift --bogus"
	assert_exit 3
	[ "$FIRST" = "$expected" ] || fail "first line '$FIRST', expected '$expected'"
	end_test
}

# glibc reads LANGUAGE only when the locale of LC_MESSAGES is not C or
# POSIX, so LANGUAGE=es needs a LANG such as C.UTF-8.
i18n_locale_tests() {
	local spanish="WOLKVOX SHIFT UNKNOWN - opción '--bogus' desconocida"
	local english="WOLKVOX SHIFT UNKNOWN - unknown option '--bogus'"

	i18n_locale_test "LANGUAGE=es with C.UTF-8" "$spanish" LANG=C.UTF-8 LANGUAGE=es
	i18n_locale_test "LANGUAGE=es ignored under C" "$english" LANG=C LANGUAGE=es
	i18n_locale_test "LC_ALL=es_CO.UTF-8" "$spanish" LC_ALL=es_CO.UTF-8
	i18n_locale_test "LANGUAGE=en over es_CO" "$english" LANG=es_CO.UTF-8 LANGUAGE=en
	i18n_locale_test "LC_MESSAGES=C over es_CO" "$english" LANG=es_CO.UTF-8 LC_MESSAGES=C
}

i18n_tests() {
	if [ ! -f "$I18N_CATALOGUE" ]; then
		begin_test "i18n spanish catalogue built"
		fail "$I18N_CATALOGUE is missing; run make translations"
		end_test
		return
	fi
	if ! locale -a 2>/dev/null | grep -qiE '^es_CO\.utf-?8$'; then
		begin_test "i18n es_CO.UTF-8 locale installed"
		fail "the es_CO.UTF-8 locale is missing; generate it (locale-gen) to run these tests"
		end_test
		return
	fi

	i18n_shift_tests
	i18n_login_tests
	i18n_quota_tests
	i18n_usage_tests
	i18n_locale_tests
}

# Run alone: the harness of run.sh, with only this suite.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -u
	# shellcheck source=tests/integration/lib.sh
	. "$(dirname "$0")/lib.sh"
	I18N_LOCALEDIR=$BUILD/locale
	I18N_CATALOGUE=$I18N_LOCALEDIR/es/LC_MESSAGES/wolkvox-plugins.mo
	I18N_SHIFT=$BUILD/check_wolkvox_shift
	I18N_LOGIN=$BUILD/check_wolkvox_login_time
	I18N_QUOTA=$BUILD/check_wolkvox_quota
	NOW='2025-03-12 11:00:00'

	harness_init
	if [ ! -x "$FAKE" ]; then
		echo "Bail out! build $FAKE first (make)"
		exit 1
	fi
	fake_start api --token-file "$TOKEN_FILE" --scenario-dir "$SCENARIOS"
	api_use "http://127.0.0.1:$FAKE_PORT"

	i18n_tests
	summary_print
fi
