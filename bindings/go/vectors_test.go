package imagepreflight

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The shared cases of tests/vectors (format: tests/vectors/README.md).
type vectorFile struct {
	Kind  string            `json:"kind"`
	Cases []json.RawMessage `json:"cases"`
}

func vectorCases(t *testing.T, kind string) []map[string]any {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "tests", "vectors", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no vectors: %v", err)
	}
	sort.Strings(paths)
	var out []map[string]any
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var f vectorFile
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if f.Kind != kind {
			continue
		}
		for _, raw := range f.Cases {
			var c map[string]any
			if err := json.Unmarshal(raw, &c); err != nil {
				t.Fatal(err)
			}
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s vectors", kind)
	}
	return out
}

func valueOf(c map[string]any) string {
	if v, ok := c["value"].(string); ok {
		return v
	}
	var b strings.Builder
	for _, part := range c["value_parts"].([]any) {
		p := part.([]any)
		b.WriteString(strings.Repeat(p[0].(string), int(p[1].(float64))))
	}
	return b.String()
}

func accounts(v any) []string {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		out := make([]string, len(v))
		for i, s := range v {
			out[i] = s.(string)
		}
		return out
	case map[string]any:
		r := v["range"].([]any)
		start, count := int64(r[0].(float64)), int(r[1].(float64))
		out := make([]string, count)
		for i := range out {
			out[i] = strconv.FormatInt(start+int64(i), 10)
		}
		return out
	}
	panic(fmt.Sprintf("not an account list: %v", v))
}

