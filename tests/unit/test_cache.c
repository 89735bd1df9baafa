#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>

#include "cache.h"

#define NOBODY 65534
#define NAME "0123abcd.cache"

static char root[64];
static char dir[128];
static char path[192];
static unsigned char key[KEYED_HASH_SIZE];
static const char payload[] = "sessions and counters, in any bytes: \x01\x02\xff";

static void tree_create(void)
{
	snprintf(root, sizeof root, "/tmp/test_cache.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	snprintf(dir, sizeof dir, "%s/cache", root);
	snprintf(path, sizeof path, "%s/%s", dir, NAME);
	memset(key, 0x5a, sizeof key);
}

static void tree_remove(void)
{
	char command[256];

	snprintf(command, sizeof command, "rm -rf '%s'", root);
	ck_assert_int_eq(system(command), 0);
}

static size_t file_count(const char *directory)
{
	DIR *stream = opendir(directory);
	struct dirent *item;
	size_t count = 0;

	ck_assert_ptr_nonnull(stream);
	while ((item = readdir(stream)) != NULL)
		if (strcmp(item->d_name, ".") != 0 && strcmp(item->d_name, "..") != 0)
			count++;
	closedir(stream);
	return count;
}

/* Prepares the directory and writes the test payload fetched at 1000. */
static void cache_fill(void)
{
	char err[512] = "";

	ck_assert_int_eq(cache_dir_prepare(dir, err, sizeof err), CACHE_OK);
	ck_assert_int_eq(cache_write(dir, NAME, key, CACHE_KIND_REPORT, 1000, payload,
				     sizeof payload, err, sizeof err), CACHE_OK);
}

/* Overwrites length bytes at offset of the cache file. */
static void file_patch(long offset, const void *bytes, size_t length)
{
	FILE *file = fopen(path, "r+b");

	ck_assert_ptr_nonnull(file);
	ck_assert_int_eq(fseek(file, offset, SEEK_SET), 0);
	ck_assert_uint_eq(fwrite(bytes, 1, length, file), length);
	ck_assert_int_eq(fclose(file), 0);
}

/* Reads the cache file and expects status and a message containing part. */
static void read_expect(enum cache_status expected, const char *part)
{
	struct cache_entry entry;
	char err[512] = "";

	ck_assert_int_eq(cache_read(dir, NAME, key, CACHE_KIND_REPORT, &entry, err, sizeof err),
			 expected);
	ck_assert_ptr_null(entry.payload);
	ck_assert_msg(strstr(err, part) != NULL, "message '%s' lacks '%s'", err, part);
}

START_TEST(test_cache_round_trip)
{
	struct cache_entry entry;
	struct stat status;
	char err[512] = "";
	mode_t old_umask;

	tree_create();
	old_umask = umask(0277);
	ck_assert_int_eq(cache_dir_prepare(dir, err, sizeof err), CACHE_OK);
	ck_assert_int_eq(cache_write(dir, NAME, key, CACHE_KIND_REPORT, 1741791600, payload,
				     sizeof payload, err, sizeof err), CACHE_OK);
	umask(old_umask);

	ck_assert_int_eq(stat(dir, &status), 0);
	ck_assert_int_eq(status.st_mode & 07777, 0700);
	ck_assert_int_eq(stat(path, &status), 0);
	ck_assert_int_eq(status.st_mode & 07777, 0600);
	ck_assert_int_eq(status.st_uid, geteuid());
	ck_assert_int_eq(status.st_size, CACHE_HEADER_SIZE + (long)sizeof payload);
	ck_assert_uint_eq(file_count(dir), 1);

	ck_assert_int_eq(cache_read(dir, NAME, key, CACHE_KIND_REPORT, &entry, err, sizeof err),
			 CACHE_OK);
	ck_assert_int_eq(entry.fetched_at, 1741791600);
	ck_assert_uint_eq(entry.length, sizeof payload);
	ck_assert_mem_eq(entry.payload, payload, sizeof payload);
	cache_entry_release(&entry);
	ck_assert_ptr_null(entry.payload);
	cache_entry_release(&entry);
	tree_remove();
}
END_TEST

START_TEST(test_cache_empty_payload)
{
	struct cache_entry entry;
	char err[512] = "";

	tree_create();
	ck_assert_int_eq(cache_dir_prepare(dir, err, sizeof err), CACHE_OK);
	ck_assert_int_eq(cache_write(dir, NAME, key, CACHE_KIND_TOKEN_INFO, 5, "", 0, err,
				     sizeof err), CACHE_OK);
	ck_assert_int_eq(cache_read(dir, NAME, key, CACHE_KIND_TOKEN_INFO, &entry, err, sizeof err),
			 CACHE_OK);
	ck_assert_uint_eq(entry.length, 0);
	cache_entry_release(&entry);
	tree_remove();
}
END_TEST

START_TEST(test_cache_replace)
{
	struct cache_entry entry;
	char err[512] = "";

	tree_create();
	cache_fill();
	ck_assert_int_eq(cache_write(dir, NAME, key, CACHE_KIND_REPORT, 2000, "new", 3, err,
				     sizeof err), CACHE_OK);
	ck_assert_uint_eq(file_count(dir), 1);
	ck_assert_int_eq(cache_read(dir, NAME, key, CACHE_KIND_REPORT, &entry, err, sizeof err),
			 CACHE_OK);
	ck_assert_int_eq(entry.fetched_at, 2000);
	ck_assert_uint_eq(entry.length, 3);
	ck_assert_mem_eq(entry.payload, "new", 3);
	cache_entry_release(&entry);
	tree_remove();
}
END_TEST

/* A reader running while another process rewrites the file sees a whole
 * old or a whole new file every time. */
START_TEST(test_cache_atomic_write)
{
	static char big[200000];
	char err[512] = "";
	int ok = 0, other = 0;
	int wstatus = 0;
	pid_t writer;

	tree_create();
	memset(big, 'b', sizeof big);
	cache_fill();

	writer = fork();
	ck_assert_int_ge(writer, 0);
	if (writer == 0) {
		char child_err[512];

		for (int i = 0; i < 200; i++)
			if (cache_write(dir, NAME, key, CACHE_KIND_REPORT, 3000 + i, big,
					sizeof big, child_err, sizeof child_err) != CACHE_OK)
				_exit(1);
		_exit(0);
	}

	for (int i = 0; i < 400; i++) {
		struct cache_entry entry;
		enum cache_status status = cache_read(dir, NAME, key, CACHE_KIND_REPORT, &entry,
						      err, sizeof err);

		if (status == CACHE_OK &&
		    (entry.length == sizeof big || entry.length == sizeof payload))
			ok++;
		else
			other++;
		cache_entry_release(&entry);
	}

	ck_assert_int_eq(waitpid(writer, &wstatus, 0), writer);
	ck_assert(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
	ck_assert_int_eq(other, 0);
	ck_assert_int_eq(ok, 400);
	ck_assert_uint_eq(file_count(dir), 1);
	tree_remove();
}
END_TEST

START_TEST(test_cache_missing)
{
	struct cache_entry entry;
	char err[512] = "";

	tree_create();
	ck_assert_int_eq(cache_dir_prepare(dir, err, sizeof err), CACHE_OK);
	ck_assert_int_eq(cache_read(dir, NAME, key, CACHE_KIND_REPORT, &entry, err, sizeof err),
			 CACHE_MISSING);
	ck_assert_ptr_null(entry.payload);
	tree_remove();
}
END_TEST

START_TEST(test_cache_truncated_header)
{
	tree_create();
	cache_fill();
	ck_assert_int_eq(truncate(path, 50), 0);
	read_expect(CACHE_INVALID, "truncated: 50 bytes, shorter than the header");
	ck_assert_int_eq(truncate(path, 0), 0);
	read_expect(CACHE_INVALID, "truncated: 0 bytes");
	tree_remove();
}
END_TEST

START_TEST(test_cache_truncated_payload)
{
	tree_create();
	cache_fill();
	ck_assert_int_eq(truncate(path, CACHE_HEADER_SIZE + (long)sizeof payload - 1), 0);
	read_expect(CACHE_INVALID, "truncated or padded");
	tree_remove();
}
END_TEST

START_TEST(test_cache_padded)
{
	FILE *file;

	tree_create();
	cache_fill();
	file = fopen(path, "ab");
	ck_assert_ptr_nonnull(file);
	fputc('x', file);
	fclose(file);
	read_expect(CACHE_INVALID, "the header announces 41 payload bytes, the file has 42");
	tree_remove();
}
END_TEST

START_TEST(test_cache_bad_checksum)
{
	tree_create();
	cache_fill();
	file_patch(CACHE_HEADER_SIZE + 3, "X", 1);
	read_expect(CACHE_INVALID, "checksum mismatch");
	tree_remove();
}
END_TEST

START_TEST(test_cache_header_covered)
{
	static const unsigned char later[8] = { 0xe9, 0x03, 0, 0, 0, 0, 0, 1 };

	tree_create();
	cache_fill();
	file_patch(16, later, sizeof later);
	read_expect(CACHE_INVALID, "checksum mismatch");
	tree_remove();
}
END_TEST

START_TEST(test_cache_older_version)
{
	static const unsigned char version_zero[4] = { 0, 0, 0, 0 };

	tree_create();
	cache_fill();
	file_patch(8, version_zero, sizeof version_zero);
	read_expect(CACHE_INVALID, "format version 0, this program reads version 1");
	tree_remove();
}
END_TEST

START_TEST(test_cache_bad_magic)
{
	tree_create();
	cache_fill();
	file_patch(0, "WVXCACHF", 8);
	read_expect(CACHE_INVALID, "not a cache file");
	tree_remove();
}
END_TEST

START_TEST(test_cache_other_key)
{
	tree_create();
	cache_fill();
	key[0] ^= 1;
	read_expect(CACHE_INVALID, "belongs to another URL or token");
	tree_remove();
}
END_TEST

START_TEST(test_cache_other_kind)
{
	struct cache_entry entry;
	char err[512] = "";

	tree_create();
	cache_fill();
	ck_assert_int_eq(cache_read(dir, NAME, key, CACHE_KIND_TOKEN_INFO, &entry, err, sizeof err),
			 CACHE_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "holds payload kind 1, expected 2"));
	tree_remove();
}
END_TEST

START_TEST(test_cache_symlink_file)
{
	char target[192];

	tree_create();
	cache_fill();
	snprintf(target, sizeof target, "%s/real", dir);
	ck_assert_int_eq(rename(path, target), 0);
	ck_assert_int_eq(symlink(target, path), 0);
	read_expect(CACHE_UNSAFE, "is a symbolic link");
	tree_remove();
}
END_TEST

START_TEST(test_cache_group_writable_file)
{
	tree_create();
	cache_fill();
	ck_assert_int_eq(chmod(path, 0620), 0);
	read_expect(CACHE_UNSAFE, "can be written by other users");
	tree_remove();
}
END_TEST

START_TEST(test_cache_file_other_owner)
{
	if (geteuid() != 0)
		return;
	tree_create();
	cache_fill();
	ck_assert_int_eq(chown(path, NOBODY, NOBODY), 0);
	read_expect(CACHE_UNSAFE, "is owned by user 65534, not by the running user 0");
	tree_remove();
}
END_TEST

START_TEST(test_cache_symlink_dir)
{
	char real[160];
	char err[512] = "";

	tree_create();
	snprintf(real, sizeof real, "%s/real", root);
	ck_assert_int_eq(mkdir(real, 0700), 0);
	ck_assert_int_eq(symlink(real, dir), 0);
	ck_assert_int_eq(cache_dir_prepare(dir, err, sizeof err), CACHE_UNSAFE);
	ck_assert_ptr_nonnull(strstr(err, "is a symbolic link"));
	tree_remove();
}
END_TEST

START_TEST(test_cache_dir_other_owner)
{
	char err[512] = "";

	if (geteuid() != 0)
		return;
	tree_create();
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	ck_assert_int_eq(chown(dir, NOBODY, NOBODY), 0);
	ck_assert_int_eq(cache_dir_prepare(dir, err, sizeof err), CACHE_UNSAFE);
	ck_assert_ptr_nonnull(strstr(err, "is owned by user 65534, not by the running user 0"));
	tree_remove();
}
END_TEST

START_TEST(test_cache_dir_group_writable)
{
	char err[512] = "";

	tree_create();
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	ck_assert_int_eq(chmod(dir, 0770), 0);
	ck_assert_int_eq(cache_dir_prepare(dir, err, sizeof err), CACHE_UNSAFE);
	ck_assert_ptr_nonnull(strstr(err, "can be written by other users (mode 0770)"));
	ck_assert_int_eq(chmod(dir, 0702), 0);
	ck_assert_int_eq(cache_dir_prepare(dir, err, sizeof err), CACHE_UNSAFE);
	tree_remove();
}
END_TEST

START_TEST(test_cache_dir_not_directory)
{
	char err[512] = "";
	FILE *file;

	tree_create();
	file = fopen(dir, "w");
	ck_assert_ptr_nonnull(file);
	fclose(file);
	ck_assert_int_eq(cache_dir_prepare(dir, err, sizeof err), CACHE_UNSAFE);
	ck_assert_ptr_nonnull(strstr(err, "is not a directory"));
	tree_remove();
}
END_TEST

START_TEST(test_cache_dir_existing_kept)
{
	struct stat status;
	char err[512] = "";

	tree_create();
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	ck_assert_int_eq(chmod(dir, 0755), 0);
	ck_assert_int_eq(cache_dir_prepare(dir, err, sizeof err), CACHE_OK);
	ck_assert_int_eq(stat(dir, &status), 0);
	ck_assert_int_eq(status.st_mode & 07777, 0755);
	tree_remove();
}
END_TEST

START_TEST(test_cache_dir_parent_missing)
{
	char err[512] = "";

	tree_create();
	snprintf(dir, sizeof dir, "%s/no/cache", root);
	ck_assert_int_eq(cache_dir_prepare(dir, err, sizeof err), CACHE_ERROR);
	ck_assert_ptr_nonnull(strstr(err, "cannot create cache directory"));
	ck_assert_ptr_nonnull(strstr(err, "No such file or directory"));
	tree_remove();
}
END_TEST

/* Runs cache_write() as user nobody in a directory that nobody owns but
 * cannot write, because root writes everywhere. Returns the child's exit
 * code: 0 when the write failed cleanly. */
static int unwritable_child(void)
{
	char err[512] = "";

	if (geteuid() == 0 && (setgid(NOBODY) != 0 || setuid(NOBODY) != 0))
		return 10;
	if (cache_write(dir, NAME, key, CACHE_KIND_REPORT, 1, payload, sizeof payload, err,
			sizeof err) != CACHE_ERROR)
		return 11;
	if (strstr(err, "cannot create a file in cache directory") == NULL ||
	    strstr(err, "Permission denied") == NULL)
		return 12;
	return 0;
}

START_TEST(test_cache_unwritable_dir)
{
	int status = 0;
	pid_t child;

	tree_create();
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	if (geteuid() == 0) {
		ck_assert_int_eq(chmod(root, 0755), 0);
		ck_assert_int_eq(chown(dir, NOBODY, NOBODY), 0);
	}
	ck_assert_int_eq(chmod(dir, 0500), 0);

	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0)
		_exit(unwritable_child());
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_uint_eq(file_count(dir), 0);
	chmod(dir, 0700);
	tree_remove();
}
END_TEST

