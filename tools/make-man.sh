#!/usr/bin/env bash
# Writes a section 1 man page for one plugin, made from the plugin's own
# --help output, so the page and the help never disagree.
#
#   tools/make-man.sh [--lang en|es] [--localedir DIR] [--date YYYY-MM-DD]
#                     [--see-also 'PAGE(1) ...'] PLUGIN
#       writes the page to stdout
#   tools/make-man.sh --check PAGE [--lang ...] [--localedir ...] [--date ...]
#                     [--see-also ...] PLUGIN
#       fails when PAGE differs from a page made now, when groff warns about
#       it, or when a long option of the help is missing from the rendered
#       page
#
# --lang en (the default) reads the help in the C locale. --lang es reads it
# with LC_ALL=C.UTF-8 LANGUAGE=es, because glibc ignores LANGUAGE in the C
# locale, and with WOLKVOX_LOCALEDIR=DIR when --localedir gives the
# directory of the compiled catalogues (absolute, such as build/locale made
# absolute). The Spanish page is written in UTF-8 with a coding line for
# preconv, and the script fails when the help it reads is not in Spanish.
#
# The help's layout is the one that options_print_usage() and
# options_print_common_help() produce (the Spanish words in brackets):
#
#   NAME vVERSION (PACKAGE)            first line
#   paragraph                          what the plugin does -> DESCRIPTION
#   Usage: NAME ...  [Uso:]            -> SYNOPSIS, with its indented lines
#   Group options:                     -> OPTIONS, one subsection per group
#     -x, --long ARG   text            option lines and their continuations
#   paragraph                          after the options -> DESCRIPTION
#   Heading ending in a colon:         followed by indented lines -> EXAMPLES
#
# Sections the help has no room for (EXIT STATUS, ENVIRONMENT when the help
# names $WOLKVOX_TOKEN, SEE ALSO) are added from fixed text.

set -euo pipefail

usage() {
	echo "usage: $0 [--check PAGE] [--lang en|es] [--localedir DIR] [--date YYYY-MM-DD]" \
		"[--see-also 'PAGE(1) ...'] PLUGIN" >&2
	exit 2
}

date_text=$(date -u +%Y-%m-%d)
see_also=
check_page=
lang=en
localedir=
while [ $# -gt 1 ]; do
	case $1 in
	--date) date_text=$2; shift 2 ;;
	--see-also) see_also=$2; shift 2 ;;
	--check) check_page=$2; shift 2 ;;
	--lang) lang=$2; shift 2 ;;
	--localedir) localedir=$2; shift 2 ;;
	*) usage ;;
	esac
