#include "report_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deadline.h"
#include "endpoint.h"
#include "fetch.h"
#include "i18n.h"
#include "verbose.h"

/* Time kept back from the deadline so that a libcurl timeout, with its
 * clearer message, fires before the backstop. */
#define DEADLINE_MARGIN_SECONDS 0.5
#define MIN_REQUEST_MS 100L

static long request_timeout_ms(void)
{
	double seconds = deadline_remaining() - DEADLINE_MARGIN_SECONDS;
	long milliseconds = (long)(seconds * 1000.0);

	return milliseconds > MIN_REQUEST_MS ? milliseconds : MIN_REQUEST_MS;
}

static enum source_status parse_response(const struct fetch_response *response,
					 struct report *report, char *err, size_t errlen)
{
	char reason[512];
	enum report_status status;

	status = report_parse(response->http_status, response->body, response->length,
			      response->content_type, report, reason, sizeof(reason));
	if (status == REPORT_OK)
		return SOURCE_OK;

	if (response->http_status >= 300 && response->http_status < 400 &&
	    response->location != NULL)
		snprintf(err, errlen, _("%s (redirect to %s)"), reason, response->location);
	else
		snprintf(err, errlen, "%s", reason);
	return SOURCE_API_ERROR;
}

enum source_status report_source_get(const struct common_options *options, const char *token,
				     time_t now, struct report *report, struct source_info *info,
				     char *err, size_t errlen)
{
	struct fetch_response response;
	struct fetch_request request;
	struct civil_time first, last;
	enum source_status status;
	enum fetch_status fetched;
	char *url;

	memset(report, 0, sizeof(*report));
	memset(info, 0, sizeof(*info));
	memset(&response, 0, sizeof(response));

	endpoint_window(now, &first, &last);
	url = endpoint_build_url(options->server, options->url, "agent_7", &first, &last, err,
				 errlen);
	if (url == NULL)
		return SOURCE_CONFIG_ERROR;

	memset(&request, 0, sizeof(request));
	request.url = url;
	request.token = token;
	request.server = options->server;
	request.timeout_ms = request_timeout_ms();
	request.cacert = options->cacert;
	request.insecure = options->insecure;
	request.max_body = options->max_body;

	verbose_log(2, "request window %04d-%02d-%02d 00:00:00 to %04d-%02d-%02d 23:59:59, timeout %ld ms",
		    first.year, first.month, first.day, last.year, last.month, last.day,
		    request.timeout_ms);

	fetched = fetch_get(&request, &response, err, errlen);
	free(url);
	if (fetched != FETCH_OK)
		return SOURCE_API_ERROR;

	info->api_seconds = response.seconds;
	info->http_status = response.http_status;
	info->body_bytes = response.length;
	verbose_log(2, "HTTP %ld, %zu bytes in %.3f s", response.http_status, response.length,
		    response.seconds);

	status = parse_response(&response, report, err, errlen);
	if (status == SOURCE_OK)
		verbose_log(2, "report: %zu sessions, %zu empty and %zu invalid records skipped, data %s, code %s",
			    report->count, report->empty_records, report->invalid_records,
			    report->data_shape, report->code_shape);

	fetch_response_release(&response);
	return status;
}
