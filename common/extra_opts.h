#ifndef WOLKVOX_EXTRA_OPTS_H
#define WOLKVOX_EXTRA_OPTS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * --extra-opts=[section][@file] as the monitoring-plugins define it: options
 * read from a section of an ini file, so that a secret such as the API token
 * stays out of the command line and the process list.
 *
 * The ini format: "[section]" lines (spaces inside the brackets ignored),
 * "key=value" lines (spaces around key and value ignored), comment lines
 * starting with '#' or ';', blank lines. "key=value" becomes --key=value and
 * "key=" the flag --key. A line without '=' in the section read, any
 * option line before the first section, and a NUL byte anywhere are errors;
 * other lines of other sections are not examined. A section may appear several times and its
 * options are read in file order. Values are taken as they are: no quotes
 * are removed, and a '#' after the value is part of it.
 *
 * One deviation: a one-letter key becomes "-kvalue", which getopt reads as
 * the option -k with value "value", where the monitoring-plugins write
 * "-k=value" and getopt then reads the value "=value".
 */

#define EXTRA_OPTS_OPTION "--extra-opts"

/* Largest ini file read, in bytes. */
#define EXTRA_OPTS_FILE_MAX (1024 * 1024)

/* Environment variables of the default file search. */
#define EXTRA_OPTS_FILE_VARIABLE "MP_CONFIG_FILE"
#define EXTRA_OPTS_PATH_VARIABLE "NAGIOS_CONFIG_PATH"

/* The standard places of the default file, in search order, NULL-ended. */
extern const char *const extra_opts_standard_paths[];

/* Command-line words built from an ini section; each one is owned. */
struct extra_opts_list {
	char **items;
	size_t count;
	size_t capacity;
};

enum extra_opts_status {
	EXTRA_OPTS_OK,
	EXTRA_OPTS_NO_SECTION,   /* the section does not appear in the text */
	EXTRA_OPTS_SYNTAX,       /* a line is invalid; err names the file and line */
	EXTRA_OPTS_NO_MEMORY
};

/*
 * Parses ini text[0..length) and appends the options of section to list.
 * file_name is used in messages. Returns EXTRA_OPTS_OK when the section
 * appears (even without options); on any other status list keeps what it
 * had before and err (errlen bytes) describes the problem in the words of
 * the monitoring-plugins ("Config file error", "Invalid section").
 */
enum extra_opts_status extra_opts_parse_ini(const char *text, size_t length, const char *file_name,
					    const char *section, struct extra_opts_list *list,
					    char *err, size_t errlen);

/*
 * Finds the default ini file: $MP_CONFIG_FILE when set (whether or not it
 * exists); else the first of monitoring-plugins.ini, plugins.ini and
 * nagios-plugins.ini that exists in a directory of the colon-separated
 * $NAGIOS_CONFIG_PATH; else the first existing path of standard_paths
 * (NULL-ended; pass extra_opts_standard_paths). Returns false when none is
 * found or the path does not fit in pathsize bytes.
 */
bool extra_opts_default_file(const char *const *standard_paths, char *path, size_t pathsize);

/*
 * Appends the options that one --extra-opts value selects: locator is
 * "[section][@file]" or NULL. The section defaults to default_section (the
 * plugin's name), the file to extra_opts_default_file(); "@-" reads stdin.
 * Returns false with a message in err: "Cannot find config file in any
 * standard location", "Cannot read config file 'F': reason", "Invalid
 * section 'S' in config file 'F'" or "Config file error: F:LINE: reason".
 */
bool extra_opts_load(const char *locator, const char *default_section,
		     struct extra_opts_list *list, char *err, size_t errlen);

/* Zeroes every word, because one may hold the token, then frees the list. */
void extra_opts_list_release(struct extra_opts_list *list);

/* The command line after --extra-opts is applied. */
struct extra_opts_argv {
	int argc;
	char **argv;                  /* NULL-terminated; argv[0] first */
	struct extra_opts_list owned; /* the words read from ini files */
};

/*
 * Removes every --extra-opts (as "--extra-opts", "--extra-opts=VALUE", or
 * "--extra-opts VALUE" when VALUE does not start with '-') from argv and
 * builds merged->argv: argv[0], then the ini options of each --extra-opts in
 * the order given, then the remaining arguments in their order, so that for
 * options given once the command line wins. The remaining arguments are the
 * caller's own strings, not copies, so that a program can still overwrite
 * them. Returns false with a message in err; merged is then empty.
 */
bool extra_opts_apply(int argc, char **argv, const char *plugin_name,
		      struct extra_opts_argv *merged, char *err, size_t errlen);

/* Frees what extra_opts_apply() built and zeroes merged. Safe on a zeroed
 * value. */
void extra_opts_argv_release(struct extra_opts_argv *merged);

#endif
