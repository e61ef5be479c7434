package imagepreflight

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestTheIssueExample(t *testing.T) {
	r, err := Validate(Alibaba, Name, "1abc", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Valid || len(r.Violations) != 1 {
		t.Fatalf("%+v", r)
	}
	v := r.Violations[0]
	if v.Code != CodeBadStart || v.ProviderCode != "InvalidImageName.Malformed" || v.HTTPStatus != 400 ||
		v.Span.CharStart != 0 || v.Span.CharEnd != 1 || v.Field != SubjectName || v.Found != "1" {
		t.Errorf("%+v", v)
	}
	var ve *ValidationError
	if !errors.As(r.Err(), &ve) || ve.Violations[0].Code != CodeBadStart {
		t.Errorf("Err() = %v", r.Err())
	}
	if !strings.Contains(r.Err().Error(), "InvalidImageName.Malformed") {
		t.Error(r.Err())
	}
}

func TestChineseMessagesAndCounts(t *testing.T) {
	r, _ := Validate(Alibaba, Name, strings.Repeat("中", 129), Options{Lang: Chinese})
	v := r.Violations[0]
	if v.Code != CodeTooLong || *v.Limit != 128 || *v.Actual != 129 || v.Message != "镜像名称长度为 129 个字符，最多允许 128 个。" {
		t.Errorf("%+v", v)
	}
	ok, _ := Validate(Tencent, Name, "😀", Options{})
	if c, has := ok.Counts(Name); !has || c != (Counts{Bytes: 4, Chars: 1, UTF16: 2, Graphemes: 1}) {
		t.Errorf("%+v %v", c, has)
	}
	if ok.Err() != nil {
		t.Error(ok.Err())
	}
}

func TestBadInputIsAnError(t *testing.T) {
	var e *Error
	_, err := Validate(Alibaba, Name, "ab\xff", Options{})
	if !errors.As(err, &e) || e.Status != StatusInvalidUTF8 {
		t.Errorf("invalid UTF-8: %v", err)
	}
	_, err = Validate(Alibaba, Name, strings.Repeat("a", 5<<20), Options{})
	if !errors.As(err, &e) || e.Status != StatusTooLarge {
		t.Errorf("huge: %v", err)
	}
	_, err = Validate(Provider(9), Name, "x", Options{})
	if !errors.As(err, &e) || e.Status != StatusUnknownProvider {
		t.Errorf("unknown provider: %v", err)
	}
	_, err = Validate(Alibaba, Field(11), "x", Options{})
	if !errors.As(err, &e) || e.Status != StatusUnknownValue {
		t.Errorf("unknown field: %v", err)
	}
	if _, err := ParseProvider("azure"); !errors.As(err, &e) || e.Status != StatusUnknownProvider || !strings.Contains(err.Error(), `"azure"`) {
		t.Errorf("ParseProvider: %v", err)
	}
	_, err = Share(Image{Provider: Alibaba, Owner: "1", State: "NORMAL"}, []string{"2"}, nil, Options{})
	if !errors.As(err, &e) || e.Status != StatusUnknownState {
		t.Errorf("unknown state: %v", err)
	}
	_, err = Share(Image{Provider: Alibaba, Owner: "1"}, []string{"2\xff"}, nil, Options{})
	if !errors.As(err, &e) || e.Status != StatusInvalidUTF8 {
		t.Errorf("account: %v", err)
	}
	// A megabyte is answered, a NUL is a violation, an empty value is a value.
	r, err := Validate(Alibaba, Name, strings.Repeat("a", 1<<20), Options{})
	if err != nil || *r.Violations[0].Actual != 1<<20 {
		t.Errorf("megabyte: %v %v", r, err)
	}
	r, _ = Validate(Tencent, Name, "a\x00b", Options{})
	if r.Valid || r.Violations[0].Code != CodeBadChar {
		t.Errorf("NUL: %+v", r)
	}
	r, _ = Validate(Volcengine, Name, "", Options{Operation: Create})
	if r.Valid || r.Violations[0].Code != CodeTooShort {
		t.Errorf("empty: %+v", r)
	}
}

func TestShareAndPlan(t *testing.T) {
	img := Image{Provider: Alibaba, Owner: "1234567890123456", SharedWith: []string{"7"}}
	add := make([]string, 11)
	for i := range add {
		add[i] = fmt.Sprint(5000000000000000 + i)
	}
	r, err := Share(img, add, nil, Options{})
	if err != nil || r.Valid || r.Violations[0].Code != CodeTooManyInRequest || len(r.SharedWith) != 1 {
		t.Fatalf("%+v %v", r, err)
	}
	var ve *ValidationError
	if !errors.As(r.Err(), &ve) {
		t.Error(r.Err())
	}
	plan, err := PlanShare(Image{Provider: Tencent, Owner: "1", SharedWith: []string{"2", "3"}}, []string{"3", "4"}, Options{})
	if err != nil || !plan.Valid || len(plan.Requests) != 2 || plan.Requests[0].Parameters["Permission"] != "CANCEL" {
		t.Fatalf("%+v %v", plan, err)
	}
	rules, err := Rules(AllProviders, Latest)
	if err != nil || len(rules) < 3 {
		t.Fatalf("%v %v", len(rules), err)
	}
	// Every provider of the export is one the binding parses: the list is the library's.
	for key := range rules {
		if p, err := ParseProvider(key); err != nil || p.String() != key {
			t.Errorf("%s: %v %v", key, p, err)
		}
	}
	strict, _ := Rules(Tencent, Strict)
	name := strict["tencent"].(map[string]any)["modify"].(map[string]any)["name"].(map[string]any)
	if name["maxlength"].(float64) != 20 {
		t.Error(name)
	}
	if Version() == "" || Alibaba.String() != "alibaba" || CodeOverQuota.String() != "OVER_QUOTA" {
		t.Error("names")
	}
}

// 64 goroutines validating at once get exactly the answers one goroutine gets.
func TestManyGoroutines(t *testing.T) {
	values := []string{"web-base", "1web", "中文 名", "aliyun", strings.Repeat("a", 200), "ok.name:v1"}
	want := make([][]Violation, len(values))
	for i, v := range values {
		r, err := Validate(Alibaba, Name, v, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = r.Violations
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for round := 0; round < 200; round++ {
				i := (g + round) % len(values)
				r, err := Validate(Alibaba, Name, values[i], Options{})
				if err != nil || fmt.Sprint(r.Violations) != fmt.Sprint(want[i]) {
					errs <- fmt.Sprintf("goroutine %d: %q: %v %v", g, values[i], r.Violations, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// The Go rows of the bad-input matrix (docs/bad-input.md) not covered above.
func TestTheOneSizeLimit(t *testing.T) {
	if MaxTextBytes != 4<<20 {
		t.Fatalf("MaxTextBytes %d", MaxTextBytes)
	}
	// At the limit answered; one byte past it refused, counted in UTF-8 bytes (3 a Han char).
	r, err := Validate(Alibaba, Description, strings.Repeat("a", MaxTextBytes), Options{})
	if err != nil || r.Valid || r.Violations[0].Code != CodeTooLong {
		t.Errorf("at the limit: %v", err)
	}
	var e *Error
	for _, big := range []string{strings.Repeat("a", MaxTextBytes+1), strings.Repeat("中", MaxTextBytes/3+1)} {
		_, err = Validate(Alibaba, Description, big, Options{})
		if !errors.As(err, &e) || e.Status != StatusTooLarge {
			t.Errorf("past the limit: %v", err)
		}
	}
}

func TestBadInputMatrixRows(t *testing.T) {
	var e *Error
	_, err := Validate(Alibaba, Name, strings.Repeat("a", 100<<20), Options{})
	if !errors.As(err, &e) || e.Status != StatusTooLarge {
		t.Errorf("100 MB: %v", err)
	}
	many := make([]string, 100_000)
	for i := range many {
		many[i] = fmt.Sprint(5000000000000000 + i)
	}
	r, err := Share(Image{Provider: Alibaba, Owner: "1234567890123456"}, many, nil, Options{})
	if err != nil || len(r.Violations) != 2 || r.Violations[0].Code != CodeTooManyInRequest || r.Violations[1].Code != CodeOverQuota {
		t.Errorf("100,000 accounts: %v %v", r.Violations, err)
	}
	p, err := PlanShare(Image{Provider: Tencent, Owner: "100000000001"}, many, Options{})
	if err != nil || p.Valid || *p.Violations[0].Actual != 100_000 {
		t.Errorf("100,000 desired: %v %v", p.Violations, err)
	}
	v, _ := Validate(Alibaba, Name, "ab\u202ecd", Options{})
	if v.Valid || !strings.Contains(v.Violations[0].Message, "U+202E") {
		t.Errorf("bidi: %+v", v)
	}
	if v, _ := Validate(Tencent, Name, "ab\u200bcd", Options{}); !v.Valid {
		t.Errorf("zero-width in a Tencent name: %+v", v)
	}
}

// Every field the library knows is a member of Request, sent once: a field appended to the
// library's table fails here until Request has it.
func TestRequestSendsEveryField(t *testing.T) {
	sent := map[string]int{}
	for _, f := range (Request{}).fields() {
		sent[f.field.String()]++
	}
	for _, k := range keysOf("field") {
		if sent[k] != 1 {
			t.Errorf("field %q is a member of Request %d times", k, sent[k])
		}
		delete(sent, k)
	}
	if len(sent) != 0 {
		t.Errorf("members the library does not know: %v", sent)
	}
}

// The fields after 0.2's ipf_attributes reach the library, and bad text in them is named.
func TestRequestFieldsPastTheOldStruct(t *testing.T) {
	arm, bios := "arm64", "BIOS"
	r, err := ValidateRequest(Alibaba, Request{Architecture: &arm, BootMode: &bios}, Options{Operation: Import}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Valid || len(r.Violations) != 1 || r.Violations[0].Field != SubjectBootMode {
		t.Fatalf("%+v", r)
	}
	bad := "Ubu\xffntu"
	_, err = ValidateRequest(Alibaba, Request{Platform: &bad}, Options{Operation: Import}, nil)
	var e *Error
	if !errors.As(err, &e) || e.Status != StatusInvalidUTF8 || e.Arg != "Request.Platform" || e.Pos != 3 {
		t.Errorf("%#v", err)
	}
}

// Alibaba's Status field is FieldStatus (docs/faces.md); ImageStatus stays as its deprecated
// alias, so code written against 0.2 still builds and means the same field.
func TestFieldStatusKeepsItsFirstName(t *testing.T) {
	if ImageStatus != FieldStatus || FieldStatus.String() != "status" {
		t.Fatalf("ImageStatus %v, FieldStatus %v", ImageStatus, FieldStatus)
	}
	r, err := Validate(Alibaba, FieldStatus, "Gone", Options{})
	if err != nil || r.Valid || r.Violations[0].Code != CodeNotOneOf {
		t.Fatalf("%+v %v", r, err)
	}
}

// Image.CustomerKey reaches the core: Alibaba shares an image encrypted with a customer key
// and refuses one encrypted with its service key, with HTTP 403.
func TestCustomerKeyDecidesAlibabaEncryptedShares(t *testing.T) {
	img := Image{Provider: Alibaba, Owner: "1234567890123456", Encrypted: true}
	r, err := Share(img, []string{"200000000001"}, nil, Options{})
	if err != nil || r.Valid || r.Violations[0].HTTPStatus != 403 {
		t.Fatalf("service key: %+v %v", r, err)
	}
	img.CustomerKey = true
	r, err = Share(img, []string{"200000000001"}, nil, Options{})
	if err != nil || !r.Valid {
		t.Fatalf("customer key: %+v %v", r, err)
	}
}

// The rule export carries the rules between two fields (Alibaba ImportImage: arm64 takes
// only UEFI).
func TestRulesExportTheCrossFieldRules(t *testing.T) {
	rules, err := Rules(Alibaba, Latest)
	if err != nil {
		t.Fatal(err)
	}
	cross := rules["alibaba"].(map[string]any)["cross"].([]any)
	arm := cross[0].(map[string]any)
	if len(cross) != 1 || arm["when"] != "architecture" || arm["then"] != "boot_mode" || arm["must_be"].([]any)[0] != "UEFI" {
		t.Fatalf("%v", cross)
	}
}
