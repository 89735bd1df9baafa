/*
 * Faults: the responses of /fault/<fault>/api/v2/reports_manager.php.
 *
 * API errors with the real API's bodies (400, 401, 403-quota,
 * 403-simultaneous, 403-token, 404, 500), pages that are not JSON
 * (403-maintenance, 503-html, html-200), broken reports (empty-200, code-500)
 * and transport trouble on the "default" scenario: stall-headers,
 * stall-body, trickle, cut-short, gzip, chunked, redirect, and huge
 * (huge-N for N MiB, 80 MiB by default).
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ZLIB_CONST
#include <zlib.h>

#include "fake_api.h"

/* How long the stall faults wait before going on, in milliseconds: as long
 * as the real API may spend on one request. */
#define STALL_MILLISECONDS 60000

#define CHUNK_BYTES 700
#define HUGE_DEFAULT_MIB 80
#define HUGE_MAX_MIB 1024

struct api_error_fault {
	const char *name;
	unsigned status;
	const char *error;
	const char *message;
};

static const struct api_error_fault api_error_faults[] = {
	{ "400", 400, "BAD REQUEST", "SOME PARAMETERS ARE REQUIRED" },
	{ "401", 401, "UNAUTHORIZED", "PLEASE ENTER THE WOLKVOX-TOKEN" },
	{ "403-quota", 403, "FORBIDDEN", "TOKEN LIMIT EXCEEDED" },
	{ "403-simultaneous", 403, "FORBIDDEN",
	  "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2)" },
	{ "403-token", 403, "FORBIDDEN", "PLEASE VALIDATE TOKEN" },
	{ "404", 404, "NOT FOUND", "NO RECORDS WERE FOUND" },
	{ "500", 500, "INTERNAL SERVER ERROR", "AN UNEXPECTED ERROR OCCURRED, TRY AGAIN LATER" },
};

/* How a streamed body misbehaves. */
enum stream_mode {
	STREAM_CHUNKED,    /* unknown length, sent in small chunks */
	STREAM_TRICKLE,    /* one byte a second */
	STREAM_STALL,      /* part of the body, then a stall */
	STREAM_CUT_SHORT   /* part of the body, then the connection closes */
};

struct stream {
	struct MHD_Connection *connection;
	enum stream_mode mode;
	char *body;
	size_t length;
	size_t break_at;   /* STREAM_STALL and STREAM_CUT_SHORT: bytes sent first */
};

/* One record repeated to fill a huge body, its trailing comma included. */
static const char huge_record[] =
	"{\"agent_name\":\"RELLENO DE PRUEBA\",\"agent_id\":\"990001\","
	"\"agent_dni\":\"990001\",\"date\":\"2025-03-12\",\"login\":\"2025-03-12 07:00:00\","
	"\"logout\":\"2025-03-12 08:00:00\",\"login_time\":\"1:00:00\"},";
#define HUGE_UNIT (sizeof(huge_record) - 1)

/* {"code":200,...,"data":[ R,R,...,R ]} with the last record's comma turned
 * into ']' and a final '}'. */
struct huge_body {
	char prefix[128];
	size_t prefix_length;
	uint64_t record_count;
	uint64_t total;
};

bool fake_wait(struct MHD_Connection *connection, unsigned milliseconds)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
	unsigned waited = 0;

	while (waited < milliseconds) {
		unsigned step = milliseconds - waited < 100 ? milliseconds - waited : 100;
		struct pollfd descriptor = { .fd = -1, .events = POLLRDHUP };

		if (atomic_load(&fake_stopping))
			return false;

		if (info != NULL)
			descriptor.fd = info->connect_fd;
		if (poll(&descriptor, 1, (int) step) > 0 &&
		    (descriptor.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0)
			return false;

		waited += step;
	}
	return !atomic_load(&fake_stopping);
}

