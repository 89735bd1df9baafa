/*
 * check_wolkvox_shift: pages when agents scheduled in the roster have not
 * logged in to wolkvox a few minutes after their shift started.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "i18n.h"
#include "options.h"
#include "output.h"
#include "plugin.h"
#include "report_source.h"
#include "roster.h"
#include "strnum.h"
#include "timeutil.h"
#include "token.h"
#include "verbose.h"

#define SERVICE "WOLKVOX SHIFT"
#define SYNOPSIS "--roster FILE (-H SERVER or -u URL)\n" \
	"       [--token-file FILE] [--grace MINUTES] [--team NAME] [-w RANGE]\n" \
	"       [-c RANGE] [-t SECONDS]\n" \
	"       [--timezone ZONE] [--format json] [--discovery KIND] [-v]"

/* Warning from the first absent agent, critical from the third. */
#define DEFAULT_WARNING "0"
#define DEFAULT_CRITICAL "2"
#define DEFAULT_GRACE_MINUTES 5
#define MAX_GRACE_MINUTES 720
#define NAMES_IN_SUMMARY 5

enum {
	OPT_ROSTER = OPTIONS_PLUGIN_FIRST,
	OPT_GRACE,
	OPT_TEAM,
	OPT_DISCOVERY
};

static const struct option shift_table[] = {
	{ "roster", required_argument, NULL, OPT_ROSTER },
	{ "grace", required_argument, NULL, OPT_GRACE },
	{ "team", required_argument, NULL, OPT_TEAM },
	{ "discovery", required_argument, NULL, OPT_DISCOVERY },
	{ NULL, 0, NULL, 0 }
};

struct shift_options {
	const char *roster_path;
	long grace_minutes;
	const char *team;
	bool discovery;
	enum discovery_kind discovery_kind;
};

static bool handle_option(int opt, const char *argument, void *context, char *err, size_t errlen)
{
	struct shift_options *shift = context;

	switch (opt) {
	case OPT_ROSTER:
		shift->roster_path = argument;
		return true;
	case OPT_GRACE:
		if (!strnum_parse_long(argument, 0, MAX_GRACE_MINUTES, &shift->grace_minutes)) {
			snprintf(err, errlen, _("invalid --grace '%s': give whole minutes from 0 to %d"),
				 argument, MAX_GRACE_MINUTES);
			return false;
		}
		return true;
	case OPT_TEAM:
		shift->team = argument;
		return true;
	case OPT_DISCOVERY:
		if (strcmp(argument, "agents") != 0 && strcmp(argument, "teams") != 0) {
			snprintf(err, errlen, _("invalid --discovery '%s': give agents or teams"),
				 argument);
			return false;
		}
		shift->discovery = true;
		shift->discovery_kind = strcmp(argument, "agents") == 0 ? DISCOVERY_AGENTS
									 : DISCOVERY_TEAMS;
		return true;
	default:
		snprintf(err, errlen, _("unknown option"));
		return false;
	}
}

static void print_help(void)
{
	plugin_print_version();
	fputs(_("Pages when agents scheduled in the roster have not logged in to wolkvox by\n"
		"their shift start plus a grace period, using the agent_7 report (Login -\n"
		"Logout Time) of the wolkvox Reports Manager API.\n\n"),
	      stdout);
	options_print_synopsis(SYNOPSIS);
	fputs(_("\nCheck options:\n"
		"      --roster FILE        the roster CSV: who works which shift (format: the\n"
		"                           README, section \"The roster\")\n"
		"      --grace MINUTES      minutes after a shift starts before a missing agent\n"
		"                           counts as absent (default 5)\n"
		"      --team NAME          check only the roster rows of this team\n"
		"      --discovery KIND     print Zabbix low-level discovery JSON of the\n"
		"                           roster's agents or teams (KIND: agents or teams)\n"
		"                           and make no request\n"
		"  -w, --warning RANGE      range on the number of absent agents (default 0:\n"
		"                           WARNING from the first absent agent)\n"
		"  -c, --critical RANGE     range on the number of absent agents (default 2:\n"
		"                           CRITICAL from the third absent agent)\n\n"),
	      stdout);
	options_print_common_help();
	fputs(_("\nA shift is due when start + grace <= now < end. A due agent is absent when\n"
		"no session of theirs overlaps the shift up to now, late when the first such\n"
		"session began after start + grace. Perfdata: scheduled, present, late,\n"
		"absent.\n\n"
		"Example, the morning shift of a Bogota operation on server 0010:\n"
		"  check_wolkvox_shift -H 0010 --token-file /etc/wolkvox/token \\\n"
		"      --roster /etc/wolkvox/roster.csv --team morning -w 0 -c 2\n"),
	      stdout);
}

