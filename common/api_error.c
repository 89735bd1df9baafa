#include "api_error.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"

/* A hint for the errors that the API's text alone identifies. The 403 texts
 * come from the API's documented error table. */
struct text_hint {
	const char *text;
	const char *hint;
};

static const struct text_hint text_hints[] = {
	{ "TOKEN LIMIT EXCEEDED",
	  N_("the daily request quota of this token is used up; it resets at midnight") },
	{ "SIMULTANEOUS REQUESTS",
	  N_("another client is using this token at the same time") },
	{ "VALIDATE TOKEN",
	  N_("the token is invalid; check --token-file or WOLKVOX_TOKEN") },
};

/* HTTP reason phrases the API puts in "error" next to a more precise "msg". */
static const char *const reason_phrases[] = {
	"BAD REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT FOUND",
	"INTERNAL SERVER ERROR", "SERVICE UNAVAILABLE",
};

/* Returns the length of the valid UTF-8 sequence that starts text[0..length),
 * or 0 when the bytes there are not one. Overlong forms, surrogates and code
 * points above U+10FFFF are invalid. */
static size_t utf8_sequence_length(const unsigned char *text, size_t length)
{
	unsigned char low = 0x80;
	unsigned char high = 0xBF;
	size_t needed;

	if (text[0] < 0x80)
		return 1;
	if (text[0] >= 0xC2 && text[0] <= 0xDF)
		needed = 2;
	else if (text[0] >= 0xE0 && text[0] <= 0xEF)
		needed = 3;
	else if (text[0] >= 0xF0 && text[0] <= 0xF4)
		needed = 4;
	else
		return 0;

	if (text[0] == 0xE0)
		low = 0xA0;
	else if (text[0] == 0xED)
		high = 0x9F;
	else if (text[0] == 0xF0)
		low = 0x90;
	else if (text[0] == 0xF4)
		high = 0x8F;

	if (length < needed || text[1] < low || text[1] > high)
		return 0;
	for (size_t i = 2; i < needed; i++) {
		if ((text[i] & 0xC0) != 0x80)
			return 0;
	}
	return needed;
}

/* Returns true for white space and for C0 and C1 control characters. */
static bool is_blank_sequence(const unsigned char *text, size_t sequence_length)
{
	if (sequence_length == 1)
		return text[0] <= 0x20 || text[0] == 0x7F;
	return sequence_length == 2 && text[0] == 0xC2 && text[1] < 0xA0;
}

void api_text_sanitize(const char *text, size_t length, size_t limit,
		       char *out, size_t outlen)
{
	const unsigned char *in = (const unsigned char *)text;
	bool space_pending = false;
	size_t used = 0;
	size_t i = 0;

	if (outlen == 0)
		return;
	if (limit > outlen - 1)
		limit = outlen - 1;

	while (i < length) {
		size_t sequence_length = utf8_sequence_length(in + i, length - i);
		const char *piece = text + i;
		size_t piece_length = sequence_length;

		if (sequence_length == 0) {
			piece = "?";
			piece_length = 1;
			sequence_length = 1;
		} else if (is_blank_sequence(in + i, sequence_length)) {
			space_pending = used > 0;
			i += sequence_length;
			continue;
		} else if (in[i] == '|') {
			piece = "/";
		}

		if (used + piece_length + (space_pending ? 1 : 0) > limit)
			break;
		if (space_pending)
			out[used++] = ' ';
		memcpy(out + used, piece, piece_length);
		used += piece_length;
		space_pending = false;
		i += sequence_length;
	}
	out[used] = '\0';
}

bool api_body_is_markup(const char *body, size_t length)
{
	for (size_t i = 0; i < length; i++) {
		if (body[i] != ' ' && body[i] != '\t' && body[i] != '\n' && body[i] != '\r')
			return body[i] == '<';
	}
	return false;
}

/* Returns the offset of the first case-insensitive match of needle in
 * haystack[0..length), or length when there is none. */
