#ifndef WOLKVOX_ROSTER_H
#define WOLKVOX_ROSTER_H

#include <stdbool.h>
#include <stddef.h>

#include "timeutil.h"

/*
 * The roster: which agent works which shift. A UTF-8 CSV file with a header
 * line; blank lines and lines starting with '#' are ignored; fields may be
 * double-quoted ("Pérez, Ana") with "" for a literal quote. A quoted field
 * ends on its own line. Spaces and tabs around a field are dropped, except
 * inside the quotes. LF and CRLF line ends and a leading UTF-8 byte order
 * mark are accepted. The file is at most 16 MiB and a line at most 4096
 * bytes, not counting its line end.
 *
 * Columns, in any order, their names in any case:
 *   agent_id or agent_dni  required, exactly one: the report field to match on
 *   name                   required, the name shown in alerts (may be empty)
 *   days                   required: "*" (every day), a day name, a range
 *                          ("mon-fri"), a list ("mon,wed,fri") or a date
 *                          "YYYY-MM-DD" for a one-off shift. Day names are
 *                          English (mon..sun) or Spanish (lun, mar, mié/mie,
 *                          jue, vie, sáb/sab, dom), any case. A range may
 *                          wrap around the week end: "sat-mon" is Saturday,
 *                          Sunday and Monday. A list may mix names and
 *                          ranges ("mon-wed,sat") and must be quoted, as it
 *                          contains commas.
 *   start                  required: "HH:MM", or "off" for an exception row
 *   end                    required: "HH:MM"; earlier than start means the
 *                          shift ends the next day; empty for an "off" row
 *   break                  optional: unpaid minutes, default 0
 *   team                   optional: team name, for --team and grouping
 *
 * An exception row has start "off" and days a date or a date range
 * "YYYY-MM-DD..YYYY-MM-DD": it removes that agent's shifts that start on
 * those dates (holidays, vacation, sick leave).
 *
 * An agent may have several rows. Two shifts of one agent that overlap are an
 * error, an overnight shift running into the next day's shift included, and
 * so is a one-off shift that overlaps a weekly one ("off" rows do not
 * excuse an overlap).
 */

enum roster_key {
	ROSTER_KEY_AGENT_ID,
	ROSTER_KEY_AGENT_DNI
};

/* Bit (1u << weekday) for weekday 0 = Sunday .. 6 = Saturday. */
#define ROSTER_ALL_DAYS 0x7fu

struct roster_shift {
	char *agent;          /* agent_id or agent_dni, as in the file */
	char *name;           /* display name; may be empty */
	char *team;           /* may be empty */
	unsigned days;        /* weekday bits; 0 when has_date is true */
	bool has_date;        /* a one-off shift on date */
	struct civil_time date;
	int start_minute;     /* minutes after midnight, 0..1439 */
	int end_minute;       /* 0..1439; <= start_minute means the next day */
	int break_minutes;    /* unpaid, 0 when the column is absent */
	int line;             /* line number in the file, for messages */
};

struct roster_off {
	char *agent;
	struct civil_time first;  /* first and last date, inclusive */
	struct civil_time last;
	int line;
};

struct roster {
	enum roster_key key;
	struct roster_shift *shifts;
	size_t shift_count;
	struct roster_off *offs;  /* sorted by agent, then first date */
	size_t off_count;
};

/* Reads and parses the roster file at path. On failure returns false,
 * leaves *roster empty, and writes "FILE:LINE: problem" (or "FILE: problem"
 * for errors that are not about one line) into err. */
bool roster_load(const char *path, struct roster *roster, char *err, size_t errlen);

/* Parses roster text of length bytes; source_name is used in messages in
 * place of a file name. Same contract as roster_load(). */
bool roster_parse(const char *text, size_t length, const char *source_name,
		  struct roster *roster, char *err, size_t errlen);

/* Returns true when shift is scheduled to start on date (its time fields are
 * ignored) and no exception row removes it. Relies on offs being sorted as
 * roster_parse() leaves them. */
bool roster_shift_on(const struct roster *roster, const struct roster_shift *shift,
		     const struct civil_time *date);

/*
 * Checks that team names at least one shift row, so that a mistyped --team
 * does not silently select nothing. Returns true when it does. Otherwise
 * writes into err a message that names team and lists the roster's teams
 * (or states that the roster has no team column values) and returns false.
 */
bool roster_check_team(const struct roster *roster, const char *team, char *err, size_t errlen);

/* Frees everything the roster owns and zeroes it. Safe on a zeroed roster. */
void roster_release(struct roster *roster);

#endif
