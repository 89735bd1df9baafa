#include "source.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deadline.h"
#include "i18n.h"
#include "keyed_hash.h"
#include "lock.h"
#include "timeutil.h"
#include "token.h"
#include "verbose.h"

/* Time kept back from the deadline so that a libcurl timeout or the lock
 * timeout, with their clearer messages, fire before the backstop. */
#define DEADLINE_MARGIN_SECONDS 0.5
#define MIN_REQUEST_MS 100L

/* Pause after a lock that another check held, before this check sends its
 * own request. A server may count the previous request as running for a
 * moment after its response arrived: the fake API of the tests does so
 * until its connection thread has finished, and the real API's books are
 * unknown. */
#define LOCK_SETTLE_NS 50000000L

/* The message whose keyed hash names a token's lock file. */
#define LOCK_NAME_MESSAGE "wolkvox-plugins request lock, format 1"

/* State of one source_get() call. */
struct source_run {
	const struct common_options *options;
	const struct source_kind *kind;
	struct source_info *info;
	long max_age;
	bool cache_usable;                 /* the directory passed its checks */
	bool use_cache;                    /* cache_usable and not --no-cache */
	char dir[PATH_MAX];
	unsigned char key[KEYED_HASH_SIZE];
	char cache_name[KEYED_HASH_HEX_SIZE + 8];
	char lock_path[PATH_MAX];
	struct lock lock;
	struct cache_entry stale;          /* an older cached response, for a failure */
};

__attribute__((format(printf, 2, 3)))
static void note_set(struct source_info *info, const char *format, ...)
{
	va_list args;

	if (info->cache_note[0] != '\0')
		return;
	va_start(args, format);
	vsnprintf(info->cache_note, sizeof(info->cache_note), format, args);
	va_end(args);
	verbose_log(1, _("cache: %s"), info->cache_note);
}

static double monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Computes the cache key, the keyed hash of the URL, and the lock's file
 * name from the token. A response fetched with --insecure gets a key of its
 * own, so that a check that verifies the certificate never reads it. */
static bool names_compute(struct source_run *run, const char *token, const char *url,
			  char lock_hash[KEYED_HASH_HEX_SIZE])
{
	char *message = NULL;
	bool computed;

	if (run->options->insecure) {
		if (asprintf(&message, "%s\n--insecure", url) < 0)
			return false;
		url = message;
	}
	computed = keyed_hash_compute(token, strlen(token), url, strlen(url), run->key) &&
		   keyed_hash_hex(token, LOCK_NAME_MESSAGE, lock_hash);
	free(message);
	return computed;
}

/* Computes the file names from the token and prepares the directory. */
static void run_setup(struct source_run *run, const char *token, const char *url)
{
	char lock_hash[KEYED_HASH_HEX_SIZE];
	char cache_hash[KEYED_HASH_HEX_SIZE];
	char reason[SOURCE_NOTE_MAX];
	const char *origin = "";

	if (!names_compute(run, token, url, lock_hash)) {
		note_set(run->info, _("cache and lock disabled: cannot compute the file names"));
		return;
	}
	keyed_hash_format(run->key, cache_hash);
	snprintf(run->cache_name, sizeof(run->cache_name), "%s.cache", cache_hash);

	if (!cache_dir_choose(run->options->cache_dir, CACHE_SYSTEM_DIR, run->dir, sizeof(run->dir),
			      &origin) ||
	    snprintf(run->lock_path, sizeof(run->lock_path), "%s/%s.lock", run->dir, lock_hash) >=
		    (int)sizeof(run->lock_path)) {
		note_set(run->info, _("cache and lock disabled: the cache directory path is too long"));
		return;
	}
	verbose_log(2, "cache directory %s (from %s), file %s", run->dir, origin, run->cache_name);

	if (cache_dir_prepare(run->dir, reason, sizeof(reason)) != CACHE_OK) {
		note_set(run->info, _("cache and lock disabled: %s"), reason);
		return;
	}
	run->cache_usable = true;
	run->use_cache = !run->options->no_cache;
}

