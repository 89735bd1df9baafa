#ifndef WOLKVOX_FETCH_H
#define WOLKVOX_FETCH_H

#include <stdbool.h>
#include <stddef.h>

/*
 * HTTPS transport over libcurl: one GET with the wolkvox token header.
 * Knows nothing of JSON or Nagios. Never prints: diagnostics go through
 * verbose_log(), with the token redacted.
 */

/* Default cap on the response body, in bytes. The API allows 60,000 records
 * per response (about 12 MB of JSON), so 64 MiB leaves room without letting a
 * broken server exhaust the monitoring host's memory. */
#define FETCH_DEFAULT_MAX_BODY (64ULL * 1024 * 1024)

struct fetch_request {
	const char *url;
	const char *token;      /* sent as "wolkvox-token"; never logged */
	const char *server;     /* sent as "wolkvox_server" when not NULL */
	long timeout_ms;        /* connect plus transfer, whole request */
	const char *cacert;     /* CA bundle file, or NULL for the system store */
	bool insecure;          /* skip TLS peer and host verification */
	unsigned long long max_body;  /* bytes; 0 means FETCH_DEFAULT_MAX_BODY */
};

struct fetch_response {
	long http_status;       /* 0 when no response arrived */
	char *body;             /* NUL-terminated, length bytes before the NUL */
	size_t length;
	char *content_type;     /* NULL when the server sent none */
	char *location;         /* Location header of a redirect, else NULL */
	double seconds;         /* total time of the transfer */
};

enum fetch_status {
	FETCH_OK,               /* a response arrived, whatever its HTTP status */
	FETCH_TIMEOUT,          /* the request did not finish within timeout_ms */
	FETCH_CONNECT,          /* connection refused, host unreachable */
	FETCH_RESOLVE,          /* the host name did not resolve */
	FETCH_TLS,              /* TLS handshake or certificate verification failed */
	FETCH_TOO_LARGE,        /* the body exceeded max_body */
	FETCH_ERROR             /* any other failure, named in err */
};

/* Initializes libcurl once per process. Returns false and writes err when it
 * fails. Call before any thread starts. */
bool fetch_global_init(char *err, size_t errlen);
void fetch_global_cleanup(void);

/*
 * Performs the GET. Redirects are not followed (a 3xx arrives as FETCH_OK
 * with its status and location). gzip and deflate bodies are decoded.
 * On FETCH_OK the caller owns *response and frees it with
 * fetch_response_release(). On any other status *response holds no memory and
 * err (errlen bytes, NUL-terminated) says what failed, which phase timed out
 * and after how long, without the token.
 */
enum fetch_status fetch_get(const struct fetch_request *request,
			    struct fetch_response *response,
			    char *err, size_t errlen);

/* Frees what the response owns and zeroes it. Safe on a zeroed response. */
void fetch_response_release(struct fetch_response *response);

#endif
