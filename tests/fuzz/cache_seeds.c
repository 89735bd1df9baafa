/*
 * Writes seed inputs for fuzz_cache: real cache files, as cache_write()
 * makes them, of the reports parsed from the JSON files given as arguments
 * and of one token_info response. Usage: cache_seeds OUTPUT_DIR FILE.json...
 * Each seed is the flags byte fuzz_cache.c reads (0: keep the file as it
 * is) followed by the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "codec.h"
#include "report.h"
#include "report_codec.h"
#include "timeutil.h"
#include "token_info.h"

#define FLAG_TOKEN_INFO 1

static unsigned char key[KEYED_HASH_SIZE];

/* Reads path whole. Returns NULL when it cannot be read. */
static char *file_read(const char *path, size_t *length)
{
	FILE *file = fopen(path, "rb");
	char *text = NULL;
	long size;

	if (file == NULL)
		return NULL;
	if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 && fseek(file, 0, SEEK_SET) == 0) {
		text = malloc((size_t)size + 1);
		if (text != NULL && fread(text, 1, (size_t)size, file) != (size_t)size) {
			free(text);
			text = NULL;
		}
		*length = (size_t)size;
	}
	fclose(file);
	return text;
}

/* Writes the payload into a cache file in work_dir, then the seed. */
static bool seed_write(const char *work_dir, const char *seed_path, enum cache_kind kind,
		       const struct codec_writer *writer)
{
	unsigned char flags = kind == CACHE_KIND_TOKEN_INFO ? FLAG_TOKEN_INFO : 0;
	char cache_path[4096];
	char err[512];
	size_t length;
	char *file;
	FILE *seed;
	bool ok;

	if (cache_write(work_dir, "entry", key, kind, 1741777200, writer->data, writer->length, err,
			sizeof err) != CACHE_OK) {
		fprintf(stderr, "cache_seeds: %s\n", err);
		return false;
	}
	snprintf(cache_path, sizeof cache_path, "%s/entry", work_dir);
	file = file_read(cache_path, &length);
	unlink(cache_path);
	seed = fopen(seed_path, "wb");
	ok = file != NULL && seed != NULL && fwrite(&flags, 1, 1, seed) == 1 &&
	     fwrite(file, 1, length, seed) == length;
	if (seed != NULL && fclose(seed) != 0)
		ok = false;
	free(file);
	return ok;
}

static bool report_seed(const char *work_dir, const char *output_dir, const char *json_path)
{
	const char *base = strrchr(json_path, '/') != NULL ? strrchr(json_path, '/') + 1 : json_path;
	struct codec_writer writer;
	struct report report;
	char seed_path[4096];
	char err[512];
	size_t length = 0;
	char *body = file_read(json_path, &length);
	bool ok = false;

	if (body == NULL)
		return false;
	if (report_parse(200, body, length, "application/json", &report, err, sizeof err) != REPORT_OK) {
		free(body);
		return true; /* not a report: no seed */
	}
	codec_writer_init(&writer);
	report_codec_encode(&report, &writer);
	snprintf(seed_path, sizeof seed_path, "%s/report_%s", output_dir, base);
	ok = !writer.failed && seed_write(work_dir, seed_path, CACHE_KIND_REPORT, &writer);
	codec_writer_release(&writer);
	report_release(&report);
	free(body);
	return ok;
}

static bool token_info_seed(const char *work_dir, const char *output_dir)
{
	struct token_info info = { .limit = 3000, .used_token = 12, .used_all = 1234.5,
				   .has_all = true, .shape = "data object" };
	struct codec_writer writer;
	char seed_path[4096];
	bool ok;

	codec_writer_init(&writer);
	token_info_encode(&info, &writer);
	snprintf(seed_path, sizeof seed_path, "%s/token_info", output_dir);
	ok = !writer.failed && seed_write(work_dir, seed_path, CACHE_KIND_TOKEN_INFO, &writer);
	codec_writer_release(&writer);
	return ok;
}

int main(int argc, char **argv)
{
	char work_dir[] = "/tmp/wolkvox-cache-seeds.XXXXXX";
	char err[256];
	bool ok;

	if (argc < 2) {
		fprintf(stderr, "usage: cache_seeds OUTPUT_DIR FILE.json...\n");
		return 2;
	}
	if (!timeutil_set_zone("America/Bogota", err, sizeof err) || mkdtemp(work_dir) == NULL) {
		fprintf(stderr, "cache_seeds: cannot set up: %s\n", err);
		return 1;
	}
	memset(key, 0x5a, sizeof key);

	ok = token_info_seed(work_dir, argv[1]);
	for (int i = 2; ok && i < argc; i++)
		ok = report_seed(work_dir, argv[1], argv[i]);

	rmdir(work_dir);
	return ok ? 0 : 1;
}
