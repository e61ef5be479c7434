/* Every function of the C ABI and every status a caller can provoke.
 * (IPF_STATUS_PANIC cannot be provoked by any input; the Rust test
 * ffi::tests::a_panic_becomes_a_status proves the boundary.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_preflight.h"

static int passed = 0, failed = 0;

#define CHECK(cond)                                                       \
    do {                                                                  \
        if (cond) {                                                       \
            passed++;                                                     \
        } else {                                                          \
            failed++;                                                     \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__,        \
                    __LINE__, #cond);                                     \
        }                                                                 \
    } while (0)

#define STR(s) (s), strlen(s)
#define IS(call, status) CHECK((call) == (status))

static int str_is(ipf_str s, const char *want) {
    return s.len == strlen(want) && memcmp(s.data, want, s.len) == 0;
}

static ipf_str S(const char *text) {
    ipf_str s;
    s.data = text;
    s.len = strlen(text);
    return s;
}

static void test_version_and_names(void) {
    ipf_str s;
    uint32_t n = 0;
    IS(ipf_version(&s), IPF_STATUS_OK);
    CHECK(str_is(s, IPF_VERSION));
    IS(ipf_version(NULL), IPF_STATUS_NULL_ARGUMENT);
    IS(ipf_version_number(&n), IPF_STATUS_OK);
    CHECK(n == IPF_VERSION_NUMBER);
    CHECK(IPF_VERSION_NUMBER == IPF_VERSION_MAJOR * 10000 + IPF_VERSION_MINOR * 100 + IPF_VERSION_PATCH);
    IS(ipf_version_number(NULL), IPF_STATUS_NULL_ARGUMENT);

    IS(ipf_enum_key(IPF_ENUM_PROVIDER, IPF_PROVIDER_VOLCENGINE, &s), IPF_STATUS_OK);
    CHECK(str_is(s, "volcengine"));
    IS(ipf_enum_key(IPF_ENUM_CODE, IPF_CODE_OVER_QUOTA, &s), IPF_STATUS_OK);
    CHECK(str_is(s, "OVER_QUOTA"));
    IS(ipf_enum_key(IPF_ENUM_PROVIDER, 99, &s), IPF_STATUS_UNKNOWN_PROVIDER);
    IS(ipf_enum_key(IPF_ENUM_LANG, 2, &s), IPF_STATUS_UNKNOWN_VALUE);
    IS(ipf_enum_key(99, 0, &s), IPF_STATUS_UNKNOWN_VALUE);
    IS(ipf_enum_key(IPF_ENUM_FIELD, 0, NULL), IPF_STATUS_NULL_ARGUMENT);

    IS(ipf_enum_from_key(IPF_ENUM_IMAGE_KIND, STR("shared-in"), &n), IPF_STATUS_OK);
    CHECK(n == IPF_IMAGE_KIND_SHARED_IN);
    IS(ipf_enum_from_key(IPF_ENUM_PROVIDER, STR("azure"), &n), IPF_STATUS_UNKNOWN_PROVIDER);
    IS(ipf_enum_from_key(IPF_ENUM_PROFILE, STR("loose"), &n), IPF_STATUS_UNKNOWN_VALUE);
    IS(ipf_enum_from_key(IPF_ENUM_PROFILE, "\xff", 1, &n), IPF_STATUS_INVALID_UTF8);
    IS(ipf_enum_from_key(IPF_ENUM_PROFILE, NULL, 0, &n), IPF_STATUS_NULL_ARGUMENT);

    {
        ipf_str name, message;
        uint32_t st;
        for (st = 0; st <= 10; st++) IS(ipf_status_describe(st, &name, &message), IPF_STATUS_OK);
        IS(ipf_status_describe(IPF_STATUS_PANIC, &name, NULL), IPF_STATUS_OK);
        CHECK(str_is(name, "IPF_STATUS_PANIC"));
        IS(ipf_status_describe(11, &name, &message), IPF_STATUS_UNKNOWN_VALUE);
    }
}

static void test_validate(void) {
    ipf_field_check check;
    ipf_report *report = NULL;
    ipf_violation v;
    ipf_counts counts;
    size_t n = 0, len = 0;
    bool valid = true;
    char buf[256], tiny[3];

    IS(ipf_report_new(&report), IPF_STATUS_OK);
    IS(ipf_report_new(NULL), IPF_STATUS_NULL_ARGUMENT);

    /* Valid, without details. */
    IS(ipf_validate(IPF_PROVIDER_ALIBABA, IPF_OPERATION_MODIFY, IPF_FIELD_NAME, IPF_PROFILE_LATEST,
                    STR("web-base.v1"), &check, NULL), IPF_STATUS_OK);
    CHECK(check.valid && check.violation_count == 0 && check.counts.chars == 11);

    /* The example, with details: Chinese characters count as one char each. */
    IS(ipf_validate(IPF_PROVIDER_ALIBABA, IPF_OPERATION_MODIFY, IPF_FIELD_NAME, IPF_PROFILE_LATEST,
                    STR("1中文"), &check, report), IPF_STATUS_OK);
    CHECK(!check.valid && check.violation_count == 1);
    CHECK(check.counts.bytes == 7 && check.counts.chars == 3 && check.counts.utf16 == 3 && check.counts.graphemes == 3);
    IS(ipf_report_valid(report, &valid), IPF_STATUS_OK);
    CHECK(!valid);
    IS(ipf_report_violation_count(report, &n), IPF_STATUS_OK);
    CHECK(n == 1);
    IS(ipf_report_violation(report, 0, &v), IPF_STATUS_OK);
    CHECK(v.code == IPF_CODE_BAD_START && v.subject == IPF_SUBJECT_NAME);
    CHECK(str_is(v.provider_code, "InvalidImageName.Malformed") && v.http_status == 400);
    CHECK(v.has_span && v.span.char_start == 0 && v.span.char_end == 1 && v.span.byte_end == 1);
    CHECK(!v.has_limit && !v.has_actual && !v.has_index);
    IS(ipf_report_violation(report, 1, &v), IPF_STATUS_OUT_OF_RANGE);
    IS(ipf_report_violation(report, 0, NULL), IPF_STATUS_NULL_ARGUMENT);
    IS(ipf_report_violation(NULL, 0, &v), IPF_STATUS_NULL_ARGUMENT);

    IS(ipf_report_message(report, 0, IPF_LANG_EN, buf, sizeof buf, &len), IPF_STATUS_OK);
    CHECK(strcmp(buf, "The image name may not start with \"1\".") == 0 && len == strlen(buf));
    IS(ipf_report_message(report, 0, IPF_LANG_ZH, buf, sizeof buf, &len), IPF_STATUS_OK);
    CHECK(strcmp(buf, "镜像名称不能以“1”开头。") == 0);
    len = 0;
    IS(ipf_report_message(report, 0, IPF_LANG_EN, tiny, sizeof tiny, &len), IPF_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == strlen("The image name may not start with \"1\"."));
    IS(ipf_report_message(report, 0, IPF_LANG_EN, NULL, 0, &len), IPF_STATUS_BUFFER_TOO_SMALL);
    IS(ipf_report_message(report, 0, IPF_LANG_EN, NULL, 5, &len), IPF_STATUS_NULL_ARGUMENT);
    IS(ipf_report_message(report, 0, IPF_LANG_EN, buf, sizeof buf, NULL), IPF_STATUS_NULL_ARGUMENT);
    IS(ipf_report_message(report, 0, 7, buf, sizeof buf, &len), IPF_STATUS_UNKNOWN_VALUE);
    IS(ipf_report_message(report, 4, IPF_LANG_EN, buf, sizeof buf, &len), IPF_STATUS_OUT_OF_RANGE);

    IS(ipf_report_found(report, 0, buf, sizeof buf, &len), IPF_STATUS_OK);
    CHECK(strcmp(buf, "1") == 0 && len == 1);
    IS(ipf_report_counts(report, IPF_FIELD_NAME, &counts), IPF_STATUS_OK);
    CHECK(counts.chars == 3);
    IS(ipf_report_counts(report, IPF_FIELD_FAMILY, &counts), IPF_STATUS_NOT_FOUND);
    IS(ipf_report_counts(report, 11, &counts), IPF_STATUS_UNKNOWN_VALUE);
    IS(ipf_report_to_json(report, IPF_LANG_EN, buf, sizeof buf, &len), IPF_STATUS_BUFFER_TOO_SMALL);
    {
        char *json = malloc(len + 1);
        IS(ipf_report_to_json(report, IPF_LANG_EN, json, len + 1, &len), IPF_STATUS_OK);
        CHECK(strstr(json, "\"provider_code\":\"InvalidImageName.Malformed\"") != NULL);
        free(json);
    }

    /* An embedded NUL is a character like any other: refused by Alibaba's character set. */
    IS(ipf_validate(IPF_PROVIDER_ALIBABA, IPF_OPERATION_MODIFY, IPF_FIELD_NAME, IPF_PROFILE_LATEST,
                    "ab\0cd", 5, &check, report), IPF_STATUS_OK);
    CHECK(!check.valid);
    IS(ipf_report_found(report, 0, buf, sizeof buf, &len), IPF_STATUS_OK);
    CHECK(len == 1 && buf[0] == '\0');

    /* Bad input: each its own status, and *out untouched. */
    check.violation_count = 12345;
    IS(ipf_validate(IPF_PROVIDER_ALIBABA, 0, 0, 0, "\xc3\x28", 2, &check, NULL), IPF_STATUS_INVALID_UTF8);
    IS(ipf_validate(IPF_PROVIDER_ALIBABA, 0, 0, 0, NULL, 0, &check, NULL), IPF_STATUS_NULL_ARGUMENT);
    IS(ipf_validate(IPF_PROVIDER_ALIBABA, 0, 0, 0, "x", IPF_MAX_TEXT_BYTES + 1, &check, NULL), IPF_STATUS_TOO_LARGE);
    IS(ipf_validate(17, 0, 0, 0, STR("x"), &check, NULL), IPF_STATUS_UNKNOWN_PROVIDER);
    IS(ipf_validate(0, 4, 0, 0, STR("x"), &check, NULL), IPF_STATUS_UNKNOWN_VALUE);
    IS(ipf_validate(0, 0, 11, 0, STR("x"), &check, NULL), IPF_STATUS_UNKNOWN_VALUE);
    IS(ipf_validate(0, 0, 0, 2, STR("x"), &check, NULL), IPF_STATUS_UNKNOWN_VALUE);
    IS(ipf_validate(0, 0, 0, 0, STR("x"), NULL, NULL), IPF_STATUS_NULL_ARGUMENT);
    CHECK(check.violation_count == 12345);

    /* A 1 MiB value is answered. */
    {
        size_t big = 1024 * 1024;
        char *value = malloc(big);
        memset(value, 'a', big);
        IS(ipf_validate(IPF_PROVIDER_ALIBABA, 0, 0, 0, value, big, &check, report), IPF_STATUS_OK);
        CHECK(!check.valid && check.counts.chars == big);
        IS(ipf_report_violation(report, 0, &v), IPF_STATUS_OK);
        CHECK(v.code == IPF_CODE_TOO_LONG && v.has_limit && v.limit == 128 && v.actual == big);
        free(value);
    }

    /* The options in a struct. */
    {
        ipf_field_options options;
        options.provider = IPF_PROVIDER_VOLCENGINE;
        options.operation = IPF_OPERATION_CREATE;
        options.field = IPF_FIELD_NAME;
        options.profile = IPF_PROFILE_STRICT;
        IS(ipf_validate_with(&options, "", 0, &check, NULL), IPF_STATUS_OK);
        CHECK(!check.valid && check.violation_count == 1); /* CreateImage needs a name */
        IS(ipf_validate_with(&options, STR("web"), &check, NULL), IPF_STATUS_OK);
        CHECK(check.valid);
        IS(ipf_validate_with(NULL, STR("web"), &check, NULL), IPF_STATUS_NULL_ARGUMENT);
        options.field = 11;
        IS(ipf_validate_with(&options, STR("web"), &check, NULL), IPF_STATUS_UNKNOWN_VALUE);
    }

    /* A batch in one call. */
    {
        ipf_str values[3];
        ipf_field_check out[3];
        values[0] = S("fine-name");
        values[1] = S("http://x");
        values[2] = S("");
        IS(ipf_validate_many(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, values, 3, out), IPF_STATUS_OK);
        CHECK(out[0].valid && !out[1].valid && out[1].violation_count == 2 && out[2].valid);
        IS(ipf_validate_many(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, NULL, 0, NULL), IPF_STATUS_OK);
        IS(ipf_validate_many(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, NULL, 2, out), IPF_STATUS_NULL_ARGUMENT);
        values[1].data = "\xff";
        values[1].len = 1;
        IS(ipf_validate_many(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, values, 3, out), IPF_STATUS_INVALID_UTF8);
        /* A count no array can hold is a status, not an abort; nothing is read. */
        IS(ipf_validate_many(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, values, SIZE_MAX, out), IPF_STATUS_TOO_LARGE);
    }

    /* A batch packed into one buffer, each value ended by a NUL. */
    {
        static const char packed[] = "fine-name\0http://x";
        uint8_t out[2] = {7, 7};
        IS(ipf_validate_packed(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, packed, sizeof packed - 1, 2, out), IPF_STATUS_OK);
        CHECK(out[0] == 1 && out[1] == 0);
        IS(ipf_validate_packed(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, packed, sizeof packed - 1, 3, out), IPF_STATUS_INVALID_ARGUMENT);
        IS(ipf_validate_packed(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, "\xff", 1, 1, out), IPF_STATUS_INVALID_UTF8);
        /* A valid value, then one that is not UTF-8: the fault is found after the first verdict,
         * and still nothing is written. A miscount is reported before it. */
        out[0] = out[1] = 7;
        IS(ipf_validate_packed(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, "web-1\0\xe4\xb8", 8, 2, out), IPF_STATUS_INVALID_UTF8);
        CHECK(out[0] == 7 && out[1] == 7);
        IS(ipf_validate_packed(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, "web-1\0\xe4\xb8", 8, 3, out), IPF_STATUS_INVALID_ARGUMENT);
        /* Chinese names and an empty last value (valid: not sent). */
        {
            static const char chinese[] = "\xe9\x95\x9c\xe5\x83\x8f-1\0-\xe9\x95\x9c\xe5\x83\x8f\0";
            uint8_t three[3] = {7, 7, 7};
            IS(ipf_validate_packed(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, chinese, sizeof chinese - 1, 3, three), IPF_STATUS_OK);
            CHECK(three[0] == 1 && three[1] == 0 && three[2] == 1);
        }
        IS(ipf_validate_packed(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, NULL, 2, 1, out), IPF_STATUS_NULL_ARGUMENT);
        IS(ipf_validate_packed(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, packed, sizeof packed - 1, 2, NULL), IPF_STATUS_NULL_ARGUMENT);
    }

    /* The same batch given as code points (UTF-32, as CPython's PyUnicode_AsUCS4 writes
     * it): Chinese names, an emoji, an empty last value; bad code points and miscounts. */
    {
        /* "镜像-1", "-镜像", "a😀", "" */
        static const uint32_t wide[] = {0x955C, 0x50CF, '-', '1', 0, '-', 0x955C, 0x50CF, 0,
                                        'a', 0x1F600, 0};
        uint8_t four[4] = {7, 7, 7, 7};
        size_t n = sizeof wide / sizeof wide[0];
        IS(ipf_validate_packed_utf32(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, wide, n, 4, four), IPF_STATUS_OK);
        CHECK(four[0] == 1 && four[1] == 0 && four[2] == 0 && four[3] == 1);
        four[0] = 7;
        IS(ipf_validate_packed_utf32(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, wide, n, 3, four), IPF_STATUS_INVALID_ARGUMENT);
        CHECK(four[0] == 7);
        {
            static const uint32_t surrogate[] = {'a', 0xD800};
            static const uint32_t too_big[] = {'a', 0x110000};
            IS(ipf_validate_packed_utf32(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, surrogate, 2, 1, four), IPF_STATUS_INVALID_UTF8);
            IS(ipf_validate_packed_utf32(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, too_big, 2, 1, four), IPF_STATUS_INVALID_UTF8);
            CHECK(four[0] == 7);
        }
        IS(ipf_validate_packed_utf32(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, NULL, 2, 1, four), IPF_STATUS_NULL_ARGUMENT);
        IS(ipf_validate_packed_utf32(IPF_PROVIDER_ALIBABA, 0, IPF_FIELD_NAME, 0, wide, n, 4, NULL), IPF_STATUS_NULL_ARGUMENT);
    }

    /* A whole request, without an image. */
    {
        ipf_attributes request;
        ipf_outcome outcome;
        memset(&request, 0, sizeof request);
        request.name = S("1abc");
        request.description = S("fine text");
        request.family = S("aliyun-x");
        request.deprecated = IPF_DEPRECATED_UNSET;
        request.boot_mode = S("UEFI-Preferred");
        request.status = S("Deprecated");
        request.license_type.data = NULL;
        request.license_type.len = 0;
        IS(ipf_validate_request(IPF_PROVIDER_ALIBABA, IPF_OPERATION_MODIFY, IPF_PROFILE_LATEST, &request, NULL,
                                &outcome, report), IPF_STATUS_OK);
        CHECK(!outcome.valid && outcome.violation_count == 2);
        /* A value outside a list: NOT_ONE_OF, with the values the field takes. */
        request.boot_mode = S("uefi");
        IS(ipf_validate_request(IPF_PROVIDER_ALIBABA, IPF_OPERATION_MODIFY, IPF_PROFILE_LATEST, &request, NULL,
                                &outcome, report), IPF_STATUS_OK);
        CHECK(outcome.violation_count == 3);
        {
            ipf_violation v;
            ipf_str allowed;
            IS(ipf_report_violation(report, 2, &v), IPF_STATUS_OK);
            CHECK(v.code == IPF_CODE_NOT_ONE_OF && v.subject == IPF_SUBJECT_BOOT_MODE && v.http_status == 400);
            CHECK(str_is(v.provider_code, "InvalidBootMode.NotSupport"));
            IS(ipf_report_allowed(report, 2, 2, &allowed), IPF_STATUS_OK);
            CHECK(str_is(allowed, "UEFI-Preferred"));
            IS(ipf_report_allowed(report, 2, 3, &allowed), IPF_STATUS_OUT_OF_RANGE);
            IS(ipf_report_allowed(report, 0, 0, &allowed), IPF_STATUS_OUT_OF_RANGE);
            IS(ipf_report_allowed(NULL, 0, 0, &allowed), IPF_STATUS_NULL_ARGUMENT);
        }
        request.boot_mode.data = NULL;
        request.boot_mode.len = 0;
        request.status.data = NULL;
        request.status.len = 0;
        request.family.data = NULL;
        request.family.len = 0;
        IS(ipf_validate_request(IPF_PROVIDER_ALIBABA, 0, 0, &request, NULL, &outcome, NULL), IPF_STATUS_OK);
        CHECK(outcome.violation_count == 1);
        request.family.len = 3; /* NULL with a length */
        IS(ipf_validate_request(IPF_PROVIDER_ALIBABA, 0, 0, &request, NULL, &outcome, NULL), IPF_STATUS_NULL_ARGUMENT);
        request.family.len = 0;
        request.deprecated = 5;
        IS(ipf_validate_request(IPF_PROVIDER_ALIBABA, 0, 0, &request, NULL, &outcome, NULL), IPF_STATUS_INVALID_ARGUMENT);
        /* A request that sends nothing is refused, as in every face (since 0.3.0). */
        request.name.data = NULL;
        request.name.len = 0;
        request.description.data = NULL;
        request.description.len = 0;
        request.deprecated = IPF_DEPRECATED_UNSET;
        IS(ipf_validate_request(IPF_PROVIDER_ALIBABA, 0, 0, &request, NULL, &outcome, NULL), IPF_STATUS_INVALID_ARGUMENT);
        IS(ipf_validate_request(IPF_PROVIDER_ALIBABA, 0, 0, NULL, NULL, &outcome, NULL), IPF_STATUS_NULL_ARGUMENT);
        /* Every provider alike, the clouds added in 0.3.0 too, through the pairs form. */
        {
            uint32_t p;
            const uint32_t providers[] = {IPF_PROVIDER_TENCENT, IPF_PROVIDER_ALIBABA, IPF_PROVIDER_VOLCENGINE,
                                          IPF_PROVIDER_AWS, IPF_PROVIDER_GCP};
            for (p = 0; p < sizeof providers / sizeof providers[0]; p++) {
                IS(ipf_validate_request_fields(providers[p], IPF_OPERATION_CREATE, 0, NULL, 0, IPF_DEPRECATED_UNSET,
                                               NULL, &outcome, NULL),
                   IPF_STATUS_INVALID_ARGUMENT);
            }
        }
    }

    /* A subject is not a field: converted by ipf_subject_field, never by its number. */
    {
        uint32_t field = 99;
        IS(ipf_subject_field(IPF_SUBJECT_BOOT_MODE, &field), IPF_STATUS_OK);
        CHECK(field == IPF_FIELD_BOOT_MODE);
        IS(ipf_subject_field(IPF_SUBJECT_NAME, &field), IPF_STATUS_OK);
        CHECK(field == IPF_FIELD_NAME);
        IS(ipf_subject_field(IPF_SUBJECT_IMAGE, &field), IPF_STATUS_NOT_FOUND);
        IS(ipf_subject_field(IPF_SUBJECT_BOOT_MODE, NULL), IPF_STATUS_NULL_ARGUMENT);
    }

    ipf_report_free(report);
    ipf_report_free(NULL);
}

