#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeutil.h"

void fuzz_set_zone(void)
{
	char err[256];

	if (!timeutil_set_zone("America/Bogota", err, sizeof err)) {
		fprintf(stderr, "fuzz: %s\n", err);
		__builtin_trap();
	}
}

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	fuzz_require(text != NULL);
	if (size > 0)
		memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

/* Returns the length of the sequence at bytes[0..length), or 0 when it is
 * not well-formed. */
static size_t utf8_sequence(const unsigned char *bytes, size_t length)
{
	unsigned long code_point;
	size_t needed;

	if (bytes[0] < 0x80)
		return 1;
	if ((bytes[0] & 0xE0) == 0xC0) {
		needed = 2;
		code_point = bytes[0] & 0x1F;
	} else if ((bytes[0] & 0xF0) == 0xE0) {
		needed = 3;
		code_point = bytes[0] & 0x0F;
	} else if ((bytes[0] & 0xF8) == 0xF0) {
		needed = 4;
		code_point = bytes[0] & 0x07;
	} else {
		return 0;
	}

	if (length < needed)
		return 0;
	for (size_t i = 1; i < needed; i++) {
		if ((bytes[i] & 0xC0) != 0x80)
			return 0;
		code_point = (code_point << 6) | (bytes[i] & 0x3F);
	}

	if ((needed == 2 && code_point < 0x80) || (needed == 3 && code_point < 0x800) ||
	    (needed == 4 && code_point < 0x10000))
		return 0;
	if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
		return 0;
	return needed;
}

bool fuzz_utf8_valid(const char *text, size_t length)
{
	const unsigned char *bytes = (const unsigned char *)text;
	size_t i = 0;

	while (i < length) {
		size_t sequence = utf8_sequence(bytes + i, length - i);

		if (sequence == 0)
			return false;
		i += sequence;
	}
	return true;
}

bool fuzz_has_control(const char *text, const char *allowed)
{
	const unsigned char *bytes = (const unsigned char *)text;

	for (size_t i = 0; bytes[i] != '\0'; i++) {
		bool ascii_control = bytes[i] < 0x20 || bytes[i] == 0x7F;

		if (ascii_control && strchr(allowed, bytes[i]) == NULL)
			return true;
		if (bytes[i] == 0xC2 && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9F)
			return true;
	}
	return false;
}

bool fuzz_has_bidi(const char *text)
{
	const unsigned char *bytes = (const unsigned char *)text;

	for (size_t i = 0; bytes[i] != '\0'; i++) {
		bool mark = bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x8E || bytes[i + 2] == 0x8F);
		bool embedding = bytes[i + 1] == 0x80 && bytes[i + 2] >= 0xAA && bytes[i + 2] <= 0xAE;
		bool isolate = bytes[i + 1] == 0x81 && bytes[i + 2] >= 0xA6 && bytes[i + 2] <= 0xA9;

		/* All three forms start with 0xE2; bytes[i + 1] is 0 at the end of
		 * text, so bytes[i + 2] is read only inside the string. */
		if (bytes[i] == 0xE2 && (mark || embedding || isolate))
			return true;
	}
	return false;
}
