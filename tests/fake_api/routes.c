/*
 * Request routing, the API's request checks, the per-token limit on
 * simultaneous requests, and the counters behind /_stats.
 *
 *   /api/v2/reports_manager.php               scenario "default"
 *   /s/NAME/api/v2/reports_manager.php        scenario NAME
 *   /fault/FAULT/api/v2/reports_manager.php   a fault (see faults.c)
 *   /api/v2/information.php?api=token_info    the quota: limit 1000, used =
 *   /limit/N/api/v2/information.php           requests since the last /_reset
 *   /_stats, /_reset                          counters for the tests
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "fake_api.h"

#define ROUTE_NAME_MAX 64

enum route_kind {
	ROUTE_SCENARIO,
	ROUTE_FAULT,
	ROUTE_UNKNOWN
};

struct token_slot {
	char *token;
	unsigned in_flight;
};

/* Counters of API requests. Requests to /_stats and /_reset are not counted. */
struct counters {
	pthread_mutex_t mutex;
	unsigned long requests;
	unsigned in_flight;           /* API requests not yet completed */
	unsigned max_per_token;       /* most requests one token had open at once,
					 rejected ones included */
	char *last_path;
	char *last_query;
	bool last_token_present;
	char *last_server;            /* wolkvox_server header, NULL when absent */
	struct token_slot *slots;
	size_t slot_count;
};

static struct counters counters = { .mutex = PTHREAD_MUTEX_INITIALIZER };

static char *text_copy(const char *text)
{
	return text == NULL ? NULL : strdup(text);
}

static const char *request_query(const struct fake_request *request)
{
	const char *mark = strchr(request->uri, '?');

	return mark == NULL ? "" : mark + 1;
}

void *routes_begin(void *cls, const char *uri, struct MHD_Connection *connection)
{
	struct fake_request *request = calloc(1, sizeof(*request));

	(void) cls;
	(void) connection;

	if (request == NULL)
		return NULL;
	request->uri = strdup(uri);
	if (request->uri == NULL) {
		free(request);
		return NULL;
	}
	return request;
}

/* Records one API request in the counters. The token itself is never stored
 * there, only whether the header was present. */
static void counters_record(struct MHD_Connection *connection, struct fake_request *request,
			    const char *url)
{
	const char *token = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
							"wolkvox-token");
	const char *server = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
							 "wolkvox_server");

	pthread_mutex_lock(&counters.mutex);
	counters.requests++;
	counters.in_flight++;
	free(counters.last_path);
	counters.last_path = text_copy(url);
	free(counters.last_query);
	counters.last_query = text_copy(request_query(request));
	counters.last_token_present = token != NULL;
	free(counters.last_server);
	counters.last_server = text_copy(server);
	pthread_mutex_unlock(&counters.mutex);

	request->recorded = true;
}

static struct token_slot *slot_find(const char *token)
{
	struct token_slot *grown;
	size_t i;

	for (i = 0; i < counters.slot_count; i++)
		if (strcmp(counters.slots[i].token, token) == 0)
			return &counters.slots[i];

	grown = realloc(counters.slots, (counters.slot_count + 1) * sizeof(*grown));
	if (grown == NULL)
		return NULL;
	counters.slots = grown;
	grown[counters.slot_count].token = strdup(token);
	if (grown[counters.slot_count].token == NULL)
		return NULL;
	grown[counters.slot_count].in_flight = 0;
	return &grown[counters.slot_count++];
}

/* Takes one of the token's FAKE_MAX_SIMULTANEOUS slots. Returns false when
 * they are all taken (or out of memory). */
static bool slot_acquire(struct fake_request *request, const char *token)
{
	struct token_slot *slot;
	bool acquired = false;

	pthread_mutex_lock(&counters.mutex);
	slot = slot_find(token);
	if (slot == NULL)
		goto out;

	if (slot->in_flight + 1 > counters.max_per_token)
		counters.max_per_token = slot->in_flight + 1;
	if (slot->in_flight >= FAKE_MAX_SIMULTANEOUS)
		goto out;

	request->token = strdup(token);
	if (request->token == NULL)
		goto out;
	slot->in_flight++;
	acquired = true;
out:
	pthread_mutex_unlock(&counters.mutex);
	return acquired;
}

