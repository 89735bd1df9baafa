#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "report.h"
#include "roster.h"
#include "timeutil.h"

#define TABLE_SIZE(table) ((int)(sizeof(table) / sizeof((table)[0])))
#define MAX_SESSIONS 4

#define ROSTER_HEADER "agent_id,name,days,start,end,team\n"
#define DAY_SHIFT ROSTER_HEADER "1001,Ana P\xC3\xA9rez,mon-fri,08:00,16:00,sales\n"
#define NIGHT_SHIFT ROSTER_HEADER "1001,Ana P\xC3\xA9rez,mon-fri,22:00,06:00,sales\n"
#define DNI_SHIFT "agent_dni,name,days,start,end\nCC-1001,Ana,mon-fri,08:00,16:00\n"
#define TWO_TEAMS ROSTER_HEADER "1001,Ana,mon-fri,08:00,16:00,sales\n" \
		  "1002,Luis,mon-fri,08:00,16:00,support\n"
#define THREE_AGENTS ROSTER_HEADER "1001,Ana,mon-fri,08:00,16:00,\n" \
		     "1002,Beto,mon-fri,08:00,16:00,\n" \
		     "1003,Carla,mon-fri,08:00,16:00,\n"

/* One session of a hand-built report. Times are wall-clock times of the zone
 * under test. */
struct session_spec {
	const char *agent_id;
	const char *agent_dni;
	const char *login;
	const char *logout;  /* NULL while still logged in */
	const char *agent_name;
};