func mustParse[T any](t *testing.T, parse func(string) (T, error), s any) T {
	t.Helper()
	v, err := parse(s.(string))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func imageOf(t *testing.T, p Provider, spec map[string]any) Image {
	img := Image{Provider: p, Owner: spec["owner"].(string), SharedWith: accounts(spec["shared_with"])}
	if s, ok := spec["state"].(string); ok {
		img.State = s
	}
	if k, ok := spec["kind"].(string); ok {
		img.Kind = mustParse(t, ParseImageKind, k)
	}
	img.Encrypted, _ = spec["encrypted"].(bool)
	img.CustomerKey, _ = spec["customer_key"].(bool)
	img.BYOL, _ = spec["byol"].(bool)
	img.Deprecated, _ = spec["deprecated"].(bool)
	return img
}

// compare checks every key an expected violation gives, in the order reported.
func compare(t *testing.T, id string, expect any, got []Violation) {
	t.Helper()
	want := expect.([]any)
	if len(want) != len(got) {
		t.Errorf("%s: %d violations %v, expected %d", id, len(got), got, len(want))
		return
	}
	for i, w := range want {
		e, g := w.(map[string]any), got[i]
		check := func(key string, wantV, gotV any) {
			if !reflect.DeepEqual(wantV, gotV) {
				t.Errorf("%s: violation %d %s = %v, expected %v", id, i, key, gotV, wantV)
			}
		}
		intp := func(p *int) any {
			if p == nil {
				return nil
			}
			return float64(*p)
		}
		check("code", e["code"], g.Code.String())
		pc := any(nil)
		if g.ProviderCode != "" {
			pc = g.ProviderCode
		}
		check("provider_code", e["provider_code"], pc)
		hs := any(nil)
		if g.HTTPStatus != 0 {
			hs = float64(g.HTTPStatus)
		}
		check("http_status", e["http_status"], hs)
		if f, ok := e["field"]; ok {
			check("field", f, g.Field.String())
		}
		for _, k := range []string{"limit", "actual", "index"} {
			if v, ok := e[k]; ok {
				got := map[string]*int{"limit": g.Limit, "actual": g.Actual, "index": g.Index}[k]
				check(k, v, intp(got))
			}
		}
		if v, ok := e["found"]; ok {
			check("found", v, g.Found)
		}
		if v, ok := e["allowed"]; ok {
			allowed := make([]any, len(g.Allowed))
			for j, a := range g.Allowed {
				allowed[j] = a
			}
			check("allowed", v, allowed)
		}
		if span, ok := e["span"].(map[string]any); ok {
			if g.Span == nil {
				t.Errorf("%s: violation %d has no span", id, i)
				continue
			}
			s := map[string]int{
				"byte_start": g.Span.ByteStart, "byte_end": g.Span.ByteEnd,
				"char_start": g.Span.CharStart, "char_end": g.Span.CharEnd,
				"utf16_start": g.Span.UTF16Start, "utf16_end": g.Span.UTF16End,
				"grapheme_start": g.Span.GraphemeStart, "grapheme_end": g.Span.GraphemeEnd,
			}
			for k, v := range span {
				check("span."+k, v, float64(s[k]))
			}
		}
	}
}

func TestFieldVectors(t *testing.T) {
	for _, c := range vectorCases(t, "field") {
		id := c["id"].(string)
		p := mustParse(t, ParseProvider, c["provider"])
		f := mustParse(t, ParseField, c["field"])
		o := Options{Operation: mustParse(t, ParseOperation, c["operation"]), Profile: mustParse(t, ParseProfile, c["profile"])}
		value := valueOf(c)
		r, err := Validate(p, f, value, o)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		compare(t, id, c["expect"], r.Violations)
		if r.Valid != (len(c["expect"].([]any)) == 0) {
			t.Errorf("%s: valid %v", id, r.Valid)
		}
		many, err := ValidateMany(p, f, []string{value}, o)
		if err != nil || (len(many) == 0) != r.Valid {
			t.Errorf("%s: ValidateMany disagrees: %v %v", id, many, err)
		}
	}
}

func TestShareVectors(t *testing.T) {
	for _, c := range vectorCases(t, "share") {
		id := c["id"].(string)
		p := mustParse(t, ParseProvider, c["provider"])
		img := imageOf(t, p, c["image"].(map[string]any))
		change := c["change"].(map[string]any)
		r, err := Share(img, accounts(change["add"]), accounts(change["remove"]), Options{Profile: mustParse(t, ParseProfile, c["profile"])})
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		compare(t, id, c["expect"], r.Violations)
		if after, ok := c["shared_with_after"]; ok && r.Valid {
			want := accounts(after)
			sort.Strings(want)
			if !reflect.DeepEqual(append([]string{}, want...), append([]string{}, r.SharedWith...)) {
				t.Errorf("%s: shared with %v, expected %v", id, r.SharedWith, want)
			}
		}
	}
}

func TestRequestVectors(t *testing.T) {
	for _, c := range vectorCases(t, "request") {
		id := c["id"].(string)
		p := mustParse(t, ParseProvider, c["provider"])
		req := Request{}
		r := c["request"].(map[string]any)
		str := func(k string) *string {
			if v, ok := r[k].(string); ok {
				return &v
			}
			return nil
		}
		req.Name, req.Description, req.Family = str("name"), str("description"), str("family")
		req.BootMode, req.Status, req.LicenseType = str("boot_mode"), str("status"), str("license_type")
		req.Architecture, req.Platform, req.OsType = str("architecture"), str("platform"), str("os_type")
		req.NvmeSupport, req.ImdsSupport = str("nvme_support"), str("imds_support")
		if d, ok := r["deprecated"].(bool); ok {
			req.Deprecated = &d
		}
		var img *Image
		if spec, ok := c["image"].(map[string]any); ok {
			i := imageOf(t, p, spec)
			img = &i
		}
		o := Options{Operation: mustParse(t, ParseOperation, c["operation"]), Profile: mustParse(t, ParseProfile, c["profile"])}
		rep, err := ValidateRequest(p, req, o, img)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		compare(t, id, c["expect"], rep.Violations)
	}
}

func TestDeleteVectors(t *testing.T) {
	for _, c := range vectorCases(t, "delete") {
		p := mustParse(t, ParseProvider, c["provider"])
		r, err := CheckDelete(imageOf(t, p, c["image"].(map[string]any)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		compare(t, c["id"].(string), c["expect"], r.Violations)
	}
}

func TestPlanVectors(t *testing.T) {
	for _, c := range vectorCases(t, "plan") {
		id := c["id"].(string)
		p := mustParse(t, ParseProvider, c["provider"])
		o := Options{Profile: mustParse(t, ParseProfile, c["profile"])}
		img := imageOf(t, p, c["image"].(map[string]any))
		desired := accounts(c["desired"])
		r, err := PlanShare(img, desired, o)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		compare(t, id, c["expect"], r.Violations)
		if !r.Valid {
			continue
		}
		if want, ok := c["requests"]; ok {
			got := make([]any, len(r.Requests))
			for i, q := range r.Requests {
				got[i] = q.Parameters
			}
			wantJSON, _ := json.Marshal(want)
			gotJSON, _ := json.Marshal(got)
			if string(wantJSON) != string(gotJSON) {
				t.Errorf("%s: requests %s, expected %s", id, gotJSON, wantJSON)
			}
		}
		if n, ok := c["request_count"]; ok && len(r.Requests) != int(n.(float64)) {
			t.Errorf("%s: %d requests, expected %v", id, len(r.Requests), n)
		}
		// Every request passes Share, and together they reach the desired set.
		step := img
		for _, q := range r.Requests {
			res, err := Share(step, q.Add, q.Remove, o)
			if err != nil || !res.Valid {
				t.Fatalf("%s: planned request refused: %v %v", id, err, res.Violations)
			}
			step.SharedWith = res.SharedWith
		}
		want := map[string]bool{}
		for _, d := range desired {
			want[d] = true
		}
		wanted := make([]string, 0, len(want))
		for d := range want {
			wanted = append(wanted, d)
		}
		sort.Strings(wanted)
		if !reflect.DeepEqual(append([]string{}, wanted...), append([]string{}, step.SharedWith...)) {
			t.Errorf("%s: the plan reaches %d accounts, not the desired %d", id, len(step.SharedWith), len(wanted))
		}
	}
}
