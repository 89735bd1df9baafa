#include "endpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#define SERVER_MAX 16

void endpoint_window(time_t now, struct civil_time *first, struct civil_time *last)
{
	struct civil_time today;

	epoch_to_civil(now, &today);

	*first = today;
	civil_add_days(first, -1);
	first->hour = 0;
	first->minute = 0;
	first->second = 0;

	*last = today;
	last->hour = 23;
	last->minute = 59;
	last->second = 59;
}

bool endpoint_server_valid(const char *server)
{
	size_t length = strlen(server);

	if (length == 0 || length > SERVER_MAX)
		return false;
	for (size_t i = 0; i < length; i++) {
		char c = server[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return false;
	}
	return true;
}

static bool url_scheme_valid(const char *url)
{
	return strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0;
}

static bool url_has_control_or_space(const char *url)
{
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return true;
	return false;
}

char *endpoint_build_url(const char *server, const char *url, const char *report,
			 const struct civil_time *first, const struct civil_time *last,
			 char *err, size_t errlen)
{
	char date_ini[16];
	char date_end[16];
	char *result = NULL;
	int length;

	civil_format_compact(first, date_ini, sizeof(date_ini));
	civil_format_compact(last, date_end, sizeof(date_end));

	if (url != NULL) {
		const char *separator = strchr(url, '?') != NULL ? "&" : "?";

		if (!url_scheme_valid(url) || url_has_control_or_space(url)) {
			snprintf(err, errlen,
				 _("invalid URL '%s': it must start with http:// or https:// and contain no spaces"),
				 url);
			return NULL;
		}
		length = asprintf(&result, "%s%sapi=%s&date_ini=%s&date_end=%s", url, separator,
				  report, date_ini, date_end);
	} else {
		if (server == NULL || !endpoint_server_valid(server)) {
			snprintf(err, errlen,
				 _("invalid server '%s': give the operation's server nomenclature, such as 0010"),
				 server != NULL ? server : "");
			return NULL;
		}
		length = asprintf(&result, "https://wv%s.wolkvox.com%s?api=%s&date_ini=%s&date_end=%s",
				  server, ENDPOINT_REPORTS_PATH, report, date_ini, date_end);
	}

	if (length < 0) {
		snprintf(err, errlen, _("out of memory"));
		return NULL;
	}
	return result;
}