static void setup_bogota(void)
{
	char err[256] = "";

	ck_assert_msg(timeutil_set_zone("America/Bogota", err, sizeof(err)), "%s", err);
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
		session->agent_dni = text_copy(specs[i].agent_dni);
		session->agent_name = text_copy(specs[i].agent_name);
		session->login = local_time(specs[i].login);
		session->open = specs[i].logout == NULL;
		session->logout = session->open ? 0 : local_time(specs[i].logout);
		session->login_time = -1;
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

static void evaluate_or_fail(const struct roster *roster, const struct report *report, const char *now,
			     int grace, const char *team, struct attendance_list *list)
{
	char err[256] = "";

	ck_assert_msg(attendance_evaluate(roster, report, local_time(now), grace, team, list, err,
					  sizeof(err)), "%s", err);
}

/* Core: one table row per rule. Mondays are 2024-03-04, Saturdays 2024-03-09. */

static const struct {
	const char *label;
	const char *roster;
	struct session_spec sessions[MAX_SESSIONS];
	const char *now;
	int grace;
	const char *team;
	size_t count, on_time, late, absent;
	enum attendance verdict;    /* of the first entry, when count > 0 */
	const char *first_login;    /* of the first entry, NULL when none */
} cases[] = {
	{ "on time", DAY_SHIFT,
	  { { "1001", "", "2024-03-04 07:55:00", "2024-03-04 12:00:00", "" } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 1, 0, 0, ATTENDANCE_ON_TIME, "2024-03-04 07:55:00" },
	{ "logged in before start, still logged in", DAY_SHIFT,
	  { { "1001", "", "2024-03-04 07:30:00", NULL, "" } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 1, 0, 0, ATTENDANCE_ON_TIME, "2024-03-04 07:30:00" },
	{ "late", DAY_SHIFT,
	  { { "1001", "", "2024-03-04 08:06:00", NULL, "" } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 0, 1, 0, ATTENDANCE_LATE, "2024-03-04 08:06:00" },
	{ "login exactly at start plus grace", DAY_SHIFT,
	  { { "1001", "", "2024-03-04 08:05:00", NULL, "" } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 1, 0, 0, ATTENDANCE_ON_TIME, "2024-03-04 08:05:00" },
	{ "login one second after grace", DAY_SHIFT,
	  { { "1001", "", "2024-03-04 08:05:01", NULL, "" } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 0, 1, 0, ATTENDANCE_LATE, "2024-03-04 08:05:01" },
	{ "no session", DAY_SHIFT, { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 0, 0, 1, ATTENDANCE_ABSENT, NULL },
	{ "logged out before start", DAY_SHIFT,
	  { { "1001", "", "2024-03-04 07:00:00", "2024-03-04 07:59:59", "" } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 0, 0, 1, ATTENDANCE_ABSENT, NULL },
	{ "logged out exactly at start", DAY_SHIFT,
	  { { "1001", "", "2024-03-04 07:00:00", "2024-03-04 08:00:00", "" } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 0, 0, 1, ATTENDANCE_ABSENT, NULL },
	{ "logged out one second after start", DAY_SHIFT,
	  { { "1001", "", "2024-03-04 07:00:00", "2024-03-04 08:00:01", "" } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 1, 0, 0, ATTENDANCE_ON_TIME, "2024-03-04 07:00:00" },
	{ "login after the evaluation time", DAY_SHIFT,
	  { { "1001", "", "2024-03-04 09:30:00", NULL, "" } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 0, 0, 1, ATTENDANCE_ABSENT, NULL },
	{ "no grace, login at start", DAY_SHIFT,
	  { { "1001", "", "2024-03-04 08:00:00", NULL, "" } },
	  "2024-03-04 08:00:00", 0, NULL, 1, 1, 0, 0, ATTENDANCE_ON_TIME, "2024-03-04 08:00:00" },
	{ "no grace, login one second late", DAY_SHIFT,
	  { { "1001", "", "2024-03-04 08:00:01", NULL, "" } },
	  "2024-03-04 08:00:01", 0, NULL, 1, 0, 1, 0, ATTENDANCE_LATE, "2024-03-04 08:00:01" },

	{ "overnight shift at 23:00", NIGHT_SHIFT,
	  { { "1001", "", "2024-03-04 21:58:00", NULL, "" } },
	  "2024-03-04 23:00:00", 5, NULL, 1, 1, 0, 0, ATTENDANCE_ON_TIME, "2024-03-04 21:58:00" },
	{ "overnight shift at 03:00 the next day", NIGHT_SHIFT,
	  { { "1001", "", "2024-03-04 22:10:00", NULL, "" } },
	  "2024-03-05 03:00:00", 5, NULL, 1, 0, 1, 0, ATTENDANCE_LATE, "2024-03-04 22:10:00" },
	{ "Friday night shift on Saturday morning", NIGHT_SHIFT, { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-09 03:00:00", 5, NULL, 1, 0, 0, 1, ATTENDANCE_ABSENT, NULL },
	{ "no Sunday night shift on Monday morning", NIGHT_SHIFT, { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-04 03:00:00", 5, NULL, 0, 0, 0, 0, ATTENDANCE_ABSENT, NULL },
	{ "overnight shift ended", NIGHT_SHIFT, { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-05 06:00:00", 5, NULL, 0, 0, 0, 0, ATTENDANCE_ABSENT, NULL },

	{ "one second before start plus grace", DAY_SHIFT, { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-04 08:04:59", 5, NULL, 0, 0, 0, 0, ATTENDANCE_ABSENT, NULL },
	{ "due at start plus grace", DAY_SHIFT, { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-04 08:05:00", 5, NULL, 1, 0, 0, 1, ATTENDANCE_ABSENT, NULL },
	{ "before start", DAY_SHIFT, { { "1001", "", "2024-03-04 06:55:00", NULL, "" } },
	  "2024-03-04 07:00:00", 5, NULL, 0, 0, 0, 0, ATTENDANCE_ABSENT, NULL },
	{ "last second of the shift", DAY_SHIFT, { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-04 15:59:59", 5, NULL, 1, 0, 0, 1, ATTENDANCE_ABSENT, NULL },
	{ "shift ended", DAY_SHIFT, { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-04 16:00:00", 5, NULL, 0, 0, 0, 0, ATTENDANCE_ABSENT, NULL },

	{ "first overlapping session decides late", DAY_SHIFT,
	  { { "1001", "", "2024-03-04 08:30:00", NULL, "" },
	    { "1001", "", "2024-03-04 07:00:00", "2024-03-04 07:30:00", "" },
	    { "1001", "", "2024-03-04 08:10:00", "2024-03-04 08:20:00", "" } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 0, 1, 0, ATTENDANCE_LATE, "2024-03-04 08:10:00" },
	{ "early session overlapping the start decides on time", DAY_SHIFT,
	  { { "1001", "", "2024-03-04 08:30:00", NULL, "" },
	    { "1001", "", "2024-03-04 07:50:00", "2024-03-04 08:02:00", "" } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 1, 0, 0, ATTENDANCE_ON_TIME, "2024-03-04 07:50:00" },
	{ "agent not in the roster is ignored", DAY_SHIFT,
	  { { "2002", "", "2024-03-04 07:55:00", NULL, "" } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 0, 0, 1, ATTENDANCE_ABSENT, NULL },

	{ "roster keyed by agent_dni", DNI_SHIFT,
	  { { "1001", "CC-1001", "2024-03-04 07:55:00", NULL, "" } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 1, 0, 0, ATTENDANCE_ON_TIME, "2024-03-04 07:55:00" },
	{ "agent_dni roster ignores agent_id", DNI_SHIFT,
	  { { "CC-1001", "", "2024-03-04 07:55:00", NULL, "" } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 0, 0, 1, ATTENDANCE_ABSENT, NULL },

	{ "weekday shift on a Saturday", DAY_SHIFT, { { "1001", "", "2024-03-09 07:55:00", NULL, "" } },
	  "2024-03-09 09:00:00", 5, NULL, 0, 0, 0, 0, ATTENDANCE_ABSENT, NULL },
	{ "off on that date", DAY_SHIFT "1001,,2024-03-04,off,,\n", { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-04 09:00:00", 5, NULL, 0, 0, 0, 0, ATTENDANCE_ABSENT, NULL },
	{ "off for a date range", DAY_SHIFT "1001,,2024-03-01..2024-03-08,off,,\n",
	  { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-04 09:00:00", 5, NULL, 0, 0, 0, 0, ATTENDANCE_ABSENT, NULL },
	{ "off on another date", DAY_SHIFT "1001,,2024-03-05,off,,\n", { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-04 09:00:00", 5, NULL, 1, 0, 0, 1, ATTENDANCE_ABSENT, NULL },
	{ "off on the day an overnight shift starts", NIGHT_SHIFT "1001,,2024-03-04,off,,\n",
	  { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-05 03:00:00", 5, NULL, 0, 0, 0, 0, ATTENDANCE_ABSENT, NULL },

	{ "team filter keeps one team", TWO_TEAMS, { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-04 09:00:00", 5, "support", 1, 0, 0, 1, ATTENDANCE_ABSENT, NULL },
	{ "no team filter", TWO_TEAMS, { { "1002", "", "2024-03-04 07:00:00", NULL, "" } },
	  "2024-03-04 09:00:00", 5, NULL, 2, 1, 0, 1, ATTENDANCE_ABSENT, NULL },
	{ "team filter matches exactly", TWO_TEAMS, { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-04 09:00:00", 5, "Support", 0, 0, 0, 0, ATTENDANCE_ABSENT, NULL },

	{ "empty report means all absent", THREE_AGENTS, { { NULL, NULL, NULL, NULL, NULL } },
	  "2024-03-04 09:00:00", 5, NULL, 3, 0, 0, 3, ATTENDANCE_ABSENT, NULL },
	{ "one of each", THREE_AGENTS,
	  { { "1003", "", "2024-03-04 07:00:00", "2024-03-04 07:10:00", "" },
	    { "1002", "", "2024-03-04 08:20:00", NULL, "" },
	    { "1001", "", "2024-03-04 07:59:00", NULL, "" } },
	  "2024-03-04 09:00:00", 5, NULL, 3, 1, 1, 1, ATTENDANCE_ON_TIME, "2024-03-04 07:59:00" },
};

START_TEST(test_attendance_rules)
{
	struct roster roster;
	struct report report;
	struct attendance_list list;

	roster_parse_or_fail(cases[_i].roster, &roster);
	report_build(&report, cases[_i].sessions, MAX_SESSIONS);
	evaluate_or_fail(&roster, &report, cases[_i].now, cases[_i].grace, cases[_i].team, &list);

	ck_assert_msg(list.count == cases[_i].count, "%s: count %zu", cases[_i].label, list.count);
	ck_assert_msg(list.on_time == cases[_i].on_time, "%s: on time %zu", cases[_i].label, list.on_time);
	ck_assert_msg(list.late == cases[_i].late, "%s: late %zu", cases[_i].label, list.late);
	ck_assert_msg(list.absent == cases[_i].absent, "%s: absent %zu", cases[_i].label, list.absent);

	if (list.count > 0) {
		const struct attendance_entry *first = &list.entries[0];

		ck_assert_msg(first->attendance == cases[_i].verdict, "%s: verdict %d", cases[_i].label,
			      (int)first->attendance);
		ck_assert_msg(first->has_login == (cases[_i].first_login != NULL), "%s: has_login",
			      cases[_i].label);
		if (cases[_i].first_login != NULL)
			ck_assert_msg(first->first_login == local_time(cases[_i].first_login),
				      "%s: first login", cases[_i].label);
	}

	attendance_release(&list);
	report_free(&report);
	roster_release(&roster);
}
END_TEST

START_TEST(test_attendance_overnight_times)
{
	struct roster roster;
	struct report report;
	struct attendance_list list;

	roster_parse_or_fail(NIGHT_SHIFT, &roster);
	report_build(&report, NULL, 0);
	evaluate_or_fail(&roster, &report, "2024-03-05 03:00:00", 5, NULL, &list);

	ck_assert_uint_eq(list.count, 1);
	ck_assert_ptr_eq(list.entries[0].shift, &roster.shifts[0]);
	ck_assert_int_eq(list.entries[0].start, 1709607600);  /* 2024-03-04 22:00 -05 */
	ck_assert_int_eq(list.entries[0].end, 1709607600 + 8 * 3600);
	ck_assert_str_eq(list.entries[0].name, "Ana P\xC3\xA9rez");

	attendance_release(&list);
	report_free(&report);
	roster_release(&roster);
}
END_TEST

START_TEST(test_attendance_order_and_names)
{
	static const struct session_spec sessions[] = {
		{ "1002", "", "2024-03-04 07:58:00", NULL, "ANA FROM REPORT" },
		{ "1003", "", "2024-03-04 06:55:00", NULL, "" },
		{ "1003", "", "2024-03-04 05:00:00", "2024-03-04 05:30:00", "Mar\xC3\xAD" "a Report" },
	};
	struct roster roster;
	struct report report;
	struct attendance_list list;

	roster_parse_or_fail(ROSTER_HEADER
			     "1001,Zoe,mon-fri,08:00,16:00,\n"
			     "1002,Ana,mon-fri,08:00,16:00,\n"
			     "1004,,mon-fri,08:00,16:00,\n"
			     "1003,,mon-fri,07:00,15:00,\n", &roster);
	report_build(&report, sessions, TABLE_SIZE(sessions));
	evaluate_or_fail(&roster, &report, "2024-03-04 09:00:00", 5, NULL, &list);

	ck_assert_uint_eq(list.count, 4);

	/* By start, then by name: the roster name, else the report's, else the key. */
	ck_assert_str_eq(list.entries[0].shift->agent, "1003");
	ck_assert_str_eq(list.entries[0].name, "Mar\xC3\xAD" "a Report");
	ck_assert_int_eq(list.entries[0].start, local_time("2024-03-04 07:00:00"));
	ck_assert_int_eq(list.entries[0].end, local_time("2024-03-04 15:00:00"));
	ck_assert_int_eq(list.entries[0].attendance, ATTENDANCE_ON_TIME);

	ck_assert_str_eq(list.entries[1].shift->agent, "1004");
	ck_assert_str_eq(list.entries[1].name, "1004");
	ck_assert_int_eq(list.entries[1].attendance, ATTENDANCE_ABSENT);

	ck_assert_str_eq(list.entries[2].shift->agent, "1002");
	ck_assert_str_eq(list.entries[2].name, "Ana");
	ck_assert_int_eq(list.entries[2].attendance, ATTENDANCE_ON_TIME);

	ck_assert_str_eq(list.entries[3].shift->agent, "1001");
	ck_assert_str_eq(list.entries[3].name, "Zoe");
	ck_assert_int_eq(list.entries[3].start, local_time("2024-03-04 08:00:00"));

	attendance_release(&list);
	report_free(&report);
	roster_release(&roster);
}
END_TEST

/* Zones with daylight saving time: shift times follow the wall clock. */

START_TEST(test_attendance_madrid_spring_forward)
{
	char err[256] = "";
	struct roster roster;
	struct report report;
	struct attendance_list list;

	ck_assert_msg(timeutil_set_zone("Europe/Madrid", err, sizeof(err)), "%s", err);
	roster_parse_or_fail(ROSTER_HEADER "1,Day,*,08:00,16:00,\n2,Night,*,22:00,06:00,\n", &roster);
	report_build(&report, NULL, 0);

	/* On 2024-03-31 the clocks go from 02:00 to 03:00, so the night is 7 hours. */
	evaluate_or_fail(&roster, &report, "2024-03-31 05:00:00", 5, NULL, &list);
	ck_assert_uint_eq(list.count, 1);
	ck_assert_str_eq(list.entries[0].name, "Night");
	ck_assert_int_eq(list.entries[0].start, 1711832400);  /* 21:00 UTC */
	ck_assert_int_eq(list.entries[0].end, 1711857600);    /* 04:00 UTC */
	attendance_release(&list);

	evaluate_or_fail(&roster, &report, "2024-03-31 09:00:00", 5, NULL, &list);
	ck_assert_uint_eq(list.count, 1);
	ck_assert_str_eq(list.entries[0].name, "Day");
	ck_assert_int_eq(list.entries[0].start, 1711864800);  /* 06:00 UTC */
	attendance_release(&list);

	report_free(&report);
	roster_release(&roster);
}
END_TEST

START_TEST(test_attendance_madrid_fall_back)
{
	char err[256] = "";
	struct roster roster;
	struct report report;
	struct attendance_list list;

	ck_assert_msg(timeutil_set_zone("Europe/Madrid", err, sizeof(err)), "%s", err);
	roster_parse_or_fail(ROSTER_HEADER "2,Night,*,22:00,06:00,\n", &roster);
	report_build(&report, NULL, 0);

	/* On 2024-10-27 the clocks go from 03:00 back to 02:00: a 9-hour night. */
	evaluate_or_fail(&roster, &report, "2024-10-27 05:30:00", 5, NULL, &list);
	ck_assert_uint_eq(list.count, 1);
	ck_assert_int_eq(list.entries[0].start, 1729972800);
	ck_assert_int_eq(list.entries[0].end, 1730005200);
	ck_assert_int_eq(list.entries[0].end - list.entries[0].start, 9 * 3600);
	attendance_release(&list);

	report_free(&report);
	roster_release(&roster);
}
END_TEST

/* Limits */

#define SCALE_AGENTS 5000
#define SCALE_SESSIONS_PER_AGENT 15

/*
 * 5,000 agents on 08:00-16:00 and 60,000 three-minute sessions: agents
 * 0-1999 first log in at 07:58 (on time), agents 2000-2999 at 08:30 (late),
 * agents 3000-3999 only before the start (absent) and agents 4000-4999
 * never (absent).
 */
START_TEST(test_attendance_scale)
{
	size_t roster_size = strlen(ROSTER_HEADER) + SCALE_AGENTS * 64;
	char *text = malloc(roster_size);
	size_t used = 0;
	struct roster roster;
	struct report report = { 0 };
	struct attendance_list list;
	time_t base = local_time("2024-03-04 00:00:00");

	ck_assert_ptr_nonnull(text);
	used += (size_t)snprintf(text, roster_size, "%s", ROSTER_HEADER);
	for (int agent = 0; agent < SCALE_AGENTS; agent++)
		used += (size_t)snprintf(text + used, roster_size - used,
					 "A%05d,Agent %d,mon-fri,08:00,16:00,\n", agent, agent);
	roster_parse_or_fail(text, &roster);
	free(text);
	ck_assert_uint_eq(roster.shift_count, SCALE_AGENTS);

	report.sessions = calloc(4000 * SCALE_SESSIONS_PER_AGENT, sizeof(*report.sessions));
	ck_assert_ptr_nonnull(report.sessions);

	/* Sessions go in with the agents interleaved, so the index must sort them. */
	for (int k = 0; k < SCALE_SESSIONS_PER_AGENT; k++) {
		for (int agent = 0; agent < 4000; agent++) {
			struct session *session = &report.sessions[report.count++];
			char id[16];
			time_t first_login = agent < 2000 ? base + 7 * 3600 + 58 * 60
					   : agent < 3000 ? base + 8 * 3600 + 30 * 60
							  : base + 6 * 3600;

			snprintf(id, sizeof(id), "A%05d", agent);
			session->agent_id = text_copy(id);
			session->agent_dni = text_copy("");
			session->agent_name = text_copy("");
			session->login = first_login + (agent < 3000 ? k * 600 : k * 240);
			session->logout = session->login + 180;
			session->open = false;
		}
	}
	ck_assert_uint_eq(report.count, 60000);

	evaluate_or_fail(&roster, &report, "2024-03-04 12:00:00", 5, NULL, &list);
	ck_assert_uint_eq(list.count, 5000);
	ck_assert_uint_eq(list.on_time, 2000);
	ck_assert_uint_eq(list.late, 1000);
	ck_assert_uint_eq(list.absent, 2000);

	attendance_release(&list);
	report_free(&report);
	roster_release(&roster);
}
END_TEST

START_TEST(test_attendance_release_zeroed)
{
	struct attendance_list list = { 0 };

	attendance_release(&list);
	ck_assert_ptr_null(list.entries);
	ck_assert_uint_eq(list.count, 0);
	attendance_release(NULL);
}
END_TEST

static Suite *attendance_suite(void)
{
	Suite *suite = suite_create("attendance");
	TCase *core = tcase_create("Core");
	TCase *zones = tcase_create("Zones");
	TCase *limits = tcase_create("Limits");

	tcase_add_checked_fixture(core, setup_bogota, NULL);
	tcase_add_loop_test(core, test_attendance_rules, 0, TABLE_SIZE(cases));
	tcase_add_test(core, test_attendance_overnight_times);
	tcase_add_test(core, test_attendance_order_and_names);
	tcase_add_test(core, test_attendance_release_zeroed);
	suite_add_tcase(suite, core);

	tcase_add_test(zones, test_attendance_madrid_spring_forward);
	tcase_add_test(zones, test_attendance_madrid_fall_back);
	suite_add_tcase(suite, zones);

	tcase_add_checked_fixture(limits, setup_bogota, NULL);
	tcase_set_timeout(limits, 60);
	tcase_add_test(limits, test_attendance_scale);
	suite_add_tcase(suite, limits);

	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(attendance_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
