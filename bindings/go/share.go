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
)

// Image is what is known of an existing image.
type Image struct {
	Provider Provider
	// Owner is the account that owns the image.
	Owner string
	// State in the provider's own spelling (NORMAL, Available, available, ...); empty means the
	// state in which sharing is allowed.
	State     string
	Kind      ImageKind
	Encrypted bool
	// CustomerKey, with Encrypted, says the key is one the customer manages (KMS) rather than
	// the provider's service key: Alibaba shares such an image and refuses one encrypted with
	// its service key.
	CustomerKey bool
	BYOL        bool
	Deprecated  bool
	// SharedWith is the accounts the image is shared with today.
	SharedWith []string
}

// handle builds the C facts of the image; the caller frees them with ipf_image_free.
func (img *Image) handle() (*C.ipf_image, error) {
	var h *C.ipf_image
	owner, n := cstr(img.Owner)
	st := C.ipf_image_new(C.uint32_t(img.Provider), owner, n, &h)
	runtime.KeepAlive(img.Owner)
	if err := statusError("Image.Owner", st, named{"Image.Owner", img.Owner}); err != nil {
		return nil, err
	}
	fail := func(op string, st C.ipf_status, texts ...named) error {
		if err := statusError(op, st, texts...); err != nil {
			C.ipf_image_free(h)
			return err
		}
		return nil
	}
	if img.State != "" {
		state, n := cstr(img.State)
		st := C.ipf_image_set_state(h, state, n)
		runtime.KeepAlive(img.State)
		if err := fail("Image.State", st, named{"Image.State", img.State}); err != nil {
			if st == C.IPF_STATUS_UNKNOWN_STATE {
				return nil, &Error{Status: Status(st), Arg: "Image.State", Pos: -1, Detail: unknownState(img)}
			}
			return nil, err
		}
	}
	if err := fail("Image.Kind", C.ipf_image_set_kind(h, C.uint32_t(img.Kind))); err != nil {
		return nil, err
	}
	if err := fail("Image flags", C.ipf_image_set_flags(h, C.bool(img.Encrypted), C.bool(img.BYOL), C.bool(img.Deprecated))); err != nil {
		return nil, err
	}
	if err := fail("Image.CustomerKey", C.ipf_image_set_customer_key(h, C.bool(img.CustomerKey))); err != nil {
		return nil, err
	}
	list := newStrList(img.SharedWith)
	st = C.ipf_image_set_shared_with(h, list.ptr(), list.count())
	list.unpin()
	runtime.KeepAlive(img.SharedWith)
	if err := fail("Image.SharedWith", st, listed("Image.SharedWith", img.SharedWith)...); err != nil {
		return nil, err
	}
	return h, nil
}

// unknownState says which states the image's provider knows, from the rule tables.
func unknownState(img *Image) string {
	known := []string{}
	if rules, err := Rules(img.Provider, Latest); err == nil {
		if p, ok := rules[img.Provider.String()].(map[string]any); ok {
			if share, ok := p["share"].(map[string]any); ok {
				if states, ok := share["states"].([]any); ok {
					for _, st := range states {
						if m, ok := st.(map[string]any); ok {
							known = append(known, fmt.Sprint(m["name"]))
						}
					}
				}
			}
		}
	}
	return fmt.Sprintf("unknown image state %q for %s; known: %s", img.State, img.Provider, strings.Join(known, ", "))
}

func sharedWith(h *C.ipf_image) []string {
	var n C.size_t
	C.ipf_image_shared_with_count(h, &n)
	out := make([]string, 0, int(n))
	for i := C.size_t(0); i < n; i++ {
		var s C.ipf_str
		if C.ipf_image_shared_with_at(h, i, &s) == C.IPF_STATUS_OK {
			out = append(out, goString(s))
		}
	}
	return out
}

// ShareResult is the answer to one share request.
type ShareResult struct {
	Valid      bool
	Violations []Violation
	// SharedWith is the set after the request (sorted), or as it was when refused.
	SharedWith []string
	// Request is the request in the provider's own parameter names (Tencent
	// {"Permission": "SHARE", "AccountIds": [...]}, Alibaba {"AddAccount": [...], ...}).
	Request map[string]any
	asked   asked
}

// Err is nil when the request is valid and a *ValidationError otherwise.
func (r ShareResult) Err() error {
	if r.Valid {
		return nil
	}
	return &ValidationError{Violations: r.Violations}
}

// Share judges one ModifyImageSharePermission request against the image: add and remove are
// the provider's two lists (Tencent: add is Permission=SHARE, remove is CANCEL; a Tencent
// request with both is refused). The image itself is not changed.
func Share(img Image, add, remove []string, o Options) (ShareResult, error) {
	h, err := img.handle()
	if err != nil {
		return ShareResult{}, err
	}
	defer C.ipf_image_free(h)
	report, err := newReportHandle()
	if err != nil {
		return ShareResult{}, err
	}
	defer C.ipf_report_free(report)
	adds, removes := newStrList(add), newStrList(remove)
	var outcome C.ipf_outcome
	st := C.ipf_share_apply(h, C.uint32_t(o.Profile), adds.ptr(), adds.count(), removes.ptr(), removes.count(), &outcome, report)
	adds.unpin()
	removes.unpin()
	runtime.KeepAlive(add)
	runtime.KeepAlive(remove)
	if err := statusError("share", st, append(listed("add", add), listed("remove", remove)...)...); err != nil {
		return ShareResult{}, err
	}
	a, err := answer(report, o.Lang)
	if err != nil {
		return ShareResult{}, err
	}
	r := a.report()
	return ShareResult{Valid: r.Valid, Violations: r.Violations, SharedWith: sharedWith(h), Request: a.Request, asked: a.asked}, nil
}

