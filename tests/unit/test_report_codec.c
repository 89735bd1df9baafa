#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "report_codec.h"

static char id_301[] = "301";
static char id_302[] = "302";
static char no_text[] = "";
static char dni_1020[] = "1020";
static char name_ana[] = "Ana P\xc3\xa9rez";
static char name_maria[] = "Mar\xc3\xad" "a N\xc3\xba\xc3\xb1" "ez";

static void report_sample(struct report *report, struct session *sessions)
{
	memset(report, 0, sizeof(*report));
	memset(sessions, 0, 2 * sizeof(*sessions));
	sessions[0].agent_id = id_301;
	sessions[0].agent_dni = no_text;
	sessions[0].agent_name = name_ana;
	sessions[0].login = 1741788000;
	sessions[0].logout = 1741795200;
	sessions[0].open = false;
	sessions[0].login_time = 7200;
	sessions[1].agent_id = id_302;
	sessions[1].agent_dni = dni_1020;
	sessions[1].agent_name = name_maria;
	sessions[1].login = -5;
	sessions[1].open = true;
	sessions[1].login_time = -1;

	report->sessions = sessions;
	report->count = 2;
	report->empty_records = 1;
	report->invalid_records = 3;
	snprintf(report->first_invalid, sizeof report->first_invalid, "record 4: no agent_id");
	report->data_shape = "object";
	report->code_shape = "string";
}

static void encode(const struct report *report, struct codec_writer *writer)
{
	codec_writer_init(writer);
	report_codec_encode(report, writer);
	ck_assert(!writer->failed);
}

START_TEST(test_report_codec_round_trip)
{
	struct session sessions[2];
	struct report original, decoded;
	struct codec_writer writer;
	struct codec_reader reader;

	report_sample(&original, sessions);
	encode(&original, &writer);

	codec_reader_init(&reader, writer.data, writer.length);
	ck_assert(report_codec_decode(&reader, &decoded));
	ck_assert_uint_eq(decoded.count, 2);
	ck_assert_uint_eq(decoded.empty_records, 1);
	ck_assert_uint_eq(decoded.invalid_records, 3);
	ck_assert_str_eq(decoded.first_invalid, "record 4: no agent_id");
	ck_assert_str_eq(decoded.data_shape, "object");
	ck_assert_str_eq(decoded.code_shape, "string");
	ck_assert_str_eq(decoded.sessions[0].agent_id, "301");
	ck_assert_str_eq(decoded.sessions[0].agent_dni, "");
	ck_assert_str_eq(decoded.sessions[0].agent_name, "Ana P\xc3\xa9rez");
	ck_assert_int_eq(decoded.sessions[0].login, 1741788000);
	ck_assert_int_eq(decoded.sessions[0].logout, 1741795200);
	ck_assert(!decoded.sessions[0].open);
	ck_assert_int_eq(decoded.sessions[0].login_time, 7200);
	ck_assert_str_eq(decoded.sessions[1].agent_name, "Mar\xc3\xad" "a N\xc3\xba\xc3\xb1" "ez");
	ck_assert_int_eq(decoded.sessions[1].login, -5);
	ck_assert(decoded.sessions[1].open);
	ck_assert_int_eq(decoded.sessions[1].login_time, -1);

	report_release(&decoded);
	codec_writer_release(&writer);
}
END_TEST

START_TEST(test_report_codec_empty_report)
{
	struct report original = { 0 }, decoded;
	struct codec_writer writer;
	struct codec_reader reader;

	original.data_shape = "none (HTTP 404)";
	original.code_shape = "missing";
	encode(&original, &writer);
	codec_reader_init(&reader, writer.data, writer.length);
	ck_assert(report_codec_decode(&reader, &decoded));
	ck_assert_uint_eq(decoded.count, 0);
	ck_assert_ptr_null(decoded.sessions);
	ck_assert_str_eq(decoded.data_shape, "none (HTTP 404)");
	report_release(&decoded);
	codec_writer_release(&writer);
}
END_TEST

/* Every prefix of a valid encoding is rejected without a leak. */
START_TEST(test_report_codec_every_truncation)
{
	struct session sessions[2];
	struct report original, decoded;
	struct codec_writer writer;

	report_sample(&original, sessions);
	encode(&original, &writer);
	for (size_t length = 0; length < writer.length; length++) {
		struct codec_reader reader;

		codec_reader_init(&reader, writer.data, length);
		ck_assert_msg(!report_codec_decode(&reader, &decoded), "prefix %zu accepted", length);
		ck_assert_ptr_null(decoded.sessions);
		ck_assert_uint_eq(decoded.count, 0);
	}
	codec_writer_release(&writer);
}
END_TEST

