#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "output_json.h"
#include "roster.h"

static void build_result(struct result *result)
{
	struct perfdata absent;
	struct perfdata ratio;

	ck_assert(result_init(result, "WOLKVOX SHIFT"));
	result->state = STATE_WARNING;
	ck_assert(result_set_summary(result, "1 of 3 agents absent: Ana | Pérez"));
	ck_assert(result_add_line(result, "absent: Ana \"Pérez\" (1001)"));

	memset(&absent, 0, sizeof(absent));
	strcpy(absent.label, "absent");
	absent.value = 1;
	absent.warning = "0";
	absent.critical = "2";
	absent.has_min = true;
	absent.has_max = true;
	absent.max = 3;
	ck_assert(result_add_perfdata(result, &absent));

	memset(&ratio, 0, sizeof(ratio));
	strcpy(ratio.label, "adherence");
	ratio.value = 97.25;
	ratio.decimals = 1;
	ratio.uom = "%";
	ck_assert(result_add_perfdata(result, &ratio));
}

static const char expected_result[] =
	"{\"service\":\"WOLKVOX SHIFT\",\"state\":\"WARNING\",\"exit_code\":1,"
	"\"summary\":\"1 of 3 agents absent: Ana / Pérez\","
	"\"long_output\":[\"absent: Ana \\\"Pérez\\\" (1001)\"],"
	"\"perfdata\":{\"absent\":{\"value\":1,\"uom\":\"\",\"warn\":\"0\",\"crit\":\"2\",\"min\":0,\"max\":3},"
	"\"adherence\":{\"value\":97.2,\"uom\":\"%\"}}}\n";

START_TEST(test_output_json_result)
{
	struct result result;
	char *json;

	build_result(&result);
	json = result_format_json(&result);
	ck_assert_ptr_nonnull(json);
	ck_assert_str_eq(json, expected_result);
	free(json);
	result_release(&result);
}
END_TEST

START_TEST(test_output_json_comma_locale)
{
	struct result result;
	char *json;

	ck_assert_ptr_nonnull(setlocale(LC_ALL, "de_DE.UTF-8"));
	build_result(&result);
	json = result_format_json(&result);
	setlocale(LC_ALL, "C");
	ck_assert_ptr_nonnull(json);
	ck_assert_str_eq(json, expected_result);
	free(json);
	result_release(&result);
}
END_TEST

static const char roster_text[] =
	"agent_id,name,days,start,end,team\n"
	"1001,Ana Pérez,mon-fri,08:00,12:00,morning\n"
	"1001,Ana Pérez,mon-fri,13:00,17:00,morning\n"
	"1002,Luis,sat,08:00,17:00,weekend\n"
	"1003,Sin Equipo,sun,08:00,17:00,\n"
	"1002,Luis,2026-12-25,off,,weekend\n";

START_TEST(test_output_json_discovery_agents)
{
	struct roster roster;
	char err[256];
	char *json;

	ck_assert_msg(roster_parse(roster_text, strlen(roster_text), "roster", &roster, err,
				   sizeof(err)), "%s", err);
	json = discovery_format_json(&roster, DISCOVERY_AGENTS, NULL);
	ck_assert_ptr_nonnull(json);
	ck_assert_str_eq(json,
			 "[{\"{#AGENT.ID}\":\"1001\",\"{#AGENT.NAME}\":\"Ana Pérez\",\"{#TEAM}\":\"morning\"},"
			 "{\"{#AGENT.ID}\":\"1002\",\"{#AGENT.NAME}\":\"Luis\",\"{#TEAM}\":\"weekend\"},"
			 "{\"{#AGENT.ID}\":\"1003\",\"{#AGENT.NAME}\":\"Sin Equipo\",\"{#TEAM}\":\"\"}]\n");
	free(json);

	json = discovery_format_json(&roster, DISCOVERY_AGENTS, "weekend");
	ck_assert_ptr_nonnull(json);
	ck_assert_str_eq(json,
			 "[{\"{#AGENT.ID}\":\"1002\",\"{#AGENT.NAME}\":\"Luis\",\"{#TEAM}\":\"weekend\"}]\n");
	free(json);
	roster_release(&roster);
}
END_TEST

START_TEST(test_output_json_discovery_teams)
{
	struct roster roster;
	char err[256];
	char *json;

	ck_assert_msg(roster_parse(roster_text, strlen(roster_text), "roster", &roster, err,
				   sizeof(err)), "%s", err);
	json = discovery_format_json(&roster, DISCOVERY_TEAMS, NULL);
	ck_assert_ptr_nonnull(json);
	ck_assert_str_eq(json, "[{\"{#TEAM}\":\"morning\"},{\"{#TEAM}\":\"weekend\"}]\n");
	free(json);
	roster_release(&roster);
}
END_TEST

START_TEST(test_output_json_discovery_empty)
{
	struct roster roster;
	char err[256];
	char *json;

	ck_assert_msg(roster_parse("agent_id,name,days,start,end\n", 29, "roster", &roster, err,
				   sizeof(err)), "%s", err);
	json = discovery_format_json(&roster, DISCOVERY_TEAMS, NULL);
	ck_assert_ptr_nonnull(json);
	ck_assert_str_eq(json, "[]\n");
	free(json);
	roster_release(&roster);
}
END_TEST

static Suite *output_json_suite(void)
{
	Suite *suite = suite_create("output_json");
	TCase *core = tcase_create("Core");

	tcase_add_test(core, test_output_json_result);
	tcase_add_test(core, test_output_json_comma_locale);
	tcase_add_test(core, test_output_json_discovery_agents);
	tcase_add_test(core, test_output_json_discovery_teams);
	tcase_add_test(core, test_output_json_discovery_empty);
	suite_add_tcase(suite, core);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(output_json_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
