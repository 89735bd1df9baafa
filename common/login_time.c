#include "login_time.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endpoint.h"
#include "i18n.h"
#include "session_index.h"
#include "timeutil.h"

/* The API's login_time may differ from logout - login by this many seconds
 * before an entry records the disagreement. */
#define API_TOLERANCE_SECONDS 60

/* Maximum length of a shift instance in real seconds: under 24 hours of wall
 * clock, plus the hour a daylight saving change can add. */
#define MAX_SHIFT_SECONDS (25L * 3600)

/* Bound on the dates examined, far above any lookback a plugin allows. */
#define MAX_DATES 800

/* One occurrence of a roster row on one date. */
struct instance {
	const struct roster_shift *shift;  /* borrowed from the roster */
	time_t start;
	time_t end;
	bool candidate;                    /* on a date and in the filters that may be judged */
};

struct instance_list {
	struct instance *items;
	size_t count;
	size_t capacity;
};

/* Totals of one agent's sessions inside one window. */
struct window_sum {
	long login;
	size_t sessions;
	long api_login;
	long stamped_login;
	const char *report_name;
};

void login_time_config_init(struct login_time_config *config, time_t now)
{
	struct civil_time first, last;

	memset(config, 0, sizeof(*config));
	config->now = now;
	config->margin = LOGIN_TIME_DEFAULT_MARGIN;
	config->grace = LOGIN_TIME_DEFAULT_GRACE;
	config->lookback = LOGIN_TIME_DEFAULT_LOOKBACK;
	config->min_percent = LOGIN_TIME_DEFAULT_MIN_PERCENT;

	/* A window start the zone cannot represent judges nothing that started
	 * before now, rather than shifts the report does not cover. */
	endpoint_window(now, &first, &last);
	if (!civil_to_epoch(&first, &config->report_start))
		config->report_start = now;
}

static bool same_date(const struct civil_time *a, const struct civil_time *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day;
}

/* Computes the Unix start and end of shift when it starts on date. */
static bool shift_instance_times(const struct roster_shift *shift, const struct civil_time *date,
				 time_t *start, time_t *end)
{
	struct civil_time civil = *date;

	civil.hour = shift->start_minute / 60;
	civil.minute = shift->start_minute % 60;
	civil.second = 0;
	if (!civil_to_epoch(&civil, start))
		return false;

	if (shift->end_minute <= shift->start_minute)
		civil_add_days(&civil, 1);

	civil.hour = shift->end_minute / 60;
	civil.minute = shift->end_minute % 60;
	return civil_to_epoch(&civil, end);
}

static bool instance_append(struct instance_list *list, const struct instance *instance)
{
	if (list->count == list->capacity) {
		size_t new_capacity = list->capacity > 0 ? list->capacity * 2 : 64;
		struct instance *grown;

		if (new_capacity > SIZE_MAX / sizeof(*grown))
			return false;

		grown = realloc(list->items, new_capacity * sizeof(*grown));
		if (grown == NULL)
			return false;

		list->items = grown;
		list->capacity = new_capacity;
	}

	list->items[list->count++] = *instance;
	return true;
}

static bool shift_in_filters(const struct roster_shift *shift, const struct login_time_config *config)
{
	return config->team == NULL || strcmp(shift->team, config->team) == 0;
}

/* Appends every instance of the roster's rows on date. */
static bool instances_add_date(struct instance_list *list, const struct roster *roster,
			       const struct civil_time *date, bool candidate_date,
			       const struct login_time_config *config)
{
	for (size_t i = 0; i < roster->shift_count; i++) {
		const struct roster_shift *shift = &roster->shifts[i];
		struct instance instance = { 0 };

		if (config->agent != NULL && strcmp(shift->agent, config->agent) != 0)
			continue;

		if (!roster_shift_on(roster, shift, date))
			continue;

		/* A start or end that the zone cannot represent leaves nothing to judge. */
		if (!shift_instance_times(shift, date, &instance.start, &instance.end))
			continue;

		instance.shift = shift;
		instance.candidate = candidate_date && shift_in_filters(shift, config);
		if (!instance_append(list, &instance))
			return false;
	}

	return true;
}

static int instance_compare(const void *a, const void *b)
{
	const struct instance *left = a;
	const struct instance *right = b;
	int order = strcmp(left->shift->agent, right->shift->agent);

	if (order != 0)
		return order;

	return (left->start > right->start) - (left->start < right->start);
}

