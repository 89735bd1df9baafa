#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "token_info.h"

#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

struct parse_case {
	const char *name;
	long http_status;
	const char *body;
	double limit;
	double used_token;
	double used_all;     /* -1: all_token_today absent */
	const char *shape;
};

static const struct parse_case answers[] = {
	{ "strings in data object", 200,
	  "{\"code\":200,\"error\":null,\"msg\":\"ok\",\"data\":{\"token_limit\":\"3000\","
	  "\"token_use_today\":\"120\",\"all_token_today\":\"450\"}}",
	  3000, 120, 450, "data object" },
	{ "numbers in data object", 200,
	  "{\"code\":\"200\",\"data\":{\"token_limit\":3000,\"token_use_today\":0,"
	  "\"all_token_today\":2999.0}}",
	  3000, 0, 2999, "data object" },
	{ "data array", 200,
	  "{\"code\":200,\"data\":[{\"token_limit\":\"1,000\",\"token_use_today\":\"12\"}]}",
	  1000, 12, -1, "data array" },
	{ "top level", 200,
	  "{\"token_limit\":\"5000.00\",\"token_use_today\":\"4,999\",\"all_token_today\":null}",
	  5000, 4999, -1, "top level" },
	{ "mixed with white space", 200,
	  " {\"data\":{\"token_limit\":\"12,345,678\",\"token_use_today\":7,"
	  "\"all_token_today\":\"1,234.5\"}}\n",
	  12345678, 7, 1234.5, "data object" },
};

START_TEST(test_token_info_parse_answers)
{
	const struct parse_case *test = &answers[_i];
	struct token_info info;
	char err[512] = "x";

	ck_assert_msg(token_info_parse(test->http_status, test->body, strlen(test->body), &info, err,
				       sizeof err) == TOKEN_INFO_OK,
		      "%s: %s", test->name, err);
	ck_assert_str_eq(err, "");
	ck_assert(info.limit == test->limit);
	ck_assert(info.used_token == test->used_token);
	ck_assert(info.has_all == (test->used_all >= 0));
	if (test->used_all >= 0)
		ck_assert(info.used_all == test->used_all);
	ck_assert_str_eq(info.shape, test->shape);
}
END_TEST

struct error_case {
	long http_status;
	const char *body;
	enum token_info_status status;
	const char *message;
};

static const struct error_case errors[] = {
	{ 403, "{\"code\":403,\"error\":\"FORBIDDEN\",\"msg\":\"TOKEN LIMIT EXCEEDED\",\"data\":null}",
	  TOKEN_INFO_API_ERROR, "HTTP 403: TOKEN LIMIT EXCEEDED - the daily request quota" },
	{ 401, "{\"code\":401,\"error\":\"UNAUTHORIZED\",\"msg\":\"PLEASE ENTER THE WOLKVOX-TOKEN\"}",
	  TOKEN_INFO_API_ERROR, "HTTP 401: PLEASE ENTER THE WOLKVOX-TOKEN" },
	{ 503, "<html><title>Maintenance</title></html>", TOKEN_INFO_API_ERROR,
	  "HTTP 503: Maintenance" },
	{ 200, "{\"code\":\"400\",\"error\":\"BAD REQUEST\",\"msg\":\"THE API YOU WANT TO CONSULT DOES NOT EXIST\"}",
	  TOKEN_INFO_API_ERROR, "API error code 400: THE API YOU WANT TO CONSULT DOES NOT EXIST" },
	{ 200, "{\"code\":200,\"error\":\"SOMETHING\",\"data\":{}}", TOKEN_INFO_API_ERROR,
	  "API error code 200: SOMETHING" },
	{ 200, "<html><title>Login</title></html>", TOKEN_INFO_INVALID,
	  "the API returned HTML instead of JSON (HTTP 200, title 'Login')" },
	{ 200, "", TOKEN_INFO_INVALID, "invalid JSON at byte 0" },
	{ 200, "{\"data\":{}} x", TOKEN_INFO_INVALID,
	  "invalid JSON at byte 12: " },
	{ 200, "[1]", TOKEN_INFO_INVALID, "the API response is not a JSON object" },
	{ 200, "{\"code\":true}", TOKEN_INFO_INVALID, "the API response has an invalid \"code\"" },
	{ 200, "{\"data\":{\"token_use_today\":\"1\"}}", TOKEN_INFO_INVALID,
	  "the token_info response has no \"token_limit\"" },
	{ 200, "{\"data\":{\"token_limit\":\"1000\"}}", TOKEN_INFO_INVALID,
	  "the token_info response has no \"token_use_today\"" },
	{ 200, "{\"data\":{\"token_limit\":\"1.000,5\",\"token_use_today\":\"1\"}}",
	  TOKEN_INFO_INVALID, "the token_info response has an invalid \"token_limit\": '1.000,5'" },
	{ 200, "{\"data\":{\"token_limit\":\"1000\",\"token_use_today\":-3}}", TOKEN_INFO_INVALID,
	  "the token_info response has an invalid \"token_use_today\": '-3'" },
	{ 200, "{\"data\":{\"token_limit\":\"1000\",\"token_use_today\":\"1\",\"all_token_today\":[]}}",
	  TOKEN_INFO_INVALID, "the token_info response has an invalid \"all_token_today\": '[ ]'" },
	{ 200, "{\"data\":{\"token_limit\":0,\"token_use_today\":\"1\"}}", TOKEN_INFO_INVALID,
	  "the token_info response has a \"token_limit\" of 0" },
};

