package imagepreflight

/*
#include <image_preflight.h>
*/
import "C"

import (
	"fmt"
	"strings"
)

// Provider is a cloud whose image APIs the library knows.
type Provider uint32

// The providers.
const (
	Tencent    Provider = C.IPF_PROVIDER_TENCENT
	Alibaba    Provider = C.IPF_PROVIDER_ALIBABA
	Volcengine Provider = C.IPF_PROVIDER_VOLCENGINE
)

// Operation is the API call a value is checked for. The zero value is Modify.
type Operation uint32

// The operations.
const (
	Modify Operation = C.IPF_OPERATION_MODIFY // ModifyImageAttribute
	Create Operation = C.IPF_OPERATION_CREATE // CreateImage
	Copy   Operation = C.IPF_OPERATION_COPY   // CopyImage (Tencent: SyncImages)
	Import Operation = C.IPF_OPERATION_IMPORT // ImportImage
)

// Field is an attribute of an image that a request sets: a text (Name, Description, Family)
// or one value of a list (BootMode, ImageStatus, LicenseType), matched exactly.
type Field uint32

// The fields.
const (
	Name        Field = C.IPF_FIELD_NAME
	Description Field = C.IPF_FIELD_DESCRIPTION
	Family      Field = C.IPF_FIELD_FAMILY
	BootMode    Field = C.IPF_FIELD_BOOT_MODE
	// ImageStatus is Alibaba's Status parameter (Available or Deprecated).
	ImageStatus Field = C.IPF_FIELD_STATUS
	LicenseType Field = C.IPF_FIELD_LICENSE_TYPE
)

// Profile says which official text a rule follows where texts disagree. The zero value is Latest.
type Profile uint32

// The profiles.
const (
	Latest Profile = C.IPF_PROFILE_LATEST
	Strict Profile = C.IPF_PROFILE_STRICT
)

// Lang is the language of messages. The zero value is English.
type Lang uint32

// The languages.
const (
	English Lang = C.IPF_LANG_EN
	Chinese Lang = C.IPF_LANG_ZH
)

// ImageKind says whose image it is. The zero value is KindCustom, your own custom image.
type ImageKind uint32

// The image kinds.
const (
	KindCustom      ImageKind = C.IPF_IMAGE_KIND_CUSTOM
	KindSharedIn    ImageKind = C.IPF_IMAGE_KIND_SHARED_IN
	KindPublic      ImageKind = C.IPF_IMAGE_KIND_PUBLIC
	KindMarketplace ImageKind = C.IPF_IMAGE_KIND_MARKETPLACE
	KindInstance    ImageKind = C.IPF_IMAGE_KIND_INSTANCE
)

// Code is the library's stable code for a fault.
type Code uint32

// The codes.
const (
	CodeTooShort           Code = C.IPF_CODE_TOO_SHORT
	CodeTooLong            Code = C.IPF_CODE_TOO_LONG
	CodeBadChar            Code = C.IPF_CODE_BAD_CHAR
	CodeBadStart           Code = C.IPF_CODE_BAD_START
	CodeForbiddenPrefix    Code = C.IPF_CODE_FORBIDDEN_PREFIX
	CodeForbiddenSubstring Code = C.IPF_CODE_FORBIDDEN_SUBSTRING
	CodeNotSupported       Code = C.IPF_CODE_NOT_SUPPORTED
	CodeNotOneOf           Code = C.IPF_CODE_NOT_ONE_OF
	CodeImageState         Code = C.IPF_CODE_IMAGE_STATE
	CodeImageNotOwned      Code = C.IPF_CODE_IMAGE_NOT_OWNED
	CodeImageKind          Code = C.IPF_CODE_IMAGE_KIND
	CodeImageEncrypted     Code = C.IPF_CODE_IMAGE_ENCRYPTED
	CodeImageByol          Code = C.IPF_CODE_IMAGE_BYOL
	CodeImageDeprecated    Code = C.IPF_CODE_IMAGE_DEPRECATED
	CodeImageShared        Code = C.IPF_CODE_IMAGE_SHARED
	CodeImageNotDeprecated Code = C.IPF_CODE_IMAGE_NOT_DEPRECATED
	CodeNoAccounts         Code = C.IPF_CODE_NO_ACCOUNTS
	CodeTooManyInRequest   Code = C.IPF_CODE_TOO_MANY_IN_REQUEST
	CodeOverQuota          Code = C.IPF_CODE_OVER_QUOTA
	CodeShareWithSelf      Code = C.IPF_CODE_SHARE_WITH_SELF
	CodeAlreadyShared      Code = C.IPF_CODE_ALREADY_SHARED
	CodeNotShared          Code = C.IPF_CODE_NOT_SHARED
	CodeBadAccountID       Code = C.IPF_CODE_BAD_ACCOUNT_ID
	CodeDuplicateAccount   Code = C.IPF_CODE_DUPLICATE_ACCOUNT
	CodeAddAndRemove       Code = C.IPF_CODE_ADD_AND_REMOVE
	CodeMixedPermission    Code = C.IPF_CODE_MIXED_PERMISSION
)

