#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "token.h"

struct redact_case {
	const char *text;
	const char *token;
	const char *expected;
};

static const struct redact_case redact_cases[] = {
	{ "HTTP 403: INVALID TOKEN s3cr3tT0k", "s3cr3tT0k", "HTTP 403: INVALID TOKEN *********" },
	{ "abcdabcd and abcd", "abcd", "******** and ****" },
	{ "no token here", "s3cr3tT0k", "no token here" },
	{ "short abc stays", "abc", "short abc stays" },
	{ "", "s3cr3tT0k", "" },
	{ "http://x/login?token=T0KEN1&next=T0KEN1", "T0KEN1", "http://x/login?token=******&next=******" },
};

START_TEST(test_token_redact_table)
{
	const struct redact_case *row = &redact_cases[_i];
	char text[128];

	snprintf(text, sizeof(text), "%s", row->text);
	token_redact(text, row->token);
	ck_assert_str_eq(text, row->expected);
}
END_TEST

START_TEST(test_token_redact_null)
{
	char text[] = "text";

	token_redact(NULL, "token");
	token_redact(text, NULL);
	ck_assert_str_eq(text, "text");
}
END_TEST

static char *write_token_file(const char *content, mode_t mode, char *path, size_t size)
{
	FILE *file;
	int fd;

	snprintf(path, size, "/tmp/wolkvox-token-test-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	file = fdopen(fd, "w");
	ck_assert_ptr_nonnull(file);
	fputs(content, file);
	fclose(file);
	ck_assert_int_eq(chmod(path, mode), 0);
	return path;
}

START_TEST(test_token_load_file_first_line)
{
	char path[64];
	char err[256] = "";
	bool world_readable = true;
	char *token;

	write_token_file("abc123 \r\nsecond line\n", 0600, path, sizeof(path));
	token = token_load(path, &world_readable, err, sizeof(err));
	ck_assert_ptr_nonnull(token);
	ck_assert_str_eq(token, "abc123");
	ck_assert(!world_readable);
	token_free(token);
	unlink(path);
}
END_TEST

START_TEST(test_token_load_world_readable)
{
	char path[64];
	char err[256] = "";
	bool world_readable = false;
	char *token;

	write_token_file("abc123\n", 0644, path, sizeof(path));
	token = token_load(path, &world_readable, err, sizeof(err));
	ck_assert_ptr_nonnull(token);
	ck_assert(world_readable);
	token_free(token);
	unlink(path);
}
END_TEST

START_TEST(test_token_load_empty_file)
{
	char path[64];
	char err[256] = "";
	char expected[128];

	write_token_file("", 0600, path, sizeof(path));
	ck_assert_ptr_null(token_load(path, NULL, err, sizeof(err)));
	snprintf(expected, sizeof(expected), "token file '%s' is empty", path);
	ck_assert_str_eq(err, expected);
	unlink(path);
}
END_TEST

START_TEST(test_token_load_environment)
{
	char err[256] = "";
	char *token;

	setenv(TOKEN_ENVIRONMENT_VARIABLE, "envtoken\n", 1);
	token = token_load(NULL, NULL, err, sizeof(err));
	ck_assert_ptr_nonnull(token);
	ck_assert_str_eq(token, "envtoken");
	token_free(token);

	unsetenv(TOKEN_ENVIRONMENT_VARIABLE);
	ck_assert_ptr_null(token_load(NULL, NULL, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "WOLKVOX_TOKEN"));
}
END_TEST

START_TEST(test_token_load_directory)
{
	char err[256] = "";

	ck_assert_ptr_null(token_load("/tmp", NULL, err, sizeof(err)));
	ck_assert_str_eq(err, "token file '/tmp' is not a regular file");
}
END_TEST

static Suite *token_suite(void)
{
	Suite *suite = suite_create("token");
	TCase *core = tcase_create("Core");

	tcase_add_loop_test(core, test_token_redact_table, 0,
			    sizeof(redact_cases) / sizeof(redact_cases[0]));
	tcase_add_test(core, test_token_redact_null);
	tcase_add_test(core, test_token_load_file_first_line);
	tcase_add_test(core, test_token_load_world_readable);
	tcase_add_test(core, test_token_load_empty_file);
	tcase_add_test(core, test_token_load_environment);
	tcase_add_test(core, test_token_load_directory);
	suite_add_tcase(suite, core);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(token_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
