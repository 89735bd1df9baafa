#include "fetch.h"

#include <curl/curl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "i18n.h"
#include "verbose.h"

/* Upper bound on the TCP connect and TLS handshake. A wolkvox server that
 * has not connected within 10 s is unlikely to respond within the plugin's
 * timeout either, and the message then names the connect phase. */
#define FETCH_CONNECT_TIMEOUT_MS 10000L

/* Smallest allocation of the body buffer. */
#define FETCH_BODY_CHUNK 16384

#define TOKEN_HEADER "wolkvox-token"
#define SERVER_HEADER "wolkvox_server"
#define USER_AGENT "check_wolkvox/" VERSION

#define MIB (1024ULL * 1024)

/* libcurl defines no maximum for curl_off_t, which is 64 bits on every
 * platform this builds on. */
_Static_assert(sizeof(curl_off_t) == 8, "curl_off_t is expected to be 64 bits");
#define FETCH_OFF_T_MAX CURL_OFF_T_C(9223372036854775807)

/* The body as it arrives, decoded. length never exceeds max_body. */
struct transfer {
	char *body;
	size_t length;
	size_t capacity;
	unsigned long long max_body;
	unsigned long long announced; /* Content-Length, when has_announced */
	bool has_announced;
	bool headers_complete;    /* the blank line after the headers arrived */
	bool too_large;
	bool out_of_memory;
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

static double monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

bool fetch_global_init(char *err, size_t errlen)
{
	CURLcode result = curl_global_init(CURL_GLOBAL_DEFAULT);

	if (result != CURLE_OK) {
		message_set(err, errlen, _("failed to initialize libcurl: %s"), curl_easy_strerror(result));
		return false;
	}
	return true;
}

void fetch_global_cleanup(void)
{
	curl_global_cleanup();
}

/* Writes the cap the way --max-body-size takes it: in MiB, KiB or bytes. */
static void cap_format(unsigned long long bytes, char *buf, size_t bufsize)
{
	if (bytes % MIB == 0)
		snprintf(buf, bufsize, "%llu MiB", bytes / MIB);
	else if (bytes % 1024 == 0)
		snprintf(buf, bufsize, "%llu KiB", bytes / 1024);
	else
		snprintf(buf, bufsize, "%llu bytes", bytes);
}

/* Makes room for needed bytes, the NUL included, growing geometrically but
 * never past max_body + 1. */
static bool transfer_reserve(struct transfer *transfer, size_t needed)
{
	size_t capacity = transfer->capacity;
	char *body;

	if (needed <= capacity)
		return true;

	/* The announced length sizes the buffer once, so a large body is not
	 * copied from buffer to buffer, which would hold two copies at the
	 * peak. A compressed body's length is a first guess only. */
	if (capacity == 0 && transfer->has_announced && transfer->announced < transfer->max_body &&
	    transfer->announced + 1 >= needed)
		capacity = (size_t)transfer->announced + 1;
	if (capacity < FETCH_BODY_CHUNK)
		capacity = FETCH_BODY_CHUNK;
	while (capacity < needed && capacity <= SIZE_MAX / 2)
		capacity *= 2;
	if (capacity < needed)
		capacity = needed;
	if (transfer->max_body < SIZE_MAX && capacity > transfer->max_body + 1)
		capacity = (size_t)transfer->max_body + 1;

	body = realloc(transfer->body, capacity);
	if (body == NULL) {
		transfer->out_of_memory = true;
		return false;
	}
	transfer->body = body;
	transfer->capacity = capacity;
	return true;
}

/* libcurl write callback. Returning less than size makes libcurl abort the
 * transfer with CURLE_WRITE_ERROR, and too_large records the reason. */
static size_t transfer_write(char *data, size_t size, size_t count, void *userdata)
{
	struct transfer *transfer = userdata;
	size_t bytes = size * count;

	if (bytes > transfer->max_body - transfer->length) {
		transfer->too_large = true;
		return 0;
	}
	if (!transfer_reserve(transfer, transfer->length + bytes + 1))
		return 0;

	memcpy(transfer->body + transfer->length, data, bytes);
	transfer->length += bytes;
	transfer->body[transfer->length] = '\0';
	return bytes;
}

/* libcurl header callback, called once per header line. Keeps the
 * Content-Length, because after CURLE_FILESIZE_EXCEEDED libcurl 7.88 reports
 * the length as -1, and notes the blank line that ends the headers. */
static size_t transfer_header(char *data, size_t size, size_t count, void *userdata)
{
	struct transfer *transfer = userdata;
	const char *name = "content-length:";
	size_t name_length = strlen(name);
	size_t length = size * count;
	unsigned long long value = 0;
	size_t i = name_length;

	if ((length == 2 && data[0] == '\r') || (length == 1 && data[0] == '\n'))
		transfer->headers_complete = true;
	if (length <= name_length || strncasecmp(data, name, name_length) != 0)
		return length;

	while (i < length && (data[i] == ' ' || data[i] == '\t'))
		i++;
	if (i == length || data[i] < '0' || data[i] > '9')
		return length;
	for (; i < length && data[i] >= '0' && data[i] <= '9'; i++) {
		if (value > (ULLONG_MAX - 9) / 10)
			return length;
		value = value * 10 + (unsigned long long)(data[i] - '0');
	}
	transfer->announced = value;
	transfer->has_announced = true;
	return length;
}

/* Logs header lines one by one. A line that names the token header or
 * contains the token is replaced, whatever case the name is in. */
static void debug_log_headers(const char *prefix, const char *data, size_t size, const char *token)
{
	size_t name_length = strlen(TOKEN_HEADER);

	while (size > 0) {
		const char *newline = memchr(data, '\n', size);
		size_t line = newline != NULL ? (size_t)(newline - data) + 1 : size;
		size_t visible_length = line;

		while (visible_length > 0 &&
		       (data[visible_length - 1] == '\n' || data[visible_length - 1] == '\r'))
			visible_length--;

		if (visible_length >= name_length && strncasecmp(data, TOKEN_HEADER, name_length) == 0)
			verbose_log(3, "%s %s: <redacted>", prefix, TOKEN_HEADER);
		else if (token != NULL && token[0] != '\0' &&
			 memmem(data, visible_length, token, strlen(token)) != NULL)
			verbose_log(3, "%s <line redacted: it contains the token>", prefix);
		else if (visible_length > 0)
			verbose_log(3, "%s %.*s", prefix, (int)visible_length, data);

		data += line;
		size -= line;
	}
}

/* libcurl debug callback, installed at verbosity 3: headers with the token
 * redacted, libcurl's own notes, and only the size of body data. */
static int debug_log(CURL *curl, curl_infotype type, char *data, size_t size, void *userdata)
{
	const char *token = userdata;

	(void)curl;
	switch (type) {
	case CURLINFO_TEXT:
		debug_log_headers("*", data, size, token);
		break;
	case CURLINFO_HEADER_OUT:
		debug_log_headers(">", data, size, token);
		break;
	case CURLINFO_HEADER_IN:
		debug_log_headers("<", data, size, token);
		break;
	case CURLINFO_DATA_IN:
		verbose_log(3, "< (%zu bytes of body data)", size);
		break;
	case CURLINFO_DATA_OUT:
		verbose_log(3, "> (%zu bytes of body data)", size);
		break;
	default:
		break;
	}
	return 0;
}

static bool has_control_character(const char *text)
{
	for (const char *c = text; *c != '\0'; c++) {
		if ((unsigned char)*c < 0x20 || *c == 0x7F)
			return true;
	}
	return false;
}

/* Rejects what libcurl would send unchecked: a header value with CR or LF in
 * it could add headers of its own. The message never quotes the token. */
static bool request_check(const struct fetch_request *request, char *err, size_t errlen)
{
	if (request->url == NULL || request->url[0] == '\0') {
		message_set(err, errlen, _("no URL to request"));
		return false;
	}
	if (request->timeout_ms <= 0) {
		message_set(err, errlen, _("invalid request timeout of %ld ms"), request->timeout_ms);
		return false;
	}
	if (request->token != NULL && has_control_character(request->token)) {
		message_set(err, errlen, _("the token contains a control character; check --token-file or WOLKVOX_TOKEN"));
		return false;
	}
	if (request->server != NULL && has_control_character(request->server)) {
		message_set(err, errlen, _("the server nomenclature contains a control character"));
		return false;
	}
	return true;
}

/* Zeroes every header before freeing the list, because one contains the token.
 * NOTE: libcurl copies the headers into its own request buffer, which it
 * frees without zeroing; this code cannot reach that copy. */
static void headers_free(struct curl_slist *headers)
{
	for (struct curl_slist *item = headers; item != NULL; item = item->next)
		explicit_bzero(item->data, strlen(item->data));
	curl_slist_free_all(headers);
}

/* Appends "name: value" to *headers through a buffer that is zeroed before
 * it is freed. */
static bool headers_append(struct curl_slist **headers, const char *name, const char *value)
{
	size_t size = strlen(name) + strlen(": ") + strlen(value) + 1;
	struct curl_slist *appended;
	char *line = malloc(size);

	if (line == NULL)
		return false;
	snprintf(line, size, "%s: %s", name, value);

	appended = curl_slist_append(*headers, line);
	explicit_bzero(line, size);
	free(line);
	if (appended == NULL)
		return false;
	*headers = appended;
	return true;
}

static bool headers_build(const struct fetch_request *request, struct curl_slist **headers)
{
	if (request->token != NULL && !headers_append(headers, TOKEN_HEADER, request->token))
		return false;
	if (request->server != NULL && !headers_append(headers, SERVER_HEADER, request->server))
		return false;
	return true;
}

static CURLcode options_set_transport(CURL *curl, const struct fetch_request *request,
				      struct curl_slist *headers)
{
	long connect_timeout_ms = request->timeout_ms < FETCH_CONNECT_TIMEOUT_MS ?
				  request->timeout_ms : FETCH_CONNECT_TIMEOUT_MS;
	CURLcode result;

