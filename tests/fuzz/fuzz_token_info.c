/*
 * Fuzz target for token_info_parse(), the parser of the information.php
 * token_info response, and token_info_number_parse(). The first input byte
 * picks the HTTP status; the rest is the body, passed without a
 * terminating NUL.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "token_info.h"

static const long statuses[] = { 200, 403, 500, 401, 404, 204, 0 };

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_set_zone();
	return 0;
}

static void info_verify(const struct token_info *info)
{
	fuzz_require(isfinite(info->limit) && info->limit > 0);
	fuzz_require(isfinite(info->used_token) && info->used_token >= 0);
	fuzz_require(!info->has_all || (isfinite(info->used_all) && info->used_all >= 0));
	fuzz_require(info->shape != NULL);
	fuzz_require(strcmp(info->shape, "data object") == 0 || strcmp(info->shape, "data array") == 0 ||
		     strcmp(info->shape, "top level") == 0);

	fuzz_require(token_info_used(info, true) == info->used_token);
	fuzz_require(token_info_used(info, false) >= info->used_token);
}

/* A number the API writes: digits, commas between groups of three, an
 * optional fraction. Checks that an accepted text has that form. */
static void number_check(const char *text)
{
	double value;
	size_t whole;

	if (!token_info_number_parse(text, &value))
		return;

	fuzz_require(isfinite(value) && value >= 0);
	whole = strspn(text, "0123456789,");
	fuzz_require(whole > 0 && text[0] != ',' && text[whole - 1] != ',');
	fuzz_require(text[whole] == '\0' ||
		     (text[whole] == '.' && text[whole + 1] != '\0' &&
		      text[whole + 1 + strspn(text + whole + 1, "0123456789")] == '\0'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct token_info info;
	enum token_info_status status;
	char err[512];
	char *body;
	char *text;
	long http_status;

	if (size < 1)
		return 0;
	http_status = statuses[data[0] % COUNT(statuses)];
	data++;
	size--;

	body = malloc(size > 0 ? size : 1);
	fuzz_require(body != NULL);
	if (size > 0)
		memcpy(body, data, size);

	memset(&info, 0, sizeof info);
	memset(err, 'x', sizeof err);
	status = token_info_parse(http_status, body, size, &info, err, sizeof err);
	fuzz_require(strnlen(err, sizeof err) < sizeof err);
	if (status == TOKEN_INFO_OK) {
		fuzz_require(http_status >= 200 && http_status <= 299);
		info_verify(&info);
	} else {
		size_t length = strnlen(err, sizeof err);

		fuzz_require(status == TOKEN_INFO_API_ERROR || status == TOKEN_INFO_INVALID);
		fuzz_require(length > 0);
		fuzz_require(fuzz_utf8_valid(err, length));
		fuzz_require(!fuzz_has_control(err, ""));
	}

	text = fuzz_string(data, size);
	number_check(text);
	free(text);
	free(body);
	return 0;
}
