#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "codec.h"
#include "i18n.h"

#define CACHE_DIGEST_OFFSET 64
#define CACHE_RUNTIME_SUBDIR "wolkvox-plugins"
#define CACHE_FALLBACK_PREFIX "/var/tmp/wolkvox-plugins-"

static bool text_set(char *dir, size_t dirsize, const char *text)
{
	return snprintf(dir, dirsize, "%s", text) < (int)dirsize;
}

static bool is_users_directory(const char *path)
{
	struct stat status;

	return lstat(path, &status) == 0 && S_ISDIR(status.st_mode) &&
	       status.st_uid == geteuid();
}

bool cache_dir_choose(const char *option_dir, const char *system_dir, char *dir, size_t dirsize,
		      const char **origin)
{
	const char *environment = getenv(CACHE_DIR_ENVIRONMENT_VARIABLE);
	const char *runtime = getenv("XDG_RUNTIME_DIR");
	const char *rule;
	bool fits;

	if (option_dir != NULL) {
		rule = "--cache-dir";
		fits = text_set(dir, dirsize, option_dir);
	} else if (environment != NULL && environment[0] != '\0') {
		rule = CACHE_DIR_ENVIRONMENT_VARIABLE;
		fits = text_set(dir, dirsize, environment);
	} else if (system_dir != NULL && is_users_directory(system_dir)) {
		rule = "system directory";
		fits = text_set(dir, dirsize, system_dir);
	} else if (runtime != NULL && runtime[0] != '\0') {
		rule = "XDG_RUNTIME_DIR";
		fits = snprintf(dir, dirsize, "%s/%s", runtime, CACHE_RUNTIME_SUBDIR) < (int)dirsize;
	} else {
		rule = "fallback";
		fits = snprintf(dir, dirsize, "%s%ld", CACHE_FALLBACK_PREFIX, (long)geteuid()) <
		       (int)dirsize;
	}

	if (origin != NULL)
		*origin = rule;
	return fits;
}

/* Checks what lstat() found at dir. */
static enum cache_status dir_check(const char *dir, const struct stat *status, char *err,
				   size_t errlen)
{
	if (S_ISLNK(status->st_mode)) {
		snprintf(err, errlen, _("cache directory %s is a symbolic link"), dir);
		return CACHE_UNSAFE;
	}
	if (!S_ISDIR(status->st_mode)) {
		snprintf(err, errlen, _("cache directory %s is not a directory"), dir);
		return CACHE_UNSAFE;
	}
	if (status->st_uid != geteuid()) {
		snprintf(err, errlen, _("cache directory %s is owned by user %ld, not by the running user %ld"),
			 dir, (long)status->st_uid, (long)geteuid());
		return CACHE_UNSAFE;
	}
	if ((status->st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		snprintf(err, errlen, _("cache directory %s can be written by other users (mode %04o); make it mode 0700"),
			 dir, (unsigned)(status->st_mode & 07777));
		return CACHE_UNSAFE;
	}
	return CACHE_OK;
}

enum cache_status cache_dir_prepare(const char *dir, char *err, size_t errlen)
{
	struct stat status;
	bool created = false;

	if (lstat(dir, &status) != 0 && errno == ENOENT) {
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errlen, _("cannot create cache directory %s: %s"), dir,
				 strerror(errno));
			return CACHE_ERROR;
		}
		created = true;
	}
	if (lstat(dir, &status) != 0) {
		snprintf(err, errlen, _("cannot examine cache directory %s: %s"), dir, strerror(errno));
		return CACHE_ERROR;
	}

	/* mkdir() applies the umask, which may have left the mode short of
	 * 0700; it can only have removed bits, never added them. */
	if (created && S_ISDIR(status.st_mode) && status.st_uid == geteuid() &&
	    (status.st_mode & 07777) != 0700) {
		if (chmod(dir, 0700) != 0 || lstat(dir, &status) != 0) {
			snprintf(err, errlen, _("cannot set mode 0700 on cache directory %s: %s"), dir,
				 strerror(errno));
			return CACHE_ERROR;
		}
	}
	return dir_check(dir, &status, err, errlen);
}

static bool path_join(const char *dir, const char *name, char *path, size_t pathsize)
{
	return snprintf(path, pathsize, "%s/%s", dir, name) < (int)pathsize;
}

/* Computes the SHA-256 of the first CACHE_DIGEST_OFFSET header bytes and
 * the payload. */
static bool checksum_compute(const unsigned char *header, const void *payload, size_t length,
			     unsigned char digest[KEYED_HASH_SIZE])
{
	EVP_MD_CTX *context = EVP_MD_CTX_new();
	unsigned int digest_length = 0;
	bool ok;

	if (context == NULL)
		return false;
	ok = EVP_DigestInit_ex(context, EVP_sha256(), NULL) == 1 &&
	     EVP_DigestUpdate(context, header, CACHE_DIGEST_OFFSET) == 1 &&
	     (length == 0 || EVP_DigestUpdate(context, payload, length) == 1) &&
	     EVP_DigestFinal_ex(context, digest, &digest_length) == 1 &&
	     digest_length == KEYED_HASH_SIZE;
	EVP_MD_CTX_free(context);
	return ok;
}

