#ifndef WOLKVOX_STATE_H
#define WOLKVOX_STATE_H

#include <stdbool.h>

/* Service states with the exit codes the Nagios plugin API assigns them. */
enum plugin_state {
	STATE_OK = 0,
	STATE_WARNING = 1,
	STATE_CRITICAL = 2,
	STATE_UNKNOWN = 3
};

/* Returns "OK", "WARNING", "CRITICAL" or "UNKNOWN". These words are never
 * translated, because monitoring cores and people grep for them. */
const char *state_name(enum plugin_state state);

/* Parses "ok", "warning", "critical" or "unknown" (any case) or the digits
 * 0 to 3. Returns false and leaves *state unchanged on any other text. */
bool state_parse(const char *text, enum plugin_state *state);

/* Returns the more severe of two states, in the order
 * OK < WARNING < UNKNOWN < CRITICAL that monitoring cores use to merge. */
enum plugin_state state_worst(enum plugin_state a, enum plugin_state b);

#endif
