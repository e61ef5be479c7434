package imagepreflight

import (
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// validate runs the repository's schema validator (tests/schema/validate.py, draft 2020-12)
// over (schema, document) pairs.
func validate(t *testing.T, docs [][2]string) {
	t.Helper()
	var in bytes.Buffer
	for _, d := range docs {
		in.WriteString(d[0] + "\t" + d[1] + "\n")
	}
	cmd := exec.Command("python3", filepath.Join("..", "..", "tests", "schema", "validate.py"))
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("schema validation: %v\n%s", err, stderr.String())
	}
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every shared vector's answer, through json.Marshal, fits the published schema.
func TestJSONFitsTheSchemas(t *testing.T) {
	var docs [][2]string
	for _, c := range vectorCases(t, "field") {
		p := mustParse(t, ParseProvider, c["provider"])
		f := mustParse(t, ParseField, c["field"])
		o := Options{Operation: mustParse(t, ParseOperation, c["operation"]), Profile: mustParse(t, ParseProfile, c["profile"]), Lang: Chinese}
		r, err := Validate(p, f, valueOf(c), o)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, [2]string{"report", marshal(t, r)})
	}
	for _, c := range vectorCases(t, "share") {
		p := mustParse(t, ParseProvider, c["provider"])
		change := c["change"].(map[string]any)
		r, err := Share(imageOf(t, p, c["image"].(map[string]any)), accounts(change["add"]), accounts(change["remove"]), Options{Profile: mustParse(t, ParseProfile, c["profile"])})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, [2]string{"share", marshal(t, r)})
	}
	for _, c := range vectorCases(t, "plan") {
		p := mustParse(t, ParseProvider, c["provider"])
		r, err := PlanShare(imageOf(t, p, c["image"].(map[string]any)), accounts(c["desired"]), Options{Profile: mustParse(t, ParseProfile, c["profile"])})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, [2]string{"plan", marshal(t, r)})
	}
	for _, c := range vectorCases(t, "delete") {
		p := mustParse(t, ParseProvider, c["provider"])
		r, err := CheckDelete(imageOf(t, p, c["image"].(map[string]any)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, [2]string{"delete", marshal(t, r)})
	}
	validate(t, docs)
	r, _ := Validate(Alibaba, Name, "1abc", Options{})
	got := marshal(t, r)
	for _, want := range []string{`"field":"name"`, `"code":"BAD_START"`, `"provider":"alibaba"`, `"kind":"field"`, `"span":{"byte_start":0`} {
		if !strings.Contains(got, want) {
			t.Errorf("%s lacks %s", got, want)
		}
	}
}

// The Go constants are the library's numbers: every key the library knows has a constant, and
// each constant's key is the one its name says. A new provider, code or field fails here until
// types.go has it.
func TestConstantsAreTheLibrarys(t *testing.T) {
	check := func(what string, got []string, want []string) {
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: Go constants %v, library %v", what, got, want)
		}
	}
	str := func(vs ...interface{ String() string }) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = v.String()
		}
		return out
	}
	check("providers", str(Tencent, Alibaba, Volcengine, Aws, Gcp), ProviderKeys())
	check("operations", str(Modify, Create, Copy, Import), keysOf("operation"))
	check("fields", str(Name, Description, Family, BootMode, FieldStatus, LicenseType,
		Architecture, Platform, OsType, NvmeSupport, ImdsSupport), keysOf("field"))
	check("profiles", str(Latest, Strict), keysOf("profile"))
	check("image kinds", str(KindCustom, KindSharedIn, KindPublic, KindMarketplace, KindInstance), keysOf("image kind"))
	check("codes", str(CodeTooShort, CodeTooLong, CodeBadChar, CodeBadStart, CodeForbiddenPrefix,
		CodeForbiddenSubstring, CodeNotSupported, CodeNotOneOf, CodeBadEnd, CodeImageState, CodeImageNotOwned,
		CodeImageKind, CodeImageEncrypted, CodeImageByol, CodeImageDeprecated, CodeImageShared,
		CodeImageNotDeprecated, CodeNoAccounts, CodeTooManyInRequest, CodeOverQuota,
		CodeShareWithSelf, CodeAlreadyShared, CodeNotShared, CodeBadAccountID, CodeDuplicateAccount,
		CodeAddAndRemove, CodeMixedPermission), keysOf("code"))
	check("subjects", str(SubjectName, SubjectDescription, SubjectFamily, SubjectDeprecation,
		SubjectImage, SubjectAdd, SubjectRemove, SubjectRequest, SubjectBootMode, SubjectStatus,
		SubjectLicenseType, SubjectArchitecture, SubjectPlatform, SubjectOsType, SubjectNvmeSupport,
		SubjectImdsSupport), keysOf("subject"))
	if Code(1).String() != "TOO_SHORT" || Subject(8).String() != "boot_mode" || Field(3).String() != "boot_mode" {
		t.Error("numbers disagree with the library")
	}
}

// Errors name the argument and the byte, not the C function; unknown names list the known.
func TestErrorsNameTheArgument(t *testing.T) {
	var e *Error
	_, err := Validate(Alibaba, Name, "ab\xffc", Options{})
	if !errors.As(err, &e) || e.Arg != "value" || e.Pos != 2 || strings.Contains(err.Error(), "ipf_") {
		t.Errorf("invalid UTF-8: %v", err)
	}
	_, err = Share(Image{Provider: Tencent, Owner: "1"}, []string{"2", "3\xfe"}, nil, Options{})
	if !errors.As(err, &e) || e.Arg != "add[1]" || e.Pos != 1 || !strings.Contains(err.Error(), "add[1]") {
		t.Errorf("invalid UTF-8 in a list: %v", err)
	}
	// The known names are the library's, in its order, as ProviderKeys reads them from it.
	p, err := ParseProvider("azure")
	if p != 0 || err == nil || !strings.Contains(err.Error(), "known: "+strings.Join(ProviderKeys(), ", ")) {
		t.Errorf("ParseProvider: %v %v", p, err)
	}
	_, err = Share(Image{Provider: Alibaba, Owner: "1", State: "NORMAL"}, []string{"2"}, nil, Options{})
	if err == nil || !strings.Contains(err.Error(), "known: ") || !strings.Contains(err.Error(), "Available") {
		t.Errorf("unknown state: %v", err)
	}
	// An empty request, for every provider: refused, listing what a request may send.
	for _, p := range []Provider{Tencent, Alibaba, Volcengine, Aws, Gcp} {
		_, err = ValidateRequest(p, Request{}, Options{}, nil)
		if !errors.As(err, &e) || e.Status != StatusInvalidArgument || e.Arg != "request" ||
			!strings.Contains(err.Error(), "at least one of: Request.Name, Request.Description") ||
			!strings.Contains(err.Error(), "Request.BootMode") || !strings.Contains(err.Error(), "Request.Deprecated") {
			t.Errorf("%v: an empty request: %v", p, err)
		}
	}
}
