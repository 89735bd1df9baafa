/*
 * --generate-demo DIR: writes DIR/roster.csv and DIR/default.json, a small
 * contact centre whose three teams all have a shift due at the given time.
 *
 * Times are relative to now, floored to the minute. The morning team started
 * 3 h ago (9 h shift) and the afternoon team 40 min ago (8 h shift). The
 * overnight team has a 13 h shift that crosses midnight: it started 1 h ago
 * when now is after noon, else 12 h ago. Most agents logged in on time; 3 are late,
 * 4 are absent (one of them logged out before the shift), one logged out and
 * back in twice. The report also holds an agent missing from the roster and
 * a record whose fields are all empty, like the vendor's sample response.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json.h>

#include "fake_api.h"

#define MINUTE 60
#define HOUR (60 * MINUTE)

enum demo_team {
	TEAM_MORNING,
	TEAM_AFTERNOON,
	TEAM_OVERNIGHT,
	TEAM_COUNT
};

enum demo_pattern {
	PATTERN_PRESENT,          /* one open session from start + offset */
	PATTERN_ABSENT,           /* no session at all */
	PATTERN_LEFT_BEFORE,      /* a session that ended before the shift */
	PATTERN_SEVERAL_SESSIONS  /* logged out and back in twice */
};

struct demo_agent {
	const char *id;
	const char *dni;
	const char *name;         /* roster name */
	const char *report_name;  /* agent_name in the report */
	enum demo_team team;
	enum demo_pattern pattern;
	int offset_minutes;       /* login relative to the shift start */
	bool in_roster;
};

struct demo_shift {
	const char *team;
	time_t start;
	time_t end;
};

