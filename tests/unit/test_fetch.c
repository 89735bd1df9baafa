/*
 * fetch_get() against a real HTTP server on 127.0.0.1: a small server on
 * plain POSIX sockets runs in a thread, serves one canned response per test
 * and records the request headers it received.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "fetch.h"
#include "verbose.h"

#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

#define TOKEN "SECRET-TOKEN-0123456789"
#define MIB (1024ULL * 1024)

/* gzip of {"code": 200, "data": []}, made with Python's gzip.compress(mtime=0). */
static const unsigned char gzip_report[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xab, 0x56, 0x4a, 0xce, 0x4f,
	0x49, 0x55, 0xb2, 0x52, 0x30, 0x32, 0x30, 0xd0, 0x51, 0x50, 0x4a, 0x49, 0x2c, 0x49, 0x04,
	0x72, 0xa2, 0x63, 0x6b, 0x01, 0x92, 0x76, 0x70, 0x2b, 0x19, 0x00, 0x00, 0x00,
};

/* gzip of 4096 bytes 'a': 40 bytes on the wire, 4096 once decoded. */
static const unsigned char gzip_4096_a[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xed, 0xc1, 0x01, 0x0d, 0x00,
	0x00, 0x00, 0xc2, 0xa0, 0xac, 0xef, 0x5f, 0xc2, 0x1e, 0x0e, 0x28, 0x00, 0x00, 0x00, 0xe0,
	0xdd, 0x00, 0x73, 0xdc, 0x99, 0x9c, 0x00, 0x10, 0x00, 0x00,
};

/* What the server does with its one connection. */
struct scenario {
	const void *reply;      /* sent after the request headers; may be NULL */
	size_t reply_length;
	size_t filler;          /* then this many 'x' bytes */
	bool stall;             /* then wait until the client closes */
	bool skip_request;      /* reply at once, without reading the request */
};

struct server {
	int listen_fd;
	int stop_pipe[2];
	unsigned short port;
	pthread_t thread;
	bool running;
	struct scenario scenario;
	char request[8192];
	size_t request_length;
};

static struct server server = { .listen_fd = -1, .stop_pipe = { -1, -1 } };
static struct fetch_response response;
static char err[1024];

/* Waits until fd is ready for events or the test requests a stop through
 * the stop pipe. Returns false on a stop request. */
static bool server_wait(int fd, short events)
{
	struct pollfd fds[2] = {
		{ .fd = fd, .events = events },
		{ .fd = server.stop_pipe[0], .events = POLLIN },
	};

	while (poll(fds, 2, -1) < 0) {
		if (errno != EINTR)
			return false;
	}
	return fds[1].revents == 0;
}

static bool server_send(int client, const char *data, size_t length)
{
	while (length > 0) {
		ssize_t sent;

		if (!server_wait(client, POLLOUT))
			return false;
		sent = send(client, data, length, MSG_NOSIGNAL);
		if (sent <= 0)
			return false;
		data += sent;
		length -= (size_t)sent;
	}
	return true;
}

/* Reads until the blank line that ends the request headers, end of file or
 * a full buffer. */
static void server_read_request(int client)
{
	while (server.request_length < sizeof server.request - 1) {
		ssize_t received;

		if (!server_wait(client, POLLIN))
			return;
		received = recv(client, server.request + server.request_length,
				sizeof server.request - 1 - server.request_length, 0);
		if (received <= 0)
			return;
		server.request_length += (size_t)received;
		server.request[server.request_length] = '\0';
		if (strstr(server.request, "\r\n\r\n") != NULL)
			return;
	}
}

static void server_send_filler(int client, size_t filler)
{
	char block[65536];

	memset(block, 'x', sizeof block);
	while (filler > 0) {
		size_t length = filler < sizeof block ? filler : sizeof block;

		if (!server_send(client, block, length))
			return;
		filler -= length;
	}
}

static void *server_run(void *unused)
{
	const struct scenario *scenario = &server.scenario;
	char drain[4096];
	int client;

	(void)unused;
	if (!server_wait(server.listen_fd, POLLIN))
		return NULL;
	client = accept(server.listen_fd, NULL, NULL);
	if (client < 0)
		return NULL;

	if (!scenario->skip_request)
		server_read_request(client);
	if (scenario->reply != NULL && !server_send(client, scenario->reply, scenario->reply_length))
		goto out;
	server_send_filler(client, scenario->filler);

	/* Stalling means reading, and dropping, until the client gives up. */
	while (scenario->stall && server_wait(client, POLLIN) &&
	       recv(client, drain, sizeof drain, 0) > 0)
		continue;

out:
	close(client);
	return NULL;
}

