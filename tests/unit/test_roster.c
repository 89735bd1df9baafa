#include <check.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "roster.h"

#define ROSTER_FIXTURE(name) FIXTURE_DIR "/roster/" name
#define TABLE_SIZE(table) ((int)(sizeof(table) / sizeof((table)[0])))

#define HEADER "agent_id,name,days,start,end\n"

static struct roster roster_parse_or_fail(const char *text)
{
	struct roster roster;
	char err[512] = "";

	ck_assert_msg(roster_parse(text, strlen(text), "test.csv", &roster, err, sizeof(err)),
		      "rejected: %s", err);
	return roster;
}

static void roster_assert_empty(const struct roster *roster)
{
	ck_assert_ptr_null(roster->shifts);
	ck_assert_uint_eq(roster->shift_count, 0);
	ck_assert_ptr_null(roster->offs);
	ck_assert_uint_eq(roster->off_count, 0);
}

static void shift_assert(const struct roster_shift *shift, const char *agent, const char *name,
			 const char *team, unsigned days, int start_minute, int end_minute,
			 int break_minutes, int line)
{
	ck_assert_str_eq(shift->agent, agent);
	ck_assert_str_eq(shift->name, name);
	ck_assert_str_eq(shift->team, team);
	ck_assert_uint_eq(shift->days, days);
	ck_assert_int_eq(shift->start_minute, start_minute);
	ck_assert_int_eq(shift->end_minute, end_minute);
	ck_assert_int_eq(shift->break_minutes, break_minutes);
	ck_assert_int_eq(shift->line, line);
}

static void date_assert(const struct civil_time *date, int year, int month, int day)
{
	ck_assert_int_eq(date->year, year);
	ck_assert_int_eq(date->month, month);
	ck_assert_int_eq(date->day, day);
}

#define SUN (1u << 0)
#define MON (1u << 1)
#define TUE (1u << 2)
#define WED (1u << 3)
#define THU (1u << 4)
#define FRI (1u << 5)
#define SAT (1u << 6)

/* Core */

START_TEST(test_roster_good_file)
{
	struct roster roster;
	char err[512] = "";
	const struct roster_shift *shifts;

	ck_assert_msg(roster_load(ROSTER_FIXTURE("good.csv"), &roster, err, sizeof(err)), "%s", err);
	ck_assert_int_eq(roster.key, ROSTER_KEY_AGENT_ID);
	ck_assert_uint_eq(roster.shift_count, 8);
	shifts = roster.shifts;

	shift_assert(&shifts[0], "1001", "P\xC3\xA9rez, Ana", "sales", MON | TUE | WED | THU | FRI,
		     8 * 60, 16 * 60, 60, 5);
	ck_assert(!shifts[0].has_date);

	shift_assert(&shifts[1], "1002", "Jos\xC3\xA9 \"Pepe\" N\xC3\xBA\xC3\xB1" "ez", "sales",
		     MON | WED | FRI, 6 * 60, 14 * 60, 0, 6);

	shift_assert(&shifts[2], "1003", "\xC3\x91o\xC3\xB1o G\xC3\xB3mez", "support", SAT | SUN | MON,
		     22 * 60, 6 * 60, 30, 7);

	shift_assert(&shifts[3], "1004", "", "support", ROSTER_ALL_DAYS, 9 * 60, 12 * 60, 0, 8);

	shift_assert(&shifts[4], "1001", "Ana P\xC3\xA9rez", "", 0, 18 * 60, 20 * 60, 0, 9);
	ck_assert(shifts[4].has_date);
	date_assert(&shifts[4].date, 2024, 3, 5);

	shift_assert(&shifts[5], "1002", "Jos\xC3\xA9", "", SAT | SUN, 9 * 60, 13 * 60, 0, 10);
	shift_assert(&shifts[6], "1005", "Carla", "", WED, 9 * 60, 17 * 60, 15, 11);
	shift_assert(&shifts[7], "1006", " Luis ", "support", SUN, 20 * 60, 23 * 60 + 30, 0, 12);

	/* The "off" rows come sorted by agent, whatever their order in the file. */
	ck_assert_uint_eq(roster.off_count, 2);
	ck_assert_str_eq(roster.offs[0].agent, "1001");
	date_assert(&roster.offs[0].first, 2024, 3, 15);
	date_assert(&roster.offs[0].last, 2024, 3, 15);
	ck_assert_int_eq(roster.offs[0].line, 15);
	ck_assert_str_eq(roster.offs[1].agent, "1003");
	date_assert(&roster.offs[1].first, 2024, 12, 21);
	date_assert(&roster.offs[1].last, 2024, 12, 30);
	ck_assert_int_eq(roster.offs[1].line, 14);

	roster_release(&roster);
	roster_assert_empty(&roster);
}
END_TEST

