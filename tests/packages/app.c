/* A user's program, built by scripts/test-packages.sh against an installed image_preflight
 * (pkg-config, CMake, the Debian packages), from outside the repository. It checks that the
 * header and the library it loaded belong together, then that a bad name is refused with
 * Alibaba's own code and a good one accepted. */
#include <stdio.h>
#include <string.h>

#include <image_preflight.h>

static int check(const char *name, int want_valid, const char *want_code) {
    ipf_field_check result;
    ipf_report *report = NULL;
    ipf_violation v;
    int ok;
    if (ipf_report_new(&report) != IPF_STATUS_OK) return 0;
    if (ipf_validate(IPF_PROVIDER_ALIBABA, IPF_OPERATION_MODIFY, IPF_FIELD_NAME, IPF_PROFILE_LATEST, name,
                     strlen(name), &result, report) != IPF_STATUS_OK) {
        ipf_report_free(report);
        return 0;
    }
    ok = (int)result.valid == want_valid;
    if (ok && !want_valid) {
        ok = ipf_report_violation(report, 0, &v) == IPF_STATUS_OK && v.provider_code.len == strlen(want_code) &&
             memcmp(v.provider_code.data, want_code, v.provider_code.len) == 0;
    }
    ipf_report_free(report);
    if (!ok) fprintf(stderr, "app: %s: expected %s\n", name, want_valid ? "valid" : want_code);
    return ok;
}

int main(void) {
    uint32_t number = 0;
    ipf_str version;
    if (ipf_version_number(&number) != IPF_STATUS_OK || number != IPF_VERSION_NUMBER) {
        fprintf(stderr, "app: header %s (%d) but library %u\n", IPF_VERSION, IPF_VERSION_NUMBER, number);
        return 1;
    }
    if (!check("web-base.v1", 1, NULL) || !check("1st image", 0, "InvalidImageName.Malformed")) return 1;
    ipf_version(&version);
    printf("image_preflight %.*s: ok\n", (int)version.len, version.data);
    return 0;
}