static void stream_free(void *cls)
{
	struct stream *stream = cls;

	free(stream->body);
	free(stream);
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *stream = cls;
	size_t offset = (size_t) pos;
	size_t count = stream->length - offset;

	if (pos >= stream->length)
		return MHD_CONTENT_READER_END_OF_STREAM;

	switch (stream->mode) {
	case STREAM_CHUNKED:
		if (count > CHUNK_BYTES)
			count = CHUNK_BYTES;
		break;
	case STREAM_TRICKLE:
		if (!fake_wait(stream->connection, 1000))
			return MHD_CONTENT_READER_END_WITH_ERROR;
		count = 1;
		break;
	case STREAM_STALL:
		if (offset >= stream->break_at) {
			fake_log("stall-body: stalling after %zu bytes", offset);
			if (!fake_wait(stream->connection, STALL_MILLISECONDS))
				return MHD_CONTENT_READER_END_WITH_ERROR;
		} else {
			count = stream->break_at - offset;
		}
		break;
	case STREAM_CUT_SHORT:
		if (offset >= stream->break_at) {
			fake_log("cut-short: closing after %zu of %zu bytes", offset,
				 stream->length);
			return MHD_CONTENT_READER_END_WITH_ERROR;
		}
		count = stream->break_at - offset;
		break;
	}

	if (count > max)
		count = max;
	memcpy(buf, stream->body + offset, count);
	return (ssize_t) count;
}

/* Streams the default scenario, misbehaving as mode sets. */
static enum MHD_Result answer_stream(struct MHD_Connection *connection,
				     const struct fake_config *config, enum stream_mode mode)
{
	struct stream *stream = calloc(1, sizeof(*stream));
	struct MHD_Response *response;
	enum MHD_Result result;
	uint64_t size;

	if (stream == NULL)
		return MHD_NO;
	stream->body = scenario_read(config, "default", &stream->length);
	if (stream->body == NULL || stream->length < 2) {
		stream_free(stream);
		return respond_not_found(connection);
	}
	stream->connection = connection;
	stream->mode = mode;
	stream->break_at = stream->length / 2;

	size = mode == STREAM_CHUNKED ? MHD_SIZE_UNKNOWN : stream->length;
	response = MHD_create_response_from_callback(size, CHUNK_BYTES, stream_read, stream,
						     stream_free);
	if (response == NULL) {
		stream_free(stream);
		return MHD_NO;
	}
	MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE,
				"application/json; charset=utf-8");
	result = MHD_queue_response(connection, MHD_HTTP_OK, response);
	MHD_destroy_response(response);
	return result;
}

static enum MHD_Result answer_stall_headers(struct MHD_Connection *connection,
					    const struct fake_config *config)
{
	fake_log("stall-headers: waiting %d s before answering", STALL_MILLISECONDS / 1000);
	if (!fake_wait(connection, STALL_MILLISECONDS)) {
		fake_log("stall-headers: client closed the connection or the server is stopping");
		return MHD_NO;
	}
	return respond_scenario(connection, config, "default");
}

