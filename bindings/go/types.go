package imagepreflight

/*
#include <image_preflight.h>
*/
import "C"

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Provider is a cloud whose image APIs the library knows.
type Provider uint32

// The providers.
//
// BEGIN GENERATED providers: scripts/gen-providers.sh writes this from the rule tables.
const (
	Tencent    Provider = 0
	Alibaba    Provider = 1
	Volcengine Provider = 2
	Aws        Provider = 3
	Gcp        Provider = 4
)

// END GENERATED providers

// Operation is the API call a value is checked for. The zero value is Modify.
type Operation uint32

// The operations.
const (
	Modify Operation = 0 // ModifyImageAttribute
	Create Operation = 1 // CreateImage
	Copy   Operation = 2 // CopyImage (Tencent: SyncImages)
	Import Operation = 3 // ImportImage
)

// Field is an attribute of an image that a request sets: a text (Name, Description, Family)
// or one value of a list (BootMode, FieldStatus, LicenseType, Architecture, Platform, OsType,
// NvmeSupport, ImdsSupport), matched exactly.
type Field uint32

// The fields.
const (
	Name        Field = 0
	Description Field = 1
	Family      Field = 2
	BootMode    Field = 3
	// FieldStatus is Alibaba's Status parameter (Available or Deprecated): "status" in
	// every face (C's IPF_FIELD_STATUS), prefixed here because Status is the C ABI's status
	// type (docs/faces.md).
	FieldStatus Field = 4
	LicenseType Field = 5
	// Architecture, Platform and OsType are ImportImage's (Alibaba CreateImage takes the
	// first two too).
	Architecture Field = 6
	Platform     Field = 7
	OsType       Field = 8
	// NvmeSupport and ImdsSupport are Alibaba's Features.NvmeSupport and Features.ImdsSupport.
	NvmeSupport Field = 9
	ImdsSupport Field = 10
)

// ImageStatus is FieldStatus under its first name.
//
// Deprecated: use FieldStatus, the name docs/faces.md gives Alibaba's Status field in Go.
const ImageStatus = FieldStatus

// Profile says which official text a rule follows where texts disagree. The zero value is Latest.
type Profile uint32

// The profiles.
const (
	Latest Profile = 0
	Strict Profile = 1
)

// Lang is the language of messages. The zero value is English.
type Lang uint32

// The languages.
const (
	English Lang = 0
	Chinese Lang = 1
)

// ImageKind says whose image it is. The zero value is KindCustom, your own custom image.
type ImageKind uint32

// The image kinds.
const (
	KindCustom      ImageKind = 0
	KindSharedIn    ImageKind = 1
	KindPublic      ImageKind = 2
	KindMarketplace ImageKind = 3
	KindInstance    ImageKind = 4
)

// Code is the library's stable code for a fault.
type Code uint32

// The codes.
const (
	CodeTooShort           Code = 1
	CodeTooLong            Code = 2
	CodeBadChar            Code = 3
	CodeBadStart           Code = 4
	CodeForbiddenPrefix    Code = 5
	CodeForbiddenSubstring Code = 6
	CodeNotSupported       Code = 7
	CodeNotOneOf           Code = 8
	CodeBadEnd             Code = 9 // a character the field does not allow last
	CodeImageState         Code = 20
	CodeImageNotOwned      Code = 21
	CodeImageKind          Code = 22
	CodeImageEncrypted     Code = 23
	CodeImageByol          Code = 24
	CodeImageDeprecated    Code = 25
	CodeImageShared        Code = 26
	CodeImageNotDeprecated Code = 27
	CodeNoAccounts         Code = 40
	CodeTooManyInRequest   Code = 41
	CodeOverQuota          Code = 42
	CodeShareWithSelf      Code = 43
	CodeAlreadyShared      Code = 44
	CodeNotShared          Code = 45
	CodeBadAccountID       Code = 46
	CodeDuplicateAccount   Code = 47
	CodeAddAndRemove       Code = 48
	CodeMixedPermission    Code = 49
)

// Subject is what a violation is about.
type Subject uint32

// The subjects.
const (
	SubjectName         Subject = 0
	SubjectDescription  Subject = 1
	SubjectFamily       Subject = 2
	SubjectDeprecation  Subject = 3
	SubjectImage        Subject = 4
	SubjectAdd          Subject = 5
	SubjectRemove       Subject = 6
	SubjectRequest      Subject = 7
	SubjectBootMode     Subject = 8
	SubjectStatus       Subject = 9
	SubjectLicenseType  Subject = 10
	SubjectArchitecture Subject = 11
	SubjectPlatform     Subject = 12
	SubjectOsType       Subject = 13
	SubjectNvmeSupport  Subject = 14
	SubjectImdsSupport  Subject = 15
)

// key is the library's stable key of one enum value ("alibaba", "BAD_START", ...).
func key(which C.ipf_enum, value uint32) string {
	var s C.ipf_str
	if C.ipf_enum_key(C.uint32_t(which), C.uint32_t(value), &s) != C.IPF_STATUS_OK {
		return fmt.Sprintf("%d", value)
	}
	return goString(s)
}