/*
 * Lists the candidates, the instances that may be judged: those that start
 * from the date of the earliest start an ended shift in the lookback can
 * have, to today. The instances one date either side are listed too, because
 * they bound the windows of their neighbours. Sorted by agent key, then start.
 */
static bool instances_build(struct instance_list *list, const struct roster *roster,
			    const struct login_time_config *config)
{
	struct civil_time date, first_candidate, last_candidate, stop;
	bool candidate = false;

	epoch_to_civil(config->now - config->lookback - MAX_SHIFT_SECONDS, &first_candidate);
	epoch_to_civil(config->now, &last_candidate);
	stop = last_candidate;
	civil_add_days(&stop, 2);

	date = first_candidate;
	civil_add_days(&date, -1);

	for (int days = 0; days < MAX_DATES && !same_date(&date, &stop); days++) {
		if (same_date(&date, &first_candidate))
			candidate = true;

		if (!instances_add_date(list, roster, &date, candidate, config))
			return false;

		if (same_date(&date, &last_candidate))
			candidate = false;

		civil_add_days(&date, 1);
	}

	if (list->count > 0)
		qsort(list->items, list->count, sizeof(list->items[0]), instance_compare);
	return true;
}

static bool same_agent(const struct instance *a, const struct instance *b)
{
	return strcmp(a->shift->agent, b->shift->agent) == 0;
}

/*
 * Sets the attribution window of items[position]: the shift widened by the
 * margin, split at the midpoint with a neighbouring shift of the same agent
 * whose widened window overlaps, and cut at now.
 */
static void window_bounds(const struct instance_list *list, size_t position,
			  const struct login_time_config *config, time_t *low, time_t *high)
{
	const struct instance *instance = &list->items[position];

	*low = instance->start - config->margin;
	*high = instance->end + config->margin;

	if (position > 0 && same_agent(&list->items[position - 1], instance)) {
		const struct instance *previous = &list->items[position - 1];

		if (previous->end + config->margin > *low)
			*low = previous->end + (instance->start - previous->end) / 2;
	}

	if (position + 1 < list->count && same_agent(&list->items[position + 1], instance)) {
		const struct instance *next = &list->items[position + 1];

		if (next->start - config->margin < *high)
			*high = instance->end + (next->start - instance->end) / 2;
	}

	if (*high > config->now)
		*high = config->now;
}

/*
 * Measures the union of agent's sessions inside [low, high). The index lists
 * one agent's sessions in login order, so the clipped starts never decrease
 * and one sweep that remembers the end covered so far merges them.
 */
static void window_measure(const struct session_index *index, const char *agent, time_t low,
			   time_t high, time_t now, struct window_sum *sum)
{
	time_t covered = low;

	memset(sum, 0, sizeof(*sum));

	for (size_t i = session_index_find(index, agent); session_index_matches(index, i, agent);
	     i++) {
		const struct session *session = index->items[i];
		time_t session_end = session->open ? now : session->logout;
		time_t from = session->login > low ? session->login : low;
		time_t to = session_end < high ? session_end : high;

		if (sum->report_name == NULL && session->agent_name != NULL &&
		    session->agent_name[0] != '\0')
			sum->report_name = session->agent_name;

		if (to <= from)
			continue;

		sum->sessions++;
		if (to > covered) {
			sum->login += (long)(to - (from > covered ? from : covered));
			covered = to;
		}

		if (!session->open && session->login_time >= 0) {
			sum->api_login += session->login_time;
			sum->stamped_login += (long)(session->logout - session->login);
		}
	}
}

/* Returns the seconds the instance is due to work, or 0 when it has no
 * positive target. */
static long instance_target(const struct instance *instance, const struct login_time_config *config)
{
	long length = (long)(instance->end - instance->start);

	if (config->target > 0)
		return config->target;

	length -= (long)instance->shift->break_minutes * 60;
	return length > 0 ? length : 0;
}

enum phase {
	PHASE_NONE,
	PHASE_ENDED,
	PHASE_IN_PROGRESS
};

static enum phase instance_phase(const struct instance *instance,
				 const struct login_time_config *config)
{
	time_t now = config->now;

	if (instance->end + config->grace <= now)
		return instance->end > now - config->lookback ? PHASE_ENDED : PHASE_NONE;

	if (config->so_far && instance->start + config->grace <= now && instance->start < now)
		return PHASE_IN_PROGRESS;

	return PHASE_NONE;
}