START_TEST(test_token_info_errors)
{
	const struct error_case *test = &errors[_i];
	struct token_info info;
	char err[512] = "";

	ck_assert_int_eq(token_info_parse(test->http_status, test->body, strlen(test->body), &info,
					  err, sizeof err), test->status);
	ck_assert_msg(strncmp(err, test->message, strlen(test->message)) == 0,
		      "message '%s', expected it to start with '%s'", err, test->message);
	ck_assert(info.limit == 0);
	ck_assert_str_eq(info.shape, "top level");
}
END_TEST

struct number_case {
	const char *text;
	bool valid;
	double value;
};

static const struct number_case numbers[] = {
	{ "0", true, 0 }, { "1000", true, 1000 }, { "1,000", true, 1000 },
	{ "12,345,678", true, 12345678 }, { "9,336.00", true, 9336 }, { "1000.5", true, 1000.5 },
	{ "007", true, 7 }, { "", false, 0 }, { "-1", false, 0 }, { "+1", false, 0 },
	{ " 1", false, 0 }, { "1 ", false, 0 }, { "1,00", false, 0 }, { "1,0000", false, 0 },
	{ "1000,000", false, 0 }, { ",100", false, 0 }, { "1,", false, 0 }, { "1.", false, 0 },
	{ "1.5.5", false, 0 }, { "1e3", false, 0 }, { "0x10", false, 0 }, { "nan", false, 0 },
	{ "1.000,50", false, 0 }, { "12345678901234567890123456789012345678901", false, 0 },
};

START_TEST(test_token_info_numbers)
{
	const struct number_case *test = &numbers[_i];
	double value = -1;

	ck_assert_msg(token_info_number_parse(test->text, &value) == test->valid, "'%s'", test->text);
	if (test->valid)
		ck_assert_msg(value == test->value, "'%s' gave %f", test->text, value);
}
END_TEST

START_TEST(test_token_info_used_scope)
{
	struct token_info info = { 1000, 120, 450, true, "data object" };

	ck_assert(token_info_used(&info, false) == 450);
	ck_assert(token_info_used(&info, true) == 120);
	info.used_all = 100;
	ck_assert(token_info_used(&info, false) == 120);
	info.has_all = false;
	info.used_all = 900;
	ck_assert(token_info_used(&info, false) == 120);
}
END_TEST

START_TEST(test_token_info_urls)
{
	char err[256] = "";
	char *url;

	url = token_info_build_url("0010", NULL, err, sizeof err);
	ck_assert_str_eq(url, "https://wv0010.wolkvox.com/api/v2/information.php?api=token_info");
	free(url);
	url = token_info_build_url(NULL, "http://127.0.0.1:8080/api/v2/information.php", err, sizeof err);
	ck_assert_str_eq(url, "http://127.0.0.1:8080/api/v2/information.php?api=token_info");
	free(url);
	url = token_info_build_url(NULL, "https://proxy.example/info?tenant=a", err, sizeof err);
	ck_assert_str_eq(url, "https://proxy.example/info?tenant=a&api=token_info");
	free(url);

	ck_assert_ptr_null(token_info_build_url("bad/server", NULL, err, sizeof err));
	ck_assert_str_eq(err, "invalid server 'bad/server': give the operation's server nomenclature, such as 0010");
	ck_assert_ptr_null(token_info_build_url(NULL, "ftp://x/y", err, sizeof err));
	ck_assert_str_eq(err, "invalid URL 'ftp://x/y': it must start with http:// or https:// and contain no spaces");
}
END_TEST

START_TEST(test_token_info_codec_round_trip)
{
	struct token_info info = { 3000, 120, 450.5, true, "data array" }, decoded;
	struct codec_writer writer;
	struct codec_reader reader;

	codec_writer_init(&writer);
	token_info_encode(&info, &writer);
	ck_assert(!writer.failed);
	codec_reader_init(&reader, writer.data, writer.length);
	ck_assert(token_info_decode(&reader, &decoded));
	ck_assert(decoded.limit == 3000);
	ck_assert(decoded.used_token == 120);
	ck_assert(decoded.used_all == 450.5);
	ck_assert(decoded.has_all);
	ck_assert_str_eq(decoded.shape, "data array");

	codec_reader_init(&reader, writer.data, writer.length - 1);
	ck_assert(!token_info_decode(&reader, &decoded));
	writer.data[0] = 7;
	codec_reader_init(&reader, writer.data, writer.length);
	ck_assert(!token_info_decode(&reader, &decoded));
	codec_writer_release(&writer);
}
END_TEST

static Suite *token_info_suite(void)
{
	Suite *suite = suite_create("token_info");
	TCase *core = tcase_create("Core");
	TCase *limits = tcase_create("Limits");
	TCase *errors_case = tcase_create("Errors");

	tcase_add_loop_test(core, test_token_info_parse_answers, 0, COUNT(answers));
	tcase_add_test(core, test_token_info_used_scope);
	tcase_add_test(core, test_token_info_urls);
	tcase_add_test(core, test_token_info_codec_round_trip);
	suite_add_tcase(suite, core);

	tcase_add_loop_test(limits, test_token_info_numbers, 0, COUNT(numbers));
	suite_add_tcase(suite, limits);

	tcase_add_loop_test(errors_case, test_token_info_errors, 0, COUNT(errors));
	suite_add_tcase(suite, errors_case);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(token_info_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