// parse turns a stable key into an enum value, through the library; an unknown key is the
// zero value and an error listing every key the library knows.
func parse(which C.ipf_enum, what, s string) (uint32, error) {
	var n C.uint32_t
	p, l := cstr(s)
	st := C.ipf_enum_from_key(C.uint32_t(which), p, l, &n)
	if st != C.IPF_STATUS_OK {
		return 0, &Error{Status: Status(st), Arg: what, Pos: -1,
			Detail: fmt.Sprintf("unknown %s %q; known: %s", what, s, strings.Join(keys(which), ", "))}
	}
	return uint32(n), nil
}

// keys lists every key of one enum, in the order of their numbers.
func keys(which C.ipf_enum) []string {
	var out []string
	for n := uint32(0); n < 64; n++ {
		var s C.ipf_str
		if C.ipf_enum_key(C.uint32_t(which), C.uint32_t(n), &s) == C.IPF_STATUS_OK {
			out = append(out, goString(s))
		}
	}
	return out
}

func (p Provider) String() string  { return key(C.IPF_ENUM_PROVIDER, uint32(p)) }
func (o Operation) String() string { return key(C.IPF_ENUM_OPERATION, uint32(o)) }
func (f Field) String() string     { return key(C.IPF_ENUM_FIELD, uint32(f)) }
func (p Profile) String() string   { return key(C.IPF_ENUM_PROFILE, uint32(p)) }
func (l Lang) String() string      { return key(C.IPF_ENUM_LANG, uint32(l)) }
func (k ImageKind) String() string { return key(C.IPF_ENUM_IMAGE_KIND, uint32(k)) }
func (c Code) String() string      { return key(C.IPF_ENUM_CODE, uint32(c)) }
func (s Subject) String() string   { return key(C.IPF_ENUM_SUBJECT, uint32(s)) }

// ParseProvider reads a provider's key ("tencent", "aws", ...: see ProviderKeys). An
// unknown name gives the zero value and an error that lists the known names.
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
	StatusOK              Status = 0
	StatusNullArgument    Status = 1
	StatusInvalidUTF8     Status = 2
	StatusTooLarge        Status = 3
	StatusUnknownProvider Status = 4
	StatusUnknownValue    Status = 5
	StatusUnknownState    Status = 6
	StatusBufferTooSmall  Status = 7
	StatusOutOfRange      Status = 8
	StatusNotFound        Status = 9
	StatusInvalidArgument Status = 10
	StatusPanic           Status = 99
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
//
// The message names the argument (Arg: "value", "add[2]", "Image.State", ...) and, for text
// that is not UTF-8, the byte where it stops being UTF-8 (Pos; -1 where there is none).
type Error struct {
	Status Status
	Arg    string
	Pos    int
	// Detail replaces the status's own description where the binding knows more (the known
	// names of an unknown one).
	Detail string
}

func (e *Error) Error() string {
	if e.Detail != "" {
		return "imagepreflight: " + e.Detail
	}
	var message C.ipf_str
	C.ipf_status_describe(C.uint32_t(e.Status), nil, &message)
	text := goString(message)
	if e.Pos >= 0 {
		text += fmt.Sprintf(" (at byte %d)", e.Pos)
	}
	return fmt.Sprintf("imagepreflight: %s: %s", e.Arg, text)
}

// statusError is the error of a refused call about arg, whose texts are given so that invalid
// UTF-8 can be placed: the first text that is not UTF-8 names itself and its byte.
func statusError(arg string, st C.ipf_status, texts ...named) error {
	if st == C.IPF_STATUS_OK {
		return nil
	}
	e := &Error{Status: Status(st), Arg: arg, Pos: -1}
	if st == C.IPF_STATUS_UNKNOWN_PROVIDER {
		e.Arg = "provider"
	}
	if st == C.IPF_STATUS_INVALID_UTF8 {
		for _, t := range texts {
			if at := firstInvalid(t.text); at >= 0 {
				e.Arg, e.Pos = t.name, at
				break
			}
		}
	}
	return e
}

// named is one text argument and the name a caller knows it by.
type named struct{ name, text string }

// firstInvalid is the byte offset where s stops being UTF-8, or -1.
func firstInvalid(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return -1
}

// listed names each string of a list argument by its position ("add[2]").
func listed(arg string, list []string) []named {
	out := make([]named, len(list))
	for i, s := range list {
		out[i] = named{fmt.Sprintf("%s[%d]", arg, i), s}
	}
	return out
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

// ProviderKeys lists every provider the library knows, by key, in the order of their numbers.
func ProviderKeys() []string { return keys(C.IPF_ENUM_PROVIDER) }

// keysOf lists every key of the named enum ("operation", "field", ...), for the tests.
func keysOf(what string) []string {
	switch what {
	case "operation":
		return keys(C.IPF_ENUM_OPERATION)
	case "field":
		return keys(C.IPF_ENUM_FIELD)
	case "profile":
		return keys(C.IPF_ENUM_PROFILE)
	case "image kind":
		return keys(C.IPF_ENUM_IMAGE_KIND)
	case "code":
		return keys(C.IPF_ENUM_CODE)
	case "subject":
		return keys(C.IPF_ENUM_SUBJECT)
	}
	return nil
}
