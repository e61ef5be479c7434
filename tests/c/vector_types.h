/* The shapes of the generated vector tables (see gen_vectors.py and tests/vectors/README.md).
 * -1 in an int field means "not checked". */
#ifndef VECTOR_TYPES_H
#define VECTOR_TYPES_H

#include "image_preflight.h"

typedef struct {
    int code;
    const char *provider_code; /* NULL: none */
    int http_status;           /* 0: none */
    int subject;
    long char_start, char_end, byte_start, utf16_end, grapheme_end;
    long limit, actual, index;
    const char *allowed; /* NOT_ONE_OF: every value the field takes, joined by '|'; NULL: not checked */
} expected_violation;

typedef struct {
    const char *owner;
    size_t owner_len;
    const char *state; /* NULL: the default */
    int kind;
    int encrypted, customer_key, byol, deprecated;
    const ipf_str *shared_with;
    size_t shared_count;
} image_spec;

typedef struct {
    const char *id;
    int provider, operation, field, profile;
    const char *value;
    size_t value_len;
    const expected_violation *expect;
    size_t expect_count;
} field_case;

typedef struct {
    const char *id;
    int provider, profile;
    image_spec image;
    const ipf_str *add;
    size_t add_count;
    const ipf_str *remove;
    size_t remove_count;
    const expected_violation *expect;
    size_t expect_count;
    const ipf_str *after; /* sorted */
    long after_count;     /* -1: not checked */
} share_case;

typedef struct {
    const char *id;
    int provider, operation, profile;
    const ipf_field_value *fields; /* every field sent, for ipf_validate_request_fields */
    size_t field_count;
    int deprecated;
    int frozen; /* only fields ipf_attributes has: `request` is the same case for ipf_validate_request */
    ipf_attributes request;
    int has_image;
    image_spec image;
    const expected_violation *expect;
    size_t expect_count;
} request_case;

typedef struct {
    const char *id;
    int provider;
    image_spec image;
    const expected_violation *expect;
    size_t expect_count;
} delete_case;

typedef struct {
    const char *id;
    int provider, profile;
    image_spec image;
    const ipf_str *desired;
    size_t desired_count;
    const expected_violation *expect;
    size_t expect_count;
    const char *requests_json; /* NULL: not checked */
    long request_count;        /* -1: not checked */
} plan_case;

#endif
