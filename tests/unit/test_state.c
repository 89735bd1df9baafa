#include <check.h>
#include <stdlib.h>

#include "state.h"

struct state_text_case {
	const char *text;
	enum plugin_state state;
};

static const struct state_text_case valid_texts[] = {
	{ "ok", STATE_OK },
	{ "OK", STATE_OK },
	{ "Ok", STATE_OK },
	{ "warning", STATE_WARNING },
	{ "WARNING", STATE_WARNING },
	{ "wArNiNg", STATE_WARNING },
	{ "critical", STATE_CRITICAL },
	{ "CRITICAL", STATE_CRITICAL },
	{ "unknown", STATE_UNKNOWN },
	{ "Unknown", STATE_UNKNOWN },
	{ "0", STATE_OK },
	{ "1", STATE_WARNING },
	{ "2", STATE_CRITICAL },
	{ "3", STATE_UNKNOWN },
};

static const char *const invalid_texts[] = {
	"", "4", "-1", "+1", "00", "03", "1.0", " ok", "ok ", "okay", "o", "warn",
	"crit", "unknow", "unknownx", "0x1", "OK\n", "\xC3\x96K",
};

struct state_merge_case {
	enum plugin_state a;
	enum plugin_state b;
	enum plugin_state worst;
};

/* Every pair, in the order OK < WARNING < UNKNOWN < CRITICAL. */
static const struct state_merge_case merges[] = {
	{ STATE_OK, STATE_OK, STATE_OK },
	{ STATE_OK, STATE_WARNING, STATE_WARNING },
	{ STATE_OK, STATE_UNKNOWN, STATE_UNKNOWN },
	{ STATE_OK, STATE_CRITICAL, STATE_CRITICAL },
	{ STATE_WARNING, STATE_OK, STATE_WARNING },
	{ STATE_WARNING, STATE_WARNING, STATE_WARNING },
	{ STATE_WARNING, STATE_UNKNOWN, STATE_UNKNOWN },
	{ STATE_WARNING, STATE_CRITICAL, STATE_CRITICAL },
	{ STATE_UNKNOWN, STATE_OK, STATE_UNKNOWN },
	{ STATE_UNKNOWN, STATE_WARNING, STATE_UNKNOWN },
	{ STATE_UNKNOWN, STATE_UNKNOWN, STATE_UNKNOWN },
	{ STATE_UNKNOWN, STATE_CRITICAL, STATE_CRITICAL },
	{ STATE_CRITICAL, STATE_OK, STATE_CRITICAL },
	{ STATE_CRITICAL, STATE_WARNING, STATE_CRITICAL },
	{ STATE_CRITICAL, STATE_UNKNOWN, STATE_CRITICAL },
	{ STATE_CRITICAL, STATE_CRITICAL, STATE_CRITICAL },
};

#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

START_TEST(test_state_name_words)
{
	ck_assert_str_eq(state_name(STATE_OK), "OK");
	ck_assert_str_eq(state_name(STATE_WARNING), "WARNING");
	ck_assert_str_eq(state_name(STATE_CRITICAL), "CRITICAL");
	ck_assert_str_eq(state_name(STATE_UNKNOWN), "UNKNOWN");
}
END_TEST

START_TEST(test_state_name_exit_codes)
{
	ck_assert_int_eq(STATE_OK, 0);
	ck_assert_int_eq(STATE_WARNING, 1);
	ck_assert_int_eq(STATE_CRITICAL, 2);
	ck_assert_int_eq(STATE_UNKNOWN, 3);
}
END_TEST

START_TEST(test_state_name_out_of_range)
{
	ck_assert_str_eq(state_name((enum plugin_state)4), "UNKNOWN");
	ck_assert_str_eq(state_name((enum plugin_state)-1), "UNKNOWN");
}
END_TEST

START_TEST(test_state_parse_valid)
{
	const struct state_text_case *row = &valid_texts[_i];
	enum plugin_state state = (enum plugin_state)99;

	ck_assert_msg(state_parse(row->text, &state), "'%s' was rejected", row->text);
	ck_assert_int_eq(state, row->state);
}
END_TEST

START_TEST(test_state_parse_invalid)
{
	enum plugin_state state = STATE_WARNING;

	ck_assert_msg(!state_parse(invalid_texts[_i], &state), "'%s' was accepted",
		      invalid_texts[_i]);
	ck_assert_int_eq(state, STATE_WARNING);
}
END_TEST

START_TEST(test_state_parse_null)
{
	enum plugin_state state = STATE_CRITICAL;

	ck_assert(!state_parse(NULL, &state));
	ck_assert_int_eq(state, STATE_CRITICAL);
	ck_assert(!state_parse("ok", NULL));
}
END_TEST

START_TEST(test_state_worst_pairs)
{
	const struct state_merge_case *row = &merges[_i];

	ck_assert_msg(state_worst(row->a, row->b) == row->worst, "worst of %s and %s is %s",
		      state_name(row->a), state_name(row->b),
		      state_name(state_worst(row->a, row->b)));
}
END_TEST

START_TEST(test_state_worst_out_of_range)
{
	ck_assert_int_eq(state_worst((enum plugin_state)7, STATE_OK), STATE_UNKNOWN);
	ck_assert_int_eq(state_worst(STATE_WARNING, (enum plugin_state)7), STATE_UNKNOWN);
	ck_assert_int_eq(state_worst((enum plugin_state)7, STATE_CRITICAL), STATE_CRITICAL);
}
END_TEST

static Suite *state_suite(void)
{
	Suite *suite = suite_create("state");
	TCase *core = tcase_create("Core");
	TCase *errors = tcase_create("Errors");

	tcase_add_test(core, test_state_name_words);
	tcase_add_test(core, test_state_name_exit_codes);
	tcase_add_loop_test(core, test_state_parse_valid, 0, COUNT(valid_texts));
	tcase_add_loop_test(core, test_state_worst_pairs, 0, COUNT(merges));
	suite_add_tcase(suite, core);

	tcase_add_test(errors, test_state_name_out_of_range);
	tcase_add_loop_test(errors, test_state_parse_invalid, 0, COUNT(invalid_texts));
	tcase_add_test(errors, test_state_parse_null);
	tcase_add_test(errors, test_state_worst_out_of_range);
	suite_add_tcase(suite, errors);

	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(state_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);

	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
