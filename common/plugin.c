#include "plugin.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "deadline.h"
#include "i18n.h"
#include "options.h"
#include "output_json.h"

/* Seconds the backstop waits beyond -t, so that the request's own timeout
 * fires first and reports which phase timed out. */
#define DEADLINE_MARGIN 0.5

static bool output_json;

void plugin_set_json(bool json)
{
	output_json = json;
}

/* Writes the result as Nagios text or, with --format json, as one JSON
 * object. Returns false when out of memory or on a write error. */
static bool print_result(const struct result *result)
{
	char *json;
	bool written;

	if (!output_json)
		return result_print(result, stdout) && fflush(stdout) == 0;

	json = result_format_json(result);
	if (json == NULL)
		return false;
	written = fputs(json, stdout) >= 0 && fflush(stdout) == 0;
	free(json);
	return written;
}

/* Formats a one-line result with no long output or perfdata into line,
 * as text or JSON, for the lines the signal handlers print. */
static void compose_line(const char *service, enum plugin_state state, const char *summary,
			 char *line, size_t size)
{
	struct result result;
	char *json = NULL;

	snprintf(line, size, "%s %s - %s", service, state_name(state), summary);
	if (!output_json || !result_init(&result, service))
		return;

	result.state = state;
	if (result_set_summary(&result, "%s", summary))
		json = result_format_json(&result);
	if (json != NULL)
		snprintf(line, size, "%s", json);
	free(json);
	result_release(&result);
}

void plugin_protect_secrets(void)
{
	struct rlimit no_core = { 0, 0 };

	setrlimit(RLIMIT_CORE, &no_core);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

void plugin_init_locale(void)
{
	const char *catalogue_dir = getenv("WOLKVOX_LOCALEDIR");

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(PACKAGE, catalogue_dir != NULL && catalogue_dir[0] == '/' ? catalogue_dir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}

void plugin_print_version(void)
{
	printf("%s v%s (%s)\n", program_invocation_short_name, VERSION, PACKAGE);
}

/* Prints through the result formatter, so that a message carrying user or
 * API text is sanitized and cut like any other output. */
enum plugin_state plugin_config_error(const char *service, const char *message)
{
	struct result result;

	deadline_finish();

	if (!result_init(&result, service) || !result_set_summary(&result, "%s", message)) {
		printf("%s %s - %s\n", service, state_name(STATE_UNKNOWN), _("out of memory"));
		result_release(&result);
		return STATE_UNKNOWN;
	}
	result.state = STATE_UNKNOWN;
	print_result(&result);
	result_release(&result);
	return STATE_UNKNOWN;
}

enum plugin_state plugin_usage_error(const char *service, const char *message,
				     const char *synopsis)
{
	plugin_config_error(service, message);
	options_print_usage(synopsis);
	return STATE_UNKNOWN;
}

bool plugin_arm_deadline(const char *service, long timeout_seconds,
			 enum plugin_state timeout_state)
{
	char timeout_line[512];
	char signal_line[512];
	char summary[256];

	snprintf(summary, sizeof(summary), _("plugin timed out after %ld s"), timeout_seconds);
	compose_line(service, timeout_state, summary, timeout_line, sizeof(timeout_line));
	compose_line(service, STATE_UNKNOWN, _("stopped by a signal before the check finished"),
		     signal_line, sizeof(signal_line));
	return deadline_arm((double)timeout_seconds + DEADLINE_MARGIN, timeout_line, timeout_state,
			    signal_line);
}

enum plugin_state plugin_print_result(const struct result *result)
{
	deadline_finish();
	if (!print_result(result))
		return STATE_UNKNOWN;
	return result->state;
}

enum plugin_state plugin_print_discovery(const char *service, const struct roster *roster,
					 enum discovery_kind kind, const char *team)
{
	char *json;

	deadline_finish();
	json = discovery_format_json(roster, kind, team);
	if (json == NULL)
		return plugin_config_error(service, _("out of memory"));
	fputs(json, stdout);
	fflush(stdout);
	free(json);
	return STATE_OK;
}
