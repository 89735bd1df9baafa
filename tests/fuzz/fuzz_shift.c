/*
 * Fuzz target for login_time_roster_from_shift(), which turns --agent,
 * --shift and --days into a one-row roster. The input is split at its first
 * two NUL bytes into the three option values.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "login_time.h"
#include "roster.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_set_zone();
	return 0;
}

/* Returns the text after the NUL that ends text, or the final "" when the
 * buffer (end is its last byte, a NUL) contains no further string. */
static const char *next_string(const char *text, const char *end)
{
	const char *next = text + strlen(text);

	return next < end ? next + 1 : end;
}

static void roster_verify(const struct roster *roster, const char *agent)
{
	fuzz_require(roster->key == ROSTER_KEY_AGENT_ID);
	fuzz_require(roster->shift_count >= 1);
	for (size_t i = 0; i < roster->shift_count; i++) {
		const struct roster_shift *shift = &roster->shifts[i];

		fuzz_require(shift->agent != NULL && shift->agent[0] != '\0');
		fuzz_require(shift->start_minute != shift->end_minute);
		fuzz_require(shift->start_minute >= 0 && shift->start_minute <= 1439);
		fuzz_require(shift->end_minute >= 0 && shift->end_minute <= 1439);
		fuzz_require(strcmp(shift->agent, agent) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	const char *end = text + size;
	const char *agent = text;
	const char *shift = next_string(agent, end);
	const char *days = next_string(shift, end);
	struct roster roster;
	char err[512];

	memset(err, 'x', sizeof err);
	if (login_time_roster_from_shift(agent, shift, days, &roster, err, sizeof err)) {
		roster_verify(&roster, agent);
	} else {
		size_t length = strnlen(err, sizeof err);

		fuzz_require(length > 0 && length < sizeof err);
		fuzz_require(roster.shift_count == 0 && roster.shifts == NULL);
	}

	roster_release(&roster);
	free(text);
	return 0;
}