static size_t find_caseless(const char *haystack, size_t length, const char *needle)
{
	size_t needle_length = strlen(needle);

	for (size_t i = 0; i + needle_length <= length; i++) {
		if (strncasecmp(haystack + i, needle, needle_length) == 0)
			return i;
	}
	return length;
}

bool api_html_title(const char *body, size_t length, char *out, size_t outlen)
{
	size_t start = find_caseless(body, length, "<title");
	size_t end;

	if (outlen > 0)
		out[0] = '\0';
	if (start == length)
		return false;

	start += strlen("<title");
	while (start < length && body[start] != '>')
		start++;
	if (start == length)
		return false;
	start++;

	end = start + find_caseless(body + start, length - start, "</title");
	api_text_sanitize(body + start, end - start, API_TEXT_MAX, out, outlen);
	return out[0] != '\0';
}

static bool is_reason_phrase(const char *text)
{
	for (size_t i = 0; i < sizeof reason_phrases / sizeof reason_phrases[0]; i++) {
		if (strcasecmp(text, reason_phrases[i]) == 0)
			return true;
	}
	return false;
}

void api_text_combine(const char *error, const char *msg, char *out, size_t outlen)
{
	char error_text[API_TEXT_MAX + 1];
	char msg_text[API_TEXT_MAX + 1];
	char joined[2 * API_TEXT_MAX + 3];

	api_text_sanitize(error ? error : "", error ? strlen(error) : 0, API_TEXT_MAX,
			  error_text, sizeof error_text);
	api_text_sanitize(msg ? msg : "", msg ? strlen(msg) : 0, API_TEXT_MAX,
			  msg_text, sizeof msg_text);

	if (msg_text[0] != '\0' && is_reason_phrase(error_text))
		error_text[0] = '\0';

	if (error_text[0] == '\0' || strcasecmp(error_text, msg_text) == 0)
		snprintf(joined, sizeof joined, "%s", msg_text);
	else if (msg_text[0] == '\0')
		snprintf(joined, sizeof joined, "%s", error_text);
	else
		snprintf(joined, sizeof joined, "%s: %s", error_text, msg_text);

	api_text_sanitize(joined, strlen(joined), API_TEXT_MAX, out, outlen);
}

/* Returns what the operator can do about the error, or NULL. The API's text
 * decides first, because HTTP 403 alone stands for four different errors. */
static const char *error_hint(long code, const char *text)
{
	for (size_t i = 0; i < sizeof text_hints / sizeof text_hints[0]; i++) {
		if (strcasestr(text, text_hints[i].text) != NULL)
			return _(text_hints[i].hint);
	}

	switch (code) {
	case 400:
		return _("the report name or parameters are invalid");
	case 401:
		return _("no token was sent");
	case 403:
		return _("the API refused the request; during a maintenance window this passes, "
			 "else register the monitoring host's IP address with the operation");
	case 404:
		return _("the URL was not found; check the path given with -u");
	default:
		return NULL;
	}
}

void api_error_format(bool from_http, long code, const char *text,
		      char *err, size_t errlen)
{
	const char *hint = error_hint(code, text);
	char head[64];

	/* A 404 inside a JSON body comes from the API itself, so the URL is
	 * right and the hint about -u would mislead. */
	if (!from_http && code == 404)
		hint = NULL;

	if (from_http)
		snprintf(head, sizeof head, "HTTP %ld", code);
	else
		snprintf(head, sizeof head, _("API error code %ld"), code);

	if (from_http && code >= 300 && code < 400) {
		snprintf(err, errlen, _("%s: redirect not followed; use --url with the final address"),
			 head);
		return;
	}

	if (text[0] == '\0' && code >= 500 && code < 600)
		text = _("server error");

	if (text[0] != '\0' && hint != NULL)
		snprintf(err, errlen, "%s: %s - %s", head, text, hint);
	else if (text[0] != '\0')
		snprintf(err, errlen, "%s: %s", head, text);
	else if (hint != NULL)
		snprintf(err, errlen, "%s - %s", head, hint);
	else
		snprintf(err, errlen, _("%s: the API sent no error text"), head);
}
