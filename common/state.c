#include "state.h"

#include <stddef.h>

/* State words indexed by the state's exit code. */
static const char *const state_names[] = {
	[STATE_OK] = "OK",
	[STATE_WARNING] = "WARNING",
	[STATE_CRITICAL] = "CRITICAL",
	[STATE_UNKNOWN] = "UNKNOWN"
};

static bool state_is_valid(enum plugin_state state)
{
	return state == STATE_OK || state == STATE_WARNING ||
	       state == STATE_CRITICAL || state == STATE_UNKNOWN;
}

const char *state_name(enum plugin_state state)
{
	if (!state_is_valid(state))
		return state_names[STATE_UNKNOWN];

	return state_names[state];
}

static char ascii_lower(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');

	return c;
}

/* Compares text with a lowercase ASCII word, ignoring ASCII case only, so the
 * result does not depend on LC_CTYPE (no Turkish dotless i surprises). */
static bool ascii_equal_nocase(const char *text, const char *word)
{
	while (*text != '\0' && *word != '\0') {
		if (ascii_lower(*text) != *word)
			return false;
		text++;
		word++;
	}

	return *text == '\0' && *word == '\0';
}

bool state_parse(const char *text, enum plugin_state *state)
{
	static const char *const words[] = { "ok", "warning", "critical", "unknown" };
	static const enum plugin_state states[] = {
		STATE_OK, STATE_WARNING, STATE_CRITICAL, STATE_UNKNOWN
	};

	if (text == NULL || state == NULL)
		return false;

	if (text[0] >= '0' && text[0] <= '3' && text[1] == '\0') {
		*state = (enum plugin_state)(text[0] - '0');
		return true;
	}

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (ascii_equal_nocase(text, words[i])) {
			*state = states[i];
			return true;
		}
	}

	return false;
}

/* Position in the merge order OK < WARNING < UNKNOWN < CRITICAL. */
static int state_severity(enum plugin_state state)
{
	switch (state) {
	case STATE_OK:
		return 0;
	case STATE_WARNING:
		return 1;
	case STATE_UNKNOWN:
		return 2;
	case STATE_CRITICAL:
		return 3;
	}

	return 2;
}

/* A value outside the enum merges as UNKNOWN, because its meaning is not
 * known. */
enum plugin_state state_worst(enum plugin_state a, enum plugin_state b)
{
	if (!state_is_valid(a))
		a = STATE_UNKNOWN;
	if (!state_is_valid(b))
		b = STATE_UNKNOWN;

	if (state_severity(b) > state_severity(a))
		return b;

	return a;
}
