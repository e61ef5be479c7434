package imagepreflight

/*
// The C library and its header come from an installed image_preflight, found by pkg-config
// (link_dynamic.go, link_static.go).
#include <stdlib.h>
#include <image_preflight.h>

// This package is written against the 0.3 C ABI: refuse any other header at build time
// rather than misread the library at run time.
#if IPF_VERSION_MAJOR != 0 || IPF_VERSION_MINOR != 3
#error "this Go package needs image_preflight 0.3.x: install the matching C library (see README.md)"
#endif
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// empty is the address handed to C for an empty string: the C ABI takes no NULL text, and an
// empty Go string may have no data pointer at all.
var empty = [1]byte{}

// cstr points C at a Go string's bytes without copying them. The caller keeps s alive until
// the C call returns (runtime.KeepAlive), and C never keeps the pointer.
func cstr(s string) (*C.char, C.size_t) {
	if len(s) == 0 {
		return (*C.char)(unsafe.Pointer(&empty[0])), 0
	}
	return (*C.char)(unsafe.Pointer(unsafe.StringData(s))), C.size_t(len(s))
}

// strList is an array of ipf_str over Go strings, for one C call. The strings' bytes are
// pinned instead of copied: cgo lets Go memory handed to C hold Go pointers only when they are
// pinned. Call unpin when the C call has returned.
type strList struct {
	items  []C.ipf_str
	pinner runtime.Pinner
}

func newStrList(values []string) *strList {
	l := &strList{items: make([]C.ipf_str, len(values))}
	for i, v := range values {
		if len(v) == 0 {
			l.items[i] = C.ipf_str{data: (*C.char)(unsafe.Pointer(&empty[0])), len: 0}
			continue
		}
		p := unsafe.StringData(v)
		l.pinner.Pin(p)
		l.items[i] = C.ipf_str{data: (*C.char)(unsafe.Pointer(p)), len: C.size_t(len(v))}
	}
	return l
}

func (l *strList) ptr() *C.ipf_str {
	if len(l.items) == 0 {
		return nil
	}
	return &l.items[0]
}

func (l *strList) count() C.size_t { return C.size_t(len(l.items)) }

func (l *strList) unpin() { l.pinner.Unpin() }

// goString copies an ipf_str the library owns into a Go string.
func goString(s C.ipf_str) string {
	if s.data == nil || s.len == 0 {
		return ""
	}
	return C.GoStringN(s.data, C.int(s.len))
}

// copyText runs an ipf_*_to_json-style call into a buffer, growing it once when the text
// does not fit.
func copyText(op string, fill func(buf *C.char, n C.size_t, out *C.size_t) C.ipf_status) ([]byte, error) {
	buf := make([]byte, 4096)
	var n C.size_t
	st := fill((*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), &n)
	if st == C.IPF_STATUS_BUFFER_TOO_SMALL {
		buf = make([]byte, int(n)+1)
		st = fill((*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), &n)
	}
	if err := statusError(op, st); err != nil {
		return nil, err
	}
	return buf[:int(n)], nil
}
