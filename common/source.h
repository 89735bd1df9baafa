#ifndef WOLKVOX_SOURCE_H
#define WOLKVOX_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cache.h"
#include "codec.h"
#include "fetch.h"
#include "options.h"
#include "output.h"

/*
 * Gets one API response for a plugin, sharing it with every other check of
 * the host through the cache, and sending at most one request per token at
 * a time:
 *
 *   1. a cached response for the same URL and token younger than
 *      --cache-max-age is used as it is, without a request;
 *   2. otherwise the check takes the token's lock, waiting while another
 *      check holds it, at most until its own deadline, and reads the cache
 *      again, because the holder has probably just stored a fresh response;
 *   3. otherwise it sends the request, parses the response and stores it;
 *   4. when the request or the response fails, a cached response up to
 *      --stale-max-age old is used instead, and the output states it.
 *
 * --no-cache skips steps 1, 2 (the second read) and 4, and stores nothing;
 * the lock is still taken. When the cache directory cannot be used, the
 * check runs without cache and lock and source_add_notes() says why.
 */

enum source_status {
	SOURCE_OK,            /* the value is filled */
	SOURCE_CONFIG_ERROR,  /* the options cannot make a request (bad URL) */
	SOURCE_API_ERROR      /* the request or the response failed */
};

#define SOURCE_NOTE_MAX 512

/* Origin and timing of the data, for perfdata, notes and verbose output. */
struct source_info {
	double api_seconds;          /* time spent on the request; 0 when none was sent */
	long http_status;            /* 0 when no response arrived */
	size_t body_bytes;
	bool from_cache;             /* a fresh cached response; no request */
	bool stale;                  /* the request failed; older cached data is used */
	time_t fetched_at;           /* when the data was fetched from the API */
	double lock_wait_seconds;    /* time spent waiting for another check */
	char api_error[SOURCE_NOTE_MAX];   /* with stale: why the request failed */
	char cache_note[SOURCE_NOTE_MAX];  /* why the cache was not used or written, or "" */
};

/* The parse, cache and release functions of one kind of response. value
 * points to the caller's struct of that kind. */
struct source_kind {
	enum cache_kind cache_kind;
	long default_max_age;        /* seconds, when --cache-max-age is not given */

	/* Parses a response into value. Returns SOURCE_OK, or SOURCE_API_ERROR
	 * with a message in err and value left empty. */
	enum source_status (*parse)(const struct fetch_response *response, void *value,
				    char *err, size_t errlen);
	void (*encode)(const void *value, struct codec_writer *writer);
	/* Decodes what encode wrote; false (value empty) when the bytes are bad. */
	bool (*decode)(struct codec_reader *reader, void *value);
	void (*release)(void *value);
	/* Logs a summary of value at verbosity 2; may be NULL. */
	void (*describe)(const void *value);
	/* Masks the token in every text of a freshly parsed value, before it
	 * is cached or shown (see token_redact()); may be NULL. */
	void (*redact)(void *value, const char *token);
};

/*
 * Gets the response of url as described above. token is borrowed and is
 * never written anywhere: file names are keyed hashes made with it. On
 * SOURCE_OK the caller frees value with kind->release(); otherwise value is
 * empty and err holds a message that never contains the token. *info is
 * filled either way.
 */
enum source_status source_get(const struct common_options *options, const char *token,
			      const char *url, const struct source_kind *kind, void *value,
			      struct source_info *info, char *err, size_t errlen);

/* Appends the perfdata every plugin reports: api_time (seconds on the
 * request, 3 decimals, 0 on a cache hit) and data_age (seconds since the
 * data was fetched, left out when there is no data). Returns false when out
 * of memory. */
bool source_add_perfdata(struct result *result, const struct source_info *info);

/*
 * Adds what the reader must know about the data. With stale data, the
 * summary gets the prefix "[data from HH:MM] " and the first long-output
 * line becomes "data from HH:MM, API error: ...". A cache problem adds a
 * line "cache: ...". Call it once the plugin has set its summary and lines.
 * Returns false when out of memory.
 */
bool source_add_notes(struct result *result, const struct source_info *info);

#endif
