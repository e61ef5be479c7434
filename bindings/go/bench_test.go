package imagepreflight

import (
	"regexp"
	"strings"
	"testing"
)

// The Alibaba name rule (ModifyImageAttribute, latest) written with Go's regexp, as a console
// would without this library: 2-128 chars, a letter or Chinese character first, then letters,
// Chinese characters, digits, '.', ':', '_', '-'; no 'acs:'/'aliyun' prefix; no http(s)://.
var (
	alibabaName = regexp.MustCompile(`^[A-Za-z\p{Han}][A-Za-z0-9\p{Han}.:_-]{1,127}$`)
	httpAnyCase = regexp.MustCompile(`(?i)https?://`)
)

func regexpValid(name string) bool {
	return alibabaName.MatchString(name) && !strings.HasPrefix(name, "acs:") &&
		!strings.HasPrefix(name, "aliyun") && !httpAnyCase.MatchString(name)
}

const benchName = "ubuntu-22.04-base-000001"

// A Chinese name of 24 Han characters and a version: what a Chinese console sends (issue 17).
const benchChineseName = "杭州生产环境基础镜像每日构建版本发布测试专用镜像-v2"

func TestRegexpAgreesOnTheBenchmarkName(t *testing.T) {
	for _, v := range []string{benchName, benchChineseName, "1abc", "aliyun-x", "a http://x", strings.Repeat("中", 128), "a"} {
		r, _ := Validate(Alibaba, Name, v, Options{})
		if r.Valid != regexpValid(v) {
			t.Errorf("%q: library %v, regexp %v", v, r.Valid, regexpValid(v))
		}
	}
}

func BenchmarkValidateName(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if r, _ := Validate(Alibaba, Name, benchName, Options{}); !r.Valid {
			b.Fatal("invalid")
		}
	}
}

func BenchmarkRegexpName(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if !regexpValid(benchName) {
			b.Fatal("invalid")
		}
	}
}

func BenchmarkValidateChineseName(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if r, _ := Validate(Alibaba, Name, benchChineseName, Options{}); !r.Valid {
			b.Fatal("invalid")
		}
	}
}

func BenchmarkRegexpChineseName(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if !regexpValid(benchChineseName) {
			b.Fatal("invalid")
		}
	}
}
