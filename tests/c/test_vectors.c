/* Runs every case of tests/vectors (as the generated vectors.h) through the C ABI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vectors.h"

static int passed = 0;
static int failed = 0;
static int case_failed = 0;

#define FAIL(id, ...)                            \
    do {                                         \
        fprintf(stderr, "FAIL %s: ", (id));      \
        fprintf(stderr, __VA_ARGS__);            \
        fputc('\n', stderr);                     \
        case_failed = 1;                         \
    } while (0)

/* Counts one case as passed or failed once its checks are done. */
static void end_case(void) {
    if (case_failed) failed++; else passed++;
    case_failed = 0;
}

#define MUST(call)                                                              \
    do {                                                                        \
        ipf_status must_status = (call);                                        \
        if (must_status != IPF_STATUS_OK) {                                     \
            fprintf(stderr, "%s:%d: %s -> %d\n", __FILE__, __LINE__, #call,     \
                    (int)must_status);                                          \
            exit(2);                                                            \
        }                                                                       \
    } while (0)

static int str_eq(ipf_str s, const char *c) {
    if (c == NULL) return s.len == 0;
    return s.len == strlen(c) && memcmp(s.data, c, s.len) == 0;
}

/* Compares the list a NOT_ONE_OF violation names with `want`, its values joined by '|'. */
static void check_allowed(const char *id, const ipf_report *report, size_t index, const char *want) {
    char got[1024] = ""; /* the longest list, Alibaba Platform, joins to ~400 bytes */
    size_t n, used = 0;
    ipf_str value;
    for (n = 0; ipf_report_allowed(report, index, n, &value) == IPF_STATUS_OK; n++) {
        if (used + value.len + 2 > sizeof got) break;
        if (n > 0) got[used++] = '|';
        memcpy(got + used, value.data, value.len);
        used += value.len;
        got[used] = '\0';
    }
    if (strcmp(got, want) != 0) FAIL(id, "violation %zu: allowed %s, expected %s", index, got, want);
}

/* Compares a report with a case's expected violations, in order. */
static void compare(const char *id, const ipf_report *report, const expected_violation *expect,
                    size_t expect_count) {
    size_t count = 0, i;
    MUST(ipf_report_violation_count(report, &count));
    if (count != expect_count) {
        FAIL(id, "%zu violations, expected %zu", count, expect_count);
        return;
    }
    for (i = 0; i < count; i++) {
        ipf_violation v;
        const expected_violation *e = &expect[i];
        MUST(ipf_report_violation(report, i, &v));
        if ((int)v.code != e->code) FAIL(id, "violation %zu: code %u, expected %d", i, v.code, e->code);
        if (!str_eq(v.provider_code, e->provider_code))
            FAIL(id, "violation %zu: provider code %.*s, expected %s", i, (int)v.provider_code.len,
                 v.provider_code.data ? v.provider_code.data : "", e->provider_code ? e->provider_code : "(none)");
        if ((int)v.http_status != e->http_status) FAIL(id, "violation %zu: http %u", i, v.http_status);
        if (e->subject >= 0 && (int)v.subject != e->subject) FAIL(id, "violation %zu: subject %u", i, v.subject);
        if (e->char_start >= 0 && (!v.has_span || (long)v.span.char_start != e->char_start))
            FAIL(id, "violation %zu: char_start %zu", i, v.span.char_start);
        if (e->char_end >= 0 && (!v.has_span || (long)v.span.char_end != e->char_end))
            FAIL(id, "violation %zu: char_end %zu", i, v.span.char_end);
        if (e->byte_start >= 0 && (long)v.span.byte_start != e->byte_start)
            FAIL(id, "violation %zu: byte_start %zu", i, v.span.byte_start);
        if (e->utf16_end >= 0 && (long)v.span.utf16_end != e->utf16_end)
            FAIL(id, "violation %zu: utf16_end %zu", i, v.span.utf16_end);
        if (e->grapheme_end >= 0 && (long)v.span.grapheme_end != e->grapheme_end)
            FAIL(id, "violation %zu: grapheme_end %zu", i, v.span.grapheme_end);
        if (e->limit >= 0 && (!v.has_limit || (long)v.limit != e->limit)) FAIL(id, "violation %zu: limit %zu", i, v.limit);
        if (e->actual >= 0 && (!v.has_actual || (long)v.actual != e->actual)) FAIL(id, "violation %zu: actual %zu", i, v.actual);
        if (e->index >= 0 && (!v.has_index || (long)v.index != e->index)) FAIL(id, "violation %zu: index %zu", i, v.index);
        if (e->allowed) check_allowed(id, report, i, e->allowed);
    }
}

