#ifndef WOLKVOX_OPTIONS_H
#define WOLKVOX_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "range.h"
#include "state.h"

/*
 * The options every plugin takes, parsed with getopt_long together with the
 * plugin's own. Values are validated here; a bad value ends parsing with a
 * message that names the option and the value.
 */

#define OPTIONS_DEFAULT_TIMEOUT 10
#define OPTIONS_MAX_TIMEOUT 3600
#define OPTIONS_DEFAULT_ZONE "America/Bogota"

/* Ages of cached responses, in seconds. A check uses a cached response
 * younger than --cache-max-age (the plugin's default when not given), and
 * when the API fails one up to --stale-max-age old (0: never). */
#define OPTIONS_DEFAULT_CACHE_MAX_AGE 300
#define OPTIONS_MAX_AGE_LIMIT 604800

struct common_options {
	const char *url;                 /* -u: the endpoint given whole */
	const char *server;              /* -H: server nomenclature, "0010" */
	const char *token_file;
	const char *zone;
	const char *now_text;            /* --now, NULL for the current time */
	const char *cacert;
	bool insecure;
	long timeout;                    /* seconds */
	unsigned long long max_body;     /* bytes */
	enum plugin_state api_error_state;
	struct thresholds thresholds;    /* -w and -c, with the plugin's defaults */
	const char *cache_dir;           /* --cache-dir, NULL for the default place */
	long cache_max_age;              /* seconds; -1 when not given */
	long stale_max_age;              /* seconds; 0 never uses stale data */
	bool no_cache;                   /* --no-cache: neither read nor write the cache */
	bool json;                       /* --format json: one JSON object, not Nagios text */
};

enum options_status {
	OPTIONS_OK,
	OPTIONS_HELP,                    /* -h: print the help, exit UNKNOWN */
	OPTIONS_VERSION,                 /* -V: print the version, exit UNKNOWN */
	OPTIONS_ERROR                    /* err names the bad option or value */
};

/* A plugin's own option handler. Returns false with a message in err when
 * the value is invalid. opt is the getopt_long value of the option. */
typedef bool (*options_handler)(int opt, const char *argument, void *context,
				char *err, size_t errlen);

/* Plugin options must use values from OPTIONS_PLUGIN_FIRST upwards. */
#define OPTIONS_PLUGIN_FIRST 0x200

/*
 * Sets defaults into *options (the thresholds from default_warning and
 * default_critical, either may be NULL), then parses argv. plugin_options is
 * the plugin's own table, terminated by a zeroed entry; its options are
 * passed to handler with context. Sets the global verbosity from -v.
 * Positional arguments are rejected.
 *
 * Every --extra-opts in argv is applied first (see extra_opts.h): the
 * options it reads come before the rest of the command line. The strings
 * that options point to then live until the process exits. The value of
 * --token goes to token_set_argument() and is wiped where it was read, in
 * argv as in the ini buffer, so the process list stops showing it.
 */
enum options_status options_parse(int argc, char **argv, struct common_options *options,
				  const char *default_warning, const char *default_critical,
				  const struct option *plugin_options, options_handler handler,
				  void *context, char *err, size_t errlen);

/*
 * Checks what needs the whole command line (an endpoint given by -u or -H,
 * not both), sets the operation's time zone, and resolves --now or the
 * current time into *now. Returns false with a message in err.
 */
bool options_finish(const struct common_options *options, time_t *now, char *err, size_t errlen);

/* Prints the help text of the common options. */
void options_print_common_help(void);

/* Prints "Usage: PROGRAM ..." with the plugin's own synopsis. */
void options_print_usage(const char *synopsis);

/* Prints "Usage: PROGRAM ..." alone, for the help text itself. */
void options_print_synopsis(const char *synopsis);

#endif