static void header_encode(struct codec_writer *writer, const unsigned char key[KEYED_HASH_SIZE],
			  enum cache_kind kind, time_t fetched_at, size_t length)
{
	codec_put_bytes(writer, CACHE_MAGIC, strlen(CACHE_MAGIC));
	codec_put_u32(writer, CACHE_FORMAT_VERSION);
	codec_put_u32(writer, (uint32_t)kind);
	codec_put_i64(writer, (int64_t)fetched_at);
	codec_put_u64(writer, (uint64_t)length);
	codec_put_bytes(writer, key, KEYED_HASH_SIZE);
}

/* Checks the envelope of a whole file held in data[0..size). */
static enum cache_status envelope_check(const unsigned char *data, size_t size,
					const unsigned char key[KEYED_HASH_SIZE],
					enum cache_kind kind, time_t *fetched_at,
					char *err, size_t errlen)
{
	unsigned char digest[KEYED_HASH_SIZE];
	struct codec_reader reader;
	uint32_t version, stored_kind;
	uint64_t length;

	if (size < CACHE_HEADER_SIZE) {
		snprintf(err, errlen, _("truncated: %zu bytes, shorter than the header"), size);
		return CACHE_INVALID;
	}
	if (memcmp(data, CACHE_MAGIC, strlen(CACHE_MAGIC)) != 0) {
		snprintf(err, errlen, _("not a cache file"));
		return CACHE_INVALID;
	}

	codec_reader_init(&reader, data + strlen(CACHE_MAGIC), CACHE_HEADER_SIZE - strlen(CACHE_MAGIC));
	version = codec_get_u32(&reader);
	stored_kind = codec_get_u32(&reader);
	*fetched_at = (time_t)codec_get_i64(&reader);
	length = codec_get_u64(&reader);

	if (version != CACHE_FORMAT_VERSION) {
		snprintf(err, errlen, _("format version %lu, this program reads version %d"),
			 (unsigned long)version, CACHE_FORMAT_VERSION);
		return CACHE_INVALID;
	}
	if (stored_kind != (uint32_t)kind) {
		snprintf(err, errlen, _("holds payload kind %lu, expected %d"),
			 (unsigned long)stored_kind, (int)kind);
		return CACHE_INVALID;
	}
	if (length != size - CACHE_HEADER_SIZE) {
		snprintf(err, errlen, _("truncated or padded: the header announces %llu payload bytes, the file has %zu"),
			 (unsigned long long)length, size - CACHE_HEADER_SIZE);
		return CACHE_INVALID;
	}
	if (memcmp(data + 32, key, KEYED_HASH_SIZE) != 0) {
		snprintf(err, errlen, _("belongs to another URL or token"));
		return CACHE_INVALID;
	}
	if (!checksum_compute(data, data + CACHE_HEADER_SIZE, (size_t)length, digest)) {
		snprintf(err, errlen, _("cannot compute the checksum"));
		return CACHE_ERROR;
	}
	if (memcmp(data + CACHE_DIGEST_OFFSET, digest, KEYED_HASH_SIZE) != 0) {
		snprintf(err, errlen, _("checksum mismatch"));
		return CACHE_INVALID;
	}
	return CACHE_OK;
}

/* Opens dir/name for reading and checks that it is a regular file of the
 * running user that others cannot write. Returns the descriptor, or -1 with
 * *status set. */
static int file_open(const char *path, struct stat *file_status, enum cache_status *status,
		     char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		*status = errno == ENOENT ? CACHE_MISSING : errno == ELOOP ? CACHE_UNSAFE : CACHE_ERROR;
		if (errno == ELOOP)
			snprintf(err, errlen, _("cache file %s is a symbolic link"), path);
		else
			snprintf(err, errlen, _("cannot open cache file %s: %s"), path, strerror(errno));
		return -1;
	}

	*status = CACHE_UNSAFE;
	if (fstat(fd, file_status) != 0) {
		*status = CACHE_ERROR;
		snprintf(err, errlen, _("cannot examine cache file %s: %s"), path, strerror(errno));
	} else if (!S_ISREG(file_status->st_mode)) {
		snprintf(err, errlen, _("cache file %s is not a regular file"), path);
	} else if (file_status->st_uid != geteuid()) {
		snprintf(err, errlen, _("cache file %s is owned by user %ld, not by the running user %ld"),
			 path, (long)file_status->st_uid, (long)geteuid());
	} else if ((file_status->st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		snprintf(err, errlen, _("cache file %s can be written by other users"), path);
	} else {
		*status = CACHE_OK;
		return fd;
	}
	close(fd);
	return -1;
}

static bool read_all(int fd, unsigned char *data, size_t size)
{
	size_t done = 0;

	while (done < size) {
		ssize_t got = read(fd, data + done, size - done);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		done += (size_t)got;
	}
	return true;
}

