/*
 * Fuzz target for duration_parse(), the parser of --target and --lookback.
 * Each accepted duration must print back, through duration_format(), to a
 * text that parses to the same number of seconds.
 */
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_set_zone();
	return 0;
}

static void duration_verify(long seconds)
{
	char printed[64];
	char hours_minutes[64];
	char err[256];
	long again = -1;

	fuzz_require(seconds >= 0 && seconds <= DURATION_MAX_SECONDS);

	duration_format(seconds, printed, sizeof printed);
	fuzz_require(duration_parse(printed, &again, err, sizeof err));
	fuzz_require(again == seconds);

	duration_format_hm(seconds, hours_minutes, sizeof hours_minutes);
	fuzz_require(strlen(hours_minutes) >= strlen("0h00m"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	long seconds = -7;
	char err[256];

	memset(err, 'x', sizeof err);
	if (duration_parse(text, &seconds, err, sizeof err)) {
		duration_verify(seconds);
	} else {
		size_t length = strnlen(err, sizeof err);

		fuzz_require(length > 0 && length < sizeof err);
		fuzz_require(seconds == -7);
	}

	free(text);
	return 0;
}
