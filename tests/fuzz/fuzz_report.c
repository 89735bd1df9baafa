/*
 * Fuzz target for report_parse(), the agent_7 report parser. The first input
 * byte picks the HTTP status, the second the Content-Type, and the rest is
 * the body, passed without a terminating NUL so that a read past its end
 * shows up under AddressSanitizer.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "report.h"

static const long statuses[] = { 200, 404, 403, 500, 401, 400, 429, 502, 204, 301, 0, 999 };

static const char *const content_types[] = {
	NULL,
	"application/json",
	"application/json; charset=utf-8",
	"text/html; charset=UTF-8",
	"text/plain",
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_set_zone();
	return 0;
}

/* Checks what report.h promises for a parsed report. */
static void report_verify(const struct report *report)
{
	fuzz_require(report->data_shape != NULL);
	fuzz_require(report->code_shape != NULL);
	fuzz_require((report->count == 0) == (report->sessions == NULL));
	fuzz_require((report->invalid_records == 0) == (report->first_invalid[0] == '\0'));
	fuzz_require(memchr(report->first_invalid, '\0', sizeof report->first_invalid) != NULL);
	fuzz_require(fuzz_utf8_valid(report->first_invalid, strlen(report->first_invalid)));
	fuzz_require(!fuzz_has_control(report->first_invalid, ""));

	for (size_t i = 0; i < report->count; i++) {
		const struct session *session = &report->sessions[i];

		fuzz_require(session->agent_id != NULL && session->agent_id[0] != '\0');
		fuzz_require(session->agent_dni != NULL);
		fuzz_require(session->agent_name != NULL);
		fuzz_require(session->open || session->logout >= session->login);
		fuzz_require(session->login_time >= -1);
	}
}

/* Checks the message of a failed parse: NUL-terminated, not empty, valid
 * UTF-8 and free of line breaks and other control characters, because it
 * ends up in the plugin's status line. */
static void message_verify(const char *err, size_t errlen)
{
	size_t length = strnlen(err, errlen);

	fuzz_require(length < errlen);
	fuzz_require(length > 0);
	fuzz_require(fuzz_utf8_valid(err, length));
	fuzz_require(!fuzz_has_control(err, ""));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report report;
	enum report_status status;
	const char *content_type;
	char err[512];
	char *body;
	long http_status;

	if (size < 2)
		return 0;

	http_status = statuses[data[0] % COUNT(statuses)];
	content_type = content_types[data[1] % COUNT(content_types)];
	data += 2;
	size -= 2;

	/* malloc(0) may return NULL, which report_parse() reads as "". */
	body = malloc(size);
	if (size > 0) {
		fuzz_require(body != NULL);
		memcpy(body, data, size);
	}

	memset(err, 'x', sizeof err);
	status = report_parse(http_status, body, size, content_type, &report, err, sizeof err);

	if (status == REPORT_OK) {
		fuzz_require(strnlen(err, sizeof err) < sizeof err);
		report_verify(&report);
	} else {
		fuzz_require(status == REPORT_API_ERROR || status == REPORT_INVALID);
		fuzz_require(report.count == 0 && report.sessions == NULL);
		message_verify(err, sizeof err);
	}
	fuzz_require(status != REPORT_OK || http_status == 404 ||
		     (http_status >= 200 && http_status <= 299));

	report_release(&report);
	fuzz_require(report.count == 0 && report.sessions == NULL);
	free(body);
	return 0;
}
