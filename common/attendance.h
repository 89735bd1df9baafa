#ifndef WOLKVOX_ATTENDANCE_H
#define WOLKVOX_ATTENDANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "report.h"
#include "roster.h"

/*
 * Shift attendance: which scheduled agents are at their posts.
 *
 * At evaluation time T, a shift is due when start + grace <= T < end. A shift
 * that crosses midnight belongs to the day it starts. For each due shift the
 * agent is present when one of their sessions overlaps [start, T] (logged in
 * before or after the start, and still logged in or logged out after the
 * start); late when present but the first such session began after
 * start + grace; absent otherwise. Report agents not in the roster are
 * ignored. Sessions are found through a sorted index, so the cost grows with
 * roster size plus report size, not their product.
 */

enum attendance {
	ATTENDANCE_ON_TIME,
	ATTENDANCE_LATE,
	ATTENDANCE_ABSENT
};

struct attendance_entry {
	const struct roster_shift *shift;  /* borrowed from the roster */
	time_t start;
	time_t end;
	enum attendance attendance;
	bool has_login;
	time_t first_login;                /* first overlapping session's login */
	const char *name;                  /* roster name, else the report's name,
					      else the agent key; borrowed */
};

struct attendance_list {
	struct attendance_entry *entries;  /* due shifts, ordered by start then name */
	size_t count;                      /* due shifts ("scheduled") */
	size_t on_time;
	size_t late;
	size_t absent;
};

/*
 * Evaluates every shift of roster that is due at now. team, when not NULL,
 * keeps only shifts of that team. The roster and report must outlive *list,
 * whose entries borrow from them. Returns false only when out of memory
 * (with a message in err); *list is then empty.
 */
bool attendance_evaluate(const struct roster *roster, const struct report *report,
			 time_t now, int grace_minutes, const char *team,
			 struct attendance_list *list, char *err, size_t errlen);

/*
 * Checks that the report can be matched on the roster's key: a roster keyed
 * on agent_dni against a report whose sessions carry no agent_dni would
 * read every agent as absent. Returns false with a message in err then.
 */
bool attendance_check_key(const struct roster *roster, const struct report *report,
			  char *err, size_t errlen);

/* Frees the entries and zeroes the list. Safe on a zeroed list. */
void attendance_release(struct attendance_list *list);

#endif
