#include "report_stream.h"

#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/*
 * How the streaming reader matches one strict parse of the whole body:
 *
 * - json-c's tokener parses every key, value and element, from the same
 *   bytes at the same offsets as in the whole body, so its errors and
 *   their offsets are the same. Values are parsed with
 *   JSON_TOKENER_ALLOW_TRAILING_CHARS, which makes the tokener stop after
 *   the value instead of failing on the comma that follows.
 * - The tokeners get nesting limits smaller by the depth of what they parse
 *   (members 1, elements 2), so "nesting too deep" fires at the same byte.
 * - Inside an array or object json-c wants a delimiter right after a
 *   number, but a tokener reading at the top level does not, so the reader
 *   checks that byte itself.
 * - The bytes between values (white space, braces, brackets, commas,
 *   colons) are read here with json-c's rules, checked against json-c
 *   0.16. White space is space, tab, CR and LF only. A comma before a
 *   closing brace or bracket is an unexpected character. A NUL byte or the
 *   end of the body, where more JSON must follow, is the end of the data.
 * - json-c parses keys only inside objects, so a key is fed as "{", the
 *   key, and ":0}".
 * - When the body ends inside a value, the tree parser below feeds one
 *   space after the end and reports what that gives at the end of the
 *   body; so does the reader.
 * - report_stream_parse_tree() is that tree parser, for bodies that are
 *   not objects; tests/unit/test_report.c compares the two on every prefix
 *   and many mutations of a report.
 */

/* Smallest allocation of the buffer of the texts of one element. */
#define SCRATCH_INITIAL 1024

/* Marks a field whose member is missing or null. */
#define NO_TEXT SIZE_MAX

struct stream {
	const char *body;
	size_t length;
	size_t pos;                          /* next byte to read */
	const struct report_stream_visitor *visitor;
	size_t field_count;                  /* fields read from each element */
	size_t field_lengths[REPORT_STREAM_MAX_FIELDS];
	struct json_tokener *member_tokener;  /* values and keys of the object's members */
	struct json_tokener *element_tokener; /* elements of the streamed array */
	char *scratch;                       /* decoded texts of the element read fast */
	size_t scratch_used;
	size_t scratch_capacity;
	bool nonfinite;                      /* a NaN or an infinity was parsed */
	char *err;
	size_t errlen;
};

enum fast_result {
	FAST_READ,
	FAST_FALLBACK,                       /* let json-c read the element */
	FAST_NO_MEMORY
};

__attribute__((format(printf, 3, 4)))
static void message_set(char *err, size_t errlen, const char *format, ...)
{
	va_list args;

	if (errlen == 0)
		return;
	va_start(args, format);
	vsnprintf(err, errlen, format, args);
	va_end(args);
}

static bool is_json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool text_is_blank(const char *text, size_t length)
{
	for (size_t i = 0; i < length; i++) {
		if (!is_json_space(text[i]))
			return false;
	}
	return true;
}

static size_t space_skip(const char *body, size_t pos, size_t length)
{
	while (pos < length && is_json_space(body[pos]))
		pos++;
	return pos;
}

/* Returns a mask with the high bit set in each zero byte of word, exact up
 * to the first zero byte (above it a borrow may set false bits). */
static uint64_t zero_bytes(uint64_t word)
{
	return (word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL;
}

/*
 * Returns the position of the first quote, backslash or NUL byte at or after
 * at, or length: the end of the plain part of a string, where the fast
 * reader copies or stops. Eight bytes are tested at a time where the byte
 * order lets the lowest set bit name the first of them.
 */
static size_t plain_run_end(const char *body, size_t at, size_t length)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t quotes = 0x0101010101010101ULL * '"';
	const uint64_t backslashes = 0x0101010101010101ULL * '\\';

	while (length - at >= 8) {
		uint64_t word, found;

		memcpy(&word, body + at, sizeof word);
		found = zero_bytes(word) | zero_bytes(word ^ quotes) | zero_bytes(word ^ backslashes);
		if (found != 0)
			return at + (size_t)__builtin_ctzll(found) / 8;
		at += 8;
	}
#endif
	while (at < length && body[at] != '"' && body[at] != '\\' && body[at] != '\0')
		at++;
	return at;
}