	result = curl_easy_setopt(curl, CURLOPT_URL, request->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, request->timeout_ms);
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_USERAGENT, USER_AGENT);
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	return result;
}

static CURLcode options_set_tls(CURL *curl, const struct fetch_request *request)
{
	CURLcode result;

	result = curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, request->insecure ? 0L : 1L);
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, request->insecure ? 0L : 2L);
	if (result == CURLE_OK && request->cacert != NULL)
		result = curl_easy_setopt(curl, CURLOPT_CAINFO, request->cacert);
	return result;
}

/* Installs the error buffer, the body cap and, at verbosity 3, the debug
 * callback. CURLOPT_VERBOSE is turned on only once the callback is in place,
 * because libcurl's default debug output would print the token header. */
static CURLcode options_set_callbacks(CURL *curl, const struct fetch_request *request,
				      struct transfer *transfer, char *error_buffer)
{
	curl_off_t max_file_size = transfer->max_body > (unsigned long long)FETCH_OFF_T_MAX ?
				   FETCH_OFF_T_MAX : (curl_off_t)transfer->max_body;
	CURLcode result;

	result = curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, transfer_write);
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_WRITEDATA, transfer);
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, transfer_header);
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_HEADERDATA, transfer);
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, max_file_size);

	if (verbosity < 3)
		return result;
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, debug_log);
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_DEBUGDATA, request->token);
	if (result == CURLE_OK)
		result = curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
	return result;
}