START_TEST(test_roster_bom_crlf_dni)
{
	struct roster roster;
	char err[512] = "";

	ck_assert_msg(roster_load(ROSTER_FIXTURE("bom_crlf.csv"), &roster, err, sizeof(err)), "%s", err);
	ck_assert_int_eq(roster.key, ROSTER_KEY_AGENT_DNI);
	ck_assert_uint_eq(roster.shift_count, 2);
	shift_assert(&roster.shifts[0], "CC-1001", "P\xC3\xA9rez, Ana", "", MON | TUE | WED | THU | FRI,
		     8 * 60, 16 * 60, 0, 3);
	shift_assert(&roster.shifts[1], "CC-1002", "I\xC3\xB1" "aki", "", SAT, 22 * 60, 6 * 60, 0, 5);
	ck_assert_uint_eq(roster.off_count, 0);

	roster_release(&roster);
}
END_TEST

static const struct {
	const char *days;
	unsigned bits;
} day_cases[] = {
	{ "mon", MON },
	{ "MON", MON },
	{ "Tue", TUE },
	{ "mon-fri", MON | TUE | WED | THU | FRI },
	{ "fri-mon", FRI | SAT | SUN | MON },
	{ "sat-mon", SAT | SUN | MON },
	{ "sun-sat", ROSTER_ALL_DAYS },
	{ "wed-wed", WED },
	{ "\"mon,wed,fri\"", MON | WED | FRI },
	{ "\"mon-tue, thu ,sat-sun\"", MON | TUE | THU | SAT | SUN },
	{ "\"mon,mon\"", MON },
	{ "*", ROSTER_ALL_DAYS },
	{ "lun-vie", MON | TUE | WED | THU | FRI },
	{ "mar", TUE },
	{ "mi\xC3\xA9", WED },
	{ "MI\xC3\x89", WED },
	{ "mie", WED },
	{ "jue", THU },
	{ "vie", FRI },
	{ "s\xC3\xA1" "b", SAT },
	{ "S\xC3\x81" "B", SAT },
	{ "Sab", SAT },
	{ "dom", SUN },
	{ "\"s\xC3\xA1" "b-lun,mi\xC3\xA9\"", SAT | SUN | MON | WED },
};

START_TEST(test_roster_day_names)
{
	char text[256];
	struct roster roster;

	snprintf(text, sizeof(text), HEADER "1001,Ana,%s,08:00,16:00\n", day_cases[_i].days);
	roster = roster_parse_or_fail(text);
	ck_assert_uint_eq(roster.shift_count, 1);
	ck_assert_msg(roster.shifts[0].days == day_cases[_i].bits, "days %s: 0x%x, expected 0x%x",
		      day_cases[_i].days, roster.shifts[0].days, day_cases[_i].bits);
	roster_release(&roster);
}
END_TEST

START_TEST(test_roster_shift_on)
{
	struct roster roster;
	char err[512] = "";
	const struct roster_shift *weekdays, *dated, *wrapping, *spanish;
	struct civil_time date = { 2024, 3, 4, 23, 59, 59 };  /* a Monday, at a time that must be ignored */

	ck_assert_msg(roster_load(ROSTER_FIXTURE("good.csv"), &roster, err, sizeof(err)), "%s", err);
	weekdays = &roster.shifts[0];  /* 1001, mon-fri, off on 2024-03-15 */
	spanish = &roster.shifts[1];   /* 1002, lun,mié,vie */
	wrapping = &roster.shifts[2];  /* 1003, sat-mon, off 2024-12-21..2024-12-30 */
	dated = &roster.shifts[4];     /* 1001, 2024-03-05 only */

	ck_assert(roster_shift_on(&roster, weekdays, &date));
	ck_assert(!roster_shift_on(&roster, dated, &date));

	date = (struct civil_time){ 2024, 3, 5, 0, 0, 0 };
	ck_assert(roster_shift_on(&roster, weekdays, &date));
	ck_assert(roster_shift_on(&roster, dated, &date));

	date = (struct civil_time){ 2024, 3, 12, 0, 0, 0 };
	ck_assert(!roster_shift_on(&roster, dated, &date));

	date = (struct civil_time){ 2024, 3, 9, 0, 0, 0 };  /* Saturday */
	ck_assert(!roster_shift_on(&roster, weekdays, &date));

	date = (struct civil_time){ 2024, 3, 15, 0, 0, 0 };  /* Friday, 1001 is off */
	ck_assert(!roster_shift_on(&roster, weekdays, &date));
	ck_assert(roster_shift_on(&roster, spanish, &date));

	date = (struct civil_time){ 2024, 3, 14, 0, 0, 0 };
	ck_assert(roster_shift_on(&roster, weekdays, &date));
	ck_assert(!roster_shift_on(&roster, spanish, &date));

	date = (struct civil_time){ 2024, 12, 14, 0, 0, 0 };  /* Saturday before the leave */
	ck_assert(roster_shift_on(&roster, wrapping, &date));
	date = (struct civil_time){ 2024, 12, 16, 0, 0, 0 };  /* Monday */
	ck_assert(roster_shift_on(&roster, wrapping, &date));
	date = (struct civil_time){ 2024, 12, 21, 0, 0, 0 };  /* first day of the leave */
	ck_assert(!roster_shift_on(&roster, wrapping, &date));
	date = (struct civil_time){ 2024, 12, 22, 0, 0, 0 };
	ck_assert(!roster_shift_on(&roster, wrapping, &date));
	date = (struct civil_time){ 2024, 12, 30, 0, 0, 0 };  /* last day of the leave */
	ck_assert(!roster_shift_on(&roster, wrapping, &date));
	date = (struct civil_time){ 2025, 1, 4, 0, 0, 0 };
	ck_assert(roster_shift_on(&roster, wrapping, &date));

	roster_release(&roster);
}
END_TEST

