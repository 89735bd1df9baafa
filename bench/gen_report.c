/*
 * gen_report: writes an agent_7 response and a matching roster for the
 * benchmarks.
 *
 *   gen_report --records N --report FILE [--roster FILE --agents M]
 *              [--escape-unicode] [--pretty]
 *
 * The report contains N records of 2025-03-11 and 2025-03-12, the window of a
 * check at 2025-03-12 11:00 (America/Bogota), one to five sessions per
 * agent: names with accents, ñ, operation prefixes and double spaces, the
 * vendor's unpadded login_time, and today's session of about a third of the
 * agents still open (logout "" or "-", or missing). It is written the way PHP's
 * json_encode() writes it: compact, and with --escape-unicode every
 * non-ASCII character as \uXXXX and "/" as "\/", PHP's defaults.
 *
 * The roster holds M agents on shifts that are all due at 11:00. The first
 * agents of the report are in it; about one in ten roster agents has no
 * session at all, and a roster larger than the report's agents adds agents
 * without sessions, who count as absent.
 *
 * The output depends on the arguments only, so every run measures the same
 * bytes.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* The API's limit on records per response. */
#define MAX_RECORDS 60000UL
#define MAX_AGENTS 1000000UL

/* Agent ids start here, as operations number their extensions. */
#define FIRST_AGENT_ID 10001UL

/* Ids of roster agents who never appear in the report. */
#define ABSENT_AGENT_ID 900001UL

struct options {
	unsigned long records;
	unsigned long agents;
	const char *report_path;
	const char *roster_path;
	bool escape_unicode;
	bool pretty;
};

static const char *const first_names[] = {
	"ANA", "JOSÉ", "MARÍA", "NICOLÁS", "LUCÍA", "MARTÍN", "VALENTINA", "SEBASTIÁN",
	"CAMILA", "ANDRÉS", "SOFÍA", "JULIÁN", "ISABEL", "TOMÁS", "DANIELA", "IVÁN",
	"MÓNICA", "RAMÓN", "ÁNGELA", "JESÚS", "LUIS", "PAOLA", "HERNÁN", "NOEMÍ",
};

static const char *const surnames[] = {
	"PÉREZ", "GÓMEZ", "NÚÑEZ", "PEÑA", "IBÁÑEZ", "CAÑAS", "GUTIÉRREZ", "FERNÁNDEZ",
	"RODRÍGUEZ", "MUÑOZ", "LÓPEZ", "DÍAZ", "MARTÍNEZ", "SÁNCHEZ", "RAMÍREZ", "CASTAÑEDA",
	"ORDÓÑEZ", "BELTRÁN", "QUIÑONES", "VALDÉS", "ACUÑA", "MONTAÑO", "ARAÚJO", "BOLÍVAR",
};

static const char *const prefixes[] = { "", "", "", "COM-", "SAC-", "" };

/* Shift starts, in minutes after midnight: all due at 11:00 with 5 minutes
 * of grace. */
static const int shift_starts[] = { 6 * 60, 7 * 60, 8 * 60, 8 * 60, 9 * 60, 10 * 60 };

static const char *const teams[] = { "early", "morning", "day", "day", "late", "late" };

/* A small deterministic hash, so that every agent's data follows from its
 * number alone. */
static uint32_t mix(uint32_t value)
{
	value ^= value >> 16;
	value *= 0x7feb352dU;
	value ^= value >> 15;
	value *= 0x846ca68bU;
	value ^= value >> 16;
	return value;
}

static uint32_t pick(unsigned long agent, uint32_t salt, uint32_t range)
{
	return mix((uint32_t)agent * 2654435761U + salt) % range;
}

static int agent_sessions(unsigned long agent)
{
	return 1 + (int)pick(agent, 1, 5);
}

static int agent_shift(unsigned long agent)
{
	return (int)pick(agent, 2, COUNT(shift_starts));
}

/* Writes the agent's name: prefix, first name, one or two surnames, a double
 * space now and then. */
