#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extra_opts.h"

#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))
#define INI_DIR FIXTURE_DIR "/extra_opts"
#define PLUGINS_INI INI_DIR "/plugins.ini"

static char *text;
static size_t text_length;

static void text_load(const char *path)
{
	FILE *file = fopen(path, "rb");

	ck_assert_ptr_nonnull(file);
	text = calloc(1, 65536);
	ck_assert_ptr_nonnull(text);
	text_length = fread(text, 1, 65535, file);
	fclose(file);
}

static void text_free(void)
{
	free(text);
	text = NULL;
}

/* Asserts the list is exactly the NULL-ended words. */
static void list_expect(const struct extra_opts_list *list, const char *const *words)
{
	size_t count = 0;

	while (words[count] != NULL) {
		ck_assert_msg(count < list->count, "missing word %zu '%s'", count, words[count]);
		ck_assert_str_eq(list->items[count], words[count]);
		count++;
	}
	ck_assert_uint_eq(list->count, count);
}

struct section_case {
	const char *file;
	const char *section;
	const char *words[8];
};

static const struct section_case sections[] = {
	{ "plugins.ini", "check_wolkvox_shift",
	  { "--token-file=/etc/wolkvox/token", "--timeout=20", "--insecure", "--critical=10",
	    "--url=https://proxy.example/reports?a=b#frag", NULL } },
	{ "plugins.ini", "spaced section", { "--warning=5:10", NULL } },
	{ "plugins.ini", "one_letter", { "-w5", "-v", NULL } },
	{ "plugins.ini", "empty", { NULL } },
	{ "dos.ini", "check_wolkvox_shift", { "--token-file=/etc/wolkvox/token", "--timeout=20", NULL } },
	{ "dos.ini", "other", { "--warning=1", NULL } },
	{ "token.ini", "wolkvox", { "--token=fixture-token-not-real", "--server=0010", NULL } },
};

START_TEST(test_extra_opts_sections)
{
	const struct section_case *test = &sections[_i];
	struct extra_opts_list list = { 0 };
	char path[512];
	char err[512] = "";

	snprintf(path, sizeof path, "%s/%s", INI_DIR, test->file);
	text_load(path);
	ck_assert_int_eq(extra_opts_parse_ini(text, text_length, test->file, test->section, &list,
					      err, sizeof err), EXTRA_OPTS_OK);
	list_expect(&list, test->words);
	extra_opts_list_release(&list);
	ck_assert_uint_eq(list.count, 0);
	text_free();
}
END_TEST

struct error_case {
	const char *file;
	const char *section;
	enum extra_opts_status status;
	const char *message;
};

static const struct error_case errors[] = {
	{ "plugins.ini", "nope", EXTRA_OPTS_NO_SECTION,
	  "Invalid section 'nope' in config file 'plugins.ini'" },
	{ "no_equals.ini", "check_wolkvox_shift", EXTRA_OPTS_SYNTAX,
	  "Config file error: no_equals.ini:3: 'insecure' has no '='; write 'key=value', or 'key=' for a flag" },
	{ "before_section.ini", "check_wolkvox_shift", EXTRA_OPTS_SYNTAX,
	  "Config file error: before_section.ini:1: an option before the first [section]" },
	{ "no_bracket.ini", "check_wolkvox_shift", EXTRA_OPTS_SYNTAX,
	  "Config file error: no_bracket.ini:1: a section name lacks its ']'" },
	{ "empty_key.ini", "check_wolkvox_shift", EXTRA_OPTS_SYNTAX,
	  "Config file error: empty_key.ini:2: no option name before '='" },
};

START_TEST(test_extra_opts_errors)
{
	const struct error_case *test = &errors[_i];
	struct extra_opts_list list = { 0 };
	char path[512];
	char err[512] = "";
	char *kept = strdup("--kept");

	ck_assert_ptr_nonnull(kept);
	list.items = malloc(sizeof(char *) * 2);
	list.items[0] = kept;
	list.count = 1;
	list.capacity = 2;

	snprintf(path, sizeof path, "%s/%s", INI_DIR, test->file);
	text_load(path);
	ck_assert_int_eq(extra_opts_parse_ini(text, text_length, test->file, test->section, &list,
					      err, sizeof err), test->status);
	ck_assert_str_eq(err, test->message);
	ck_assert_uint_eq(list.count, 1);
	ck_assert_str_eq(list.items[0], "--kept");
	extra_opts_list_release(&list);
	text_free();
}
END_TEST