START_TEST(test_roster_off_many_agents)
{
	struct roster roster = roster_parse_or_fail(
		HEADER
		"3,Carla,*,08:00,16:00\n"
		"3,,2024-03-01..2024-03-03,off,\n"
		"1,,2024-03-02,off,\n"
		"2,,2024-03-04,off,\n"
		"1,Ana,*,08:00,16:00\n"
		"1,,2024-03-05,off,\n");
	struct civil_time date = { 2024, 3, 2, 0, 0, 0 };

	ck_assert_uint_eq(roster.off_count, 4);
	ck_assert_str_eq(roster.offs[0].agent, "1");
	date_assert(&roster.offs[0].first, 2024, 3, 2);
	ck_assert_str_eq(roster.offs[1].agent, "1");
	date_assert(&roster.offs[1].first, 2024, 3, 5);
	ck_assert_str_eq(roster.offs[2].agent, "2");
	ck_assert_str_eq(roster.offs[3].agent, "3");

	ck_assert(!roster_shift_on(&roster, &roster.shifts[0], &date));
	ck_assert(!roster_shift_on(&roster, &roster.shifts[1], &date));

	date.day = 4;
	ck_assert(roster_shift_on(&roster, &roster.shifts[0], &date));
	ck_assert(roster_shift_on(&roster, &roster.shifts[1], &date));

	date.day = 5;
	ck_assert(!roster_shift_on(&roster, &roster.shifts[1], &date));

	roster_release(&roster);
}
END_TEST

START_TEST(test_roster_header_only)
{
	struct roster roster = roster_parse_or_fail("# no shifts yet\nAGENT_ID,Name,Days,Start,End,Team\n");

	ck_assert_int_eq(roster.key, ROSTER_KEY_AGENT_ID);
	ck_assert_uint_eq(roster.shift_count, 0);
	ck_assert_uint_eq(roster.off_count, 0);
	roster_release(&roster);
}
END_TEST

START_TEST(test_roster_no_trailing_newline)
{
	struct roster roster = roster_parse_or_fail(HEADER "1001,Ana,mon,08:00,16:00");

	ck_assert_uint_eq(roster.shift_count, 1);
	ck_assert_int_eq(roster.shifts[0].end_minute, 16 * 60);
	roster_release(&roster);
}
END_TEST

/* Rosters whose shifts touch or only look alike, which must be accepted. */
static const char *const disjoint_rosters[] = {
	HEADER "1,a,mon,08:00,12:00\n1,a,mon,12:00,16:00\n",
	HEADER "1,a,mon,08:00,16:00\n2,b,mon,08:00,16:00\n",
	HEADER "1,a,*,22:00,06:00\n",
	HEADER "1,a,mon-fri,22:00,06:00\n1,a,mon-fri,06:00,14:00\n",
	HEADER "1,a,sat,22:00,06:00\n1,a,sun,06:00,09:00\n",
	HEADER "1,a,mon-fri,08:00,16:00\n1,a,2024-03-02,08:00,16:00\n",
	HEADER "1,a,2024-03-01,08:00,16:00\n1,a,2024-03-08,08:00,16:00\n",
};

START_TEST(test_roster_disjoint_shifts)
{
	struct roster roster = roster_parse_or_fail(disjoint_rosters[_i]);

	roster_release(&roster);
}
END_TEST

/* Errors */

