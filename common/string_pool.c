#include "string_pool.h"

#include <stdlib.h>
#include <string.h>

#define BYTES_INITIAL 4096
#define SLOTS_INITIAL 1024

/* Bytes copied at a time by string_pool_move(). */
#define MOVE_PIECE ((size_t)64 * 1024)

/* Returns the bytes of a group, NULs included. */
static size_t group_length(const struct string_pool *pool, const char *const *texts)
{
	size_t length = 0;

	for (size_t i = 0; i < pool->group_size; i++)
		length += strlen(texts[i]) + 1;
	return length;
}

/* FNV-1a over the group's bytes, NULs included. */
static uint32_t group_hash(const struct string_pool *pool, const char *const *texts)
{
	uint32_t hash = 2166136261U;

	for (size_t i = 0; i < pool->group_size; i++) {
		for (const char *at = texts[i];; at++) {
			hash ^= (unsigned char)*at;
			hash *= 16777619U;
			if (*at == '\0')
				break;
		}
	}
	return hash;
}

/* Points texts at the strings of the stored group at offset. */
static void group_texts(const struct string_pool *pool, uint32_t offset,
			const char *texts[STRING_POOL_GROUP_MAX])
{
	const char *at = pool->bytes + offset;

	for (size_t i = 0; i < pool->group_size; i++) {
		texts[i] = at;
		at += strlen(at) + 1;
	}
}

bool string_pool_matches(const struct string_pool *pool, uint32_t offset,
			 const char *const *texts)
{
	const char *at = pool->bytes + offset;

	for (size_t i = 0; i < pool->group_size; i++) {
		size_t length = strlen(texts[i]) + 1;

		if (memcmp(at, texts[i], length) != 0)
			return false;
		at += length;
	}
	return true;
}

/* Returns the slot holding the group texts, or the free slot where it
 * belongs. */
static uint32_t *slot_find(const struct string_pool *pool, const char *const *texts,
			   uint32_t hash)
{
	size_t mask = pool->slot_count - 1;
	size_t index = hash & mask;

	while (pool->slots[index] != 0 && !string_pool_matches(pool, pool->slots[index] - 1, texts))
		index = (index + 1) & mask;
	return &pool->slots[index];
}

/* Doubles the hash set and puts every stored group back in. */
static bool slots_grow(struct string_pool *pool)
{
	size_t count = pool->slot_count == 0 ? SLOTS_INITIAL : pool->slot_count * 2;
	uint32_t *old = pool->slots;
	size_t old_count = pool->slot_count;
	const char *texts[STRING_POOL_GROUP_MAX];

	if (count > SIZE_MAX / sizeof *old)
		return false;
	pool->slots = calloc(count, sizeof *pool->slots);
	if (pool->slots == NULL) {
		pool->slots = old;
		return false;
	}
	pool->slot_count = count;

	for (size_t i = 0; i < old_count; i++) {
		if (old[i] == 0)
			continue;
		group_texts(pool, old[i] - 1, texts);
		*slot_find(pool, texts, group_hash(pool, texts)) = old[i];
	}
	free(old);
	return true;
}

static bool bytes_reserve(struct string_pool *pool, size_t more)
{
	size_t capacity = pool->capacity < BYTES_INITIAL ? BYTES_INITIAL : pool->capacity;
	char *bytes;

	if (more <= pool->capacity - pool->used)
		return true;
	if (pool->fixed)
		return false;
	while (capacity - pool->used < more) {
		if (capacity > SIZE_MAX / 2)
			return false;
		capacity *= 2;
	}
	bytes = realloc(pool->bytes, capacity);
	if (bytes == NULL)
		return false;
	pool->bytes = bytes;
	pool->capacity = capacity;
	return true;
}

void string_pool_init(struct string_pool *pool, size_t group_size)
{
	memset(pool, 0, sizeof *pool);
	pool->group_size = group_size < STRING_POOL_GROUP_MAX ? group_size : STRING_POOL_GROUP_MAX;
}

bool string_pool_reserve(struct string_pool *pool, size_t capacity)
{
	if (pool->bytes != NULL || capacity == 0 || capacity > STRING_POOL_MAX)
		return false;
	pool->bytes = malloc(capacity);
	if (pool->bytes == NULL)
		return false;
	pool->capacity = capacity;
	pool->fixed = true;
	return true;
}

void string_pool_clear(struct string_pool *pool)
{
	pool->used = 0;
	pool->filled = 0;
	if (pool->slots != NULL)
		memset(pool->slots, 0, pool->slot_count * sizeof *pool->slots);
}

bool string_pool_add(struct string_pool *pool, const char *const *texts, uint32_t *offset)
{
	size_t length = group_length(pool, texts);
	uint32_t *slot;
	char *at;

	if ((pool->filled + 1) * 4 > pool->slot_count * 3 && !slots_grow(pool))
		return false;
	slot = slot_find(pool, texts, group_hash(pool, texts));
	if (*slot != 0) {
		*offset = *slot - 1;
		return true;
	}

	if (length >= STRING_POOL_MAX - pool->used || !bytes_reserve(pool, length))
		return false;
	at = pool->bytes + pool->used;
	for (size_t i = 0; i < pool->group_size; i++) {
		size_t size = strlen(texts[i]) + 1;

		memcpy(at, texts[i], size);
		at += size;
	}
	*offset = (uint32_t)pool->used;
	*slot = *offset + 1;
	pool->used += length;
	pool->filled++;
	return true;
}

void string_pool_move(struct string_pool *pool, char *destination)
{
	size_t left = pool->used;

	free(pool->slots);
	pool->slots = NULL;
	while (left > 0) {
		size_t piece = left > MOVE_PIECE ? MOVE_PIECE : left;
		char *smaller;

		left -= piece;
		memcpy(destination + left, pool->bytes + left, piece);
		smaller = left > 0 ? realloc(pool->bytes, left) : NULL;
		if (smaller != NULL)
			pool->bytes = smaller;
	}
	string_pool_release(pool);
}

void string_pool_release(struct string_pool *pool)
{
	size_t group_size;

	if (pool == NULL)
		return;
	group_size = pool->group_size;
	free(pool->bytes);
	free(pool->slots);
	string_pool_init(pool, group_size);
}