static void format_clock(time_t when, char *buf, size_t bufsize)
{
	struct civil_time civil;

	epoch_to_civil(when, &civil);
	snprintf(buf, bufsize, "%02d:%02d", civil.hour, civil.minute);
}

/* Formats a login time with its seconds when they are not zero, so that a
 * login one second after the grace period does not read as on the minute. */
static void format_login(time_t when, char *buf, size_t bufsize)
{
	struct civil_time civil;

	epoch_to_civil(when, &civil);
	if (civil.second == 0)
		snprintf(buf, bufsize, "%02d:%02d", civil.hour, civil.minute);
	else
		snprintf(buf, bufsize, "%02d:%02d:%02d", civil.hour, civil.minute, civil.second);
}

/* Appends one name to a list, quoted when it contains a comma so that
 * "Peña, José" does not read as two people. */
static void append_name(char *buf, size_t bufsize, const char *name, bool first)
{
	size_t used = strlen(buf);
	const char *quote = strchr(name, ',') != NULL ? "\"" : "";

	snprintf(buf + used, bufsize - used, "%s%s%s%s", first ? "" : ", ", quote, name, quote);
}

/* Writes up to NAMES_IN_SUMMARY names of the entries with the given
 * attendance, then "and N more" when there are others. */
static void list_names(char *buf, size_t bufsize, const struct attendance_list *list,
		       enum attendance wanted, size_t total)
{
	size_t shown = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < list->count && shown < NAMES_IN_SUMMARY; i++) {
		if (list->entries[i].attendance != wanted)
			continue;
		append_name(buf, bufsize, list->entries[i].name, shown == 0);
		shown++;
	}
	if (total > shown) {
		size_t used = strlen(buf);

		snprintf(buf + used, bufsize - used, _(" and %zu more"), total - shown);
	}
}

/* The summary never contains ';', because Nagios 4 turns it into ':' in the
 * first line of plugin output. */
/* Returns the number of shift rows the check looked at: the team's, or all. */
static size_t roster_rows_checked(const struct roster *roster, const char *team)
{
	size_t rows = 0;

	for (size_t i = 0; i < roster->shift_count; i++)
		if (team == NULL || strcmp(roster->shifts[i].team, team) == 0)
			rows++;
	return rows;
}

static bool set_summary(struct result *result, const struct attendance_list *list,
			const struct roster *roster, const char *team, time_t now)
{
	char names[1024];
	char late_names[1024];
	char clock[8];

	if (list->count == 0) {
		size_t rows = roster_rows_checked(roster, team);

		format_clock(now, clock, sizeof(clock));
		return result_set_summary(result,
					  ngettext("no shift due at %s (%zu roster row checked)",
						   "no shift due at %s (%zu roster rows checked)", rows),
					  clock, rows);
	}

	list_names(late_names, sizeof(late_names), list, ATTENDANCE_LATE, list->late);
	if (list->absent == 0 && list->late == 0)
		return result_set_summary(result,
					  ngettext("the %zu scheduled agent is present",
						   "all %zu scheduled agents present", list->count),
					  list->count);
	if (list->absent == 0)
		return result_set_summary(result,
					  ngettext("the %zu scheduled agent is present, %zu late (%s)",
						   "all %zu scheduled agents present, %zu late (%s)",
						   list->count),
					  list->count, list->late, late_names);

	list_names(names, sizeof(names), list, ATTENDANCE_ABSENT, list->absent);
	if (list->late > 0)
		return result_set_summary(result,
					  ngettext("%zu of %zu agent absent (%s), %zu late (%s)",
						   "%zu of %zu agents absent (%s), %zu late (%s)",
						   list->count),
					  list->absent, list->count, names, list->late, late_names);
	return result_set_summary(result,
				  ngettext("%zu of %zu agent absent (%s)", "%zu of %zu agents absent (%s)",
					   list->count),
				  list->absent, list->count, names);
}

