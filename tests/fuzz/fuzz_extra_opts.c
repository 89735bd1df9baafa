/*
 * Fuzz target for extra_opts_parse_ini(), the ini parser of --extra-opts.
 * Byte 0 picks the section read; the rest is the file's text, passed
 * without a terminating NUL.
 */
#include <stdlib.h>
#include <string.h>

#include "extra_opts.h"
#include "fuzz.h"

static const char *const sections[] = { "check_wolkvox_shift", "wolkvox", "a b", "" };

#define EARLIER_WORD "--earlier=1"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_set_zone();
	return 0;
}

/* Each word read from the file is an option: "--key[=value]" or, for a
 * one-letter key, "-k[value]". */
static void word_verify(const char *word)
{
	fuzz_require(word != NULL);
	fuzz_require(word[0] == '-' && word[1] != '\0');
	if (word[1] == '-')
		fuzz_require(word[2] != '\0' && word[2] != '=');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct extra_opts_list list = { NULL, 0, 0 };
	enum extra_opts_status status;
	const char *section;
	char err[512];
	char *text;

	if (size < 1)
		return 0;
	section = sections[data[0] % (sizeof sections / sizeof sections[0])];
	data++;
	size--;

	text = malloc(size > 0 ? size : 1);
	fuzz_require(text != NULL);
	if (size > 0)
		memcpy(text, data, size);

	/* A word already in the list must survive a failed parse. */
	list.items = malloc(sizeof *list.items);
	fuzz_require(list.items != NULL);
	list.items[0] = strdup(EARLIER_WORD);
	fuzz_require(list.items[0] != NULL);
	list.count = 1;
	list.capacity = 1;

	memset(err, 'x', sizeof err);
	status = extra_opts_parse_ini(text, size, "fuzz.ini", section, &list, err, sizeof err);
	fuzz_require(list.count >= 1 && strcmp(list.items[0], EARLIER_WORD) == 0);
	if (status == EXTRA_OPTS_OK) {
		for (size_t i = 1; i < list.count; i++)
			word_verify(list.items[i]);
	} else {
		fuzz_require(status == EXTRA_OPTS_NO_SECTION || status == EXTRA_OPTS_SYNTAX);
		fuzz_require(list.count == 1);
		fuzz_require(strnlen(err, sizeof err) > 0 && strnlen(err, sizeof err) < sizeof err);
	}

	extra_opts_list_release(&list);
	free(text);
	return 0;
}