/* Opens a TCP socket bound to 127.0.0.1 on a port the kernel picks. */
static int loopback_socket(unsigned short *port)
{
	struct sockaddr_in address = { .sin_family = AF_INET };
	socklen_t length = sizeof address;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&address, sizeof address), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&address, &length), 0);
	*port = ntohs(address.sin_port);
	return fd;
}

static void server_start(const struct scenario *scenario)
{
	server.scenario = *scenario;
	server.request_length = 0;
	server.request[0] = '\0';
	server.listen_fd = loopback_socket(&server.port);
	ck_assert_int_eq(listen(server.listen_fd, 4), 0);
	ck_assert_int_eq(pipe2(server.stop_pipe, O_CLOEXEC), 0);
	ck_assert_int_eq(pthread_create(&server.thread, NULL, server_run, NULL), 0);
	server.running = true;
}

/* Stops the server thread and closes its sockets. Safe to call twice. Once
 * it returns, the recorded request can be read without a race. */
static void server_finish(void)
{
	if (server.running) {
		ck_assert_int_eq(write(server.stop_pipe[1], "x", 1), 1);
		ck_assert_int_eq(pthread_join(server.thread, NULL), 0);
		server.running = false;
	}
	if (server.listen_fd >= 0)
		close(server.listen_fd);
	if (server.stop_pipe[0] >= 0)
		close(server.stop_pipe[0]);
	if (server.stop_pipe[1] >= 0)
		close(server.stop_pipe[1]);
	server.listen_fd = -1;
	server.stop_pipe[0] = -1;
	server.stop_pipe[1] = -1;
}

static void serve_text(const char *reply)
{
	struct scenario scenario = { .reply = reply, .reply_length = strlen(reply) };

	server_start(&scenario);
}

static void url_build(char *url, size_t size, const char *scheme, unsigned short port)
{
	snprintf(url, size, "%s://127.0.0.1:%u/api/v2/reports_manager.php?api=agent_7", scheme, port);
}

static struct fetch_request request_default(const char *url)
{
	struct fetch_request request = {
		.url = url,
		.token = TOKEN,
		.server = "0010",
		.timeout_ms = 5000,
	};

	return request;
}

static double monotonic_now(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static void test_setup(void)
{
	memset(&response, 0, sizeof response);
	memset(err, 'x', sizeof err - 1);
	err[sizeof err - 1] = '\0';
	verbosity = 0;
}

static void test_teardown(void)
{
	server_finish();
	fetch_response_release(&response);
	verbosity = 0;
}

static void assert_response_empty(void)
{
	ck_assert_ptr_null(response.body);
	ck_assert_ptr_null(response.content_type);
	ck_assert_ptr_null(response.location);
	ck_assert_uint_eq(response.length, 0);
	ck_assert_int_eq(response.http_status, 0);
}

static void assert_no_token(const char *text)
{
	ck_assert_msg(strstr(text, TOKEN) == NULL, "the token appears in: %s", text);
}

START_TEST(test_fetch_body_and_headers)
{
	char url[256];
	struct fetch_request request;

	serve_text("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 25\r\n"
		   "Connection: close\r\n\r\n{\"code\": 200, \"data\": []}");
	url_build(url, sizeof url, "http", server.port);
	request = request_default(url);

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_OK);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(response.http_status, 200);
	ck_assert_str_eq(response.body, "{\"code\": 200, \"data\": []}");
	ck_assert_uint_eq(response.length, 25);
	ck_assert_str_eq(response.content_type, "application/json");
	ck_assert_ptr_null(response.location);
	ck_assert(response.seconds >= 0.0 && response.seconds < 5.0);

	server_finish();
	ck_assert_ptr_nonnull(strstr(server.request,
				     "GET /api/v2/reports_manager.php?api=agent_7 HTTP/1.1\r\n"));
	ck_assert_ptr_nonnull(strstr(server.request, "\r\nwolkvox-token: " TOKEN "\r\n"));
	ck_assert_ptr_nonnull(strstr(server.request, "\r\nwolkvox_server: 0010\r\n"));
	ck_assert_ptr_nonnull(strstr(server.request, "\r\nUser-Agent: check_wolkvox/" VERSION "\r\n"));
	ck_assert_ptr_nonnull(strstr(server.request, "\r\nAccept-Encoding: "));
	ck_assert_ptr_nonnull(strstr(server.request, "gzip"));
}
END_TEST

