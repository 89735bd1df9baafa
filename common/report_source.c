#include "report_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endpoint.h"
#include "i18n.h"
#include "report_codec.h"
#include "token.h"
#include "verbose.h"

/*
 * Returns true, with a message in err, for a report that parsed but cannot
 * be trusted: more unreadable records than readable ones (a changed
 * timestamp format would otherwise read as every agent absent), or an
 * envelope with neither "code" nor "data".
 */
static bool report_unusable(const struct report *report, char *err, size_t errlen)
{
	if (report->invalid_records > 0 && report->invalid_records >= report->count) {
		snprintf(err, errlen,
			 ngettext("%zu of %zu report record could not be read (first: %s)",
				  "%zu of %zu report records could not be read (first: %s)",
				  report->invalid_records + report->count),
			 report->invalid_records, report->invalid_records + report->count,
			 report->first_invalid);
		return true;
	}
	if (strcmp(report->code_shape, "missing") == 0 && strcmp(report->data_shape, "missing") == 0) {
		snprintf(err, errlen, "%s",
			 _("the API response has neither \"code\" nor \"data\"; it is not a report"));
		return true;
	}
	return false;
}

static void redact_report(void *value, const char *token)
{
	struct report *report = value;

	token_redact(report->first_invalid, token);
	for (size_t i = 0; i < report->count; i++) {
		token_redact(report->sessions[i].agent_name, token);
		token_redact(report->sessions[i].agent_id, token);
		token_redact(report->sessions[i].agent_dni, token);
	}
}

static enum source_status parse_response(const struct fetch_response *response, void *value,
					 char *err, size_t errlen)
{
	struct report *report = value;
	char reason[512];
	enum report_status status;

	status = report_parse(response->http_status, response->body, response->length,
			      response->content_type, report, reason, sizeof(reason));
	if (status == REPORT_OK && report_unusable(report, err, errlen)) {
		report_release(report);
		return SOURCE_API_ERROR;
	}
	if (status == REPORT_OK)
		return SOURCE_OK;

	if (response->http_status >= 300 && response->http_status < 400 &&
	    response->location != NULL)
		snprintf(err, errlen, _("%s (redirect to %s)"), reason, response->location);
	else
		snprintf(err, errlen, "%s", reason);
	return SOURCE_API_ERROR;
}

static void encode_report(const void *value, struct codec_writer *writer)
{
	report_codec_encode(value, writer);
}

static bool decode_report(struct codec_reader *reader, void *value)
{
	return report_codec_decode(reader, value);
}

static void release_report(void *value)
{
	report_release(value);
}

static void describe_report(const void *value)
{
	const struct report *report = value;

	verbose_log(2, "report: %zu sessions, %zu empty and %zu invalid records skipped, data %s, code %s",
		    report->count, report->empty_records, report->invalid_records,
		    report->data_shape, report->code_shape);
}

const struct source_kind report_source_kind = {
	.cache_kind = CACHE_KIND_REPORT,
	.default_max_age = OPTIONS_DEFAULT_CACHE_MAX_AGE,
	.parse = parse_response,
	.encode = encode_report,
	.decode = decode_report,
	.release = release_report,
	.describe = describe_report,
	.redact = redact_report,
};

enum source_status report_source_get(const struct common_options *options, const char *token,
				     time_t now, struct report *report, struct source_info *info,
				     char *err, size_t errlen)
{
	struct civil_time first, last;
	enum source_status status;
	char *url;

	memset(report, 0, sizeof(*report));
	memset(info, 0, sizeof(*info));

	endpoint_window(now, &first, &last);
	url = endpoint_build_url(options->server, options->url, "agent_7", &first, &last, err,
				 errlen);
	if (url == NULL)
		return SOURCE_CONFIG_ERROR;

	verbose_log(2, "request window %04d-%02d-%02d 00:00:00 to %04d-%02d-%02d 23:59:59",
		    first.year, first.month, first.day, last.year, last.month, last.day);

	status = source_get(options, token, url, &report_source_kind, report, info, err, errlen);
	free(url);
	return status;
}
