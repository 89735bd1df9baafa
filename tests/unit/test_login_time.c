#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "login_time.h"
#include "report.h"
#include "roster.h"
#include "timeutil.h"

#define TABLE_SIZE(table) ((int)(sizeof(table) / sizeof((table)[0])))
#define MAX_SESSIONS 5
#define DEFAULT (-1)
#define PERCENT_TOLERANCE 1e-9

/*
 * Rosters of the rule table. Monday is 2024-03-04, and no zone under test
 * changes its clocks that week. Window = the shift widened by 60 minutes.
 */
#define HEADER "agent_id,name,days,start,end,break,team\n"
/* Target 8h = 28800 s, window 07:00-17:00. */
#define DAY HEADER "1001,Ana,mon-fri,08:00,16:00,0,sales\n"
/* Target 7h30m - 30m = 7h = 25200 s, window 07:00-16:30. */
#define DAY_BREAK HEADER "1001,Ana,mon-fri,08:00,15:30,30,sales\n"
/* Target 8h = 28800 s, every night. */
#define NIGHT HEADER "1001,Ana,*,22:00,06:00,0,night\n"
/* Two four-hour shifts a day with a one-hour gap: split at 12:30. */
#define SPLIT HEADER "1001,Ana,mon-fri,08:00,12:00,0,sales\n" \
	      "1001,Ana,mon-fri,13:00,17:00,0,sales\n"
/* A night shift and, one hour after it ends, a morning shift: split at 06:30. */
#define NIGHT_THEN_DAY HEADER "1001,Ana,2024-03-04,22:00,06:00,0,\n" \
		       "1001,Ana,2024-03-05,07:00,15:00,0,\n"

/* The worked example of login_time.h: 6h10m = 22200 s in the window. */
#define WORKED_EXAMPLE \
	{ { "1001", "2024-03-04 05:30:00", "2024-03-04 06:30:00", -1 }, \
	  { "1001", "2024-03-04 07:50:00", "2024-03-04 11:00:00", -1 }, \
	  { "1001", "2024-03-04 10:30:00", "2024-03-04 12:00:00", -1 }, \
	  { "1001", "2024-03-04 13:00:00", "2024-03-04 15:00:00", -1 }, \
	  { "1001", "2024-03-04 16:45:00", NULL, -1 } }

#define NO_SESSIONS { { NULL, NULL, NULL, -1 } }
#define ONE_SESSION(login, logout) { { "1001", login, logout, -1 } }

/* One session of a hand-built report, in wall-clock times of the zone under
 * test. */
struct session_spec {
	const char *agent_id;
	const char *login;
	const char *logout;  /* NULL while still logged in */
	long login_time;     /* the API's value, -1 when absent */
};

/* Configuration of one table row: DEFAULT keeps login_time_config_init()'s
 * value, target 0 takes it from the roster, min_percent 0 keeps 100. */
struct rule_config {
	int margin_minutes;
	int grace_minutes;
	long lookback;
	long target;
	double min_percent;
	bool so_far;
};

#define CONFIG_DEFAULT { DEFAULT, DEFAULT, DEFAULT, 0, 0, false }
#define CONFIG_SO_FAR { DEFAULT, DEFAULT, DEFAULT, 0, 0, true }

static const char *zones[] = { "America/Bogota", "America/Santiago", "Europe/Madrid" };

static void zone_set(const char *zone)
{
	char err[256] = "";

	ck_assert_msg(timeutil_set_zone(zone, err, sizeof(err)), "%s", err);
}

static void setup_bogota(void)
{
	zone_set("America/Bogota");
}

static time_t local_time(const char *text)
{
	struct civil_time civil;
	time_t epoch = 0;

	ck_assert_msg(civil_parse_datetime(text, &civil), "bad test time %s", text);
	ck_assert(civil_to_epoch(&civil, &epoch));
	return epoch;
}

static char *text_copy(const char *text)
{
	char *copy = strdup(text != NULL ? text : "");

	ck_assert_ptr_nonnull(copy);
	return copy;
}

/* Builds a report from specs, which end at the first spec without agent_id
 * or after count entries. */
static void report_build(struct report *report, const struct session_spec *specs, size_t count)
{
	memset(report, 0, sizeof(*report));
	report->sessions = calloc(count > 0 ? count : 1, sizeof(*report->sessions));
	ck_assert_ptr_nonnull(report->sessions);

	for (size_t i = 0; i < count && specs[i].agent_id != NULL; i++) {
		struct session *session = &report->sessions[i];

		session->agent_id = text_copy(specs[i].agent_id);
		session->agent_dni = text_copy("");
		session->agent_name = text_copy("");
		session->login = local_time(specs[i].login);
		session->open = specs[i].logout == NULL;
		session->logout = session->open ? 0 : local_time(specs[i].logout);
		session->login_time = specs[i].login_time;
		report->count++;
	}
}

static void report_free(struct report *report)
{
	for (size_t i = 0; i < report->count; i++) {
		free(report->sessions[i].agent_id);
		free(report->sessions[i].agent_dni);
		free(report->sessions[i].agent_name);
	}

	free(report->sessions);
	memset(report, 0, sizeof(*report));
}

static void roster_parse_or_fail(const char *text, struct roster *roster)
{
	char err[512] = "";

	ck_assert_msg(roster_parse(text, strlen(text), "test.csv", roster, err, sizeof(err)), "%s", err);
}

static void config_apply(struct login_time_config *config, const char *now,
			 const struct rule_config *rule)
{
	login_time_config_init(config, local_time(now));

	if (rule->margin_minutes != DEFAULT)
		config->margin = rule->margin_minutes * 60L;
	if (rule->grace_minutes != DEFAULT)
		config->grace = rule->grace_minutes * 60L;
	if (rule->lookback != DEFAULT)
		config->lookback = rule->lookback;
	config->target = rule->target;
	if (rule->min_percent > 0)
		config->min_percent = rule->min_percent;
	config->so_far = rule->so_far;
}

static void evaluate_or_fail(const struct roster *roster, const struct report *report,
			     const struct login_time_config *config, struct login_time_list *list)
{
	char err[256] = "";

	ck_assert_msg(login_time_evaluate(roster, report, config, list, err, sizeof(err)), "%s", err);
}