/* Compresses data into a newly allocated gzip stream. */
static char *gzip_compress(const char *data, size_t length, size_t *compressed_length)
{
	z_stream zstream;
	char *output = NULL;
	uLong bound;

	memset(&zstream, 0, sizeof(zstream));
	if (deflateInit2(&zstream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;

	bound = deflateBound(&zstream, (uLong) length);
	output = malloc(bound);
	if (output == NULL)
		goto out;

	zstream.next_in = (const Bytef *) data;
	zstream.avail_in = (uInt) length;
	zstream.next_out = (Bytef *) output;
	zstream.avail_out = (uInt) bound;
	if (deflate(&zstream, Z_FINISH) != Z_STREAM_END) {
		free(output);
		output = NULL;
		goto out;
	}
	*compressed_length = (size_t) zstream.total_out;
out:
	deflateEnd(&zstream);
	return output;
}

static enum MHD_Result answer_gzip(struct MHD_Connection *connection,
				   const struct fake_config *config)
{
	size_t length = 0;
	size_t compressed_length = 0;
	char *body = scenario_read(config, "default", &length);
	char *compressed = NULL;
	struct MHD_Response *response;
	enum MHD_Result result = MHD_NO;

	if (body == NULL)
		return respond_not_found(connection);

	compressed = gzip_compress(body, length, &compressed_length);
	free(body);
	if (compressed == NULL)
		return MHD_NO;

	response = MHD_create_response_from_buffer(compressed_length, compressed,
						   MHD_RESPMEM_MUST_FREE);
	if (response == NULL) {
		free(compressed);
		return MHD_NO;
	}
	MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE,
				"application/json; charset=utf-8");
	MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	result = MHD_queue_response(connection, MHD_HTTP_OK, response);
	MHD_destroy_response(response);
	return result;
}

/* 302 to the default route with the same query, as a load balancer might
 * send when the API moves. */
static enum MHD_Result answer_redirect(struct MHD_Connection *connection, const char *query)
{
	static const char html[] = "<html><body>Moved</body></html>\n";
	char location[4096];
	struct MHD_Response *response;
	enum MHD_Result result;
	int written = snprintf(location, sizeof(location), "%s?%s", FAKE_REPORTS_PATH, query);

	if (written < 0 || (size_t) written >= sizeof(location))
		return MHD_NO;

	response = MHD_create_response_from_buffer(sizeof(html) - 1, (void *) (uintptr_t) html,
						   MHD_RESPMEM_PERSISTENT);
	if (response == NULL)
		return MHD_NO;
	MHD_add_response_header(response, MHD_HTTP_HEADER_LOCATION, location);
	MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html");
	result = MHD_queue_response(connection, MHD_HTTP_FOUND, response);
	MHD_destroy_response(response);
	return result;
}

/* Copies what fits in room of the huge body from offset pos, stopping at the
 * end of the current part (prefix, one record, or the closing bytes). */
static size_t huge_copy(const struct huge_body *body, uint64_t pos, char *buf, size_t room)
{
	uint64_t records_end = body->prefix_length + body->record_count * HUGE_UNIT;
	size_t offset;
	size_t count;

	if (pos < body->prefix_length) {
		count = body->prefix_length - (size_t) pos;
		count = count < room ? count : room;
		memcpy(buf, body->prefix + pos, count);
		return count;
	}

	if (pos + 1 == records_end) {
		buf[0] = ']';
		return 1;
	}

	if (pos < records_end) {
		offset = (size_t) ((pos - body->prefix_length) % HUGE_UNIT);
		count = HUGE_UNIT - offset;
		if (pos + count == records_end)
			count--;  /* the last comma becomes ']' on the next call */
		count = count < room ? count : room;
		memcpy(buf, huge_record + offset, count);
		return count;
	}

	buf[0] = '}';
	return 1;
}

static ssize_t huge_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	const struct huge_body *body = cls;
	size_t written = 0;

	while (written < max && pos + written < body->total)
		written += huge_copy(body, pos + written, buf + written, max - written);

	if (written == 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	return (ssize_t) written;
}

/* "huge" or "huge-N": a valid report of more than N MiB (80 by default),
 * generated as it is sent so that it is never held in memory. */
static enum MHD_Result answer_huge(struct MHD_Connection *connection, const char *fault)
{
	struct huge_body *body;
	struct MHD_Response *response;
	enum MHD_Result result;
	unsigned long mebibytes = HUGE_DEFAULT_MIB;
	int written;

	if (fault[4] == '-') {
		char *end = NULL;

		errno = 0;
		mebibytes = strtoul(fault + 5, &end, 10);
		if (errno != 0 || end == fault + 5 || *end != '\0' || mebibytes == 0 ||
		    mebibytes > HUGE_MAX_MIB)
			return respond_not_found(connection);
	}

	body = calloc(1, sizeof(*body));
	if (body == NULL)
		return MHD_NO;
	body->record_count = (uint64_t) mebibytes * 1024 * 1024 / HUGE_UNIT + 1;
	written = snprintf(body->prefix, sizeof(body->prefix),
			   "{\"code\":200,\"error\":null,\"msg\":\"%" PRIu64
			   " records were found\",\"data\":[", body->record_count);
	if (written < 0 || (size_t) written >= sizeof(body->prefix)) {
		free(body);
		return MHD_NO;
	}
	body->prefix_length = (size_t) written;
	body->total = body->prefix_length + body->record_count * HUGE_UNIT + 1;

	response = MHD_create_response_from_callback(body->total, 64 * 1024, huge_read, body,
						     free);
	if (response == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE,
				"application/json; charset=utf-8");
	result = MHD_queue_response(connection, MHD_HTTP_OK, response);
	MHD_destroy_response(response);
	return result;
}

static enum MHD_Result answer_page(struct MHD_Connection *connection, const char *fault)
{
	if (strcmp(fault, "403-maintenance") == 0)
		return respond_html(connection, MHD_HTTP_FORBIDDEN,
				    "<!DOCTYPE html>\n<html lang=\"es\"><head><meta charset=\"utf-8\">"
				    "<title>Mantenimiento | wolkvox</title></head>\n<body>"
				    "<h1>Estamos en mantenimiento</h1>\n<p>Estamos realizando una "
				    "ventana de mantenimiento y copia de seguridad. Intente de nuevo "
				    "m\xc3\xa1s tarde.</p></body></html>\n");
	if (strcmp(fault, "503-html") == 0)
		return respond_html(connection, MHD_HTTP_SERVICE_UNAVAILABLE,
				    "<html>\r\n<head><title>503 Service Temporarily Unavailable"
				    "</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily "
				    "Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n"
				    "</body>\r\n</html>\r\n");
	if (strcmp(fault, "html-200") == 0)
		return respond_html(connection, MHD_HTTP_OK,
				    "<br />\n<b>Warning</b>:  mysqli_connect(): (HY000/2002): "
				    "Connection refused in <b>/var/www/html/api/v2/reports_manager.php"
				    "</b> on line <b>12</b><br />\n<html><body>Error de conexi\xc3\xb3n"
				    "</body></html>\n");
	if (strcmp(fault, "empty-200") == 0)
		return respond_buffer(connection, MHD_HTTP_OK, "application/json", "", 0);
	if (strcmp(fault, "code-500") == 0) {
		static const char body[] =
			"{\"code\":\"500\",\"error\":\"INTERNAL SERVER ERROR\","
			"\"msg\":\"AN UNEXPECTED ERROR OCCURRED, TRY AGAIN LATER\",\"data\":null}";

		return respond_buffer(connection, MHD_HTTP_OK, "application/json", body,
				      sizeof(body) - 1);
	}
	return respond_not_found(connection);
}

enum MHD_Result faults_answer(struct MHD_Connection *connection,
			      const struct fake_config *config,
			      const char *fault, const char *query)
{
	size_t i;

	for (i = 0; i < sizeof(api_error_faults) / sizeof(api_error_faults[0]); i++) {
		const struct api_error_fault *entry = &api_error_faults[i];

		if (strcmp(fault, entry->name) == 0)
			return respond_api_error(connection, entry->status, entry->error,
						 entry->message);
	}

	if (strcmp(fault, "stall-headers") == 0)
		return answer_stall_headers(connection, config);
	if (strcmp(fault, "stall-body") == 0)
		return answer_stream(connection, config, STREAM_STALL);
	if (strcmp(fault, "trickle") == 0)
		return answer_stream(connection, config, STREAM_TRICKLE);
	if (strcmp(fault, "cut-short") == 0)
		return answer_stream(connection, config, STREAM_CUT_SHORT);
	if (strcmp(fault, "chunked") == 0)
		return answer_stream(connection, config, STREAM_CHUNKED);
	if (strcmp(fault, "gzip") == 0)
		return answer_gzip(connection, config);
	if (strcmp(fault, "redirect") == 0)
		return answer_redirect(connection, query);
	if (strncmp(fault, "huge", 4) == 0 && (fault[4] == '\0' || fault[4] == '-'))
		return answer_huge(connection, fault);
	return answer_page(connection, fault);
}
