#include "options.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extra_opts.h"
#include "fetch.h"
#include "i18n.h"
#include "strnum.h"
#include "timeutil.h"
#include "token.h"
#include "verbose.h"

enum {
	OPT_TOKEN_FILE = 0x100,
	OPT_TIMEZONE,
	OPT_NOW,
	OPT_API_ERROR_STATE,
	OPT_CACERT,
	OPT_INSECURE,
	OPT_MAX_BODY_SIZE,
	OPT_TOKEN,
	OPT_CACHE_DIR,
	OPT_CACHE_MAX_AGE,
	OPT_STALE_MAX_AGE,
	OPT_NO_CACHE,
	OPT_FORMAT,
	OPT_LANGUAGE
};

static const struct option common_table[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "timeout", required_argument, NULL, 't' },
	{ "warning", required_argument, NULL, 'w' },
	{ "critical", required_argument, NULL, 'c' },
	{ "server", required_argument, NULL, 'H' },
	{ "url", required_argument, NULL, 'u' },
	{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
	{ "timezone", required_argument, NULL, OPT_TIMEZONE },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "api-error-state", required_argument, NULL, OPT_API_ERROR_STATE },
	{ "cacert", required_argument, NULL, OPT_CACERT },
	{ "insecure", no_argument, NULL, OPT_INSECURE },
	{ "max-body-size", required_argument, NULL, OPT_MAX_BODY_SIZE },
	{ "token", required_argument, NULL, OPT_TOKEN },
	{ "cache-dir", required_argument, NULL, OPT_CACHE_DIR },
	{ "cache-max-age", required_argument, NULL, OPT_CACHE_MAX_AGE },
	{ "stale-max-age", required_argument, NULL, OPT_STALE_MAX_AGE },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "language", required_argument, NULL, OPT_LANGUAGE },
};

#define COMMON_COUNT (sizeof(common_table) / sizeof(common_table[0]))

/* The command line after --extra-opts, which the parsed options point into
 * until the process exits. */
static struct extra_opts_argv merged_arguments;
static bool cleanup_registered;
#define COMMON_SHORT "hVvt:w:c:H:u:"

static size_t table_length(const struct option *table)
{
	size_t count = 0;

	while (table != NULL && table[count].name != NULL)
		count++;
	return count;
}

static struct option *merge_tables(const struct option *plugin_options)
{
	size_t plugin_count = table_length(plugin_options);
	struct option *merged = calloc(COMMON_COUNT + plugin_count + 1, sizeof(*merged));

	if (merged == NULL)
		return NULL;
	memcpy(merged, common_table, sizeof(common_table));
	if (plugin_count > 0)
		memcpy(merged + COMMON_COUNT, plugin_options, plugin_count * sizeof(*merged));
	return merged;
}

static const char *option_name(const struct option *table, int opt)
{
	static char short_name[3];

	for (size_t i = 0; table[i].name != NULL; i++)
		if (table[i].val == opt)
			return table[i].name;
	short_name[0] = '-';
	short_name[1] = (char)opt;
	short_name[2] = '\0';
	return short_name;
}

static bool set_threshold(struct range *range, bool *has_range, const char *text,
			  const char *which, char *err, size_t errlen)
{
	char reason[160];

	if (!range_parse(text, range, reason, sizeof(reason))) {
		snprintf(err, errlen, _("invalid %s threshold: %s"), which, reason);
		return false;
	}
	*has_range = true;
	return true;
}

static bool set_defaults(struct common_options *options, const char *default_warning,
			 const char *default_critical, char *err, size_t errlen)
{
	memset(options, 0, sizeof(*options));
	options->zone = OPTIONS_DEFAULT_ZONE;
	options->timeout = OPTIONS_DEFAULT_TIMEOUT;
	options->max_body = FETCH_DEFAULT_MAX_BODY;
	options->api_error_state = STATE_UNKNOWN;
	options->cache_max_age = -1;

	if (default_warning != NULL &&
	    !set_threshold(&options->thresholds.warning, &options->thresholds.has_warning,
			   default_warning, "warning", err, errlen))
		return false;
	if (default_critical != NULL &&
	    !set_threshold(&options->thresholds.critical, &options->thresholds.has_critical,
			   default_critical, "critical", err, errlen))
		return false;
	return true;
}

