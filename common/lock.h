#ifndef WOLKVOX_LOCK_H
#define WOLKVOX_LOCK_H

#include <stdbool.h>
#include <stddef.h>

/*
 * An exclusive lock on a file, shared by every process of the host that
 * opens the same path: one request at a time per API token. The lock is a
 * flock(2) lock, so it ends when its holder closes the file or dies, and a
 * crashed check never leaves a stale lock behind.
 */

/* Interval between two attempts while another process holds the lock. */
#define LOCK_POLL_MS 25

struct lock {
	int fd;               /* -1 when not held */
};

enum lock_status {
	LOCK_ACQUIRED,        /* *lock holds the lock */
	LOCK_TIMEOUT,         /* another process held it for the whole timeout */
	LOCK_ERROR            /* the lock file cannot be used; err says why */
};

/* Initializes a lock that is not held. */
void lock_init(struct lock *lock);

/*
 * Opens the lock file at path, creating it with mode 0600 whatever the
 * umask, and takes the lock, trying again every LOCK_POLL_MS while another
 * process holds it, for at most timeout_seconds (0 tries once). The file
 * must be a regular file owned by the running user and writable by nobody
 * else; a symbolic link is rejected. *waited_seconds (when not NULL) gets
 * the time spent waiting. On LOCK_TIMEOUT and LOCK_ERROR the lock is not
 * held and err (errlen bytes) holds a message.
 */
enum lock_status lock_acquire(struct lock *lock, const char *path, double timeout_seconds,
			      double *waited_seconds, char *err, size_t errlen);

/* Releases the lock and closes its file. Safe on a lock that is not held. */
void lock_release(struct lock *lock);

#endif
