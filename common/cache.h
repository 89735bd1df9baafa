#ifndef WOLKVOX_CACHE_H
#define WOLKVOX_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "keyed_hash.h"

/*
 * The response cache on disk: one file per API URL and token, holding a
 * parsed response in a versioned, checksummed binary envelope. This module
 * handles directories, files and the envelope. What the payload means is the
 * caller's (see report_codec.h and token_info.h).
 *
 * A cache file is, all integers little-endian:
 *
 *     offset  size  field
 *          0     8  magic "WVXCACHE"
 *          8     4  format version, CACHE_FORMAT_VERSION
 *         12     4  kind of payload (enum cache_kind)
 *         16     8  fetched_at, Unix time of the response
 *         24     8  payload length in bytes
 *         32    32  key: the HMAC-SHA256 the file is named after
 *         64    32  SHA-256 of bytes 0..63 followed by the payload
 *         96     -  payload
 *
 * Files are written to a temporary file in the same directory, synced and
 * renamed over the old one, so a reader sees the old file or the new one,
 * never a mix. The directory is mode 0700 and the files 0600 whatever the
 * umask, both owned by the running user.
 */

#define CACHE_MAGIC "WVXCACHE"
#define CACHE_FORMAT_VERSION 1
#define CACHE_HEADER_SIZE 96

/* Largest payload read or written, in bytes. */
#define CACHE_MAX_PAYLOAD (256ULL * 1024 * 1024)

/* Where the cache lives unless --cache-dir or the variable sets another;
 * used only when the directory exists and belongs to the running user, as a
 * package creates it for the monitoring user. */
#define CACHE_SYSTEM_DIR "/var/cache/wolkvox-plugins"
#define CACHE_DIR_ENVIRONMENT_VARIABLE "WOLKVOX_CACHE_DIR"

enum cache_kind {
	CACHE_KIND_REPORT = 1,      /* an agent_7 report */
	CACHE_KIND_TOKEN_INFO = 2   /* an information.php token_info response */
};

enum cache_status {
	CACHE_OK,
	CACHE_MISSING,   /* no such file */
	CACHE_INVALID,   /* truncated, corrupt, another format version, kind or key */
	CACHE_UNSAFE,    /* a symbolic link, owned by another user, or writable by others */
	CACHE_ERROR      /* an I/O error (a full disk, no permission) or out of memory */
};

struct cache_entry {
	time_t fetched_at;
	unsigned char *payload;
	size_t length;
};

/*
 * Chooses the cache directory, the first that applies: option_dir (from
 * --cache-dir) when not NULL; $WOLKVOX_CACHE_DIR when set and not empty;
 * system_dir (pass CACHE_SYSTEM_DIR) when it is a directory, not a symbolic
 * link, owned by the running user; $XDG_RUNTIME_DIR/wolkvox-plugins when
 * XDG_RUNTIME_DIR is set and not empty; else /var/tmp/wolkvox-plugins-UID.
 * Writes the path into dir and, when origin is not NULL, a name of the rule
 * that chose it ("--cache-dir", "WOLKVOX_CACHE_DIR", ...) into *origin.
 * Returns false when the path does not fit in dirsize bytes.
 */
bool cache_dir_choose(const char *option_dir, const char *system_dir, char *dir, size_t dirsize,
		      const char **origin);

/*
 * Creates dir with mode 0700 when it does not exist (its parent must), then
 * checks it. Returns CACHE_OK for a directory owned by the running user that
 * neither group nor others can write; CACHE_UNSAFE for a symbolic link, a
 * directory of another user or one that others can write; CACHE_ERROR when
 * it cannot be created or examined. err contains the reason.
 */
enum cache_status cache_dir_prepare(const char *dir, char *err, size_t errlen);

/*
 * Reads the file dir/name and checks its envelope: the magic, the format
 * version, kind, key, length and checksum. On CACHE_OK the caller owns
 * entry->payload and frees it with cache_entry_release(). Otherwise *entry
 * is empty and err contains the reason (nothing for CACHE_MISSING).
 */
enum cache_status cache_read(const char *dir, const char *name,
			     const unsigned char key[KEYED_HASH_SIZE], enum cache_kind kind,
			     struct cache_entry *entry, char *err, size_t errlen);

/*
 * Replaces dir/name atomically with an envelope around payload[0..length).
 * Returns CACHE_OK, or CACHE_ERROR (nothing changed, no temporary file
 * left) with the reason in err.
 */
enum cache_status cache_write(const char *dir, const char *name,
			      const unsigned char key[KEYED_HASH_SIZE], enum cache_kind kind,
			      time_t fetched_at, const void *payload, size_t length,
			      char *err, size_t errlen);

/* Frees the payload and zeroes the entry. Safe on a zeroed entry. */
void cache_entry_release(struct cache_entry *entry);

#endif
