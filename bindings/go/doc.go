// Package imagepreflight tells, before any network call, whether Tencent Cloud CVM, Alibaba
// Cloud ECS or Volcengine ECS will accept a custom image's name, description and image family,
// and whether a share-permission change is legal from the image's current state. Every answer
// carries the provider's own error code, a message in English or Chinese, and where in the text
// the fault lies.
//
// The package links the image-preflight Rust library statically through cgo, so a Go program
// ships without a runtime .so. Build the library first, then the package:
//
//	bash bindings/go/build.sh        # cargo build --release, then go vet and go build
//
// Checking a value:
//
//	r, err := imagepreflight.Validate(imagepreflight.Alibaba, imagepreflight.Name, "1abc", imagepreflight.Options{})
//	// err is for input the library refuses (invalid UTF-8, unknown provider): an *Error
//	// r.Valid == false, r.Violations[0].ProviderCode == "InvalidImageName.Malformed"
//	var ve *imagepreflight.ValidationError
//	if errors.As(r.Err(), &ve) { ... ve.Violations ... }
package imagepreflight
