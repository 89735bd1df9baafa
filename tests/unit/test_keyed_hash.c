#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "keyed_hash.h"

#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

/* RFC 4231 test cases 1, 2, 3, 4 and 6 (HMAC-SHA-256), and the empty key
 * and message. key and data are given with their lengths because some hold
 * bytes that are not text. */
struct vector {
	const char *name;
	unsigned char key[131];
	size_t key_length;
	unsigned char data[64];
	size_t data_length;
	const char *hex;
};

static struct vector vectors[] = {
	{ "RFC 4231 case 1", { 0 }, 20, "Hi There", 8,
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
	{ "RFC 4231 case 2", "Jefe", 4, "what do ya want for nothing?", 28,
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	{ "RFC 4231 case 3", { 0 }, 20, { 0 }, 50,
	  "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
	{ "RFC 4231 case 4", { 0 }, 25, { 0 }, 50,
	  "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
	{ "RFC 4231 case 6", { 0 }, 131, "Test Using Larger Than Block-Size Key - Hash Key First", 54,
	  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
	{ "empty key and message", { 0 }, 0, { 0 }, 0,
	  "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad" },
};

/* Fills the byte patterns of the RFC cases that a C initializer cannot
 * write briefly. */
static void vectors_fill(void)
{
	memset(vectors[0].key, 0x0b, 20);
	memset(vectors[2].key, 0xaa, 20);
	memset(vectors[2].data, 0xdd, 50);
	for (int i = 0; i < 25; i++)
		vectors[3].key[i] = (unsigned char)(i + 1);
	memset(vectors[3].data, 0xcd, 50);
	memset(vectors[4].key, 0xaa, 131);
}

START_TEST(test_keyed_hash_vectors)
{
	const struct vector *vector = &vectors[_i];
	unsigned char digest[KEYED_HASH_SIZE];
	char hex[KEYED_HASH_HEX_SIZE];

	vectors_fill();
	ck_assert_msg(keyed_hash_compute(vector->key, vector->key_length, vector->data,
					 vector->data_length, digest),
		      "%s: compute failed", vector->name);
	keyed_hash_format(digest, hex);
	ck_assert_msg(strcmp(hex, vector->hex) == 0, "%s: %s, expected %s", vector->name, hex,
		      vector->hex);
}
END_TEST

START_TEST(test_keyed_hash_hex_text)
{
	char hex[KEYED_HASH_HEX_SIZE];

	ck_assert(keyed_hash_hex("Jefe", "what do ya want for nothing?", hex));
	ck_assert_str_eq(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

	ck_assert(keyed_hash_hex("secret-token",
				 "https://wv0010.wolkvox.com/api/v2/reports_manager.php?api=agent_7",
				 hex));
	ck_assert_str_eq(hex, "ed769625cceabb8363571da4ccf5f9a327b59e21566716d4d2a88a5359bef8d5");
	ck_assert_uint_eq(strlen(hex), 64);
}
END_TEST

START_TEST(test_keyed_hash_key_changes_name)
{
	char first[KEYED_HASH_HEX_SIZE];
	char second[KEYED_HASH_HEX_SIZE];
	char again[KEYED_HASH_HEX_SIZE];

	ck_assert(keyed_hash_hex("token-a", "https://example.invalid/x", first));
	ck_assert(keyed_hash_hex("token-b", "https://example.invalid/x", second));
	ck_assert(keyed_hash_hex("token-a", "https://example.invalid/x", again));
	ck_assert_str_ne(first, second);
	ck_assert_str_eq(first, again);
	ck_assert_ptr_null(strstr(first, "token"));
}
END_TEST

static Suite *keyed_hash_suite(void)
{
	Suite *suite = suite_create("keyed_hash");
	TCase *core = tcase_create("Core");

	tcase_add_loop_test(core, test_keyed_hash_vectors, 0, COUNT(vectors));
	tcase_add_test(core, test_keyed_hash_hex_text);
	tcase_add_test(core, test_keyed_hash_key_changes_name);
	suite_add_tcase(suite, core);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(keyed_hash_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
