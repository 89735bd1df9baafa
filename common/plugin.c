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

/* Seconds the backstop waits beyond -t, so that the request's own timeout
 * fires first and reports which phase timed out. */
#define DEADLINE_MARGIN 0.5

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
	result_print(&result, stdout);
	fflush(stdout);
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

	snprintf(timeout_line, sizeof(timeout_line), _("%s %s - plugin timed out after %ld s"),
		 service, state_name(timeout_state), timeout_seconds);
	snprintf(signal_line, sizeof(signal_line),
		 _("%s %s - stopped by a signal before the check finished"), service,
		 state_name(STATE_UNKNOWN));
	return deadline_arm((double)timeout_seconds + DEADLINE_MARGIN, timeout_line, timeout_state,
			    signal_line);
}

enum plugin_state plugin_print_result(const struct result *result)
{
	deadline_finish();
	if (!result_print(result, stdout) || fflush(stdout) != 0)
		return STATE_UNKNOWN;
	return result->state;
}
