//go:build image_preflight_static

package imagepreflight

// With -tags image_preflight_static the package links libimage_preflight.a, through
// pkg-config's image_preflight-static.pc, into the Go program, which then needs no
// libimage_preflight.so at run time.

/*
#cgo pkg-config: image_preflight-static
*/
import "C"