START_TEST(test_report_codec_trailing_bytes)
{
	struct report original = { 0 }, decoded;
	struct codec_writer writer;
	struct codec_reader reader;

	original.data_shape = "array";
	original.code_shape = "number";
	encode(&original, &writer);
	codec_put_u8(&writer, 0);
	codec_reader_init(&reader, writer.data, writer.length);
	ck_assert(!report_codec_decode(&reader, &decoded));
	codec_writer_release(&writer);
}
END_TEST

START_TEST(test_report_codec_unknown_shape)
{
	struct report original = { 0 }, decoded;
	struct codec_writer writer;
	struct codec_reader reader;

	original.data_shape = "something new";
	original.code_shape = "number";
	encode(&original, &writer);
	codec_reader_init(&reader, writer.data, writer.length);
	ck_assert(!report_codec_decode(&reader, &decoded));
	codec_writer_release(&writer);
}
END_TEST

START_TEST(test_report_codec_huge_count)
{
	struct codec_writer writer;
	struct codec_reader reader;
	struct report decoded;

	codec_writer_init(&writer);
	codec_put_u8(&writer, 0);
	codec_put_u8(&writer, 0);
	codec_put_u64(&writer, 0);
	codec_put_u64(&writer, 0);
	codec_put_string(&writer, "");
	codec_put_u64(&writer, 9000000);
	codec_reader_init(&reader, writer.data, writer.length);
	ck_assert(!report_codec_decode(&reader, &decoded));
	ck_assert_ptr_null(decoded.sessions);
	codec_writer_release(&writer);
}
END_TEST

START_TEST(test_report_codec_empty_agent_id)
{
	struct session sessions[2];
	struct report original, decoded;
	struct codec_writer writer;
	struct codec_reader reader;

	report_sample(&original, sessions);
	sessions[1].agent_id = no_text;
	encode(&original, &writer);
	codec_reader_init(&reader, writer.data, writer.length);
	ck_assert(!report_codec_decode(&reader, &decoded));
	ck_assert_ptr_null(decoded.sessions);
	codec_writer_release(&writer);
}
END_TEST

START_TEST(test_codec_integers_little_endian)
{
	static const unsigned char expected[] = {
		0x7f, 0x04, 0x03, 0x02, 0x01, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 'h', 'i',
	};
	struct codec_writer writer;
	struct codec_reader reader;
	char buffer[3];
	char *text;

	codec_writer_init(&writer);
	codec_put_u8(&writer, 0x7f);
	codec_put_u32(&writer, 0x01020304);
	codec_put_u64(&writer, 0x0102030405060708ULL);
	codec_put_i64(&writer, -1);
	codec_put_string(&writer, "hi");
	ck_assert_uint_eq(writer.length, sizeof expected);
	ck_assert_mem_eq(writer.data, expected, sizeof expected);

	codec_reader_init(&reader, writer.data, writer.length);
	ck_assert_uint_eq(codec_get_u8(&reader), 0x7f);
	ck_assert_uint_eq(codec_get_u32(&reader), 0x01020304);
	ck_assert(codec_get_u64(&reader) == 0x0102030405060708ULL);
	ck_assert(codec_get_i64(&reader) == -1);
	text = codec_get_string(&reader);
	ck_assert_str_eq(text, "hi");
	free(text);
	ck_assert(codec_reader_done(&reader));

	codec_reader_init(&reader, writer.data + 21, 6);
	codec_get_string_into(&reader, buffer, 2);
	ck_assert(reader.failed);
	codec_reader_init(&reader, writer.data + 21, 6);
	codec_get_string_into(&reader, buffer, sizeof buffer);
	ck_assert_str_eq(buffer, "hi");
	codec_writer_release(&writer);
}
END_TEST

START_TEST(test_codec_string_with_nul_rejected)
{
	static const unsigned char bytes[] = { 3, 0, 0, 0, 'a', 0, 'b' };
	struct codec_reader reader;

	codec_reader_init(&reader, bytes, sizeof bytes);
	ck_assert_ptr_null(codec_get_string(&reader));
	ck_assert(reader.failed);
	ck_assert_uint_eq(codec_get_u8(&reader), 0);
}
END_TEST

static Suite *report_codec_suite(void)
{
	Suite *suite = suite_create("report_codec");
	TCase *core = tcase_create("Core");
	TCase *errors = tcase_create("Errors");

	tcase_add_test(core, test_report_codec_round_trip);
	tcase_add_test(core, test_report_codec_empty_report);
	tcase_add_test(core, test_codec_integers_little_endian);
	suite_add_tcase(suite, core);

	tcase_add_test(errors, test_report_codec_every_truncation);
	tcase_add_test(errors, test_report_codec_trailing_bytes);
	tcase_add_test(errors, test_report_codec_unknown_shape);
	tcase_add_test(errors, test_report_codec_huge_count);
	tcase_add_test(errors, test_report_codec_empty_agent_id);
	tcase_add_test(errors, test_codec_string_with_nul_rejected);
	suite_add_tcase(suite, errors);
	return suite;
}

int main(void)
{
	SRunner *runner = srunner_create(report_codec_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
