#include "report_codec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The shapes report_parse() reports, in the order of their numbers in the
 * cache. Appending is safe; reordering needs a new cache format version. */
static const char *const data_shapes[] = {
	"array", "object", "null", "missing", "none (HTTP 404)",
};

static const char *const code_shapes[] = {
	"number", "string", "missing",
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Sessions in one cached report; far above the API's 60,000 records. */
#define MAX_SESSIONS 10000000U

/* Returns the index of shape in table, or count when it is not there. */
static uint8_t shape_index(const char *const *table, size_t count, const char *shape)
{
	for (size_t i = 0; i < count; i++)
		if (shape != NULL && strcmp(table[i], shape) == 0)
			return (uint8_t)i;
	return (uint8_t)count;
}

static void session_encode(const struct session *session, struct codec_writer *writer)
{
	codec_put_string(writer, session->agent_id);
	codec_put_string(writer, session->agent_dni);
	codec_put_string(writer, session->agent_name);
	codec_put_i64(writer, (int64_t)session->login);
	codec_put_i64(writer, (int64_t)session->logout);
	codec_put_u8(writer, session->open ? 1 : 0);
	codec_put_i64(writer, (int64_t)session->login_time);
}

void report_codec_encode(const struct report *report, struct codec_writer *writer)
{
	codec_put_u8(writer, shape_index(data_shapes, COUNT(data_shapes), report->data_shape));
	codec_put_u8(writer, shape_index(code_shapes, COUNT(code_shapes), report->code_shape));
	codec_put_u64(writer, report->empty_records);
	codec_put_u64(writer, report->invalid_records);
	codec_put_string(writer, report->first_invalid);
	codec_put_u64(writer, report->count);
	for (size_t i = 0; i < report->count; i++)
		session_encode(&report->sessions[i], writer);
}

static bool session_decode(struct codec_reader *reader, struct session *session)
{
	uint8_t open;

	session->agent_id = codec_get_string(reader);
	session->agent_dni = codec_get_string(reader);
	session->agent_name = codec_get_string(reader);
	session->login = (time_t)codec_get_i64(reader);
	session->logout = (time_t)codec_get_i64(reader);
	open = codec_get_u8(reader);
	session->open = open == 1;
	session->login_time = (long)codec_get_i64(reader);

	return !reader->failed && open <= 1 && session->agent_id != NULL &&
	       session->agent_id[0] != '\0';
}

static bool header_decode(struct codec_reader *reader, struct report *report, uint64_t *count)
{
	uint8_t data_shape = codec_get_u8(reader);
	uint8_t code_shape = codec_get_u8(reader);

	if (data_shape >= COUNT(data_shapes) || code_shape >= COUNT(code_shapes))
		return false;
	report->data_shape = data_shapes[data_shape];
	report->code_shape = code_shapes[code_shape];
	report->empty_records = (size_t)codec_get_u64(reader);
	report->invalid_records = (size_t)codec_get_u64(reader);
	codec_get_string_into(reader, report->first_invalid, sizeof(report->first_invalid));
	*count = codec_get_u64(reader);
	return !reader->failed && *count <= MAX_SESSIONS;
}

bool report_codec_decode(struct codec_reader *reader, struct report *report)
{
	uint64_t count = 0;

	memset(report, 0, sizeof(*report));
	if (!header_decode(reader, report, &count))
		goto fail;
	/* Each session takes at least 37 bytes, so a count larger than the
	 * bytes left is corrupt and must not drive the allocation. */
	if (count > (reader->length - reader->offset) / 37)
		goto fail;

	if (count > 0) {
		report->sessions = calloc((size_t)count, sizeof(*report->sessions));
		if (report->sessions == NULL)
			goto fail;
	}
	for (size_t i = 0; i < count; i++) {
		report->count = i + 1;
		if (!session_decode(reader, &report->sessions[i]))
			goto fail;
	}
	if (!codec_reader_done(reader))
		goto fail;
	return true;

fail:
	report_release(report);
	return false;
}
