#ifndef WOLKVOX_OUTPUT_JSON_H
#define WOLKVOX_OUTPUT_JSON_H

#include "output.h"
#include "roster.h"

/*
 * Machine-readable output for Zabbix and scripts: the same result as the
 * Nagios text, as one JSON object, and low-level discovery (LLD) lists of the
 * roster's agents and teams. Keys and numbers never change with the locale
 * or the language; the summary and long-output lines are the translated,
 * sanitized texts.
 */

/*
 * Returns the result as one line of JSON followed by a newline:
 *
 *   {"service":"WOLKVOX SHIFT","state":"WARNING","exit_code":1,
 *    "summary":"...","long_output":["..."],
 *    "perfdata":{"absent":{"value":3,"uom":"","warn":"0","crit":"2",
 *                          "min":0,"max":25}}}
 *
 * A perfdata field that is not set is left out. Numbers use '.' whatever the
 * locale. Returns NULL when out of memory; the caller frees the text.
 */
char *result_format_json(const struct result *result);

enum discovery_kind {
	DISCOVERY_AGENTS,
	DISCOVERY_TEAMS
};

/*
 * Returns Zabbix low-level discovery JSON for the roster, one object per
 * agent ({"{#AGENT.ID}":"1001","{#AGENT.NAME}":"Ana Pérez","{#TEAM}":"sales"})
 * or per team ({"{#TEAM}":"sales"}), each listed once, in roster order.
 * {#AGENT.ID} is the roster's key (agent_id or agent_dni). team, when not
 * NULL, keeps only that team's rows. Exception rows are not agents of their
 * own. Returns NULL when out of memory; the caller frees the text.
 */
char *discovery_format_json(const struct roster *roster, enum discovery_kind kind,
			    const char *team);

#endif