static const struct {
	const char *text;
	const char *message;
} error_cases[] = {
	/* Header */
	{ "agent_id,name,days,start,end,color\n",
	  "test.csv:1: unknown column \"color\" in the header; expected agent_id or agent_dni, name, days, start, end, break, team" },
	{ "# comment\n\n1001,Ana,mon,08:00,16:00\n",
	  "test.csv:3: unknown column \"1001\" in the header; expected agent_id or agent_dni, name, days, start, end, break, team" },
	{ "agent_id,name,days,start,end,\n",
	  "test.csv:1: unknown column \"\" in the header; expected agent_id or agent_dni, name, days, start, end, break, team" },
	{ "agent_id,name,days,start,end,Name\n", "test.csv:1: duplicate column \"name\" in the header" },
	{ "agent_id,name,days,start\n", "test.csv:1: missing required column \"end\"" },
	{ "agent_id,days,start,end\n", "test.csv:1: missing required column \"name\"" },
	{ "name,days,start,end\n", "test.csv:1: missing required column agent_id or agent_dni" },
	{ "agent_id,agent_dni,name,days,start,end\n",
	  "test.csv:1: the header has both agent_id and agent_dni; keep exactly one" },
	{ HEADER "1001,Ana,mon,08:00,16:00\n" HEADER,
	  "test.csv:3: duplicate header line; the header is on line 1" },
	{ HEADER "1001,Ana,mon,08:00,16:00\nname,agent_id,end,start,days\n",
	  "test.csv:3: duplicate header line; the header is on line 1" },
	{ "", "test.csv: no header line; the roster starts with a line such as agent_id,name,days,start,end" },
	{ "# only a comment\n\n  \n",
	  "test.csv: no header line; the roster starts with a line such as agent_id,name,days,start,end" },

	/* Fields */
	{ HEADER "1001,Ana,mon,08:00\n", "test.csv:2: expected 5 fields as in the header, found 4" },
	{ HEADER "1001,Ana,mon,08:00,16:00,x\n", "test.csv:2: expected 5 fields as in the header, found 6" },
	{ HEADER "1001,Pérez, Ana,mon,08:00,16:00\n", "test.csv:2: expected 5 fields as in the header, found 6" },
	{ HEADER ",Ana,mon,08:00,16:00\n", "test.csv:2: empty agent_id" },
	{ "agent_dni,name,days,start,end\n  ,Ana,mon,08:00,16:00\n", "test.csv:2: empty agent_dni" },
	{ HEADER "1001,\"Ana,mon,08:00,16:00\n",
	  "test.csv:2: unterminated quoted field; close it with \" on the same line" },
	{ HEADER "1001,\"Ana\" P,mon,08:00,16:00\n",
	  "test.csv:2: unexpected text after the closing quote of a field" },
	{ HEADER "1001,Ana \"La\" P,mon,08:00,16:00\n",
	  "test.csv:2: double quote inside an unquoted field; quote the whole field and write \"\" for a quote" },

	/* Times */
	{ HEADER "1001,Ana,mon,8:0,16:00\n",
	  "test.csv:2: invalid start time \"8:0\"; expected HH:MM from 00:00 to 23:59, or off" },
	{ HEADER "1001,Ana,mon,24:00,16:00\n",
	  "test.csv:2: invalid start time \"24:00\"; expected HH:MM from 00:00 to 23:59, or off" },
	{ HEADER "1001,Ana,mon,,16:00\n",
	  "test.csv:2: invalid start time \"\"; expected HH:MM from 00:00 to 23:59, or off" },
	{ HEADER "1001,Ana,mon,08:00,16:60\n",
	  "test.csv:2: invalid end time \"16:60\"; expected HH:MM from 00:00 to 23:59" },
	{ HEADER "1001,Ana,mon,08:00,\n",
	  "test.csv:2: invalid end time \"\"; expected HH:MM from 00:00 to 23:59" },
	{ HEADER "1001,Ana,mon,08:00,08:00\n",
	  "test.csv:2: end time 08:00 equals the start time; a shift must be shorter than 24 hours" },

	/* Days */
	{ HEADER "1001,Ana,mon-fry,08:00,16:00\n",
	  "test.csv:2: unknown day name \"fry\"; expected mon..sun or lun..dom" },
	{ HEADER "1001,Ana,monday,08:00,16:00\n",
	  "test.csv:2: unknown day name \"monday\"; expected mon..sun or lun..dom" },
	{ HEADER "1001,Ana,\"mon,*\",08:00,16:00\n",
	  "test.csv:2: unknown day name \"*\"; expected mon..sun or lun..dom" },
	{ HEADER "1001,Ana,\"mon,,fri\",08:00,16:00\n",
	  "test.csv:2: empty day name in days; expected a name such as mon, a range such as mon-fri, or *" },
	{ HEADER "1001,Ana,mon-,08:00,16:00\n",
	  "test.csv:2: empty day name in days; expected a name such as mon, a range such as mon-fri, or *" },
	{ HEADER "1001,Ana,,08:00,16:00\n",
	  "test.csv:2: empty days; expected *, day names such as mon-fri, or a date YYYY-MM-DD" },
	{ HEADER "1001,Ana,2023-02-29,08:00,16:00\n",
	  "test.csv:2: invalid date \"2023-02-29\"; expected a real date YYYY-MM-DD" },
	{ HEADER "1001,Ana,2024-3-1,08:00,16:00\n",
	  "test.csv:2: invalid date \"2024-3-1\"; expected a real date YYYY-MM-DD" },
	{ HEADER "1001,Ana,2024-03-01..2024-03-02,08:00,16:00\n",
	  "test.csv:2: date range \"2024-03-01..2024-03-02\" in days is only allowed in an \"off\" row; a shift takes one date" },

	/* Breaks */
	{ "agent_id,name,days,start,end,break\n1001,Ana,mon,08:00,16:00,-5\n",
	  "test.csv:2: break \"-5\" is negative; expected 0 or more minutes" },
	{ "agent_id,name,days,start,end,break\n1001,Ana,mon,08:00,09:00,60\n",
	  "test.csv:2: break of 60 minutes is not shorter than the shift of 60 minutes" },
	{ "agent_id,name,days,start,end,break\n1001,Ana,mon,23:00,01:00,999999999999\n",
	  "test.csv:2: break of 999999999999 minutes is not shorter than the shift of 120 minutes" },
	{ "agent_id,name,days,start,end,break\n1001,Ana,mon,08:00,16:00,1h\n",
	  "test.csv:2: invalid break \"1h\"; expected whole minutes" },
	{ "agent_id,name,days,start,end,break\n1001,Ana,mon,08:00,16:00,-\n",
	  "test.csv:2: invalid break \"-\"; expected whole minutes" },

	/* "off" rows */
	{ HEADER "1001,,2024-03-01,off,16:00\n", "test.csv:2: end \"16:00\" must be empty in an \"off\" row" },
	{ "agent_id,name,days,start,end,break\n1001,,2024-03-01,off,,30\n",
	  "test.csv:2: break \"30\" must be empty in an \"off\" row" },
	{ HEADER "1001,,mon-fri,off,\n",
	  "test.csv:2: days \"mon-fri\" of an \"off\" row must be a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD" },
	{ HEADER "1001,,2024-02-30,off,\n",
	  "test.csv:2: invalid date \"2024-02-30\"; expected a real date YYYY-MM-DD" },
	{ HEADER "1001,,2024-03-01..2024-02-30,off,\n",
	  "test.csv:2: invalid date range \"2024-03-01..2024-02-30\"; expected YYYY-MM-DD..YYYY-MM-DD with real dates" },
	{ HEADER "1001,,2024-03-01..,off,\n",
	  "test.csv:2: invalid date range \"2024-03-01..\"; expected YYYY-MM-DD..YYYY-MM-DD with real dates" },
	{ HEADER "1001,,2024-03-10..2024-03-01,off,\n",
	  "test.csv:2: date range \"2024-03-10..2024-03-01\" ends before it starts" },

	/* Overlaps */
	{ HEADER "1,a,mon,08:00,16:00\n1,a,mon,15:00,18:00\n",
	  "test.csv:3: shift of agent \"1\" overlaps the agent's shift on line 2" },
	{ HEADER "1,a,mon,22:00,06:00\n1,a,tue,05:00,09:00\n",
	  "test.csv:3: shift of agent \"1\" overlaps the agent's shift on line 2" },
	{ HEADER "1,a,tue,05:00,09:00\n1,a,mon,22:00,06:00\n",
	  "test.csv:3: shift of agent \"1\" overlaps the agent's shift on line 2" },
	{ HEADER "1,a,sat,22:00,06:00\n1,a,sun,05:59,09:00\n",
	  "test.csv:3: shift of agent \"1\" overlaps the agent's shift on line 2" },
	{ HEADER "1,a,mon-fri,08:00,16:00\n2,b,mon,08:00,16:00\n1,a,\"sat,wed\",15:59,17:00\n",
	  "test.csv:4: shift of agent \"1\" overlaps the agent's shift on line 2" },
	{ HEADER "1,a,mon-fri,08:00,16:00\n1,a,2024-03-01,10:00,12:00\n",
	  "test.csv:3: shift of agent \"1\" overlaps the agent's shift on line 2" },
	{ HEADER "1,a,2024-03-02,23:00,01:00\n1,a,sun,00:30,02:00\n",
	  "test.csv:3: shift of agent \"1\" overlaps the agent's shift on line 2" },
	{ HEADER "1,a,2024-02-28,22:00,06:00\n1,a,2024-02-29,05:00,07:00\n",
	  "test.csv:3: shift of agent \"1\" overlaps the agent's shift on line 2" },
	{ HEADER "1,a,2023-02-28,22:00,06:00\n1,a,2023-03-01,05:00,07:00\n",
	  "test.csv:3: shift of agent \"1\" overlaps the agent's shift on line 2" },
	{ HEADER "1,a,mon,08:00,16:00\n1,a,mon,08:00,16:00\n",
	  "test.csv:3: shift of agent \"1\" overlaps the agent's shift on line 2" },
	{ HEADER "1,a,fri,08:00,16:00\n1,a,2024-03-01,08:00,16:00\n1,,2024-03-01,off,\n",
	  "test.csv:3: shift of agent \"1\" overlaps the agent's shift on line 2" },

	/* Bytes */
	{ HEADER "1001,Ana,mon,08:00,16:00\n1002,P\xE9rez,mon,08:00,16:00\n",
	  "test.csv:3: line is not valid UTF-8; save the roster as UTF-8" },
	{ "# caf\xC3\n" HEADER, "test.csv:1: line is not valid UTF-8; save the roster as UTF-8" },
	{ HEADER "1001,\xC0\xAF,mon,08:00,16:00\n",
	  "test.csv:2: line is not valid UTF-8; save the roster as UTF-8" },
	{ HEADER "1001,\xED\xA0\x80,mon,08:00,16:00\n",
	  "test.csv:2: line is not valid UTF-8; save the roster as UTF-8" },
	{ HEADER "1001,\xF4\x90\x80\x80,mon,08:00,16:00\n",
	  "test.csv:2: line is not valid UTF-8; save the roster as UTF-8" },
};