static void name_format(unsigned long agent, char *buf, size_t bufsize)
{
	const char *prefix = prefixes[pick(agent, 3, COUNT(prefixes))];
	const char *first = first_names[pick(agent, 4, COUNT(first_names))];
	const char *last = surnames[pick(agent, 5, COUNT(surnames))];
	const char *second = surnames[pick(agent, 6, COUNT(surnames))];
	const char *gap = pick(agent, 7, 8) == 0 ? "  " : " ";

	if (pick(agent, 8, 3) == 0)
		snprintf(buf, bufsize, "%s%s%s%s", prefix, first, gap, last);
	else
		snprintf(buf, bufsize, "%s%s%s%s %s", prefix, first, gap, last, second);
}

/* Writes text as a JSON string body: raw UTF-8, or with every non-ASCII
 * character and "/" escaped as PHP does by default. */
static void json_text_write(FILE *out, const char *text, bool escape_unicode)
{
	const unsigned char *at = (const unsigned char *)text;

	while (*at != '\0') {
		unsigned code;
		int extra;

		if (*at == '"' || *at == '\\') {
			fprintf(out, "\\%c", *at++);
			continue;
		}
		if (*at < 0x80) {
			if (escape_unicode && *at == '/')
				fputs("\\/", out);
			else
				fputc(*at, out);
			at++;
			continue;
		}
		if (!escape_unicode) {
			fputc(*at++, out);
			continue;
		}
		extra = *at >= 0xE0 ? 2 : 1;
		code = *at++ & (extra == 2 ? 0x0F : 0x1F);
		for (int i = 0; i < extra && (*at & 0xC0) == 0x80; i++)
			code = (code << 6) | (*at++ & 0x3F);
		fprintf(out, "\\u%04x", code);
	}
}

static void field_write(FILE *out, const char *key, const char *value, bool escape_unicode,
			bool first)
{
	fprintf(out, "%s\"%s\":\"", first ? "" : ",", key);
	json_text_write(out, value, escape_unicode);
	fputc('"', out);
}

static void clock_format(const char *day, int minutes, char *buf, size_t bufsize)
{
	snprintf(buf, bufsize, "%s %02d:%02d:%02d", day, minutes / 60, minutes % 60, minutes * 7 % 60);
}

/* Form of the logout of a session still open. */
enum open_form { OPEN_EMPTY, OPEN_DASH, OPEN_MISSING };

/*
 * Writes one session of agent. The last session is today's and starts near
 * the shift start (some after the grace period); about a third of them are
 * still open. The others are yesterday's, closed, 75 minutes apart.
 */
static void record_write(FILE *out, const struct options *options, unsigned long agent,
			 int session, int sessions)
{
	char id[24], dni[24], name[128], login[32], logout[32], duration[16];
	bool today = session == sessions - 1;
	const char *day = today ? "2025-03-12" : "2025-03-11";
	int first = shift_starts[agent_shift(agent)] - 10 + (int)pick(agent, 9, 25);
	int start = today ? first : first + session * 75;
	int length = 40 + (int)pick(agent * 8 + (unsigned long)session, 10, 30);
	bool open = today && pick(agent, 11, 3) == 0;
	enum open_form form = (enum open_form)pick(agent, 12, 3);
	int seconds = length * 60 + (start + length) * 7 % 60 - start * 7 % 60;

	snprintf(id, sizeof id, "%lu", FIRST_AGENT_ID + agent);
	snprintf(dni, sizeof dni, "%lu", 52000000UL + agent * 37UL);
	name_format(agent, name, sizeof name);
	clock_format(day, start, login, sizeof login);
	clock_format(day, start + length, logout, sizeof logout);
	snprintf(duration, sizeof duration, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
		 seconds % 60);

	fputc('{', out);
	field_write(out, "agent_name", name, options->escape_unicode, true);
	field_write(out, "agent_id", id, false, false);
	field_write(out, "agent_dni", dni, false, false);
	field_write(out, "date", day, false, false);
	field_write(out, "login", login, false, false);
	if (!open) {
		field_write(out, "logout", logout, false, false);
		field_write(out, "login_time", duration, false, false);
	} else if (form != OPEN_MISSING) {
		field_write(out, "logout", form == OPEN_DASH ? "-" : "", false, false);
		field_write(out, "login_time", form == OPEN_DASH ? "-" : "", false, false);
	}
	fputc('}', out);
}