/* Returns true when a NaN or an infinity occurs anywhere in value. */
static bool json_has_nonfinite(struct json_object *value)
{
	size_t count;

	switch (json_object_get_type(value)) {
	case json_type_double:
		return !isfinite(json_object_get_double(value));
	case json_type_array:
		count = json_object_array_length(value);
		for (size_t i = 0; i < count; i++) {
			if (json_has_nonfinite(json_object_array_get_idx(value, i)))
				return true;
		}
		return false;
	case json_type_object: {
		json_object_object_foreach(value, key, member) {
			(void)key;
			if (json_has_nonfinite(member))
				return true;
		}
		return false;
	}
	default:
		return false;
	}
}

static struct json_tokener *tokener_new(int depth)
{
	struct json_tokener *tokener = json_tokener_new_ex(depth);

	if (tokener != NULL)
		json_tokener_set_flags(tokener, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS);
	return tokener;
}

static bool body_too_large(size_t length, char *err, size_t errlen)
{
	if (length <= INT_MAX)
		return false;
	message_set(err, errlen, _("the response body of %zu bytes is too large to parse"), length);
	return true;
}

static enum report_stream_status stream_read(const char *body, size_t length,
					     const struct report_stream_visitor *visitor,
					     bool *nonfinite, char *err, size_t errlen);

/* Returns true when root, an object parsed from body, had a NaN or an
 * infinity in a member that a later member of the same name replaced, which
 * the tree no longer shows but the streaming reader rejects. */
static bool members_have_nonfinite(struct json_object *root, const char *body, size_t length)
{
	static const struct report_stream_visitor values_only = { 0 };
	char ignored[8];
	bool nonfinite = false;

	if (!json_object_is_type(root, json_type_object))
		return false;
	return stream_read(body, length, &values_only, &nonfinite, ignored, sizeof ignored) ==
		       REPORT_STREAM_OK && nonfinite;
}

bool report_stream_parse_tree(const char *body, size_t length, struct json_object **root,
			      char *err, size_t errlen)
{
	struct json_tokener *tokener = NULL;
	enum json_tokener_error error;
	size_t end;
	bool parsed = false;

	*root = NULL;
	if (body_too_large(length, err, errlen))
		return false;
	tokener = json_tokener_new_ex(REPORT_JSON_DEPTH);
	if (tokener == NULL) {
		message_set(err, errlen, _("out of memory"));
		return false;
	}
	json_tokener_set_flags(tokener, JSON_TOKENER_STRICT);

	*root = json_tokener_parse_ex(tokener, body, (int)length);
	error = json_tokener_get_error(tokener);
	end = json_tokener_get_parse_end(tokener);
	if (error == json_tokener_continue) {
		*root = json_tokener_parse_ex(tokener, " ", 1);
		error = json_tokener_get_error(tokener);
		end = length;
	}
	if (error == json_tokener_continue)
		error = json_tokener_error_parse_eof;

	if (error != json_tokener_success) {
		message_set(err, errlen, _("invalid JSON at byte %zu: %s"), end,
			    json_tokener_error_desc(error));
		goto out;
	}
	if (!text_is_blank(body + end, length - end)) {
		message_set(err, errlen, _("invalid JSON at byte %zu: unexpected data after the end of the JSON value"),
			    end);
		goto out;
	}
	if (*root != NULL && (json_has_nonfinite(*root) || members_have_nonfinite(*root, body, length))) {
		message_set(err, errlen, _("invalid JSON: NaN and Infinity are not JSON numbers"));
		goto out;
	}
	parsed = true;

out:
	if (!parsed) {
		json_object_put(*root);
		*root = NULL;
	}
	json_tokener_free(tokener);
	return parsed;
}

static enum report_stream_status stream_fail_at(struct stream *stream, size_t offset,
						enum json_tokener_error error)
{
	message_set(stream->err, stream->errlen, _("invalid JSON at byte %zu: %s"), offset,
		    json_tokener_error_desc(error));
	return REPORT_STREAM_INVALID;
}

/* Fails on the byte at stream->pos, which the grammar does not allow there.
 * json-c takes the end of the body and a NUL byte for the end of the data,
 * and any other byte for the error of the state it arrived in. */