START_TEST(test_roster_errors)
{
	struct roster roster = { 0 };
	char err[512] = "";
	const char *text = error_cases[_i].text;

	ck_assert_msg(!roster_parse(text, strlen(text), "test.csv", &roster, err, sizeof(err)),
		      "accepted %s", text);
	ck_assert_str_eq(err, error_cases[_i].message);
	roster_assert_empty(&roster);
}
END_TEST

START_TEST(test_roster_bom_inside)
{
	/* Only a leading byte order mark is skipped, so one further on is text. */
	struct roster roster = roster_parse_or_fail(HEADER "\xEF\xBB\xBF" "1001,Ana,mon,08:00,16:00\n");

	ck_assert_str_eq(roster.shifts[0].agent, "\xEF\xBB\xBF" "1001");
	roster_release(&roster);
}
END_TEST

START_TEST(test_roster_nul_byte)
{
	static const char text[] = HEADER "1001,A\0na,mon,08:00,16:00\n";
	struct roster roster;
	char err[512] = "";

	ck_assert(!roster_parse(text, sizeof(text) - 1, "test.csv", &roster, err, sizeof(err)));
	ck_assert_str_eq(err, "test.csv:2: line contains a NUL byte; save the roster as UTF-8 text");
	roster_assert_empty(&roster);
}
END_TEST

