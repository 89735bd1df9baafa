#include "token.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "verbose.h"

/* The token given with --token, until token_load() takes it. */
static char *argument_token;

/* Longest token accepted, in bytes. wolkvox tokens are far shorter; the
 * bound keeps a wrong file (a log, a binary) from being sent as a header. */
#define TOKEN_MAX 4096

static void trim_trailing_space(char *text)
{
	size_t length = strlen(text);

	while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r' ||
			      text[length - 1] == ' ' || text[length - 1] == '\t'))
		text[--length] = '\0';
}

static bool token_is_printable(const char *token)
{
	for (const unsigned char *p = (const unsigned char *)token; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static char *read_first_line(const char *path, bool *world_readable, char *err, size_t errlen)
{
	char buffer[TOKEN_MAX + 2];
	struct stat status;
	char *token = NULL;
	FILE *file;
	int fd;

	/* O_NONBLOCK keeps a FIFO from blocking the open until the deadline;
	 * the file type check below then rejects it. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, _("cannot read token file '%s': %s"), path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
		snprintf(err, errlen, _("token file '%s' is not a regular file"), path);
		close(fd);
		return NULL;
	}
	file = fdopen(fd, "r");
	if (file == NULL) {
		snprintf(err, errlen, _("cannot read token file '%s': %s"), path, strerror(errno));
		close(fd);
		return NULL;
	}

	if ((status.st_mode & S_IROTH) != 0) {
		if (world_readable != NULL)
			*world_readable = true;
		verbose_log(1, _("warning: the token file %s can be read by other users; make it mode 0600"),
			    path);
	}

	if (fgets(buffer, sizeof(buffer), file) == NULL) {
		snprintf(err, errlen, _("token file '%s' is empty"), path);
		goto out;
	}
	if (strchr(buffer, '\n') == NULL && !feof(file)) {
		snprintf(err, errlen, _("token file '%s': the first line is longer than %d bytes"),
			 path, TOKEN_MAX);
		goto out;
	}

	trim_trailing_space(buffer);
	if (buffer[0] == '\0') {
		snprintf(err, errlen, _("token file '%s': the first line is empty"), path);
		goto out;
	}
	if (!token_is_printable(buffer)) {
		snprintf(err, errlen, _("token file '%s': the token contains control characters"), path);
		goto out;
	}

	token = strdup(buffer);
	if (token == NULL)
		snprintf(err, errlen, _("out of memory"));
out:
	explicit_bzero(buffer, sizeof(buffer));
	fclose(file);
	return token;
}

static char *read_environment(char *err, size_t errlen)
{
	const char *value = getenv(TOKEN_ENVIRONMENT_VARIABLE);
	char *token;

	if (value == NULL || value[0] == '\0') {
		snprintf(err, errlen,
			 _("no API token: give --token-file FILE, set the environment variable %s, or put token=... in an --extra-opts file"),
			 TOKEN_ENVIRONMENT_VARIABLE);
		return NULL;
	}
	if (strlen(value) > TOKEN_MAX) {
		snprintf(err, errlen, _("%s is longer than %d bytes"), TOKEN_ENVIRONMENT_VARIABLE,
			 TOKEN_MAX);
		return NULL;
	}

	token = strdup(value);
	if (token == NULL) {
		snprintf(err, errlen, _("out of memory"));
		return NULL;
	}
	trim_trailing_space(token);
	if (token[0] == '\0' || !token_is_printable(token)) {
		snprintf(err, errlen, _("%s is empty or contains control characters"),
			 TOKEN_ENVIRONMENT_VARIABLE);
		token_free(token);
		return NULL;
	}
	return token;
}

bool token_set_argument(const char *value)
{
	token_clear_argument();
	argument_token = strdup(value);
	return argument_token != NULL;
}

void token_clear_argument(void)
{
	token_free(argument_token);
	argument_token = NULL;
}

/* Takes the token of --token, checked like the other sources. */
static char *take_argument(char *err, size_t errlen)
{
	char *token = argument_token;

	argument_token = NULL;
	trim_trailing_space(token);
	if (token[0] == '\0' || strlen(token) > TOKEN_MAX || !token_is_printable(token)) {
		snprintf(err, errlen, _("--token is empty, longer than %d bytes or contains control characters"),
			 TOKEN_MAX);
		token_free(token);
		return NULL;
	}
	return token;
}

char *token_load(const char *path, bool *world_readable, char *err, size_t errlen)
{
	if (world_readable != NULL)
		*world_readable = false;

	if (path != NULL)
		return read_first_line(path, world_readable, err, errlen);
	if (argument_token != NULL)
		return take_argument(err, errlen);
	return read_environment(err, errlen);
}

#define TOKEN_REDACT_MIN 4

void token_redact(char *text, const char *token)
{
	size_t token_length;
	char *found;

	if (text == NULL || token == NULL)
		return;
	token_length = strlen(token);
	if (token_length < TOKEN_REDACT_MIN)
		return;

	found = strstr(text, token);
	while (found != NULL) {
		memset(found, '*', token_length);
		found = strstr(found + token_length, token);
	}
}

void token_free(char *token)
{
	if (token == NULL)
		return;
	explicit_bzero(token, strlen(token));
	free(token);
}