/* Names the phase a timed-out request was in, from the milestones libcurl
 * reached: connected, request sent, first byte received. libcurl 7.88 sets
 * CONNECT_TIME only after the TLS handshake too, but LOCAL_PORT as soon as
 * the TCP connection is established, so either one means connected. */
static void timeout_describe(CURL *curl, const struct fetch_request *request,
			     const struct transfer *transfer, double elapsed, char *err, size_t errlen)
{
	bool https = strncasecmp(request->url, "https:", strlen("https:")) == 0;
	curl_off_t connected = 0;
	curl_off_t sent = 0;
	curl_off_t first_byte = 0;
	curl_off_t received = 0;
	long local_port = 0;
	const char *phase;

	if (curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connected) != CURLE_OK ||
	    curl_easy_getinfo(curl, CURLINFO_LOCAL_PORT, &local_port) != CURLE_OK ||
	    curl_easy_getinfo(curl, CURLINFO_PRETRANSFER_TIME_T, &sent) != CURLE_OK ||
	    curl_easy_getinfo(curl, CURLINFO_STARTTRANSFER_TIME_T, &first_byte) != CURLE_OK ||
	    curl_easy_getinfo(curl, CURLINFO_SIZE_DOWNLOAD_T, &received) != CURLE_OK) {
		message_set(err, errlen, _("the request timed out after %.1f s"), elapsed);
		return;
	}

	if (first_byte > 0 && !transfer->headers_complete) {
		message_set(err, errlen, _("the request timed out after %.1f s while receiving the response headers"),
			    elapsed);
		return;
	}
	if (first_byte > 0) {
		message_set(err, errlen,
			    ngettext("the request timed out after %.1f s while receiving the body (%lld byte received)",
				     "the request timed out after %.1f s while receiving the body (%lld bytes received)",
				     (unsigned long)received),
			    elapsed, (long long)received);
		return;
	}
	if (local_port > 0)
		connected = 1;
	if (sent > 0 || (connected > 0 && !https))
		phase = _("waiting for the first byte of the response");
	else if (connected > 0)
		phase = _("during the TLS handshake");
	else
		phase = _("while connecting");
	message_set(err, errlen, _("the request timed out after %.1f s %s"), elapsed, phase);
}

