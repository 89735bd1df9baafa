#ifndef WOLKVOX_FUZZ_H
#define WOLKVOX_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Helpers shared by the libFuzzer targets in tests/fuzz. A target checks the
 * contract of the code it drives with fuzz_require(), which stops the run
 * with a trap that libFuzzer records as a crash, together with the input.
 */

/* Traps when condition is false. A macro, so that the crash report points
 * at the line of the failed check. */
#define fuzz_require(condition) \
	do { \
		if (!(condition)) \
			__builtin_trap(); \
	} while (0)

/* The libFuzzer entry points, declared here because libFuzzer ships no
 * header for them. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Makes America/Bogota the zone of every time conversion, as the plugins do
 * by default. Traps when the zone is not installed (tzdata). */
void fuzz_set_zone(void);

/* Returns a NUL-terminated copy of data[0..size), or traps when out of
 * memory. A NUL byte inside data ends the string early, as it would for a
 * C caller. The caller frees the copy. */
char *fuzz_string(const uint8_t *data, size_t size);

/* Returns true when text[0..length) is well-formed UTF-8 (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF). Written apart from
 * the product's own check so that the two can disagree. */
bool fuzz_utf8_valid(const char *text, size_t length);

/* Returns true when text contains an ASCII control character (below 0x20
 * or 0x7F) other than those in allowed, or a C1 control character (U+0080 to
 * U+009F). text must be valid UTF-8. */
bool fuzz_has_control(const char *text, const char *allowed);

/* Returns true when text contains a bidirectional formatting character:
 * U+200E, U+200F, U+202A to U+202E or U+2066 to U+2069. */
bool fuzz_has_bidi(const char *text);

#endif