static bool add_entry_line(struct result *result, const struct attendance_entry *entry)
{
	char start[8], end[8], login[16];
	long minutes_late;

	format_clock(entry->start, start, sizeof(start));
	format_clock(entry->end, end, sizeof(end));

	switch (entry->attendance) {
	case ATTENDANCE_ABSENT:
		return result_add_line(result, _("absent: %s (%s), shift %s-%s, no login since the start"),
				       entry->name, entry->shift->agent, start, end);
	case ATTENDANCE_LATE:
		format_login(entry->first_login, login, sizeof(login));
		minutes_late = (long)((entry->first_login - entry->start) / 60);
		return result_add_line(result,
				       _("late: %s (%s), shift %s-%s, logged in at %s, %ld min after the start"),
				       entry->name, entry->shift->agent, start, end, login, minutes_late);
	case ATTENDANCE_ON_TIME:
		if (verbosity < 1)
			return true;
		format_login(entry->first_login, login, sizeof(login));
		return result_add_line(result, _("on time: %s (%s), shift %s-%s, logged in at %s"),
				       entry->name, entry->shift->agent, start, end, login);
	}
	return true;
}

/* Lists absent agents first, then late ones, then (at -v) those on time:
 * the order in which the person paged acts on them. */
static bool add_entry_lines(struct result *result, const struct attendance_list *list)
{
	static const enum attendance order[] = {
		ATTENDANCE_ABSENT, ATTENDANCE_LATE, ATTENDANCE_ON_TIME
	};

	for (size_t pass = 0; pass < sizeof(order) / sizeof(order[0]); pass++)
		for (size_t i = 0; i < list->count; i++)
			if (list->entries[i].attendance == order[pass] &&
			    !add_entry_line(result, &list->entries[i]))
				return false;
	return true;
}

/* Says what the report contained that the check could not use. Records with
 * every field empty, like the vendor's own sample, are mentioned at -v only. */
static bool add_report_notes(struct result *result, const struct report *report)
{
	if (verbosity >= 1 && report->empty_records > 0 &&
	    !result_add_line(result,
			     ngettext("%zu report record with every field empty was skipped",
				      "%zu report records with every field empty were skipped",
				      report->empty_records),
			     report->empty_records))
		return false;
	if (report->invalid_records > 0 &&
	    !result_add_line(result,
			     ngettext("%zu invalid report record was skipped (%s)",
				      "%zu invalid report records were skipped (first: %s)",
				      report->invalid_records),
			     report->invalid_records, report->first_invalid))
		return false;
	return true;
}

static bool add_perfdata(struct result *result, const struct attendance_list *list,
			 const struct common_options *options)
{
	const struct thresholds *thresholds = &options->thresholds;
	double scheduled = (double)list->count;
	struct perfdata items[4];

	memset(items, 0, sizeof(items));
	snprintf(items[0].label, sizeof(items[0].label), "scheduled");
	items[0].value = scheduled;
	items[0].has_min = true;

	snprintf(items[1].label, sizeof(items[1].label), "present");
	items[1].value = (double)(list->on_time + list->late);

	snprintf(items[2].label, sizeof(items[2].label), "late");
	items[2].value = (double)list->late;

	snprintf(items[3].label, sizeof(items[3].label), "absent");
	items[3].value = (double)list->absent;
	items[3].warning = thresholds->has_warning ? thresholds->warning.text : NULL;
	items[3].critical = thresholds->has_critical ? thresholds->critical.text : NULL;

	for (size_t i = 1; i < 4; i++) {
		items[i].has_min = true;
		items[i].has_max = true;
		items[i].max = scheduled;
	}
	for (size_t i = 0; i < 4; i++)
		if (!result_add_perfdata(result, &items[i]))
			return false;
	return true;
}

static bool describe_attendance(struct result *result, const struct attendance_list *list,
				const struct roster *roster, const char *team,
				const struct report *report, const struct common_options *options,
				time_t now)
{
	result->state = thresholds_state(&options->thresholds, (double)list->absent);

	return set_summary(result, list, roster, team, now) && add_entry_lines(result, list) &&
	       add_report_notes(result, report) && add_perfdata(result, list, options);
}

static enum plugin_state report_api_failure(struct result *result,
					    const struct common_options *options,
					    const char *message)
{
	result->state = options->api_error_state;
	if (!result_set_summary(result, _("API request failed: %s"), message))
		return plugin_config_error(SERVICE, _("out of memory"));
	return plugin_print_result(result);
}

/* Runs the check once the options are valid: roster, token, report,
 * evaluation, output. Owns every resource it acquires. */
