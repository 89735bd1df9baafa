#ifndef WOLKVOX_REPORT_CODEC_H
#define WOLKVOX_REPORT_CODEC_H

#include <stdbool.h>

#include "codec.h"
#include "report.h"

/*
 * The parsed agent_7 report in the binary form of the cache: the sessions,
 * the counts of skipped records, the first invalid record's reason and the
 * shapes of "data" and "code", so that a cache hit needs no JSON parsing.
 */

/* Appends report to writer. Failures show in writer->failed. */
void report_codec_encode(const struct report *report, struct codec_writer *writer);

/*
 * Decodes a report written by report_codec_encode() from the whole of
 * reader. Returns false, with *report empty, when the bytes are not such a
 * report: short, with bytes left over, an invalid string, an empty agent_id
 * or a shape this version does not know. On success the caller frees
 * *report with report_release(); its shape texts are the same static
 * strings report_parse() uses.
 */
bool report_codec_decode(struct codec_reader *reader, struct report *report);

#endif