static void test_images(void) {
    ipf_image *image = NULL;
    ipf_report *report = NULL;
    ipf_outcome outcome;
    ipf_str s, add[11];
    size_t n = 0, i;
    char ids[11][20];

    IS(ipf_report_new(&report), IPF_STATUS_OK);
    IS(ipf_image_new(IPF_PROVIDER_ALIBABA, STR("1234567890123456"), &image), IPF_STATUS_OK);
    IS(ipf_image_new(9, STR("1"), &image), IPF_STATUS_UNKNOWN_PROVIDER);
    IS(ipf_image_new(IPF_PROVIDER_ALIBABA, NULL, 0, &image), IPF_STATUS_NULL_ARGUMENT);
    IS(ipf_image_new(IPF_PROVIDER_ALIBABA, STR("1"), NULL), IPF_STATUS_NULL_ARGUMENT);

    IS(ipf_image_state(image, &s), IPF_STATUS_OK);
    CHECK(str_is(s, "Available"));
    IS(ipf_image_set_state(image, STR("NORMAL")), IPF_STATUS_UNKNOWN_STATE);
    IS(ipf_image_set_state(image, "\xff", 1), IPF_STATUS_INVALID_UTF8);
    IS(ipf_image_set_state(NULL, STR("Available")), IPF_STATUS_NULL_ARGUMENT);
    IS(ipf_image_set_kind(image, 77), IPF_STATUS_UNKNOWN_VALUE);
    IS(ipf_image_set_kind(image, IPF_IMAGE_KIND_CUSTOM), IPF_STATUS_OK);
    IS(ipf_image_set_flags(image, false, false, false), IPF_STATUS_OK);
    IS(ipf_image_set_flags(NULL, false, false, false), IPF_STATUS_NULL_ARGUMENT);
    IS(ipf_image_set_customer_key(image, false), IPF_STATUS_OK);
    IS(ipf_image_set_customer_key(NULL, true), IPF_STATUS_NULL_ARGUMENT);
    add[0] = S("7000000000000000");
    IS(ipf_image_set_shared_with(image, add, 1), IPF_STATUS_OK);
    IS(ipf_image_set_shared_with(image, NULL, 1), IPF_STATUS_NULL_ARGUMENT);
    IS(ipf_image_shared_with_count(image, &n), IPF_STATUS_OK);
    CHECK(n == 1);
    IS(ipf_image_shared_with_at(image, 0, &s), IPF_STATUS_OK);
    CHECK(str_is(s, "7000000000000000"));
    IS(ipf_image_shared_with_at(image, 1, &s), IPF_STATUS_OUT_OF_RANGE);

    /* Eleven accounts: refused, since Alibaba would silently drop the eleventh. */
    for (i = 0; i < 11; i++) {
        snprintf(ids[i], sizeof ids[i], "%lu", 5000000000000000UL + (unsigned long)i);
        add[i] = S(ids[i]);
    }
    IS(ipf_share_check(image, IPF_PROFILE_LATEST, add, 11, NULL, 0, &outcome, report), IPF_STATUS_OK);
    CHECK(!outcome.valid);
    IS(ipf_share_apply(image, IPF_PROFILE_LATEST, add, 11, NULL, 0, &outcome, report), IPF_STATUS_OK);
    CHECK(!outcome.valid);
    {
        ipf_violation v;
        IS(ipf_report_violation(report, 0, &v), IPF_STATUS_OK);
        CHECK(v.code == IPF_CODE_TOO_MANY_IN_REQUEST && v.subject == IPF_SUBJECT_ADD && v.limit == 10 && v.actual == 11);
    }
    IS(ipf_image_shared_with_count(image, &n), IPF_STATUS_OK);
    CHECK(n == 1);
    IS(ipf_share_apply(image, IPF_PROFILE_LATEST, add, 10, NULL, 0, &outcome, NULL), IPF_STATUS_OK);
    CHECK(outcome.valid);
    IS(ipf_image_shared_with_count(image, &n), IPF_STATUS_OK);
    CHECK(n == 11);
    IS(ipf_share_apply(image, 5, add, 1, NULL, 0, &outcome, NULL), IPF_STATUS_UNKNOWN_VALUE);
    IS(ipf_share_apply(image, 0, add, 1, NULL, 0, NULL, NULL), IPF_STATUS_NULL_ARGUMENT);
    IS(ipf_share_check(NULL, 0, add, 1, NULL, 0, &outcome, NULL), IPF_STATUS_NULL_ARGUMENT);
    {
        ipf_str bad = {"\xe2\x82", 2};
        IS(ipf_share_check(image, 0, &bad, 1, NULL, 0, &outcome, NULL), IPF_STATUS_INVALID_UTF8);
        IS(ipf_share_check(image, 0, add, IPF_MAX_ACCOUNTS + 1, NULL, 0, &outcome, NULL), IPF_STATUS_TOO_LARGE);
    }

    /* Deleting, judged; then a plan. */
    IS(ipf_check_delete(image, &outcome, report), IPF_STATUS_OK);
    CHECK(!outcome.valid); /* Alibaba DeleteImage: ImageUseShared while the image is shared */
    {
        ipf_violation d;
        IS(ipf_report_violation(report, 0, &d), IPF_STATUS_OK);
        CHECK(d.code == IPF_CODE_IMAGE_SHARED && str_is(d.provider_code, "ImageUseShared") && d.http_status == 403);
    }
    IS(ipf_check_delete(NULL, &outcome, report), IPF_STATUS_NULL_ARGUMENT);
    {
        ipf_plan *plan = NULL;
        char json[512];
        size_t len = 0;
        IS(ipf_share_plan(image, IPF_PROFILE_LATEST, add, 3, &plan, &outcome, report), IPF_STATUS_OK);
        CHECK(outcome.valid);
        IS(ipf_plan_request_count(plan, &n), IPF_STATUS_OK);
        CHECK(n == 1);
        IS(ipf_plan_list_count(plan, 0, IPF_LIST_REMOVE, &n), IPF_STATUS_OK);
        CHECK(n == 8);
        IS(ipf_plan_list_count(plan, 1, IPF_LIST_REMOVE, &n), IPF_STATUS_OUT_OF_RANGE);
        IS(ipf_plan_list_count(plan, 0, 2, &n), IPF_STATUS_UNKNOWN_VALUE);
        IS(ipf_plan_account(plan, 0, IPF_LIST_REMOVE, 0, &s), IPF_STATUS_OK);
        CHECK(str_is(s, "5000000000000003"));
        IS(ipf_plan_account(plan, 0, IPF_LIST_ADD, 0, &s), IPF_STATUS_OUT_OF_RANGE);
        IS(ipf_plan_to_json(plan, json, sizeof json, &len), IPF_STATUS_OK);
        CHECK(strncmp(json, "[{\"RemoveAccount\":[\"5000000000000003\"", 37) == 0);
        IS(ipf_plan_request_count(NULL, &n), IPF_STATUS_NULL_ARGUMENT);
        ipf_plan_free(plan);
        IS(ipf_share_plan(image, IPF_PROFILE_LATEST, add, 1, NULL, &outcome, report), IPF_STATUS_NULL_ARGUMENT);
        ipf_plan_free(NULL);
    }

    /* A request judged against the image: deprecating a shared Alibaba image. */
    {
        ipf_attributes request;
        ipf_violation v;
        memset(&request, 0, sizeof request);
        request.deprecated = 1;
        IS(ipf_validate_request(IPF_PROVIDER_ALIBABA, IPF_OPERATION_MODIFY, 0, &request, image, &outcome, report), IPF_STATUS_OK);
        CHECK(!outcome.valid);
        IS(ipf_report_violation(report, 0, &v), IPF_STATUS_OK);
        CHECK(v.code == IPF_CODE_IMAGE_SHARED && str_is(v.provider_code, "ImageUseShared") && v.actual == 11);
        IS(ipf_validate_request(IPF_PROVIDER_TENCENT, IPF_OPERATION_MODIFY, 0, &request, image, &outcome, report), IPF_STATUS_INVALID_ARGUMENT);
        IS(ipf_validate_request(IPF_PROVIDER_ALIBABA, IPF_OPERATION_CREATE, 0, &request, image, &outcome, report), IPF_STATUS_INVALID_ARGUMENT);
    }
    ipf_image_free(image);
    ipf_image_free(NULL);
    ipf_report_free(report);
}