/* A file size limit fails the write the way a full disk does: the old file
 * stays and no temporary file is left. */
START_TEST(test_cache_full_disk)
{
	static char big[100000];
	struct cache_entry entry;
	struct rlimit old_limit, limit;
	char err[512] = "";
	enum cache_status status;

	tree_create();
	cache_fill();
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
	limit = old_limit;
	limit.rlim_cur = 4096;
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &limit), 0);
	status = cache_write(dir, NAME, key, CACHE_KIND_REPORT, 2, big, sizeof big, err, sizeof err);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old_limit), 0);
	signal(SIGXFSZ, SIG_DFL);

	ck_assert_int_eq(status, CACHE_ERROR);
	ck_assert_ptr_nonnull(strstr(err, "cannot write cache file in"));
	ck_assert_uint_eq(file_count(dir), 1);
	ck_assert_int_eq(cache_read(dir, NAME, key, CACHE_KIND_REPORT, &entry, err, sizeof err),
			 CACHE_OK);
	ck_assert_int_eq(entry.fetched_at, 1000);
	cache_entry_release(&entry);
	tree_remove();
}
END_TEST

START_TEST(test_cache_choose_order)
{
	char chosen[256];
	char system_dir[160];
	const char *origin = NULL;

	tree_create();
	snprintf(system_dir, sizeof system_dir, "%s/system", root);
	setenv("WOLKVOX_CACHE_DIR", "/from/environment", 1);
	setenv("XDG_RUNTIME_DIR", "/run/user/1000", 1);

	ck_assert(cache_dir_choose("/from/option", system_dir, chosen, sizeof chosen, &origin));
	ck_assert_str_eq(chosen, "/from/option");
	ck_assert_str_eq(origin, "--cache-dir");

	ck_assert(cache_dir_choose(NULL, system_dir, chosen, sizeof chosen, &origin));
	ck_assert_str_eq(chosen, "/from/environment");
	ck_assert_str_eq(origin, "WOLKVOX_CACHE_DIR");

	setenv("WOLKVOX_CACHE_DIR", "", 1);
	ck_assert(cache_dir_choose(NULL, system_dir, chosen, sizeof chosen, &origin));
	ck_assert_str_eq(chosen, "/run/user/1000/wolkvox-plugins");
	ck_assert_str_eq(origin, "XDG_RUNTIME_DIR");

	ck_assert_int_eq(mkdir(system_dir, 0755), 0);
	ck_assert(cache_dir_choose(NULL, system_dir, chosen, sizeof chosen, &origin));
	ck_assert_str_eq(chosen, system_dir);
	ck_assert_str_eq(origin, "system directory");

	if (geteuid() == 0) {
		ck_assert_int_eq(chown(system_dir, NOBODY, NOBODY), 0);
		ck_assert(cache_dir_choose(NULL, system_dir, chosen, sizeof chosen, &origin));
		ck_assert_str_eq(chosen, "/run/user/1000/wolkvox-plugins");
	}

	unsetenv("WOLKVOX_CACHE_DIR");
	unsetenv("XDG_RUNTIME_DIR");
	rmdir(system_dir);
	ck_assert(cache_dir_choose(NULL, system_dir, chosen, sizeof chosen, &origin));
	snprintf(system_dir, sizeof system_dir, "/var/tmp/wolkvox-plugins-%ld", (long)geteuid());
	ck_assert_str_eq(chosen, system_dir);
	ck_assert_str_eq(origin, "fallback");

	ck_assert(!cache_dir_choose("/a/long/option", NULL, chosen, 8, &origin));
	tree_remove();
}
END_TEST

