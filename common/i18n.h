#ifndef WOLKVOX_I18N_H
#define WOLKVOX_I18N_H

#include <libintl.h>

/* Marks and translates a user-facing message through gettext. Perfdata
 * labels, state words, option names and JSON keys are never wrapped. */
#define _(text) gettext(text)

/* Marks a message for the catalogue without translating it in place. */
#define N_(text) (text)

#endif
