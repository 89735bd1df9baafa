#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"

static char directory[64];
static char lock_path[128];

static void directory_create(void)
{
	snprintf(directory, sizeof directory, "/tmp/test_lock.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(directory));
	snprintf(lock_path, sizeof lock_path, "%s/token.lock", directory);
}

static void directory_remove(void)
{
	char path[160];

	snprintf(path, sizeof path, "%s/link.lock", directory);
	unlink(path);
	unlink(lock_path);
	rmdir(directory);
}

static double monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Forks a child that takes the lock, writes one byte to the pipe when it
 * holds it, holds it for hold_ms and exits. Returns after that byte. */
static pid_t holder_start(long hold_ms)
{
	int ready[2];
	pid_t pid;
	char byte;

	ck_assert_int_eq(pipe(ready), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct timespec pause = { hold_ms / 1000, (hold_ms % 1000) * 1000000L };
		struct lock lock;
		char err[256];

		close(ready[0]);
		if (lock_acquire(&lock, lock_path, 5.0, NULL, err, sizeof err) != LOCK_ACQUIRED)
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(2);
		nanosleep(&pause, NULL);
		lock_release(&lock);
		_exit(0);
	}

	close(ready[1]);
	ck_assert_int_eq(read(ready[0], &byte, 1), 1);
	close(ready[0]);
	return pid;
}

static int holder_wait(pid_t pid)
{
	int status = 0;

	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(test_lock_uncontended)
{
	struct lock lock;
	struct stat status;
	double waited = -1.0;
	char err[256] = "";
	mode_t old_umask;

	directory_create();
	old_umask = umask(0277);
	ck_assert_int_eq(lock_acquire(&lock, lock_path, 1.0, &waited, err, sizeof err),
			 LOCK_ACQUIRED);
	umask(old_umask);
	ck_assert_int_ge(lock.fd, 0);
	ck_assert(waited >= 0.0 && waited < 0.02);

	ck_assert_int_eq(stat(lock_path, &status), 0);
	ck_assert_int_eq(status.st_mode & 07777, 0600);
	ck_assert_int_eq(status.st_uid, geteuid());

	lock_release(&lock);
	ck_assert_int_eq(lock.fd, -1);
	lock_release(&lock);
	directory_remove();
}
END_TEST

START_TEST(test_lock_second_waits)
{
	struct lock lock;
	double waited = 0.0;
	double started;
	char err[256] = "";
	pid_t holder;

	directory_create();
	holder = holder_start(300);

	started = monotonic_seconds();
	ck_assert_int_eq(lock_acquire(&lock, lock_path, 5.0, &waited, err, sizeof err),
			 LOCK_ACQUIRED);
	ck_assert_msg(waited >= 0.2 && waited < 2.0, "waited %.3f s", waited);
	ck_assert(monotonic_seconds() - started >= 0.2);
	ck_assert_int_eq(holder_wait(holder), 0);

	lock_release(&lock);
	directory_remove();
}
END_TEST

START_TEST(test_lock_released_for_next)
{
	struct lock lock;
	double waited = -1.0;
	char err[256] = "";
	pid_t holder;

	directory_create();
	holder = holder_start(0);
	ck_assert_int_eq(holder_wait(holder), 0);

	ck_assert_int_eq(lock_acquire(&lock, lock_path, 0.0, &waited, err, sizeof err),
			 LOCK_ACQUIRED);
	ck_assert(waited < 0.02);
	lock_release(&lock);
	directory_remove();
}
END_TEST

START_TEST(test_lock_timeout)
{
	struct lock lock;
	double waited = 0.0;
	char err[256] = "";
	pid_t holder;

	directory_create();
	holder = holder_start(3000);

	ck_assert_int_eq(lock_acquire(&lock, lock_path, 0.2, &waited, err, sizeof err),
			 LOCK_TIMEOUT);
	ck_assert_int_eq(lock.fd, -1);
	ck_assert_msg(waited >= 0.2 && waited < 1.0, "waited %.3f s", waited);
	ck_assert_ptr_nonnull(strstr(err, "still held by another process after 0."));
	ck_assert_ptr_nonnull(strstr(err, lock_path));

	kill(holder, SIGKILL);
	holder_wait(holder);
	directory_remove();
}
END_TEST

START_TEST(test_lock_zero_timeout_tries_once)
{
	struct lock lock;
	double waited = 0.0;
	char err[256] = "";
	pid_t holder;

	directory_create();
	holder = holder_start(3000);

	ck_assert_int_eq(lock_acquire(&lock, lock_path, 0.0, &waited, err, sizeof err),
			 LOCK_TIMEOUT);
	ck_assert(waited < 0.05);

	kill(holder, SIGKILL);
	holder_wait(holder);
	directory_remove();
}
END_TEST

START_TEST(test_lock_symlink_rejected)
{
	struct lock lock;
	char link_path[160];
	char err[256] = "";
	FILE *target;

	directory_create();
	target = fopen(lock_path, "w");
	ck_assert_ptr_nonnull(target);
	fclose(target);
	chmod(lock_path, 0600);
	snprintf(link_path, sizeof link_path, "%s/link.lock", directory);
	ck_assert_int_eq(symlink(lock_path, link_path), 0);

	ck_assert_int_eq(lock_acquire(&lock, link_path, 0.0, NULL, err, sizeof err), LOCK_ERROR);
	ck_assert_ptr_nonnull(strstr(err, "is a symbolic link"));
	ck_assert_int_eq(lock.fd, -1);
	directory_remove();
}
END_TEST

START_TEST(test_lock_group_writable_rejected)
{
	struct lock lock;
	char err[256] = "";
	FILE *file;

	directory_create();
	file = fopen(lock_path, "w");
	ck_assert_ptr_nonnull(file);
	fclose(file);
	ck_assert_int_eq(chmod(lock_path, 0620), 0);

	ck_assert_int_eq(lock_acquire(&lock, lock_path, 0.0, NULL, err, sizeof err), LOCK_ERROR);
	ck_assert_ptr_nonnull(strstr(err, "writable only by it"));
	directory_remove();
}
END_TEST

/* Root can give the file away; other users test the same check through the
 * group-writable case above. */
START_TEST(test_lock_other_owner_rejected)
{
	struct lock lock;
	char err[256] = "";
	FILE *file;

	if (geteuid() != 0)
		return;

	directory_create();
	file = fopen(lock_path, "w");
	ck_assert_ptr_nonnull(file);
	fclose(file);
	ck_assert_int_eq(chmod(lock_path, 0600), 0);
	ck_assert_int_eq(chown(lock_path, 65534, 65534), 0);

	ck_assert_int_eq(lock_acquire(&lock, lock_path, 0.0, NULL, err, sizeof err), LOCK_ERROR);
	ck_assert_ptr_nonnull(strstr(err, "of user 0"));
	directory_remove();
}
END_TEST

START_TEST(test_lock_missing_directory)
{
	struct lock lock;
	char err[256] = "";

	ck_assert_int_eq(lock_acquire(&lock, "/nonexistent-dir/token.lock", 0.0, NULL, err,
				      sizeof err), LOCK_ERROR);
	ck_assert_str_eq(err, "cannot open lock file /nonexistent-dir/token.lock: No such file or directory");
}
END_TEST

static Suite *lock_suite(void)
{
	Suite *suite = suite_create("lock");
	TCase *core = tcase_create("Core");
	TCase *errors = tcase_create("Errors");

	tcase_set_timeout(core, 20);
	tcase_add_test(core, test_lock_uncontended);
	tcase_add_test(core, test_lock_second_waits);
	tcase_add_test(core, test_lock_released_for_next);
	tcase_add_test(core, test_lock_timeout);
	tcase_add_test(core, test_lock_zero_timeout_tries_once);
	suite_add_tcase(suite, core);

	tcase_add_test(errors, test_lock_symlink_rejected);
	tcase_add_test(errors, test_lock_group_writable_rejected);
	tcase_add_test(errors, test_lock_other_owner_rejected);
	tcase_add_test(errors, test_lock_missing_directory);
	suite_add_tcase(suite, errors);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(lock_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