START_TEST(test_fetch_no_server_header)
{
	char url[256];
	struct fetch_request request;

	serve_text("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
	url_build(url, sizeof url, "http", server.port);
	request = request_default(url);
	request.server = NULL;

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_OK);
	ck_assert_str_eq(response.body, "{}");
	ck_assert_ptr_null(response.content_type);

	server_finish();
	ck_assert_ptr_nonnull(strstr(server.request, "\r\nwolkvox-token: " TOKEN "\r\n"));
	ck_assert_ptr_null(strstr(server.request, "wolkvox_server"));
}
END_TEST

START_TEST(test_fetch_gzip_decoded)
{
	const char *head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			   "Content-Encoding: gzip\r\nContent-Length: 43\r\n\r\n";
	char reply[256];
	char url[256];
	struct scenario scenario = { .reply = reply };
	struct fetch_request request;

	memcpy(reply, head, strlen(head));
	memcpy(reply + strlen(head), gzip_report, sizeof gzip_report);
	scenario.reply_length = strlen(head) + sizeof gzip_report;
	server_start(&scenario);
	url_build(url, sizeof url, "http", server.port);
	request = request_default(url);

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_OK);
	ck_assert_str_eq(response.body, "{\"code\": 200, \"data\": []}");
	ck_assert_uint_eq(response.length, 25);
}
END_TEST

START_TEST(test_fetch_redirect_not_followed)
{
	char url[256];
	char expected[256];
	struct fetch_request request;

	serve_text("HTTP/1.1 302 Found\r\nLocation: /final\r\nContent-Length: 0\r\n\r\n");
	url_build(url, sizeof url, "http", server.port);
	request = request_default(url);

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_OK);
	ck_assert_int_eq(response.http_status, 302);
	snprintf(expected, sizeof expected, "http://127.0.0.1:%u/final", server.port);
	ck_assert_str_eq(response.location, expected);
	ck_assert_ptr_nonnull(response.body);
	ck_assert_str_eq(response.body, "");
	ck_assert_uint_eq(response.length, 0);
}
END_TEST

/* An HTTP error status is still a response: report_parse() reads it. */
START_TEST(test_fetch_error_status_returned)
{
	char url[256];
	struct fetch_request request;

	serve_text("HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: 34\r\n\r\n"
		   "{\"msg\": \"PLEASE VALIDATE TOKEN\"}\r\n");
	url_build(url, sizeof url, "http", server.port);
	request = request_default(url);

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_OK);
	ck_assert_int_eq(response.http_status, 403);
	ck_assert_str_eq(response.body, "{\"msg\": \"PLEASE VALIDATE TOKEN\"}\r\n");
	ck_assert_ptr_null(response.location);
}
END_TEST

START_TEST(test_fetch_release_zeroed)
{
	struct fetch_response zeroed = { 0 };

	fetch_response_release(&zeroed);
	fetch_response_release(&zeroed);
	fetch_response_release(NULL);
	ck_assert_ptr_null(zeroed.body);
}
END_TEST

/* At verbosity 3 the headers are logged with the token replaced. */
START_TEST(test_fetch_verbose_redacts_token)
{
	char log_path[] = "/tmp/test_fetch_log_XXXXXX";
	char log[65536];
	char url[256];
	struct fetch_request request;
	int log_fd = mkstemp(log_path);
	int saved_stderr = dup(STDERR_FILENO);
	enum fetch_status status;
	ssize_t log_length;

	ck_assert_int_ge(log_fd, 0);
	ck_assert_int_ge(saved_stderr, 0);
	serve_text("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nWolkvox-Token: echoed\r\n\r\n{}");
	url_build(url, sizeof url, "http", server.port);
	request = request_default(url);

	fflush(stderr);
	ck_assert_int_ge(dup2(log_fd, STDERR_FILENO), 0);
	verbosity = 3;
	status = fetch_get(&request, &response, err, sizeof err);
	verbosity = 0;
	fflush(stderr);
	ck_assert_int_ge(dup2(saved_stderr, STDERR_FILENO), 0);
	close(saved_stderr);

	log_length = pread(log_fd, log, sizeof log - 1, 0);
	close(log_fd);
	unlink(log_path);
	ck_assert_int_gt(log_length, 0);
	log[log_length] = '\0';

	ck_assert_int_eq(status, FETCH_OK);
	ck_assert_ptr_nonnull(strstr(log, "GET http://127.0.0.1:"));
	ck_assert_ptr_nonnull(strstr(log, "> wolkvox-token: <redacted>\n"));
	ck_assert_ptr_nonnull(strstr(log, "< wolkvox-token: <redacted>\n"));
	ck_assert_ptr_nonnull(strstr(log, "> wolkvox_server: 0010\n"));
	ck_assert_ptr_nonnull(strstr(log, "< (2 bytes of body data)\n"));
	ck_assert_ptr_null(strstr(log, "echoed"));
	assert_no_token(log);
}
END_TEST