static bool parse_age(const char *argument, const char *name, long *seconds, char *err,
		      size_t errlen)
{
	if (!strnum_parse_long(argument, 0, OPTIONS_MAX_AGE_LIMIT, seconds)) {
		snprintf(err, errlen, _("invalid %s '%s': give whole seconds from 0 to %d"), name,
			 argument, OPTIONS_MAX_AGE_LIMIT);
		return false;
	}
	return true;
}

/* Keeps the token of --token and wipes the argument, so that the process
 * list and the ini buffer stop holding it. The later of --token and
 * --token-file wins. */
static bool take_token(char *argument, struct common_options *options, char *err, size_t errlen)
{
	bool kept = token_set_argument(argument);

	explicit_bzero(argument, strlen(argument));
	if (!kept) {
		snprintf(err, errlen, _("out of memory"));
		return false;
	}
	options->token_file = NULL;
	return true;
}

/*
 * Makes gettext use language for the messages that follow, whatever the
 * monitoring core's locale. glibc ignores LANGUAGE while LC_MESSAGES is "C"
 * or "POSIX", so those switch to C.UTF-8, which keeps every other behaviour
 * of the C locale.
 */
static bool select_language(const char *language, char *err, size_t errlen)
{
	const char *current = setlocale(LC_MESSAGES, NULL);
	size_t length = strlen(language);

	if (length < 2 || length > 16 || strspn(language, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_") != length) {
		snprintf(err, errlen, _("invalid --language '%s': give a language code such as es or en"),
			 language);
		return false;
	}

	if (current == NULL || strcmp(current, "C") == 0 || strcmp(current, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	setenv("LANGUAGE", language, 1);
	return true;
}

/* Applies the last valid --language before any option is parsed, so that
 * --help and the errors about options before it come in that language too.
 * An invalid value is reported by the normal parse. */
static void language_apply_early(int argc, char **argv)
{
	const char *language = NULL;
	char ignored[160];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strncmp(argv[i], "--language=", 11) == 0)
			language = argv[i] + 11;
		else if (strcmp(argv[i], "--language") == 0 && i + 1 < argc)
			language = argv[++i];
	}
	if (language != NULL)
		select_language(language, ignored, sizeof(ignored));
}

/* Returns 1 when opt is a common option and was handled, 0 when it is not a
 * common option, and -1 with a message in err when its value is invalid. */
static int handle_common(int opt, char *argument, struct common_options *options,
			 char *err, size_t errlen)
{
	switch (opt) {
	case 'v':
		if (verbosity < 3)
			verbosity++;
		return 1;
	case 't':
		if (!strnum_parse_long(argument, 1, OPTIONS_MAX_TIMEOUT, &options->timeout)) {
			snprintf(err, errlen,
				 _("invalid timeout '%s': give whole seconds from 1 to %d"),
				 argument, OPTIONS_MAX_TIMEOUT);
			return -1;
		}
		return 1;
	case 'w':
		return set_threshold(&options->thresholds.warning, &options->thresholds.has_warning,
				     argument, "warning", err, errlen) ? 1 : -1;
	case 'c':
		return set_threshold(&options->thresholds.critical,
				     &options->thresholds.has_critical, argument, "critical", err,
				     errlen) ? 1 : -1;
	case 'H':
		options->server = argument;
		return 1;
	case 'u':
		options->url = argument;
		return 1;
	case OPT_TOKEN_FILE:
		options->token_file = argument;
		token_clear_argument();
		return 1;
	case OPT_TIMEZONE:
		options->zone = argument;
		return 1;
	case OPT_NOW:
		options->now_text = argument;
		return 1;
	case OPT_API_ERROR_STATE:
		if (!state_parse(argument, &options->api_error_state)) {
			snprintf(err, errlen,
				 _("invalid --api-error-state '%s': give ok, warning, critical or unknown"),
				 argument);
			return -1;
		}
		return 1;
	case OPT_CACERT:
		options->cacert = argument;
		return 1;
	case OPT_INSECURE:
		options->insecure = true;
		return 1;
	case OPT_MAX_BODY_SIZE:
		if (!strnum_parse_size(argument, &options->max_body) || options->max_body < 1024) {
			snprintf(err, errlen,
				 _("invalid --max-body-size '%s': give bytes with an optional k, M or G suffix, at least 1k"),
				 argument);
			return -1;
		}
		return 1;
	case OPT_TOKEN:
		return take_token(argument, options, err, errlen) ? 1 : -1;
	case OPT_CACHE_DIR:
		options->cache_dir = argument;
		return 1;
	case OPT_CACHE_MAX_AGE:
		return parse_age(argument, "--cache-max-age", &options->cache_max_age, err, errlen) ? 1 : -1;
	case OPT_STALE_MAX_AGE:
		return parse_age(argument, "--stale-max-age", &options->stale_max_age, err, errlen) ? 1 : -1;
	case OPT_NO_CACHE:
		options->no_cache = true;
		return 1;
	case OPT_FORMAT:
		if (strcmp(argument, "json") != 0 && strcmp(argument, "text") != 0) {
			snprintf(err, errlen, _("invalid --format '%s': give text or json"), argument);
			return -1;
		}
		options->json = strcmp(argument, "json") == 0;
		return 1;
	case OPT_LANGUAGE:
		return select_language(argument, err, errlen) ? 1 : -1;
	default:
		return 0;
	}
}

/* Frees the merged command line and any --token never taken, at exit. */
static void arguments_release(void)
{
	extra_opts_argv_release(&merged_arguments);
	token_clear_argument();
}

static bool arguments_merge(int *argc, char ***argv, char *err, size_t errlen)
{
	extra_opts_argv_release(&merged_arguments);
	if (!cleanup_registered) {
		atexit(arguments_release);
		cleanup_registered = true;
	}
	if (!extra_opts_apply(*argc, *argv, program_invocation_short_name, &merged_arguments, err,
			      errlen))
		return false;
	*argc = merged_arguments.argc;
	*argv = merged_arguments.argv;
	return true;
}

enum options_status options_parse(int argc, char **argv, struct common_options *options,
				  const char *default_warning, const char *default_critical,
				  const struct option *plugin_options, options_handler handler,
				  void *context, char *err, size_t errlen)
{
	enum options_status status = OPTIONS_OK;
	struct option *table = NULL;
	int opt;

	if (!set_defaults(options, default_warning, default_critical, err, errlen))
		return OPTIONS_ERROR;
	if (!arguments_merge(&argc, &argv, err, errlen))
		return OPTIONS_ERROR;
	language_apply_early(argc, argv);

	table = merge_tables(plugin_options);
	if (table == NULL) {
		snprintf(err, errlen, _("out of memory"));
		return OPTIONS_ERROR;
	}

	opterr = 0;
	optind = 1;
	while (status == OPTIONS_OK && (opt = getopt_long(argc, argv, ":" COMMON_SHORT, table, NULL)) != -1) {
		int handled;

		if (opt == 'h') {
			status = OPTIONS_HELP;
			break;
		}
		if (opt == 'V') {
			status = OPTIONS_VERSION;
			break;
		}
		if (opt == '?') {
			/* Only the name: a mistyped --token=VALUE must not print the value. */
			snprintf(err, errlen, _("unknown option '%.*s'"),
				 (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
			status = OPTIONS_ERROR;
			break;
		}
		if (opt == ':') {
			snprintf(err, errlen, _("option '%s' requires a value"), argv[optind - 1]);
			status = OPTIONS_ERROR;
			break;
		}

		handled = handle_common(opt, optarg, options, err, errlen);
		if (handled < 0) {
			status = OPTIONS_ERROR;
		} else if (handled == 0) {
			if (handler == NULL || !handler(opt, optarg, context, err, errlen)) {
				if (handler == NULL)
					snprintf(err, errlen, _("unhandled option '%s'"),
						 option_name(table, opt));
				status = OPTIONS_ERROR;
			}
		}
	}

	if (status == OPTIONS_OK && optind < argc) {
		snprintf(err, errlen, _("unexpected argument '%s'"), argv[optind]);
		status = OPTIONS_ERROR;
	}

	free(table);
	return status;
}

bool options_finish(const struct common_options *options, time_t *now, char *err, size_t errlen)
{
	struct civil_time civil;

	if (options->url == NULL && options->server == NULL) {
		snprintf(err, errlen,
			 _("no API endpoint: give -H SERVER (the operation's server, such as 0010) or -u URL"));
		return false;
	}
	if (options->url != NULL && options->server != NULL) {
		snprintf(err, errlen, _("give either -H SERVER or -u URL, not both"));
		return false;
	}

	if (!timeutil_set_zone(options->zone, err, errlen))
		return false;

	if (options->now_text == NULL) {
		*now = time(NULL);
		return true;
	}
	if (!civil_parse_datetime(options->now_text, &civil) || !civil_to_epoch(&civil, now)) {
		snprintf(err, errlen, _("invalid --now '%s': give 'YYYY-MM-DD HH:MM:SS'"),
			 options->now_text);
		return false;
	}
	return true;
}

void options_print_synopsis(const char *synopsis)
{
	printf(_("Usage: %s %s\n"), program_invocation_short_name, synopsis);
}

void options_print_usage(const char *synopsis)
{
	options_print_synopsis(synopsis);
	printf(_("Try '%s --help' for more information.\n"), program_invocation_short_name);
}

void options_print_common_help(void)
{
	fputs(_("API options:\n"
		"  -H, --server SERVER      the operation's server nomenclature, such as 0010;\n"
		"                           requests go to https://wvSERVER.wolkvox.com\n"
		"  -u, --url URL            the API endpoint given whole instead of -H, for a\n"
		"                           proxy or a test server (http:// or https://)\n"
		"      --token-file FILE    read the API token from the first line of FILE;\n"
		"                           without it the token comes from $WOLKVOX_TOKEN\n"
		"      --token TOKEN        the API token itself; other users can read it in the\n"
		"                           process list while the plugin starts, so prefer a\n"
		"                           token file, $WOLKVOX_TOKEN or an ini file read\n"
		"                           with --extra-opts\n"
		"      --cacert FILE        verify the server's certificate against FILE\n"
		"      --insecure           do not verify the server's certificate\n"
		"      --max-body-size SIZE largest response accepted, bytes or with a k, M or G\n"
		"                           suffix (default 64M)\n"
		"  -t, --timeout SECONDS    bound on the whole run (default 10)\n"
		"      --api-error-state STATE\n"
		"                           state when the API fails or times out: ok, warning,\n"
		"                           critical or unknown (default unknown)\n"
		"\n"
		"Cache options (one request per token at a time, shared by all checks):\n"
		"      --cache-dir DIR      cache and lock directory (default $WOLKVOX_CACHE_DIR,\n"
		"                           else /var/cache/wolkvox-plugins when it belongs to\n"
		"                           this user, else $XDG_RUNTIME_DIR/wolkvox-plugins,\n"
		"                           else /var/tmp/wolkvox-plugins-UID)\n"
		"      --cache-max-age SECONDS\n"
		"                           use a cached response younger than this (default\n"
		"                           300, 60 for check_wolkvox_quota); 0 always requests\n"
		"      --stale-max-age SECONDS\n"
		"                           when the API fails, evaluate a cached response up to\n"
		"                           this old and say so in the output (default 0: never)\n"
		"      --no-cache           neither read nor write the cache; the request still\n"
		"                           waits for the token's lock\n"
		"      --extra-opts [SECTION][@FILE]\n"
		"                           read options such as token=... from SECTION (default\n"
		"                           the plugin's name) of an ini FILE (default\n"
		"                           $MP_CONFIG_FILE or the monitoring-plugins places)\n"
		"\n"
		"Time options:\n"
		"      --timezone ZONE      the operation's time zone (default America/Bogota);\n"
		"                           the monitoring host's own zone is never used\n"
		"      --now 'YYYY-MM-DD HH:MM:SS'\n"
		"                           evaluate as of this wall-clock time in ZONE\n"
		"\n"
		"General options:\n"
		"      --format FORMAT      text (default), or json: one JSON object with the\n"
		"                           state, the texts and every metric, for Zabbix\n"
		"      --language CODE      language of the messages, such as es or en\n"
		"                           (default: from LANG, LC_ALL or LC_MESSAGES)\n"
		"  -v, --verbose            more detail on stderr; repeat up to 3 times\n"
		"  -h, --help               print this help and exit\n"
		"  -V, --version            print the version and exit\n"),
	      stdout);
}
