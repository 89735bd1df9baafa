/*
 * Fuzz target for range_parse(), the threshold range parser, and for the
 * functions that use a parsed range. The input is the range text.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "output.h"
#include "range.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_set_zone();
	return 0;
}

/* Checks a parsed range against range.h, and that the perfdata code takes
 * its text as a threshold field. */
static void range_verify(const char *text, const struct range *range)
{
	static const double probes[] = { -1e300, -10.5, -1, 0, 0.5, 1, 10, 1e300, NAN, INFINITY };
	struct perfdata item = { .label = "fuzz", .value = 1, .decimals = 0 };
	struct thresholds thresholds = { .has_warning = true, .has_critical = true };
	struct result result;

	fuzz_require(strcmp(range->text, text) == 0);
	fuzz_require(strlen(text) <= RANGE_TEXT_MAX);
	fuzz_require(range->alert_inside == (text[0] == '@'));
	fuzz_require(!range->start_infinite || text[range->alert_inside ? 1 : 0] == '~');
	fuzz_require(range->start_infinite || isfinite(range->start));
	fuzz_require(range->end_infinite || isfinite(range->end));
	fuzz_require(range->start_infinite || range->end_infinite || range->start <= range->end);

	thresholds.warning = *range;
	thresholds.critical = *range;
	for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		bool alerts = range_alerts(range, probes[i]);
		enum plugin_state state = thresholds_state(&thresholds, probes[i]);

		fuzz_require(state == (alerts ? STATE_CRITICAL : STATE_OK));
		fuzz_require(!isnan(probes[i]) || alerts);
	}

	item.warning = range->text;
	item.critical = range->text;
	fuzz_require(result_init(&result, "FUZZ"));
	fuzz_require(result_add_perfdata(&result, &item));
	result_release(&result);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct range range;
	char err[256];
	char *text = fuzz_string(data, size);

	memset(&range, 0, sizeof range);
	memset(err, 'x', sizeof err);
	if (range_parse(text, &range, err, sizeof err)) {
		range_verify(text, &range);
	} else {
		size_t length = strnlen(err, sizeof err);

		fuzz_require(length > 0 && length < sizeof err);
	}

	free(text);
	return 0;
}
