/*
 * Differential fuzz target for the streaming JSON reader of report_stream.h.
 * Each body is also parsed whole by json-c in strict mode, the way
 * report_stream.h describes the reader; the two must accept the same
 * bodies, and every member and element the reader passes on must equal
 * the tree's.
 *
 * Input layout: byte 0 at 0xF0 or above makes the visitor stop the reading
 * at callback number (byte 0 & 0x0F) + 1; the rest is the body, passed
 * without a terminating NUL.
 */
#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "report_stream.h"

#define ARRAY_KEY "data"

static const char *const fields[] = {
	"agent_id", "agent_dni", "agent_name", "login", "logout", "login_time",
};

#define FIELD_COUNT (sizeof fields / sizeof fields[0])

/* One element as the reader passed it on. */
struct element {
	struct json_object *tree;       /* a reference, when is_tree */
	bool is_tree;
	char *texts[FIELD_COUNT];
	bool empty;
};

/* What the visitor saw. */
struct observed {
	struct json_object *members;    /* the last value of each member */
	bool array_last;                /* the last ARRAY_KEY member was an array */
	struct element *elements;       /* of the last ARRAY_KEY array */
	size_t element_count;
	size_t element_capacity;
	size_t calls;
	size_t stop_at;                 /* 0: never stop */
	bool stopped;
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_set_zone();
	return 0;
}

/* ---- The reference: one strict parse of the whole body ---- */

static bool value_has_nonfinite(struct json_object *value)
{
	size_t count;

	switch (json_object_get_type(value)) {
	case json_type_double:
		return !isfinite(json_object_get_double(value));
	case json_type_array:
		count = json_object_array_length(value);
		for (size_t i = 0; i < count; i++) {
			if (value_has_nonfinite(json_object_array_get_idx(value, i)))
				return true;
		}
		return false;
	case json_type_object: {
		json_object_object_foreach(value, key, member) {
			(void)key;
			if (value_has_nonfinite(member))
				return true;
		}
		return false;
	}
	default:
		return false;
	}
}

/* Returns the end of the string that starts with the quote at body[i]. json-c
 * also reads single-quoted strings in strict mode. */
static size_t string_skip(const char *body, size_t length, size_t i)
{
	char quote = body[i++];

	while (i < length && body[i] != quote)
		i += body[i] == '\\' ? 2 : 1;
	return i + 1;
}

/* Returns the end of the run of bytes from set that starts at body[i]. */
static size_t span_end(const char *body, size_t length, size_t i, const char *set)
{
	while (i < length && body[i] != '\0' && strchr(set, body[i]) != NULL)
		i++;
	return i;
}

static bool word_is(const char *body, size_t start, size_t end, const char *word)
{
	return end - start == strlen(word) && memcmp(body + start, word, end - start) == 0;
}

/* Returns true when a valid body contains a NaN or an infinity anywhere,
 * also in a member that a later member of the same name replaces and that
 * the tree therefore lacks. The reader rejects such a replaced value at the
 * top level of the body but not inside a member's value, and the tree
 * parser never does, so the target accepts either outcome for these bodies.
 * NOTE: report_stream.h does not say which is meant. */
static bool body_has_nonfinite(const char *body, size_t length)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	size_t i = 0;

	while (i < length) {
		char c = body[i];
		size_t end;

		if (c == '"' || c == '\'') {
			i = string_skip(body, length, i);
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			char number[512];

			end = span_end(body, length, i + 1, "0123456789.eE+-");
			if (c == '-' && end == i + 1)
				return true; /* "-Infinity" */
			if (end - i >= sizeof number)
				return false; /* too long to copy: the tree check decides */
			memcpy(number, body + i, end - i);
			number[end - i] = '\0';
			if (!isfinite(strtod(number, NULL)))
				return true;
			i = end;
		} else if (strchr(letters, c) != NULL && c != '\0') {
			end = span_end(body, length, i, letters);
			if (!word_is(body, i, end, "true") && !word_is(body, i, end, "false") &&
			    !word_is(body, i, end, "null"))
				return true;
			i = end;
		} else {
			i++;
		}
	}
	return false;
}

/* Parses body whole, as report_stream.h describes the reader: strict mode,
 * nesting limit REPORT_JSON_DEPTH, a space fed after a value that reaches
 * the end of the body, only JSON white space after the value, no NaN and
 * no infinity. */