// PlanRequest is one planned request: its two lists, and the request in the provider's own
// parameter names (Tencent {"Permission": "CANCEL", "AccountIds": [...]}, Alibaba
// {"AddAccount": [...], "RemoveAccount": [...]}, Volcengine {"AddAccounts": ...}).
type PlanRequest struct {
	Add        []string
	Remove     []string
	Parameters map[string]any
}

// PlanResult is the answer to a share plan.
type PlanResult struct {
	Valid      bool
	Violations []Violation
	Requests   []PlanRequest
	// SharedWith is the image's share set today, the plan's start.
	SharedWith []string
	asked      asked
}

// Err is nil when the plan is possible and a *ValidationError otherwise.
func (r PlanResult) Err() error {
	if r.Valid {
		return nil
	}
	return &ValidationError{Violations: r.Violations}
}

// PlanShare returns the shortest list of requests that turns the image's share set into
// desired, each within the provider's limits, removals first; it is refused (Valid false) when
// desired is over the per-image limit or the image cannot be shared.
func PlanShare(img Image, desired []string, o Options) (PlanResult, error) {
	h, err := img.handle()
	if err != nil {
		return PlanResult{}, err
	}
	defer C.ipf_image_free(h)
	report, err := newReportHandle()
	if err != nil {
		return PlanResult{}, err
	}
	defer C.ipf_report_free(report)
	list := newStrList(desired)
	var plan *C.ipf_plan
	var outcome C.ipf_outcome
	st := C.ipf_share_plan(h, C.uint32_t(o.Profile), list.ptr(), list.count(), &plan, &outcome, report)
	list.unpin()
	runtime.KeepAlive(desired)
	if err := statusError("desired", st, listed("desired", desired)...); err != nil {
		return PlanResult{}, err
	}
	defer C.ipf_plan_free(plan)
	a, err := answer(report, o.Lang)
	if err != nil {
		return PlanResult{}, err
	}
	r := a.report()
	text, err := copyText("plan", func(buf *C.char, n C.size_t, out *C.size_t) C.ipf_status {
		return C.ipf_plan_to_json(plan, buf, n, out)
	})
	if err != nil {
		return PlanResult{}, err
	}
	var params []map[string]any
	if err := json.Unmarshal(text, &params); err != nil {
		return PlanResult{}, fmt.Errorf("imagepreflight: reading a plan: %w", err)
	}
	var count C.size_t
	C.ipf_plan_request_count(plan, &count)
	requests := make([]PlanRequest, int(count))
	for i := range requests {
		requests[i] = PlanRequest{
			Add:        planList(plan, C.size_t(i), C.IPF_LIST_ADD),
			Remove:     planList(plan, C.size_t(i), C.IPF_LIST_REMOVE),
			Parameters: params[i],
		}
	}
	return PlanResult{Valid: r.Valid, Violations: r.Violations, Requests: requests, SharedWith: orEmpty(a.SharedWith), asked: a.asked}, nil
}

func planList(plan *C.ipf_plan, request C.size_t, list C.ipf_list) []string {
	var n C.size_t
	C.ipf_plan_list_count(plan, request, C.uint32_t(list), &n)
	out := make([]string, 0, int(n))
	for j := C.size_t(0); j < n; j++ {
		var s C.ipf_str
		if C.ipf_plan_account(plan, request, C.uint32_t(list), j, &s) == C.IPF_STATUS_OK {
			out = append(out, goString(s))
		}
	}
	return out
}

// CheckDelete judges deleting the image: Volcengine refuses while it is shared with anyone.
func CheckDelete(img Image, o Options) (Report, error) {
	h, err := img.handle()
	if err != nil {
		return Report{}, err
	}
	defer C.ipf_image_free(h)
	report, err := newReportHandle()
	if err != nil {
		return Report{}, err
	}
	defer C.ipf_report_free(report)
	var outcome C.ipf_outcome
	if err := statusError("image", C.ipf_check_delete(h, &outcome, report)); err != nil {
		return Report{}, err
	}
	return details(report, o.Lang)
}

// AllProviders asks RulesJSON for every provider.
const AllProviders Provider = 0xFFFFFFFF

// RulesJSON is the rule tables as JSON ({provider: {operation: {field: {...}}, "share": ...}}),
// as `image-preflight rules --format json` prints them, for p or AllProviders.
func RulesJSON(p Provider, profile Profile) ([]byte, error) {
	return copyText("ipf_rules_json", func(buf *C.char, n C.size_t, out *C.size_t) C.ipf_status {
		return C.ipf_rules_json(C.uint32_t(p), C.uint32_t(profile), buf, n, out)
	})
}

// Rules is RulesJSON decoded.
func Rules(p Provider, profile Profile) (map[string]any, error) {
	text, err := RulesJSON(p, profile)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	if err := json.Unmarshal(text, &out); err != nil {
		return nil, fmt.Errorf("imagepreflight: reading the rules: %w", err)
	}
	return out, nil
}

// Version is the library's version, "MAJOR.MINOR.PATCH".
func Version() string {
	var s C.ipf_str
	C.ipf_version(&s)
	return goString(s)
}