START_TEST(test_roster_latin1_file)
{
	struct roster roster;
	char err[512] = "";

	ck_assert(!roster_load(ROSTER_FIXTURE("latin1.csv"), &roster, err, sizeof(err)));
	ck_assert_str_eq(err, ROSTER_FIXTURE("latin1.csv") ":3: line is not valid UTF-8; save the roster as UTF-8");
	roster_assert_empty(&roster);
}
END_TEST

START_TEST(test_roster_overlap_file)
{
	struct roster roster;
	char err[512] = "";

	ck_assert(!roster_load(ROSTER_FIXTURE("overnight_overlap.csv"), &roster, err, sizeof(err)));
	ck_assert_str_eq(err, ROSTER_FIXTURE("overnight_overlap.csv")
			 ":4: shift of agent \"1001\" overlaps the agent's shift on line 2");
	roster_assert_empty(&roster);
}
END_TEST

START_TEST(test_roster_missing_file)
{
	struct roster roster;
	char err[512] = "";

	ck_assert(!roster_load(ROSTER_FIXTURE("no_such_file.csv"), &roster, err, sizeof(err)));
	ck_assert_str_eq(err, ROSTER_FIXTURE("no_such_file.csv")
			 ": cannot open the roster: No such file or directory");
	roster_assert_empty(&roster);
}
END_TEST

START_TEST(test_roster_directory)
{
	struct roster roster;
	char err[512] = "";

	ck_assert(!roster_load(FIXTURE_DIR "/roster", &roster, err, sizeof(err)));
	ck_assert_str_eq(err, FIXTURE_DIR "/roster: the roster is not a regular file");
	roster_assert_empty(&roster);
}
END_TEST

START_TEST(test_roster_small_error_buffer)
{
	struct roster roster;
	char err[12] = "";

	ck_assert(!roster_parse("x\n", 2, "test.csv", &roster, err, sizeof(err)));
	ck_assert_str_eq(err, "test.csv:1:");
	ck_assert(!roster_parse("x\n", 2, "test.csv", &roster, NULL, 0));
}
END_TEST

/* Limits */

/* Builds HEADER plus one row of exactly row_length bytes before its line end. */
static char *long_roster_text(size_t row_length, const char *line_end)
{
	static const char prefix[] = "1001,\"";
	static const char suffix[] = "\",mon,08:00,16:00";
	size_t padding = row_length - (sizeof(prefix) - 1) - (sizeof(suffix) - 1);
	size_t total = strlen(HEADER) + row_length + strlen(line_end) + 1;
	char *text = malloc(total);

	ck_assert_ptr_nonnull(text);
	snprintf(text, total, "%s%s", HEADER, prefix);
	memset(text + strlen(text), 'x', padding);
	snprintf(text + strlen(HEADER) + (sizeof(prefix) - 1) + padding,
		 total - strlen(HEADER) - (sizeof(prefix) - 1) - padding, "%s%s", suffix, line_end);
	return text;
}

