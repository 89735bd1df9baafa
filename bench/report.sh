#!/usr/bin/env bash
# Turns what bench/run.sh measured into Markdown tables, checks the targets,
# and in quick mode compares the ratios to check_curl with a baseline.
#
#   bench/report.sh full|quick RESULTS-DIR BASELINE
#
# Reads RESULTS-DIR/summary.tsv and sizes.tsv, and in full mode parse.tsv and
# callgrind.tsv. Writes RESULTS-DIR/results.md (what it prints) and
# RESULTS-DIR/baseline.txt, the ratios of this run in the baseline's format.
# Exits 1 in quick mode on a gross regression: a ratio more than twice the
# baseline's, a median peak RSS at 60,000 records more than 10 % over the
# target of 1.5 x body + 10 MB, or a run that ended UNKNOWN or worse. The
# 10 % are there because the figure sits at the target itself, within a
# measurement's noise.

set -u

MODE=$1
OUT=$2
BASELINE=$3

awk -v mode="$MODE" -v baseline_out="$OUT/baseline.txt" -F '\t' '
function ms(label) { return wall[label] }
function cell(label, reference) {
	if (!(label in wall))
		return "-"
	if (reference == "" || !(reference in wall) || wall[reference] == 0)
		return sprintf("%.1f [%.1f-%.1f]", wall[label], low[label], high[label])
	return sprintf("%.1f [%.1f-%.1f] **%.2fx**", wall[label], low[label], high[label],
		       wall[label] / wall[reference])
}
function usage(label) {
	if (!(label in wall))
		return "-"
	return sprintf("%.1f / %.1f", cpu[label], rss[label] / 1024)
}
function ratio(label, records) {
	return wall[label "/" records] / wall["check_curl/" records]
}
function verdict(ok) { return ok ? "PASS" : "MISS" }

FILENAME ~ /summary.tsv$/ && FNR > 1 {
	wall[$1] = $3; low[$1] = $4; high[$1] = $5; cpu[$1] = $6; rss[$1] = $7; rss_max[$1] = $8
	status[$1] = $9
	next
}
FILENAME ~ /sizes.tsv$/ { bytes[$1] = $2; sizes[++size_count] = $1; next }
FILENAME ~ /parse.tsv$/ {
	n = split($1, parts, "/"); records = parts[n]; sub(/^r/, "", records); sub(/\.json$/, "", records)
	jsonc_ms[records] = $4; report_ms[records] = $5; have_parse = 1
	next
}
FILENAME ~ /callgrind.tsv$/ { instructions[$1] = $2; have_instructions = 1; next }
FILENAME ~ /baseline.txt$/ && $0 !~ /^#/ && NF >= 2 { base[$1] = $2; next }

