#ifndef WOLKVOX_LOGIN_TIME_H
#define WOLKVOX_LOGIN_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "report.h"
#include "roster.h"

/*
 * Login time against target: how long each scheduled agent was logged in to
 * wolkvox for one shift, compared with the time they were due to work.
 *
 * Attribution. An agent's login time for one shift instance is the length of
 * the union of that agent's sessions intersected with the shift's
 * attribution window:
 *
 *   - The window is the scheduled shift widened by the margin on both sides,
 *     [start - margin, end + margin), so early log-ins and overtime near the
 *     shift count.
 *   - When the widened windows of two shift instances of the same agent
 *     overlap (end1 + margin > start2 - margin), the overlap is split at
 *     the midpoint m = end1 + (start2 - end1) / 2 (seconds, rounded down):
 *     the first window ends at m and the second starts at m, so no second
 *     counts for both. Every roster row of the agent takes part in this,
 *     whatever the team filter; a shift removed by an "off" row does not.
 *   - The window never extends past the evaluation time T. A session still
 *     open counts up to T, and a logout after T counts as T.
 *   - Sessions are merged before they are measured, so overlapping and
 *     duplicated sessions count once.
 *   - A shift crossing midnight is one instance that belongs to the day it
 *     starts, time after midnight included. Times follow the wall clock of
 *     the operation's zone, so a night shift across a daylight saving change
 *     lasts 7 or 9 hours.
 *
 * Target. config->target seconds for every shift when it is not 0; else the
 * shift's length (end - start, in real seconds) minus the roster row's break
 * minutes. A shift is under target when login time < min_percent % of the
 * target. A shift whose target is not positive is not judged.
 *
 * Which shifts are judged at T:
 *   - ended: end + grace <= T and end > T - lookback;
 *   - with so_far, also those in progress: start + grace <= T, start < T,
 *     and T < end + grace. These are judged pro rata: the target becomes
 *     target * (min(T, end) - start) / (end - start), rounded down, which
 *     takes the break off in proportion to the time elapsed, and the
 *     window ends at T.
 * A shift that qualifies but started before config->report_start cannot be
 * judged, because the report holds no session from before that time; it is
 * counted in skipped_before_window. NOTE: a shift that starts less than a
 * margin after report_start is judged, but log-ins before report_start count
 * only when the API returns those sessions, which is not known.
 *
 * Worked example (margin 60 min, T = 17:10, shift 08:00-15:30 with a 30 min
 * break, so the target is 7h00m = 25200 s and the window 07:00-16:30):
 *
 *     session 05:30-06:30   outside the window            0
 *     session 07:50-11:00   inside                     3h10m
 *     session 10:30-12:00   overlaps the one before    +1h00m (11:00-12:00)
 *     session 13:00-15:00   inside                     2h00m
 *     session 16:45-open    starts after the window       0
 *     login time                                       6h10m = 22200 s
 *
 * 22200 / 25200 = 88.1 %, so the shift is under target with min_percent
 * 100 and on target with min_percent 85.
 *
 * Sessions are found through a sorted index, so the cost grows with roster
 * size plus report size, not their product. Report agents not in the roster
 * are ignored.
 */

struct login_time_config {
	time_t now;                 /* evaluation time T */
	time_t report_start;        /* first second the report covers */
	long margin;                /* seconds added on both sides of a shift */
	long grace;                 /* seconds after the end before a shift is judged */
	long lookback;              /* seconds: judge shifts that ended after T - lookback */
	long target;                /* seconds for every shift; 0 takes it from the roster */
	double min_percent;         /* under target below this share of the target */
	bool so_far;                /* judge shifts in progress too, pro rata */
	const char *team;           /* only rows of this team, or NULL for all */
	const char *agent;          /* only rows of this agent key, or NULL for all */
};

/* Defaults of a configuration, all in seconds. */
#define LOGIN_TIME_DEFAULT_MARGIN (60L * 60)
#define LOGIN_TIME_DEFAULT_GRACE (5L * 60)
#define LOGIN_TIME_DEFAULT_LOOKBACK (24L * 3600)
#define LOGIN_TIME_DEFAULT_MIN_PERCENT 100.0

/* Sets the defaults above, no target (taken from the roster), no filters,
 * so_far off, now, and report_start as the start of the request window that
 * endpoint_window() gives for now. */
void login_time_config_init(struct login_time_config *config, time_t now);

/* The verdict on one shift instance. */
struct login_time_entry {
	const struct roster_shift *shift;  /* borrowed from the roster */
	const char *name;                  /* roster name, else the report's name,
					      else the agent key; borrowed */
	time_t start;                      /* the scheduled shift */
	time_t end;
	time_t window_start;               /* the attribution window, */
	time_t window_end;                 /* window_end <= T */
	bool in_progress;                  /* judged pro rata (so_far) */
	long login;                        /* login time, seconds */
	long target;                       /* seconds; pro rata when in_progress */
	double percent;                    /* 100 * login / target */
	bool under_target;
	bool agent_worst;                  /* the lowest percent among this agent's
					      judged shifts (the first one on a tie) */
	size_t sessions;                   /* sessions that overlap the window */
	bool api_disagrees;                /* see api_login and stamped_login */
	long api_login;                    /* sum of the API's login_time over the
					      closed sessions that overlap the window */
	long stamped_login;                /* sum of logout - login over the same
					      sessions; api_disagrees when the two
					      differ by more than 60 s */
};

struct login_time_list {
	struct login_time_entry *entries;  /* judged shifts, ordered by team, name,
					      agent key, start */
	size_t count;                      /* judged shifts */
	size_t under_target;               /* judged shifts under target */
	size_t agents;                     /* distinct agents with a judged shift */
	size_t agents_under_target;        /* agents with a shift under target */
	size_t skipped_before_window;      /* qualified, but started before report_start */
	size_t api_disagreements;          /* entries with api_disagrees */
	long long login_total;             /* seconds, over every judged shift */
	long long target_total;
	double adherence_total;            /* 100 * login_total / target_total; 0 when none */
	double adherence_min;              /* lowest percent; 0 when none */
};

/*
 * Judges the shifts of roster at config->now as described above. The
 * roster, the report and config->team and config->agent must outlive
 * *list, whose entries borrow from them. Returns false only when out of
 * memory (with a message in err); *list is then empty. Free it with
 * login_time_release().
 */
bool login_time_evaluate(const struct roster *roster, const struct report *report,
			 const struct login_time_config *config, struct login_time_list *list,
			 char *err, size_t errlen);

/* Frees the entries and zeroes the list. Safe on a zeroed list and NULL. */
void login_time_release(struct login_time_list *list);

/*
 * Builds a one-row roster keyed on agent_id for a single agent: shift is
 * "HH:MM-HH:MM" (an end before the start means the next day, and the two
 * must differ) and days uses the roster's days syntax ("*", "mon-fri",
 * "lun,mié,vie", a date). On failure returns false, leaves *roster empty and
 * writes a message naming --agent, --shift or --days into err. Free the
 * roster with roster_release().
 */
bool login_time_roster_from_shift(const char *agent, const char *shift, const char *days,
				  struct roster *roster, char *err, size_t errlen);

#endif