static void test_rules(void) {
    size_t len = 0;
    char *json;
    IS(ipf_rules_json(IPF_ALL_PROVIDERS, IPF_PROFILE_LATEST, NULL, 0, &len), IPF_STATUS_BUFFER_TOO_SMALL);
    json = malloc(len + 1);
    IS(ipf_rules_json(IPF_ALL_PROVIDERS, IPF_PROFILE_LATEST, json, len + 1, &len), IPF_STATUS_OK);
    CHECK(strstr(json, "\"alibaba\"") && strstr(json, "\"maxlength\":128"));
    free(json);
    IS(ipf_rules_json(IPF_PROVIDER_TENCENT, IPF_PROFILE_STRICT, NULL, 0, &len), IPF_STATUS_BUFFER_TOO_SMALL);
    IS(ipf_rules_json(99, IPF_PROFILE_STRICT, NULL, 0, &len), IPF_STATUS_UNKNOWN_PROVIDER);
    IS(ipf_rules_json(0, 4, NULL, 0, &len), IPF_STATUS_UNKNOWN_VALUE);
    IS(ipf_rules_json(0, 0, NULL, 0, NULL), IPF_STATUS_NULL_ARGUMENT);
}

/* ipf_attributes exactly as the 0.2.0 header laid it out. A program built against 0.2 passes a
 * pointer to this and nothing past it: the library must read no byte beyond (0.3 had appended
 * five strings, read past the end of such a struct). */
