/*
 * check_wolkvox_quota: warns before the daily request quota of a wolkvox
 * API token runs out, because every check of the operation stops then.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "options.h"
#include "output.h"
#include "plugin.h"
#include "source.h"
#include "token.h"
#include "token_info.h"
#include "verbose.h"

#define SERVICE "WOLKVOX QUOTA"
#define SYNOPSIS "(-H SERVER or -u URL) [--token-file FILE]\n" \
	"       [--scope SCOPE] [-w RANGE] [-c RANGE] [--cache-max-age SECONDS]\n" \
	"       [-t SECONDS] [--format json] [-v]"

/* Ranges on the percentage used: WARNING above 80 %, CRITICAL above 95 %. */
#define DEFAULT_WARNING "80"
#define DEFAULT_CRITICAL "95"

/* token_info changes with every request of the operation, so a cached
 * response is kept for a shorter time than a report. */
#define QUOTA_DEFAULT_MAX_AGE 60

enum {
	OPT_SCOPE = OPTIONS_PLUGIN_FIRST
};

static const struct option quota_table[] = {
	{ "scope", required_argument, NULL, OPT_SCOPE },
	{ NULL, 0, NULL, 0 }
};

struct quota_options {
	bool token_only;       /* --scope token */
};

static bool handle_option(int opt, const char *argument, void *context, char *err, size_t errlen)
{
	struct quota_options *quota = context;

	if (opt != OPT_SCOPE) {
		snprintf(err, errlen, _("unknown option"));
		return false;
	}
	if (strcmp(argument, "operation") == 0) {
		quota->token_only = false;
		return true;
	}
	if (strcmp(argument, "token") == 0) {
		quota->token_only = true;
		return true;
	}
	snprintf(err, errlen, _("invalid --scope '%s': give operation or token"), argument);
	return false;
}

static void print_help(void)
{
	plugin_print_version();
	fputs(_("Warns before the daily request quota of a wolkvox API token is used up,\n"
		"using information.php?api=token_info. Each run of this check costs one\n"
		"request itself unless a cached answer is younger than --cache-max-age.\n"
		"With -u, give the information.php endpoint; api=token_info is appended.\n\n"),
	      stdout);
	options_print_synopsis(SYNOPSIS);
	fputs(_("\nCheck options:\n"
		"      --scope SCOPE        operation (default): judge the larger of this token's\n"
		"                           requests today and all tokens' requests today, since\n"
		"                           the quota may count per operation; token: only this\n"
		"                           token's requests\n"
		"  -w, --warning RANGE      range on the percentage of the quota used\n"
		"                           (default 80: WARNING above 80 %)\n"
		"  -c, --critical RANGE     range on the percentage of the quota used\n"
		"                           (default 95: CRITICAL above 95 %)\n"
		"\n"),
	      stdout);
	options_print_common_help();
	fputs(_("\nThe cached response is kept 60 s unless --cache-max-age says otherwise.\n"
		"Perfdata: used, limit, used_pct, api_time, data_age.\n\n"
		"Example, server 0010:\n"
		"  check_wolkvox_quota -H 0010 --token-file /etc/wolkvox/token -w 80 -c 95\n"),
	      stdout);
}

static enum source_status parse_response(const struct fetch_response *response, void *value,
					 char *err, size_t errlen)
{
	enum token_info_status status;

	status = token_info_parse(response->http_status, response->body, response->length, value,
				  err, errlen);
	return status == TOKEN_INFO_OK ? SOURCE_OK : SOURCE_API_ERROR;
}

static void encode_info(const void *value, struct codec_writer *writer)
{
	token_info_encode(value, writer);
}

static bool decode_info(struct codec_reader *reader, void *value)
{
	return token_info_decode(reader, value);
}

static void release_info(void *value)
{
	memset(value, 0, sizeof(struct token_info));
}

static void describe_info(const void *value)
{
	const struct token_info *info = value;

	verbose_log(2, "token_info (%s): limit %.0f, this token %.0f, all tokens %s%.0f", info->shape,
		    info->limit, info->used_token, info->has_all ? "" : "(absent) ",
		    info->used_all);
}

static const struct source_kind token_info_kind = {
	.cache_kind = CACHE_KIND_TOKEN_INFO,
	.default_max_age = QUOTA_DEFAULT_MAX_AGE,
	.parse = parse_response,
	.encode = encode_info,
	.decode = decode_info,
	.release = release_info,
	.describe = describe_info,
};

