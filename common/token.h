#ifndef WOLKVOX_TOKEN_H
#define WOLKVOX_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The API token. It is read from a file (the first line), from --token on
 * the command line (visible in the process list until the plugin wipes its
 * copy there) or from the environment variable WOLKVOX_TOKEN, never printed,
 * and its memory is zeroed before it is freed.
 */

/* Environment variable read when no token file is given. */
#define TOKEN_ENVIRONMENT_VARIABLE "WOLKVOX_TOKEN"

/*
 * Keeps a copy of a token given on the command line, for the next
 * token_load() without a path. A later call replaces it. Returns false when
 * out of memory.
 */
bool token_set_argument(const char *value);

/* Zeroes and drops the token kept by token_set_argument(). */
void token_clear_argument(void);

/*
 * Loads the token from path when it is not NULL, else takes the token kept
 * by token_set_argument() (which is then forgotten), else reads the
 * environment.
 * Trailing "\r", "\n", spaces and tabs are removed. Sets *world_readable when
 * the file can be read by users other than its owner and group, and then
 * also logs a warning at verbosity 1 and above. Returns a
 * newly allocated token, or NULL with a message in err when the file cannot
 * be read, is empty, or the variable is unset or empty. The message never
 * contains the token. Free the token with token_free().
 */
char *token_load(const char *path, bool *world_readable, char *err, size_t errlen);

/* Overwrites every occurrence of token in text with '*', in place, so that a
 * server echoing the token back (in an error message, a title, a redirect)
 * cannot bring it to the plugin output. Tokens shorter than 4 bytes are
 * left alone, because masking them would garble ordinary text. Safe on NULL
 * text or token. */
void token_redact(char *text, const char *token);

/* Zeroes and frees a token. Safe on NULL. */
void token_free(char *token);

#endif