START_TEST(test_roster_line_at_limit)
{
	char *text = long_roster_text(4096, "\r\n");
	struct roster roster = roster_parse_or_fail(text);

	ck_assert_uint_eq(roster.shift_count, 1);
	ck_assert_uint_eq(strlen(roster.shifts[0].name), 4096 - 23);
	roster_release(&roster);
	free(text);
}
END_TEST

START_TEST(test_roster_line_too_long)
{
	char *text = long_roster_text(4097, "\n");
	struct roster roster;
	char err[512] = "";

	ck_assert(!roster_parse(text, strlen(text), "test.csv", &roster, err, sizeof(err)));
	ck_assert_str_eq(err, "test.csv:2: line is longer than 4096 bytes");
	roster_assert_empty(&roster);
	free(text);
}
END_TEST

START_TEST(test_roster_text_too_large)
{
	size_t length = 16u * 1024u * 1024u + 1u;
	char *text = malloc(length);
	struct roster roster;
	char err[512] = "";

	ck_assert_ptr_nonnull(text);
	memset(text, '\n', length);
	ck_assert(!roster_parse(text, length, "big.csv", &roster, err, sizeof(err)));
	ck_assert_str_eq(err, "big.csv: the roster is larger than 16 MiB; remove old rows or split it");
	roster_assert_empty(&roster);
	free(text);
}
END_TEST

START_TEST(test_roster_file_too_large)
{
	char path[] = "/tmp/test_roster_XXXXXX";
	int fd = mkstemp(path);
	struct roster roster;
	char err[512] = "";
	char expected[512];

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 16 * 1024 * 1024 + 1), 0);
	close(fd);

	ck_assert(!roster_load(path, &roster, err, sizeof(err)));
	snprintf(expected, sizeof(expected), "%s: the roster is larger than 16 MiB; remove old rows or split it",
		 path);
	ck_assert_str_eq(err, expected);
	roster_assert_empty(&roster);
	unlink(path);
}
END_TEST

START_TEST(test_roster_file_at_limit)
{
	/* 16 MiB of blank lines after the header: accepted, and no shifts. */
	char path[] = "/tmp/test_roster_XXXXXX";
	int fd = mkstemp(path);
	FILE *file;
	struct roster roster;
	char err[512] = "";
	size_t padding = 16u * 1024u * 1024u - strlen(HEADER);
	char *blank = malloc(padding);

	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_nonnull(blank);
	memset(blank, '\n', padding);
	file = fdopen(fd, "wb");
	ck_assert_ptr_nonnull(file);
	ck_assert_int_ge(fputs(HEADER, file), 0);
	ck_assert_uint_eq(fwrite(blank, 1, padding, file), padding);
	fclose(file);
	free(blank);

	ck_assert_msg(roster_load(path, &roster, err, sizeof(err)), "%s", err);
	ck_assert_uint_eq(roster.shift_count, 0);
	roster_release(&roster);
	unlink(path);
}
END_TEST

START_TEST(test_roster_release_zeroed)
{
	struct roster roster = { 0 };

	roster_release(&roster);
	roster_assert_empty(&roster);
	roster_release(NULL);
}
END_TEST

static const char team_roster[] =
	"agent_id,name,days,start,end,team\n"
	"1001,Ana,mon-fri,08:00,16:00,mañana\n"
	"1002,Luis,mon-fri,14:00,22:00,tarde\n"
	"1003,José,mon-fri,08:00,16:00,mañana\n"
	"1004,Lía,sat,08:00,16:00,\n";

START_TEST(test_roster_check_team_known)
{
	struct roster roster;
	char err[256] = "";

	ck_assert(roster_parse(team_roster, strlen(team_roster), "teams.csv", &roster, err,
			       sizeof(err)));
	ck_assert(roster_check_team(&roster, "mañana", err, sizeof(err)));
	ck_assert(roster_check_team(&roster, "tarde", err, sizeof(err)));
	roster_release(&roster);
}
END_TEST

START_TEST(test_roster_check_team_unknown)
{
	struct roster roster;
	char err[256] = "";

	ck_assert(roster_parse(team_roster, strlen(team_roster), "teams.csv", &roster, err,
			       sizeof(err)));
	ck_assert(!roster_check_team(&roster, "Mañana", err, sizeof(err)));
	ck_assert_str_eq(err, "no roster row has team 'Mañana'; the roster's teams are: 'mañana', 'tarde'");
	roster_release(&roster);
}
END_TEST

START_TEST(test_roster_check_team_none)
{
	static const char text[] = "agent_id,name,days,start,end\n1001,Ana,mon,08:00,16:00\n";
	struct roster roster;
	char err[256] = "";

	ck_assert(roster_parse(text, strlen(text), "plain.csv", &roster, err, sizeof(err)));
	ck_assert(!roster_check_team(&roster, "sales", err, sizeof(err)));
	ck_assert_str_eq(err, "no roster row has team 'sales', and the roster names no teams");
	roster_release(&roster);
}
END_TEST

