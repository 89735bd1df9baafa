#include "clock_cache.h"

#include <string.h>

void clock_cache_init(struct clock_cache *cache)
{
	memset(cache, 0, sizeof *cache);
}

static void hour_fill(struct clock_hour *slot, const struct civil_time *civil)
{
	struct civil_time first = *civil;
	struct civil_time last = *civil;
	time_t end;

	first.minute = 0;
	first.second = 0;
	last.minute = 59;
	last.second = 59;
	slot->year = civil->year;
	slot->month = civil->month;
	slot->day = civil->day;
	slot->hour = civil->hour;
	slot->known = true;
	slot->uniform = civil_to_epoch(&first, &slot->epoch) && civil_to_epoch(&last, &end) &&
			end - slot->epoch == 3599;
}

bool clock_cache_to_epoch(struct clock_cache *cache, const struct civil_time *civil,
			  time_t *epoch)
{
	unsigned key = (unsigned)(((civil->year * 12 + civil->month) * 31 + civil->day) * 24 +
				  civil->hour);
	struct clock_hour *slot = &cache->slots[key % CLOCK_CACHE_SLOTS];

	if (!slot->known || slot->year != civil->year || slot->month != civil->month ||
	    slot->day != civil->day || slot->hour != civil->hour)
		hour_fill(slot, civil);
	if (!slot->uniform)
		return civil_to_epoch(civil, epoch);
	*epoch = slot->epoch + (time_t)civil->minute * 60 + civil->second;
	return true;
}
