/*
 * Fuzz target for the cache file reader: cache_read() on a file holding the
 * input, then the payload decoders (report_codec_decode(),
 * token_info_decode()) when the envelope passes.
 *
 * Input layout: byte 0 contains the flags, the rest is the file. Flag 1 picks the
 * kind read (token_info instead of report); flag 2 writes a valid magic,
 * version, payload length and kind into the header; flag 4 writes the
 * correct SHA-256 checksum. The key passed to cache_read() is the one in
 * the file, so that the fuzzer reaches the payload decoders instead of
 * stopping at the checksum. The file lives in a private directory made by
 * LLVMFuzzerInitialize() under $TMPDIR or /tmp.
 */
#include <fcntl.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "codec.h"
#include "fuzz.h"
#include "report.h"
#include "report_codec.h"
#include "token_info.h"

#define FLAG_TOKEN_INFO 1
#define FLAG_FIX_HEADER 2
#define FLAG_FIX_CHECKSUM 4

#define FILE_NAME "entry"

static char directory[4096];

/* Removes the directory at a normal exit. After a crash it stays, with the
 * file that caused it. */
static void directory_remove(void)
{
	char path[sizeof directory + 16];

	snprintf(path, sizeof path, "%s/%s", directory, FILE_NAME);
	unlink(path);
	rmdir(directory);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	fuzz_set_zone();

	snprintf(directory, sizeof directory, "%s/wolkvox-fuzz-cache.XXXXXX",
		 tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	fuzz_require(mkdtemp(directory) != NULL);
	fuzz_require(atexit(directory_remove) == 0);
	return 0;
}

static void put_le(unsigned char *bytes, uint64_t value, size_t width)
{
	for (size_t i = 0; i < width; i++)
		bytes[i] = (unsigned char)(value >> (8 * i));
}

/* Writes the fields that cache_read() checks before the checksum. */
static void header_fix(unsigned char *file, size_t size, enum cache_kind kind)
{
	memcpy(file, CACHE_MAGIC, 8);
	put_le(file + 8, CACHE_FORMAT_VERSION, 4);
	put_le(file + 12, (uint64_t)kind, 4);
	put_le(file + 24, size - CACHE_HEADER_SIZE, 8);
}

/* Writes the SHA-256 of bytes 0..63 and the payload into bytes 64..95. */
static void checksum_fix(unsigned char *file, size_t size)
{
	EVP_MD_CTX *context = EVP_MD_CTX_new();
	unsigned int length = 0;

	fuzz_require(context != NULL);
	fuzz_require(EVP_DigestInit_ex(context, EVP_sha256(), NULL) == 1);
	fuzz_require(EVP_DigestUpdate(context, file, 64) == 1);
	fuzz_require(EVP_DigestUpdate(context, file + CACHE_HEADER_SIZE, size - CACHE_HEADER_SIZE) == 1);
	fuzz_require(EVP_DigestFinal_ex(context, file + 64, &length) == 1 && length == 32);
	EVP_MD_CTX_free(context);
}

static void file_write(const unsigned char *file, size_t size)
{
	char path[sizeof directory + 16];
	int fd;

	snprintf(path, sizeof path, "%s/%s", directory, FILE_NAME);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	fuzz_require(fd >= 0);
	fuzz_require(size == 0 || write(fd, file, size) == (ssize_t)size);
	fuzz_require(close(fd) == 0);
}

/* Decodes a report payload; a decoded report must encode back to the same
 * bytes. */
static void report_payload_check(const unsigned char *payload, size_t length)
{
	struct codec_reader reader;
	struct codec_writer writer;
	struct report report;

	codec_reader_init(&reader, payload, length);
	if (!report_codec_decode(&reader, &report)) {
		fuzz_require(report.count == 0 && report.sessions == NULL);
		return;
	}

	for (size_t i = 0; i < report.count; i++)
		fuzz_require(report.sessions[i].agent_id != NULL && report.sessions[i].agent_id[0] != '\0');
	fuzz_require(report.data_shape != NULL && report.code_shape != NULL);

	codec_writer_init(&writer);
	report_codec_encode(&report, &writer);
	fuzz_require(!writer.failed);
	fuzz_require(writer.length == length && memcmp(writer.data, payload, length) == 0);
	codec_writer_release(&writer);
	report_release(&report);
}

static void token_info_payload_check(const unsigned char *payload, size_t length)
{
	struct codec_reader reader;
	struct token_info info;

	codec_reader_init(&reader, payload, length);
	if (!token_info_decode(&reader, &info))
		return;

	fuzz_require(isfinite(info.limit) && info.limit > 0);
	fuzz_require(isfinite(info.used_token) && info.used_token >= 0);
	fuzz_require(isfinite(info.used_all) && info.used_all >= 0);
	fuzz_require(info.shape != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum cache_kind kind;
	struct cache_entry entry;
	enum cache_status status;
	unsigned char key[KEYED_HASH_SIZE] = { 0 };
	unsigned char *file;
	char err[512];
	uint8_t flags;

	if (size < 1)
		return 0;
	flags = data[0];
	kind = flags & FLAG_TOKEN_INFO ? CACHE_KIND_TOKEN_INFO : CACHE_KIND_REPORT;
	data++;
	size--;

	file = malloc(size > 0 ? size : 1);
	fuzz_require(file != NULL);
	if (size > 0)
		memcpy(file, data, size);
	if (size >= CACHE_HEADER_SIZE) {
		if (flags & FLAG_FIX_HEADER)
			header_fix(file, size, kind);
		if (flags & FLAG_FIX_CHECKSUM)
			checksum_fix(file, size);
		memcpy(key, file + 32, sizeof key);
	}
	file_write(file, size);

	memset(err, 'x', sizeof err);
	status = cache_read(directory, FILE_NAME, key, kind, &entry, err, sizeof err);
	if (status == CACHE_OK) {
		fuzz_require(size >= CACHE_HEADER_SIZE);
		fuzz_require(entry.length == size - CACHE_HEADER_SIZE);
		fuzz_require(memcmp(entry.payload, file + CACHE_HEADER_SIZE, entry.length) == 0);
		if (kind == CACHE_KIND_REPORT)
			report_payload_check(entry.payload, entry.length);
		else
			token_info_payload_check(entry.payload, entry.length);
	} else {
		fuzz_require(status == CACHE_INVALID);
		fuzz_require(strnlen(err, sizeof err) > 0 && strnlen(err, sizeof err) < sizeof err);
		fuzz_require(entry.payload == NULL && entry.length == 0);
	}

	cache_entry_release(&entry);
	free(file);
	return 0;
}
