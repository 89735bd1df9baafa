#include "keyed_hash.h"

#include <limits.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

bool keyed_hash_compute(const void *key, size_t key_length, const void *data, size_t length,
			unsigned char digest[KEYED_HASH_SIZE])
{
	static const unsigned char empty[1];
	unsigned int digest_length = 0;

	if (key_length > INT_MAX)
		return false;
	if (key == NULL || key_length == 0)
		key = empty;
	if (data == NULL || length == 0)
		data = empty;

	if (HMAC(EVP_sha256(), key, (int)key_length, data, length, digest, &digest_length) == NULL)
		return false;
	return digest_length == KEYED_HASH_SIZE;
}

void keyed_hash_format(const unsigned char digest[KEYED_HASH_SIZE], char hex[KEYED_HASH_HEX_SIZE])
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < KEYED_HASH_SIZE; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 0x0f];
	}
	hex[KEYED_HASH_HEX_SIZE - 1] = '\0';
}

bool keyed_hash_hex(const char *key, const char *message, char hex[KEYED_HASH_HEX_SIZE])
{
	unsigned char digest[KEYED_HASH_SIZE];

	hex[0] = '\0';
	if (!keyed_hash_compute(key, strlen(key), message, strlen(message), digest))
		return false;
	keyed_hash_format(digest, hex);
	return true;
}