static enum report_stream_status stream_fail_here(struct stream *stream,
						  enum json_tokener_error error)
{
	if (stream->pos >= stream->length)
		return stream_fail_at(stream, stream->length, json_tokener_error_parse_eof);
	if (stream->body[stream->pos] == '\0')
		return stream_fail_at(stream, stream->pos, json_tokener_error_parse_eof);
	return stream_fail_at(stream, stream->pos, error);
}

/* The body ended inside what tokener was reading. A parse of the whole body
 * fails there with what one more space gives, at the end of the body. */
static enum report_stream_status stream_fail_truncated(struct stream *stream,
						       struct json_tokener *tokener)
{
	enum json_tokener_error error;

	json_object_put(json_tokener_parse_ex(tokener, " ", 1));
	error = json_tokener_get_error(tokener);
	if (error == json_tokener_success || error == json_tokener_continue)
		error = json_tokener_error_parse_eof;
	return stream_fail_at(stream, stream->length, error);
}

static enum report_stream_status stream_out_of_memory(struct stream *stream)
{
	message_set(stream->err, stream->errlen, _("out of memory"));
	return REPORT_STREAM_ABORTED;
}

static bool stream_at(const struct stream *stream, char c)
{
	return stream->pos < stream->length && stream->body[stream->pos] == c;
}

static void stream_skip_space(struct stream *stream)
{
	stream->pos = space_skip(stream->body, stream->pos, stream->length);
}

/* Returns true when json-c reads the value at stream->pos in its number
 * state to the end: a digit, or a minus sign not followed by an "Infinity",
 * which the number state hands on. The parsed value cannot tell, because a
 * number too large for a double reads as an infinity. */
static bool value_is_number(const struct stream *stream)
{
	const char *at = stream->body + stream->pos;
	size_t left = stream->length - stream->pos;

	if (left == 0)
		return false;
	if (at[0] >= '0' && at[0] <= '9')
		return true;
	return at[0] == '-' && !(left > 1 && (at[1] == 'I' || at[1] == 'i'));
}

/* Inside an array or object json-c ends a number only at white space or at
 * one of ",]}/Ii", and fails with "number expected" on any other byte. The
 * tokener of a member or element reads at the top level, so it stops there
 * silently, and this check stands in. end is where that tokener stopped,
 * after any white space. */
static bool number_end_allowed(const struct stream *stream, size_t end)
{
	char next;

	if (end >= stream->length || is_json_space(stream->body[end - 1]))
		return true;
	next = stream->body[end];
	return next == '\0' || strchr(",]}/Ii", next) != NULL;
}

/*
 * Parses the JSON value at stream->pos with tokener and moves past it and
 * the white space after it. *value is NULL for JSON null and after a
 * failure; the caller puts it.
 */
static enum report_stream_status value_parse(struct stream *stream, struct json_tokener *tokener,
					     struct json_object **value)
{
	enum json_tokener_error error;
	size_t end;

	json_tokener_reset(tokener);
	*value = json_tokener_parse_ex(tokener, stream->body + stream->pos,
				       (int)(stream->length - stream->pos));
	error = json_tokener_get_error(tokener);
	end = stream->pos + json_tokener_get_parse_end(tokener);
	if (error == json_tokener_continue)
		return stream_fail_truncated(stream, tokener);
	if (error != json_tokener_success)
		return stream_fail_at(stream, end, error);
	if (value_is_number(stream) && !number_end_allowed(stream, end)) {
		json_object_put(*value);
		*value = NULL;
		return stream_fail_at(stream, end, json_tokener_error_parse_number);
	}

	stream->pos = end;
	if (*value != NULL && json_has_nonfinite(*value))
		stream->nonfinite = true;
	return REPORT_STREAM_OK;
}

/* Finds the end of the quoted key at stream->pos: one past its closing
 * quote. Returns false when a NUL byte or the end of the body comes first. */
static bool key_end_find(const struct stream *stream, size_t *end)
{
	char quote = stream->body[stream->pos];
	size_t pos = stream->pos + 1;

	while (pos < stream->length && stream->body[pos] != '\0') {
		if (stream->body[pos] == quote) {
			*end = pos + 1;
			return true;
		}
		pos += stream->body[pos] == '\\' ? 2 : 1;
	}
	*end = stream->length;
	return false;
}

/*
 * Reads the key at stream->pos (a quote). *holder receives an object whose
 * only member is named by the key as json-c decodes it, and *key that name,
 * valid while *holder lives.
 */