static bool reference_parse(const char *body, size_t length, struct json_object **root)
{
	struct json_tokener *tokener = json_tokener_new_ex(REPORT_JSON_DEPTH);
	enum json_tokener_error error;
	size_t end;
	bool valid;

	fuzz_require(tokener != NULL);
	json_tokener_set_flags(tokener, JSON_TOKENER_STRICT);
	*root = json_tokener_parse_ex(tokener, body, (int)length);
	error = json_tokener_get_error(tokener);
	end = json_tokener_get_parse_end(tokener);
	if (error == json_tokener_continue) {
		*root = json_tokener_parse_ex(tokener, " ", 1);
		error = json_tokener_get_error(tokener);
		end = length;
	}

	valid = error == json_tokener_success;
	for (size_t i = end; valid && i < length; i++)
		valid = body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r';
	if (valid && *root != NULL)
		valid = !value_has_nonfinite(*root);

	if (!valid) {
		json_object_put(*root);
		*root = NULL;
	}
	json_tokener_free(tokener);
	return valid;
}

/* ---- The visitor ---- */

static bool visitor_continue(struct observed *observed)
{
	observed->calls++;
	if (observed->stop_at != 0 && observed->calls >= observed->stop_at) {
		observed->stopped = true;
		return false;
	}
	return true;
}

static void elements_clear(struct observed *observed)
{
	for (size_t i = 0; i < observed->element_count; i++) {
		json_object_put(observed->elements[i].tree);
		for (size_t f = 0; f < FIELD_COUNT; f++)
			free(observed->elements[i].texts[f]);
	}
	observed->element_count = 0;
}

static bool on_member(void *context, const char *key, struct json_object *value)
{
	struct observed *observed = context;

	if (strcmp(key, ARRAY_KEY) == 0) {
		observed->array_last = false;
		elements_clear(observed);
	}
	fuzz_require(json_object_object_add(observed->members, key, json_object_get(value)) == 0);
	return visitor_continue(observed);
}

static bool on_array_start(void *context)
{
	struct observed *observed = context;

	observed->array_last = true;
	elements_clear(observed);
	json_object_object_del(observed->members, ARRAY_KEY);
	return visitor_continue(observed);
}

static bool on_element(void *context, const struct report_stream_record *record, size_t number)
{
	struct observed *observed = context;
	struct element *element;

	fuzz_require(observed->array_last);
	fuzz_require(number == observed->element_count + 1);
	if (observed->element_count == observed->element_capacity) {
		size_t capacity = observed->element_capacity == 0 ? 16 : 2 * observed->element_capacity;

		observed->elements = realloc(observed->elements, capacity * sizeof *observed->elements);
		fuzz_require(observed->elements != NULL);
		observed->element_capacity = capacity;
	}

	element = &observed->elements[observed->element_count++];
	memset(element, 0, sizeof *element);
	element->is_tree = record->is_tree;
	if (record->is_tree) {
		element->tree = json_object_get(record->tree);
	} else {
		element->empty = record->empty;
		for (size_t f = 0; f < FIELD_COUNT; f++) {
			if (record->texts[f] == NULL)
				continue;
			element->texts[f] = strdup(record->texts[f]);
			fuzz_require(element->texts[f] != NULL);
		}
	}
	return visitor_continue(observed);
}

/* ---- Comparison ---- */

static bool value_is_blank(struct json_object *value)
{
	return value == NULL ||
	       (json_object_is_type(value, json_type_string) && json_object_get_string_len(value) == 0);
}

/* Checks an element that the reader read without json-c against the
 * tree's element. */
static void fast_element_verify(const struct element *element, struct json_object *expected)
{
	bool empty = true;

	fuzz_require(json_object_is_type(expected, json_type_object));
	for (size_t f = 0; f < FIELD_COUNT; f++) {
		struct json_object *value = NULL;

		if (!json_object_object_get_ex(expected, fields[f], &value) || value == NULL) {
			fuzz_require(element->texts[f] == NULL);
			continue;
		}
		fuzz_require(json_object_is_type(value, json_type_string));
		fuzz_require(element->texts[f] != NULL);
		fuzz_require(strlen(element->texts[f]) == (size_t)json_object_get_string_len(value));
		fuzz_require(strcmp(element->texts[f], json_object_get_string(value)) == 0);
	}

	json_object_object_foreach(expected, key, value) {
		(void)key;
		empty = empty && value_is_blank(value);
	}
	fuzz_require(element->empty == empty);
}

