#ifndef WOLKVOX_OUTPUT_H
#define WOLKVOX_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "state.h"

/* Limits on what result_format() produces. The status text (the first line
 * before " | ") fits the 255-byte output column of Nagios' database add-ons,
 * and the whole output fits the 8 KiB buffer of Nagios 3 and passive checks. */
#define OUTPUT_STATUS_MAX 255
#define OUTPUT_TOTAL_MAX 8192

/* Longest perfdata label, in bytes. Labels are ASCII letters, digits and
 * '_', '-', '.', never spaces, quotes, '=' or '|'. */
#define PERFDATA_LABEL_MAX 31

/* One performance data item: 'label'=value[uom];warn;crit;min;max. */
struct perfdata {
	char label[PERFDATA_LABEL_MAX + 1];
	double value;
	const char *uom;      /* "", "s", "%", "B" or "c"; NULL means "" */
	int decimals;         /* digits after the '.', 0 for counts */
	const char *warning;  /* range text or NULL for an empty field */
	const char *critical; /* range text or NULL for an empty field */
	bool has_min;
	double min;
	bool has_max;
	double max;
};

/*
 * A check result under construction: the state, the service name printed
 * before the state ("WOLKVOX SHIFT"), one summary, any number of long-output
 * lines and perfdata items. Text added here may come from the API: the
 * result stores a sanitized copy (see text_sanitize()).
 */
struct result {
	enum plugin_state state;
	char *service;
	char *summary;
	char **lines;
	size_t line_count;
	size_t line_capacity;
	struct perfdata *perfdata;
	size_t perfdata_count;
	size_t perfdata_capacity;
};

/* Initializes an empty result with state UNKNOWN. Copies service. Returns
 * false when out of memory; result_release() is safe either way. */
bool result_init(struct result *result, const char *service);

/* Replaces the summary with the formatted, sanitized text. Returns false
 * when out of memory, leaving the old summary. */
bool result_set_summary(struct result *result, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends one long-output line (formatted, sanitized; a '\n' in the text
 * becomes a space). Returns false when out of memory. */
bool result_add_line(struct result *result, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends a copy of item. The warning and critical pointers are borrowed and
 * must outlive the result. Returns false when out of memory, when the label
 * is empty or has a character outside [A-Za-z0-9_.-], when a number is not
 * finite, or when uom, decimals (0-9) or a range text is invalid. */
bool result_add_perfdata(struct result *result, const struct perfdata *item);

/* Frees everything the result owns; the struct itself is the caller's. */
void result_release(struct result *result);

/*
 * Writes the plugin output into buf, NUL-terminated, and returns its length:
 *
 *     SERVICE STATE - summary | perfdata items
 *     long output line 1
 *     ...
 *
 * All perfdata stays on the first line after one '|'. Numbers always use '.'
 * whatever the locale. The status text is cut at OUTPUT_STATUS_MAX bytes and
 * the whole output at OUTPUT_TOTAL_MAX bytes (counting the NUL), never inside
 * a UTF-8 sequence: a cut summary ends in "...", and dropped long-output
 * lines are replaced by one "... and N more lines" line. Perfdata is never
 * cut. bufsize must be at least OUTPUT_TOTAL_MAX.
 */
size_t result_format(const struct result *result, char *buf, size_t bufsize);

/* Formats the result and writes it to stream. Returns false on a write
 * error. */
bool result_print(const struct result *result, FILE *stream);

/* Returns a newly allocated copy of text that is valid UTF-8 with every '|'
 * replaced by '/', every control character (newlines and C1 included) and
 * every bidirectional formatting character (U+200E, U+200F, U+202A-U+202E,
 * U+2066-U+2069) by a space, and every invalid UTF-8 byte by U+FFFD. Returns NULL when out of memory.
 * The caller frees the copy. */
char *text_sanitize(const char *text);

/* Returns the length of the longest prefix of text[0..length) that is at most
 * limit bytes and does not end inside a UTF-8 sequence. */
size_t utf8_prefix_length(const char *text, size_t length, size_t limit);

#endif
