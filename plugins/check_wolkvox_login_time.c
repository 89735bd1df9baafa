/*
 * check_wolkvox_login_time: pages when agents were logged in to wolkvox for
 * less than their target during their shift.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "attendance.h"
#include "i18n.h"
#include "login_time.h"
#include "options.h"
#include "output.h"
#include "plugin.h"
#include "range.h"
#include "report_source.h"
#include "roster.h"
#include "strnum.h"
#include "timeutil.h"
#include "token.h"
#include "verbose.h"

#define SERVICE "WOLKVOX LOGIN TIME"
#define SYNOPSIS "(--roster FILE or --agent ID\n" \
	"       --shift HH:MM-HH:MM)\n" \
	"       [--days SPEC] [--agent ID] [--team NAME] (-H SERVER or -u URL)\n" \
	"       [--token-file FILE] [--target DURATION] [--min-percent P]\n" \
	"       [--lookback DURATION] [--so-far] [--grace MINUTES] [--margin MINUTES]\n" \
	"       [-w RANGE] [-c RANGE] [-t SECONDS] [--timezone ZONE] [--format json]\n" \
	"       [--discovery KIND] [-v]"

/* Roster mode, on the number of agents under target: WARNING from the first
 * agent, CRITICAL from the third. */
#define ROSTER_WARNING "0"
#define ROSTER_CRITICAL "2"
/* Single-agent mode, on the agent's adherence in %: WARNING below 90 %,
 * CRITICAL below 75 %. */
#define AGENT_WARNING "90:"
#define AGENT_CRITICAL "75:"

#define MAX_MINUTES 720
#define MIN_LOOKBACK 60L
#define MAX_LOOKBACK (7L * 86400)
#define MIN_TARGET 60L
#define MAX_TARGET 86400L
#define MAX_MIN_PERCENT 1000.0
#define NAMES_IN_SUMMARY 3

enum {
	OPT_ROSTER = OPTIONS_PLUGIN_FIRST,
	OPT_AGENT,
	OPT_SHIFT,
	OPT_DAYS,
	OPT_TEAM,
	OPT_TARGET,
	OPT_MIN_PERCENT,
	OPT_LOOKBACK,
	OPT_SO_FAR,
	OPT_GRACE,
	OPT_MARGIN,
	OPT_DISCOVERY
};

static const struct option login_table[] = {
	{ "roster", required_argument, NULL, OPT_ROSTER },
	{ "agent", required_argument, NULL, OPT_AGENT },
	{ "shift", required_argument, NULL, OPT_SHIFT },
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "team", required_argument, NULL, OPT_TEAM },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "min-percent", required_argument, NULL, OPT_MIN_PERCENT },
	{ "lookback", required_argument, NULL, OPT_LOOKBACK },
	{ "so-far", no_argument, NULL, OPT_SO_FAR },
	{ "grace", required_argument, NULL, OPT_GRACE },
	{ "margin", required_argument, NULL, OPT_MARGIN },
	{ "discovery", required_argument, NULL, OPT_DISCOVERY },
	{ NULL, 0, NULL, 0 }
};

struct login_options {
	const char *roster_path;
	const char *agent;
	const char *shift;
	const char *days;
	const char *team;
	long target;           /* seconds, 0 takes it from the roster */
	double min_percent;
	long lookback;         /* seconds */
	bool so_far;
	long grace_minutes;
	long margin_minutes;
	bool discovery;
	enum discovery_kind discovery_kind;
};

/* Parses a duration option into *seconds within [min, max]. */
static bool parse_duration_option(const char *name, const char *argument, long min, long max,
				  long *seconds, char *err, size_t errlen)
{
	char reason[256], low[32], high[32];
	long value;

	if (!duration_parse(argument, &value, reason, sizeof(reason))) {
		snprintf(err, errlen, _("invalid --%s '%s': %s"), name, argument, reason);
		return false;
	}

	if (value < min || value > max) {
		duration_format(min, low, sizeof(low));
		duration_format(max, high, sizeof(high));
		snprintf(err, errlen, _("invalid --%s '%s': give a duration from %s to %s"), name,
			 argument, low, high);
		return false;
	}

	*seconds = value;
	return true;
}

