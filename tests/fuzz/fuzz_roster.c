/*
 * Fuzz target for roster_parse(), the roster CSV parser, and for
 * roster_shift_on() over the parsed roster. The input is the file's text,
 * passed without a terminating NUL.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "roster.h"
#include "timeutil.h"

/* Days given to roster_shift_on(): a week around a leap day, and the first
 * day of a year. */
static const struct civil_time probe_dates[] = {
	{ .year = 2024, .month = 2, .day = 26 }, { .year = 2024, .month = 2, .day = 27 },
	{ .year = 2024, .month = 2, .day = 28 }, { .year = 2024, .month = 2, .day = 29 },
	{ .year = 2024, .month = 3, .day = 1 },  { .year = 2024, .month = 3, .day = 2 },
	{ .year = 2024, .month = 3, .day = 3 },  { .year = 2025, .month = 1, .day = 1 },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_set_zone();
	return 0;
}

static int date_compare(const struct civil_time *a, const struct civil_time *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

static void shift_verify(const struct roster *roster, const struct roster_shift *shift)
{
	fuzz_require(shift->agent != NULL && shift->agent[0] != '\0');
	fuzz_require(shift->name != NULL && shift->team != NULL);
	fuzz_require(fuzz_utf8_valid(shift->name, strlen(shift->name)));
	fuzz_require(shift->start_minute >= 0 && shift->start_minute <= 1439);
	fuzz_require(shift->end_minute >= 0 && shift->end_minute <= 1439);
	fuzz_require(shift->break_minutes >= 0);
	fuzz_require(shift->line > 0);
	fuzz_require((shift->days & ~ROSTER_ALL_DAYS) == 0);
	fuzz_require(shift->has_date ? shift->days == 0 : shift->days != 0);

	for (size_t i = 0; i < sizeof probe_dates / sizeof probe_dates[0]; i++) {
		bool on = roster_shift_on(roster, shift, &probe_dates[i]);

		fuzz_require(!on || !shift->has_date || date_compare(&shift->date, &probe_dates[i]) == 0);
	}
	if (shift->has_date)
		(void)roster_shift_on(roster, shift, &shift->date);
}

static void roster_verify(const struct roster *roster)
{
	fuzz_require(roster->key == ROSTER_KEY_AGENT_ID || roster->key == ROSTER_KEY_AGENT_DNI);

	for (size_t i = 0; i < roster->shift_count; i++)
		shift_verify(roster, &roster->shifts[i]);

	for (size_t i = 0; i < roster->off_count; i++) {
		const struct roster_off *off = &roster->offs[i];

		fuzz_require(off->agent != NULL && off->agent[0] != '\0');
		fuzz_require(date_compare(&off->first, &off->last) <= 0);
		if (i > 0) {
			int order = strcmp(roster->offs[i - 1].agent, off->agent);

			fuzz_require(order < 0 || (order == 0 &&
				     date_compare(&roster->offs[i - 1].first, &off->first) <= 0));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct roster roster;
	char err[512];
	char *text;

	text = malloc(size);
	if (size > 0) {
		fuzz_require(text != NULL);
		memcpy(text, data, size);
	}

	memset(err, 'x', sizeof err);
	if (roster_parse(text, size, "fuzz.csv", &roster, err, sizeof err)) {
		roster_verify(&roster);
	} else {
		size_t length = strnlen(err, sizeof err);

		fuzz_require(length > 0 && length < sizeof err);
		fuzz_require(roster.shift_count == 0 && roster.shifts == NULL);
		fuzz_require(roster.off_count == 0 && roster.offs == NULL);
	}

	roster_release(&roster);
	free(text);
	return 0;
}
