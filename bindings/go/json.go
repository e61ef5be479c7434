package imagepreflight

import "encoding/json"

// JSON: json.Marshal of a Report, ShareResult or PlanResult gives the published shape
// (docs/schema/*.schema.json): snake_case keys, enums as their keys ("alibaba", "BAD_START"),
// null where a violation has no provider code, span, limit, ... — the same document as
// `image-preflight ... --format json` and the C ABI's ipf_report_to_json.

// MarshalText writes the provider's key, so JSON (and map keys) read "alibaba", not 1.
func (p Provider) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// MarshalText writes the operation's key.
func (o Operation) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// MarshalText writes the field's key.
func (f Field) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// MarshalText writes the profile's key.
func (p Profile) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// MarshalText writes the language's key.
func (l Lang) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// MarshalText writes the image kind's key.
func (k ImageKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// MarshalText writes the code's key.
func (c Code) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// MarshalText writes the subject's key.
func (s Subject) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// asked is what a check asked, as the library's JSON says it; empty keys are left out.
type asked struct {
	Kind      string `json:"kind,omitempty"`
	Provider  string `json:"provider,omitempty"`
	Operation string `json:"operation,omitempty"`
	Field     string `json:"field,omitempty"`
	Profile   string `json:"profile,omitempty"`
}

// MarshalJSON writes the violation as the library does: every key, null where unset.
func (v Violation) MarshalJSON() ([]byte, error) {
	out := violationJSON{
		Field: v.Field.String(), Code: v.Code.String(), Message: v.Message, Span: v.Span,
		Limit: v.Limit, Actual: v.Actual, Index: v.Index, Allowed: v.Allowed,
	}
	if v.ProviderCode != "" {
		out.ProviderCode = &v.ProviderCode
	}
	if v.HTTPStatus != 0 {
		out.HTTPStatus = &v.HTTPStatus
	}
	if v.Found != "" {
		out.Found = &v.Found
	}
	return json.Marshal(out)
}

func violationsOrEmpty(vs []Violation) []Violation {
	if vs == nil {
		return []Violation{}
	}
	return vs
}

// counts is the report's counts by field key.
func (r Report) countsByKey() map[string]Counts {
	out := map[string]Counts{}
	for f := range r.counts {
		if r.counted[f] {
			out[Field(f).String()] = r.counts[f]
		}
	}
	return out
}

// MarshalJSON writes docs/schema/report.schema.json's shape (delete.schema.json's for
// CheckDelete).
func (r Report) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Valid      bool              `json:"valid"`
		Violations []Violation       `json:"violations"`
		Counts     map[string]Counts `json:"counts"`
		asked
	}{r.Valid, violationsOrEmpty(r.Violations), r.countsByKey(), r.asked})
}

// MarshalJSON writes docs/schema/share.schema.json's shape.
func (r ShareResult) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Valid      bool              `json:"valid"`
		Violations []Violation       `json:"violations"`
		Counts     map[string]Counts `json:"counts"`
		asked
		SharedWith []string       `json:"shared_with"`
		Request    map[string]any `json:"request"`
	}{r.Valid, violationsOrEmpty(r.Violations), map[string]Counts{}, r.asked, orEmpty(r.SharedWith), r.Request})
}

// MarshalJSON writes docs/schema/plan.schema.json's shape: each request in the provider's
// own parameter names.
func (r PlanResult) MarshalJSON() ([]byte, error) {
	requests := make([]map[string]any, len(r.Requests))
	for i, q := range r.Requests {
		requests[i] = q.Parameters
	}
	return json.Marshal(struct {
		Valid      bool              `json:"valid"`
		Violations []Violation       `json:"violations"`
		Counts     map[string]Counts `json:"counts"`
		asked
		SharedWith []string         `json:"shared_with"`
		Requests   []map[string]any `json:"requests"`
	}{r.Valid, violationsOrEmpty(r.Violations), map[string]Counts{}, r.asked, orEmpty(r.SharedWith), requests})
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