static bool add_perfdata(struct result *result, const struct token_info *info, double used,
			 double percent, const struct thresholds *thresholds)
{
	struct perfdata items[3];

	memset(items, 0, sizeof(items));
	snprintf(items[0].label, sizeof(items[0].label), "used");
	items[0].value = used;
	items[0].has_min = true;
	items[0].has_max = true;
	items[0].max = info->limit;

	snprintf(items[1].label, sizeof(items[1].label), "limit");
	items[1].value = info->limit;
	items[1].has_min = true;

	snprintf(items[2].label, sizeof(items[2].label), "used_pct");
	items[2].value = percent;
	items[2].uom = "%";
	items[2].decimals = 1;
	items[2].warning = thresholds->has_warning ? thresholds->warning.text : NULL;
	items[2].critical = thresholds->has_critical ? thresholds->critical.text : NULL;
	items[2].has_min = true;
	items[2].has_max = true;
	items[2].max = 100.0;

	for (size_t i = 0; i < 3; i++)
		if (!result_add_perfdata(result, &items[i]))
			return false;
	return true;
}

static bool describe_quota(struct result *result, const struct token_info *info,
			   const struct common_options *options, const struct quota_options *quota)
{
	double used = token_info_used(info, quota->token_only);
	double percent = used * 100.0 / info->limit;

	if (percent > 100.0)
		percent = 100.0;
	result->state = thresholds_state(&options->thresholds, percent);

	if (!result_set_summary(result, _("%.1f%% of the daily quota used (%.0f of %.0f requests)"),
				percent, used, info->limit))
		return false;
	if (!result_add_line(result,
			     ngettext("this token: %.0f request today", "this token: %.0f requests today",
				      (unsigned long)info->used_token),
			     info->used_token))
		return false;
	if (info->has_all &&
	    !result_add_line(result,
			     ngettext("all tokens of the operation: %.0f request today",
				      "all tokens of the operation: %.0f requests today",
				      (unsigned long)info->used_all),
			     info->used_all))
		return false;
	if (!result_add_line(result, quota->token_only ?
			     _("judged on this token's requests (--scope token)") :
			     _("judged on the larger count (--scope operation)")))
		return false;
	return add_perfdata(result, info, used, percent, &options->thresholds);
}

static enum plugin_state api_failure(struct result *result, const struct common_options *options,
				     const struct source_info *info, const char *message)
{
	result->state = options->api_error_state;
	if (!result_set_summary(result, _("API request failed: %s"), message) ||
	    !source_add_notes(result, info) || !source_add_perfdata(result, info))
		return plugin_config_error(SERVICE, _("out of memory"));
	return plugin_print_result(result);
}

/* Runs the check once the options are valid. */
static enum plugin_state run_check(const struct common_options *options,
				   const struct quota_options *quota)
{
	struct token_info info = { 0 };
	struct result result = { 0 };
	struct source_info source_info;
	enum source_status source;
	enum plugin_state state;
	bool world_readable = false;
	char err[1024];
	char *token = NULL;
	char *url = NULL;
	time_t now;

	if (!options_finish(options, &now, err, sizeof(err)))
		return plugin_config_error(SERVICE, err);
	url = token_info_build_url(options->server, options->url, err, sizeof(err));
	if (url == NULL)
		return plugin_config_error(SERVICE, err);

	token = token_load(options->token_file, &world_readable, err, sizeof(err));
	if (token == NULL) {
		state = plugin_config_error(SERVICE, err);
		goto out;
	}
	if (!result_init(&result, SERVICE)) {
		state = plugin_config_error(SERVICE, _("out of memory"));
		goto out;
	}
	if (world_readable &&
	    !result_add_line(&result, _("warning: the token file %s can be read by other users; make it mode 0600"),
			     options->token_file)) {
		state = plugin_config_error(SERVICE, _("out of memory"));
		goto out;
	}

	source = source_get(options, token, url, &token_info_kind, &info, &source_info, err,
			    sizeof(err));
	token_free(token);
	token = NULL;
	if (source != SOURCE_OK) {
		state = api_failure(&result, options, &source_info, err);
		goto out;
	}

	if (!describe_quota(&result, &info, options, quota) ||
	    !source_add_notes(&result, &source_info) || !source_add_perfdata(&result, &source_info)) {
		state = plugin_config_error(SERVICE, _("out of memory"));
		goto out;
	}
	state = plugin_print_result(&result);

out:
	token_free(token);
	free(url);
	result_release(&result);
	return state;
}

int main(int argc, char **argv)
{
	struct quota_options quota = { false };
	struct common_options options;
	enum options_status parsed;
	char err[1024];

	plugin_protect_secrets();
	plugin_init_locale();

	parsed = options_parse(argc, argv, &options, DEFAULT_WARNING, DEFAULT_CRITICAL, quota_table,
			       handle_option, &quota, err, sizeof(err));
	plugin_set_json(parsed == OPTIONS_OK && options.json);
	if (parsed == OPTIONS_HELP) {
		print_help();
		return STATE_UNKNOWN;
	}
	if (parsed == OPTIONS_VERSION) {
		plugin_print_version();
		return STATE_UNKNOWN;
	}
	if (parsed == OPTIONS_ERROR)
		return plugin_usage_error(SERVICE, err, SYNOPSIS);

	if (!plugin_arm_deadline(SERVICE, options.timeout, options.api_error_state))
		return plugin_config_error(SERVICE, _("cannot set the timeout timer"));

	return run_check(&options, &quota);
}