END {
	kinds = "shift-nocache shift-hit login-nocache login-hit"
	n_kinds = split(kinds, kind, " ")
	split("shift, no cache|shift, cache hit|login_time, no cache|login_time, cache hit", title, "|")

	print "### End to end: wall time in ms, median [min-max], and the ratio to check_curl"
	print ""
	printf "| records | body | check_curl | curl |"
	for (k = 1; k <= n_kinds; k++) if ((kind[k] "/" sizes[1]) in wall) printf " %s |", title[k]
	print ""
	printf "|---|---|---|---|"
	for (k = 1; k <= n_kinds; k++) if ((kind[k] "/" sizes[1]) in wall) printf "---|"
	print ""
	for (i = 1; i <= size_count; i++) {
		r = sizes[i]
		printf "| %d | %.2f MB | %s | %s |", r, bytes[r] / 1e6, cell("check_curl/" r, ""),
		       cell("curl/" r, "check_curl/" r)
		for (k = 1; k <= n_kinds; k++)
			if ((kind[k] "/" r) in wall) printf " %s |", cell(kind[k] "/" r, "check_curl/" r)
		print ""
	}
	print ""
	print "### CPU time (user + system, ms) / peak RSS (MiB), medians"
	print ""
	printf "| records | check_curl | curl |"
	for (k = 1; k <= n_kinds; k++) if ((kind[k] "/" sizes[1]) in wall) printf " %s |", title[k]
	print ""
	printf "|---|---|---|"
	for (k = 1; k <= n_kinds; k++) if ((kind[k] "/" sizes[1]) in wall) printf "---|"
	print ""
	for (i = 1; i <= size_count; i++) {
		r = sizes[i]
		printf "| %d | %s | %s |", r, usage("check_curl/" r), usage("curl/" r)
		for (k = 1; k <= n_kinds; k++)
			if ((kind[k] "/" r) in wall) printf " %s |", usage(kind[k] "/" r)
		print ""
	}

	if ("shift-nocache/60000/r50" in wall) {
		print ""
		print "### Roster size against 60,000 records (shift, no cache)"
		print ""
		print "| roster agents | wall ms | CPU ms | peak RSS MiB |"
		print "|---|---|---|---|"
		split("r50 default r5000", variants, " ")
		for (v = 1; v <= 3; v++) {
			label = variants[v] == "default" ? "shift-nocache/60000" : "shift-nocache/60000/" variants[v]
			printf "| %s | %s | %.1f | %.1f |\n", variants[v] == "default" ? "500" : substr(variants[v], 2),
			       cell(label, ""), cpu[label], rss[label] / 1024
		}
	}

	if (have_parse) {
		print ""
		print "### In process: json-c strict tree parse against report_parse(), best of 15 (ms)"
		print ""
		print "| records | json-c | report_parse | ratio | report_parse MB/s |"
		print "|---|---|---|---|---|"
		for (i = 1; i <= size_count; i++) {
			r = sizes[i]
			printf "| %d | %.2f | %.2f | %.2f | %.0f |\n", r, jsonc_ms[r], report_ms[r],
			       report_ms[r] / jsonc_ms[r], bytes[r] / report_ms[r] / 1e3
		}
	}

	if (have_instructions) {
		print ""
		print "### Instructions (callgrind, millions)"
		print ""
		print "| records | check_curl | shift, no cache | shift, cache hit | json-c parse | report_parse |"
		print "|---|---|---|---|---|---|"
		for (i = 1; i <= size_count; i++) {
			r = sizes[i]
			printf "| %d | %.1f | %.1f | %.1f | %.1f | %.1f |\n", r,
			       instructions["check_curl/" r] / 1e6, instructions["shift-nocache/" r] / 1e6,
			       instructions["shift-hit/" r] / 1e6, instructions["parse-jsonc/" r] / 1e6,
			       instructions["parse-report/" r] / 1e6
		}
	}

	print ""
	print "### Targets"
	print ""
	failed = 0
	for (i = 1; i <= size_count; i++) {
		r = sizes[i]
		for (k = 2; k <= n_kinds; k += 2) {
			if (!((kind[k] "/" r) in wall))
				continue
			x = ratio(kind[k], r)
			printf "- %s: %s at %d records is %.2fx check_curl (target <= 0.5)\n",
			       verdict(x <= 0.5), kind[k], r, x
		}
	}
	if ("shift-nocache/60000" in wall) {
		limit = (1.5 * bytes[60000] + 10e6) / 1024
		for (k = 1; k <= n_kinds; k += 2) {
			label = kind[k] "/60000"
			if (!(label in wall))
				continue
			ok = rss[label] < limit
			printf "- %s: peak RSS of %s at 60,000 records is %.0f KiB, at most %.0f (target < 1.5 x %d bytes + 10 MB = %.0f KiB)\n",
			       verdict(ok), kind[k], rss[label], rss_max[label], bytes[60000], limit
			if (mode == "quick" && rss[label] > 1.1 * limit) {
				printf "- FAIL: %s is more than 10 %% over the memory target\n", label
				failed = 1
			}
		}
	}
	for (i = 1; i <= size_count && have_parse; i++) {
		r = sizes[i]
		x = report_ms[r] / jsonc_ms[r]
		printf "- %s: report_parse() at %d records takes %.2fx json-c'"'"'s own strict parse (target < 1.2)\n",
		       verdict(x < 1.2), r, x
	}
	for (k = 1; k <= n_kinds; k += 2) {
		if ((kind[k] "/6000") in wall) {
			x = ratio(kind[k], 6000)
			printf "- %s: %s at 6,000 records is %.2fx check_curl (target <= 2.5)\n",
			       verdict(x <= 2.5), kind[k], x
		}
	}
	if ("shift-nocache/60000/r5000" in wall) {
		d = wall["shift-nocache/60000/r5000"] - wall["shift-nocache/60000/r50"]
		printf "- %s: a roster of 5,000 instead of 50 agents against 60,000 records adds %.1f ms (target < 50)\n",
		       verdict(d < 50), d
	}

	for (label in status) {
		allowed = label ~ /^(shift|login)/ ? "^[012](,[012])*$" : "^0$"
		if (status[label] !~ allowed) {
			printf "- FAIL: %s ended with status %s\n", label, status[label]
			failed = 1
		}
	}

	print "# Ratios of wall time to check_curl on the same body; bench-quick fails when one" >baseline_out
	print "# is more than twice as high. Regenerated by every run of bench/run.sh." >baseline_out
	for (i = 1; i <= size_count; i++) {
		r = sizes[i]
		for (k = 1; k <= n_kinds; k++)
			if ((kind[k] "/" r) in wall)
				printf "%s/%d\t%.3f\n", kind[k], r, ratio(kind[k], r) >baseline_out
	}

	if (mode == "quick") {
		print ""
		print "### Against the baseline (fails above twice the baseline ratio)"
		print ""
		for (label in base) {
			split(label, parts, "/")
			if (!(label in wall) || !(("check_curl/" parts[2]) in wall))
				continue
			x = wall[label] / wall["check_curl/" parts[2]]
			ok = x <= 2 * base[label]
			printf "- %s: %s is %.2fx check_curl, baseline %.2fx\n", ok ? "ok" : "FAIL", label, x, base[label]
			if (!ok)
				failed = 1
		}
	}
	exit failed
}
' "$OUT/summary.tsv" "$OUT/sizes.tsv" \
	$( [ -s "$OUT/parse.tsv" ] && [ "$MODE" = full ] && echo "$OUT/parse.tsv" ) \
	$( [ -s "$OUT/callgrind.tsv" ] && [ "$MODE" = full ] && echo "$OUT/callgrind.tsv" ) \
	$( [ "$MODE" = quick ] && echo "$BASELINE" ) | tee "$OUT/results.md"

exit "${PIPESTATUS[0]}"
