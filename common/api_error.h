#ifndef WOLKVOX_API_ERROR_H
#define WOLKVOX_API_ERROR_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Messages for the errors the wolkvox API returns, and the cleaning of any
 * text taken from the API before it goes into a message. The report parser
 * uses this module, which depends on no JSON library and no HTTP transport.
 */

/* Maximum length in bytes of the API's own text quoted in a message. */
#define API_TEXT_MAX 120

/*
 * Copies text[0..length) into out (outlen bytes, always NUL-terminated when
 * outlen > 0) in a form safe for a plugin message: every run of control
 * characters and white space becomes one space, '|' becomes '/', each byte
 * that is not part of valid UTF-8 becomes '?', and leading and trailing spaces
 * are dropped. The copy is cut at limit bytes (and at outlen - 1), never
 * inside a UTF-8 sequence.
 */
void api_text_sanitize(const char *text, size_t length, size_t limit,
		       char *out, size_t outlen);

/* Returns true when the first byte of body after white space is '<', as in
 * an HTML page or an XML document. */
bool api_body_is_markup(const char *body, size_t length);

/* Writes the sanitized text of the first <title> element of an HTML body
 * into out, at most API_TEXT_MAX bytes. Returns false and writes "" when the
 * body has no title. */
bool api_html_title(const char *body, size_t length, char *out, size_t outlen);

/*
 * Writes the API's own error text, taken from the "error" and "msg" members
 * of a JSON body, into out: both sanitized and joined with ": ". error is
 * left out when msg is not empty and error is only the HTTP reason phrase
 * ("FORBIDDEN", "BAD REQUEST"), because the message names the status anyway.
 * Either argument may be NULL. The result is at most API_TEXT_MAX bytes.
 */
void api_text_combine(const char *error, const char *msg, char *out, size_t outlen);

/*
 * Writes the message for an API error into err (errlen bytes, NUL-terminated).
 * When from_http is true, code is the HTTP status and the message starts with
 * "HTTP 403". Otherwise code is the "code" member of a JSON body, and the
 * message starts with "API error code 403". text is the API's own text as
 * api_text_combine() writes it, possibly "". For the errors an operator can
 * fix (quota used up, concurrent requests, invalid or missing token, invalid
 * parameters, refused host) the message ends with " - " and what to do.
 */
void api_error_format(bool from_http, long code, const char *text,
		      char *err, size_t errlen);

#endif
