/* Eight threads validating at once, each with its own report, against answers computed alone
 * first: validation shares no state, so every thread must get exactly the single-threaded
 * answer. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_preflight.h"

#define THREADS 8


typedef struct {
    const char *value;
    uint32_t provider;
    size_t expected;
} item;

static item items[] = {
    {"web-base.v1", IPF_PROVIDER_ALIBABA, 0},
    {"1中文 名", IPF_PROVIDER_ALIBABA, 0},
    {"aliyunhttp://x", IPF_PROVIDER_ALIBABA, 0},
    {"中文描述，好。", IPF_PROVIDER_VOLCENGINE, 0},
    {"x", IPF_PROVIDER_TENCENT, 0},
};
#define ITEMS (sizeof items / sizeof items[0])

static int errors = 0;
static size_t rounds = 20000;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg) {
    ipf_report *report = NULL;
    size_t i, round;
    int bad = 0;
    (void)arg;
    if (ipf_report_new(&report) != IPF_STATUS_OK) bad++;
    for (round = 0; round < rounds; round++) {
        for (i = 0; i < ITEMS; i++) {
            ipf_field_check check;
            size_t count = 0;
            if (ipf_validate(items[i].provider, IPF_OPERATION_MODIFY, IPF_FIELD_NAME, IPF_PROFILE_LATEST,
                             items[i].value, strlen(items[i].value), &check, report) != IPF_STATUS_OK ||
                check.violation_count != items[i].expected ||
                ipf_report_violation_count(report, &count) != IPF_STATUS_OK || count != items[i].expected)
                bad++;
        }
    }
    ipf_report_free(report);
    pthread_mutex_lock(&lock);
    errors += bad;
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(int argc, char **argv) {
    pthread_t threads[THREADS];
    size_t i;
    int passed = 0;
    /* Fewer rounds under valgrind, which runs threads one at a time. */
    if (argc > 1) rounds = (size_t)strtoul(argv[1], NULL, 10);
    for (i = 0; i < ITEMS; i++) {
        ipf_field_check check;
        if (ipf_validate(items[i].provider, IPF_OPERATION_MODIFY, IPF_FIELD_NAME, IPF_PROFILE_LATEST,
                         items[i].value, strlen(items[i].value), &check, NULL) != IPF_STATUS_OK)
            return 2;
        items[i].expected = check.violation_count;
    }
    if (items[1].expected == 0 || items[2].expected == 0 || items[0].expected != 0) return 2;
    for (i = 0; i < THREADS; i++) pthread_create(&threads[i], NULL, work, NULL);
    for (i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);
    passed = errors == 0;
    printf("threads: %d passed, %d failed\n", passed, !passed);
    return passed ? 0 : 1;
}