static void slot_release(struct fake_request *request)
{
	size_t i;

	pthread_mutex_lock(&counters.mutex);
	if (request->token != NULL) {
		for (i = 0; i < counters.slot_count; i++)
			if (strcmp(counters.slots[i].token, request->token) == 0)
				counters.slots[i].in_flight--;
	}
	if (request->recorded)
		counters.in_flight--;
	pthread_mutex_unlock(&counters.mutex);
}

static enum MHD_Result stats_answer(struct MHD_Connection *connection)
{
	json_object *root = json_object_new_object();
	const char *text;
	enum MHD_Result result = MHD_NO;

	if (root == NULL)
		return MHD_NO;

	pthread_mutex_lock(&counters.mutex);
	json_object_object_add(root, "requests", json_object_new_int64((int64_t) counters.requests));
	json_object_object_add(root, "in_flight", json_object_new_int64(counters.in_flight));
	json_object_object_add(root, "max_concurrent_per_token",
			       json_object_new_int64(counters.max_per_token));
	json_object_object_add(root, "last_path", counters.last_path == NULL ? NULL :
			       json_object_new_string(counters.last_path));
	json_object_object_add(root, "last_query", counters.last_query == NULL ? NULL :
			       json_object_new_string(counters.last_query));
	json_object_object_add(root, "last_token_header_present",
			       json_object_new_boolean(counters.last_token_present));
	json_object_object_add(root, "last_server_header", counters.last_server == NULL ? NULL :
			       json_object_new_string(counters.last_server));
	pthread_mutex_unlock(&counters.mutex);

	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
						    JSON_C_TO_STRING_NOSLASHESCAPE);
	if (text != NULL)
		result = respond_buffer(connection, MHD_HTTP_OK, "application/json", text,
					strlen(text));
	json_object_put(root);
	return result;
}

/* Zeroes the counters. Requests in flight keep their slots and stay counted
 * in in_flight until they complete. */
static enum MHD_Result stats_reset(struct MHD_Connection *connection)
{
	static const char body[] = "{\"reset\":true}";

	pthread_mutex_lock(&counters.mutex);
	counters.requests = 0;
	counters.max_per_token = 0;
	free(counters.last_path);
	counters.last_path = NULL;
	free(counters.last_query);
	counters.last_query = NULL;
	counters.last_token_present = false;
	free(counters.last_server);
	counters.last_server = NULL;
	pthread_mutex_unlock(&counters.mutex);

	return respond_buffer(connection, MHD_HTTP_OK, "application/json", body,
			      sizeof(body) - 1);
}