// Subject is what a violation is about.
type Subject uint32

// The subjects.
const (
	SubjectName        Subject = C.IPF_SUBJECT_NAME
	SubjectDescription Subject = C.IPF_SUBJECT_DESCRIPTION
	SubjectFamily      Subject = C.IPF_SUBJECT_FAMILY
	SubjectDeprecation Subject = C.IPF_SUBJECT_DEPRECATION
	SubjectImage       Subject = C.IPF_SUBJECT_IMAGE
	SubjectAdd         Subject = C.IPF_SUBJECT_ADD
	SubjectRemove      Subject = C.IPF_SUBJECT_REMOVE
	SubjectRequest     Subject = C.IPF_SUBJECT_REQUEST
	SubjectBootMode    Subject = C.IPF_SUBJECT_BOOT_MODE
	SubjectStatus      Subject = C.IPF_SUBJECT_STATUS
	SubjectLicenseType Subject = C.IPF_SUBJECT_LICENSE_TYPE
)

// key is the library's stable key of one enum value ("alibaba", "BAD_START", ...).
func key(which C.ipf_enum, value uint32) string {
	var s C.ipf_str
	if C.ipf_enum_key(C.uint32_t(which), C.uint32_t(value), &s) != C.IPF_STATUS_OK {
		return fmt.Sprintf("%d", value)
	}
	return goString(s)
}

// parse turns a stable key into an enum value, through the library.
func parse(which C.ipf_enum, what, s string) (uint32, error) {
	var n C.uint32_t
	p, l := cstr(s)
	st := C.ipf_enum_from_key(C.uint32_t(which), p, l, &n)
	if st != C.IPF_STATUS_OK {
		return 0, &Error{Status: Status(st), Op: fmt.Sprintf("unknown %s %q", what, s)}
	}
	return uint32(n), nil
}

func (p Provider) String() string  { return key(C.IPF_ENUM_PROVIDER, uint32(p)) }
func (o Operation) String() string { return key(C.IPF_ENUM_OPERATION, uint32(o)) }
func (f Field) String() string     { return key(C.IPF_ENUM_FIELD, uint32(f)) }
func (p Profile) String() string   { return key(C.IPF_ENUM_PROFILE, uint32(p)) }
func (l Lang) String() string      { return key(C.IPF_ENUM_LANG, uint32(l)) }
func (k ImageKind) String() string { return key(C.IPF_ENUM_IMAGE_KIND, uint32(k)) }
func (c Code) String() string      { return key(C.IPF_ENUM_CODE, uint32(c)) }
func (s Subject) String() string   { return key(C.IPF_ENUM_SUBJECT, uint32(s)) }

