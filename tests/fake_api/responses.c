/*
 * Building and queueing the fake API's responses: JSON errors in the API's
 * envelope, HTML pages and scenario files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_api.h"

/* Largest scenario file served. zlib's single-call compression in faults.c
 * also needs the body to fit an unsigned int. */
#define SCENARIO_MAX (64 * 1024 * 1024)

static const char json_type[] = "application/json; charset=utf-8";

enum MHD_Result respond_buffer(struct MHD_Connection *connection, unsigned status,
			       const char *content_type, const char *body, size_t length)
{
	struct MHD_Response *response;
	enum MHD_Result result;
	char *copy = malloc(length + 1);

	if (copy == NULL)
		return MHD_NO;
	memcpy(copy, body, length);

	response = MHD_create_response_from_buffer(length, copy, MHD_RESPMEM_MUST_FREE);
	if (response == NULL) {
		free(copy);
		return MHD_NO;
	}

	if (content_type != NULL)
		MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	result = MHD_queue_response(connection, status, response);
	MHD_destroy_response(response);
	return result;
}

/* Queues an error with the body the real API sends, such as
 * {"code":403,"error":"FORBIDDEN","msg":"TOKEN LIMIT EXCEEDED","data":null}. */
enum MHD_Result respond_api_error(struct MHD_Connection *connection, unsigned status,
				  const char *error, const char *message)
{
	char body[512];
	int length = snprintf(body, sizeof(body),
			      "{\"code\":%u,\"error\":\"%s\",\"msg\":\"%s\",\"data\":null}",
			      status, error, message);

	if (length < 0 || (size_t) length >= sizeof(body))
		return MHD_NO;
	return respond_buffer(connection, status, json_type, body, (size_t) length);
}

enum MHD_Result respond_html(struct MHD_Connection *connection, unsigned status,
			     const char *html)
{
	return respond_buffer(connection, status, "text/html; charset=UTF-8", html,
			      strlen(html));
}

/* A web server's page for a path that does not exist, not the API's JSON. */
enum MHD_Result respond_not_found(struct MHD_Connection *connection)
{
	return respond_html(connection, MHD_HTTP_NOT_FOUND,
			    "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n"
			    "<body><h1>Not Found</h1>\n"
			    "<p>The requested URL was not found on this server.</p></body></html>\n");
}

char *scenario_read(const struct fake_config *config, const char *name, size_t *length)
{
	char path[4096];
	int written;

	if (config->scenario_dir == NULL) {
		fake_log("scenario %s requested, but no --scenario-dir was given", name);
		return NULL;
	}

	written = snprintf(path, sizeof(path), "%s/%s.json", config->scenario_dir, name);
	if (written < 0 || (size_t) written >= sizeof(path)) {
		fake_log("scenario path too long for %s", name);
		return NULL;
	}
	return fake_read_file(path, SCENARIO_MAX, length);
}

enum MHD_Result respond_scenario(struct MHD_Connection *connection,
				 const struct fake_config *config, const char *name)
{
	size_t length = 0;
	char *body = scenario_read(config, name, &length);
	enum MHD_Result result;

	if (body == NULL)
		return respond_not_found(connection);

	result = respond_buffer(connection, MHD_HTTP_OK, json_type, body, length);
	free(body);
	return result;
}
