// The header compiles as C++ (with -Wall -Wextra -Wpedantic -Werror) and links with C linkage.
#include "image_preflight.h"

#include <cstdio>
#include <cstring>

int main() {
    ipf_field_check check;
    const char *name = "web-base";
    ipf_status st = ipf_validate(IPF_PROVIDER_TENCENT, IPF_OPERATION_MODIFY, IPF_FIELD_NAME, IPF_PROFILE_LATEST,
                                 name, std::strlen(name), &check, nullptr);
    bool ok = st == IPF_STATUS_OK && check.valid;
    std::printf("c++: %d passed, %d failed\n", ok ? 1 : 0, ok ? 0 : 1);
    return ok ? 0 : 1;
}