/* Grace is 5 minutes by default, so offsets above 5 are late logins. */
static const struct demo_agent demo_agents[] = {
	{ "1001", "1020304051", "Ana Pérez", "COM-ANA PÉREZ", TEAM_MORNING, PATTERN_PRESENT, -6, true },
	{ "1002", "1020304052", "José María Peña", "COM-JOSÉ MARÍA  PEÑA", TEAM_MORNING,
	  PATTERN_SEVERAL_SESSIONS, -4, true },
	{ "1003", "1020304053", "María José Núñez", "COM-MARÍA JOSÉ NÚÑEZ", TEAM_MORNING,
	  PATTERN_PRESENT, -2, true },
	{ "1004", "1020304054", "Luis Ángel Gómez", "COM-LUIS ÁNGEL GÓMEZ", TEAM_MORNING,
	  PATTERN_PRESENT, 22, true },
	{ "1005", "1020304055", "Sofía Ramírez", "COM-SOFÍA RAMÍREZ", TEAM_MORNING,
	  PATTERN_ABSENT, 0, true },
	{ "1006", "1020304056", "Andrés Felipe Muñoz", "COM-ANDRÉS FELIPE MUÑOZ", TEAM_MORNING,
	  PATTERN_PRESENT, -9, true },
	{ "1007", "1020304057", "Camila Ordóñez", "COM-CAMILA ORDÓÑEZ", TEAM_MORNING,
	  PATTERN_PRESENT, -1, true },
	{ "1008", "1020304058", "Juan Pablo Castaño", "COM-JUAN PABLO CASTAÑO", TEAM_MORNING,
	  PATTERN_LEFT_BEFORE, 0, true },
	{ "1009", "1020304059", "Valentina Ibáñez", "COM-VALENTINA IBÁÑEZ", TEAM_MORNING,
	  PATTERN_PRESENT, -3, true },
	{ "1010", "1020304060", "Martín Gutiérrez", "COM-MARTÍN GUTIÉRREZ", TEAM_MORNING,
	  PATTERN_PRESENT, 4, true },
	{ "1011", "1020304061", "Lucía Fernández", "Lucía Fernández", TEAM_AFTERNOON,
	  PATTERN_PRESENT, -5, true },
	{ "1012", "1020304062", "Sebastián Cañas", "Sebastián Cañas", TEAM_AFTERNOON,
	  PATTERN_PRESENT, 12, true },
	{ "1013", "1020304063", "Daniela Suárez", "Daniela Suárez", TEAM_AFTERNOON,
	  PATTERN_PRESENT, -7, true },
	{ "1014", "1020304064", "Nicolás Domínguez", "Nicolás Domínguez", TEAM_AFTERNOON,
	  PATTERN_ABSENT, 0, true },
	{ "1015", "1020304065", "Mariana Vélez", "Mariana Vélez", TEAM_AFTERNOON,
	  PATTERN_PRESENT, -2, true },
	{ "1016", "1020304066", "Santiago Londoño", "Santiago Londoño", TEAM_AFTERNOON,
	  PATTERN_PRESENT, 0, true },
	{ "1017", "1020304067", "Isabella Montaño", "Isabella Montaño", TEAM_AFTERNOON,
	  PATTERN_PRESENT, -4, true },
	{ "1018", "1020304068", "Mateo Hernández", "Mateo Hernández", TEAM_AFTERNOON,
	  PATTERN_PRESENT, -11, true },
	{ "1019", "1020304069", "Gabriela Patiño", "Gabriela Patiño", TEAM_AFTERNOON,
	  PATTERN_PRESENT, 1, true },
	{ "1020", "1020304070", "Tomás Aristizábal", "Tomás Aristizábal", TEAM_AFTERNOON,
	  PATTERN_PRESENT, -3, true },
	{ "1021", "1020304071", "Paula Andrea Zúñiga", "PAULA ANDREA ZÚÑIGA", TEAM_OVERNIGHT,
	  PATTERN_PRESENT, -8, true },
	{ "1022", "1020304072", "Carlos Enríquez", "CARLOS ENRÍQUEZ", TEAM_OVERNIGHT,
	  PATTERN_PRESENT, 35, true },
	{ "1023", "1020304073", "Natalia Benítez", "NATALIA BENÍTEZ", TEAM_OVERNIGHT,
	  PATTERN_PRESENT, -6, true },
	{ "1024", "1020304074", "Julián Rodríguez", "JULIÁN RODRÍGUEZ", TEAM_OVERNIGHT,
	  PATTERN_ABSENT, 0, true },
	{ "1025", "1020304075", "Verónica Chávez", "VERÓNICA CHÁVEZ", TEAM_OVERNIGHT,
	  PATTERN_PRESENT, -2, true },
	{ "1026", "1020304076", "Alejandro Núñez", "ALEJANDRO NÚÑEZ", TEAM_OVERNIGHT,
	  PATTERN_PRESENT, -5, true },
	{ "1027", "1020304077", "Manuela Jiménez", "MANUELA JIMÉNEZ", TEAM_OVERNIGHT,
	  PATTERN_PRESENT, 3, true },
	{ "1028", "1020304078", "Felipe Álvarez", "FELIPE ÁLVAREZ", TEAM_OVERNIGHT,
	  PATTERN_PRESENT, -1, true },
	{ "1029", "1020304079", "Laura Sofía Marín", "LAURA SOFÍA MARÍN", TEAM_OVERNIGHT,
	  PATTERN_PRESENT, -10, true },
	{ "1030", "1020304080", "Diego Alarcón", "DIEGO ALARCÓN", TEAM_OVERNIGHT,
	  PATTERN_PRESENT, 0, true },
	{ "1099", "1020304099", "Pedro Sandoval", "COM-PEDRO  SANDOVAL", TEAM_MORNING,
	  PATTERN_PRESENT, -15, false },
};

/* Accepts IANA-style names of an installed zone. glibc falls back to UTC
 * for an unknown TZ without saying so, hence the file check. */
static bool zone_set(const char *zone)
{
	char path[512];
	size_t i;
	int written;

	if (zone[0] == '\0' || zone[0] == '/' || strstr(zone, "..") != NULL) {
		fake_log("invalid time zone name: %s", zone);
		return false;
	}
	for (i = 0; zone[i] != '\0'; i++) {
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-",
			   zone[i]) == NULL) {
			fake_log("invalid time zone name: %s", zone);
			return false;
		}
	}

	written = snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone);
	if (written < 0 || (size_t) written >= sizeof(path) || access(path, R_OK) != 0) {
		fake_log("unknown time zone: %s (no file under /usr/share/zoneinfo)", zone);
		return false;
	}

	if (setenv("TZ", zone, 1) != 0)
		return false;
	tzset();
	return true;
}

