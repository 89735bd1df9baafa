#ifndef WOLKVOX_CLOCK_CACHE_H
#define WOLKVOX_CLOCK_CACHE_H

#include <stdbool.h>
#include <time.h>

#include "timeutil.h"

/*
 * Converts many wall-clock times of the zone set with timeutil_set_zone()
 * to Unix times, for report.c. civil_to_epoch() costs a mktime() call,
 * which took a third of the parse of a large report. A report's times fall
 * in a few hours of a few days, so each hour's start is converted once and
 * the minutes and seconds are added to it. When the hour's last second is
 * not 3,599 seconds after its start, the zone changes its offset within the
 * hour, and every time of that hour is converted whole.
 *
 * Wall-clock times that a change of offset repeats or skips have two
 * readings or none, and mktime() picks one from state of its own; here each
 * such hour gets one reading for all its times. The cache is only valid
 * while the zone does not change.
 */

/* Slots of the cache; a report spans a few days. */
#define CLOCK_CACHE_SLOTS 256

/* The Unix time of the start of one hour of the wall clock. */
struct clock_hour {
	int year;
	int month;
	int day;
	int hour;
	bool known;
	bool uniform;      /* the zone keeps one offset for the whole hour */
	time_t epoch;
};

struct clock_cache {
	struct clock_hour slots[CLOCK_CACHE_SLOTS];
};

/* Empties *cache; no allocation. */
void clock_cache_init(struct clock_cache *cache);

/* Converts civil (a valid date and time, as civil_parse_datetime() returns
 * it) into *epoch. Returns false where civil_to_epoch() would. */
bool clock_cache_to_epoch(struct clock_cache *cache, const struct civil_time *civil,
			  time_t *epoch);

#endif