struct cap_case {
	unsigned long long max_body;
	size_t body_bytes;
	enum fetch_status status;
	const char *message;
};

/* Bodies without Content-Length, so only the write callback can stop them. */
static const struct cap_case caps[] = {
	{ 1000, 1000, FETCH_OK, "" },
	{ 1000, 1001, FETCH_TOO_LARGE,
	  "the response body exceeds the limit of 1000 bytes; raise it with --max-body-size" },
	{ 2048, 4096, FETCH_TOO_LARGE,
	  "the response body exceeds the limit of 2 KiB; raise it with --max-body-size" },
	{ MIB, 3 * MIB, FETCH_TOO_LARGE,
	  "the response body exceeds the limit of 1 MiB; raise it with --max-body-size" },
};

START_TEST(test_fetch_body_cap)
{
	const struct cap_case *test = &caps[_i];
	struct scenario scenario = {
		.reply = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n",
		.filler = test->body_bytes,
	};
	char url[256];
	struct fetch_request request;

	scenario.reply_length = strlen(scenario.reply);
	server_start(&scenario);
	url_build(url, sizeof url, "http", server.port);
	request = request_default(url);
	request.max_body = test->max_body;

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), test->status);
	ck_assert_str_eq(err, test->message);
	if (test->status == FETCH_OK) {
		ck_assert_uint_eq(response.length, test->body_bytes);
		ck_assert_uint_eq(strlen(response.body), test->body_bytes);
	} else {
		assert_response_empty();
	}
}
END_TEST

START_TEST(test_fetch_content_length_over_cap)
{
	struct scenario scenario = {
		.reply = "HTTP/1.1 200 OK\r\nContent-Length: 2097152\r\n\r\n",
		.stall = true,
	};
	char url[256];
	struct fetch_request request;

	scenario.reply_length = strlen(scenario.reply);
	server_start(&scenario);
	url_build(url, sizeof url, "http", server.port);
	request = request_default(url);
	request.max_body = MIB;

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_TOO_LARGE);
	ck_assert_str_eq(err, "the response announces 2097152 bytes, more than the limit of 1 MiB; "
			      "raise it with --max-body-size");
	assert_response_empty();
}
END_TEST

/* max_body 0 means FETCH_DEFAULT_MAX_BODY, 64 MiB. */
START_TEST(test_fetch_default_cap)
{
	char reply[128];
	char url[256];
	struct scenario scenario = { .reply = reply, .stall = true };
	struct fetch_request request;

	scenario.reply_length = (size_t)snprintf(reply, sizeof reply,
						 "HTTP/1.1 200 OK\r\nContent-Length: %llu\r\n\r\n",
						 FETCH_DEFAULT_MAX_BODY + 1);
	server_start(&scenario);
	url_build(url, sizeof url, "http", server.port);
	request = request_default(url);

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_TOO_LARGE);
	ck_assert_str_eq(err, "the response announces 67108865 bytes, more than the limit of 64 MiB; "
			      "raise it with --max-body-size");
}
END_TEST

/* The cap applies to the decoded body, not to the bytes on the wire. */
START_TEST(test_fetch_gzip_over_cap)
{
	const char *head = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 40\r\n\r\n";
	char reply[256];
	char url[256];
	struct scenario scenario = { .reply = reply };
	struct fetch_request request;

	memcpy(reply, head, strlen(head));
	memcpy(reply + strlen(head), gzip_4096_a, sizeof gzip_4096_a);
	scenario.reply_length = strlen(head) + sizeof gzip_4096_a;
	server_start(&scenario);
	url_build(url, sizeof url, "http", server.port);
	request = request_default(url);
	request.max_body = 1024;

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_TOO_LARGE);
	ck_assert_str_eq(err, "the response body exceeds the limit of 1 KiB; raise it with --max-body-size");
}
END_TEST

struct timeout_case {
	const char *scheme;
	const char *reply;
	bool skip_request;
	const char *phase;
};