/* Fills entry for the candidate at position, or returns false when it is
 * not judged. */
static bool entry_judge(struct login_time_entry *entry, const struct instance_list *instances,
			size_t position, const struct session_index *index,
			const struct login_time_config *config, size_t *skipped)
{
	const struct instance *instance = &instances->items[position];
	enum phase phase = instance_phase(instance, config);
	const char *agent = instance->shift->agent;
	struct window_sum sum;
	long target;

	if (phase == PHASE_NONE)
		return false;

	if (instance->start < config->report_start) {
		(*skipped)++;
		return false;
	}

	target = instance_target(instance, config);
	if (phase == PHASE_IN_PROGRESS) {
		time_t until = config->now < instance->end ? config->now : instance->end;

		target = (long)((long long)target * (long long)(until - instance->start) /
				(long long)(instance->end - instance->start));
	}
	if (target <= 0)
		return false;

	memset(entry, 0, sizeof(*entry));
	entry->shift = instance->shift;
	entry->start = instance->start;
	entry->end = instance->end;
	entry->in_progress = phase == PHASE_IN_PROGRESS;
	entry->target = target;
	window_bounds(instances, position, config, &entry->window_start, &entry->window_end);

	window_measure(index, agent, entry->window_start, entry->window_end, config->now, &sum);
	entry->login = sum.login;
	entry->sessions = sum.sessions;
	entry->api_login = sum.api_login;
	entry->stamped_login = sum.stamped_login;
	entry->api_disagrees = labs(sum.api_login - sum.stamped_login) > API_TOLERANCE_SECONDS;

	entry->percent = 100.0 * (double)entry->login / (double)entry->target;
	entry->under_target = (double)entry->login * 100.0 < config->min_percent * (double)entry->target;

	if (entry->shift->name[0] != '\0')
		entry->name = entry->shift->name;
	else if (sum.report_name != NULL)
		entry->name = sum.report_name;
	else
		entry->name = agent;

	return true;
}

/* Counts agents and marks each agent's worst shift. Entries of one agent are
 * adjacent, as the instances they come from are sorted by agent. */
static void list_count_agents(struct login_time_list *list)
{
	size_t first = 0;

	while (first < list->count) {
		/* Every entry is made from a roster shift, so shift is never NULL
		 * here; the analyzer cannot see that through the list builder. */
		const char *agent = list->entries[first].shift->agent; /* NOLINT(clang-analyzer-core.NullDereference) */
		size_t worst = first, next = first;
		bool under = false;

		for (; next < list->count && strcmp(list->entries[next].shift->agent, agent) == 0; next++) {
			if (list->entries[next].percent < list->entries[worst].percent)
				worst = next;
			under = under || list->entries[next].under_target;
		}

		list->entries[worst].agent_worst = true;
		list->agents++;
		if (under)
			list->agents_under_target++;
		first = next;
	}
}

static void list_count_totals(struct login_time_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		const struct login_time_entry *entry = &list->entries[i];

		if (entry->under_target)
			list->under_target++;
		if (entry->api_disagrees)
			list->api_disagreements++;
		if (i == 0 || entry->percent < list->adherence_min)
			list->adherence_min = entry->percent;

		list->login_total += entry->login;
		list->target_total += entry->target;
	}

	if (list->target_total > 0)
		list->adherence_total = 100.0 * (double)list->login_total / (double)list->target_total;
}

static int entry_compare(const void *a, const void *b)
{
	const struct login_time_entry *left = a;
	const struct login_time_entry *right = b;
	int order = strcmp(left->shift->team, right->shift->team);

	if (order != 0)
		return order;

	order = strcmp(left->name, right->name);
	if (order != 0)
		return order;

	order = strcmp(left->shift->agent, right->shift->agent);
	if (order != 0)
		return order;

	return (left->start > right->start) - (left->start < right->start);
}

static bool list_judge(struct login_time_list *list, const struct instance_list *instances,
		       const struct session_index *index, const struct login_time_config *config)
{
	size_t candidates = 0;

	for (size_t i = 0; i < instances->count; i++)
		if (instances->items[i].candidate)
			candidates++;
	if (candidates == 0)
		return true;

	list->entries = calloc(candidates, sizeof(*list->entries));
	if (list->entries == NULL)
		return false;

	for (size_t i = 0; i < instances->count; i++) {
		struct login_time_entry *entry = &list->entries[list->count];

		if (instances->items[i].candidate &&
		    entry_judge(entry, instances, i, index, config, &list->skipped_before_window))
			list->count++;
	}

	return true;
}