done
[ $# -eq 1 ] || usage
plugin=$1

case $lang in
en | es) ;;
*) echo "make-man.sh: unknown --lang '$lang'; give en or es" >&2; exit 2 ;;
esac
case $localedir in
'' | /*) ;;
*) echo "make-man.sh: --localedir '$localedir' must be an absolute path" >&2; exit 2 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
help_file=$work/help

# Runs the plugin's --help in the locale of the page's language.
help_read() {
	if [ "$lang" = en ]; then
		LC_ALL=C LANGUAGE='' "$plugin" --help
	elif [ -n "$localedir" ]; then
		LC_ALL=C.UTF-8 LANGUAGE=$lang WOLKVOX_LOCALEDIR=$localedir "$plugin" --help
	else
		LC_ALL=C.UTF-8 LANGUAGE=$lang "$plugin" --help
	fi
}

# --help exits 3 (UNKNOWN) by the plugin convention; anything else, or no
# output, means the binary is broken and no page is written.
set +e
help_read >"$help_file" 2>/dev/null
rc=$?
set -e
if [ "$rc" -ne 3 ] || [ ! -s "$help_file" ]; then
	echo "make-man.sh: '$plugin --help' exited $rc (expected 3) or printed nothing" >&2
	exit 1
fi

# A missing catalogue leaves the help in English, which must not become the
# Spanish page.
if [ "$lang" = es ] && ! grep -q '^Uso: ' "$help_file"; then
	echo "make-man.sh: '$plugin --help' under LANGUAGE=es is not in Spanish;" \
		"build the catalogue (make translations) and give --localedir" >&2
	exit 1
fi

# Compares check_page with a page made now, renders it with warnings on,
# and looks for every long option of the help in the rendered text.
check() {
	local failed=0 option

	generate >"$work/page.1"
	if ! diff -u "$check_page" "$work/page.1"; then
		echo "make-man.sh: $check_page is out of date: run make man" >&2
		failed=1
	fi

	if ! LC_ALL=C.UTF-8 groff -k -man -ww -Tutf8 -z "$check_page" 2>"$work/groff.log" ||
		[ -s "$work/groff.log" ]; then
		cat "$work/groff.log" >&2
		echo "make-man.sh: groff warns about $check_page" >&2
		failed=1
	fi

	LC_ALL=C.UTF-8 groff -k -man -Tutf8 -P-cbou "$check_page" >"$work/page.txt" 2>/dev/null
	for option in $(grep -o -- '--[a-z][a-z0-9-]*' "$help_file" | sort -u); do
		if ! grep -q -- "$option" "$work/page.txt"; then
			echo "make-man.sh: $check_page lacks $option" >&2
			failed=1
		fi
	done
	return "$failed"
}

generate() {
	awk -v date_text="$date_text" -v see_also="$see_also" -v lang="$lang" '
# The words of the help that the parser looks for, and the fixed text of
# the page, in the language of the page.
BEGIN {
	if (lang == "es") {
		usage_word = "Uso:"
		try_pattern = "^Pruebe .* para más información[.]$"
	} else {
		usage_word = "Usage:"
		try_pattern = "^Try .* for more information[.]$"
	}
}

# Escapes text for roff: backslashes, hyphens (as minus signs, so options
# can be searched and copied) and a leading control character.
function esc(s) {
	gsub(/\\/, "\\e", s)
	gsub(/-/, "\\-", s)
	if (s ~ /^[.\047]/)
		s = "\\&" s
	return s
}

# Formats an option spec such as "-w, --warning RANGE": the option names
# bold, their arguments italic.
function spec(s,    n, i, words, out, word, comma) {
	n = split(s, words, / /)
	out = ""
	for (i = 1; i <= n; i++) {
		word = words[i]
		comma = ""
		if (word ~ /,$/) {
			comma = ","
			sub(/,$/, "", word)
		}
		if (word ~ /^-/)
			word = "\\fB" esc(word) "\\fR"
		else
			word = "\\fI" esc(word) "\\fR"
		out = out (out == "" ? "" : " ") word comma
	}
	return out
}

function flush_paragraph() {
	if (paragraph == "")
		return
	if (seen_options)
		late_description = late_description ".PP\n" paragraph
	else if (description == "")
		description = paragraph
	else
		description = description ".PP\n" paragraph
	paragraph = ""
}

function finish_example() {
	if (in_example)
		examples = examples ".EE\n"
	in_example = 0
}

# First pass: the column where option texts start, the indentation of the
# continuation lines (the most common one, 27 in the current help).
NR == FNR {
	if (match($0, /^ +[^ -]/) && RLENGTH > 8)
		indents[RLENGTH - 1]++
	next
}

FNR == 1 {
	text_column = 27
	best = 0
	for (width in indents)
		if (indents[width] > best) {
			best = indents[width]
			text_column = width + 0
		}
}

/WOLKVOX_TOKEN/ {
	has_token_variable = 1
}

FNR == 1 {
	name = $1
	version = $2
	sub(/^v/, "", version)
	package = $3
	gsub(/[()]/, "", package)
	next
}

index($0, usage_word " ") == 1 {
	flush_paragraph()
	sub("^" usage_word " [^ ]+ ?", "")
	synopsis = esc($0)
	mode = "usage"
	next
}

mode == "usage" && /^ +/ {
	sub(/^ +/, "")
	synopsis = synopsis " " esc($0)
	next
}

$0 ~ try_pattern {
	next
}

/^$/ {
	flush_paragraph()
	finish_example()
	mode = ""
	next
}

# A heading: an option group when option lines follow, else an example.
/^[^ ].*:$/ && mode == "" {
	heading = $0
	sub(/:$/, "", heading)
	mode = "heading"
	next
}

mode == "heading" && /^ +-/ {
	options = options ".SS \"" esc(heading) "\"\n"
	seen_options = 1
	mode = "options"
}

mode == "heading" {
	if (examples == "")
		examples = ".PP\n" esc(heading) ":\n"
	else
		examples = examples ".PP\n" esc(heading) ":\n"
	examples = examples ".EX\n"
	in_example = 1
	mode = "example"
}

mode == "example" {
	line = $0
	sub(/^  /, "", line)
	examples = examples esc(line) "\n"
	next
}

# An option line: the spec, then its text from the text column, or nothing
# when the spec reaches into that column (the text follows on the next line).
mode == "options" && /^ +-/ {
	line = $0
	text = ""
	if (length(line) > text_column && substr(line, text_column, 1) == " " &&
	    substr(line, text_column + 1, 1) != " ") {
		text = substr(line, text_column + 1)
		line = substr(line, 1, text_column)
	}
	sub(/^ +/, "", line)
	sub(/ +$/, "", line)
	options = options ".TP\n" spec(line) "\n"
	if (text != "")
		options = options esc(text) "\n"
	next
}

mode == "options" && /^ +/ {
	line = $0
	sub(/^ +/, "", line)
	options = options esc(line) "\n"
	next
}

{
	paragraph = paragraph esc($0) "\n"
}

END {
	flush_paragraph()
	finish_example()

	# The first sentence of the description, up to its first comma, is
	# the whatis entry.
	summary = description
	gsub(/\n/, " ", summary)
	sub(/[,.].*/, "", summary)
	summary = tolower(substr(summary, 1, 1)) substr(summary, 2)

	title = toupper(name)
	gsub(/\\-/, "-", title)
	if (lang == "es")
		print_page_es()
	else
		print_page_en()
}

