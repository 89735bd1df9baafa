#include "output_json.h"

#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUMBER_TEXT_MAX 400

/* Adds a number formatted as in perfdata ("%.*f" with a '.' radix) so that
 * the JSON and the Nagios text show the same digits. */
static bool object_add_number(struct json_object *object, const char *key, double value,
			      int decimals)
{
	char text[NUMBER_TEXT_MAX];
	struct json_object *number;

	snprintf(text, sizeof(text), "%.*f", decimals, value);
	for (char *c = text; *c != '\0'; c++)
		if (*c == ',')
			*c = '.';

	number = json_object_new_double_s(value, text);
	if (number == NULL)
		return false;
	return json_object_object_add(object, key, number) == 0;
}

static bool object_add_string(struct json_object *object, const char *key, const char *value)
{
	struct json_object *text = json_object_new_string(value != NULL ? value : "");

	if (text == NULL)
		return false;
	return json_object_object_add(object, key, text) == 0;
}

static struct json_object *perfdata_to_json(const struct perfdata *item)
{
	struct json_object *object = json_object_new_object();
	bool ok;

	if (object == NULL)
		return NULL;

	ok = object_add_number(object, "value", item->value, item->decimals) &&
	     object_add_string(object, "uom", item->uom);
	if (ok && item->warning != NULL)
		ok = object_add_string(object, "warn", item->warning);
	if (ok && item->critical != NULL)
		ok = object_add_string(object, "crit", item->critical);
	if (ok && item->has_min)
		ok = object_add_number(object, "min", item->min, item->decimals);
	if (ok && item->has_max)
		ok = object_add_number(object, "max", item->max, item->decimals);

	if (!ok) {
		json_object_put(object);
		return NULL;
	}
	return object;
}

static bool result_add_members(struct json_object *root, const struct result *result)
{
	struct json_object *lines = json_object_new_array();
	struct json_object *perfdata = json_object_new_object();

	if (lines == NULL || perfdata == NULL ||
	    json_object_object_add(root, "long_output", lines) != 0) {
		json_object_put(lines);
		json_object_put(perfdata);
		return false;
	}
	if (json_object_object_add(root, "perfdata", perfdata) != 0) {
		json_object_put(perfdata);
		return false;
	}

	for (size_t i = 0; i < result->line_count; i++) {
		struct json_object *line = json_object_new_string(result->lines[i]);

		if (line == NULL || json_object_array_add(lines, line) != 0) {
			json_object_put(line);
			return false;
		}
	}
	for (size_t i = 0; i < result->perfdata_count; i++) {
		struct json_object *item = perfdata_to_json(&result->perfdata[i]);

		if (item == NULL ||
		    json_object_object_add(perfdata, result->perfdata[i].label, item) != 0) {
			json_object_put(item);
			return false;
		}
	}
	return true;
}

static char *json_to_line(struct json_object *root)
{
	const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
							  JSON_C_TO_STRING_NOSLASHESCAPE);
	char *line = NULL;

	if (text != NULL && asprintf(&line, "%s\n", text) < 0)
		line = NULL;
	return line;
}

char *result_format_json(const struct result *result)
{
	struct json_object *root = json_object_new_object();
	char *line = NULL;

	if (root == NULL)
		return NULL;

	if (object_add_string(root, "service", result->service) &&
	    object_add_string(root, "state", state_name(result->state)) &&
	    json_object_object_add(root, "exit_code", json_object_new_int((int)result->state)) == 0 &&
	    object_add_string(root, "summary", result->summary) &&
	    result_add_members(root, result))
		line = json_to_line(root);

	json_object_put(root);
	return line;
}

static bool seen_before(const struct roster *roster, size_t index, enum discovery_kind kind)
{
	const struct roster_shift *current = &roster->shifts[index];

	for (size_t i = 0; i < index; i++) {
		const struct roster_shift *earlier = &roster->shifts[i];

		if (kind == DISCOVERY_AGENTS && strcmp(earlier->agent, current->agent) == 0)
			return true;
		if (kind == DISCOVERY_TEAMS && strcmp(earlier->team, current->team) == 0)
			return true;
	}
	return false;
}

static struct json_object *discovery_entry(const struct roster_shift *shift,
					   enum discovery_kind kind)
{
	struct json_object *entry = json_object_new_object();
	bool ok;

	if (entry == NULL)
		return NULL;
	if (kind == DISCOVERY_AGENTS)
		ok = object_add_string(entry, "{#AGENT.ID}", shift->agent) &&
		     object_add_string(entry, "{#AGENT.NAME}", shift->name) &&
		     object_add_string(entry, "{#TEAM}", shift->team);
	else
		ok = object_add_string(entry, "{#TEAM}", shift->team);

	if (!ok) {
		json_object_put(entry);
		return NULL;
	}
	return entry;
}

/* NOTE: finding repeats compares each row with the rows before it, which is
 * quadratic in roster rows. Discovery runs far less often than the checks. */
char *discovery_format_json(const struct roster *roster, enum discovery_kind kind,
			    const char *team)
{
	struct json_object *list = json_object_new_array();
	char *line = NULL;

	if (list == NULL)
		return NULL;

	for (size_t i = 0; i < roster->shift_count; i++) {
		const struct roster_shift *shift = &roster->shifts[i];
		struct json_object *entry;

		if (team != NULL && strcmp(shift->team, team) != 0)
			continue;
		if (kind == DISCOVERY_TEAMS && shift->team[0] == '\0')
			continue;
		if (seen_before(roster, i, kind))
			continue;

		entry = discovery_entry(shift, kind);
		if (entry == NULL || json_object_array_add(list, entry) != 0) {
			json_object_put(entry);
			goto out;
		}
	}
	line = json_to_line(list);
out:
	json_object_put(list);
	return line;
}