static const struct timeout_case timeouts[] = {
	{ "http", NULL, false, " waiting for the first byte of the response" },
	{ "http", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
		  "0123456789012345678901234567890123456789012345678901234567890123456789"
		  "012345678901234567890123456789", false,
	  " while receiving the body (100 bytes received)" },
	{ "http", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", false,
	  " while receiving the body (0 bytes received)" },
	{ "http", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n", false,
	  " while receiving the response headers" },
	{ "https", NULL, false, " during the TLS handshake" },
};

START_TEST(test_fetch_timeout_phase)
{
	const struct timeout_case *test = &timeouts[_i];
	struct scenario scenario = {
		.reply = test->reply,
		.reply_length = test->reply != NULL ? strlen(test->reply) : 0,
		.stall = true,
		.skip_request = test->skip_request,
	};
	const char *prefix = "the request timed out after ";
	char url[256];
	struct fetch_request request;
	double started;
	double elapsed;

	server_start(&scenario);
	url_build(url, sizeof url, test->scheme, server.port);
	request = request_default(url);
	request.timeout_ms = 500;

	started = monotonic_now();
	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_TIMEOUT);
	elapsed = monotonic_now() - started;

	ck_assert_msg(strncmp(err, prefix, strlen(prefix)) == 0, "unexpected message: %s", err);
	ck_assert_msg(strstr(err, " s ") != NULL, "no seconds in: %s", err);
	ck_assert_str_eq(strstr(err, " s ") + 2, test->phase);
	ck_assert(elapsed >= 0.4);
	ck_assert(elapsed < 5.0);
	assert_response_empty();
	assert_no_token(err);
}
END_TEST

/*
 * A listening socket whose accept queue is full drops new SYNs on Linux, so
 * the connect itself stalls. The queue of listen(fd, 0) takes one
 * connection, and two extra ones make sure it is full.
 */
START_TEST(test_fetch_timeout_connecting)
{
	unsigned short port;
	int listener = loopback_socket(&port);
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fillers[3];
	char url[256];
	struct fetch_request request;

	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(listen(listener, 0), 0);
	for (int i = 0; i < COUNT(fillers); i++) {
		fillers[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		ck_assert_int_ge(fillers[i], 0);
		connect(fillers[i], (struct sockaddr *)&address, sizeof address);
	}
	usleep(100000);
	url_build(url, sizeof url, "http", port);
	request = request_default(url);
	request.timeout_ms = 500;

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(err, " s while connecting"));

	for (int i = 0; i < COUNT(fillers); i++)
		close(fillers[i]);
	close(listener);
}
END_TEST

/* A bound socket that does not listen refuses connections. */
START_TEST(test_fetch_connection_refused)
{
	unsigned short port;
	int closed = loopback_socket(&port);
	char url[256];
	char expected[128];
	struct fetch_request request;

	url_build(url, sizeof url, "http", port);
	request = request_default(url);

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_CONNECT);
	ck_assert_msg(strncmp(err, "connection failed: ", strlen("connection failed: ")) == 0, "%s", err);
	snprintf(expected, sizeof expected, "127.0.0.1 port %u", port);
	ck_assert_ptr_nonnull(strstr(err, expected));
	assert_response_empty();
	assert_no_token(err);
	close(closed);
}
END_TEST

/* An HTTP reply to a TLS ClientHello fails the handshake. */
START_TEST(test_fetch_tls_failure)
{
	struct scenario scenario = {
		.reply = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
		.skip_request = true,
		.stall = true,
	};
	const char *hint = "; give the CA with --cacert FILE, or skip verification with --insecure";
	char url[256];
	struct fetch_request request;

	scenario.reply_length = strlen(scenario.reply);
	server_start(&scenario);
	url_build(url, sizeof url, "https", server.port);
	request = request_default(url);

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_TLS);
	ck_assert_msg(strncmp(err, "TLS failed: ", strlen("TLS failed: ")) == 0, "%s", err);
	ck_assert_str_eq(err + strlen(err) - strlen(hint), hint);
	assert_response_empty();
	assert_no_token(err);
}
END_TEST

START_TEST(test_fetch_cacert_missing)
{
	struct scenario scenario = { .stall = true };
	const char *hint = "; check the file given with --cacert";
	char url[256];
	struct fetch_request request;

	server_start(&scenario);
	url_build(url, sizeof url, "https", server.port);
	request = request_default(url);
	request.cacert = "/nonexistent/wolkvox-ca.pem";

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_TLS);
	ck_assert_msg(strlen(err) > strlen(hint), "%s", err);
	ck_assert_str_eq(err + strlen(err) - strlen(hint), hint);
}
END_TEST