static enum report_stream_status key_read(struct stream *stream, struct json_object **holder,
					  const char **key)
{
	struct json_tokener *tokener = stream->member_tokener;
	struct json_object_iterator member;
	enum json_tokener_error error;
	size_t end;
	bool closed = key_end_find(stream, &end);

	json_tokener_reset(tokener);
	json_tokener_parse_ex(tokener, "{", 1);
	json_tokener_parse_ex(tokener, stream->body + stream->pos, (int)(end - stream->pos));
	error = json_tokener_get_error(tokener);
	if (error != json_tokener_continue)
		return stream_fail_at(stream, stream->pos + json_tokener_get_parse_end(tokener), error);
	if (!closed)
		return stream_fail_truncated(stream, tokener);

	*holder = json_tokener_parse_ex(tokener, ":0}", 3);
	if (*holder == NULL || json_object_object_length(*holder) != 1)
		return stream_out_of_memory(stream);
	member = json_object_iter_begin(*holder);
	*key = json_object_iter_peek_name(&member);
	stream->pos = end;
	return REPORT_STREAM_OK;
}

/* Makes room for count more bytes in the buffer of decoded texts. */
static bool scratch_reserve(struct stream *stream, size_t count)
{
	size_t capacity = stream->scratch_capacity;
	char *grown;

	if (count <= capacity - stream->scratch_used)
		return true;
	if (capacity < SCRATCH_INITIAL)
		capacity = SCRATCH_INITIAL;
	while (capacity - stream->scratch_used < count) {
		if (capacity > SIZE_MAX / 2)
			return false;
		capacity *= 2;
	}
	grown = realloc(stream->scratch, capacity);
	if (grown == NULL)
		return false;
	stream->scratch = grown;
	stream->scratch_capacity = capacity;
	return true;
}