static bool is_tls_error(CURLcode code)
{
	switch (code) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CLIENTCERT:
		return true;
	default:
		return false;
	}
}

/* Maps a failed transfer to a status and a message. libcurl's messages name
 * the host and port but never the request headers, so no token gets in. */
static enum fetch_status failure_describe(CURL *curl, CURLcode code, const struct fetch_request *request,
					  const struct transfer *transfer, const char *error_buffer,
					  double elapsed, char *err, size_t errlen)
{
	const char *detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
	char cap[32];

	cap_format(transfer->max_body, cap, sizeof cap);

	if (code == CURLE_OPERATION_TIMEDOUT) {
		timeout_describe(curl, request, transfer, elapsed, err, errlen);
		return FETCH_TIMEOUT;
	}
	if (code == CURLE_WRITE_ERROR && transfer->too_large) {
		message_set(err, errlen, _("the response body exceeds the limit of %s; raise it with --max-body-size"),
			    cap);
		return FETCH_TOO_LARGE;
	}
	if (code == CURLE_FILESIZE_EXCEEDED && transfer->has_announced) {
		message_set(err, errlen, _("the response announces %llu bytes, more than the limit of %s; raise it with --max-body-size"),
			    transfer->announced, cap);
		return FETCH_TOO_LARGE;
	}
	if (code == CURLE_FILESIZE_EXCEEDED) {
		message_set(err, errlen, _("the response announces more than the limit of %s; raise it with --max-body-size"),
			    cap);
		return FETCH_TOO_LARGE;
	}
	if (code == CURLE_WRITE_ERROR && transfer->out_of_memory) {
		message_set(err, errlen, _("out of memory after %zu bytes of the response body"), transfer->length);
		return FETCH_ERROR;
	}
	if (code == CURLE_COULDNT_CONNECT) {
		message_set(err, errlen, _("connection failed: %s; check -H or -u, and that no firewall or proxy blocks the monitoring host"),
			    detail);
		return FETCH_CONNECT;
	}
	if (code == CURLE_COULDNT_RESOLVE_HOST) {
		message_set(err, errlen, _("%s; check the server nomenclature (-H) and DNS"), detail);
		return FETCH_RESOLVE;
	}
	if (code == CURLE_SSL_CACERT_BADFILE) {
		message_set(err, errlen, _("TLS failed: %s; check the file given with --cacert"), detail);
		return FETCH_TLS;
	}
	if (is_tls_error(code)) {
		message_set(err, errlen, _("TLS failed: %s; give the CA with --cacert FILE, or skip verification with --insecure"),
			    detail);
		return FETCH_TLS;
	}
	message_set(err, errlen, _("the request failed: %s"), detail);
	return FETCH_ERROR;
}