static ipf_image *make_image(int provider, const image_spec *spec) {
    ipf_image *image = NULL;
    MUST(ipf_image_new((uint32_t)provider, spec->owner, spec->owner_len, &image));
    if (spec->state) MUST(ipf_image_set_state(image, spec->state, strlen(spec->state)));
    MUST(ipf_image_set_kind(image, (uint32_t)spec->kind));
    MUST(ipf_image_set_flags(image, spec->encrypted, spec->byol, spec->deprecated));
    MUST(ipf_image_set_customer_key(image, spec->customer_key));
    MUST(ipf_image_set_shared_with(image, spec->shared_with, spec->shared_count));
    return image;
}

/* Whether the image is shared with exactly `want` (sorted, distinct). */
static int shared_with_is(const ipf_image *image, const ipf_str *want, size_t count) {
    size_t n = 0, i;
    MUST(ipf_image_shared_with_count(image, &n));
    if (n != count) return 0;
    for (i = 0; i < n; i++) {
        ipf_str got;
        MUST(ipf_image_shared_with_at(image, i, &got));
        if (got.len != want[i].len || memcmp(got.data, want[i].data, got.len) != 0) return 0;
    }
    return 1;
}

static int cmp_str(const void *a, const void *b) {
    const ipf_str *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->data, y->data, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* With IPF_SCHEMA_OUT set, every answer's ipf_report_to_json is written there as
 * "<schema>\t<json>" lines, for tests/schema/validate.py (tests/c/run.sh). */
static FILE *schema_out = NULL;

static void dump(const char *schema, const ipf_report *report) {
    size_t len = 0;
    char *json;
    if (schema_out == NULL) return;
    if (ipf_report_to_json(report, IPF_LANG_ZH, NULL, 0, &len) != IPF_STATUS_BUFFER_TOO_SMALL) {
        fprintf(stderr, "ipf_report_to_json: no size\n");
        exit(2);
    }
    json = malloc(len + 1);
    MUST(ipf_report_to_json(report, IPF_LANG_ZH, json, len + 1, &len));
    fprintf(schema_out, "%s\t%s\n", schema, json);
    free(json);
}

static void run_fields(ipf_report *report) {
    size_t i;
    for (i = 0; i < field_case_count; i++) {
        const field_case *c = &field_cases[i];
        ipf_field_check check;
        MUST(ipf_validate((uint32_t)c->provider, (uint32_t)c->operation, (uint32_t)c->field,
                          (uint32_t)c->profile, c->value, c->value_len, &check, report));
        if (check.valid != (c->expect_count == 0)) FAIL(c->id, "valid is %d", check.valid);
        if (check.violation_count != c->expect_count) FAIL(c->id, "violation_count %zu", check.violation_count);
        compare(c->id, report, c->expect, c->expect_count);
        dump("report", report);
        end_case();
    }
}

static void run_shares(ipf_report *report) {
    size_t i;
    for (i = 0; i < share_case_count; i++) {
        const share_case *c = &share_cases[i];
        ipf_image *image = make_image(c->provider, &c->image);
        size_t before = 0, after = 0;
        ipf_outcome outcome;
        MUST(ipf_image_shared_with_count(image, &before));
        MUST(ipf_share_apply(image, (uint32_t)c->profile, c->add, c->add_count, c->remove, c->remove_count,
                             &outcome, report));
        compare(c->id, report, c->expect, c->expect_count);
        dump("share", report);
        MUST(ipf_image_shared_with_count(image, &after));
        if (!outcome.valid && after != before) FAIL(c->id, "a refused change touched the image");
        if (outcome.valid && c->after_count >= 0 && !shared_with_is(image, c->after, (size_t)c->after_count))
            FAIL(c->id, "shared_with after the change differs");
        ipf_image_free(image);
        end_case();
    }
}

static void run_requests(ipf_report *report) {
    size_t i;
    for (i = 0; i < request_case_count; i++) {
        const request_case *c = &request_cases[i];
        ipf_image *image = c->has_image ? make_image(c->provider, &c->image) : NULL;
        ipf_outcome outcome;
        MUST(ipf_validate_request_fields((uint32_t)c->provider, (uint32_t)c->operation, (uint32_t)c->profile,
                                         c->fields, c->field_count, c->deprecated, image, &outcome, report));
        compare(c->id, report, c->expect, c->expect_count);
        dump("report", report);
        if (c->frozen) {
            MUST(ipf_validate_request((uint32_t)c->provider, (uint32_t)c->operation, (uint32_t)c->profile,
                                      &c->request, image, &outcome, report));
            compare(c->id, report, c->expect, c->expect_count);
        }
        ipf_image_free(image);
        end_case();
    }
}

static void run_deletes(ipf_report *report) {
    size_t i;
    for (i = 0; i < delete_case_count; i++) {
        const delete_case *c = &delete_cases[i];
        ipf_image *image = make_image(c->provider, &c->image);
        ipf_outcome outcome;
        MUST(ipf_check_delete(image, &outcome, report));
        compare(c->id, report, c->expect, c->expect_count);
        dump("delete", report);
        ipf_image_free(image);
        end_case();
    }
}

/* Applies every planned request to the image; 0 if one is refused. */
static int apply_plan(ipf_image *image, int profile, const ipf_plan *plan, ipf_report *report) {
    size_t requests = 0, r;
    MUST(ipf_plan_request_count(plan, &requests));
    for (r = 0; r < requests; r++) {
        size_t n_add = 0, n_remove = 0, j;
        ipf_str *add, *remove;
        ipf_outcome outcome;
        MUST(ipf_plan_list_count(plan, r, IPF_LIST_ADD, &n_add));
        MUST(ipf_plan_list_count(plan, r, IPF_LIST_REMOVE, &n_remove));
        add = calloc(n_add + 1, sizeof *add);
        remove = calloc(n_remove + 1, sizeof *remove);
        for (j = 0; j < n_add; j++) MUST(ipf_plan_account(plan, r, IPF_LIST_ADD, j, &add[j]));
        for (j = 0; j < n_remove; j++) MUST(ipf_plan_account(plan, r, IPF_LIST_REMOVE, j, &remove[j]));
        MUST(ipf_share_apply(image, (uint32_t)profile, add, n_add, remove, n_remove, &outcome, report));
        free(add);
        free(remove);
        if (!outcome.valid) return 0;
    }
    return 1;
}

static void run_plans(ipf_report *report) {
    size_t i;
    for (i = 0; i < plan_case_count; i++) {
        const plan_case *c = &plan_cases[i];
        ipf_image *image = make_image(c->provider, &c->image);
        ipf_plan *plan = NULL;
        ipf_outcome outcome;
        MUST(ipf_share_plan(image, (uint32_t)c->profile, c->desired, c->desired_count, &plan, &outcome, report));
        compare(c->id, report, c->expect, c->expect_count);
        dump("plan", report);
        if (outcome.valid) {
            size_t count = 0, len = 0, n, k;
            ipf_str *want;
            MUST(ipf_plan_request_count(plan, &count));
            if (c->request_count >= 0 && (long)count != c->request_count)
                FAIL(c->id, "%zu requests, expected %ld", count, c->request_count);
            if (c->requests_json) {
                char *json;
                if (ipf_plan_to_json(plan, NULL, 0, &len) != IPF_STATUS_BUFFER_TOO_SMALL) FAIL(c->id, "size query");
                json = malloc(len + 1);
                MUST(ipf_plan_to_json(plan, json, len + 1, &len));
                if (strcmp(json, c->requests_json) != 0) FAIL(c->id, "requests %s, expected %s", json, c->requests_json);
                free(json);
            }
            if (!apply_plan(image, c->profile, plan, report)) FAIL(c->id, "a planned request is refused");
            /* The result is the desired set: sorted, without duplicates. */
            want = malloc((c->desired_count + 1) * sizeof *want);
            if (c->desired_count > 0) memcpy(want, c->desired, c->desired_count * sizeof *want);
            qsort(want, c->desired_count, sizeof *want, cmp_str);
            for (n = 0, k = 0; k < c->desired_count; k++)
                if (n == 0 || cmp_str(&want[n - 1], &want[k]) != 0) want[n++] = want[k];
            if (!shared_with_is(image, want, n)) FAIL(c->id, "the plan does not reach the desired set");
            free(want);
        }
        ipf_plan_free(plan);
        ipf_image_free(image);
        end_case();
    }
}

int main(void) {
    ipf_report *report = NULL;
    const char *out = getenv("IPF_SCHEMA_OUT");
    if (out != NULL && (schema_out = fopen(out, "w")) == NULL) {
        perror(out);
        return 2;
    }
    MUST(ipf_report_new(&report));
    run_fields(report);
    run_shares(report);
    run_requests(report);
    run_deletes(report);
    run_plans(report);
    ipf_report_free(report);
    if (schema_out != NULL) fclose(schema_out);
    printf("vectors: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