static bool parse_minutes_option(const char *name, const char *argument, long *minutes,
				 char *err, size_t errlen)
{
	if (strnum_parse_long(argument, 0, MAX_MINUTES, minutes))
		return true;

	snprintf(err, errlen, _("invalid --%s '%s': give whole minutes from 0 to %d"), name, argument,
		 MAX_MINUTES);
	return false;
}

static bool parse_percent_option(const char *argument, double *percent, char *err, size_t errlen)
{
	double value;

	if (strnum_parse_double(argument, &value) && value >= 0.0 && value <= MAX_MIN_PERCENT) {
		*percent = value;
		return true;
	}

	snprintf(err, errlen, _("invalid --min-percent '%s': give a percentage from 0 to %.0f"),
		 argument, MAX_MIN_PERCENT);
	return false;
}

static bool handle_option(int opt, const char *argument, void *context, char *err, size_t errlen)
{
	struct login_options *login = context;

	switch (opt) {
	case OPT_ROSTER:
		login->roster_path = argument;
		return true;
	case OPT_AGENT:
		login->agent = argument;
		return true;
	case OPT_SHIFT:
		login->shift = argument;
		return true;
	case OPT_DAYS:
		login->days = argument;
		return true;
	case OPT_TEAM:
		login->team = argument;
		return true;
	case OPT_TARGET:
		return parse_duration_option("target", argument, MIN_TARGET, MAX_TARGET,
					     &login->target, err, errlen);
	case OPT_MIN_PERCENT:
		return parse_percent_option(argument, &login->min_percent, err, errlen);
	case OPT_LOOKBACK:
		return parse_duration_option("lookback", argument, MIN_LOOKBACK, MAX_LOOKBACK,
					     &login->lookback, err, errlen);
	case OPT_SO_FAR:
		login->so_far = true;
		return true;
	case OPT_GRACE:
		return parse_minutes_option("grace", argument, &login->grace_minutes, err, errlen);
	case OPT_MARGIN:
		return parse_minutes_option("margin", argument, &login->margin_minutes, err, errlen);
	case OPT_DISCOVERY:
		if (strcmp(argument, "agents") != 0 && strcmp(argument, "teams") != 0) {
			snprintf(err, errlen, _("invalid --discovery '%s': give agents or teams"),
				 argument);
			return false;
		}
		login->discovery = true;
		login->discovery_kind = strcmp(argument, "agents") == 0 ? DISCOVERY_AGENTS
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
	fputs(_("Pages when agents were logged in to wolkvox for less than their target\n"
		"during their shift, using the agent_7 report (Login - Logout Time) of the\n"
		"wolkvox Reports Manager API and a roster of shifts.\n\n"),
	      stdout);
	options_print_synopsis(SYNOPSIS);
	fputs(_("\nWhat to check:\n"
		"      --roster FILE        the roster CSV: who works which shift (format: the\n"
		"                           README, section \"The roster\")\n"
		"      --discovery KIND     print Zabbix low-level discovery JSON of the\n"
		"                           roster's agents or teams (KIND: agents or teams)\n"
		"                           and make no request\n"
		"      --team NAME          check only the roster rows of this team\n"
		"      --agent ID           check one agent (single-agent mode): the roster's\n"
		"                           agent_id or agent_dni, or the agent_id with --shift\n"
		"      --shift HH:MM-HH:MM  the agent's shift when there is no roster; an end\n"
		"                           before the start means the next day\n"
		"      --days SPEC          days of --shift, in the roster's syntax: *, mon-fri,\n"
		"                           lun,mié,vie or a date YYYY-MM-DD (default *)\n"
		"\nTarget:\n"
		"      --target DURATION    the same target for every shift: 8h, 7h30m, 450m,\n"
		"                           27000s or 07:30:00 (default: the shift's length\n"
		"                           minus the roster's break minutes)\n"
		"      --min-percent P      under target below P % of the target (default 100)\n"
		"\nWhich shifts are judged:\n"
		"      --lookback DURATION  shifts that ended within this time (default 24h,\n"
		"                           at most 7d)\n"
		"      --grace MINUTES      minutes after the end before a shift is judged\n"
		"                           (default 5)\n"
		"      --so-far             also judge shifts in progress, pro rata\n"
		"      --margin MINUTES     log-in time this long before the start and after the\n"
		"                           end counts for the shift (default 60)\n"
		"\nThresholds:\n"
		"  -w, --warning RANGE      roster mode: range on the number of agents under\n"
		"                           target (default 0: WARNING from the first agent);\n"
		"                           single-agent mode: range on the adherence in %\n"
		"                           (default '90:', WARNING below 90 %)\n"
		"  -c, --critical RANGE     roster mode: default 2 (CRITICAL from the third\n"
		"                           agent); single-agent mode: default '75:'\n"
		"                           (CRITICAL below 75 %)\n\n"),
	      stdout);
	options_print_common_help();
	fputs(_("\nAn agent's login time for a shift is the time covered by their sessions\n"
		"between start - margin and end + margin, never past now, with overlapping\n"
		"and repeated sessions counted once. When the widened windows of two shifts\n"
		"of one agent overlap, they are split halfway between the first shift's end\n"
		"and the second's start. A shift that crosses midnight counts for the day it\n"
		"starts. A shift ended (end + grace <= now) within the lookback is judged\n"
		"against its whole target. With --so-far, a shift in progress (start + grace\n"
		"<= now < end + grace) is judged against target * elapsed / length.\n"
		"\n"
		"The report covers 00:00 of yesterday to the end of today, so a shift that\n"
		"started before yesterday cannot be judged: such shifts are counted and named\n"
		"in the output, and a longer --lookback only adds to them.\n"
		"\n"
		"Percentages are rounded down. Perfdata, roster mode: judged and under_target\n"
		"(agents), adherence_total (all login time over all targets, %) and\n"
		"adherence_min (the lowest shift, %). Single-agent mode, for the latest judged\n"
		"shift: login_time and target in seconds, adherence in %. Without a shift to\n"
		"judge the state is OK.\n"
		"\n"
		"Examples:\n"
		"  The morning team (08:00-16:00) against a 7h30m target, checked at 17:10:\n"
		"    check_wolkvox_login_time -H 0010 --token-file /etc/wolkvox/token \\\n"
		"        --roster /etc/wolkvox/roster.csv --team morning --target 7h30m\n"
		"  Everyone so far today, under target below 90 %:\n"
		"    check_wolkvox_login_time -H 0010 --roster /etc/wolkvox/roster.csv \\\n"
		"        --so-far --min-percent 90 -w 1 -c 4\n"
		"  One agent on weekdays 08:00-17:00 with a one-hour lunch, no roster:\n"
		"    check_wolkvox_login_time -H 0010 --agent 1001 --shift 08:00-17:00 \\\n"
		"        --days mon-fri --target 8h -w 95: -c 80:\n"),
	      stdout);
}

/* Checks what needs the whole command line, and sets the thresholds of the
 * mode when -w or -c was not given. */
static bool options_check(const struct login_options *login, struct thresholds *thresholds,
			  char *err, size_t errlen)
{
	bool single = login->agent != NULL;
	char reason[160];

	if (login->roster_path == NULL && login->shift == NULL) {
		snprintf(err, errlen, "%s",
			 _("missing --roster FILE, or --agent ID with --shift HH:MM-HH:MM"));
		return false;
	}
	if (login->roster_path != NULL && login->shift != NULL) {
		snprintf(err, errlen, "%s", _("give either --roster or --shift, not both"));
		return false;
	}
	if (login->shift != NULL && login->agent == NULL) {
		snprintf(err, errlen, "%s", _("--shift needs --agent ID"));
		return false;
	}
	if (login->days != NULL && login->shift == NULL) {
		snprintf(err, errlen, "%s", _("--days needs --shift HH:MM-HH:MM"));
		return false;
	}

	if ((!thresholds->has_warning &&
	     !range_parse(single ? AGENT_WARNING : ROSTER_WARNING, &thresholds->warning, reason,
			  sizeof(reason))) ||
	    (!thresholds->has_critical &&
	     !range_parse(single ? AGENT_CRITICAL : ROSTER_CRITICAL, &thresholds->critical, reason,
			  sizeof(reason)))) {
		snprintf(err, errlen, _("invalid default threshold: %s"), reason);
		return false;
	}

	thresholds->has_warning = true;
	thresholds->has_critical = true;
	return true;
}

/* Loads the roster file, or builds the one-row roster of --shift. */
static bool roster_get(const struct login_options *login, struct roster *roster, char *err,
		       size_t errlen)
{
	if (login->shift != NULL)
		return login_time_roster_from_shift(login->agent, login->shift,
						    login->days != NULL ? login->days : "*",
						    roster, err, errlen);

	if (!roster_load(login->roster_path, roster, err, errlen))
		return false;

	if (login->team != NULL && !roster_check_team(roster, login->team, err, errlen)) {
		roster_release(roster);
		return false;
	}

	if (login->agent == NULL)
		return true;

	for (size_t i = 0; i < roster->shift_count; i++)
		if (strcmp(roster->shifts[i].agent, login->agent) == 0)
			return true;

	snprintf(err, errlen, _("agent %s has no row in the roster %s (matched on its %s column)"),
		 login->agent, login->roster_path,
		 roster->key == ROSTER_KEY_AGENT_ID ? "agent_id" : "agent_dni");
	roster_release(roster);
	return false;
}

static void config_fill(struct login_time_config *config, const struct login_options *login,
			time_t now)
{
	struct civil_time start;
	char text[32];

	login_time_config_init(config, now);
	config->margin = login->margin_minutes * 60;
	config->grace = login->grace_minutes * 60;
	config->lookback = login->lookback;
	config->target = login->target;
	config->min_percent = login->min_percent;
	config->so_far = login->so_far;
	config->team = login->team;
	config->agent = login->agent;

	epoch_to_civil(config->report_start, &start);
	civil_format(&start, true, text, sizeof(text));
	verbose_log(2, "margin %ld min, grace %ld min, lookback %ld s, target %ld s (0: roster), "
		    "under target below %.2f %%, so far %s, report from %s",
		    login->margin_minutes, login->grace_minutes, login->lookback, login->target,
		    login->min_percent, login->so_far ? "on" : "off", text);
}

/* ---- describing the result ---- */

/* A percentage rounded down to tenths, so that a shift under 100 % never
 * reads as 100.0. */
static double percent_floor(double percent)
{
	return percent > 0 ? (double)(long long)(percent * 10.0) / 10.0 : 0.0;
}

static void format_clock(time_t when, char *buf, size_t bufsize)
{
	struct civil_time civil;

	epoch_to_civil(when, &civil);
	snprintf(buf, bufsize, "%02d:%02d", civil.hour, civil.minute);
}

/* Writes "YYYY-MM-DD HH:MM-HH:MM" for the shift of entry. */
static void format_shift(const struct login_time_entry *entry, char *buf, size_t bufsize)
{
	struct civil_time date;
	char start[8], end[8];

	epoch_to_civil(entry->start, &date);
	format_clock(entry->start, start, sizeof(start));
	format_clock(entry->end, end, sizeof(end));
	snprintf(buf, bufsize, "%04d-%02d-%02d %s-%s", date.year, date.month, date.day, start, end);
}

/* Writes "6h10m of 7h00m (88%)", with " so far" for a shift in progress. */
static void format_amount(const struct login_time_entry *entry, char *buf, size_t bufsize)
{
	char login[32], target[32];

	duration_format_hm(entry->login, login, sizeof(login));
	duration_format_hm(entry->target, target, sizeof(target));

	/* TRANSLATORS: login time, target, and the percentage rounded down. */
	if (entry->in_progress)
		snprintf(buf, bufsize, _("%s of %s so far (%d%%)"), login, target,
			 (int)percent_floor(entry->percent));
	else
		snprintf(buf, bufsize, _("%s of %s (%d%%)"), login, target,
			 (int)percent_floor(entry->percent));
}

/* Returns the index of the agent under target with the lowest percentage
 * that is not in taken[0..taken_count), or list->count when none is left. */
static size_t lowest_under_target(const struct login_time_list *list, const size_t *taken,
				  size_t taken_count)
{
	size_t lowest = list->count;

	for (size_t i = 0; i < list->count; i++) {
		const struct login_time_entry *entry = &list->entries[i];
		bool already = false;

		if (!entry->under_target || !entry->agent_worst)
			continue;
		for (size_t t = 0; t < taken_count; t++)
			already = already || taken[t] == i;
		if (!already && (lowest == list->count || entry->percent < list->entries[lowest].percent))
			lowest = i;
	}
	return lowest;
}

/* Appends up to NAMES_IN_SUMMARY agents under target, the lowest percentage
 * first, because a pager shows only the first line. A name with a comma is
 * quoted so that "Gómez, Luis" does not read as two people. */
static void append_under_names(char *buf, size_t bufsize, const struct login_time_list *list)
{
	size_t taken[NAMES_IN_SUMMARY];
	size_t listed = 0;
	size_t used = strlen(buf);
	char amount[96];

	while (listed < NAMES_IN_SUMMARY) {
		size_t index = lowest_under_target(list, taken, listed);
		const struct login_time_entry *entry;
		const char *quote;

		if (index == list->count)
			break;
		entry = &list->entries[index];
		quote = strchr(entry->name, ',') != NULL ? "\"" : "";
		format_amount(entry, amount, sizeof(amount));
		snprintf(buf + used, bufsize - used, "%s%s%s%s %s", listed == 0 ? ": " : ", ", quote,
			 entry->name, quote, amount);
		used = strlen(buf);
		taken[listed++] = index;
	}

	if (list->agents_under_target > listed)
		snprintf(buf + used, bufsize - used, _(" and %zu more"),
			 list->agents_under_target - listed);
}

static bool set_roster_summary(struct result *result, const struct login_time_list *list,
			       const struct login_options *login)
{
	char names[1024] = "";
	char lookback[32];

	if (list->count == 0) {
		duration_format(login->lookback, lookback, sizeof(lookback));
		if (login->so_far)
			return result_set_summary(result, _("no shift in progress or ended in the last %s"),
						  lookback);
		return result_set_summary(result, _("no shift ended in the last %s"), lookback);
	}

	if (list->agents_under_target == 0)
		return result_set_summary(result,
					  ngettext("%zu agent on target, adherence %.1f%%",
						   "all %zu agents on target, adherence %.1f%%",
						   list->agents),
					  list->agents, percent_floor(list->adherence_total));

	append_under_names(names, sizeof(names), list);
	return result_set_summary(result,
				  ngettext("%zu of %zu agent under target%s",
					   "%zu of %zu agents under target%s", list->agents),
				  list->agents_under_target, list->agents, names);
}

static bool add_entry_line(struct result *result, const struct login_time_entry *entry,
			   const char *indent)
{
	char shift[48], amount[96];
	const char *verdict = entry->under_target ? _("under target") : _("on target");

	format_shift(entry, shift, sizeof(shift));
	format_amount(entry, amount, sizeof(amount));
	/* TRANSLATORS: indentation, "under target" or "on target", the agent's
	 * name and key, the shift ("2025-03-12 08:00-15:30") and the amount
	 * ("6h10m of 7h00m (88%)"). */
	return result_add_line(result, _("%s%s: %s (%s), shift %s, %s"), indent, verdict, entry->name,
			       entry->shift->agent, shift, amount);
}

static bool roster_has_teams(const struct roster *roster)
{
	for (size_t i = 0; i < roster->shift_count; i++)
		if (roster->shifts[i].team[0] != '\0')
			return true;
	return false;
}

/* Lists the shifts under target (every judged shift at -v or with
 * all_entries), under a "team NAME:" line per team when teams is true.
 * Entries are sorted by team, so each team's lines are adjacent. */
static bool add_entry_lines(struct result *result, const struct login_time_list *list,
			    bool teams, bool all_entries)
{
	const char *current_team = NULL;

	for (size_t i = 0; i < list->count; i++) {
		const struct login_time_entry *entry = &list->entries[i];
		const char *team = entry->shift->team;

		if (!entry->under_target && !all_entries && verbosity < 1)
			continue;

		if (teams && (current_team == NULL || strcmp(current_team, team) != 0)) {
			bool added = team[0] != '\0' ? result_add_line(result, _("team %s:"), team)
						     : result_add_line(result, "%s", _("no team:"));

			if (!added)
				return false;
			current_team = team;
		}

		if (!add_entry_line(result, entry, teams ? "  " : ""))
			return false;
	}

	return true;
}

/* At -v, adds a line for each shift whose sessions' login_time from the API
 * disagrees with their login and logout times. */
static bool add_api_notes(struct result *result, const struct login_time_list *list)
{
	char api[32], stamped[32];

	if (verbosity < 1)
		return true;

	for (size_t i = 0; i < list->count; i++) {
		const struct login_time_entry *entry = &list->entries[i];

		if (!entry->api_disagrees)
			continue;

		duration_format(entry->api_login, api, sizeof(api));
		duration_format(entry->stamped_login, stamped, sizeof(stamped));
		if (!result_add_line(result,
				     _("note: the API's login_time of %s's sessions adds up to %s, but their login and logout times span %s; the times were used"),
				     entry->name, api, stamped))
			return false;
	}

	return true;
}

static bool add_notes(struct result *result, const struct login_time_list *list,
		      const struct report *report, time_t report_start)
{
	struct civil_time start;
	char text[32];

	epoch_to_civil(report_start, &start);
	civil_format(&start, false, text, sizeof(text));

	if (list->skipped_before_window > 0 &&
	    !result_add_line(result,
			     ngettext("%zu shift was not judged because it started before the report window (from %s)",
				      "%zu shifts were not judged because they started before the report window (from %s)",
				      list->skipped_before_window),
			     list->skipped_before_window, text))
		return false;

	if (report->empty_records > 0 &&
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

	return add_api_notes(result, list);
}

/* Fills an adherence item: a percentage rounded down, with a maximum of 100
 * only when the value does not exceed it. */
static void adherence_item(struct perfdata *item, const char *label, double percent)
{
	snprintf(item->label, sizeof(item->label), "%s", label);
	item->value = percent_floor(percent);
	item->uom = "%";
	item->decimals = 1;
	item->has_min = true;
	item->has_max = item->value <= 100.0;
	item->max = 100.0;
}

static bool add_roster_perfdata(struct result *result, const struct login_time_list *list,
				const struct thresholds *thresholds)
{
	double agents = (double)list->agents;
	struct perfdata items[4];
	size_t count = 2;

	memset(items, 0, sizeof(items));
	snprintf(items[0].label, sizeof(items[0].label), "judged");
	items[0].value = agents;
	items[0].has_min = true;

	snprintf(items[1].label, sizeof(items[1].label), "under_target");
	items[1].value = (double)list->agents_under_target;
	items[1].warning = thresholds->warning.text;
	items[1].critical = thresholds->critical.text;
	items[1].has_min = true;
	items[1].has_max = true;
	items[1].max = agents;

	if (list->count > 0) {
		adherence_item(&items[2], "adherence_total", list->adherence_total);
		adherence_item(&items[3], "adherence_min", list->adherence_min);
		count = 4;
	}

	for (size_t i = 0; i < count; i++)
		if (!result_add_perfdata(result, &items[i]))
			return false;
	return true;
}

static bool describe_roster(struct result *result, const struct login_time_list *list,
			    const struct roster *roster, const struct login_options *login,
			    const struct thresholds *thresholds)
{
	result->state = thresholds_state(thresholds, (double)list->agents_under_target);

	return set_roster_summary(result, list, login) &&
	       add_entry_lines(result, list, roster_has_teams(roster), false) &&
	       add_roster_perfdata(result, list, thresholds);
}

/* Returns the judged shift that started last. */
static const struct login_time_entry *latest_entry(const struct login_time_list *list)
{
	const struct login_time_entry *latest = &list->entries[0];

	for (size_t i = 1; i < list->count; i++)
		if (list->entries[i].start > latest->start)
			latest = &list->entries[i];
	return latest;
}

static bool add_agent_perfdata(struct result *result, const struct login_time_entry *entry,
			       const struct thresholds *thresholds)
{
	struct perfdata items[3];

	memset(items, 0, sizeof(items));
	snprintf(items[0].label, sizeof(items[0].label), "login_time");
	items[0].value = (double)entry->login;
	items[0].uom = "s";
	items[0].has_min = true;

	snprintf(items[1].label, sizeof(items[1].label), "target");
	items[1].value = (double)entry->target;
	items[1].uom = "s";
	items[1].has_min = true;

	adherence_item(&items[2], "adherence", entry->percent);
	items[2].warning = thresholds->warning.text;
	items[2].critical = thresholds->critical.text;

	for (size_t i = 0; i < 3; i++)
		if (!result_add_perfdata(result, &items[i]))
			return false;
	return true;
}

static bool describe_agent(struct result *result, const struct login_time_list *list,
			   const struct login_options *login, const struct thresholds *thresholds)
{
	const struct login_time_entry *entry;
	char shift[48], amount[96], lookback[32];

	if (list->count == 0) {
		result->state = STATE_OK;
		duration_format(login->lookback, lookback, sizeof(lookback));
		return result_set_summary(result, _("no shift to judge for agent %s in the last %s"),
					  login->agent, lookback);
	}

	entry = latest_entry(list);
	result->state = thresholds_state(thresholds, percent_floor(entry->percent));

	format_shift(entry, shift, sizeof(shift));
	format_amount(entry, amount, sizeof(amount));
	return result_set_summary(result, _("%s %s, shift %s"), entry->name, amount, shift) &&
	       add_entry_lines(result, list, false, true) &&
	       add_agent_perfdata(result, entry, thresholds);
}

/* ---- the run ---- */

static enum plugin_state report_api_failure(struct result *result,
					    const struct common_options *options,
					    const char *message)
{
	result->state = options->api_error_state;
	if (!result_set_summary(result, _("API request failed: %s"), message))
		return plugin_config_error(SERVICE, _("out of memory"));
	return plugin_print_result(result);
}

/* Judges the shifts and builds the whole result from the report. */
static bool evaluate_and_describe(struct result *result, const struct roster *roster,
				  const struct report *report, const struct login_options *login,
				  const struct common_options *options, time_t now,
				  struct login_time_list *list, char *err, size_t errlen)
{
	struct login_time_config config;
	bool described;

	config_fill(&config, login, now);
	if (!login_time_evaluate(roster, report, &config, list, err, errlen))
		return false;

	if (login->agent != NULL)
		described = describe_agent(result, list, login, &options->thresholds);
	else
		described = describe_roster(result, list, roster, login, &options->thresholds);

	if (!described || !add_notes(result, list, report, config.report_start)) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return false;
	}
	return true;
}

/* Prints the discovery JSON of the roster; needs no token and no request. */
static enum plugin_state run_discovery(const struct login_options *login)
{
	struct roster roster = { 0 };
	enum plugin_state state;
	char err[1024];

	if (!roster_get(login, &roster, err, sizeof(err)))
		return plugin_config_error(SERVICE, err);
	state = plugin_print_discovery(SERVICE, &roster, login->discovery_kind, login->team);
	roster_release(&roster);
	return state;
}

/* Runs the check once the options are valid: roster, token, report,
 * evaluation, output. Owns every resource it acquires. */
static enum plugin_state run_check(const struct common_options *options,
				   const struct login_options *login)
{
	struct login_time_list list = { 0 };
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

	if (!roster_get(login, &roster, err, sizeof(err)))
		return plugin_config_error(SERVICE, err);

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
	    !evaluate_and_describe(&result, &roster, &report, login, options, now, &list, err,
				   sizeof(err))) {
		state = plugin_config_error(SERVICE, err);
		goto out;
	}

	if (!source_add_notes(&result, &info) || !source_add_perfdata(&result, &info) ||
	    (world_readable &&
	     !result_add_line(&result, _("warning: the token file %s can be read by other users; make it mode 0600"),
			      options->token_file))) {
		state = plugin_config_error(SERVICE, _("out of memory"));
		goto out;
	}
	state = plugin_print_result(&result);

out:
	login_time_release(&list);
	report_release(&report);
	roster_release(&roster);
	result_release(&result);
	return state;
}

int main(int argc, char **argv)
{
	struct login_options login = {
		.min_percent = LOGIN_TIME_DEFAULT_MIN_PERCENT,
		.lookback = LOGIN_TIME_DEFAULT_LOOKBACK,
		.grace_minutes = LOGIN_TIME_DEFAULT_GRACE / 60,
		.margin_minutes = LOGIN_TIME_DEFAULT_MARGIN / 60,
	};
	struct common_options options;
	enum options_status parsed;
	char err[1024];

	plugin_protect_secrets();
	plugin_init_locale();

	/* The default thresholds depend on the mode, known only after parsing. */
	parsed = options_parse(argc, argv, &options, NULL, NULL, login_table, handle_option, &login,
			       err, sizeof(err));
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
	if (!options_check(&login, &options.thresholds, err, sizeof(err)))
		return plugin_usage_error(SERVICE, err, SYNOPSIS);

	if (!plugin_arm_deadline(SERVICE, options.timeout, options.api_error_state))
		return plugin_config_error(SERVICE, _("cannot set the timeout timer"));

	if (login.discovery)
		return run_discovery(&login);
	return run_check(&options, &login);
}