bool login_time_evaluate(const struct roster *roster, const struct report *report,
			 const struct login_time_config *config, struct login_time_list *list,
			 char *err, size_t errlen)
{
	struct instance_list instances = { 0 };
	struct session_index index = { 0 };
	bool ok = false;

	memset(list, 0, sizeof(*list));

	if (!session_index_build(&index, report, roster->key) ||
	    !instances_build(&instances, roster, config) ||
	    !list_judge(list, &instances, &index, config))
		goto out;

	list_count_agents(list);
	list_count_totals(list);
	if (list->count > 0)
		qsort(list->entries, list->count, sizeof(list->entries[0]), entry_compare);
	ok = true;

out:
	if (!ok) {
		snprintf(err, errlen, "%s", _("out of memory while evaluating login time"));
		login_time_release(list);
	}

	free(instances.items);
	session_index_release(&index);
	return ok;
}

/* Copies field into csv at *used as one double-quoted CSV field. */
static void csv_append_quoted(char *csv, size_t *used, const char *field)
{
	csv[(*used)++] = '"';
	for (const char *p = field; *p != '\0'; p++) {
		if (*p == '"')
			csv[(*used)++] = '"';
		csv[(*used)++] = *p;
	}
	csv[(*used)++] = '"';
	csv[*used] = '\0';
}

static bool text_has_control(const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

/* Parses "HH:MM-HH:MM" into two clock texts of five characters. */
static bool shift_split(const char *shift, char start[6], char end[6])
{
	int minutes;

	if (strlen(shift) != 11 || shift[5] != '-')
		return false;

	memcpy(start, shift, 5);
	start[5] = '\0';
	memcpy(end, shift + 6, 5);
	end[5] = '\0';
	return clock_parse_hhmm(start, &minutes) && clock_parse_hhmm(end, &minutes);
}

/* The roster's messages start with "SOURCE:LINE: "; the option name says
 * more on the command line, so that prefix is dropped. */
static const char *roster_reason(const char *message, const char *prefix)
{
	size_t length = strlen(prefix);

	return strncmp(message, prefix, length) == 0 ? message + length : message;
}

bool login_time_roster_from_shift(const char *agent, const char *shift, const char *days,
				  struct roster *roster, char *err, size_t errlen)
{
	static const char header[] = "agent_id,name,days,start,end\n";
	char start[6], end[6], reason[512];
	size_t size, used;
	char *csv;
	bool ok;

	memset(roster, 0, sizeof(*roster));

	if (agent[0] == '\0' || text_has_control(agent)) {
		snprintf(err, errlen, "%s",
			 _("invalid --agent: give the agent_id, without control characters"));
		return false;
	}
	if (!shift_split(shift, start, end)) {
		snprintf(err, errlen, _("invalid --shift '%s': expected HH:MM-HH:MM, as in 08:00-17:00"),
			 shift);
		return false;
	}
	if (strcmp(start, end) == 0) {
		snprintf(err, errlen,
			 _("invalid --shift '%s': the end equals the start; a shift must be shorter than 24 hours"),
			 shift);
		return false;
	}
	if (text_has_control(days)) {
		snprintf(err, errlen, "%s", _("invalid --days: control characters are not allowed"));
		return false;
	}

	/* Every byte of agent and days may double inside the quotes. */
	size = sizeof(header) + 2 * strlen(agent) + 2 * strlen(days) + 32;
	csv = malloc(size);
	if (csv == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return false;
	}

	used = (size_t)snprintf(csv, size, "%s", header);
	csv_append_quoted(csv, &used, agent);
	used += (size_t)snprintf(csv + used, size - used, ",,");
	csv_append_quoted(csv, &used, days);
	used += (size_t)snprintf(csv + used, size - used, ",%s,%s\n", start, end);

	ok = roster_parse(csv, used, "--days", roster, reason, sizeof(reason));
	if (!ok)
		snprintf(err, errlen, _("invalid --days '%s': %s"), days,
			 roster_reason(reason, "--days:2: "));

	free(csv);
	return ok;
}

void login_time_release(struct login_time_list *list)
{
	if (list == NULL)
		return;

	free(list->entries);
	memset(list, 0, sizeof(*list));
}
