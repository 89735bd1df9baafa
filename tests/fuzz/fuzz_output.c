/*
 * Fuzz target for text_sanitize(), utf8_prefix_length() and result_format().
 *
 * Input layout: byte 0 contains the state (bits 0-1) and the number of perfdata
 * items (bits 2-3); each item then takes 10 bytes (a double's bytes, the
 * decimals, the unit); the rest is split at NUL bytes into the summary and
 * the long-output lines. The output must be valid UTF-8 within the size
 * limits of output.h, with no '|' in the status text and no control or
 * bidirectional formatting character but the line ends.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "output.h"

#define SERVICE "WOLKVOX FUZZ"
#define ITEM_BYTES 10

static const char *const units[] = { "", "s", "%", "B", "c", "ms", NULL };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_set_zone();
	return 0;
}

static bool text_is_clean(const char *text)
{
	return strchr(text, '|') == NULL && !fuzz_has_control(text, "") && !fuzz_has_bidi(text);
}

/* Checks text_sanitize() and utf8_prefix_length() on one piece of input. */
static void sanitize_check(const char *text, size_t limit)
{
	size_t length = strlen(text);
	size_t prefix = utf8_prefix_length(text, length, limit);
	char *clean = text_sanitize(text);

	fuzz_require(clean != NULL);
	fuzz_require(fuzz_utf8_valid(clean, strlen(clean)));
	fuzz_require(text_is_clean(clean));
	fuzz_require(strlen(clean) <= 3 * length);
	if (fuzz_utf8_valid(text, length) && text_is_clean(text))
		fuzz_require(strcmp(clean, text) == 0);
	free(clean);

	fuzz_require(prefix <= length && prefix <= limit);
	fuzz_require(prefix + 3 >= (length < limit ? length : limit));
	if (fuzz_utf8_valid(text, length))
		fuzz_require(fuzz_utf8_valid(text, prefix));
}

/* Adds one perfdata item read from 10 bytes, and checks that it was taken
 * exactly when it is valid. */
static void perfdata_add(struct result *result, const uint8_t *bytes, size_t index)
{
	struct perfdata item = { .warning = "10", .critical = "~:20", .has_min = true };
	const char *uom = units[bytes[9] % (sizeof units / sizeof units[0])];
	bool valid;

	memcpy(&item.value, bytes, sizeof item.value);
	item.decimals = bytes[8] % 12;
	item.uom = uom;
	item.label[0] = (char)('a' + index);
	item.has_max = bytes[8] & 0x80;
	item.max = 1e300;

	valid = isfinite(item.value) && item.decimals <= 9 && (uom == NULL || strlen(uom) <= 1);
	fuzz_require(result_add_perfdata(result, &item) == valid);
}

/* Checks the formatted output against output.h. */
static void output_verify(const char *buf, size_t length, enum plugin_state state,
			  size_t perfdata_count)
{
	const char *line_end = strchr(buf, '\n');
	const char *pipe = strchr(buf, '|');
	size_t status_length;

	fuzz_require(length < OUTPUT_TOTAL_MAX);
	fuzz_require(strlen(buf) == length);
	fuzz_require(fuzz_utf8_valid(buf, length));
	fuzz_require(!fuzz_has_control(buf, "\n"));
	fuzz_require(!fuzz_has_bidi(buf));
	fuzz_require(length > 0 && buf[length - 1] == '\n');

	fuzz_require(strncmp(buf, SERVICE " ", strlen(SERVICE " ")) == 0);
	fuzz_require(strncmp(buf + strlen(SERVICE " "), state_name(state), strlen(state_name(state))) == 0);

	fuzz_require(line_end != NULL);
	fuzz_require(pipe == NULL || strchr(pipe + 1, '|') == NULL);
	fuzz_require(pipe == NULL || pipe < line_end);
	fuzz_require(perfdata_count > 0 || pipe == NULL);

	status_length = pipe != NULL ? (size_t)(pipe - buf) - 1 : (size_t)(line_end - buf);
	fuzz_require(pipe == NULL || pipe[-1] == ' ');
	fuzz_require(status_length <= OUTPUT_STATUS_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result result;
	enum plugin_state state;
	size_t items;
	size_t accepted = 0;
	char *text;
	char *buf;
	size_t length;

	if (size < 1)
		return 0;
	state = (enum plugin_state)(data[0] & 3);
	items = (data[0] >> 2) & 3;
	data++;
	size--;

	fuzz_require(result_init(&result, SERVICE));
	result.state = state;
	for (size_t i = 0; i < items && size >= ITEM_BYTES; i++) {
		size_t before = result.perfdata_count;

		perfdata_add(&result, data, i);
		accepted += result.perfdata_count - before;
		data += ITEM_BYTES;
		size -= ITEM_BYTES;
	}

	text = fuzz_string(data, size);
	for (size_t offset = 0; offset <= size; offset += strlen(text + offset) + 1) {
		const char *piece = text + offset;

		sanitize_check(piece, (size_t)(unsigned char)piece[0]);
		if (offset == 0)
			fuzz_require(result_set_summary(&result, "%s", piece));
		else
			fuzz_require(result_add_line(&result, "%s", piece));
	}

	buf = malloc(OUTPUT_TOTAL_MAX);
	fuzz_require(buf != NULL);
	length = result_format(&result, buf, OUTPUT_TOTAL_MAX);
	output_verify(buf, length, state, accepted);

	free(buf);
	free(text);
	result_release(&result);
	return 0;
}
