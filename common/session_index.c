#include "session_index.h"

#include <stdlib.h>
#include <string.h>

static const char *session_key(const struct session *session, enum roster_key key)
{
	return key == ROSTER_KEY_AGENT_ID ? session->agent_id : session->agent_dni;
}

static int login_compare(const struct session *left, const struct session *right)
{
	return (left->login > right->login) - (left->login < right->login);
}

static int session_compare_by_id(const void *a, const void *b)
{
	const struct session *left = *(const struct session *const *)a;
	const struct session *right = *(const struct session *const *)b;
	int order = strcmp(left->agent_id, right->agent_id);

	return order != 0 ? order : login_compare(left, right);
}

static int session_compare_by_dni(const void *a, const void *b)
{
	const struct session *left = *(const struct session *const *)a;
	const struct session *right = *(const struct session *const *)b;
	int order = strcmp(left->agent_dni, right->agent_dni);

	return order != 0 ? order : login_compare(left, right);
}

bool session_index_build(struct session_index *index, const struct report *report,
			 enum roster_key key)
{
	size_t count = report != NULL ? report->count : 0;

	index->key = key;
	index->count = 0;
	index->items = NULL;
	if (count == 0)
		return true;

	/* The index holds pointers to sessions, so each item is a pointer. */
	index->items = malloc(count * sizeof(*index->items)); /* NOLINT(bugprone-sizeof-expression) */
	if (index->items == NULL)
		return false;

	for (size_t i = 0; i < count; i++) {
		const struct session *session = &report->sessions[i];
		const char *agent = session_key(session, key);

		if (agent != NULL && agent[0] != '\0')
			index->items[index->count++] = session;
	}

	qsort(index->items, index->count, sizeof(*index->items), /* NOLINT(bugprone-sizeof-expression) */
	      key == ROSTER_KEY_AGENT_ID ? session_compare_by_id : session_compare_by_dni);
	return true;
}

size_t session_index_find(const struct session_index *index, const char *agent)
{
	size_t low = 0, high = index->count;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (strcmp(session_key(index->items[middle], index->key), agent) < 0)
			low = middle + 1;
		else
			high = middle;
	}

	return low;
}

bool session_index_matches(const struct session_index *index, size_t position,
			   const char *agent)
{
	return position < index->count &&
	       strcmp(session_key(index->items[position], index->key), agent) == 0;
}

void session_index_release(struct session_index *index)
{
	if (index == NULL)
		return;

	free(index->items);
	memset(index, 0, sizeof(*index));
}
