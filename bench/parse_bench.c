/*
 * parse_bench: times report_parse() against json-c's own strict parse of
 * the same body, in one process, so that the parser's cost shows apart from the
 * transfer's.
 *
 *   parse_bench [--rounds N] [--only jsonc|report] FILE...
 *
 * For each file: the fastest of N rounds (default 5) of
 *   - jsonc: json_tokener_parse_ex() in strict mode over the whole body,
 *     building the whole tree, then json_object_put(): what the parser did
 *     before it streamed, and json-c's own cost of reading the body;
 *   - report: report_parse() on the same bytes, then report_release().
 * Prints one tab-separated line per file: path, bytes, sessions, the two
 * times in milliseconds and their ratio (report / jsonc). --only runs one of
 * the two, for callgrind, and prints 0 for the other.
 */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"
#include "timeutil.h"

#define DEFAULT_ROUNDS 5
#define MAX_ROUNDS 1000

enum only {
	ONLY_NONE,
	ONLY_JSONC,
	ONLY_REPORT
};

static double monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static char *file_read(const char *path, size_t *length)
{
	FILE *file = fopen(path, "rb");
	char *data = NULL;
	long size;

	if (file == NULL)
		return NULL;
	if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 && fseek(file, 0, SEEK_SET) == 0) {
		data = malloc((size_t)size + 1);
		if (data != NULL && fread(data, 1, (size_t)size, file) != (size_t)size) {
			free(data);
			data = NULL;
		}
		*length = (size_t)size;
	}
	fclose(file);
	return data;
}

/* Returns the seconds of one strict json-c parse of the whole body, or a
 * negative number when the body is not JSON. */
static double jsonc_time(const char *body, size_t length)
{
	struct json_tokener *tokener = json_tokener_new_ex(64);
	struct json_object *root;
	double started = monotonic_seconds();
	bool parsed;

	json_tokener_set_flags(tokener, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tokener, body, (int)length);
	parsed = json_tokener_get_error(tokener) == json_tokener_success;
	json_object_put(root);
	json_tokener_free(tokener);
	return parsed ? monotonic_seconds() - started : -1.0;
}

/* Returns the seconds of one report_parse() and report_release(), or a
 * negative number when the body is not a report. */
static double report_time(const char *body, size_t length, size_t *sessions)
{
	struct report report;
	char err[512];
	double started = monotonic_seconds();
	enum report_status status = report_parse(200, body, length, "application/json", &report,
						 err, sizeof err);

	*sessions = report.count;
	report_release(&report);
	if (status != REPORT_OK) {
		fprintf(stderr, "parse_bench: %s\n", err);
		return -1.0;
	}
	return monotonic_seconds() - started;
}

static bool file_bench(const char *path, unsigned rounds, enum only only)
{
	double best_jsonc = 1e9, best_report = 1e9;
	size_t length = 0, sessions = 0;
	char *body = file_read(path, &length);

	if (body == NULL) {
		fprintf(stderr, "parse_bench: cannot read %s: %s\n", path, strerror(errno));
		return false;
	}
	for (unsigned round = 0; round < rounds; round++) {
		double jsonc = only == ONLY_REPORT ? 0.0 : jsonc_time(body, length);
		double report = only == ONLY_JSONC ? 0.0 : report_time(body, length, &sessions);

		if (jsonc < 0 || report < 0) {
			free(body);
			return false;
		}
		best_jsonc = jsonc < best_jsonc ? jsonc : best_jsonc;
		best_report = report < best_report ? report : best_report;
	}
	printf("%s\t%zu\t%zu\t%.3f\t%.3f\t%.3f\n", path, length, sessions, best_jsonc * 1e3,
	       best_report * 1e3, best_jsonc > 0 ? best_report / best_jsonc : 0.0);
	free(body);
	return true;
}

static bool options_parse(int argc, char **argv, unsigned long *rounds, enum only *only)
{
	static const struct option table[] = {
		{ "rounds", required_argument, NULL, 'r' },
		{ "only", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	char *end = NULL;
	int option;

	while ((option = getopt_long(argc, argv, "", table, NULL)) != -1) {
		switch (option) {
		case 'r':
			*rounds = strtoul(optarg, &end, 10);
			if (*end != '\0' || *rounds == 0 || *rounds > MAX_ROUNDS)
				return false;
			break;
		case 'o':
			if (strcmp(optarg, "jsonc") == 0)
				*only = ONLY_JSONC;
			else if (strcmp(optarg, "report") == 0)
				*only = ONLY_REPORT;
			else
				return false;
			break;
		default:
			return false;
		}
	}
	return optind < argc;
}

int main(int argc, char **argv)
{
	unsigned long rounds = DEFAULT_ROUNDS;
	enum only only = ONLY_NONE;
	char err[256];
	bool ok = true;

	if (!options_parse(argc, argv, &rounds, &only)) {
		fprintf(stderr, "Usage: parse_bench [--rounds 1-%d] [--only jsonc|report] FILE...\n",
			MAX_ROUNDS);
		return 2;
	}
	if (!timeutil_set_zone("America/Bogota", err, sizeof err)) {
		fprintf(stderr, "parse_bench: %s\n", err);
		return 1;
	}
	for (int i = optind; i < argc; i++)
		ok = file_bench(argv[i], (unsigned)rounds, only) && ok;
	return ok ? 0 : 1;
}
