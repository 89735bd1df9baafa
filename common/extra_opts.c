#include "extra_opts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"

const char *const extra_opts_standard_paths[] = {
	"/usr/local/etc/monitoring-plugins/monitoring-plugins.ini",
	"/usr/local/etc/monitoring-plugins.ini",
	"/etc/monitoring-plugins/monitoring-plugins.ini",
	"/etc/monitoring-plugins.ini",
	"/etc/nagios/plugins.ini",
	"/usr/local/nagios/etc/plugins.ini",
	"/usr/local/etc/nagios/plugins.ini",
	"/etc/opt/nagios/plugins.ini",
	"/etc/nagios-plugins.ini",
	"/usr/local/etc/nagios-plugins.ini",
	"/etc/opt/nagios-plugins.ini",
	NULL
};

/* File names looked for in each directory of $NAGIOS_CONFIG_PATH. */
static const char *const path_file_names[] = {
	"monitoring-plugins.ini", "plugins.ini", "nagios-plugins.ini",
};

/* One line of ini text, without its line end. */
struct line {
	const char *start;
	size_t length;
	int number;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Narrows start..length to drop blanks on both sides. */
static void trim(const char **start, size_t *length)
{
	while (*length > 0 && is_blank(**start)) {
		(*start)++;
		(*length)--;
	}
	while (*length > 0 && is_blank((*start)[*length - 1]))
		(*length)--;
}

static bool list_push(struct extra_opts_list *list, char *word)
{
	if (list->count == list->capacity) {
		size_t capacity = list->capacity == 0 ? 8 : list->capacity * 2;
		char **items = realloc(list->items, capacity * sizeof(*items));

		if (items == NULL)
			return false;
		list->items = items;
		list->capacity = capacity;
	}
	list->items[list->count++] = word;
	return true;
}

/* Removes and frees, zeroed, the words after the first keep ones. */
static void list_truncate(struct extra_opts_list *list, size_t keep)
{
	while (list->count > keep) {
		char *word = list->items[--list->count];

		explicit_bzero(word, strlen(word));
		free(word);
	}
}

void extra_opts_list_release(struct extra_opts_list *list)
{
	if (list == NULL)
		return;
	list_truncate(list, 0);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

/* Builds "--key=value", "--key", "-kvalue" or "-k". */
static char *word_build(const char *key, size_t key_length, const char *value,
			size_t value_length)
{
	const char *dashes = key_length == 1 ? "-" : "--";
	const char *equals = key_length == 1 || value_length == 0 ? "" : "=";
	size_t size = strlen(dashes) + key_length + strlen(equals) + value_length + 1;
	char *word = malloc(size);

	if (word == NULL)
		return NULL;
	snprintf(word, size, "%s%.*s%s%.*s", dashes, (int)key_length, key, equals,
		 (int)value_length, value);
	return word;
}

static enum extra_opts_status option_add(const struct line *line, const char *file_name,
					 struct extra_opts_list *list, char *err, size_t errlen)
{
	const char *equals = memchr(line->start, '=', line->length);
	const char *key = line->start;
	const char *value;
	size_t key_length, value_length;
	char *word;

	if (equals == NULL) {
		snprintf(err, errlen,
			 _("Config file error: %s:%d: '%.*s' has no '='; write 'key=value', or 'key=' for a flag"),
			 file_name, line->number, (int)line->length, line->start);
		return EXTRA_OPTS_SYNTAX;
	}
	key_length = (size_t)(equals - key);
	value = equals + 1;
	value_length = line->length - key_length - 1;
	trim(&key, &key_length);
	trim(&value, &value_length);
	if (key_length == 0) {
		snprintf(err, errlen, _("Config file error: %s:%d: no option name before '='"),
			 file_name, line->number);
		return EXTRA_OPTS_SYNTAX;
	}
	/* A key "-" would build "--", which ends option parsing, and "-x"
	 * would build the long option "--x" from a short one. */
	if (key[0] == '-') {
		snprintf(err, errlen,
			 _("Config file error: %s:%d: option name '%.*s' starts with '-'; write it without dashes"),
			 file_name, line->number, (int)key_length, key);
		return EXTRA_OPTS_SYNTAX;
	}

	word = word_build(key, key_length, value, value_length);
	if (word == NULL || !list_push(list, word)) {
		free(word);
		snprintf(err, errlen, _("out of memory"));
		return EXTRA_OPTS_NO_MEMORY;
	}
	return EXTRA_OPTS_OK;
}

/* Reads the section name of a "[name]" line. Returns false when the ']' is
 * missing. */
static bool section_name(const struct line *line, const char **name, size_t *length)
{
	const char *close = memchr(line->start, ']', line->length);

	if (close == NULL)
		return false;
	*name = line->start + 1;
	*length = (size_t)(close - *name);
	trim(name, length);
	return true;
}

/* Takes the next line from text[*offset..length) and advances *offset. */
static bool line_next(const char *text, size_t length, size_t *offset, struct line *line)
{
	const char *end;

	if (*offset >= length)
		return false;
	line->start = text + *offset;
	end = memchr(line->start, '\n', length - *offset);
	line->length = end != NULL ? (size_t)(end - line->start) : length - *offset;
	*offset += line->length + (end != NULL ? 1 : 0);
	line->number++;
	trim(&line->start, &line->length);
	return true;
}

enum extra_opts_status extra_opts_parse_ini(const char *text, size_t length, const char *file_name,
					    const char *section, struct extra_opts_list *list,
					    char *err, size_t errlen)
{
	enum { BEFORE_SECTIONS, OTHER_SECTION, WANTED_SECTION } where = BEFORE_SECTIONS;
	enum extra_opts_status status = EXTRA_OPTS_OK;
	size_t kept = list->count;
	struct line line = { NULL, 0, 0 };
	bool found = false;
	size_t offset = 0;

	while (status == EXTRA_OPTS_OK && line_next(text, length, &offset, &line)) {
		const char *name;
		size_t name_length;

		/* A NUL byte would end the word early when it is built, and a
		 * line "\0=" would become "--", which ends option parsing. */
		if (memchr(line.start, '\0', line.length) != NULL) {
			snprintf(err, errlen, _("Config file error: %s:%d: a NUL byte in the line"),
				 file_name, line.number);
			status = EXTRA_OPTS_SYNTAX;
			break;
		}
		if (line.length == 0 || line.start[0] == '#' || line.start[0] == ';')
			continue;

		if (line.start[0] == '[') {
			if (!section_name(&line, &name, &name_length)) {
				snprintf(err, errlen, _("Config file error: %s:%d: a section name lacks its ']'"),
					 file_name, line.number);
				status = EXTRA_OPTS_SYNTAX;
				break;
			}
			where = name_length == strlen(section) &&
				memcmp(name, section, name_length) == 0 ? WANTED_SECTION : OTHER_SECTION;
			found = found || where == WANTED_SECTION;
			continue;
		}

		if (where == BEFORE_SECTIONS) {
			snprintf(err, errlen, _("Config file error: %s:%d: an option before the first [section]"),
				 file_name, line.number);
			status = EXTRA_OPTS_SYNTAX;
		} else if (where == WANTED_SECTION) {
			status = option_add(&line, file_name, list, err, errlen);
		}
	}

	if (status == EXTRA_OPTS_OK && !found) {
		snprintf(err, errlen, _("Invalid section '%s' in config file '%s'"), section, file_name);
		status = EXTRA_OPTS_NO_SECTION;
	}
	if (status != EXTRA_OPTS_OK)
		list_truncate(list, kept);
	return status;
}

static bool file_exists(const char *path)
{
	struct stat status;

	return stat(path, &status) == 0;
}

/* Looks for the file names of path_file_names in each directory of the
 * colon-separated list. */
static bool search_config_path(const char *directories, char *path, size_t pathsize)
{
	const char *start = directories;

	while (*start != '\0') {
		size_t length = strcspn(start, ":");

		for (size_t i = 0; length > 0 && i < sizeof(path_file_names) / sizeof(path_file_names[0]); i++) {
			if (snprintf(path, pathsize, "%.*s/%s", (int)length, start, path_file_names[i]) <
				    (int)pathsize &&
			    file_exists(path))
				return true;
		}
		start += length;
		if (*start == ':')
			start++;
	}
	return false;
}

bool extra_opts_default_file(const char *const *standard_paths, char *path, size_t pathsize)
{
	const char *file = getenv(EXTRA_OPTS_FILE_VARIABLE);
	const char *directories = getenv(EXTRA_OPTS_PATH_VARIABLE);

	if (file != NULL && file[0] != '\0')
		return snprintf(path, pathsize, "%s", file) < (int)pathsize;
	if (directories != NULL && search_config_path(directories, path, pathsize))
		return true;
	for (size_t i = 0; standard_paths != NULL && standard_paths[i] != NULL; i++) {
		if (file_exists(standard_paths[i]))
			return snprintf(path, pathsize, "%s", standard_paths[i]) < (int)pathsize;
	}
	return false;
}

/* Reads a whole file, or stdin for "-", into a newly allocated buffer. */
static char *file_read(const char *path, size_t *length, char *err, size_t errlen)
{
	FILE *file = strcmp(path, "-") == 0 ? stdin : fopen(path, "re");
	char *text = NULL;
	size_t used = 0;

	if (file == NULL) {
		snprintf(err, errlen, _("Cannot read config file '%s': %s"), path, strerror(errno));
		return NULL;
	}
	text = malloc(EXTRA_OPTS_FILE_MAX + 1);
	if (text == NULL) {
		snprintf(err, errlen, _("out of memory"));
		goto out;
	}

	used = fread(text, 1, (size_t)EXTRA_OPTS_FILE_MAX + 1, file);
	if (ferror(file) || used > (size_t)EXTRA_OPTS_FILE_MAX) {
		if (used > (size_t)EXTRA_OPTS_FILE_MAX)
			snprintf(err, errlen, _("Cannot read config file '%s': larger than %d bytes"),
				 path, EXTRA_OPTS_FILE_MAX);
		else
			snprintf(err, errlen, _("Cannot read config file '%s': %s"), path,
				 strerror(errno));
		explicit_bzero(text, used);
		free(text);
		text = NULL;
		goto out;
	}
	*length = used;
out:
	if (file != stdin)
		fclose(file);
	return text;
}

/* Splits "[section][@file]" into its two parts. Returns false when out of
 * memory or the default file is not found. */
static bool locator_split(const char *locator, const char *default_section, char **section,
			  char *path, size_t pathsize, char *err, size_t errlen)
{
	size_t section_length = locator != NULL ? strcspn(locator, "@") : 0;

	if (section_length > 0)
		*section = strndup(locator, section_length);
	else
		*section = strdup(default_section);
	if (*section == NULL) {
		snprintf(err, errlen, _("out of memory"));
		return false;
	}

	if (locator != NULL && locator[section_length] == '@') {
		if (snprintf(path, pathsize, "%s", locator + section_length + 1) >= (int)pathsize) {
			snprintf(err, errlen, _("Cannot read config file: the path is too long"));
			return false;
		}
		return true;
	}
	if (!extra_opts_default_file(extra_opts_standard_paths, path, pathsize)) {
		snprintf(err, errlen, _("Cannot find config file in any standard location"));
		return false;
	}
	return true;
}

bool extra_opts_load(const char *locator, const char *default_section,
		     struct extra_opts_list *list, char *err, size_t errlen)
{
	char path[4096];
	char *section = NULL;
	char *text = NULL;
	size_t length = 0;
	bool ok = false;

	if (!locator_split(locator, default_section, &section, path, sizeof(path), err, errlen))
		goto out;
	text = file_read(path, &length, err, errlen);
	if (text == NULL)
		goto out;

	ok = extra_opts_parse_ini(text, length, strcmp(path, "-") == 0 ? "stdin" : path, section,
				  list, err, errlen) == EXTRA_OPTS_OK;
	explicit_bzero(text, length);
out:
	free(text);
	free(section);
	return ok;
}

/* Returns true for "-x" and "--x" words, as the monitoring-plugins decide
 * whether the word after --extra-opts is its value. */
static bool is_option(const char *word)
{
	size_t dashes = strspn(word, "-");

	return dashes == 1 || dashes == 2;
}

void extra_opts_argv_release(struct extra_opts_argv *merged)
{
	if (merged == NULL)
		return;
	free(merged->argv);
	extra_opts_list_release(&merged->owned);
	memset(merged, 0, sizeof(*merged));
}

/* Loads the ini options of every --extra-opts into merged->owned and keeps
 * the other arguments in rest. */
static bool arguments_split(int argc, char **argv, const char *plugin_name,
			    struct extra_opts_argv *merged, char **rest, int *rest_count,
			    char *err, size_t errlen)
{
	size_t prefix_length = strlen(EXTRA_OPTS_OPTION);

	*rest_count = 0;
	for (int i = 1; i < argc; i++) {
		const char *word = argv[i];
		const char *locator = NULL;

		if (strncmp(word, EXTRA_OPTS_OPTION, prefix_length) != 0 ||
		    (word[prefix_length] != '\0' && word[prefix_length] != '=')) {
			rest[(*rest_count)++] = argv[i];
			continue;
		}

		if (word[prefix_length] == '=')
			locator = word + prefix_length + 1;
		else if (i + 1 < argc && !is_option(argv[i + 1]))
			locator = argv[++i];

		if (!extra_opts_load(locator, plugin_name, &merged->owned, err, errlen))
			return false;
	}
	return true;
}

bool extra_opts_apply(int argc, char **argv, const char *plugin_name,
		      struct extra_opts_argv *merged, char *err, size_t errlen)
{
	char **rest = NULL;
	int rest_count = 0;
	int count = 0;

	memset(merged, 0, sizeof(*merged));
	rest = calloc((size_t)(argc > 0 ? argc : 1), sizeof(*rest));
	if (rest == NULL) {
		snprintf(err, errlen, _("out of memory"));
		return false;
	}
	if (!arguments_split(argc, argv, plugin_name, merged, rest, &rest_count, err, errlen))
		goto fail;

	merged->argv = calloc(merged->owned.count + (size_t)rest_count + 2, sizeof(*merged->argv));
	if (merged->argv == NULL) {
		snprintf(err, errlen, _("out of memory"));
		goto fail;
	}
	if (argc > 0)
		merged->argv[count++] = argv[0];
	for (size_t i = 0; i < merged->owned.count; i++)
		merged->argv[count++] = merged->owned.items[i];
	for (int i = 0; i < rest_count; i++)
		merged->argv[count++] = rest[i];
	merged->argv[count] = NULL;
	merged->argc = count;
	free(rest);
	return true;

fail:
	free(rest);
	extra_opts_argv_release(merged);
	return false;
}
