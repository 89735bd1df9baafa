#ifndef WOLKVOX_REPORT_STREAM_H
#define WOLKVOX_REPORT_STREAM_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A strict streaming reader of a JSON object, for report.c only. Each member
 * value of the object is parsed on its own with json-c's tokener, and the
 * elements of one array member (the report's "data") one at a time. So the
 * tree of a large response is never built, and memory stays near the size
 * of the body whatever the number of records.
 *
 * The reader accepts and rejects what one strict json_tokener_parse_ex()
 * over the whole body would, and fails with the same text and byte offset
 * ("invalid JSON at byte N: unexpected character"). On top of that it
 * rejects anything but JSON white space after the object, and NaN and
 * infinities (also a number too large for a double): in any member's value,
 * even one that a later member of the same name replaces, and inside a
 * value wherever json-c's tree of that value keeps them. Keys may come in
 * any order and may repeat. Every occurrence is passed on, so a caller that
 * keeps the last one sees what json-c's tree would contain.
 *
 * Elements of the streamed array that are flat objects of strings and nulls
 * (what the API sends) are read without json-c, several times faster; any
 * other element, and any element the fast reader is not sure of, goes
 * through json-c, which then decides.
 */

struct json_object;

/* Nesting limit of the whole body, counted as json_tokener_new_ex() counts
 * it. A report is three levels deep. */
#define REPORT_JSON_DEPTH 64

/* Most fields a record may ask for. */
#define REPORT_STREAM_MAX_FIELDS 8

/* One element of the streamed array. Exactly one form is filled. */
struct report_stream_record {
	/* The element as json-c parsed it (any JSON type; NULL for null), when
	 * is_tree is true. Borrowed for the duration of the callback. */
	bool is_tree;
	struct json_object *tree;

	/* Otherwise the element is an object whose values are strings or
	 * nulls: texts[i] is the value of the member named fields[i],
	 * NUL-terminated, or NULL when the member is missing or null. A text
	 * never contains a NUL byte. empty is true when every member of the
	 * object, named in fields or not, is "" or null. Borrowed for the
	 * duration of the callback. */
	const char *texts[REPORT_STREAM_MAX_FIELDS];
	bool empty;
};

/*
 * Callbacks of the reader. Each returns false to stop the reading (out of
 * memory), and report_stream_read() then returns REPORT_STREAM_ABORTED.
 */
struct report_stream_visitor {
	void *context;
	const char *array_key;              /* the member streamed when it is an array,
					       or NULL for none */
	const char *const *fields;          /* member names read from each element */
	size_t field_count;                 /* at most REPORT_STREAM_MAX_FIELDS */

	/* A member of the object, other than array_key containing an array.
	 * The value (NULL for JSON null) is borrowed for the call. A NULL
	 * callback skips the members. */
	bool (*member)(void *context, const char *key, struct json_object *value);

	/* array_key contains an array: its elements follow, numbered from 1. */
	bool (*array_start)(void *context);
	bool (*element)(void *context, const struct report_stream_record *record, size_t number);
};

enum report_stream_status {
	REPORT_STREAM_OK,          /* the whole body was read and is valid JSON */
	REPORT_STREAM_NOT_OBJECT,  /* the body's first value is not an object; nothing was called */
	REPORT_STREAM_INVALID,     /* not valid JSON, or too large; err has the reason */
	REPORT_STREAM_ABORTED      /* a callback returned false, or out of memory; err is empty
				      unless the reader ran out of memory itself */
};

/*
 * Reads body (length bytes, not necessarily NUL-terminated) and calls the
 * visitor for each member and element in order of appearance. The callbacks
 * may already have run when the reader fails later in the body, so a caller
 * keeps what they built only on REPORT_STREAM_OK. err (errlen bytes) is
 * always NUL-terminated.
 */
enum report_stream_status report_stream_read(const char *body, size_t length,
					     const struct report_stream_visitor *visitor,
					     char *err, size_t errlen);

/*
 * Parses the whole body into *root (NULL for JSON null) in strict mode, with
 * the same checks and messages as report_stream_read(), for bodies that are
 * not objects and for the API's short error bodies. An object body is also
 * read member by member for NaN and infinities in replaced members. Returns false with *root
 * NULL and err set when the body is not valid JSON; otherwise the caller
 * puts *root.
 */
bool report_stream_parse_tree(const char *body, size_t length, struct json_object **root,
			      char *err, size_t errlen);

#endif