START_TEST(test_fetch_protocol_rejected)
{
	struct fetch_request request = request_default("ftp://127.0.0.1:1/report");

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_ERROR);
	ck_assert_msg(strncmp(err, "the request failed: ", strlen("the request failed: ")) == 0, "%s", err);
	assert_response_empty();
}
END_TEST

struct invalid_request_case {
	const char *url;
	const char *token;
	const char *server_name;
	long timeout_ms;
	const char *message;
};

static const struct invalid_request_case invalid_requests[] = {
	{ NULL, TOKEN, NULL, 1000, "no URL to request" },
	{ "", TOKEN, NULL, 1000, "no URL to request" },
	{ "http://127.0.0.1:1/", TOKEN, NULL, 0, "invalid request timeout of 0 ms" },
	{ "http://127.0.0.1:1/", TOKEN, NULL, -5, "invalid request timeout of -5 ms" },
	{ "http://127.0.0.1:1/", TOKEN "\r\nX-Injected: 1", NULL, 1000,
	  "the token contains a control character; check --token-file or WOLKVOX_TOKEN" },
	{ "http://127.0.0.1:1/", TOKEN, "0010\nX-Injected: 1", 1000,
	  "the server nomenclature contains a control character" },
};

/* Rejected before any connection: port 1 is never contacted. */
START_TEST(test_fetch_invalid_request)
{
	const struct invalid_request_case *test = &invalid_requests[_i];
	struct fetch_request request = {
		.url = test->url,
		.token = test->token,
		.server = test->server_name,
		.timeout_ms = test->timeout_ms,
	};

	ck_assert_int_eq(fetch_get(&request, &response, err, sizeof err), FETCH_ERROR);
	ck_assert_str_eq(err, test->message);
	assert_response_empty();
}
END_TEST

static Suite *fetch_suite(void)
{
	Suite *suite = suite_create("fetch");
	TCase *core = tcase_create("Core");
	TCase *limits = tcase_create("Limits");
	TCase *errors = tcase_create("Errors");

	tcase_add_checked_fixture(core, test_setup, test_teardown);
	tcase_add_test(core, test_fetch_body_and_headers);
	tcase_add_test(core, test_fetch_no_server_header);
	tcase_add_test(core, test_fetch_gzip_decoded);
	tcase_add_test(core, test_fetch_redirect_not_followed);
	tcase_add_test(core, test_fetch_error_status_returned);
	tcase_add_test(core, test_fetch_release_zeroed);
	tcase_add_test(core, test_fetch_verbose_redacts_token);
	tcase_set_timeout(core, 30);
	suite_add_tcase(suite, core);

	tcase_add_checked_fixture(limits, test_setup, test_teardown);
	tcase_add_loop_test(limits, test_fetch_body_cap, 0, COUNT(caps));
	tcase_add_test(limits, test_fetch_content_length_over_cap);
	tcase_add_test(limits, test_fetch_default_cap);
	tcase_add_test(limits, test_fetch_gzip_over_cap);
	tcase_set_timeout(limits, 30);
	suite_add_tcase(suite, limits);

	tcase_add_checked_fixture(errors, test_setup, test_teardown);
	tcase_add_loop_test(errors, test_fetch_timeout_phase, 0, COUNT(timeouts));
	tcase_add_test(errors, test_fetch_timeout_connecting);
	tcase_add_test(errors, test_fetch_connection_refused);
	tcase_add_test(errors, test_fetch_tls_failure);
	tcase_add_test(errors, test_fetch_cacert_missing);
	tcase_add_test(errors, test_fetch_protocol_rejected);
	tcase_add_loop_test(errors, test_fetch_invalid_request, 0, COUNT(invalid_requests));
	tcase_set_timeout(errors, 30);
	suite_add_tcase(suite, errors);

	return suite;
}

int main(void)
{
	static const char *const proxy_variables[] = {
		"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
	};
	char init_err[256];
	SRunner *runner;
	int failed;

	/* Every request of these tests goes to 127.0.0.1, never through a proxy. */
	for (int i = 0; i < COUNT(proxy_variables); i++)
		unsetenv(proxy_variables[i]);
	if (!fetch_global_init(init_err, sizeof init_err)) {
		fprintf(stderr, "%s\n", init_err);
		return EXIT_FAILURE;
	}

	runner = srunner_create(fetch_suite());
	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	fetch_global_cleanup();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