START_TEST(test_extra_opts_empty_text)
{
	struct extra_opts_list list = { 0 };
	char err[256] = "";

	ck_assert_int_eq(extra_opts_parse_ini("", 0, "empty.ini", "s", &list, err, sizeof err),
			 EXTRA_OPTS_NO_SECTION);
	ck_assert_str_eq(err, "Invalid section 's' in config file 'empty.ini'");
	ck_assert_int_eq(extra_opts_parse_ini("[s]", 3, "s.ini", "s", &list, err, sizeof err),
			 EXTRA_OPTS_OK);
	ck_assert_uint_eq(list.count, 0);
	ck_assert_int_eq(extra_opts_parse_ini("[s]\na=1\n\0\0=\n", 12, "nul.ini", "s", &list, err,
					      sizeof err), EXTRA_OPTS_SYNTAX);
	ck_assert_str_eq(err, "Config file error: nul.ini:3: a NUL byte in the line");
	ck_assert_uint_eq(list.count, 0);
	extra_opts_list_release(&list);
}
END_TEST

START_TEST(test_extra_opts_load_locators)
{
	struct extra_opts_list list = { 0 };
	char err[512] = "";
	static const char *const expected[] = {
		"--warning=5:10", "--token-file=/etc/wolkvox/token", "--timeout=20", "--insecure",
		"--critical=10", "--url=https://proxy.example/reports?a=b#frag", NULL
	};

	ck_assert(extra_opts_load("spaced section@" PLUGINS_INI, "check_wolkvox_shift", &list, err,
				  sizeof err));
	ck_assert(extra_opts_load("@" PLUGINS_INI, "check_wolkvox_shift", &list, err, sizeof err));
	list_expect(&list, expected);
	extra_opts_list_release(&list);
}
END_TEST

START_TEST(test_extra_opts_load_missing_file)
{
	struct extra_opts_list list = { 0 };
	char err[512] = "";

	ck_assert(!extra_opts_load("@/nonexistent/plugins.ini", "check_wolkvox_shift", &list, err,
				   sizeof err));
	ck_assert_str_eq(err, "Cannot read config file '/nonexistent/plugins.ini': No such file or directory");
	ck_assert_uint_eq(list.count, 0);

	ck_assert(!extra_opts_load("nope@" PLUGINS_INI, "x", &list, err, sizeof err));
	ck_assert_str_eq(err, "Invalid section 'nope' in config file '" PLUGINS_INI "'");
}
END_TEST

START_TEST(test_extra_opts_default_file)
{
	static const char *const none[] = { "/nonexistent/a.ini", "/nonexistent/b.ini", NULL };
	static const char *const standard[] = { "/nonexistent/a.ini", PLUGINS_INI, INI_DIR "/dos.ini", NULL };
	struct extra_opts_list list = { 0 };
	char path[512];
	char err[512] = "";

	unsetenv("MP_CONFIG_FILE");
	unsetenv("NAGIOS_CONFIG_PATH");
	ck_assert(!extra_opts_default_file(none, path, sizeof path));
	ck_assert(extra_opts_default_file(standard, path, sizeof path));
	ck_assert_str_eq(path, PLUGINS_INI);

	setenv("NAGIOS_CONFIG_PATH", "/nonexistent::" INI_DIR, 1);
	ck_assert(extra_opts_default_file(none, path, sizeof path));
	ck_assert_str_eq(path, PLUGINS_INI);

	setenv("MP_CONFIG_FILE", INI_DIR "/token.ini", 1);
	ck_assert(extra_opts_default_file(none, path, sizeof path));
	ck_assert_str_eq(path, INI_DIR "/token.ini");
	ck_assert(extra_opts_load("wolkvox", "check_wolkvox_shift", &list, err, sizeof err));
	ck_assert_uint_eq(list.count, 2);
	ck_assert(extra_opts_load(NULL, "wolkvox", &list, err, sizeof err));
	ck_assert_uint_eq(list.count, 4);

	setenv("MP_CONFIG_FILE", "/nonexistent/mp.ini", 1);
	ck_assert(!extra_opts_load(NULL, "wolkvox", &list, err, sizeof err));
	ck_assert_str_eq(err, "Cannot read config file '/nonexistent/mp.ini': No such file or directory");
	unsetenv("MP_CONFIG_FILE");
	unsetenv("NAGIOS_CONFIG_PATH");
	extra_opts_list_release(&list);
}
END_TEST

static void argv_expect(const struct extra_opts_argv *merged, const char *const *words)
{
	int count = 0;

	while (words[count] != NULL) {
		ck_assert_msg(count < merged->argc, "missing argument %d '%s'", count, words[count]);
		ck_assert_str_eq(merged->argv[count], words[count]);
		count++;
	}
	ck_assert_int_eq(merged->argc, count);
	ck_assert_ptr_null(merged->argv[count]);
}

