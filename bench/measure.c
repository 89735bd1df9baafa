/*
 * measure: runs commands alternately and records what each run cost.
 *
 *   measure run --rounds N --output RAW PLAN
 *   measure summary RAW
 *
 * PLAN has one command per line: a label, then the program and its
 * arguments, separated by tabs. Blank lines and lines starting with '#' are
 * skipped. "run" first runs every command once to warm the caches, then N
 * rounds of all of them, each round starting one command further down the
 * list, so that no command always follows the same one. Each run is forked
 * and executed directly (no shell), with stdin, stdout and stderr on
 * /dev/null, and is waited for with wait4(), which gives its user and
 * system CPU time and its peak resident set size. RAW receives one line per
 * run: label, round, wall ms, CPU ms (user + system), peak RSS in KiB and
 * exit status (128 + N for a signal), tab-separated.
 *
 * "summary" reads RAW and prints, per label in order of first appearance:
 * runs, median, minimum and maximum wall time, median CPU time, median and
 * maximum peak RSS, and the exit statuses seen.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_COMMANDS 256
#define MAX_ARGS 64
#define MAX_ROUNDS 10000
#define MAX_LINE 8192
#define MAX_RUNS 100000
#define LABEL_MAX 128

struct command {
	char *line;                  /* owns the strings argv points into */
	const char *label;
	char *argv[MAX_ARGS + 1];
};

struct sample {
	char label[LABEL_MAX];
	double wall_ms;
	double cpu_ms;
	long rss_kib;
	int status;
};

static double monotonic_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec * 1e3 + (double)now.tv_nsec / 1e6;
}

static double timeval_ms(struct timeval value)
{
	return (double)value.tv_sec * 1e3 + (double)value.tv_usec / 1e3;
}

/* Splits a plan line at tabs into label and argv. */
static bool command_parse(char *line, struct command *command)
{
	size_t count = 0;
	char *field = line;

	command->line = line;
	command->label = line;
	for (;;) {
		char *tab = strchr(field, '\t');

		if (tab != NULL)
			*tab = '\0';
		if (field != line) {
			if (count == MAX_ARGS)
				return false;
			command->argv[count++] = field;
		}
		if (tab == NULL)
			break;
		field = tab + 1;
	}
	command->argv[count] = NULL;
	return count > 0 && line[0] != '\0' && strlen(line) < LABEL_MAX;
}

static size_t plan_read(const char *path, struct command *commands)
{
	FILE *file = fopen(path, "r");
	char buffer[MAX_LINE];
	size_t count = 0;

	if (file == NULL) {
		fprintf(stderr, "measure: cannot read %s: %s\n", path, strerror(errno));
		return 0;
	}
	while (fgets(buffer, sizeof buffer, file) != NULL) {
		char *line;

		buffer[strcspn(buffer, "\r\n")] = '\0';
		if (buffer[0] == '\0' || buffer[0] == '#')
			continue;
		line = strdup(buffer);
		if (count == MAX_COMMANDS || line == NULL || !command_parse(line, &commands[count])) {
			fprintf(stderr, "measure: bad or too many plan lines in %s: %s\n", path, buffer);
			free(line);
			count = 0;
			break;
		}
		count++;
	}
	fclose(file);
	return count;
}

/* Runs one command and fills sample. Returns false when it could not be
 * started at all. */
static bool command_run(const struct command *command, struct sample *sample)
{
	struct rusage usage;
	double started = monotonic_ms();
	int status = 0;
	pid_t child = fork();

	if (child < 0)
		return false;
	if (child == 0) {
		int null = open("/dev/null", O_RDWR);

		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execv(command->argv[0], command->argv);
		_exit(127);
	}
	while (wait4(child, &status, 0, &usage) < 0) {
		if (errno != EINTR)
			return false;
	}

	snprintf(sample->label, sizeof sample->label, "%s", command->label);
	sample->wall_ms = monotonic_ms() - started;
	sample->cpu_ms = timeval_ms(usage.ru_utime) + timeval_ms(usage.ru_stime);
	sample->rss_kib = usage.ru_maxrss;
	sample->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return true;
}

static int measure_run(unsigned long rounds, const char *output, const char *plan)
{
	struct command commands[MAX_COMMANDS];
	size_t count = plan_read(plan, commands);
	struct sample sample;
	FILE *out;
	int result = 0;

	if (count == 0)
		return 1;
	out = fopen(output, "w");
	if (out == NULL) {
		fprintf(stderr, "measure: cannot write %s: %s\n", output, strerror(errno));
		return 1;
	}

	for (size_t i = 0; i < count; i++) {
		if (!command_run(&commands[i], &sample) || sample.status == 127) {
			fprintf(stderr, "measure: cannot run %s (%s)\n", commands[i].label, commands[i].argv[0]);
			result = 1;
			goto out;
		}
	}
	for (unsigned long round = 1; round <= rounds; round++) {
		for (size_t step = 0; step < count; step++) {
			const struct command *command = &commands[(step + round) % count];

			if (!command_run(command, &sample)) {
				result = 1;
				goto out;
			}
			fprintf(out, "%s\t%lu\t%.3f\t%.3f\t%ld\t%d\n", sample.label, round, sample.wall_ms,
				sample.cpu_ms, sample.rss_kib, sample.status);
		}
	}

out:
	if (fclose(out) != 0)
		result = 1;
	for (size_t i = 0; i < count; i++)
		free(commands[i].line);
	return result;
}

