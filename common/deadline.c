#include "deadline.h"

#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES 512

static char timeout_line[LINE_MAX_BYTES];
static size_t timeout_length;
static char signal_line[LINE_MAX_BYTES];
static size_t signal_length;
static volatile sig_atomic_t timeout_exit_code = STATE_UNKNOWN;
static struct timespec expiry;

static size_t copy_line(char *target, const char *line)
{
	size_t length = strlen(line);

	if (length > LINE_MAX_BYTES - 2)
		length = LINE_MAX_BYTES - 2;
	memcpy(target, line, length);
	if (length == 0 || target[length - 1] != '\n')
		target[length++] = '\n';
	target[length] = '\0';
	return length;
}

/* Only write(2) and _exit(2) run here: both are async-signal-safe. */
static void write_and_exit(const char *line, size_t length, int code)
{
	ssize_t written = write(STDOUT_FILENO, line, length);

	(void)written;
	_exit(code);
}

/* A SIGALRM that arrives well before the deadline was sent by another
 * process, not by the timer. clock_gettime() is async-signal-safe. */
#define EARLY_ALARM_SECONDS 0.05

static void on_termination(int signal_number);

static void on_alarm(int signal_number)
{
	if (deadline_remaining() > EARLY_ALARM_SECONDS)
		on_termination(signal_number);
	write_and_exit(timeout_line, timeout_length, timeout_exit_code);
}

static void on_termination(int signal_number)
{
	(void)signal_number;
	write_and_exit(signal_line, signal_length, STATE_UNKNOWN);
}

static bool install_handler(int signal_number, void (*handler)(int))
{
	struct sigaction action;

	memset(&action, 0, sizeof(action));
	action.sa_handler = handler;
	sigemptyset(&action.sa_mask);
	sigaddset(&action.sa_mask, SIGALRM);
	sigaddset(&action.sa_mask, SIGTERM);
	sigaddset(&action.sa_mask, SIGINT);
	sigaddset(&action.sa_mask, SIGHUP);
	sigaddset(&action.sa_mask, SIGUSR1);
	sigaddset(&action.sa_mask, SIGUSR2);
	return sigaction(signal_number, &action, NULL) == 0;
}

bool deadline_arm(double seconds, const char *timeout_text, enum plugin_state state,
		  const char *signal_text)
{
	struct itimerval timer;
	long whole;

	timeout_length = copy_line(timeout_line, timeout_text);
	signal_length = copy_line(signal_line, signal_text);
	timeout_exit_code = state;

	if (!install_handler(SIGALRM, on_alarm) || !install_handler(SIGTERM, on_termination) ||
	    !install_handler(SIGINT, on_termination) || !install_handler(SIGHUP, on_termination) ||
	    !install_handler(SIGUSR1, on_termination) || !install_handler(SIGUSR2, on_termination))
		return false;
	signal(SIGPIPE, SIG_IGN);

	if (!(seconds > 0.0))
		seconds = 0.001;
	memset(&timer, 0, sizeof(timer));
	whole = (long)seconds;
	timer.it_value.tv_sec = (time_t)whole;
	timer.it_value.tv_usec = (suseconds_t)((seconds - (double)whole) * 1e6);

	clock_gettime(CLOCK_MONOTONIC, &expiry);
	expiry.tv_sec += timer.it_value.tv_sec;
	expiry.tv_nsec += timer.it_value.tv_usec * 1000L;
	if (expiry.tv_nsec >= 1000000000L) {
		expiry.tv_sec++;
		expiry.tv_nsec -= 1000000000L;
	}

	return setitimer(ITIMER_REAL, &timer, NULL) == 0;
}

static void stop_timer(void)
{
	struct itimerval timer;

	memset(&timer, 0, sizeof(timer));
	setitimer(ITIMER_REAL, &timer, NULL);
}

static void set_all_handlers(void (*handler)(int))
{
	signal(SIGALRM, handler);
	signal(SIGTERM, handler);
	signal(SIGINT, handler);
	signal(SIGHUP, handler);
	signal(SIGUSR1, handler);
	signal(SIGUSR2, handler);
}

void deadline_disarm(void)
{
	stop_timer();
	set_all_handlers(SIG_DFL);
}

void deadline_finish(void)
{
	/* Ignore first, so that a signal arriving between the two steps finds
	 * no handler that would print a second status line. */
	set_all_handlers(SIG_IGN);
	stop_timer();
}

double deadline_remaining(void)
{
	struct timespec now;
	double remaining;

	clock_gettime(CLOCK_MONOTONIC, &now);
	remaining = (double)(expiry.tv_sec - now.tv_sec) +
		    (double)(expiry.tv_nsec - now.tv_nsec) / 1e9;
	return remaining > 0.0 ? remaining : 0.0;
}