static bool entry_decode(const struct source_run *run, const struct cache_entry *entry,
			 void *value)
{
	struct codec_reader reader;

	codec_reader_init(&reader, entry->payload, entry->length);
	if (run->kind->decode(&reader, value))
		return true;
	verbose_log(2, "cache: %s holds a response this version cannot decode; ignored",
		    run->cache_name);
	return false;
}

/* Reads the cache. Returns true, with value filled, for a response younger
 * than the maximum age; keeps an older one for a failure. */
static bool cache_lookup(struct source_run *run, void *value)
{
	struct cache_entry entry;
	char reason[SOURCE_NOTE_MAX];
	enum cache_status status;
	long age;

	status = cache_read(run->dir, run->cache_name, run->key, run->kind->cache_kind, &entry,
			    reason, sizeof(reason));
	if (status == CACHE_MISSING) {
		verbose_log(2, "cache: no cached response");
		return false;
	}
	if (status == CACHE_INVALID) {
		verbose_log(2, "cache: ignored %s", reason);
		return false;
	}
	if (status != CACHE_OK) {
		note_set(run->info, _("cache not used: %s"), reason);
		run->use_cache = false;
		return false;
	}

	age = (long)(time(NULL) - entry.fetched_at);
	if (age >= 0 && age < run->max_age && entry_decode(run, &entry, value)) {
		verbose_log(2, "cache: using the response fetched %ld s ago", age);
		run->info->from_cache = true;
		run->info->fetched_at = entry.fetched_at;
		cache_entry_release(&entry);
		return true;
	}

	verbose_log(2, "cache: the cached response is %ld s old, --cache-max-age is %ld s", age,
		    run->max_age);
	cache_entry_release(&run->stale);
	run->stale = entry;
	return false;
}

/* Takes the token's lock. Returns false, with the message in err, only when
 * another check held it until this one's deadline. */
static bool lock_take(struct source_run *run, char *err, size_t errlen)
{
	double timeout = deadline_remaining() - DEADLINE_MARGIN_SECONDS;
	char reason[SOURCE_NOTE_MAX];
	double waited = 0.0;

	switch (lock_acquire(&run->lock, run->lock_path, timeout > 0.0 ? timeout : 0.0, &waited,
			     reason, sizeof(reason))) {
	case LOCK_ACQUIRED:
		run->info->lock_wait_seconds = waited;
		if (waited >= 0.001) {
			struct timespec settle = { 0, LOCK_SETTLE_NS };

			verbose_log(2, "lock: waited %.3f s for another check of this token", waited);
			nanosleep(&settle, NULL);
		}
		return true;
	case LOCK_TIMEOUT:
		snprintf(err, errlen,
			 _("another check is still waiting for the API with this token (lock held for %.1f s) - the API answers slowly or the checks on this token run too often; raise -t or space the checks out"),
			 waited);
		return false;
	case LOCK_ERROR:
		note_set(run->info, _("request lock not used: %s"), reason);
		return true;
	}
	return true;
}

static long request_timeout_ms(void)
{
	double seconds = deadline_remaining() - DEADLINE_MARGIN_SECONDS;
	long milliseconds = (long)(seconds * 1000.0);

	return milliseconds > MIN_REQUEST_MS ? milliseconds : MIN_REQUEST_MS;
}

/* Appends to err what the operator can do about a failure whose message
 * from fetch.c or api_error.c names the problem but not the remedy. */
