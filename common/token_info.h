#ifndef WOLKVOX_TOKEN_INFO_H
#define WOLKVOX_TOKEN_INFO_H

#include <stdbool.h>
#include <stddef.h>

#include "codec.h"

/*
 * The token_info response of the wolkvox information.php endpoint: the daily
 * request quota and how much of it is used. Its members are
 *
 *   token_limit       the daily quota (licences x 1000 requests)
 *   token_use_today   requests made with this token today
 *   all_token_today   requests made with every token of the operation today
 *
 * each a JSON number or a string of digits, possibly with thousands commas
 * and a decimal part ("1,000", "1000.00"), as elsewhere in the API. Whether
 * the quota counts per token or per operation is not documented, so both
 * counts are kept. This module knows JSON and the API's envelope, nothing of
 * HTTP transport or Nagios.
 */

#define TOKEN_INFO_PATH "/api/v2/information.php"

struct token_info {
	double limit;          /* token_limit, > 0 */
	double used_token;     /* token_use_today, >= 0 */
	double used_all;       /* all_token_today, >= 0, when has_all */
	bool has_all;
	const char *shape;     /* where the members were: "data object",
				  "data array" or "top level"; static text */
};

enum token_info_status {
	TOKEN_INFO_OK,
	TOKEN_INFO_API_ERROR,  /* the API returned an error; err names it */
	TOKEN_INFO_INVALID     /* the body is not a token_info response */
};

/*
 * Parses the response of information.php?api=token_info. The members are
 * read from "data" when it is an object, from its first element when it is
 * an array, else from the top level. A status outside 200-299, a "code"
 * other than 200 (number or string) and a non-null "error" return
 * TOKEN_INFO_API_ERROR with the message of api_error_format(). A missing or
 * non-numeric token_limit or token_use_today, or a token_limit of 0, return
 * TOKEN_INFO_INVALID naming the member and its value. err (errlen bytes) is
 * always NUL-terminated.
 */
enum token_info_status token_info_parse(long http_status, const char *body, size_t length,
					struct token_info *info, char *err, size_t errlen);

/* Parses a count as the API writes it inside a string: digits, optionally
 * grouped by commas in threes ("12,345"), optionally followed by '.' and
 * digits. Returns false for anything else, signs and spaces included. */
bool token_info_number_parse(const char *text, double *value);

/* Returns the used count the quota is judged on: used_token when
 * token_only is true or all_token_today is missing, else the larger of
 * both. */
double token_info_used(const struct token_info *info, bool token_only);

/*
 * Builds https://wvSERVER.wolkvox.com/api/v2/information.php?api=token_info,
 * or appends "api=token_info" to url (with '?' or '&') when url is not NULL.
 * Returns a newly allocated string, or NULL with a message in err when url
 * is not http:// or https:// or server is invalid.
 */
char *token_info_build_url(const char *server, const char *url, char *err, size_t errlen);

/* The cache form: appends info to writer, and reads it back from the whole
 * of reader (false when the bytes are not such a record). */
void token_info_encode(const struct token_info *info, struct codec_writer *writer);
bool token_info_decode(struct codec_reader *reader, struct token_info *info);

#endif