// ParseProvider reads "tencent", "alibaba" or "volcengine".
func ParseProvider(s string) (Provider, error) {
	n, err := parse(C.IPF_ENUM_PROVIDER, "provider", s)
	return Provider(n), err
}

// ParseOperation reads "modify" or "create".
func ParseOperation(s string) (Operation, error) {
	n, err := parse(C.IPF_ENUM_OPERATION, "operation", s)
	return Operation(n), err
}

// ParseField reads "name", "description" or "family".
func ParseField(s string) (Field, error) {
	n, err := parse(C.IPF_ENUM_FIELD, "field", s)
	return Field(n), err
}

// ParseProfile reads "latest" or "strict".
func ParseProfile(s string) (Profile, error) {
	n, err := parse(C.IPF_ENUM_PROFILE, "profile", s)
	return Profile(n), err
}

// ParseImageKind reads "custom", "shared-in", "public", "marketplace" or "instance".
func ParseImageKind(s string) (ImageKind, error) {
	n, err := parse(C.IPF_ENUM_IMAGE_KIND, "image kind", s)
	return ImageKind(n), err
}

// ParseCode reads a library code such as "BAD_START".
func ParseCode(s string) (Code, error) {
	n, err := parse(C.IPF_ENUM_CODE, "code", s)
	return Code(n), err
}

// MaxTextBytes is the longest text the library takes, in UTF-8 bytes (4 MiB): the core's one
// size limit, past which every language refuses a text with its TOO_LARGE error (here an
// *Error with StatusTooLarge).
const MaxTextBytes = C.IPF_MAX_TEXT_BYTES

// Status is the C ABI's status of a call.
type Status uint32

// The statuses a caller can meet.
const (
	StatusOK              Status = C.IPF_STATUS_OK
	StatusNullArgument    Status = C.IPF_STATUS_NULL_ARGUMENT
	StatusInvalidUTF8     Status = C.IPF_STATUS_INVALID_UTF8
	StatusTooLarge        Status = C.IPF_STATUS_TOO_LARGE
	StatusUnknownProvider Status = C.IPF_STATUS_UNKNOWN_PROVIDER
	StatusUnknownValue    Status = C.IPF_STATUS_UNKNOWN_VALUE
	StatusUnknownState    Status = C.IPF_STATUS_UNKNOWN_STATE
	StatusBufferTooSmall  Status = C.IPF_STATUS_BUFFER_TOO_SMALL
	StatusOutOfRange      Status = C.IPF_STATUS_OUT_OF_RANGE
	StatusNotFound        Status = C.IPF_STATUS_NOT_FOUND
	StatusInvalidArgument Status = C.IPF_STATUS_INVALID_ARGUMENT
	StatusPanic           Status = C.IPF_STATUS_PANIC
)

// String is the status's C name, e.g. "IPF_STATUS_INVALID_UTF8".
func (s Status) String() string {
	var name C.ipf_str
	if C.ipf_status_describe(C.uint32_t(s), &name, nil) != C.IPF_STATUS_OK {
		return fmt.Sprintf("IPF_STATUS_%d", uint32(s))
	}
	return goString(name)
}

// Error is a call the library refused: bad input (invalid UTF-8, too large, an unknown
// provider or state), never a broken rule (that is a Violation). Use errors.As to read Status.
type Error struct {
	Status Status
	Op     string
}

func (e *Error) Error() string {
	var message C.ipf_str
	C.ipf_status_describe(C.uint32_t(e.Status), nil, &message)
	return fmt.Sprintf("imagepreflight: %s: %s (%s)", e.Op, goString(message), e.Status)
}

func statusError(op string, st C.ipf_status) error {
	if st == C.IPF_STATUS_OK {
		return nil
	}
	return &Error{Status: Status(st), Op: op}
}

// ValidationError carries every violation of a check; Report.Err and the results' Err return
// it. Use errors.As to read the violations.
type ValidationError struct {
	Violations []Violation
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		parts[i] = v.String()
	}
	return "imagepreflight: " + strings.Join(parts, "; ")
}