enum cache_status cache_read(const char *dir, const char *name,
			     const unsigned char key[KEYED_HASH_SIZE], enum cache_kind kind,
			     struct cache_entry *entry, char *err, size_t errlen)
{
	enum cache_status status = CACHE_ERROR;
	unsigned char *data = NULL;
	char path[PATH_MAX];
	char reason[256];
	struct stat file_status;
	size_t size;
	int fd;

	memset(entry, 0, sizeof(*entry));
	if (!path_join(dir, name, path, sizeof(path))) {
		snprintf(err, errlen, _("cache path too long: %s/%s"), dir, name);
		return CACHE_ERROR;
	}

	fd = file_open(path, &file_status, &status, err, errlen);
	if (fd < 0)
		return status;

	if ((unsigned long long)file_status.st_size > CACHE_HEADER_SIZE + CACHE_MAX_PAYLOAD) {
		snprintf(err, errlen, _("cache file %s is larger than any cache file written"), path);
		status = CACHE_INVALID;
		goto out;
	}
	size = (size_t)file_status.st_size;
	data = malloc(size > 0 ? size : 1);
	if (data == NULL) {
		snprintf(err, errlen, _("out of memory"));
		status = CACHE_ERROR;
		goto out;
	}
	if (!read_all(fd, data, size)) {
		snprintf(err, errlen, _("cache file %s: truncated while reading"), path);
		status = CACHE_INVALID;
		goto out;
	}

	status = envelope_check(data, size, key, kind, &entry->fetched_at, reason, sizeof(reason));
	if (status != CACHE_OK) {
		snprintf(err, errlen, _("cache file %s: %s"), path, reason);
		entry->fetched_at = 0;
		goto out;
	}

	entry->length = size - CACHE_HEADER_SIZE;
	entry->payload = malloc(entry->length > 0 ? entry->length : 1);
	if (entry->payload == NULL) {
		snprintf(err, errlen, _("out of memory"));
		status = CACHE_ERROR;
		memset(entry, 0, sizeof(*entry));
		goto out;
	}
	memcpy(entry->payload, data + CACHE_HEADER_SIZE, entry->length);

out:
	free(data);
	close(fd);
	return status;
}

static bool write_all(int fd, const unsigned char *data, size_t size)
{
	size_t done = 0;

	while (done < size) {
		ssize_t written = write(fd, data + done, size - done);

		if (written < 0 && errno == EINTR)
			continue;
		if (written <= 0) {
			if (written == 0)
				errno = ENOSPC;
			return false;
		}
		done += (size_t)written;
	}
	return true;
}

/* Writes data to a new temporary file beside path and renames it over path. */
static bool file_replace(const char *dir, const char *path, const unsigned char *data, size_t size,
			 char *err, size_t errlen)
{
	char temporary[PATH_MAX];
	int fd;

	if (snprintf(temporary, sizeof(temporary), "%s/.tmp-XXXXXX", dir) >= (int)sizeof(temporary)) {
		snprintf(err, errlen, _("cache path too long: %s"), dir);
		return false;
	}
	fd = mkostemp(temporary, O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, _("cannot create a file in cache directory %s: %s"), dir,
			 strerror(errno));
		return false;
	}

	if (fchmod(fd, 0600) != 0 || !write_all(fd, data, size) || fsync(fd) != 0) {
		snprintf(err, errlen, _("cannot write cache file in %s: %s"), dir, strerror(errno));
		close(fd);
		unlink(temporary);
		return false;
	}
	if (close(fd) != 0 || rename(temporary, path) != 0) {
		snprintf(err, errlen, _("cannot write cache file %s: %s"), path, strerror(errno));
		unlink(temporary);
		return false;
	}
	return true;
}

enum cache_status cache_write(const char *dir, const char *name,
			      const unsigned char key[KEYED_HASH_SIZE], enum cache_kind kind,
			      time_t fetched_at, const void *payload, size_t length,
			      char *err, size_t errlen)
{
	unsigned char digest[KEYED_HASH_SIZE];
	struct codec_writer writer;
	enum cache_status status = CACHE_ERROR;
	char path[PATH_MAX];

	if (!path_join(dir, name, path, sizeof(path))) {
		snprintf(err, errlen, _("cache path too long: %s/%s"), dir, name);
		return CACHE_ERROR;
	}
	if (length > CACHE_MAX_PAYLOAD) {
		snprintf(err, errlen, _("the response is too large to cache (%zu bytes)"), length);
		return CACHE_ERROR;
	}

	codec_writer_init(&writer);
	header_encode(&writer, key, kind, fetched_at, length);
	if (!writer.failed && !checksum_compute(writer.data, payload, length, digest))
		writer.failed = true;
	codec_put_bytes(&writer, digest, sizeof(digest));
	codec_put_bytes(&writer, payload, length);
	if (writer.failed) {
		snprintf(err, errlen, _("out of memory"));
		goto out;
	}

	if (file_replace(dir, path, writer.data, writer.length, err, errlen))
		status = CACHE_OK;
out:
	codec_writer_release(&writer);
	return status;
}

void cache_entry_release(struct cache_entry *entry)
{
	if (entry == NULL)
		return;
	free(entry->payload);
	memset(entry, 0, sizeof(*entry));
}