static void observed_verify(const struct observed *observed, struct json_object *root)
{
	struct json_object *data = NULL;
	bool streamed;
	int expected_members;

	streamed = json_object_object_get_ex(root, ARRAY_KEY, &data) &&
		   json_object_is_type(data, json_type_array);
	fuzz_require(observed->array_last == streamed);

	expected_members = json_object_object_length(root) - (streamed ? 1 : 0);
	fuzz_require(json_object_object_length(observed->members) == expected_members);
	json_object_object_foreach(root, key, value) {
		struct json_object *seen = NULL;

		if (streamed && strcmp(key, ARRAY_KEY) == 0)
			continue;
		fuzz_require(json_object_object_get_ex(observed->members, key, &seen));
		fuzz_require(json_object_equal(seen, value));
	}

	if (!streamed)
		return;
	fuzz_require(observed->element_count == json_object_array_length(data));
	for (size_t i = 0; i < observed->element_count; i++) {
		const struct element *element = &observed->elements[i];
		struct json_object *expected = json_object_array_get_idx(data, i);

		if (element->is_tree)
			fuzz_require(json_object_equal(element->tree, expected));
		else
			fast_element_verify(element, expected);
	}
}

/* The tree parser of report_stream.h must match the reference too. */
/* A body whose non-finite number (1e400) sits in a key that a later key
 * replaces may be rejected by the tree parser, which refuses non-finite
 * numbers wherever they are, though json-c's reference parse accepts it. */
static void tree_verify(const char *body, size_t length, bool valid, bool replaced_nonfinite,
			struct json_object *expected, const char *stream_err,
			enum report_stream_status stream_status)
{
	struct json_object *root = NULL;
	char err[256];
	bool parsed;

	memset(err, 'x', sizeof err);
	parsed = report_stream_parse_tree(body, length, &root, err, sizeof err);
	fuzz_require(parsed == valid || (replaced_nonfinite && !parsed));
	if (parsed) {
		fuzz_require(json_object_equal(root, expected));
	} else {
		fuzz_require(root == NULL);
		fuzz_require(strnlen(err, sizeof err) > 0 && strnlen(err, sizeof err) < sizeof err);
	}

	/* Same text and byte offset for an invalid body. */
	if (!parsed && stream_status == REPORT_STREAM_INVALID)
		fuzz_require(strcmp(err, stream_err) == 0);
	json_object_put(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_stream_visitor visitor = {
		.array_key = ARRAY_KEY,
		.fields = fields,
		.field_count = FIELD_COUNT,
		.member = on_member,
		.array_start = on_array_start,
		.element = on_element,
	};
	struct observed observed = { .members = NULL };
	enum report_stream_status status;
	struct json_object *root = NULL;
	char err[256];
	char *body;
	bool valid;
	bool replaced_nonfinite;

	if (size < 1 || size - 1 > INT_MAX)
		return 0;
	if (data[0] >= 0xF0)
		observed.stop_at = (size_t)(data[0] & 0x0F) + 1;
	data++;
	size--;
	observed.members = json_object_new_object();
	fuzz_require(observed.members != NULL);
	visitor.context = &observed;

	body = malloc(size > 0 ? size : 1);
	fuzz_require(body != NULL);
	if (size > 0)
		memcpy(body, data, size);

	valid = reference_parse(body, size, &root);
	replaced_nonfinite = valid && body_has_nonfinite(body, size);

	memset(err, 'x', sizeof err);
	status = report_stream_read(body, size, &visitor, err, sizeof err);
	fuzz_require(strnlen(err, sizeof err) < sizeof err);

	if (observed.stopped) {
		fuzz_require(status == REPORT_STREAM_ABORTED);
	} else if (replaced_nonfinite) {
		fuzz_require(status == REPORT_STREAM_OK || status == REPORT_STREAM_INVALID ||
			     status == REPORT_STREAM_NOT_OBJECT);
	} else if (!valid) {
		fuzz_require(status == REPORT_STREAM_INVALID || status == REPORT_STREAM_NOT_OBJECT);
	} else if (!json_object_is_type(root, json_type_object)) {
		fuzz_require(status == REPORT_STREAM_NOT_OBJECT);
		fuzz_require(observed.calls == 0);
	} else {
		fuzz_require(status == REPORT_STREAM_OK);
		observed_verify(&observed, root);
	}
	if (status == REPORT_STREAM_INVALID)
		fuzz_require(err[0] != '\0');

	tree_verify(body, size, valid, replaced_nonfinite, root, err, status);

	elements_clear(&observed);
	free(observed.elements);
	json_object_put(observed.members);
	json_object_put(root);
	free(body);
	return 0;
}