static int double_compare(const void *a, const void *b)
{
	double left = *(const double *)a, right = *(const double *)b;

	return (left > right) - (left < right);
}

/* Sorts values and returns their median. */
static double median(double *values, size_t count)
{
	qsort(values, count, sizeof *values, double_compare);
	if (count % 2 == 1)
		return values[count / 2];
	return (values[count / 2 - 1] + values[count / 2]) / 2.0;
}

/* Writes the distinct exit statuses of label's runs, such as "0" or "0,2". */
static void statuses_format(const struct sample *samples, size_t count, const char *label,
			    char *buf, size_t bufsize)
{
	int seen[8];
	size_t distinct = 0, used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		bool known = false;

		if (strcmp(samples[i].label, label) != 0)
			continue;
		for (size_t j = 0; j < distinct && !known; j++)
			known = seen[j] == samples[i].status;
		if (known || distinct == sizeof seen / sizeof seen[0])
			continue;
		seen[distinct++] = samples[i].status;
		used += (size_t)snprintf(buf + used, bufsize - used, "%s%d", used > 0 ? "," : "",
					 samples[i].status);
		if (used >= bufsize)
			break;
	}
}

/* Copies the chosen measure of label's runs into values; returns how many. */
static size_t values_collect(const struct sample *samples, size_t count, const char *label,
			     int measure, double *values)
{
	size_t runs = 0;

	for (size_t i = 0; i < count; i++) {
		if (strcmp(samples[i].label, label) != 0)
			continue;
		if (measure == 0)
			values[runs++] = samples[i].wall_ms;
		else if (measure == 1)
			values[runs++] = samples[i].cpu_ms;
		else
			values[runs++] = (double)samples[i].rss_kib;
	}
	return runs;
}

static void label_summarize(const struct sample *samples, size_t count, const char *label,
			    double *scratch)
{
	char statuses[64];
	double wall, wall_min, wall_max, cpu, rss, rss_max;
	size_t runs = values_collect(samples, count, label, 0, scratch);

	wall = median(scratch, runs);
	wall_min = scratch[0];
	wall_max = scratch[runs - 1];
	values_collect(samples, count, label, 1, scratch);
	cpu = median(scratch, runs);
	values_collect(samples, count, label, 2, scratch);
	rss = median(scratch, runs);
	rss_max = scratch[runs - 1];
	statuses_format(samples, count, label, statuses, sizeof statuses);

	printf("%s\t%zu\t%.2f\t%.2f\t%.2f\t%.2f\t%.0f\t%.0f\t%s\n", label, runs, wall, wall_min,
	       wall_max, cpu, rss, rss_max, statuses);
}

static int measure_summary(const char *path)
{
	struct sample *samples = calloc(MAX_RUNS, sizeof *samples);
	double *scratch = calloc(MAX_RUNS, sizeof *scratch);
	FILE *file = fopen(path, "r");
	char line[MAX_LINE];
	size_t count = 0;
	int result = 1;

	if (samples == NULL || scratch == NULL || file == NULL) {
		fprintf(stderr, "measure: cannot read %s\n", path);
		goto out;
	}
	while (count < MAX_RUNS && fgets(line, sizeof line, file) != NULL) {
		struct sample *sample = &samples[count];
		char *fields[6];
		char *field = line;

		line[strcspn(line, "\r\n")] = '\0';
		for (size_t i = 0; i < 6; i++) {
			fields[i] = field;
			field = field != NULL ? strchr(field, '\t') : NULL;
			if (field != NULL)
				*field++ = '\0';
		}
		if (fields[5] == NULL)
			continue;
		snprintf(sample->label, sizeof sample->label, "%s", fields[0]);
		sample->wall_ms = strtod(fields[2], NULL);
		sample->cpu_ms = strtod(fields[3], NULL);
		sample->rss_kib = strtol(fields[4], NULL, 10);
		sample->status = (int)strtol(fields[5], NULL, 10);
		count++;
	}

	printf("label\truns\twall_ms\twall_min\twall_max\tcpu_ms\trss_kib\trss_max_kib\tstatus\n");
	for (size_t i = 0; i < count; i++) {
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(samples[j].label, samples[i].label) == 0;
		if (!seen)
			label_summarize(samples, count, samples[i].label, scratch);
	}
	result = 0;

out:
	if (file != NULL)
		fclose(file);
	free(samples);
	free(scratch);
	return result;
}

static void usage_print(void)
{
	fputs("Usage: measure run --rounds N --output RAW PLAN\n"
	      "       measure summary RAW\n", stderr);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "summary") == 0)
		return measure_summary(argv[2]);
	if (argc == 7 && strcmp(argv[1], "run") == 0 && strcmp(argv[2], "--rounds") == 0 &&
	    strcmp(argv[4], "--output") == 0) {
		char *end = NULL;
		unsigned long rounds = strtoul(argv[3], &end, 10);

		if (*end == '\0' && rounds > 0 && rounds <= MAX_ROUNDS)
			return measure_run(rounds, argv[5], argv[6]);
	}
	usage_print();
	return 2;
}
