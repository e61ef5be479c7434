/* Checks an image name for a provider and prints every violation in English and Chinese.
 *
 *   cc check_name.c $(pkg-config --cflags --libs image_preflight) -o check_name
 *   ./check_name alibaba '1st image'
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <image_preflight.h>

int main(int argc, char **argv) {
    uint32_t provider;
    ipf_field_check check;
    ipf_report *report = NULL;
    size_t i;
    char message[512];
    size_t len;

    if (argc != 3) {
        fprintf(stderr, "usage: %s PROVIDER NAME\n", argv[0]);
        return 2;
    }
    if (ipf_enum_from_key(IPF_ENUM_PROVIDER, argv[1], strlen(argv[1]), &provider) != IPF_STATUS_OK) {
        fprintf(stderr, "unknown provider %s\n", argv[1]);
        return 2;
    }
    if (ipf_report_new(&report) != IPF_STATUS_OK) return 2;
    if (ipf_validate(provider, IPF_OPERATION_MODIFY, IPF_FIELD_NAME, IPF_PROFILE_LATEST, argv[2], strlen(argv[2]),
                     &check, report) != IPF_STATUS_OK) {
        fprintf(stderr, "the name is not valid UTF-8\n");
        ipf_report_free(report);
        return 2;
    }
    printf("%s: %zu characters, %zu UTF-16 units\n", check.valid ? "valid" : "invalid", check.counts.chars,
           check.counts.utf16);
    for (i = 0; i < check.violation_count; i++) {
        ipf_violation v;
        ipf_report_violation(report, i, &v);
        printf("  [%.*s] chars %zu-%zu\n", (int)v.provider_code.len, v.provider_code.data ? v.provider_code.data : "",
               v.span.char_start, v.span.char_end);
        if (ipf_report_message(report, i, IPF_LANG_EN, message, sizeof message, &len) == IPF_STATUS_OK)
            printf("  %s\n", message);
        if (ipf_report_message(report, i, IPF_LANG_ZH, message, sizeof message, &len) == IPF_STATUS_OK)
            printf("  %s\n", message);
    }
    ipf_report_free(report);
    return check.valid ? 0 : 1;
}
