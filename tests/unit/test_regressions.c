/*
 * Regression tests for the faults that fuzzing (tests/fuzz) found. Each test
 * contains the smallest input that showed the fault and names the fuzz target.
 * Some faults, such as undefined behaviour that does no harm in an
 * optimized build, only fail under the sanitizers: run `make check-sanitize`.
 */
#include <check.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "extra_opts.h"
#include "report.h"
#include "report_stream.h"
#include "timeutil.h"

/* Released by the teardown, so that a failed assert leaks nothing. */
static struct report report;

static void zone_setup(void)
{
	char err[256];

	ck_assert_msg(timeutil_set_zone("America/Bogota", err, sizeof err), "%s", err);
	memset(&report, 0, sizeof report);
}

static void report_teardown(void)
{
	report_release(&report);
}

/*
 * fuzz_report, fuzz_report_stream: a record whose first string is empty
 * made the streaming reader compute NULL + 0 while its text buffer was
 * still unallocated (report_stream.c, scratch_append()). Undefined
 * behaviour that clang's -fsanitize=undefined stops on.
 */
START_TEST(test_regressions_report_empty_first_text)
{
	static const char body[] =
		"{\"code\":200,\"data\":[{\"agent_name\":\"\",\"agent_id\":\"101\","
		"\"login\":\"2025-03-12 07:50:00\",\"logout\":\"\"}]}";
	char err[512];
	enum report_status status;

	status = report_parse(200, body, strlen(body), "application/json", &report, err, sizeof err);

	ck_assert_msg(status == REPORT_OK, "status %d: %s", status, err);
	ck_assert_uint_eq(report.count, 1);
	ck_assert_str_eq(report.sessions[0].agent_id, "101");
	ck_assert_str_eq(report.sessions[0].agent_name, "");
	ck_assert(report.sessions[0].open);
}
END_TEST

static bool member_ignore(void *context, const char *key, struct json_object *value)
{
	(void)context;
	(void)key;
	(void)value;
	return true;
}

static bool array_start_ignore(void *context)
{
	(void)context;
	return true;
}

static bool element_ignore(void *context, const struct report_stream_record *record, size_t number)
{
	(void)context;
	(void)record;
	(void)number;
	return true;
}

/*
 * fuzz_report_stream: after a number too large for a double, the streaming
 * reader named another error than one parse of the whole body does, which
 * report_stream.h rules out ("the same text and byte offset").
 */
START_TEST(test_regressions_stream_error_as_tree)
{
	static const char body[] = "{\"a\": 1e400m}";
	static const char *const fields[] = { "agent_id" };
	struct report_stream_visitor visitor = {
		.array_key = "data",
		.fields = fields,
		.field_count = 1,
		.member = member_ignore,
		.array_start = array_start_ignore,
		.element = element_ignore,
	};
	struct json_object *root = NULL;
	char stream_err[256] = "";
	char tree_err[256] = "";
	enum report_stream_status status;

	status = report_stream_read(body, strlen(body), &visitor, stream_err, sizeof stream_err);

	ck_assert_int_eq(status, REPORT_STREAM_INVALID);
	ck_assert(!report_stream_parse_tree(body, strlen(body), &root, tree_err, sizeof tree_err));
	json_object_put(root);
	ck_assert_str_eq(stream_err, tree_err);
}
END_TEST

/*
 * fuzz_report_stream: an infinity in a member that a later member of the
 * same name replaces is rejected by the streaming reader but accepted by
 * report_stream_parse_tree(), which report_stream.h states applies the same
 * checks.
 */