static bool name_valid(const char *name, size_t length)
{
	size_t i;

	if (length == 0 || length > ROUTE_NAME_MAX)
		return false;
	for (i = 0; i < length; i++) {
		char c = name[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* Matches "<prefix><name>" FAKE_REPORTS_PATH and copies the name. */
static bool route_match(const char *url, const char *prefix, char name[ROUTE_NAME_MAX + 1])
{
	size_t prefix_length = strlen(prefix);
	const char *start;
	const char *slash;

	if (strncmp(url, prefix, prefix_length) != 0)
		return false;

	start = url + prefix_length;
	slash = strchr(start, '/');
	if (slash == NULL || strcmp(slash, FAKE_REPORTS_PATH) != 0)
		return false;
	if (!name_valid(start, (size_t) (slash - start)))
		return false;

	memcpy(name, start, (size_t) (slash - start));
	name[slash - start] = '\0';
	return true;
}

static enum route_kind route_parse(const char *url, char name[ROUTE_NAME_MAX + 1])
{
	if (strcmp(url, FAKE_REPORTS_PATH) == 0) {
		memcpy(name, "default", sizeof("default"));
		return ROUTE_SCENARIO;
	}
	if (route_match(url, "/s/", name))
		return ROUTE_SCENARIO;
	if (route_match(url, "/fault/", name))
		return ROUTE_FAULT;
	return ROUTE_UNKNOWN;
}

static bool compact_date_valid(const char *text)
{
	size_t i;

	if (text == NULL || strlen(text) != 14)
		return false;
	for (i = 0; i < 14; i++)
		if (text[i] < '0' || text[i] > '9')
			return false;
	return true;
}

/*
 * Applies the API's own checks in the order: report name, dates, token,
 * simultaneous requests. Returns MHD_YES with *answered false when the
 * request passed them all; otherwise the error is queued.
 */
static enum MHD_Result request_check(struct MHD_Connection *connection,
				     const struct fake_config *config,
				     struct fake_request *request, bool *answered)
{
	const char *api = MHD_lookup_connection_value(connection, MHD_GET_ARGUMENT_KIND, "api");
	const char *date_ini = MHD_lookup_connection_value(connection, MHD_GET_ARGUMENT_KIND,
							   "date_ini");
	const char *date_end = MHD_lookup_connection_value(connection, MHD_GET_ARGUMENT_KIND,
							   "date_end");
	const char *token = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
							"wolkvox-token");

	*answered = true;

	if (api == NULL || strcmp(api, "agent_7") != 0)
		return respond_api_error(connection, MHD_HTTP_BAD_REQUEST, "BAD REQUEST",
					 "THE API YOU WANT TO CONSULT DOES NOT EXIST");
	if (!compact_date_valid(date_ini) || !compact_date_valid(date_end))
		return respond_api_error(connection, MHD_HTTP_BAD_REQUEST, "BAD REQUEST",
					 "SOME PARAMETERS ARE REQUIRED");
	if (token == NULL || token[0] == '\0')
		return respond_api_error(connection, MHD_HTTP_UNAUTHORIZED, "UNAUTHORIZED",
					 "PLEASE ENTER THE WOLKVOX-TOKEN");
	if (config->token != NULL && strcmp(token, config->token) != 0)
		return respond_api_error(connection, MHD_HTTP_FORBIDDEN, "FORBIDDEN",
					 "PLEASE VALIDATE TOKEN");
	if (!slot_acquire(request, token))
		return respond_api_error(connection, MHD_HTTP_FORBIDDEN, "FORBIDDEN",
					 "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2)");

	*answered = false;
	return MHD_YES;
}

#define FAKE_INFORMATION_PATH "/api/v2/information.php"
#define FAKE_DEFAULT_TOKEN_LIMIT 1000

/* Matches the information.php routes and stores the quota they report. */
static bool token_info_route(const char *url, unsigned long *limit)
{
	char *end = NULL;

	*limit = FAKE_DEFAULT_TOKEN_LIMIT;
	if (strcmp(url, FAKE_INFORMATION_PATH) == 0)
		return true;
	if (strncmp(url, "/limit/", strlen("/limit/")) != 0)
		return false;
	url += strlen("/limit/");
	if (*url < '1' || *url > '9')
		return false;
	*limit = strtoul(url, &end, 10);
	return *limit <= 100000000 && strcmp(end, FAKE_INFORMATION_PATH) == 0;
}

/* Answers token_info with the limit as a string and the counts as a string
 * and a number, the mix the real API is reported to send. */
static enum MHD_Result token_info_answer(struct MHD_Connection *connection,
					 const struct fake_config *config,
					 struct fake_request *request, unsigned long limit)
{
	const char *api = MHD_lookup_connection_value(connection, MHD_GET_ARGUMENT_KIND, "api");
	const char *token = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
							"wolkvox-token");
	unsigned long used;
	char body[256];
	int length;

	if (api == NULL || strcmp(api, "token_info") != 0)
		return respond_api_error(connection, MHD_HTTP_BAD_REQUEST, "BAD REQUEST",
					 "THE API YOU WANT TO CONSULT DOES NOT EXIST");
	if (token == NULL || token[0] == '\0')
		return respond_api_error(connection, MHD_HTTP_UNAUTHORIZED, "UNAUTHORIZED",
					 "PLEASE ENTER THE WOLKVOX-TOKEN");
	if (config->token != NULL && strcmp(token, config->token) != 0)
		return respond_api_error(connection, MHD_HTTP_FORBIDDEN, "FORBIDDEN",
					 "PLEASE VALIDATE TOKEN");
	if (!slot_acquire(request, token))
		return respond_api_error(connection, MHD_HTTP_FORBIDDEN, "FORBIDDEN",
					 "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2)");

	pthread_mutex_lock(&counters.mutex);
	used = counters.requests;
	pthread_mutex_unlock(&counters.mutex);

	length = snprintf(body, sizeof(body),
			  "{\"code\":200,\"error\":null,\"msg\":\"token info\",\"data\":"
			  "{\"token_limit\":\"%lu\",\"token_use_today\":\"%lu\","
			  "\"all_token_today\":%lu}}", limit, used, used);
	return respond_buffer(connection, MHD_HTTP_OK, "application/json", body, (size_t) length);
}

static enum MHD_Result api_answer(struct MHD_Connection *connection,
				  const struct fake_config *config,
				  struct fake_request *request, const char *url)
{
	char name[ROUTE_NAME_MAX + 1];
	enum route_kind kind = route_parse(url, name);
	enum MHD_Result result;
	bool answered = false;
	unsigned long limit;

	if (token_info_route(url, &limit))
		return token_info_answer(connection, config, request, limit);
	if (kind == ROUTE_UNKNOWN)
		return respond_not_found(connection);

	result = request_check(connection, config, request, &answered);
	if (answered)
		return result;

	if (kind == ROUTE_FAULT)
		return faults_answer(connection, config, name, request_query(request));
	return respond_scenario(connection, config, name);
}

enum MHD_Result routes_handle(void *cls, struct MHD_Connection *connection,
			      const char *url, const char *method, const char *version,
			      const char *upload_data, size_t *upload_data_size,
			      void **request_context)
{
	const struct fake_config *config = cls;
	struct fake_request *request = *request_context;
	bool get = strcmp(method, MHD_HTTP_METHOD_GET) == 0;
	bool post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;

	(void) version;
	(void) upload_data;

	if (*upload_data_size != 0) {
		*upload_data_size = 0;  /* request bodies are ignored */
		return MHD_YES;
	}
	if (request == NULL)
		return MHD_NO;

	if (strcmp(url, "/_stats") == 0 && get)
		return stats_answer(connection);
	if (strcmp(url, "/_reset") == 0 && (get || post))
		return stats_reset(connection);

	counters_record(connection, request, url);
	fake_log("%s %s", method, request->uri);

	if (!get)
		return respond_api_error(connection, MHD_HTTP_METHOD_NOT_ALLOWED,
					 "METHOD NOT ALLOWED", "ONLY GET IS ALLOWED");
	return api_answer(connection, config, request, url);
}

void routes_complete(void *cls, struct MHD_Connection *connection,
		     void **request_context, enum MHD_RequestTerminationCode code)
{
	struct fake_request *request = *request_context;

	(void) cls;
	(void) connection;

	if (request == NULL)
		return;

	if (request->recorded && code != MHD_REQUEST_TERMINATED_COMPLETED_OK)
		fake_log("%s ended early (MHD termination code %d)", request->uri, (int) code);

	slot_release(request);
	free(request->token);
	free(request->uri);
	free(request);
	*request_context = NULL;
}

void routes_release(void)
{
	size_t i;

	pthread_mutex_lock(&counters.mutex);
	for (i = 0; i < counters.slot_count; i++)
		free(counters.slots[i].token);
	free(counters.slots);
	counters.slots = NULL;
	counters.slot_count = 0;
	free(counters.last_path);
	counters.last_path = NULL;
	free(counters.last_query);
	counters.last_query = NULL;
	free(counters.last_server);
	counters.last_server = NULL;
	pthread_mutex_unlock(&counters.mutex);
}