/* Moves the body into the response and copies the response metadata. */
static enum fetch_status response_fill(CURL *curl, struct transfer *transfer,
				       struct fetch_response *response, char *err, size_t errlen)
{
	char *content_type = NULL;
	char *location = NULL;
	curl_off_t total_us = 0;

	if (curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response->http_status) != CURLE_OK ||
	    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type) != CURLE_OK ||
	    curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location) != CURLE_OK ||
	    curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME_T, &total_us) != CURLE_OK) {
		message_set(err, errlen, _("failed to read the response details from libcurl"));
		return FETCH_ERROR;
	}

	if (!transfer_reserve(transfer, 1))
		goto out_of_memory;
	if (transfer->length == 0)
		transfer->body[0] = '\0';
	if (content_type != NULL && (response->content_type = strdup(content_type)) == NULL)
		goto out_of_memory;
	if (response->http_status >= 300 && response->http_status < 400 && location != NULL &&
	    (response->location = strdup(location)) == NULL)
		goto out_of_memory;

	response->body = transfer->body;
	response->length = transfer->length;
	response->seconds = (double)total_us / 1e6;
	transfer->body = NULL;
	return FETCH_OK;

out_of_memory:
	fetch_response_release(response);
	message_set(err, errlen, _("out of memory"));
	return FETCH_ERROR;
}

enum fetch_status fetch_get(const struct fetch_request *request,
			    struct fetch_response *response,
			    char *err, size_t errlen)
{
	char error_buffer[CURL_ERROR_SIZE] = "";
	struct transfer transfer = { 0 };
	struct curl_slist *headers = NULL;
	enum fetch_status status = FETCH_ERROR;
	CURL *curl = NULL;
	CURLcode result;
	double started;

	memset(response, 0, sizeof *response);
	message_set(err, errlen, "%s", "");
	if (!request_check(request, err, errlen))
		return FETCH_ERROR;
	transfer.max_body = request->max_body != 0 ? request->max_body : FETCH_DEFAULT_MAX_BODY;

	curl = curl_easy_init();
	if (curl == NULL || !headers_build(request, &headers)) {
		message_set(err, errlen, _("failed to prepare the request: out of memory"));
		goto out;
	}
	result = options_set_callbacks(curl, request, &transfer, error_buffer);
	if (result == CURLE_OK)
		result = options_set_transport(curl, request, headers);
	if (result == CURLE_OK)
		result = options_set_tls(curl, request);
	if (result != CURLE_OK) {
		message_set(err, errlen, _("libcurl rejected a request option: %s"), curl_easy_strerror(result));
		goto out;
	}

	verbose_log(2, "GET %s", request->url);
	started = monotonic_seconds();
	result = curl_easy_perform(curl);
	if (result == CURLE_OK)
		status = response_fill(curl, &transfer, response, err, errlen);
	else
		status = failure_describe(curl, result, request, &transfer, error_buffer,
					  monotonic_seconds() - started, err, errlen);

out:
	headers_free(headers);
	curl_easy_cleanup(curl);
	free(transfer.body);
	return status;
}

void fetch_response_release(struct fetch_response *response)
{
	if (response == NULL)
		return;
	free(response->body);
	free(response->content_type);
	free(response->location);
	memset(response, 0, sizeof *response);
}