function print_sections(name_heading, synopsis_heading, description_heading, options_heading) {
	print ".SH " name_heading
	printf "%s \\- %s\n", esc(name), summary
	print ".SH " synopsis_heading
	printf ".B %s\n%s\n", esc(name), synopsis
	print ".SH " description_heading
	printf "%s%s", description, late_description
	print ".SH " options_heading
	printf "%s", options
}

function print_exit_states(heading) {
	print ".SH " heading
	print ".TP\n0\nOK"
	print ".TP\n1\nWARNING"
	print ".TP\n2\nCRITICAL"
}

function print_see_also(heading, readme_line,    n, i, pages) {
	print ".SH " heading
	n = split(see_also, pages, /[ ,]+/)
	for (i = 1; i <= n; i++)
		if (match(pages[i], /\([0-9]\)$/))
			printf ".BR %s %s,\n", esc(substr(pages[i], 1, RSTART - 1)), substr(pages[i], RSTART)
	print readme_line
}

function print_page_en() {
	printf ".TH \"%s\" \"1\" \"%s\" \"%s %s\" \"Monitoring plugins\"\n", esc(title), date_text, package, version
	print_sections("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS")
	print_exit_states("EXIT STATUS")
	print ".TP\n3\nUNKNOWN: a bad option or configuration, an API failure (see"
	print "\\fB\\-\\-api\\-error\\-state\\fR), and after \\fB\\-\\-help\\fR or \\fB\\-\\-version\\fR."
	print ".SH ENVIRONMENT"
	if (has_token_variable) {
		print ".TP\n.B WOLKVOX_TOKEN"
		print "The API token, read when \\fB\\-\\-token\\-file\\fR is not given."
		print "Prefer the file: the environment of a process can be read by its owner and root."
	}
	print ".TP\n.B LANG, LC_ALL, LC_MESSAGES, LANGUAGE"
	print "The language of the messages, read by gettext: LANG=es_CO.UTF\\-8 (a locale"
	print "that \\fBlocale \\-a\\fR lists), or LANGUAGE=es with a LANG other than C or POSIX,"
	print "such as C.UTF\\-8, selects Spanish."
	print "State words, perfdata, JSON keys and option names stay in English."
	if (examples != "") {
		print ".SH EXAMPLES"
		printf "%s", examples
	}
	print_see_also("SEE ALSO", "the README.md in /usr/share/doc/monitoring\\-plugins\\-wolkvox/")
}

function print_page_es() {
	print ".\\\" -*- coding: UTF-8 -*-"
	printf ".TH \"%s\" \"1\" \"%s\" \"%s %s\" \"Plugins de monitoreo\"\n", esc(title), date_text, package, version
	# groff 1.22 has no Spanish hyphenation patterns, and the English
	# ones split Spanish words in the wrong places.
	print ".nh"
	print_sections("NOMBRE", "SINOPSIS", "DESCRIPCIÓN", "OPCIONES")
	print_exit_states("ESTADO DE SALIDA")
	print ".TP\n3\nUNKNOWN: una opción o configuración incorrecta, una falla de la API (vea"
	print "\\fB\\-\\-api\\-error\\-state\\fR), y después de \\fB\\-\\-help\\fR o \\fB\\-\\-version\\fR."
	print ".SH ENTORNO"
	if (has_token_variable) {
		print ".TP\n.B WOLKVOX_TOKEN"
		print "El token de la API, que se lee cuando no se da \\fB\\-\\-token\\-file\\fR."
		print "Prefiera el archivo: el dueño de un proceso y root pueden leer su entorno."
	}
	print ".TP\n.B LANG, LC_ALL, LC_MESSAGES, LANGUAGE"
	print "El idioma de los mensajes, como los lee gettext: LANG=es_CO.UTF\\-8 (un locale"
	print "que \\fBlocale \\-a\\fR liste), o LANGUAGE=es con un LANG distinto de C o POSIX,"
	print "como C.UTF\\-8, selecciona el español."
	print "Las palabras de estado, el perfdata, las claves JSON y los nombres de las"
	print "opciones quedan en inglés."
	if (examples != "") {
		print ".SH EJEMPLOS"
		printf "%s", examples
	}
	print_see_also("VÉASE TAMBIÉN",
		       "el README.es.md (en español) y el README.md en /usr/share/doc/monitoring\\-plugins\\-wolkvox/")
}
' "$help_file" "$help_file"
}

if [ -n "$check_page" ]; then
	check
else
	generate
fi
