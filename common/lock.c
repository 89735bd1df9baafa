#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"

static double monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static void sleep_milliseconds(long milliseconds)
{
	struct timespec pause = { milliseconds / 1000, (milliseconds % 1000) * 1000000L };

	while (nanosleep(&pause, &pause) != 0 && errno == EINTR)
		;
}

/* Opens or creates the lock file and checks that nobody else controls it. */
static int file_open(const char *path, char *err, size_t errlen)
{
	struct stat status;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
	if (fd < 0) {
		if (errno == ELOOP)
			snprintf(err, errlen, _("lock file %s is a symbolic link; remove it"), path);
		else
			snprintf(err, errlen, _("cannot open lock file %s: %s"), path, strerror(errno));
		return -1;
	}

	if (fstat(fd, &status) != 0) {
		snprintf(err, errlen, _("cannot check lock file %s: %s"), path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(status.st_mode) || status.st_uid != geteuid() ||
	    (status.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		snprintf(err, errlen,
			 _("lock file %s is not a regular file of user %ld writable only by it; remove it"),
			 path, (long)geteuid());
		close(fd);
		return -1;
	}
	if ((status.st_mode & 07777) != 0600 && fchmod(fd, 0600) != 0) {
		snprintf(err, errlen, _("cannot set mode 0600 on lock file %s: %s"), path,
			 strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

void lock_init(struct lock *lock)
{
	lock->fd = -1;
}

enum lock_status lock_acquire(struct lock *lock, const char *path, double timeout_seconds,
			      double *waited_seconds, char *err, size_t errlen)
{
	double started = monotonic_seconds();
	double waited = 0.0;
	int fd;

	lock->fd = -1;
	if (waited_seconds != NULL)
		*waited_seconds = 0.0;

	fd = file_open(path, err, errlen);
	if (fd < 0)
		return LOCK_ERROR;

	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			snprintf(err, errlen, _("cannot lock %s: %s"), path, strerror(errno));
			close(fd);
			return LOCK_ERROR;
		}

		waited = monotonic_seconds() - started;
		if (waited >= timeout_seconds) {
			if (waited_seconds != NULL)
				*waited_seconds = waited;
			snprintf(err, errlen, _("lock %s still held by another process after %.1f s"),
				 path, waited);
			close(fd);
			return LOCK_TIMEOUT;
		}
		sleep_milliseconds(LOCK_POLL_MS);
	}

	if (waited_seconds != NULL)
		*waited_seconds = monotonic_seconds() - started;
	lock->fd = fd;
	return LOCK_ACQUIRED;
}

void lock_release(struct lock *lock)
{
	if (lock == NULL || lock->fd < 0)
		return;
	flock(lock->fd, LOCK_UN);
	close(lock->fd);
	lock->fd = -1;
}