START_TEST(test_regressions_stream_replaced_infinity)
{
	static const char body[] = "{\"a\": 1e309, \"a\": 1}";
	static const char *const fields[] = { "agent_id" };
	struct report_stream_visitor visitor = {
		.array_key = "data",
		.fields = fields,
		.field_count = 1,
		.member = member_ignore,
		.array_start = array_start_ignore,
		.element = element_ignore,
	};
	struct json_object *root = NULL;
	char stream_err[256] = "";
	char tree_err[256] = "";
	enum report_stream_status status;
	bool parsed;

	status = report_stream_read(body, strlen(body), &visitor, stream_err, sizeof stream_err);
	parsed = report_stream_parse_tree(body, strlen(body), &root, tree_err, sizeof tree_err);
	json_object_put(root);

	ck_assert_int_eq(status, REPORT_STREAM_INVALID);
	ck_assert_msg(!parsed, "the tree parser accepted what the reader rejected: %s", stream_err);
	ck_assert_str_eq(tree_err, stream_err);
}
END_TEST

/* Returns true when a word of list is "--", which ends getopt's options.
 * The tests release the list before they assert, so that a failed assert
 * leaks nothing under CK_FORK=no. */
static bool list_has_end_marker(const struct extra_opts_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		if (strcmp(list->items[i], "--") == 0)
			return true;
	}
	return false;
}

/*
 * fuzz_extra_opts: a NUL byte in an ini line ended the key or value early
 * when the word was built, so "\0\0server=0010" became "--=0010" and the
 * line "\0\0=" became "--", which makes getopt treat every later argument
 * as positional.
 */
START_TEST(test_regressions_extra_opts_nul_in_key)
{
	static const char text[] = "[wolkvox]\ntoken=abc\n\0\0=\n";
	struct extra_opts_list list = { NULL, 0, 0 };
	enum extra_opts_status status;
	char err[512] = "";
	bool end_marker;

	status = extra_opts_parse_ini(text, sizeof text - 1, "fuzz.ini", "wolkvox", &list, err,
				      sizeof err);

	end_marker = list_has_end_marker(&list);
	extra_opts_list_release(&list);

	if (status == EXTRA_OPTS_OK) {
		ck_assert_msg(!end_marker, "a word is \"--\", which ends option parsing");
	} else {
		ck_assert_int_eq(status, EXTRA_OPTS_SYNTAX);
		ck_assert_msg(strstr(err, "fuzz.ini:3") != NULL, "message: %s", err);
	}
}
END_TEST

/*
 * fuzz_extra_opts: the one-letter key "-" gets one dash more, so the line
 * "-=" became the argument "--", which ends option parsing, and "-=x"
 * became the long option "--x".
 */
START_TEST(test_regressions_extra_opts_dash_key)
{
	static const char text[] = "[wolkvox]\ntoken=abc\n-=\n";
	struct extra_opts_list list = { NULL, 0, 0 };
	enum extra_opts_status status;
	char err[512] = "";
	bool end_marker;

	status = extra_opts_parse_ini(text, sizeof text - 1, "fuzz.ini", "wolkvox", &list, err,
				      sizeof err);

	end_marker = list_has_end_marker(&list);
	extra_opts_list_release(&list);

	if (status == EXTRA_OPTS_OK) {
		ck_assert_msg(!end_marker, "a word is \"--\", which ends option parsing");
	} else {
		ck_assert_int_eq(status, EXTRA_OPTS_SYNTAX);
		ck_assert_msg(strstr(err, "fuzz.ini:3") != NULL, "message: %s", err);
	}
}
END_TEST

static Suite *regressions_suite(void)
{
	Suite *suite = suite_create("regressions");
	TCase *core = tcase_create("Core");

	tcase_add_checked_fixture(core, zone_setup, report_teardown);
	tcase_add_test(core, test_regressions_report_empty_first_text);
	tcase_add_test(core, test_regressions_stream_error_as_tree);
	tcase_add_test(core, test_regressions_stream_replaced_infinity);
	tcase_add_test(core, test_regressions_extra_opts_nul_in_key);
	tcase_add_test(core, test_regressions_extra_opts_dash_key);
	suite_add_tcase(suite, core);

	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(regressions_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
