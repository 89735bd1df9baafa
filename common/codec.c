#include "codec.h"

#include <stdlib.h>
#include <string.h>

#define CODEC_FIRST_CAPACITY 4096

void codec_writer_init(struct codec_writer *writer)
{
	memset(writer, 0, sizeof(*writer));
}

static bool writer_reserve(struct codec_writer *writer, size_t more)
{
	size_t capacity = writer->capacity;
	unsigned char *data;

	if (writer->failed)
		return false;
	if (more <= writer->capacity - writer->length)
		return true;
	if (capacity < CODEC_FIRST_CAPACITY)
		capacity = CODEC_FIRST_CAPACITY;
	while (capacity - writer->length < more) {
		if (capacity > SIZE_MAX / 2) {
			writer->failed = true;
			return false;
		}
		capacity *= 2;
	}

	data = realloc(writer->data, capacity);
	if (data == NULL) {
		writer->failed = true;
		return false;
	}
	writer->data = data;
	writer->capacity = capacity;
	return true;
}

void codec_put_bytes(struct codec_writer *writer, const void *bytes, size_t length)
{
	if (length == 0 || !writer_reserve(writer, length))
		return;
	memcpy(writer->data + writer->length, bytes, length);
	writer->length += length;
}

static void put_little_endian(struct codec_writer *writer, uint64_t value, size_t width)
{
	unsigned char bytes[8];

	for (size_t i = 0; i < width; i++)
		bytes[i] = (unsigned char)(value >> (8 * i));
	codec_put_bytes(writer, bytes, width);
}

void codec_put_u8(struct codec_writer *writer, uint8_t value)
{
	put_little_endian(writer, value, 1);
}

void codec_put_u32(struct codec_writer *writer, uint32_t value)
{
	put_little_endian(writer, value, 4);
}

void codec_put_u64(struct codec_writer *writer, uint64_t value)
{
	put_little_endian(writer, value, 8);
}

void codec_put_i64(struct codec_writer *writer, int64_t value)
{
	put_little_endian(writer, (uint64_t)value, 8);
}

void codec_put_string(struct codec_writer *writer, const char *text)
{
	size_t length = text != NULL ? strlen(text) : 0;

	if (length > CODEC_STRING_MAX) {
		writer->failed = true;
		return;
	}
	codec_put_u32(writer, (uint32_t)length);
	codec_put_bytes(writer, text, length);
}

void codec_writer_release(struct codec_writer *writer)
{
	if (writer == NULL)
		return;
	free(writer->data);
	memset(writer, 0, sizeof(*writer));
}

void codec_reader_init(struct codec_reader *reader, const void *data, size_t length)
{
	reader->data = data;
	reader->length = length;
	reader->offset = 0;
	reader->failed = false;
}

/* Returns the next width bytes and advances, or NULL and fails the reader. */
static const unsigned char *reader_take(struct codec_reader *reader, size_t width)
{
	const unsigned char *bytes;

	if (reader->failed || width > reader->length - reader->offset) {
		reader->failed = true;
		return NULL;
	}
	bytes = reader->data + reader->offset;
	reader->offset += width;
	return bytes;
}

static uint64_t get_little_endian(struct codec_reader *reader, size_t width)
{
	const unsigned char *bytes = reader_take(reader, width);
	uint64_t value = 0;

	if (bytes == NULL)
		return 0;
	for (size_t i = 0; i < width; i++)
		value |= (uint64_t)bytes[i] << (8 * i);
	return value;
}

uint8_t codec_get_u8(struct codec_reader *reader)
{
	return (uint8_t)get_little_endian(reader, 1);
}

uint32_t codec_get_u32(struct codec_reader *reader)
{
	return (uint32_t)get_little_endian(reader, 4);
}

uint64_t codec_get_u64(struct codec_reader *reader)
{
	return get_little_endian(reader, 8);
}

int64_t codec_get_i64(struct codec_reader *reader)
{
	return (int64_t)get_little_endian(reader, 8);
}

/* Returns the bytes of the next string and its length, or NULL. */
static const unsigned char *string_take(struct codec_reader *reader, size_t *length)
{
	uint32_t declared = codec_get_u32(reader);
	const unsigned char *bytes;

	if (reader->failed || declared > CODEC_STRING_MAX) {
		reader->failed = true;
		return NULL;
	}
	bytes = reader_take(reader, declared);
	if (bytes == NULL || memchr(bytes, '\0', declared) != NULL) {
		reader->failed = true;
		return NULL;
	}
	*length = declared;
	return bytes;
}

char *codec_get_string(struct codec_reader *reader)
{
	const unsigned char *bytes;
	size_t length = 0;
	char *text;

	bytes = string_take(reader, &length);
	if (bytes == NULL)
		return NULL;

	text = malloc(length + 1);
	if (text == NULL) {
		reader->failed = true;
		return NULL;
	}
	memcpy(text, bytes, length);
	text[length] = '\0';
	return text;
}

void codec_get_string_into(struct codec_reader *reader, char *buffer, size_t size)
{
	const unsigned char *bytes;
	size_t length = 0;

	if (size > 0)
		buffer[0] = '\0';
	bytes = string_take(reader, &length);
	if (bytes == NULL)
		return;
	if (length >= size) {
		reader->failed = true;
		return;
	}
	memcpy(buffer, bytes, length);
	buffer[length] = '\0';
}

bool codec_reader_done(const struct codec_reader *reader)
{
	return !reader->failed && reader->offset == reader->length;
}
