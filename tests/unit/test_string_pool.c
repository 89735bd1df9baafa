#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "string_pool.h"

#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

static struct string_pool pool;

static void pool_setup(void)
{
	string_pool_init(&pool, 3);
}

static void pool_teardown(void)
{
	string_pool_release(&pool);
}

START_TEST(test_string_pool_group_stored_once)
{
	const char *ana[] = { "1001", "52123456", "ANA P\xC3\x89REZ" };
	const char *ana_again[] = { "1001", "52123456", "ANA P\xC3\x89REZ" };
	const char *luis[] = { "1002", "", "LUIS" };
	uint32_t first, second, third;

	ck_assert(string_pool_add(&pool, ana, &first));
	ck_assert(string_pool_add(&pool, luis, &second));
	ck_assert(string_pool_add(&pool, ana_again, &third));

	ck_assert_uint_eq(first, 0);
	ck_assert_uint_eq(second, 5 + 9 + 11);
	ck_assert_uint_eq(third, first);
	ck_assert_uint_eq(pool.used, 5 + 9 + 11 + 5 + 1 + 5);
	ck_assert_int_eq(memcmp(pool.bytes, "1001\0" "52123456\0" "ANA P\xC3\x89REZ\0" "1002\0\0LUIS", pool.used),
			 0);
}
END_TEST

struct match_case {
	const char *texts[3];
	bool matches;
};

/* Groups that differ only where one string ends and the next begins must not
 * match: the NULs count. */
static const struct match_case matches[] = {
	{ { "ab", "c", "d" }, true },
	{ { "a", "bc", "d" }, false },
	{ { "ab", "c", "" }, false },
	{ { "ab", "c", "de" }, false },
	{ { "", "abc", "d" }, false },
};

START_TEST(test_string_pool_matches)
{
	const char *stored[] = { "ab", "c", "d" };
	uint32_t offset, again;

	ck_assert(string_pool_add(&pool, stored, &offset));
	ck_assert(string_pool_matches(&pool, offset, matches[_i].texts) == matches[_i].matches);
	ck_assert(string_pool_add(&pool, matches[_i].texts, &again));
	ck_assert(matches[_i].matches ? again == offset : again != offset);
}
END_TEST

/* Thousands of groups grow the buffer and the hash set several times. Each
 * group keeps its offset and is found again, and moving the pool copies
 * every byte although the copy runs in pieces from the end. */
START_TEST(test_string_pool_many_groups_moved)
{
	enum { GROUPS = 20000 };
	uint32_t *offsets = malloc(GROUPS * sizeof *offsets);
	char id[16], dni[16], name[32];
	const char *texts[] = { id, dni, name };
	char *copy, *destination;
	size_t used;

	ck_assert_ptr_nonnull(offsets);
	for (int i = 0; i < GROUPS; i++) {
		snprintf(id, sizeof id, "%d", 10000 + i);
		snprintf(dni, sizeof dni, "%d", 52000000 + i * 37);
		snprintf(name, sizeof name, "AGENT %d", i % 977);
		ck_assert(string_pool_add(&pool, texts, &offsets[i]));
	}
	for (int i = 0; i < GROUPS; i += 7) {
		uint32_t again;

		snprintf(id, sizeof id, "%d", 10000 + i);
		snprintf(dni, sizeof dni, "%d", 52000000 + i * 37);
		snprintf(name, sizeof name, "AGENT %d", i % 977);
		ck_assert(string_pool_add(&pool, texts, &again));
		ck_assert_uint_eq(again, offsets[i]);
		ck_assert_str_eq(pool.bytes + again, id);
	}

	used = pool.used;
	ck_assert_uint_gt(used, 3 * 64 * 1024);
	copy = malloc(used);
	destination = malloc(used);
	ck_assert_ptr_nonnull(copy);
	ck_assert_ptr_nonnull(destination);
	memcpy(copy, pool.bytes, used);
	string_pool_move(&pool, destination);
	ck_assert_ptr_null(pool.bytes);
	ck_assert_uint_eq(pool.used, 0);
	ck_assert_int_eq(memcmp(destination, copy, used), 0);
	ck_assert_str_eq(destination + offsets[GROUPS - 1], "29999");

	free(copy);
	free(destination);
	free(offsets);
}
END_TEST

/* A fixed buffer never moves: groups fail once it is full, and clearing it
 * keeps the same bytes for the next groups. */
START_TEST(test_string_pool_fixed_buffer)
{
	const char *first[] = { "1", "22", "333" };
	const char *second[] = { "4", "", "" };
	const char *third[] = { "5", "6", "7" };
	uint32_t offset;
	char *bytes;

	ck_assert(string_pool_reserve(&pool, 13));
	bytes = pool.bytes;
	ck_assert(string_pool_add(&pool, first, &offset));
	ck_assert(string_pool_add(&pool, second, &offset));
	ck_assert_uint_eq(offset, 9);
	ck_assert_uint_eq(pool.used, 13);
	ck_assert(!string_pool_add(&pool, third, &offset));
	ck_assert_uint_eq(pool.used, 13);
	ck_assert_ptr_eq(pool.bytes, bytes);

	string_pool_clear(&pool);
	ck_assert_uint_eq(pool.used, 0);
	ck_assert(string_pool_add(&pool, third, &offset));
	ck_assert_uint_eq(offset, 0);
	ck_assert_ptr_eq(pool.bytes, bytes);
	ck_assert_str_eq(pool.bytes + 2, "6");
	ck_assert(!string_pool_reserve(&pool, 0));
}
END_TEST

START_TEST(test_string_pool_release_twice)
{
	const char *texts[] = { "1", "2", "3" };
	uint32_t offset;

	ck_assert(string_pool_add(&pool, texts, &offset));
	string_pool_release(&pool);
	ck_assert_ptr_null(pool.bytes);
	ck_assert_uint_eq(pool.group_size, 3);
	string_pool_release(&pool);
	string_pool_release(NULL);
	ck_assert(string_pool_add(&pool, texts, &offset));
	ck_assert_uint_eq(offset, 0);
}
END_TEST

static Suite *string_pool_suite(void)
{
	Suite *suite = suite_create("string_pool");
	TCase *core = tcase_create("Core");
	TCase *limits = tcase_create("Limits");

	tcase_add_checked_fixture(core, pool_setup, pool_teardown);
	tcase_add_test(core, test_string_pool_group_stored_once);
	tcase_add_loop_test(core, test_string_pool_matches, 0, COUNT(matches));
	tcase_add_test(core, test_string_pool_fixed_buffer);
	tcase_add_test(core, test_string_pool_release_twice);
	suite_add_tcase(suite, core);

	tcase_add_checked_fixture(limits, pool_setup, pool_teardown);
	tcase_add_test(limits, test_string_pool_many_groups_moved);
	suite_add_tcase(suite, limits);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(string_pool_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