/* Parses "YYYY-MM-DD HH:MM:SS" in the current zone, rejecting dates that
 * mktime() would have to normalize (such as February 30). */
static bool now_parse(const char *text, time_t *now)
{
	struct tm fields;
	struct tm checked;
	const char *end;

	memset(&fields, 0, sizeof(fields));
	end = strptime(text, "%Y-%m-%d %H:%M:%S", &fields);
	if (end == NULL || *end != '\0')
		return false;

	fields.tm_isdst = -1;
	checked = fields;
	*now = mktime(&checked);
	return *now != (time_t) -1 && checked.tm_mday == fields.tm_mday &&
	       checked.tm_mon == fields.tm_mon && checked.tm_hour == fields.tm_hour;
}

enum time_style {
	TIME_CLOCK,     /* "HH:MM" */
	TIME_DATE,      /* "YYYY-MM-DD" */
	TIME_DATETIME   /* "YYYY-MM-DD HH:MM:SS" */
};

static void time_format(time_t when, enum time_style style, char *buf, size_t size)
{
	struct tm fields;
	size_t written = 0;

	localtime_r(&when, &fields);
	switch (style) {
	case TIME_CLOCK:
		written = strftime(buf, size, "%H:%M", &fields);
		break;
	case TIME_DATE:
		written = strftime(buf, size, "%Y-%m-%d", &fields);
		break;
	case TIME_DATETIME:
		written = strftime(buf, size, "%Y-%m-%d %H:%M:%S", &fields);
		break;
	}
	if (written == 0)
		buf[0] = '\0';
}

static void shifts_plan(time_t now, struct demo_shift shifts[TEAM_COUNT])
{
	struct tm fields;
	time_t overnight_start;

	localtime_r(&now, &fields);
	overnight_start = fields.tm_hour >= 12 ? now - HOUR : now - 12 * HOUR;

	shifts[TEAM_MORNING] = (struct demo_shift) { "morning", now - 3 * HOUR,
						     now - 3 * HOUR + 9 * HOUR };
	shifts[TEAM_AFTERNOON] = (struct demo_shift) { "afternoon", now - 40 * MINUTE,
						       now - 40 * MINUTE + 8 * HOUR };
	shifts[TEAM_OVERNIGHT] = (struct demo_shift) { "overnight", overnight_start,
						       overnight_start + 13 * HOUR };
}

static bool roster_write(const char *dir, const struct demo_shift shifts[TEAM_COUNT])
{
	char path[4096];
	char start[8];
	char end[8];
	FILE *file;
	size_t i;
	bool ok = true;

	if (snprintf(path, sizeof(path), "%s/roster.csv", dir) >= (int) sizeof(path))
		return false;
	file = fopen(path, "w");
	if (file == NULL) {
		fake_log("cannot create %s: %s", path, strerror(errno));
		return false;
	}

	fputs("# Demo roster written by fake_wolkvox --generate-demo.\n"
	      "agent_id,name,days,start,end,team\n", file);
	for (i = 0; i < sizeof(demo_agents) / sizeof(demo_agents[0]); i++) {
		const struct demo_agent *agent = &demo_agents[i];
		const struct demo_shift *shift = &shifts[agent->team];

		if (!agent->in_roster)
			continue;
		time_format(shift->start, TIME_CLOCK, start, sizeof(start));
		time_format(shift->end, TIME_CLOCK, end, sizeof(end));
		fprintf(file, "%s,%s,*,%s,%s,%s\n", agent->id, agent->name, start, end,
			shift->team);
	}

	if (ferror(file))
		ok = false;
	if (fclose(file) != 0)
		ok = false;
	if (!ok)
		fake_log("cannot write %s", path);
	return ok;
}

