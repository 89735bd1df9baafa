#ifndef WOLKVOX_CODEC_H
#define WOLKVOX_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A compact binary encoding for cache files: fixed-width little-endian
 * integers and length-prefixed strings, the same on every host. A writer
 * and a reader each remember their first failure, so a caller can encode or
 * decode a whole record and check once at the end.
 */

struct codec_writer {
	unsigned char *data;
	size_t length;
	size_t capacity;
	bool failed;          /* out of memory, or a string too long */
};

struct codec_reader {
	const unsigned char *data;
	size_t length;
	size_t offset;
	bool failed;          /* read past the end, or an invalid string */
};

/* Longest string either side accepts, in bytes. */
#define CODEC_STRING_MAX (1U << 20)

void codec_writer_init(struct codec_writer *writer);
void codec_put_u8(struct codec_writer *writer, uint8_t value);
void codec_put_u32(struct codec_writer *writer, uint32_t value);
void codec_put_u64(struct codec_writer *writer, uint64_t value);
void codec_put_i64(struct codec_writer *writer, int64_t value);
void codec_put_bytes(struct codec_writer *writer, const void *bytes, size_t length);

/* Writes a u32 length and the bytes of text; NULL is written as "". */
void codec_put_string(struct codec_writer *writer, const char *text);

/* Frees the buffer and zeroes the writer. */
void codec_writer_release(struct codec_writer *writer);

void codec_reader_init(struct codec_reader *reader, const void *data, size_t length);
uint8_t codec_get_u8(struct codec_reader *reader);
uint32_t codec_get_u32(struct codec_reader *reader);
uint64_t codec_get_u64(struct codec_reader *reader);
int64_t codec_get_i64(struct codec_reader *reader);

/* Reads a string written by codec_put_string() into a newly allocated,
 * NUL-terminated copy. A string with a NUL byte inside, longer than
 * CODEC_STRING_MAX or past the end fails the reader and returns NULL. */
char *codec_get_string(struct codec_reader *reader);

/* Copies a string written by codec_put_string() into buffer (size bytes,
 * NUL-terminated); a string that does not fit fails the reader. */
void codec_get_string_into(struct codec_reader *reader, char *buffer, size_t size);

/* Returns true when the reader has not failed and consumed every byte. */
bool codec_reader_done(const struct codec_reader *reader);

#endif