static void hint_append(char *err, size_t errlen, enum fetch_status fetched, long http_status)
{
	const char *hint = NULL;
	size_t used = strlen(err);

	/* TRANSLATORS: translate "TLS handshake" with the very words of your
	 * "during the TLS handshake": this code searches for them. */
	if (fetched == FETCH_TIMEOUT && (strstr(err, _("while connecting")) != NULL ||
					 strstr(err, _("TLS handshake")) != NULL))
		hint = _(" - check the network path, firewall and proxy to the server");
	else if (fetched == FETCH_TIMEOUT)
		hint = _(" - the API is slow; raise -t (the API may take 60 s) below the core's timeout, or use --stale-max-age");
	else if (fetched == FETCH_OK && strcasestr(err, "SIMULTANEOUS REQUESTS") != NULL)
		hint = _("; give other clients and monitoring hosts their own token");
	else if (fetched == FETCH_OK && strcasestr(err, "TOKEN LIMIT EXCEEDED") != NULL)
		hint = _("; check_wolkvox_quota shows the use; a larger --cache-max-age saves requests");
	else if (fetched == FETCH_OK && http_status == 401)
		hint = _(" by the time it arrived; the plugin sends it, so a proxy may drop the wolkvox-token header");

	if (hint != NULL && used < errlen)
		snprintf(err + used, errlen - used, "%s", hint);
}

/* Sends the request and parses the response into value. */
static enum source_status request_send(struct source_run *run, const char *token, const char *url,
				       void *value, char *err, size_t errlen)
{
	const struct common_options *options = run->options;
	struct fetch_response response;
	struct fetch_request request;
	enum source_status status;
	enum fetch_status fetched;
	double started;

	memset(&request, 0, sizeof(request));
	request.url = url;
	request.token = token;
	request.server = options->server;
	request.timeout_ms = request_timeout_ms();
	request.cacert = options->cacert;
	request.insecure = options->insecure;
	request.max_body = options->max_body;
	verbose_log(2, "request timeout %ld ms", request.timeout_ms);

	started = monotonic_seconds();
	fetched = fetch_get(&request, &response, err, errlen);
	run->info->api_seconds = monotonic_seconds() - started;
	if (fetched != FETCH_OK) {
		token_redact(err, token);
		hint_append(err, errlen, fetched, 0);
		return SOURCE_API_ERROR;
	}

	run->info->http_status = response.http_status;
	run->info->body_bytes = response.length;
	verbose_log(2, "HTTP %ld, %zu bytes in %.3f s", response.http_status, response.length,
		    response.seconds);

	status = run->kind->parse(&response, value, err, errlen);
	if (status == SOURCE_OK) {
		run->info->fetched_at = time(NULL);
		if (run->kind->redact != NULL)
			run->kind->redact(value, token);
	} else {
		token_redact(err, token);
		hint_append(err, errlen, FETCH_OK, response.http_status);
	}
	fetch_response_release(&response);
	return status;
}

static void cache_store(struct source_run *run, const void *value)
{
	struct codec_writer writer;
	char reason[SOURCE_NOTE_MAX];

	codec_writer_init(&writer);
	run->kind->encode(value, &writer);
	if (writer.failed)
		note_set(run->info, _("cache not written: out of memory"));
	else if (cache_write(run->dir, run->cache_name, run->key, run->kind->cache_kind,
			     run->info->fetched_at, writer.data, writer.length, reason,
			     sizeof(reason)) != CACHE_OK)
		note_set(run->info, _("cache not written: %s"), reason);
	else
		verbose_log(2, "cache: stored %zu bytes", writer.length);
	codec_writer_release(&writer);
}

/* Falls back on the older cached response after a failure. */
static bool stale_use(struct source_run *run, void *value, const char *failure)
{
	long limit = run->options->stale_max_age;
	long age;

	if (!run->use_cache || limit <= 0 || run->stale.payload == NULL)
		return false;
	age = (long)(time(NULL) - run->stale.fetched_at);
	if (age < 0 || age > limit) {
		verbose_log(2, "cache: the cached response is %ld s old, --stale-max-age is %ld s", age,
			    limit);
		return false;
	}
	if (!entry_decode(run, &run->stale, value))
		return false;

	verbose_log(1, _("the API failed; using the response fetched %ld s ago"), age);
	run->info->stale = true;
	run->info->from_cache = false;
	run->info->fetched_at = run->stale.fetched_at;
	snprintf(run->info->api_error, sizeof(run->info->api_error), "%s", failure);
	return true;
}