static Suite *cache_suite(void)
{
	Suite *suite = suite_create("cache");
	TCase *core = tcase_create("Core");
	TCase *invalid = tcase_create("Invalid");
	TCase *errors = tcase_create("Errors");

	tcase_set_timeout(core, 30);
	tcase_add_test(core, test_cache_round_trip);
	tcase_add_test(core, test_cache_empty_payload);
	tcase_add_test(core, test_cache_replace);
	tcase_add_test(core, test_cache_atomic_write);
	tcase_add_test(core, test_cache_missing);
	tcase_add_test(core, test_cache_choose_order);
	tcase_add_test(core, test_cache_dir_existing_kept);
	suite_add_tcase(suite, core);

	tcase_add_test(invalid, test_cache_truncated_header);
	tcase_add_test(invalid, test_cache_truncated_payload);
	tcase_add_test(invalid, test_cache_padded);
	tcase_add_test(invalid, test_cache_bad_checksum);
	tcase_add_test(invalid, test_cache_header_covered);
	tcase_add_test(invalid, test_cache_older_version);
	tcase_add_test(invalid, test_cache_bad_magic);
	tcase_add_test(invalid, test_cache_other_key);
	tcase_add_test(invalid, test_cache_other_kind);
	suite_add_tcase(suite, invalid);

	tcase_add_test(errors, test_cache_symlink_file);
	tcase_add_test(errors, test_cache_group_writable_file);
	tcase_add_test(errors, test_cache_file_other_owner);
	tcase_add_test(errors, test_cache_symlink_dir);
	tcase_add_test(errors, test_cache_dir_other_owner);
	tcase_add_test(errors, test_cache_dir_group_writable);
	tcase_add_test(errors, test_cache_dir_not_directory);
	tcase_add_test(errors, test_cache_dir_parent_missing);
	tcase_add_test(errors, test_cache_unwritable_dir);
	tcase_add_test(errors, test_cache_full_disk);
	suite_add_tcase(suite, errors);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(cache_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
