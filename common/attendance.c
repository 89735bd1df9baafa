#include "attendance.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "session_index.h"
#include "timeutil.h"

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

/* Finds the first session overlapping [start, now] and the display name,
 * then sets the verdict. Sessions of an agent are sorted by login, so the
 * first overlapping one found is the earliest. */
static void entry_judge(struct attendance_entry *entry, const struct session_index *index,
			time_t now, time_t grace)
{
	const char *agent = entry->shift->agent;
	const char *report_name = NULL;

	for (size_t i = session_index_find(index, agent); session_index_matches(index, i, agent);
	     i++) {
		const struct session *session = index->items[i];
		bool overlaps = session->login <= now && (session->open || session->logout > entry->start);

		if (report_name == NULL && session->agent_name != NULL && session->agent_name[0] != '\0')
			report_name = session->agent_name;

		if (overlaps && !entry->has_login) {
			entry->has_login = true;
			entry->first_login = session->login;
		}
	}

	if (entry->shift->name[0] != '\0')
		entry->name = entry->shift->name;
	else if (report_name != NULL)
		entry->name = report_name;
	else
		entry->name = agent;

	if (!entry->has_login)
		entry->attendance = ATTENDANCE_ABSENT;
	else if (entry->first_login > entry->start + grace)
		entry->attendance = ATTENDANCE_LATE;
	else
		entry->attendance = ATTENDANCE_ON_TIME;
}

static bool list_append(struct attendance_list *list, size_t *capacity,
			const struct attendance_entry *entry)
{
	if (list->count == *capacity) {
		size_t new_capacity = *capacity > 0 ? *capacity * 2 : 64;
		struct attendance_entry *grown;

		if (new_capacity > SIZE_MAX / sizeof(*grown))
			return false;

		grown = realloc(list->entries, new_capacity * sizeof(*grown));
		if (grown == NULL)
			return false;

		list->entries = grown;
		*capacity = new_capacity;
	}

	list->entries[list->count++] = *entry;
	return true;
}

/* Appends the instance of shift starting on date when it is due at now. */
static bool list_add_if_due(struct attendance_list *list, size_t *capacity,
			    const struct roster *roster, const struct roster_shift *shift,
			    const struct civil_time *date, time_t now, time_t grace)
{
	struct attendance_entry entry = { 0 };

	if (!roster_shift_on(roster, shift, date))
		return true;

	/* A start or end that the zone cannot represent leaves nothing to judge. */
	if (!shift_instance_times(shift, date, &entry.start, &entry.end))
		return true;

	if (entry.start + grace > now || now >= entry.end)
		return true;

	entry.shift = shift;
	return list_append(list, capacity, &entry);
}

static int entry_compare(const void *a, const void *b)
{
	const struct attendance_entry *left = a;
	const struct attendance_entry *right = b;
	int order;

	if (left->start != right->start)
		return left->start < right->start ? -1 : 1;

	order = strcmp(left->name, right->name);
	if (order != 0)
		return order;

	order = strcmp(left->shift->agent, right->shift->agent);
	if (order != 0)
		return order;

	return (left->shift->line > right->shift->line) - (left->shift->line < right->shift->line);
}

static void list_count(struct attendance_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		switch (list->entries[i].attendance) {
		case ATTENDANCE_ON_TIME:
			list->on_time++;
			break;
		case ATTENDANCE_LATE:
			list->late++;
			break;
		case ATTENDANCE_ABSENT:
			list->absent++;
			break;
		}
	}
}

bool attendance_evaluate(const struct roster *roster, const struct report *report,
			 time_t now, int grace_minutes, const char *team,
			 struct attendance_list *list, char *err, size_t errlen)
{
	struct session_index index = { 0 };
	struct civil_time today, yesterday;
	time_t grace = (time_t)grace_minutes * 60;
	size_t capacity = 0;
	bool ok = false;

	memset(list, 0, sizeof(*list));

	if (!session_index_build(&index, report, roster->key))
		goto out;

	/* A due shift started less than a day ago: yesterday or today. */
	epoch_to_civil(now, &today);
	yesterday = today;
	civil_add_days(&yesterday, -1);

	for (size_t i = 0; i < roster->shift_count; i++) {
		const struct roster_shift *shift = &roster->shifts[i];

		if (team != NULL && strcmp(shift->team, team) != 0)
			continue;

		if (!list_add_if_due(list, &capacity, roster, shift, &yesterday, now, grace) ||
		    !list_add_if_due(list, &capacity, roster, shift, &today, now, grace))
			goto out;
	}

	for (size_t i = 0; i < list->count; i++)
		entry_judge(&list->entries[i], &index, now, grace);

	if (list->count > 0)
		qsort(list->entries, list->count, sizeof(list->entries[0]), entry_compare);

	list_count(list);
	ok = true;

out:
	if (!ok) {
		snprintf(err, errlen, "%s", _("out of memory while evaluating shift attendance"));
		attendance_release(list);
	}

	session_index_release(&index);
	return ok;
}

void attendance_release(struct attendance_list *list)
{
	if (list == NULL)
		return;

	free(list->entries);
	memset(list, 0, sizeof(*list));
}

bool attendance_check_key(const struct roster *roster, const struct report *report,
			  char *err, size_t errlen)
{
	if (roster->key != ROSTER_KEY_AGENT_DNI || report->count == 0)
		return true;

	for (size_t i = 0; i < report->count; i++)
		if (report->sessions[i].agent_dni != NULL && report->sessions[i].agent_dni[0] != '\0')
			return true;

	snprintf(err, errlen,
		 _("the roster matches agents on agent_dni, but none of the report's %zu sessions has an agent_dni; use an agent_id column"),
		 report->count);
	return false;
}