enum source_status source_get(const struct common_options *options, const char *token,
			      const char *url, const struct source_kind *kind, void *value,
			      struct source_info *info, char *err, size_t errlen)
{
	struct source_run run;
	enum source_status status = SOURCE_API_ERROR;

	memset(info, 0, sizeof(*info));
	memset(&run, 0, sizeof(run));
	run.options = options;
	run.kind = kind;
	run.info = info;
	run.max_age = options->cache_max_age >= 0 ? options->cache_max_age : kind->default_max_age;
	lock_init(&run.lock);

	run_setup(&run, token, url);
	if (run.use_cache && cache_lookup(&run, value)) {
		status = SOURCE_OK;
		goto out;
	}

	if (run.cache_usable && !lock_take(&run, err, errlen))
		goto failed;
	if (run.use_cache && cache_lookup(&run, value)) {
		status = SOURCE_OK;
		goto out;
	}

	status = request_send(&run, token, url, value, err, errlen);
	if (status == SOURCE_OK) {
		if (run.use_cache)
			cache_store(&run, value);
		if (kind->describe != NULL)
			kind->describe(value);
		goto out;
	}

failed:
	lock_release(&run.lock);
	if (stale_use(&run, value, err))
		status = SOURCE_OK;
out:
	lock_release(&run.lock);
	if (status == SOURCE_OK && info->from_cache && kind->describe != NULL)
		kind->describe(value);
	cache_entry_release(&run.stale);
	return status;
}

bool source_add_perfdata(struct result *result, const struct source_info *info)
{
	struct perfdata items[2];
	double age = 0.0;

	if (info->fetched_at != 0 && time(NULL) > info->fetched_at)
		age = (double)(time(NULL) - info->fetched_at);

	memset(items, 0, sizeof(items));
	snprintf(items[0].label, sizeof(items[0].label), "api_time");
	items[0].value = info->api_seconds;
	items[0].uom = "s";
	items[0].decimals = 3;
	items[0].has_min = true;

	snprintf(items[1].label, sizeof(items[1].label), "data_age");
	items[1].value = age;
	items[1].uom = "s";
	items[1].has_min = true;

	if (!result_add_perfdata(result, &items[0]))
		return false;
	return info->fetched_at == 0 || result_add_perfdata(result, &items[1]);
}

/* Writes "HH:MM" in the operation's zone, with the date when the data is
 * from another day. */
static void fetched_format(time_t fetched_at, char *buf, size_t bufsize)
{
	struct civil_time fetched, today;

	epoch_to_civil(fetched_at, &fetched);
	epoch_to_civil(time(NULL), &today);
	if (fetched.year == today.year && fetched.month == today.month && fetched.day == today.day)
		snprintf(buf, bufsize, "%02d:%02d", fetched.hour, fetched.minute);
	else
		civil_format(&fetched, false, buf, bufsize);
}

/* Adds line as the first long-output line. */
static bool line_prepend(struct result *result, const char *line)
{
	char *first;

	if (!result_add_line(result, "%s", line))
		return false;
	first = result->lines[result->line_count - 1];
	memmove(result->lines + 1, result->lines, (result->line_count - 1) * sizeof(*result->lines));
	result->lines[0] = first;
	return true;
}

static bool stale_describe(struct result *result, const struct source_info *info)
{
	char when[32];
	char line[SOURCE_NOTE_MAX + 64];

	fetched_format(info->fetched_at, when, sizeof(when));
	if (!result_set_summary(result, _("[data from %s] %s"), when,
				result->summary != NULL ? result->summary : ""))
		return false;

	snprintf(line, sizeof(line), _("data from %s, API error: %s"), when, info->api_error);
	return line_prepend(result, line);
}

bool source_add_notes(struct result *result, const struct source_info *info)
{
	if (info->stale && !stale_describe(result, info))
		return false;
	if (info->cache_note[0] != '\0' && !result_add_line(result, _("cache: %s"), info->cache_note))
		return false;
	return true;
}
