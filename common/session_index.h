#ifndef WOLKVOX_SESSION_INDEX_H
#define WOLKVOX_SESSION_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"
#include "roster.h"

/*
 * The report's sessions sorted by agent key (agent_id or agent_dni, as the
 * roster matches on), then by login time. One agent's sessions are found by
 * binary search, so matching a roster against a report costs
 * O((R + S) log S) for R roster rows and S sessions, not O(R * S).
 */
struct session_index {
	const struct session **items;  /* borrowed from the report */
	size_t count;
	enum roster_key key;
};

/*
 * Indexes the sessions of report (which may be NULL) that have a non-empty
 * key; a session without one can match no roster row. The report must
 * outlive the index. Returns false only when out of memory; the index is
 * then empty. Free it with session_index_release().
 */
bool session_index_build(struct session_index *index, const struct report *report,
			 enum roster_key key);

/* Returns the position of agent's first session (the earliest login), or
 * index->count when the agent has none. */
size_t session_index_find(const struct session_index *index, const char *agent);

/*
 * Returns true when position is inside the index and the session there
 * belongs to agent. Walk one agent's sessions, in login order, with:
 *
 *     for (i = session_index_find(index, agent);
 *          session_index_matches(index, i, agent); i++)
 */
bool session_index_matches(const struct session_index *index, size_t position,
			   const char *agent);

/* Frees the index's array and zeroes it. Safe on a zeroed index. */
void session_index_release(struct session_index *index);

#endif