/* Core: one table row per attribution rule, run in every zone of zones[]. */

static const struct {
	const char *label;
	const char *roster;
	struct session_spec sessions[MAX_SESSIONS];
	const char *now;
	struct rule_config config;
	size_t count;
	size_t skipped;
	/* of the first entry, when count > 0 */
	const char *start;
	long login;
	long target;
	double percent;
	bool under;
	bool in_progress;
} rules[] = {
	{ "several sessions", DAY,
	  { { "1001", "2024-03-04 07:50:00", "2024-03-04 11:00:00", -1 },
	    { "1001", "2024-03-04 11:30:00", "2024-03-04 12:00:00", -1 },
	    { "1001", "2024-03-04 13:00:00", "2024-03-04 16:10:00", -1 } },
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 24600, 28800, 85.416666666667, true, false },
	{ "overlapping sessions", DAY,
	  { { "1001", "2024-03-04 07:55:00", "2024-03-04 12:00:00", -1 },
	    { "1001", "2024-03-04 11:00:00", "2024-03-04 13:00:00", -1 } },
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 18300, 28800, 63.541666666667, true, false },
	{ "duplicated session", DAY,
	  { { "1001", "2024-03-04 08:00:00", "2024-03-04 16:00:00", -1 },
	    { "1001", "2024-03-04 08:00:00", "2024-03-04 16:00:00", -1 } },
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 28800, 28800, 100.0, false, false },
	{ "session inside another", DAY,
	  { { "1001", "2024-03-04 06:00:00", "2024-03-04 18:00:00", -1 },
	    { "1001", "2024-03-04 09:00:00", "2024-03-04 10:00:00", -1 } },
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 36000, 28800, 125.0, false, false },
	{ "open session counts up to now", DAY,
	  ONE_SESSION("2024-03-04 07:58:00", NULL),
	  "2024-03-04 16:30:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 30720, 28800, 106.666666666667, false, false },
	{ "logout after now counts up to now", DAY,
	  ONE_SESSION("2024-03-04 07:00:00", "2024-03-04 18:00:00"),
	  "2024-03-04 16:30:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 34200, 28800, 118.75, false, false },
	{ "login after now not counted", DAY,
	  { { "1001", "2024-03-04 08:00:00", "2024-03-04 12:00:00", -1 },
	    { "1001", "2024-03-04 16:40:00", NULL, -1 } },
	  "2024-03-04 16:30:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 14400, 28800, 50.0, true, false },
	{ "early login within margin", DAY,
	  ONE_SESSION("2024-03-04 07:10:00", "2024-03-04 16:00:00"),
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 31800, 28800, 110.416666666667, false, false },
	{ "login before margin counts from window", DAY,
	  ONE_SESSION("2024-03-04 06:00:00", "2024-03-04 16:00:00"),
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 32400, 28800, 112.5, false, false },
	{ "session entirely before margin", DAY,
	  { { "1001", "2024-03-04 05:00:00", "2024-03-04 07:00:00", -1 },
	    { "1001", "2024-03-04 08:00:00", "2024-03-04 12:00:00", -1 } },
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 14400, 28800, 50.0, true, false },
	{ "session entirely after margin", DAY,
	  { { "1001", "2024-03-04 08:00:00", "2024-03-04 16:00:00", -1 },
	    { "1001", "2024-03-04 17:00:00", "2024-03-04 19:00:00", -1 } },
	  "2024-03-04 20:00:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 28800, 28800, 100.0, false, false },
	{ "overtime within margin", DAY,
	  ONE_SESSION("2024-03-04 08:00:00", "2024-03-04 16:45:00"),
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 31500, 28800, 109.375, false, false },
	{ "no margin", DAY,
	  ONE_SESSION("2024-03-04 07:10:00", "2024-03-04 16:45:00"),
	  "2024-03-04 17:10:00", { 0, DEFAULT, DEFAULT, 0, 0, false }, 1, 0,
	  "2024-03-04 08:00:00", 28800, 28800, 100.0, false, false },
	{ "no session", DAY, NO_SESSIONS,
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 0, 28800, 0.0, true, false },
	{ "other agent's session ignored", DAY,
	  { { "2002", "2024-03-04 08:00:00", "2024-03-04 16:00:00", -1 } },
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 0, 28800, 0.0, true, false },
	{ "session crossing midnight into the shift", DAY,
	  ONE_SESSION("2024-03-03 23:00:00", "2024-03-04 09:00:00"),
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 7200, 28800, 25.0, true, false },

	{ "overnight shift counts after midnight", NIGHT,
	  ONE_SESSION("2024-03-04 21:30:00", "2024-03-05 06:30:00"),
	  "2024-03-05 06:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 22:00:00", 31200, 28800, 108.333333333333, false, false },
	{ "overnight shift, sessions split at midnight", NIGHT,
	  { { "1001", "2024-03-04 21:55:00", "2024-03-05 00:00:00", -1 },
	    { "1001", "2024-03-05 00:00:00", "2024-03-05 06:05:00", -1 } },
	  "2024-03-05 07:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 22:00:00", 29400, 28800, 102.083333333333, false, false },

	{ "split shift, first half", SPLIT,
	  ONE_SESSION("2024-03-04 08:00:00", "2024-03-04 17:00:00"),
	  "2024-03-04 18:10:00", CONFIG_DEFAULT, 2, 0,
	  "2024-03-04 08:00:00", 16200, 14400, 112.5, false, false },
	{ "split shift, gap outside both windows", SPLIT,
	  ONE_SESSION("2024-03-04 12:00:00", "2024-03-04 13:00:00"),
	  "2024-03-04 18:10:00", { 20, DEFAULT, DEFAULT, 0, 0, false }, 2, 0,
	  "2024-03-04 08:00:00", 1200, 14400, 8.333333333333, true, false },
	{ "night then morning, night part", NIGHT_THEN_DAY,
	  ONE_SESSION("2024-03-04 21:50:00", "2024-03-05 15:00:00"),
	  "2024-03-05 15:10:00", CONFIG_DEFAULT, 2, 0,
	  "2024-03-04 22:00:00", 31200, 28800, 108.333333333333, false, false },

	{ "break comes off the target", DAY_BREAK, WORKED_EXAMPLE,
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 22200, 25200, 88.095238095238, true, false },
	{ "target option replaces the roster", DAY_BREAK, WORKED_EXAMPLE,
	  "2024-03-04 17:10:00", { DEFAULT, DEFAULT, DEFAULT, 21600, 0, false }, 1, 0,
	  "2024-03-04 08:00:00", 22200, 21600, 102.777777777778, false, false },
	{ "min percent below adherence", DAY_BREAK, WORKED_EXAMPLE,
	  "2024-03-04 17:10:00", { DEFAULT, DEFAULT, DEFAULT, 0, 88.0, false }, 1, 0,
	  "2024-03-04 08:00:00", 22200, 25200, 88.095238095238, false, false },
	{ "min percent above adherence", DAY_BREAK, WORKED_EXAMPLE,
	  "2024-03-04 17:10:00", { DEFAULT, DEFAULT, DEFAULT, 0, 88.1, false }, 1, 0,
	  "2024-03-04 08:00:00", 22200, 25200, 88.095238095238, true, false },

	{ "day off", DAY "1001,,2024-03-04,off,,,\n", ONE_SESSION("2024-03-04 08:00:00", NULL),
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 0, 0, NULL, 0, 0, 0.0, false, false },
	{ "vacation covering the day", DAY "1001,,2024-03-01..2024-03-08,off,,,\n", NO_SESSIONS,
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 0, 0, NULL, 0, 0, 0.0, false, false },
	{ "off on another day", DAY "1001,,2024-03-05,off,,,\n",
	  ONE_SESSION("2024-03-04 08:00:00", "2024-03-04 16:00:00"),
	  "2024-03-04 17:10:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 28800, 28800, 100.0, false, false },
	{ "weekday shift on a Saturday", DAY, NO_SESSIONS,
	  "2024-03-09 17:10:00", CONFIG_DEFAULT, 0, 0, NULL, 0, 0, 0.0, false, false },

	{ "shift in progress without so far", DAY, ONE_SESSION("2024-03-04 07:30:00", NULL),
	  "2024-03-04 12:00:00", CONFIG_DEFAULT, 0, 0, NULL, 0, 0, 0.0, false, false },
	{ "so far pro rata", DAY, ONE_SESSION("2024-03-04 07:30:00", NULL),
	  "2024-03-04 12:00:00", CONFIG_SO_FAR, 1, 0,
	  "2024-03-04 08:00:00", 16200, 14400, 112.5, false, true },
	{ "so far pro rata with a break", DAY_BREAK, ONE_SESSION("2024-03-04 08:00:00", NULL),
	  "2024-03-04 12:00:00", CONFIG_SO_FAR, 1, 0,
	  "2024-03-04 08:00:00", 14400, 13440, 107.142857142857, false, true },
	{ "so far pro rata under target", DAY,
	  ONE_SESSION("2024-03-04 09:00:00", "2024-03-04 10:00:00"),
	  "2024-03-04 12:00:00", CONFIG_SO_FAR, 1, 0,
	  "2024-03-04 08:00:00", 3600, 14400, 25.0, true, true },
	{ "so far with a target option", DAY, ONE_SESSION("2024-03-04 08:00:00", NULL),
	  "2024-03-04 12:00:00", { DEFAULT, DEFAULT, DEFAULT, 21600, 0, true }, 1, 0,
	  "2024-03-04 08:00:00", 14400, 10800, 133.333333333333, false, true },
	{ "so far within grace", DAY, ONE_SESSION("2024-03-04 07:59:00", NULL),
	  "2024-03-04 08:04:59", CONFIG_SO_FAR, 0, 0, NULL, 0, 0, 0.0, false, false },
	{ "so far at start plus grace", DAY, ONE_SESSION("2024-03-04 07:59:00", NULL),
	  "2024-03-04 08:05:00", CONFIG_SO_FAR, 1, 0,
	  "2024-03-04 08:00:00", 360, 300, 120.0, false, true },
	{ "so far between end and grace", DAY, ONE_SESSION("2024-03-04 08:00:00", NULL),
	  "2024-03-04 16:03:00", CONFIG_SO_FAR, 1, 0,
	  "2024-03-04 08:00:00", 28980, 28800, 100.625, false, true },
	{ "so far judges ended shifts in full", DAY,
	  ONE_SESSION("2024-03-04 08:00:00", "2024-03-04 16:00:00"),
	  "2024-03-04 17:10:00", CONFIG_SO_FAR, 1, 0,
	  "2024-03-04 08:00:00", 28800, 28800, 100.0, false, false },

	{ "one second before end plus grace", DAY, NO_SESSIONS,
	  "2024-03-04 16:04:59", CONFIG_DEFAULT, 0, 0, NULL, 0, 0, 0.0, false, false },
	{ "at end plus grace", DAY, ONE_SESSION("2024-03-04 08:00:00", "2024-03-04 16:00:00"),
	  "2024-03-04 16:05:00", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 28800, 28800, 100.0, false, false },
	{ "no grace", DAY, ONE_SESSION("2024-03-04 08:00:00", "2024-03-04 16:00:00"),
	  "2024-03-04 16:00:00", { DEFAULT, 0, DEFAULT, 0, 0, false }, 1, 0,
	  "2024-03-04 08:00:00", 28800, 28800, 100.0, false, false },
	{ "lookback last second", DAY, ONE_SESSION("2024-03-04 08:00:00", "2024-03-04 16:00:00"),
	  "2024-03-05 15:59:59", CONFIG_DEFAULT, 1, 0,
	  "2024-03-04 08:00:00", 28800, 28800, 100.0, false, false },
	{ "lookback end excluded", DAY, ONE_SESSION("2024-03-04 08:00:00", "2024-03-04 16:00:00"),
	  "2024-03-05 16:00:00", CONFIG_DEFAULT, 0, 0, NULL, 0, 0, 0.0, false, false },
	{ "lookback of one hour", DAY, NO_SESSIONS,
	  "2024-03-04 17:00:00", { DEFAULT, DEFAULT, 3600, 0, 0, false }, 0, 0,
	  NULL, 0, 0, 0.0, false, false },
	{ "lookback of 48 hours", DAY, NO_SESSIONS,
	  "2024-03-05 17:10:00", { DEFAULT, DEFAULT, 48 * 3600, 0, 0, false }, 2, 0,
	  "2024-03-04 08:00:00", 0, 28800, 0.0, true, false },
	{ "shift before the report window", NIGHT, NO_SESSIONS,
	  "2024-03-05 01:00:00", CONFIG_DEFAULT, 0, 1, NULL, 0, 0, 0.0, false, false },
	{ "lookback of 72 hours skips the oldest", DAY, NO_SESSIONS,
	  "2024-03-06 17:10:00", { DEFAULT, DEFAULT, 72 * 3600, 0, 0, false }, 2, 1,
	  "2024-03-05 08:00:00", 0, 28800, 0.0, true, false },
};

static void check_rule(int row)
{
	struct login_time_config config;
	struct login_time_list list;
	struct roster roster;
	struct report report;
	const char *label = rules[row].label;

	roster_parse_or_fail(rules[row].roster, &roster);
	report_build(&report, rules[row].sessions, MAX_SESSIONS);
	config_apply(&config, rules[row].now, &rules[row].config);
	evaluate_or_fail(&roster, &report, &config, &list);

	ck_assert_msg(list.count == rules[row].count, "%s: count %zu", label, list.count);
	ck_assert_msg(list.skipped_before_window == rules[row].skipped, "%s: skipped %zu", label,
		      list.skipped_before_window);

	if (list.count > 0) {
		const struct login_time_entry *first = &list.entries[0];

		ck_assert_msg(first->start == local_time(rules[row].start), "%s: start", label);
		ck_assert_msg(first->login == rules[row].login, "%s: login %ld", label, first->login);
		ck_assert_msg(first->target == rules[row].target, "%s: target %ld", label, first->target);
		ck_assert_msg(fabs(first->percent - rules[row].percent) < PERCENT_TOLERANCE,
			      "%s: percent %.12f", label, first->percent);
		ck_assert_msg(first->under_target == rules[row].under, "%s: under target", label);
		ck_assert_msg(first->in_progress == rules[row].in_progress, "%s: in progress", label);
		ck_assert_msg(first->window_end <= config.now, "%s: window past now", label);
	}

	login_time_release(&list);
	report_free(&report);
	roster_release(&roster);
}

START_TEST(test_login_time_rules_bogota)
{
	zone_set(zones[0]);
	check_rule(_i);
}
END_TEST

START_TEST(test_login_time_rules_santiago)
{
	zone_set(zones[1]);
	check_rule(_i);
}
END_TEST

START_TEST(test_login_time_rules_madrid)
{
	zone_set(zones[2]);
	check_rule(_i);
}
END_TEST

/* Evaluates roster and sessions at now with the default configuration. */
static void evaluate_default(const char *roster_text, const struct session_spec *sessions,
			     size_t session_count, const char *now, struct roster *roster,
			     struct report *report, struct login_time_list *list)
{
	struct login_time_config config;

	roster_parse_or_fail(roster_text, roster);
	report_build(report, sessions, session_count);
	login_time_config_init(&config, local_time(now));
	evaluate_or_fail(roster, report, &config, list);
}

static void release_all(struct roster *roster, struct report *report, struct login_time_list *list)
{
	login_time_release(list);
	report_free(report);
	roster_release(roster);
}

START_TEST(test_login_time_split_windows)
{
	static const struct session_spec sessions[] = {
		{ "1001", "2024-03-04 08:00:00", "2024-03-04 17:00:00", -1 },
	};
	struct login_time_list list;
	struct roster roster;
	struct report report;

	evaluate_default(SPLIT, sessions, TABLE_SIZE(sessions), "2024-03-04 18:10:00", &roster, &report,
			 &list);

	ck_assert_uint_eq(list.count, 2);
	ck_assert_int_eq(list.entries[0].window_start, local_time("2024-03-04 07:00:00"));
	ck_assert_int_eq(list.entries[0].window_end, local_time("2024-03-04 12:30:00"));
	ck_assert_int_eq(list.entries[1].window_start, local_time("2024-03-04 12:30:00"));
	ck_assert_int_eq(list.entries[1].window_end, local_time("2024-03-04 18:00:00"));
	ck_assert_int_eq(list.entries[1].login, 16200);
	ck_assert_int_eq(list.entries[1].target, 14400);

	/* Every second of the nine-hour session counts exactly once. */
	ck_assert_int_eq(list.login_total, 9 * 3600);
	ck_assert_int_eq(list.target_total, 8 * 3600);
	ck_assert_uint_eq(list.agents, 1);
	ck_assert_uint_eq(list.agents_under_target, 0);

	release_all(&roster, &report, &list);
}
END_TEST

START_TEST(test_login_time_night_then_morning)
{
	static const struct session_spec sessions[] = {
		{ "1001", "2024-03-04 21:50:00", "2024-03-05 15:00:00", -1 },
	};
	struct login_time_list list;
	struct roster roster;
	struct report report;

	evaluate_default(NIGHT_THEN_DAY, sessions, TABLE_SIZE(sessions), "2024-03-05 15:10:00", &roster,
			 &report, &list);

	ck_assert_uint_eq(list.count, 2);
	ck_assert_int_eq(list.entries[0].window_end, local_time("2024-03-05 06:30:00"));
	ck_assert_int_eq(list.entries[1].start, local_time("2024-03-05 07:00:00"));
	ck_assert_int_eq(list.entries[1].window_start, local_time("2024-03-05 06:30:00"));
	ck_assert_int_eq(list.entries[1].window_end, local_time("2024-03-05 15:10:00"));
	ck_assert_int_eq(list.entries[1].login, 30600);
	ck_assert_int_eq(list.login_total, 31200 + 30600);

	release_all(&roster, &report, &list);
}
END_TEST

/* A neighbouring shift outside the team filter still bounds the window. */
START_TEST(test_login_time_split_across_teams)
{
	static const struct session_spec sessions[] = {
		{ "1001", "2024-03-04 08:00:00", "2024-03-04 17:00:00", -1 },
	};
	struct login_time_config config;
	struct login_time_list list;
	struct roster roster;
	struct report report;

	roster_parse_or_fail(HEADER "1001,Ana,mon-fri,08:00,12:00,0,sales\n"
				    "1001,Ana,mon-fri,13:00,17:00,0,support\n", &roster);
	report_build(&report, sessions, TABLE_SIZE(sessions));
	login_time_config_init(&config, local_time("2024-03-04 18:10:00"));
	config.team = "support";
	evaluate_or_fail(&roster, &report, &config, &list);

	ck_assert_uint_eq(list.count, 1);
	ck_assert_str_eq(list.entries[0].shift->team, "support");
	ck_assert_int_eq(list.entries[0].window_start, local_time("2024-03-04 12:30:00"));
	ck_assert_int_eq(list.entries[0].login, 16200);

	release_all(&roster, &report, &list);
}
END_TEST

/* A shift removed by an "off" row does not split its neighbour's window. */
START_TEST(test_login_time_off_neighbour)
{
	static const struct session_spec sessions[] = {
		{ "1001", "2024-03-04 12:00:00", "2024-03-04 16:00:00", -1 },
	};
	struct login_time_list list;
	struct roster roster;
	struct report report;

	evaluate_default(HEADER "1001,Ana,2024-03-04,08:00,12:00,0,\n"
				"1001,Ana,2024-03-05,13:00,17:00,0,\n"
				"1001,,2024-03-05,off,,,\n", sessions, TABLE_SIZE(sessions),
			 "2024-03-04 13:10:00", &roster, &report, &list);

	ck_assert_uint_eq(list.count, 1);
	ck_assert_int_eq(list.entries[0].window_end, local_time("2024-03-04 13:00:00"));
	ck_assert_int_eq(list.entries[0].login, 3600);

	release_all(&roster, &report, &list);
}
END_TEST

START_TEST(test_login_time_aggregates)
{
	static const struct session_spec sessions[] = {
		{ "1", "2024-03-04 08:00:00", "2024-03-04 16:00:00", -1 },
		{ "2", "2024-03-04 08:00:00", "2024-03-04 12:00:00", -1 },
		{ "3", "2024-03-04 08:00:00", "2024-03-04 15:00:00", -1 },
		{ "4", "2024-03-04 08:00:00", "2024-03-04 17:00:00", -1 },
	};
	struct login_time_list list;
	struct roster roster;
	struct report report;

	evaluate_default(HEADER "3,Zoe,mon-fri,08:00,16:00,0,support\n"
				"2,Luis,mon-fri,08:00,16:00,0,sales\n"
				"1,Ana,mon-fri,08:00,16:00,0,sales\n"
				"4,,mon-fri,08:00,16:00,0,sales\n"
				"5,Beto,mon-fri,09:00,17:00,0,support\n",
			 sessions, TABLE_SIZE(sessions), "2024-03-04 16:30:00", &roster, &report, &list);

	/* Agent 5's shift has not ended, so four are judged. */
	ck_assert_uint_eq(list.count, 4);
	ck_assert_uint_eq(list.agents, 4);
	ck_assert_uint_eq(list.under_target, 2);
	ck_assert_uint_eq(list.agents_under_target, 2);

	/* By team, then name: an agent without a name is shown by key. */
	ck_assert_str_eq(list.entries[0].name, "4");
	ck_assert_str_eq(list.entries[1].name, "Ana");
	ck_assert_str_eq(list.entries[2].name, "Luis");
	ck_assert_str_eq(list.entries[3].name, "Zoe");

	/* Logged in until 17:00, but the window ends at now, 16:30. */
	ck_assert_int_eq(list.entries[0].login, 30600);
	ck_assert(!list.entries[0].under_target);
	ck_assert_int_eq(list.entries[2].login, 14400);
	ck_assert(list.entries[2].under_target);
	ck_assert_int_eq(list.entries[3].login, 25200);
	ck_assert(list.entries[3].under_target);

	for (size_t i = 0; i < list.count; i++)
		ck_assert(list.entries[i].agent_worst);

	ck_assert_int_eq(list.login_total, 30600 + 28800 + 14400 + 25200);
	ck_assert_int_eq(list.target_total, 4 * 28800);
	ck_assert(fabs(list.adherence_total - 85.9375) < PERCENT_TOLERANCE);
	ck_assert(fabs(list.adherence_min - 50.0) < PERCENT_TOLERANCE);

	release_all(&roster, &report, &list);
}
END_TEST

/* With two judged shifts, the agent counts once and the worse shift is
 * marked. */
START_TEST(test_login_time_agent_worst)
{
	static const struct session_spec sessions[] = {
		{ "1001", "2024-03-04 08:00:00", "2024-03-04 10:00:00", -1 },
		{ "1001", "2024-03-04 13:00:00", "2024-03-04 17:00:00", -1 },
	};
	struct login_time_list list;
	struct roster roster;
	struct report report;

	evaluate_default(SPLIT, sessions, TABLE_SIZE(sessions), "2024-03-04 18:10:00", &roster, &report,
			 &list);

	ck_assert_uint_eq(list.count, 2);
	ck_assert_uint_eq(list.under_target, 1);
	ck_assert_uint_eq(list.agents, 1);
	ck_assert_uint_eq(list.agents_under_target, 1);
	ck_assert(list.entries[0].agent_worst);
	ck_assert(list.entries[0].under_target);
	ck_assert(!list.entries[1].agent_worst);
	ck_assert(fabs(list.entries[0].percent - 50.0) < PERCENT_TOLERANCE);
	ck_assert(fabs(list.adherence_min - 50.0) < PERCENT_TOLERANCE);
	ck_assert(fabs(list.adherence_total - 75.0) < PERCENT_TOLERANCE);

	release_all(&roster, &report, &list);
}
END_TEST

START_TEST(test_login_time_names)
{
	static const struct session_spec sessions[] = {
		{ "1001", "2024-03-04 08:00:00", "2024-03-04 09:00:00", -1 },
	};
	struct login_time_config config;
	struct login_time_list list;
	struct roster roster;
	struct report report;

	roster_parse_or_fail(HEADER "1001,,mon-fri,08:00,16:00,0,\n", &roster);
	report_build(&report, sessions, TABLE_SIZE(sessions));
	free(report.sessions[0].agent_name);
	report.sessions[0].agent_name = text_copy("ANA P\xC3\x89REZ");

	login_time_config_init(&config, local_time("2024-03-04 17:10:00"));
	evaluate_or_fail(&roster, &report, &config, &list);

	/* Without a roster name, the report's name is shown. */
	ck_assert_uint_eq(list.count, 1);
	ck_assert_str_eq(list.entries[0].name, "ANA P\xC3\x89REZ");
	ck_assert_int_eq(list.entries[0].login, 3600);

	release_all(&roster, &report, &list);
}
END_TEST

START_TEST(test_login_time_filters)
{
	static const struct session_spec sessions[] = {
		{ "1", "2024-03-04 08:00:00", "2024-03-04 16:00:00", -1 },
	};
	struct login_time_config config;
	struct login_time_list list;
	struct roster roster;
	struct report report;

	roster_parse_or_fail(HEADER "1,Ana,mon-fri,08:00,16:00,0,sales\n"
				    "2,Luis,mon-fri,08:00,16:00,0,support\n"
				    "3,Zoe,mon-fri,08:00,16:00,0,sales\n", &roster);
	report_build(&report, sessions, TABLE_SIZE(sessions));

	login_time_config_init(&config, local_time("2024-03-04 17:10:00"));
	config.team = "sales";
	evaluate_or_fail(&roster, &report, &config, &list);
	ck_assert_uint_eq(list.count, 2);
	ck_assert_str_eq(list.entries[0].name, "Ana");
	ck_assert_str_eq(list.entries[1].name, "Zoe");
	login_time_release(&list);

	config.team = "Sales";
	evaluate_or_fail(&roster, &report, &config, &list);
	ck_assert_uint_eq(list.count, 0);
	login_time_release(&list);

	config.team = NULL;
	config.agent = "2";
	evaluate_or_fail(&roster, &report, &config, &list);
	ck_assert_uint_eq(list.count, 1);
	ck_assert_str_eq(list.entries[0].name, "Luis");
	ck_assert_int_eq(list.entries[0].login, 0);
	login_time_release(&list);

	config.agent = "9";
	evaluate_or_fail(&roster, &report, &config, &list);
	ck_assert_uint_eq(list.count, 0);

	release_all(&roster, &report, &list);
}
END_TEST

START_TEST(test_login_time_api_disagreement)
{
	static const struct session_spec sessions[] = {
		/* 4h of timestamps that the API reports as 3h, so the sum disagrees. */
		{ "1", "2024-03-04 08:00:00", "2024-03-04 12:00:00", 3 * 3600 },
		{ "1", "2024-03-04 13:00:00", "2024-03-04 15:00:00", 2 * 3600 },
		{ "1", "2024-03-04 15:00:00", NULL, -1 },
		/* 61 s and 60 s off. */
		{ "2", "2024-03-04 08:00:00", "2024-03-04 16:00:00", 8 * 3600 + 61 },
		{ "3", "2024-03-04 08:00:00", "2024-03-04 16:00:00", 8 * 3600 - 60 },
		/* login_time absent: nothing to compare. */
		{ "4", "2024-03-04 08:00:00", "2024-03-04 16:00:00", -1 },
	};
	struct login_time_list list;
	struct roster roster;
	struct report report;

	evaluate_default(HEADER "1,A,*,08:00,16:00,0,\n2,B,*,08:00,16:00,0,\n"
				"3,C,*,08:00,16:00,0,\n4,D,*,08:00,16:00,0,\n",
			 sessions, TABLE_SIZE(sessions), "2024-03-04 16:30:00", &roster, &report, &list);

	ck_assert_uint_eq(list.count, 4);
	ck_assert_uint_eq(list.api_disagreements, 2);

	ck_assert(list.entries[0].api_disagrees);
	ck_assert_int_eq(list.entries[0].api_login, 5 * 3600);
	ck_assert_int_eq(list.entries[0].stamped_login, 6 * 3600);
	ck_assert_uint_eq(list.entries[0].sessions, 3);
	ck_assert_int_eq(list.entries[0].login, 6 * 3600 + 5400);

	ck_assert(list.entries[1].api_disagrees);
	ck_assert_int_eq(list.entries[1].api_login - list.entries[1].stamped_login, 61);
	ck_assert(!list.entries[2].api_disagrees);
	ck_assert(!list.entries[3].api_disagrees);
	ck_assert_int_eq(list.entries[3].api_login, 0);

	release_all(&roster, &report, &list);
}
END_TEST

START_TEST(test_login_time_config_defaults)
{
	struct login_time_config config;
	time_t now = local_time("2024-03-05 01:00:00");

	login_time_config_init(&config, now);

	ck_assert_int_eq(config.now, now);
	ck_assert_int_eq(config.report_start, local_time("2024-03-04 00:00:00"));
	ck_assert_int_eq(config.margin, 3600);
	ck_assert_int_eq(config.grace, 300);
	ck_assert_int_eq(config.lookback, 86400);
	ck_assert_int_eq(config.target, 0);
	ck_assert(fabs(config.min_percent - 100.0) < PERCENT_TOLERANCE);
	ck_assert(!config.so_far);
	ck_assert_ptr_null(config.team);
	ck_assert_ptr_null(config.agent);
}
END_TEST

/* A report window moved later skips the shift it no longer covers. */
START_TEST(test_login_time_report_start)
{
	static const struct session_spec sessions[] = {
		{ "1001", "2024-03-04 08:00:00", "2024-03-04 16:00:00", -1 },
	};
	struct login_time_config config;
	struct login_time_list list;
	struct roster roster;
	struct report report;

	roster_parse_or_fail(DAY, &roster);
	report_build(&report, sessions, TABLE_SIZE(sessions));
	login_time_config_init(&config, local_time("2024-03-04 17:10:00"));

	config.report_start = local_time("2024-03-04 08:00:00");
	evaluate_or_fail(&roster, &report, &config, &list);
	ck_assert_uint_eq(list.count, 1);
	ck_assert_uint_eq(list.skipped_before_window, 0);
	login_time_release(&list);

	config.report_start = local_time("2024-03-04 08:00:01");
	evaluate_or_fail(&roster, &report, &config, &list);
	ck_assert_uint_eq(list.count, 0);
	ck_assert_uint_eq(list.skipped_before_window, 1);
	ck_assert(fabs(list.adherence_total) < PERCENT_TOLERANCE);

	release_all(&roster, &report, &list);
}
END_TEST

/* Zones: shift lengths follow the wall clock across daylight saving changes. */

static const struct {
	const char *zone;
	const char *shift_date;
	const char *login;
	const char *logout;
	const char *now;
	time_t start;
	long target;
	long login_seconds;
} dst_cases[] = {
	/* Madrid springs forward on 2024-03-31 at 02:00: a 7-hour night. */
	{ "Europe/Madrid", "2024-03-30", "2024-03-30 21:50:00", "2024-03-31 06:10:00",
	  "2024-03-31 07:30:00", 1711832400, 7 * 3600, 7 * 3600 + 20 * 60 },
	/* Madrid falls back on 2024-10-27 at 03:00: a 9-hour night. */
	{ "Europe/Madrid", "2024-10-26", "2024-10-26 21:55:00", "2024-10-27 06:05:00",
	  "2024-10-27 07:30:00", 1729972800, 9 * 3600, 9 * 3600 + 10 * 60 },
	/* Santiago falls back at midnight between 2024-04-06 and 04-07. */
	{ "America/Santiago", "2024-04-06", "2024-04-06 21:55:00", "2024-04-07 06:05:00",
	  "2024-04-07 07:30:00", 1712451600, 9 * 3600, 9 * 3600 + 10 * 60 },
	/* Santiago springs forward at midnight between 2024-09-07 and 09-08. */
	{ "America/Santiago", "2024-09-07", "2024-09-07 21:55:00", "2024-09-08 06:05:00",
	  "2024-09-08 07:30:00", 1725760800, 7 * 3600, 7 * 3600 + 10 * 60 },
};

START_TEST(test_login_time_dst_night)
{
	struct session_spec sessions[1] = { { "1001", NULL, NULL, -1 } };
	struct login_time_list list;
	struct roster roster;
	struct report report;
	char roster_text[256];

	zone_set(dst_cases[_i].zone);
	sessions[0].login = dst_cases[_i].login;
	sessions[0].logout = dst_cases[_i].logout;
	snprintf(roster_text, sizeof(roster_text), HEADER "1001,Ana,%s,22:00,06:00,0,\n",
		 dst_cases[_i].shift_date);

	evaluate_default(roster_text, sessions, 1, dst_cases[_i].now, &roster, &report, &list);

	ck_assert_uint_eq(list.count, 1);
	ck_assert_int_eq(list.entries[0].start, dst_cases[_i].start);
	ck_assert_int_eq(list.entries[0].end - list.entries[0].start, dst_cases[_i].target);
	ck_assert_int_eq(list.entries[0].target, dst_cases[_i].target);
	ck_assert_int_eq(list.entries[0].login, dst_cases[_i].login_seconds);

	release_all(&roster, &report, &list);
}
END_TEST

/* Single-agent rosters built from --agent, --shift and --days. */

START_TEST(test_login_time_roster_from_shift)
{
	struct roster roster;
	char err[256] = "";

	ck_assert_msg(login_time_roster_from_shift("101", "08:00-17:00", "*", &roster, err, sizeof(err)),
		      "%s", err);
	ck_assert_int_eq(roster.key, ROSTER_KEY_AGENT_ID);
	ck_assert_uint_eq(roster.shift_count, 1);
	ck_assert_str_eq(roster.shifts[0].agent, "101");
	ck_assert_str_eq(roster.shifts[0].name, "");
	ck_assert_uint_eq(roster.shifts[0].days, ROSTER_ALL_DAYS);
	ck_assert_int_eq(roster.shifts[0].start_minute, 480);
	ck_assert_int_eq(roster.shifts[0].end_minute, 1020);
	ck_assert_int_eq(roster.shifts[0].break_minutes, 0);
	roster_release(&roster);

	ck_assert_msg(login_time_roster_from_shift("A \"7\", B", "22:00-06:00", "lun,mi\xC3\xA9,vie",
						   &roster, err, sizeof(err)), "%s", err);
	ck_assert_str_eq(roster.shifts[0].agent, "A \"7\", B");
	ck_assert_uint_eq(roster.shifts[0].days, (1u << 1) | (1u << 3) | (1u << 5));
	ck_assert_int_eq(roster.shifts[0].end_minute, 360);
	roster_release(&roster);

	ck_assert_msg(login_time_roster_from_shift("101", "08:00-12:00", "2024-03-04", &roster, err,
						   sizeof(err)), "%s", err);
	ck_assert(roster.shifts[0].has_date);
	ck_assert_int_eq(roster.shifts[0].date.day, 4);
	roster_release(&roster);
}
END_TEST

static const struct {
	const char *agent;
	const char *shift;
	const char *days;
	const char *message;
} shift_errors[] = {
	{ "", "08:00-17:00", "*", "invalid --agent: give the agent_id" },
	{ "1\n2", "08:00-17:00", "*", "invalid --agent" },
	{ "101", "8:00-17:00", "*", "invalid --shift '8:00-17:00': expected HH:MM-HH:MM, as in 08:00-17:00" },
	{ "101", "08:00 17:00", "*", "invalid --shift '08:00 17:00'" },
	{ "101", "08:00-24:00", "*", "invalid --shift '08:00-24:00'" },
	{ "101", "08:60-17:00", "*", "invalid --shift '08:60-17:00'" },
	{ "101", "08:00-17:00x", "*", "invalid --shift" },
	{ "101", "", "*", "invalid --shift ''" },
	{ "101", "08:00-08:00", "*", "invalid --shift '08:00-08:00': the end equals the start" },
	{ "101", "08:00-17:00", "xyz", "invalid --days 'xyz': unknown day name \"xyz\"; expected mon..sun or lun..dom" },
	{ "101", "08:00-17:00", "", "invalid --days '': empty days" },
	{ "101", "08:00-17:00", "2024-02-30", "invalid --days '2024-02-30': invalid date" },
	{ "101", "08:00-17:00", "2024-03-01..2024-03-04", "invalid --days '2024-03-01..2024-03-04': date range" },
	{ "101", "08:00-17:00", "mon\tfri", "invalid --days: control characters are not allowed" },
};

START_TEST(test_login_time_roster_from_shift_errors)
{
	struct roster roster;
	char err[512] = "";

	ck_assert(!login_time_roster_from_shift(shift_errors[_i].agent, shift_errors[_i].shift,
						shift_errors[_i].days, &roster, err, sizeof(err)));
	ck_assert_msg(strstr(err, shift_errors[_i].message) == err, "message: %s", err);
	ck_assert_uint_eq(roster.shift_count, 0);
	ck_assert_ptr_null(roster.shifts);
}
END_TEST

/* Limits */

#define SCALE_AGENTS 5000
#define SCALE_SESSIONS_PER_AGENT 12

/*
 * 5,000 agents on 08:00-16:00 and 60,000 back-to-back 40-minute sessions,
 * with the agents interleaved so that the index must sort them. Even agents
 * are logged in from 07:00 to 15:00 (8h in the window, 100 %), odd agents
 * from 13:00 to 21:00 (13:00-17:00 in the window, 50 %).
 */
START_TEST(test_login_time_scale)
{
	size_t roster_size = strlen(HEADER) + SCALE_AGENTS * 64;
	char *text = malloc(roster_size);
	size_t used = 0;
	struct login_time_config config;
	struct login_time_list list;
	struct roster roster;
	struct report report = { 0 };
	time_t base = local_time("2024-03-04 00:00:00");

	ck_assert_ptr_nonnull(text);
	used += (size_t)snprintf(text, roster_size, "%s", HEADER);
	for (int agent = 0; agent < SCALE_AGENTS; agent++)
		used += (size_t)snprintf(text + used, roster_size - used,
					 "A%05d,Agent %d,mon-fri,08:00,16:00,0,\n", agent, agent);
	roster_parse_or_fail(text, &roster);
	free(text);

	report.sessions = calloc(SCALE_AGENTS * SCALE_SESSIONS_PER_AGENT, sizeof(*report.sessions));
	ck_assert_ptr_nonnull(report.sessions);
	for (int k = 0; k < SCALE_SESSIONS_PER_AGENT; k++) {
		for (int agent = 0; agent < SCALE_AGENTS; agent++) {
			struct session *session = &report.sessions[report.count++];
			time_t first = base + (agent % 2 == 0 ? 7 : 13) * 3600;
			char id[16];

			snprintf(id, sizeof(id), "A%05d", agent);
			session->agent_id = text_copy(id);
			session->agent_dni = text_copy("");
			session->agent_name = text_copy("");
			session->login = first + k * 2400;
			session->logout = session->login + 2400;
			session->login_time = 2400;
		}
	}

	login_time_config_init(&config, local_time("2024-03-04 23:00:00"));
	evaluate_or_fail(&roster, &report, &config, &list);

	ck_assert_uint_eq(list.count, SCALE_AGENTS);
	ck_assert_uint_eq(list.agents, SCALE_AGENTS);
	ck_assert_uint_eq(list.agents_under_target, SCALE_AGENTS / 2);
	ck_assert_uint_eq(list.api_disagreements, 0);
	ck_assert_int_eq(list.login_total, (long long)SCALE_AGENTS / 2 * (28800 + 14400));
	ck_assert(fabs(list.adherence_min - 50.0) < PERCENT_TOLERANCE);

	login_time_release(&list);
	report_free(&report);
	roster_release(&roster);
}
END_TEST

START_TEST(test_login_time_release_zeroed)
{
	struct login_time_list list = { 0 };

	login_time_release(&list);
	ck_assert_ptr_null(list.entries);
	ck_assert_uint_eq(list.count, 0);
	login_time_release(NULL);
}
END_TEST

START_TEST(test_login_time_empty_roster)
{
	struct login_time_list list;
	struct roster roster;
	struct report report;

	evaluate_default(HEADER, NULL, 0, "2024-03-04 17:10:00", &roster, &report, &list);
	ck_assert_uint_eq(list.count, 0);
	ck_assert_ptr_null(list.entries);
	ck_assert_uint_eq(list.agents, 0);
	release_all(&roster, &report, &list);
}
END_TEST

static Suite *login_time_suite(void)
{
	Suite *suite = suite_create("login_time");
	TCase *core = tcase_create("Core");
	TCase *zone_cases = tcase_create("Zones");
	TCase *errors = tcase_create("Errors");
	TCase *limits = tcase_create("Limits");

	tcase_add_checked_fixture(core, setup_bogota, NULL);
	tcase_add_test(core, test_login_time_split_windows);
	tcase_add_test(core, test_login_time_night_then_morning);
	tcase_add_test(core, test_login_time_split_across_teams);
	tcase_add_test(core, test_login_time_off_neighbour);
	tcase_add_test(core, test_login_time_aggregates);
	tcase_add_test(core, test_login_time_agent_worst);
	tcase_add_test(core, test_login_time_names);
	tcase_add_test(core, test_login_time_filters);
	tcase_add_test(core, test_login_time_api_disagreement);
	tcase_add_test(core, test_login_time_config_defaults);
	tcase_add_test(core, test_login_time_report_start);
	tcase_add_test(core, test_login_time_roster_from_shift);
	tcase_add_test(core, test_login_time_release_zeroed);
	tcase_add_test(core, test_login_time_empty_roster);
	suite_add_tcase(suite, core);

	tcase_add_loop_test(zone_cases, test_login_time_rules_bogota, 0, TABLE_SIZE(rules));
	tcase_add_loop_test(zone_cases, test_login_time_rules_santiago, 0, TABLE_SIZE(rules));
	tcase_add_loop_test(zone_cases, test_login_time_rules_madrid, 0, TABLE_SIZE(rules));
	tcase_add_loop_test(zone_cases, test_login_time_dst_night, 0, TABLE_SIZE(dst_cases));
	suite_add_tcase(suite, zone_cases);

	tcase_add_checked_fixture(errors, setup_bogota, NULL);
	tcase_add_loop_test(errors, test_login_time_roster_from_shift_errors, 0,
			    TABLE_SIZE(shift_errors));
	suite_add_tcase(suite, errors);

	tcase_add_checked_fixture(limits, setup_bogota, NULL);
	tcase_set_timeout(limits, 60);
	tcase_add_test(limits, test_login_time_scale);
	suite_add_tcase(suite, limits);

	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(login_time_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