/* Prints the discovery JSON of the roster; needs no token and no request. */
static enum plugin_state run_discovery(const struct shift_options *shift)
{
	struct roster roster = { 0 };
	enum plugin_state state;
	char err[1024];

	if (!roster_load(shift->roster_path, &roster, err, sizeof(err)))
		return plugin_config_error(SERVICE, err);
	if (shift->team != NULL && !roster_check_team(&roster, shift->team, err, sizeof(err)))
		state = plugin_config_error(SERVICE, err);
	else
		state = plugin_print_discovery(SERVICE, &roster, shift->discovery_kind, shift->team);
	roster_release(&roster);
	return state;
}

static enum plugin_state run_check(const struct common_options *options,
				   const struct shift_options *shift)
{
	struct attendance_list list = { 0 };
	struct roster roster = { 0 };
	struct report report = { 0 };
	struct result result = { 0 };
	struct source_info info;
	enum source_status source;
	enum plugin_state state;
	bool world_readable;
	char err[1024];
	char *token;
	time_t now;

	if (!options_finish(options, &now, err, sizeof(err)))
		return plugin_config_error(SERVICE, err);

	if (!roster_load(shift->roster_path, &roster, err, sizeof(err)))
		return plugin_config_error(SERVICE, err);
	if (shift->team != NULL && !roster_check_team(&roster, shift->team, err, sizeof(err))) {
		state = plugin_config_error(SERVICE, err);
		goto out;
	}

	token = token_load(options->token_file, &world_readable, err, sizeof(err));
	if (token == NULL) {
		state = plugin_config_error(SERVICE, err);
		goto out;
	}

	if (!result_init(&result, SERVICE)) {
		token_free(token);
		state = plugin_config_error(SERVICE, _("out of memory"));
		goto out;
	}

	source = report_source_get(options, token, now, &report, &info, err, sizeof(err));
	token_free(token);
	if (source == SOURCE_CONFIG_ERROR) {
		state = plugin_config_error(SERVICE, err);
		goto out;
	}
	if (source == SOURCE_API_ERROR) {
		if (!source_add_notes(&result, &info) || !source_add_perfdata(&result, &info)) {
			state = plugin_config_error(SERVICE, _("out of memory"));
			goto out;
		}
		state = report_api_failure(&result, options, err);
		goto out;
	}

	if (!attendance_check_key(&roster, &report, err, sizeof(err)) ||
	    !attendance_evaluate(&roster, &report, now, (int)shift->grace_minutes, shift->team,
				 &list, err, sizeof(err))) {
		state = plugin_config_error(SERVICE, err);
		goto out;
	}

	if (!describe_attendance(&result, &list, &roster, shift->team, &report, options, now) ||
	    !source_add_notes(&result, &info) || !source_add_perfdata(&result, &info) ||
	    (world_readable &&
	     !result_add_line(&result, _("warning: the token file %s can be read by other users; make it mode 0600"),
			      options->token_file))) {
		state = plugin_config_error(SERVICE, _("out of memory"));
		goto out;
	}
	state = plugin_print_result(&result);

out:
	attendance_release(&list);
	report_release(&report);
	roster_release(&roster);
	result_release(&result);
	return state;
}

int main(int argc, char **argv)
{
	struct shift_options shift = { NULL, DEFAULT_GRACE_MINUTES, NULL, false, DISCOVERY_AGENTS };
	struct common_options options;
	enum options_status parsed;
	char err[1024];

	plugin_protect_secrets();
	plugin_init_locale();

	parsed = options_parse(argc, argv, &options, DEFAULT_WARNING, DEFAULT_CRITICAL, shift_table,
			       handle_option, &shift, err, sizeof(err));
	plugin_set_json(parsed == OPTIONS_OK && options.json);
	if (parsed == OPTIONS_HELP) {
		print_help();
		return STATE_UNKNOWN;
	}
	if (parsed == OPTIONS_VERSION) {
		plugin_print_version();
		return STATE_UNKNOWN;
	}
	if (parsed == OPTIONS_ERROR)
		return plugin_usage_error(SERVICE, err, SYNOPSIS);
	if (shift.roster_path == NULL)
		return plugin_usage_error(SERVICE, _("missing --roster FILE"), SYNOPSIS);

	if (!plugin_arm_deadline(SERVICE, options.timeout, options.api_error_state))
		return plugin_config_error(SERVICE, _("cannot set the timeout timer"));

	if (shift.discovery)
		return run_discovery(&shift);
	return run_check(&options, &shift);
}