static bool scratch_append(struct stream *stream, const char *bytes, size_t count)
{
	if (!scratch_reserve(stream, count))
		return false;
	memcpy(stream->scratch + stream->scratch_used, bytes, count);
	stream->scratch_used += count;
	return true;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends the UTF-8 form of code, as json-c writes a \u escape outside the
 * surrogates. */
static bool utf8_append(struct stream *stream, unsigned code)
{
	char bytes[3];
	size_t count;

	if (code < 0x80) {
		bytes[0] = (char)code;
		count = 1;
	} else if (code < 0x800) {
		bytes[0] = (char)(0xC0 | (code >> 6));
		bytes[1] = (char)(0x80 | (code & 0x3F));
		count = 2;
	} else {
		bytes[0] = (char)(0xE0 | (code >> 12));
		bytes[1] = (char)(0x80 | ((code >> 6) & 0x3F));
		bytes[2] = (char)(0x80 | (code & 0x3F));
		count = 3;
	}
	return scratch_append(stream, bytes, count);
}

/* Decodes the escape at *pos (a backslash) and moves past it. \u0000 and
 * surrogates, which json-c treats in ways of its own, go to json-c. */
static enum fast_result escape_read_fast(struct stream *stream, size_t *pos)
{
	static const char from[] = "\"\\/bfnrt";
	static const char to[] = "\"\\/\b\f\n\r\t";
	const char *body = stream->body;
	size_t at = *pos + 1;
	const char *found;
	unsigned code = 0;

	if (at >= stream->length)
		return FAST_FALLBACK;
	if (body[at] != 'u') {
		found = body[at] != '\0' ? strchr(from, body[at]) : NULL;
		if (found == NULL)
			return FAST_FALLBACK;
		*pos = at + 1;
		return scratch_append(stream, &to[found - from], 1) ? FAST_READ : FAST_NO_MEMORY;
	}

	if (stream->length - at < 5)
		return FAST_FALLBACK;
	for (size_t i = 1; i <= 4; i++) {
		int digit = hex_value(body[at + i]);

		if (digit < 0)
			return FAST_FALLBACK;
		code = code * 16 + (unsigned)digit;
	}
	if (code == 0 || (code >= 0xD800 && code <= 0xDFFF))
		return FAST_FALLBACK;
	*pos = at + 5;
	return utf8_append(stream, code) ? FAST_READ : FAST_NO_MEMORY;
}

/*
 * Decodes the string at *pos (a double quote) into the scratch buffer,
 * NUL-terminated from offset *text, and moves past it. A string without
 * escapes, the usual one, is copied in one piece. A NUL byte, raw or
 * escaped, goes to json-c.
 */
static enum fast_result string_read_fast(struct stream *stream, size_t *pos, size_t *text)
{
	const char *body = stream->body;
	size_t at = *pos + 1;
	enum fast_result result;

	*text = stream->scratch_used;
	for (;;) {
		size_t run = at;

		at = plain_run_end(body, at, stream->length);
		if (at >= stream->length || body[at] == '\0')
			return FAST_FALLBACK;
		if (!scratch_reserve(stream, at - run + 1))
			return FAST_NO_MEMORY;
		memcpy(stream->scratch + stream->scratch_used, body + run, at - run);
		stream->scratch_used += at - run;
		if (body[at] == '"')
			break;
		result = escape_read_fast(stream, &at);
		if (result != FAST_READ)
			return result;
	}
	stream->scratch[stream->scratch_used++] = '\0';
	*pos = at + 1;
	return FAST_READ;
}

/* Checks the string at *pos (a double quote) of a member that is not a
 * field and moves past it, setting *empty when the string is "". Only a
 * string with escapes is decoded, to check them, and then dropped. */
static enum fast_result string_skip_fast(struct stream *stream, size_t *pos, bool *empty)
{
	size_t end = plain_run_end(stream->body, *pos + 1, stream->length);
	size_t used = stream->scratch_used;
	size_t text;
	enum fast_result result;

	if (end < stream->length && stream->body[end] == '"') {
		*empty = end == *pos + 1;
		*pos = end + 1;
		return FAST_READ;
	}
	result = string_read_fast(stream, pos, &text);
	if (result == FAST_READ)
		*empty = stream->scratch[text] == '\0';
	stream->scratch_used = used;
	return result;
}

/* Returns the index of the field named key (length bytes, no NUL), or -1. */
static int field_find(const struct stream *stream, const char *key, size_t length)
{
	for (size_t i = 0; i < stream->field_count; i++) {
		if (stream->field_lengths[i] == length && memcmp(stream->visitor->fields[i], key, length) == 0)
			return (int)i;
	}
	return -1;
}

/* Reads one member of the element at *pos, a double-quoted key without
 * escapes and a string or null, and moves past it and the white space
 * after it. */
static enum fast_result member_read_fast(struct stream *stream, size_t *pos,
					 size_t texts[REPORT_STREAM_MAX_FIELDS], bool *other_text)
{
	const char *body = stream->body;
	size_t length = stream->length;
	size_t at = *pos;
	size_t key, text = NO_TEXT;
	enum fast_result result = FAST_READ;
	bool empty = true;
	int field;

	if (at >= length || body[at] != '"')
		return FAST_FALLBACK;
	key = at + 1;
	at = plain_run_end(body, key, length);
	if (at >= length || body[at] != '"')
		return FAST_FALLBACK;
	field = field_find(stream, body + key, at - key);

	at = space_skip(body, at + 1, length);
	if (at >= length || body[at] != ':')
		return FAST_FALLBACK;
	at = space_skip(body, at + 1, length);

	if (at < length && body[at] == '"')
		result = field >= 0 ? string_read_fast(stream, &at, &text) :
			 string_skip_fast(stream, &at, &empty);
	else if (length - at >= 4 && memcmp(body + at, "null", 4) == 0)
		at += 4;
	else
		return FAST_FALLBACK;
	if (result != FAST_READ)
		return result;

	if (field >= 0)
		texts[field] = text;
	else if (!empty)
		*other_text = true;
	*pos = space_skip(body, at, length);
	return FAST_READ;
}

/*
 * Reads the element at stream->pos (a '{') without json-c when it is an
 * object of double-quoted keys without escapes and of string and null
 * values, and moves past it. Otherwise returns FAST_FALLBACK and leaves
 * stream->pos alone.
 */
static enum fast_result record_read_fast(struct stream *stream, struct report_stream_record *record)
{
	size_t texts[REPORT_STREAM_MAX_FIELDS];
	size_t pos = space_skip(stream->body, stream->pos + 1, stream->length);
	bool other_text = false;
	enum fast_result result;

	for (size_t i = 0; i < REPORT_STREAM_MAX_FIELDS; i++)
		texts[i] = NO_TEXT;
	stream->scratch_used = 0;

	if (pos < stream->length && stream->body[pos] == '}') {
		pos++;
	} else {
		for (;;) {
			result = member_read_fast(stream, &pos, texts, &other_text);
			if (result != FAST_READ)
				return result;
			if (pos < stream->length && stream->body[pos] == '}') {
				pos++;
				break;
			}
			if (pos >= stream->length || stream->body[pos] != ',')
				return FAST_FALLBACK;
			pos = space_skip(stream->body, pos + 1, stream->length);
		}
	}

	/* A repeated key keeps its last value in json-c's object. That is
	 * so here for the fields, but not for other_text, which is only
	 * trusted when a field already makes the record not empty. */
	record->is_tree = false;
	record->empty = true;
	for (size_t i = 0; i < stream->field_count; i++) {
		record->texts[i] = texts[i] == NO_TEXT ? NULL : stream->scratch + texts[i];
		if (record->texts[i] != NULL && record->texts[i][0] != '\0')
			record->empty = false;
	}
	if (record->empty && other_text)
		return FAST_FALLBACK;
	stream->pos = pos;
	return FAST_READ;
}

static enum report_stream_status element_read(struct stream *stream, size_t number)
{
	const struct report_stream_visitor *visitor = stream->visitor;
	struct report_stream_record record = { 0 };
	enum report_stream_status status;

	if (stream_at(stream, '{')) {
		switch (record_read_fast(stream, &record)) {
		case FAST_READ:
			if (!visitor->element(visitor->context, &record, number))
				return REPORT_STREAM_ABORTED;
			return REPORT_STREAM_OK;
		case FAST_NO_MEMORY:
			return stream_out_of_memory(stream);
		case FAST_FALLBACK:
			break;
		}
	}

	record.is_tree = true;
	status = value_parse(stream, stream->element_tokener, &record.tree);
	if (status == REPORT_STREAM_OK && !visitor->element(visitor->context, &record, number))
		status = REPORT_STREAM_ABORTED;
	json_object_put(record.tree);
	return status;
}

/* Reads the array at stream->pos (a '['), one element at a time. */
static enum report_stream_status array_read(struct stream *stream)
{
	const struct report_stream_visitor *visitor = stream->visitor;
	enum report_stream_status status;
	size_t number = 0;

	if (!visitor->array_start(visitor->context))
		return REPORT_STREAM_ABORTED;
	stream->pos++;
	stream_skip_space(stream);
	if (stream_at(stream, ']')) {
		stream->pos++;
		return REPORT_STREAM_OK;
	}

	for (;;) {
		status = element_read(stream, ++number);
		if (status != REPORT_STREAM_OK)
			return status;

		stream_skip_space(stream);
		if (stream_at(stream, ']')) {
			stream->pos++;
			return REPORT_STREAM_OK;
		}
		if (!stream_at(stream, ','))
			return stream_fail_here(stream, json_tokener_error_parse_array);
		stream->pos++;
		stream_skip_space(stream);
		if (stream_at(stream, ']'))
			return stream_fail_here(stream, json_tokener_error_parse_unexpected);
	}
}

/* Reads one member of the object at stream->pos, where a key must start. */
static enum report_stream_status member_read(struct stream *stream)
{
	const struct report_stream_visitor *visitor = stream->visitor;
	struct json_object *holder = NULL;
	struct json_object *value = NULL;
	enum report_stream_status status;
	const char *key = NULL;

	if (!stream_at(stream, '"') && !stream_at(stream, '\''))
		return stream_fail_here(stream, json_tokener_error_parse_object_key_name);
	status = key_read(stream, &holder, &key);
	if (status != REPORT_STREAM_OK)
		goto out;
	if (key == NULL) {
		status = stream_out_of_memory(stream);
		goto out;
	}

	stream_skip_space(stream);
	if (!stream_at(stream, ':')) {
		status = stream_fail_here(stream, json_tokener_error_parse_object_key_sep);
		goto out;
	}
	stream->pos++;
	stream_skip_space(stream);

	if (visitor->array_key != NULL && strcmp(key, visitor->array_key) == 0 &&
	    stream_at(stream, '[')) {
		status = array_read(stream);
		goto out;
	}
	status = value_parse(stream, stream->member_tokener, &value);
	if (status == REPORT_STREAM_OK && visitor->member != NULL &&
	    !visitor->member(visitor->context, key, value))
		status = REPORT_STREAM_ABORTED;

out:
	json_object_put(value);
	json_object_put(holder);
	return status;
}

/* Reads the object at stream->pos (a '{') and moves past it. */
static enum report_stream_status object_read(struct stream *stream)
{
	enum report_stream_status status;

	stream->pos++;
	stream_skip_space(stream);
	if (stream_at(stream, '}')) {
		stream->pos++;
		return REPORT_STREAM_OK;
	}

	for (;;) {
		status = member_read(stream);
		if (status != REPORT_STREAM_OK)
			return status;

		stream_skip_space(stream);
		if (stream_at(stream, '}')) {
			stream->pos++;
			return REPORT_STREAM_OK;
		}
		if (!stream_at(stream, ','))
			return stream_fail_here(stream, json_tokener_error_parse_object_value_sep);
		stream->pos++;
		stream_skip_space(stream);
		if (stream_at(stream, '}'))
			return stream_fail_here(stream, json_tokener_error_parse_unexpected);
	}
}

/* Checks that only white space follows the object. json-c stops at a NUL
 * byte as if the body ended there, which the tree parser reports as data
 * after the end. */
static enum report_stream_status stream_end_check(struct stream *stream)
{
	stream_skip_space(stream);
	if (stream->pos == stream->length)
		return REPORT_STREAM_OK;
	if (stream->body[stream->pos] != '\0')
		return stream_fail_at(stream, stream->pos, json_tokener_error_parse_unexpected);
	message_set(stream->err, stream->errlen,
		    _("invalid JSON at byte %zu: unexpected data after the end of the JSON value"),
		    stream->pos);
	return REPORT_STREAM_INVALID;
}

/* Reads body with visitor, as report_stream_read() does, but leaves NaN and
 * infinities to the caller: *nonfinite tells whether a member's value or an
 * element contained one. */
static enum report_stream_status stream_read(const char *body, size_t length,
					     const struct report_stream_visitor *visitor,
					     bool *nonfinite, char *err, size_t errlen)
{
	struct stream stream = { 0 };
	enum report_stream_status status;

	*nonfinite = false;
	message_set(err, errlen, "%s", "");
	if (body_too_large(length, err, errlen))
		return REPORT_STREAM_INVALID;
	stream.pos = space_skip(body, 0, length);
	if (!(stream.pos < length && body[stream.pos] == '{'))
		return REPORT_STREAM_NOT_OBJECT;

	stream.body = body;
	stream.length = length;
	stream.visitor = visitor;
	stream.err = err;
	stream.errlen = errlen;
	stream.field_count = visitor->field_count < REPORT_STREAM_MAX_FIELDS ?
			     visitor->field_count : REPORT_STREAM_MAX_FIELDS;
	for (size_t i = 0; i < stream.field_count; i++)
		stream.field_lengths[i] = strlen(visitor->fields[i]);
	stream.member_tokener = tokener_new(REPORT_JSON_DEPTH - 1);
	stream.element_tokener = tokener_new(REPORT_JSON_DEPTH - 2);

	if (stream.member_tokener == NULL || stream.element_tokener == NULL)
		status = stream_out_of_memory(&stream);
	else
		status = object_read(&stream);
	if (status == REPORT_STREAM_OK)
		status = stream_end_check(&stream);
	*nonfinite = stream.nonfinite;

	if (stream.member_tokener != NULL)
		json_tokener_free(stream.member_tokener);
	if (stream.element_tokener != NULL)
		json_tokener_free(stream.element_tokener);
	free(stream.scratch);
	return status;
}

enum report_stream_status report_stream_read(const char *body, size_t length,
					     const struct report_stream_visitor *visitor,
					     char *err, size_t errlen)
{
	bool nonfinite;
	enum report_stream_status status = stream_read(body, length, visitor, &nonfinite, err, errlen);

	if (status == REPORT_STREAM_OK && nonfinite) {
		message_set(err, errlen, _("invalid JSON: NaN and Infinity are not JSON numbers"));
		status = REPORT_STREAM_INVALID;
	}
	return status;
}
