#!/usr/bin/env bash
# Writes a section 1 man page for one plugin, made from the plugin's own
# --help output, so the page and the help never disagree.
#
#   tools/make-man.sh [--date YYYY-MM-DD] [--see-also 'PAGE(1) ...'] PLUGIN
#       writes the page to stdout
#   tools/make-man.sh --check PAGE [--date ...] [--see-also ...] PLUGIN
#       fails when PAGE differs from a page made now, when groff warns about
#       it, or when a long option of the help is missing from the rendered
#       page
#
# The help is read in the C locale. Its layout is the one that
# options_print_usage() and options_print_common_help() produce:
#
#   NAME vVERSION (PACKAGE)            first line
#   paragraph                          what the plugin does -> DESCRIPTION
#   Usage: NAME ...                    -> SYNOPSIS, with its indented lines
#   Group options:                     -> OPTIONS, one subsection per group
#     -x, --long ARG   text            option lines and their continuations
#   paragraph                          after the options -> DESCRIPTION
#   Heading ending in a colon:         followed by indented lines -> EXAMPLES
#
# Sections the help has no room for (EXIT STATUS, ENVIRONMENT when the help
# names $WOLKVOX_TOKEN, SEE ALSO) are added from fixed text.

set -euo pipefail

usage() {
	echo "usage: $0 [--check PAGE] [--date YYYY-MM-DD] [--see-also 'PAGE(1) ...'] PLUGIN" >&2
	exit 2
}

date_text=$(date -u +%Y-%m-%d)
see_also=
check_page=
while [ $# -gt 1 ]; do
	case $1 in
	--date) date_text=$2; shift 2 ;;
	--see-also) see_also=$2; shift 2 ;;
	--check) check_page=$2; shift 2 ;;
	*) usage ;;
	esac
done
[ $# -eq 1 ] || usage
plugin=$1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
help_file=$work/help

# --help exits 3 (UNKNOWN) by the plugin convention; anything else, or no
# output, means the binary is broken and no page is written.
set +e
LC_ALL=C LANGUAGE= "$plugin" --help >"$help_file" 2>/dev/null
rc=$?
set -e
if [ "$rc" -ne 3 ] || [ ! -s "$help_file" ]; then
	echo "make-man.sh: '$plugin --help' exited $rc (expected 3) or printed nothing" >&2
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

	if ! LC_ALL=C.UTF-8 groff -man -ww -Tutf8 -z "$check_page" 2>"$work/groff.log" ||
		[ -s "$work/groff.log" ]; then
		cat "$work/groff.log" >&2
		echo "make-man.sh: groff warns about $check_page" >&2
		failed=1
	fi

	LC_ALL=C.UTF-8 groff -man -Tutf8 -P-cbou "$check_page" >"$work/page.txt" 2>/dev/null
	for option in $(grep -o -- '--[a-z][a-z0-9-]*' "$help_file" | sort -u); do
		if ! grep -q -- "$option" "$work/page.txt"; then
			echo "make-man.sh: $check_page lacks $option" >&2
			failed=1
		fi
	done
	return "$failed"
}

generate() {
	awk -v date_text="$date_text" -v see_also="$see_also" '
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

/^Usage: / {
	flush_paragraph()
	sub(/^Usage: [^ ]+ ?/, "")
	synopsis = esc($0)
	mode = "usage"
	next
}

mode == "usage" && /^ +/ {
	sub(/^ +/, "")
	synopsis = synopsis " " esc($0)
	next
}

/^Try .* for more information\.$/ {
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
	printf ".TH \"%s\" \"1\" \"%s\" \"%s %s\" \"Monitoring plugins\"\n", esc(title), date_text, package, version
	print ".SH NAME"
	printf "%s \\- %s\n", esc(name), summary
	print ".SH SYNOPSIS"
	printf ".B %s\n%s\n", esc(name), synopsis
	print ".SH DESCRIPTION"
	printf "%s%s", description, late_description
	print ".SH OPTIONS"
	printf "%s", options
	print ".SH EXIT STATUS"
	print ".TP\n0\nOK"
	print ".TP\n1\nWARNING"
	print ".TP\n2\nCRITICAL"
	print ".TP\n3\nUNKNOWN: a bad option or configuration, an API failure (see"
	print "\\fB\\-\\-api\\-error\\-state\\fR), and after \\fB\\-\\-help\\fR or \\fB\\-\\-version\\fR."
	if (has_token_variable) {
		print ".SH ENVIRONMENT"
		print ".TP\n.B WOLKVOX_TOKEN"
		print "The API token, read when \\fB\\-\\-token\\-file\\fR is not given."
		print "Prefer the file: the environment of a process can be read by its owner and root."
	}
	if (examples != "") {
		print ".SH EXAMPLES"
		printf "%s", examples
	}
	print ".SH SEE ALSO"
	n = split(see_also, pages, /[ ,]+/)
	for (i = 1; i <= n; i++)
		if (match(pages[i], /\([0-9]\)$/))
			printf ".BR %s %s,\n", esc(substr(pages[i], 1, RSTART - 1)), substr(pages[i], RSTART)
	print "the README.md in /usr/share/doc/monitoring\\-plugins\\-wolkvox/"
}
' "$help_file" "$help_file"
}

if [ -n "$check_page" ]; then
	check
else
	generate
fi