typedef struct {
    ipf_str name;
    ipf_str description;
    ipf_str family;
    int32_t deprecated;
    ipf_str boot_mode;
    ipf_str status;
    ipf_str license_type;
} attributes_0_2;

/* The layout is frozen: this fails to compile if a field is ever appended again. */
typedef char ipf_attributes_is_0_2_sized[sizeof(ipf_attributes) == sizeof(attributes_0_2) ? 1 : -1];

static void test_request_abi(void) {
    ipf_report *report = NULL;
    ipf_outcome outcome;
    IS(ipf_report_new(&report), IPF_STATUS_OK);

    /* A 0.2 caller's struct, allocated to its exact size so that AddressSanitizer and valgrind
     * (tests/c/run.sh) see any read past it; read field by field as before. */
    {
        attributes_0_2 *old = malloc(sizeof *old);
        ipf_violation v;
        memset(old, 0, sizeof *old);
        old->name = S("1abc");
        old->deprecated = IPF_DEPRECATED_UNSET;
        old->boot_mode = S("uefi");
        old->license_type = S("BYOL");
        IS(ipf_validate_request(IPF_PROVIDER_ALIBABA, IPF_OPERATION_MODIFY, IPF_PROFILE_LATEST,
                                (const ipf_attributes *)old, NULL, &outcome, report), IPF_STATUS_OK);
        CHECK(!outcome.valid && outcome.violation_count == 2);
        IS(ipf_report_violation(report, 0, &v), IPF_STATUS_OK);
        CHECK(v.subject == IPF_SUBJECT_NAME && v.code == IPF_CODE_BAD_START);
        IS(ipf_report_violation(report, 1, &v), IPF_STATUS_OK);
        CHECK(v.subject == IPF_SUBJECT_BOOT_MODE && v.code == IPF_CODE_NOT_ONE_OF);
        old->deprecated = 2;
        outcome.violation_count = 77;
        IS(ipf_validate_request(IPF_PROVIDER_ALIBABA, IPF_OPERATION_MODIFY, IPF_PROFILE_LATEST,
                                (const ipf_attributes *)old, NULL, &outcome, report), IPF_STATUS_INVALID_ARGUMENT);
        CHECK(outcome.violation_count == 77);
        free(old);
    }

    /* Every field as (ipf_field, value) pairs, including those ipf_attributes lacks. */
    {
        ipf_field_value fields[3];
        ipf_violation v;
        fields[0].field = IPF_FIELD_ARCHITECTURE;
        fields[0].value = S("arm64");
        fields[1].field = IPF_FIELD_BOOT_MODE;
        fields[1].value = S("BIOS");
        fields[2].field = IPF_FIELD_NAME;
        fields[2].value = S("imported");
        IS(ipf_validate_request_fields(IPF_PROVIDER_ALIBABA, IPF_OPERATION_IMPORT, IPF_PROFILE_LATEST, fields, 3,
                                       IPF_DEPRECATED_UNSET, NULL, &outcome, report), IPF_STATUS_OK);
        CHECK(!outcome.valid && outcome.violation_count == 1);
        IS(ipf_report_violation(report, 0, &v), IPF_STATUS_OK);
        CHECK(v.subject == IPF_SUBJECT_BOOT_MODE && v.code == IPF_CODE_NOT_ONE_OF);
        fields[1].value = S("UEFI");
        IS(ipf_validate_request_fields(IPF_PROVIDER_ALIBABA, IPF_OPERATION_IMPORT, IPF_PROFILE_LATEST, fields, 3,
                                       IPF_DEPRECATED_UNSET, NULL, &outcome, report), IPF_STATUS_OK);
        CHECK(outcome.valid && outcome.violation_count == 0);

        outcome.violation_count = 77;
        fields[2].field = IPF_FIELD_ARCHITECTURE; /* given twice */
        IS(ipf_validate_request_fields(IPF_PROVIDER_ALIBABA, IPF_OPERATION_IMPORT, 0, fields, 3, -1, NULL, &outcome,
                                       report), IPF_STATUS_INVALID_ARGUMENT);
        fields[2].field = 4242;
        IS(ipf_validate_request_fields(IPF_PROVIDER_ALIBABA, IPF_OPERATION_IMPORT, 0, fields, 3, -1, NULL, &outcome,
                                       report), IPF_STATUS_UNKNOWN_VALUE);
        fields[2].field = IPF_FIELD_NAME;
        fields[2].value.data = "\xff";
        fields[2].value.len = 1;
        IS(ipf_validate_request_fields(IPF_PROVIDER_ALIBABA, IPF_OPERATION_IMPORT, 0, fields, 3, -1, NULL, &outcome,
                                       report), IPF_STATUS_INVALID_UTF8);
        fields[2].value.data = NULL;
        IS(ipf_validate_request_fields(IPF_PROVIDER_ALIBABA, IPF_OPERATION_IMPORT, 0, fields, 3, -1, NULL, &outcome,
                                       report), IPF_STATUS_NULL_ARGUMENT);
        IS(ipf_validate_request_fields(IPF_PROVIDER_ALIBABA, IPF_OPERATION_IMPORT, 0, NULL, 1, -1, NULL, &outcome,
                                       report), IPF_STATUS_NULL_ARGUMENT);
        IS(ipf_validate_request_fields(IPF_PROVIDER_ALIBABA, IPF_OPERATION_IMPORT, 0, fields, IPF_MAX_FIELD_VALUES + 1,
                                       -1, NULL, &outcome, report), IPF_STATUS_TOO_LARGE);
        IS(ipf_validate_request_fields(IPF_PROVIDER_ALIBABA, IPF_OPERATION_IMPORT, 0, NULL, 0, -1, NULL, &outcome,
                                       report), IPF_STATUS_INVALID_ARGUMENT);
        CHECK(outcome.violation_count == 77);
        /* The switch alone is a request. */
        IS(ipf_validate_request_fields(IPF_PROVIDER_TENCENT, IPF_OPERATION_MODIFY, 0, NULL, 0, 1, NULL, &outcome,
                                       report), IPF_STATUS_OK);
        IS(ipf_validate_request_fields(IPF_PROVIDER_TENCENT, IPF_OPERATION_MODIFY, 0, NULL, 0, 1, NULL, NULL,
                                       report), IPF_STATUS_NULL_ARGUMENT);
    }
    ipf_report_free(report);
}

int main(void) {
    test_version_and_names();
    test_request_abi();
    test_validate();
    test_images();
    test_rules();
    printf("api: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
