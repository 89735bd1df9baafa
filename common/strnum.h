#ifndef WOLKVOX_STRNUM_H
#define WOLKVOX_STRNUM_H

#include <stdbool.h>

/*
 * Strict, locale-independent number parsing for options, ranges and API
 * values. Every function rejects empty text, leading or trailing spaces,
 * trailing junk ("10abc"), thousands or decimal commas ("1,5"), and values
 * outside the given bounds. None of them depends on LC_NUMERIC.
 */

/* Parses a decimal integer: an optional sign and one or more digits. Leading
 * zeros are read as decimal ("010" is 10, never octal 8); "0x10" is rejected.
 * Returns true and stores the value when it lies in [min, max]. */
bool strnum_parse_long(const char *text, long min, long max, long *value);

/* Parses a fixed-point decimal: an optional sign, digits, and an optional '.'
 * followed by digits ("-10", "0.5", ".5", "5."). Exponents, "inf", "nan" and
 * hexadecimal forms are rejected. Returns true and stores the value. */
bool strnum_parse_double(const char *text, double *value);

/* Parses a byte size: a whole number with an optional suffix k, M or G
 * (powers of 1024, case-insensitive for k). Returns false on overflow. */
bool strnum_parse_size(const char *text, unsigned long long *bytes);

#endif