/* Returns how many agents the report's records cover. */
static unsigned long report_agents(unsigned long records)
{
	unsigned long agent = 0, written = 0;

	while (written < records)
		written += (unsigned long)agent_sessions(agent++);
	return agent;
}

static bool report_write(const struct options *options)
{
	FILE *out = fopen(options->report_path, "w");
	const char *separator = options->pretty ? ",\n" : ",";
	unsigned long written = 0;

	if (out == NULL) {
		fprintf(stderr, "gen_report: cannot write %s: %s\n", options->report_path, strerror(errno));
		return false;
	}
	fprintf(out, "{\"code\":200,\"error\":null,\"msg\":\"%lu records were found\",\"data\":[%s",
		options->records, options->pretty ? "\n" : "");
	for (unsigned long agent = 0; written < options->records; agent++) {
		int sessions = agent_sessions(agent);

		for (int session = 0; session < sessions && written < options->records; session++) {
			if (written++ > 0)
				fputs(separator, out);
			record_write(out, options, agent, session, sessions);
		}
	}
	fprintf(out, "%s]}", options->pretty ? "\n" : "");
	return fclose(out) == 0;
}

/* Writes the roster: one in ten agents never logged in, and agents past
 * the report's last have no sessions either. */
static bool roster_write(const struct options *options)
{
	FILE *out = fopen(options->roster_path, "w");
	unsigned long in_report = report_agents(options->records);
	char name[128];

	if (out == NULL) {
		fprintf(stderr, "gen_report: cannot write %s: %s\n", options->roster_path, strerror(errno));
		return false;
	}
	fputs("agent_id,name,days,start,end,team\n", out);
	for (unsigned long agent = 0; agent < options->agents; agent++) {
		int shift = agent_shift(agent);
		int start = shift_starts[shift];
		unsigned long id = agent % 10 == 9 || agent >= in_report ? ABSENT_AGENT_ID + agent :
			FIRST_AGENT_ID + agent;

		name_format(agent, name, sizeof name);
		fprintf(out, "%lu,%s,*,%02d:%02d,%02d:%02d,%s\n", id, name, start / 60, start % 60,
			(start / 60 + 9) % 24, start % 60, teams[shift]);
	}
	return fclose(out) == 0;
}

static bool count_parse(const char *text, unsigned long max, unsigned long *count)
{
	char *end = NULL;

	errno = 0;
	*count = strtoul(text, &end, 10);
	return errno == 0 && end != text && *end == '\0' && text[0] != '-' && *count <= max;
}

static void usage_print(FILE *stream)
{
	fputs("Usage: gen_report --records N --report FILE [--roster FILE --agents M]\n"
	      "                  [--escape-unicode] [--pretty]\n", stream);
}

static bool options_parse(int argc, char **argv, struct options *options)
{
	static const struct option table[] = {
		{ "records", required_argument, NULL, 'n' },
		{ "agents", required_argument, NULL, 'a' },
		{ "report", required_argument, NULL, 'r' },
		{ "roster", required_argument, NULL, 'R' },
		{ "escape-unicode", no_argument, NULL, 'u' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int option;

	while ((option = getopt_long(argc, argv, "h", table, NULL)) != -1) {
		switch (option) {
		case 'n':
			if (!count_parse(optarg, MAX_RECORDS, &options->records))
				return false;
			break;
		case 'a':
			if (!count_parse(optarg, MAX_AGENTS, &options->agents))
				return false;
			break;
		case 'r': options->report_path = optarg; break;
		case 'R': options->roster_path = optarg; break;
		case 'u': options->escape_unicode = true; break;
		case 'p': options->pretty = true; break;
		case 'h': usage_print(stdout); exit(0);
		default: return false;
		}
	}
	return optind == argc && options->report_path != NULL &&
	       (options->roster_path == NULL) == (options->agents == 0);
}

int main(int argc, char **argv)
{
	struct options options = { 0 };

	if (!options_parse(argc, argv, &options)) {
		usage_print(stderr);
		return 2;
	}
	if (!report_write(&options))
		return 1;
	if (options.roster_path != NULL && !roster_write(&options))
		return 1;
	return 0;
}