static json_object *record_new(const char *name, const char *id, const char *dni,
			       const char *date, const char *login, const char *logout,
			       const char *login_time)
{
	json_object *record = json_object_new_object();

	json_object_object_add(record, "agent_name", json_object_new_string(name));
	json_object_object_add(record, "agent_id", json_object_new_string(id));
	json_object_object_add(record, "agent_dni", json_object_new_string(dni));
	json_object_object_add(record, "date", json_object_new_string(date));
	json_object_object_add(record, "login", json_object_new_string(login));
	json_object_object_add(record, "logout", json_object_new_string(logout));
	json_object_object_add(record, "login_time", json_object_new_string(login_time));
	return record;
}

/* Appends one session. A logout of 0 means still logged in, written as an
 * empty logout and login_time. login_time is H:MM:SS with an unpadded hour, as the
 * vendor's example "4:38:08". */
static void session_add(json_object *data, const struct demo_agent *agent, time_t login,
			time_t logout)
{
	char date[16] = "";
	char login_text[32] = "";
	char logout_text[32] = "";
	char duration[32] = "";

	time_format(login, TIME_DATE, date, sizeof(date));
	time_format(login, TIME_DATETIME, login_text, sizeof(login_text));
	if (logout != 0) {
		long seconds = (long) (logout - login);

		time_format(logout, TIME_DATETIME, logout_text, sizeof(logout_text));
		snprintf(duration, sizeof(duration), "%ld:%02ld:%02ld", seconds / 3600,
			 seconds / 60 % 60, seconds % 60);
	}

	json_object_array_add(data, record_new(agent->report_name, agent->id, agent->dni, date,
					       login_text, logout_text, duration));
}

static void agent_sessions_add(json_object *data, const struct demo_agent *agent,
			       const struct demo_shift *shift)
{
	time_t start = shift->start;

	switch (agent->pattern) {
	case PATTERN_PRESENT:
		session_add(data, agent, start + agent->offset_minutes * MINUTE, 0);
		break;
	case PATTERN_ABSENT:
		break;
	case PATTERN_LEFT_BEFORE:
		session_add(data, agent, start - 150 * MINUTE, start - 30 * MINUTE);
		break;
	case PATTERN_SEVERAL_SESSIONS:
		session_add(data, agent, start + agent->offset_minutes * MINUTE,
			    start + 80 * MINUTE);
		session_add(data, agent, start + 95 * MINUTE, start + 130 * MINUTE);
		session_add(data, agent, start + 145 * MINUTE, 0);
		break;
	}
}

static bool report_write(const char *dir, const struct demo_shift shifts[TEAM_COUNT])
{
	char path[4096];
	char message[64];
	json_object *root = json_object_new_object();
	json_object *data = json_object_new_array();
	size_t i;
	bool ok;

	for (i = 0; i < sizeof(demo_agents) / sizeof(demo_agents[0]); i++)
		agent_sessions_add(data, &demo_agents[i], &shifts[demo_agents[i].team]);
	json_object_array_add(data, record_new("", "", "", "", "", "", ""));

	json_object_object_add(root, "code", json_object_new_int(200));
	json_object_object_add(root, "error", NULL);
	/* The leading space copies the API's own message. */
	snprintf(message, sizeof(message), " %zu records were found",
		 json_object_array_length(data));
	json_object_object_add(root, "msg", json_object_new_string(message));
	json_object_object_add(root, "data", data);

	ok = snprintf(path, sizeof(path), "%s/default.json", dir) < (int) sizeof(path) &&
	     json_object_to_file_ext(path, root, JSON_C_TO_STRING_PRETTY |
						 JSON_C_TO_STRING_NOSLASHESCAPE) == 0;
	if (!ok)
		fake_log("cannot write %s/default.json: %s", dir, strerror(errno));
	json_object_put(root);
	return ok;
}

int demo_generate(const char *dir, const char *now_text, const char *zone)
{
	struct demo_shift shifts[TEAM_COUNT];
	time_t now = time(NULL);

	if (!zone_set(zone))
		return 2;
	if (now_text != NULL && !now_parse(now_text, &now)) {
		fake_log("invalid --now: %s (expected YYYY-MM-DD HH:MM:SS)", now_text);
		return 2;
	}
	now -= now % MINUTE;

	shifts_plan(now, shifts);
	if (!roster_write(dir, shifts) || !report_write(dir, shifts))
		return 1;
	return 0;
}
