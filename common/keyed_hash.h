#ifndef WOLKVOX_KEYED_HASH_H
#define WOLKVOX_KEYED_HASH_H

#include <stdbool.h>
#include <stddef.h>

/*
 * HMAC-SHA256 (RFC 2104 with SHA-256, through OpenSSL's libcrypto). The
 * cache and lock file names are keyed hashes of a URL or a constant with the
 * API token as the key: the same token and URL always give the same name,
 * and the name reveals neither.
 */

/* Bytes of a digest, and bytes of its hexadecimal form with the NUL. */
#define KEYED_HASH_SIZE 32
#define KEYED_HASH_HEX_SIZE (2 * KEYED_HASH_SIZE + 1)

/* Computes the HMAC-SHA256 of data[0..length) under key[0..key_length) into
 * digest. Either length may be 0. Returns false when libcrypto fails. */
bool keyed_hash_compute(const void *key, size_t key_length, const void *data, size_t length,
			unsigned char digest[KEYED_HASH_SIZE]);

/* Writes the HMAC-SHA256 of the text message under the text key as 64
 * lowercase hexadecimal digits and a NUL into hex. Returns false when
 * libcrypto fails; hex is then "". */
bool keyed_hash_hex(const char *key, const char *message, char hex[KEYED_HASH_HEX_SIZE]);

/* Writes digest as 64 lowercase hexadecimal digits and a NUL into hex. */
void keyed_hash_format(const unsigned char digest[KEYED_HASH_SIZE], char hex[KEYED_HASH_HEX_SIZE]);

#endif
