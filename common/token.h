#ifndef WOLKVOX_TOKEN_H
#define WOLKVOX_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The API token. It is read from a file (the first line) or from the
 * environment variable WOLKVOX_TOKEN, never printed, and its memory is
 * zeroed before it is freed.
 */

/* Environment variable read when no token file is given. */
#define TOKEN_ENVIRONMENT_VARIABLE "WOLKVOX_TOKEN"

/*
 * Loads the token from path when it is not NULL, else from the environment.
 * Trailing "\r", "\n", spaces and tabs are removed. Sets *world_readable when
 * the file can be read by users other than its owner and group. Returns a
 * newly allocated token, or NULL with a message in err when the file cannot
 * be read, is empty, or the variable is unset or empty. The message never
 * contains the token. Free the token with token_free().
 */
char *token_load(const char *path, bool *world_readable, char *err, size_t errlen);

/* Zeroes and frees a token. Safe on NULL. */
void token_free(char *token);

#endif
