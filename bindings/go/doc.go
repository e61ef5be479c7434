// Package imagepreflight tells, before any network call, whether Tencent Cloud CVM, Alibaba
// Cloud ECS or Volcengine ECS will accept a custom image's name, description and image family,
// and whether a share-permission change is legal from the image's current state. Every answer
// carries the provider's own error code, a message in English or Chinese, and where in the text
// the fault lies.
//
// The package calls the image_preflight C library through cgo, found with pkg-config
// (image_preflight.pc): install the library first (the Debian packages, or scripts/install.sh
// from the repository). It links the shared library, libimage_preflight.so.0, by default;
// build with -tags image_preflight_static to link the static library into the program instead.
// README.md in this folder says more.
//
// Checking a value:
//
//	r, err := imagepreflight.Validate(imagepreflight.Alibaba, imagepreflight.Name, "1abc", imagepreflight.Options{})
//	// err is for input the library refuses (invalid UTF-8, unknown provider): an *Error
//	// r.Valid == false, r.Violations[0].ProviderCode == "InvalidImageName.Malformed"
//	var ve *imagepreflight.ValidationError
//	if errors.As(r.Err(), &ve) { ... ve.Violations ... }
package imagepreflight