/* Dated shifts on consecutive days before and after 1970 must not read as
 * the same day. */
START_TEST(test_roster_dates_around_epoch)
{
	static const char text[] =
		"agent_id,name,days,start,end\n"
		"1001,Ana,1969-12-31,08:00,17:00\n"
		"1001,Ana,1970-01-01,08:00,17:00\n"
		"1001,Ana,1969-12-30,08:00,17:00\n";
	struct roster roster;
	char err[256] = "";

	ck_assert_msg(roster_parse(text, strlen(text), "epoch.csv", &roster, err, sizeof(err)),
		      "%s", err);
	ck_assert_uint_eq(roster.shift_count, 3);
	roster_release(&roster);
}
END_TEST

START_TEST(test_roster_fifo_rejected)
{
	char path[] = "/tmp/roster-fifo-XXXXXX";
	char fifo[64];
	struct roster roster;
	char err[256] = "";
	char expected[128];

	ck_assert_ptr_nonnull(mkdtemp(path));
	snprintf(fifo, sizeof(fifo), "%s/roster.csv", path);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);

	ck_assert(!roster_load(fifo, &roster, err, sizeof(err)));
	snprintf(expected, sizeof(expected), "%s: the roster is not a regular file", fifo);
	ck_assert_str_eq(err, expected);

	unlink(fifo);
	rmdir(path);
}
END_TEST

START_TEST(test_roster_semicolon_header)
{
	static const char text[] = "agent_id;name;days;start;end\n1001;Ana;mon;08:00;16:00\n";
	struct roster roster;
	char err[256] = "";

	ck_assert(!roster_parse(text, strlen(text), "excel.csv", &roster, err, sizeof(err)));
	ck_assert_str_eq(err, "excel.csv:1: the header \"agent_id;name;days;start;end\" is separated by ';'; save the file as comma-separated CSV (UTF-8)");
}
END_TEST

START_TEST(test_roster_one_digit_hour)
{
	static const char text[] = "agent_id,name,days,start,end\n1001,Ana,mon,7:00,16:00\n";
	struct roster roster;
	char err[256] = "";

	ck_assert_msg(roster_parse(text, strlen(text), "excel.csv", &roster, err, sizeof(err)), "%s", err);
	ck_assert_int_eq(roster.shifts[0].start_minute, 420);
	roster_release(&roster);
}
END_TEST

static Suite *roster_suite(void)
{
	Suite *suite = suite_create("roster");
	TCase *core = tcase_create("Core");
	TCase *errors = tcase_create("Errors");
	TCase *limits = tcase_create("Limits");

	tcase_add_test(core, test_roster_good_file);
	tcase_add_test(core, test_roster_bom_crlf_dni);
	tcase_add_loop_test(core, test_roster_day_names, 0, TABLE_SIZE(day_cases));
	tcase_add_test(core, test_roster_shift_on);
	tcase_add_test(core, test_roster_off_many_agents);
	tcase_add_test(core, test_roster_header_only);
	tcase_add_test(core, test_roster_no_trailing_newline);
	tcase_add_test(core, test_roster_bom_inside);
	tcase_add_loop_test(core, test_roster_disjoint_shifts, 0, TABLE_SIZE(disjoint_rosters));
	tcase_add_test(core, test_roster_release_zeroed);
	tcase_add_test(core, test_roster_check_team_known);
	tcase_add_test(core, test_roster_check_team_unknown);
	tcase_add_test(core, test_roster_check_team_none);
	tcase_add_test(core, test_roster_dates_around_epoch);
	tcase_add_test(core, test_roster_fifo_rejected);
	tcase_add_test(core, test_roster_semicolon_header);
	tcase_add_test(core, test_roster_one_digit_hour);
	suite_add_tcase(suite, core);

	tcase_add_loop_test(errors, test_roster_errors, 0, TABLE_SIZE(error_cases));
	tcase_add_test(errors, test_roster_nul_byte);
	tcase_add_test(errors, test_roster_latin1_file);
	tcase_add_test(errors, test_roster_overlap_file);
	tcase_add_test(errors, test_roster_missing_file);
	tcase_add_test(errors, test_roster_directory);
	tcase_add_test(errors, test_roster_small_error_buffer);
	suite_add_tcase(suite, errors);

	tcase_set_timeout(limits, 30);
	tcase_add_test(limits, test_roster_line_at_limit);
	tcase_add_test(limits, test_roster_line_too_long);
	tcase_add_test(limits, test_roster_text_too_large);
	tcase_add_test(limits, test_roster_file_too_large);
	tcase_add_test(limits, test_roster_file_at_limit);
	suite_add_tcase(suite, limits);

	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(roster_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
