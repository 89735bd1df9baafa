#ifndef FAKE_API_H
#define FAKE_API_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

/*
 * A fake wolkvox Reports Manager API for the integration tests and the demo.
 * It serves agent_7 scenarios from JSON files, returns the API's documented
 * errors, and misbehaves on request (stalls, truncated bodies, gzip, chunked
 * transfer, huge bodies) on loopback addresses only.
 */

/* Path of the report on a wolkvox server, the tail of every API route. */
#define FAKE_REPORTS_PATH "/api/v2/reports_manager.php"

/* Requests one token may have in flight; the real API rejects the next one. */
#define FAKE_MAX_SIMULTANEOUS 2

struct fake_config {
	const char *port_file;
	const char *bind_address;  /* a 127.0.0.0/8 address or "::1" */
	const char *token_file;
	const char *scenario_dir;  /* NULL: scenario routes return 404 */
	const char *tls_cert;
	const char *tls_key;
	char *token;               /* from token_file; NULL accepts any token */
};

/* Per-request state, created when MHD reads the request line and freed when
 * the request completes. */
struct fake_request {
	char *uri;          /* raw request target, query string included */
	char *token;        /* counted token, NULL when the request has no slot */
	bool recorded;      /* counted as an API request in /_stats */
};

/* Set once shutdown begins, so that stalled responses end promptly. */
extern atomic_bool fake_stopping;

/* main.c */
void fake_log(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Reads a whole file of at most limit bytes into a newly allocated,
 * NUL-terminated buffer and stores its length when length is not NULL.
 * Returns NULL and logs why when the file cannot be read or is larger. */
char *fake_read_file(const char *path, size_t limit, size_t *length);

/* faults.c */

/*
 * Waits up to milliseconds while the client stays connected and the server
 * keeps running. Returns true when the whole time passed, false as soon as
 * the client closed its side or shutdown began.
 */
bool fake_wait(struct MHD_Connection *connection, unsigned milliseconds);

/* routes.c: the MHD callbacks. cls is the struct fake_config. */
void *routes_begin(void *cls, const char *uri, struct MHD_Connection *connection);
enum MHD_Result routes_handle(void *cls, struct MHD_Connection *connection,
			      const char *url, const char *method, const char *version,
			      const char *upload_data, size_t *upload_data_size,
			      void **request_context);
void routes_complete(void *cls, struct MHD_Connection *connection,
		     void **request_context, enum MHD_RequestTerminationCode code);
void routes_release(void);

/* responses.c: building and queueing responses. */
enum MHD_Result respond_buffer(struct MHD_Connection *connection, unsigned status,
			       const char *content_type, const char *body, size_t length);
enum MHD_Result respond_api_error(struct MHD_Connection *connection, unsigned status,
				  const char *error, const char *message);
enum MHD_Result respond_html(struct MHD_Connection *connection, unsigned status,
			     const char *html);
enum MHD_Result respond_not_found(struct MHD_Connection *connection);

/* Queues 200 with <scenario_dir>/<name>.json, or 404 when it is missing. */
enum MHD_Result respond_scenario(struct MHD_Connection *connection,
				 const struct fake_config *config, const char *name);

/*
 * Reads <scenario_dir>/<name>.json into a newly allocated buffer. Returns
 * NULL when the directory is not set or the file cannot be read, and logs
 * why. The caller frees the buffer.
 */
char *scenario_read(const struct fake_config *config, const char *name, size_t *length);

/* faults.c: responds to /fault/<fault>/... . query is the raw query string. */
enum MHD_Result faults_answer(struct MHD_Connection *connection,
			      const struct fake_config *config,
			      const char *fault, const char *query);

/* demo.c: --generate-demo. Returns the process exit status. */
int demo_generate(const char *dir, const char *now_text, const char *zone);

#endif