/* The ini options come first, so the command line wins for an option
 * given in both (getopt keeps the last value). */
START_TEST(test_extra_opts_apply_order)
{
	char *argv[] = {
		(char[]){ "check_wolkvox_shift" }, (char[]){ "-H" }, (char[]){ "0010" },
		(char[]){ "--extra-opts=@" PLUGINS_INI }, (char[]){ "-t" }, (char[]){ "5" },
		(char[]){ "--extra-opts" }, (char[]){ "spaced section@" PLUGINS_INI }, NULL
	};
	static const char *const expected[] = {
		"check_wolkvox_shift", "--token-file=/etc/wolkvox/token", "--timeout=20",
		"--insecure", "--critical=10", "--url=https://proxy.example/reports?a=b#frag",
		"--warning=5:10", "-H", "0010", "-t", "5", NULL
	};
	struct extra_opts_argv merged;
	char err[512] = "";

	ck_assert(extra_opts_apply(8, argv, "check_wolkvox_shift", &merged, err, sizeof err));
	argv_expect(&merged, expected);
	ck_assert_ptr_eq(merged.argv[0], argv[0]);
	ck_assert_ptr_eq(merged.argv[7], argv[1]);
	ck_assert_ptr_eq(merged.argv[10], argv[5]);
	extra_opts_argv_release(&merged);
	ck_assert_ptr_null(merged.argv);
}
END_TEST

START_TEST(test_extra_opts_apply_default_section)
{
	char *argv[] = {
		(char[]){ "wolkvox" }, (char[]){ "--extra-opts" }, (char[]){ "-v" }, NULL
	};
	static const char *const expected[] = {
		"wolkvox", "--token=fixture-token-not-real", "--server=0010", "-v", NULL
	};
	struct extra_opts_argv merged;
	char err[512] = "";

	setenv("MP_CONFIG_FILE", INI_DIR "/token.ini", 1);
	ck_assert(extra_opts_apply(3, argv, "wolkvox", &merged, err, sizeof err));
	unsetenv("MP_CONFIG_FILE");
	argv_expect(&merged, expected);
	extra_opts_argv_release(&merged);
}
END_TEST

START_TEST(test_extra_opts_apply_without_option)
{
	char *argv[] = {
		(char[]){ "check_wolkvox_shift" }, (char[]){ "--extra-optsX" }, (char[]){ "-v" }, NULL
	};
	static const char *const expected[] = { "check_wolkvox_shift", "--extra-optsX", "-v", NULL };
	struct extra_opts_argv merged;
	char err[512] = "";

	ck_assert(extra_opts_apply(3, argv, "check_wolkvox_shift", &merged, err, sizeof err));
	argv_expect(&merged, expected);
	ck_assert_uint_eq(merged.owned.count, 0);
	extra_opts_argv_release(&merged);
}
END_TEST

START_TEST(test_extra_opts_apply_error)
{
	char *argv[] = {
		(char[]){ "check_wolkvox_shift" }, (char[]){ "--extra-opts=@" PLUGINS_INI },
		(char[]){ "--extra-opts=missing@" PLUGINS_INI }, NULL
	};
	struct extra_opts_argv merged;
	char err[512] = "";

	ck_assert(!extra_opts_apply(3, argv, "check_wolkvox_shift", &merged, err, sizeof err));
	ck_assert_str_eq(err, "Invalid section 'missing' in config file '" PLUGINS_INI "'");
	ck_assert_ptr_null(merged.argv);
	ck_assert_uint_eq(merged.owned.count, 0);
	extra_opts_argv_release(&merged);
}
END_TEST

static Suite *extra_opts_suite(void)
{
	Suite *suite = suite_create("extra_opts");
	TCase *core = tcase_create("Core");
	TCase *errors_case = tcase_create("Errors");

	tcase_add_loop_test(core, test_extra_opts_sections, 0, COUNT(sections));
	tcase_add_test(core, test_extra_opts_load_locators);
	tcase_add_test(core, test_extra_opts_default_file);
	tcase_add_test(core, test_extra_opts_apply_order);
	tcase_add_test(core, test_extra_opts_apply_default_section);
	tcase_add_test(core, test_extra_opts_apply_without_option);
	suite_add_tcase(suite, core);

	tcase_add_loop_test(errors_case, test_extra_opts_errors, 0, COUNT(errors));
	tcase_add_test(errors_case, test_extra_opts_empty_text);
	tcase_add_test(errors_case, test_extra_opts_load_missing_file);
	tcase_add_test(errors_case, test_extra_opts_apply_error);
	suite_add_tcase(suite, errors_case);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(extra_opts_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
