#ifndef WOLKVOX_STRING_POOL_H
#define WOLKVOX_STRING_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Interned groups of strings for report.c. A group (an agent's id, dni and
 * name) is stored once, as its NUL-terminated strings one after the other,
 * in one buffer, and is known by its offset there. A report of 60,000
 * sessions names each agent several times, so storing each agent once saves
 * most of the memory that three allocations per session took. The buffer
 * grows by doubling, which moves it, unless string_pool_reserve() fixed its
 * size.
 */
struct string_pool {
	size_t group_size;     /* strings in each group */
	char *bytes;
	size_t used;
	size_t capacity;
	bool fixed;            /* the bytes never move; an add that does not fit fails */
	uint32_t *slots;       /* hash set of offset + 1; 0 marks a free slot */
	size_t slot_count;     /* a power of two, or 0 */
	size_t filled;
};

/* Largest pool: offsets are 32 bits. */
#define STRING_POOL_MAX UINT32_MAX

/* Most strings in one group. */
#define STRING_POOL_GROUP_MAX 8

/* Empties *pool for groups of group_size strings; no allocation. */
void string_pool_init(struct string_pool *pool, size_t group_size);

/*
 * Allocates capacity bytes at once and fixes the buffer there, so that
 * pointers into it stay valid until string_pool_move() or
 * string_pool_release(). Returns false, changing nothing, when the pool
 * already has a buffer, when capacity is 0 or passes STRING_POOL_MAX, or
 * when out of memory.
 */
bool string_pool_reserve(struct string_pool *pool, size_t capacity);

/* Forgets every group but keeps the buffer and its fixed size. */
void string_pool_clear(struct string_pool *pool);

/*
 * Stores texts (group_size NUL-terminated strings) as one group, unless an
 * equal group is stored already, and sets *offset to where the group starts.
 * Returns false when out of memory, when the pool would pass
 * STRING_POOL_MAX bytes, or when a fixed buffer is full. The pool is
 * unchanged then.
 */
bool string_pool_add(struct string_pool *pool, const char *const *texts, uint32_t *offset);

/* Returns true when texts (group_size strings) equal the group at offset. */
bool string_pool_matches(const struct string_pool *pool, uint32_t offset,
			 const char *const *texts);

/*
 * Copies the pool's bytes (pool->used of them) to destination and frees the
 * pool. The copy runs from the end and shrinks the pool behind it, so that
 * the two copies are never both whole in memory.
 */
void string_pool_move(struct string_pool *pool, char *destination);

/* Frees everything and empties *pool, which keeps its group size. Safe on
 * an empty pool. */
void string_pool_release(struct string_pool *pool);

#endif
