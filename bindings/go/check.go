package imagepreflight

/*
#include <image_preflight.h>
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unsafe"
)

// Options say how a value is checked. The zero value checks a ModifyImageAttribute call under
// the latest profile, with messages in English.
type Options struct {
	Operation Operation
	Profile   Profile
	Lang      Lang
}

// Counts is a value's length in UTF-8 bytes, chars (the unit every limit counts), UTF-16
// units (as a browser's maxlength counts) and grapheme clusters.
type Counts struct {
	Bytes     int `json:"bytes"`
	Chars     int `json:"chars"`
	UTF16     int `json:"utf16"`
	Graphemes int `json:"graphemes"`
}

// Span is where a fault lies, as half-open ranges in four units.
type Span struct {
	ByteStart     int `json:"byte_start"`
	ByteEnd       int `json:"byte_end"`
	CharStart     int `json:"char_start"`
	CharEnd       int `json:"char_end"`
	UTF16Start    int `json:"utf16_start"`
	UTF16End      int `json:"utf16_end"`
	GraphemeStart int `json:"grapheme_start"`
	GraphemeEnd   int `json:"grapheme_end"`
}

// Violation is one fault: the library's code, the provider's code (empty where it has none),
// a message, and where it lies.
type Violation struct {
	Field        Subject
	Code         Code
	ProviderCode string
	HTTPStatus   int // 0 where not documented
	Message      string
	Span         *Span
	Limit        *int
	Actual       *int
	Found        string
	Index        *int
	// Allowed lists every value the field takes, for CodeNotOneOf.
	Allowed []string
}

func (v Violation) String() string {
	pc := ""
	if v.ProviderCode != "" {
		pc = " [" + v.ProviderCode + "]"
	}
	return fmt.Sprintf("%s %s%s: %s", v.Field, v.Code, pc, v.Message)
}

// Report is the answer to a check. Valid reports carry no violations.
type Report struct {
	Valid      bool
	Violations []Violation
	counts     [3]Counts
	counted    [3]bool
	asked      asked
}

// Counts returns the counts of field's value, where it was checked.
func (r Report) Counts(f Field) (Counts, bool) {
	if int(f) >= len(r.counts) {
		return Counts{}, false
	}
	return r.counts[f], r.counted[f]
}

// Err is nil for a valid report and a *ValidationError otherwise.
func (r Report) Err() error {
	if r.Valid {
		return nil
	}
	return &ValidationError{Violations: r.Violations}
}

// The report JSON of the C ABI (ipf_report_to_json).
type reportJSON struct {
	Valid      bool              `json:"valid"`
	Violations []violationJSON   `json:"violations"`
	Counts     map[string]Counts `json:"counts"`
	asked
	SharedWith []string         `json:"shared_with"`
	Request    map[string]any   `json:"request"`
	Requests   []map[string]any `json:"requests"`
}

type violationJSON struct {
	Field        string   `json:"field"`
	Code         string   `json:"code"`
	ProviderCode *string  `json:"provider_code"`
	HTTPStatus   *int     `json:"http_status"`
	Message      string   `json:"message"`
	Span         *Span    `json:"span"`
	Limit        *int     `json:"limit"`
	Actual       *int     `json:"actual"`
	Found        *string  `json:"found"`
	Index        *int     `json:"index"`
	Allowed      []string `json:"allowed"`
}

var (
	keysOnce sync.Once
	codes    map[string]Code
	subjects map[string]Subject
	fields   map[string]Field
)

// keyTables reads every code, subject and field key from the library, once.
func keyTables() {
	keysOnce.Do(func() {
		codes, subjects, fields = map[string]Code{}, map[string]Subject{}, map[string]Field{}
		for n := uint32(0); n < 64; n++ {
			var s C.ipf_str
			if C.ipf_enum_key(C.IPF_ENUM_CODE, C.uint32_t(n), &s) == C.IPF_STATUS_OK {
				codes[goString(s)] = Code(n)
			}
			if C.ipf_enum_key(C.IPF_ENUM_SUBJECT, C.uint32_t(n), &s) == C.IPF_STATUS_OK {
				subjects[goString(s)] = Subject(n)
			}
			if C.ipf_enum_key(C.IPF_ENUM_FIELD, C.uint32_t(n), &s) == C.IPF_STATUS_OK {
				fields[goString(s)] = Field(n)
			}
		}
	})
}

func (r *reportJSON) report() Report {
	keyTables()
	out := Report{Valid: r.Valid, Violations: make([]Violation, len(r.Violations)), asked: r.asked}
	for i, v := range r.Violations {
		w := Violation{
			Field: subjects[v.Field], Code: codes[v.Code], Message: v.Message,
			Span: v.Span, Limit: v.Limit, Actual: v.Actual, Index: v.Index,
			Allowed: v.Allowed,
		}
		if v.ProviderCode != nil {
			w.ProviderCode = *v.ProviderCode
		}
		if v.HTTPStatus != nil {
			w.HTTPStatus = *v.HTTPStatus
		}
		if v.Found != nil {
			w.Found = *v.Found
		}
		out.Violations[i] = w
	}
	for k, c := range r.Counts {
		f := fields[k]
		out.counts[f], out.counted[f] = c, true
	}
	return out
}

// details reads a report handle's violations and counts.
func details(h *C.ipf_report, lang Lang) (Report, error) {
	r, err := answer(h, lang)
	if err != nil {
		return Report{}, err
	}
	return r.report(), nil
}

// answer reads the whole answer the report handle holds (ipf_report_to_json).
func answer(h *C.ipf_report, lang Lang) (reportJSON, error) {
	var r reportJSON
	text, err := copyText("report", func(buf *C.char, n C.size_t, out *C.size_t) C.ipf_status {
		return C.ipf_report_to_json(h, C.uint32_t(lang), buf, n, out)
	})
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(text, &r); err != nil {
		return r, fmt.Errorf("imagepreflight: reading a report: %w", err)
	}
	return r, nil
}

// reportHandle is a C report, freed with the function that made it.
func newReportHandle() (*C.ipf_report, error) {
	var h *C.ipf_report
	if err := statusError("report", C.ipf_report_new(&h)); err != nil {
		return nil, err
	}
	return h, nil
}

func countsOf(c C.ipf_counts) Counts {
	return Counts{Bytes: int(c.bytes), Chars: int(c.chars), UTF16: int(c.utf16), Graphemes: int(c.graphemes)}
}

// Validate checks one field's value for a provider. An empty value means the field is sent
// empty. A broken rule is a violation in the report; the error is for input the library
// refuses (invalid UTF-8, more than 4 MiB, unknown provider or option): an *Error.
//
// A valid value costs one C call and no allocation on the Rust side.
func Validate(p Provider, f Field, value string, o Options) (Report, error) {
	var check C.ipf_field_check
	ptr, n := cstr(value)
	st := C.ipf_validate(C.uint32_t(p), C.uint32_t(o.Operation), C.uint32_t(f), C.uint32_t(o.Profile), ptr, n, &check, nil)
	runtime.KeepAlive(value)
	if err := statusError("value", st, named{"value", value}); err != nil {
		return Report{}, err
	}
	if bool(check.valid) {
		r := Report{Valid: true, asked: asked{"field", p.String(), o.Operation.String(), f.String(), o.Profile.String()}}
		if int(f) < len(r.counts) {
			r.counts[f], r.counted[f] = countsOf(check.counts), true
		}
		return r, nil
	}
	h, err := newReportHandle()
	if err != nil {
		return Report{}, err
	}
	defer C.ipf_report_free(h)
	st = C.ipf_validate(C.uint32_t(p), C.uint32_t(o.Operation), C.uint32_t(f), C.uint32_t(o.Profile), ptr, n, &check, h)
	runtime.KeepAlive(value)
	if err := statusError("value", st, named{"value", value}); err != nil {
		return Report{}, err
	}
	return details(h, o.Lang)
}

// ValidateMany sorts many values of one field into valid and invalid in one C call, and
// returns the reports of the invalid ones by their index (a bulk import's errors).
func ValidateMany(p Provider, f Field, values []string, o Options) (map[int]Report, error) {
	out := map[int]Report{}
	if len(values) == 0 {
		return out, nil
	}
	list := newStrList(values)
	checks := make([]C.ipf_field_check, len(values))
	st := C.ipf_validate_many(C.uint32_t(p), C.uint32_t(o.Operation), C.uint32_t(f), C.uint32_t(o.Profile),
		list.ptr(), list.count(), &checks[0])
	list.unpin()
	runtime.KeepAlive(values)
	if err := statusError("values", st, listed("values", values)...); err != nil {
		return nil, err
	}
	for i, c := range checks {
		if !bool(c.valid) {
			r, err := Validate(p, f, values[i], o)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
	}
	return out, nil
}

// Request is the attributes one request sets (ModifyImageAttribute, CreateImage, CopyImage /
// SyncImages or ImportImage, as Options.Operation says): a nil field is not sent.
type Request struct {
	Name        *string
	Description *string
	Family      *string
	// BootMode is one of a list (Alibaba BIOS, UEFI, UEFI-Preferred; Tencent ImportImage
	// "Legacy BIOS", UEFI; Volcengine BIOS, UEFI), matched exactly.
	BootMode *string
	// Status is Alibaba's Status (Available or Deprecated); Deprecated deprecates the image.
	Status *string
	// LicenseType is ImportImage's LicenseType (Alibaba ModifyImageAttribute's too).
	LicenseType *string
	// Architecture, Platform, OsType, NvmeSupport and ImdsSupport: lists where the
	// operation takes them.
	Architecture *string
	Platform     *string
	OsType       *string
	NvmeSupport  *string
	ImdsSupport  *string
	// Deprecated is Tencent's ImageDeprecated (for Alibaba, the same as Status).
	Deprecated *bool
}

// requestField is one member of a Request: the library's field it sends and the name a caller
// knows it by.
type requestField struct {
	field Field
	name  string
	value *string
}

// fields pairs every member of the request with the library's field number: the one place a
// Request member meets a Field (TestRequestSendsEveryField holds it to the library's table).
// Every pair goes to ipf_validate_request_fields, which takes any field; ipf_attributes is
// frozen at its 0.2 layout.
func (req Request) fields() []requestField {
	return []requestField{
		{Name, "Request.Name", req.Name},
		{Description, "Request.Description", req.Description},
		{Family, "Request.Family", req.Family},
		{BootMode, "Request.BootMode", req.BootMode},
		{FieldStatus, "Request.Status", req.Status},
		{LicenseType, "Request.LicenseType", req.LicenseType},
		{Architecture, "Request.Architecture", req.Architecture},
		{Platform, "Request.Platform", req.Platform},
		{OsType, "Request.OsType", req.OsType},
		{NvmeSupport, "Request.NvmeSupport", req.NvmeSupport},
		{ImdsSupport, "Request.ImdsSupport", req.ImdsSupport},
	}
}

// texts are the request's strings, named as the caller wrote them.
func (req Request) texts() []named {
	var out []named
	for _, f := range req.fields() {
		if f.value != nil {
			out = append(out, named{f.name, *f.value})
		}
	}
	return out
}

// ValidateRequest checks a whole request. With image non-nil the request is a modify judged
// against that image too: a Tencent image shared with you cannot be renamed, an Alibaba image
// shared with others cannot be deprecated.
func ValidateRequest(p Provider, req Request, o Options, image *Image) (Report, error) {
	var pins runtime.Pinner
	defer pins.Unpin()
	var pairs []C.ipf_field_value
	for _, f := range req.fields() {
		if f.value == nil {
			continue
		}
		v := C.ipf_str{data: (*C.char)(unsafe.Pointer(&empty[0])), len: 0}
		if len(*f.value) > 0 {
			d := unsafe.StringData(*f.value)
			pins.Pin(d)
			v = C.ipf_str{data: (*C.char)(unsafe.Pointer(d)), len: C.size_t(len(*f.value))}
		}
		pairs = append(pairs, C.ipf_field_value{field: C.uint32_t(f.field), value: v})
	}
	var first *C.ipf_field_value
	if len(pairs) > 0 {
		first = &pairs[0]
	}
	deprecated := C.int32_t(C.IPF_DEPRECATED_UNSET)
	if req.Deprecated != nil {
		deprecated = 0
		if *req.Deprecated {
			deprecated = 1
		}
	}
	var facts *C.ipf_image
	if image != nil {
		h, err := image.handle()
		if err != nil {
			return Report{}, err
		}
		defer C.ipf_image_free(h)
		facts = h
	}
	h, err := newReportHandle()
	if err != nil {
		return Report{}, err
	}
	defer C.ipf_report_free(h)
	var outcome C.ipf_outcome
	st := C.ipf_validate_request_fields(C.uint32_t(p), C.uint32_t(o.Operation), C.uint32_t(o.Profile),
		first, C.size_t(len(pairs)), deprecated, facts, &outcome, h)
	runtime.KeepAlive(req)
	runtime.KeepAlive(pairs)
	if st == C.IPF_STATUS_INVALID_ARGUMENT && len(pairs) == 0 && req.Deprecated == nil {
		// The core refused a request that sends nothing (its rule of use): say what it may
		// send, in Go's names, as every face lists the known ones.
		return Report{}, &Error{Status: Status(st), Arg: "request", Pos: -1, Detail: noFields()}
	}
	if err := statusError("request", st, req.texts()...); err != nil {
		return Report{}, err
	}
	return details(h, o.Lang)
}

// noFields says what a request may send, in the names of Request's members.
func noFields() string {
	var names []string
	for _, f := range (Request{}).fields() {
		names = append(names, f.name)
	}
	return "request: a request needs at least one of: " + strings.Join(append(names, "Request.Deprecated"), ", ")
}
