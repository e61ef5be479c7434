//go:build !image_preflight_static

package imagepreflight

// By default the package links the shared library, libimage_preflight.so.0, found through
// pkg-config's image_preflight.pc; the program then needs it at run time (installed in a
// directory the dynamic linker searches, or named by LD_LIBRARY_PATH or an rpath).
// Build with -tags image_preflight_static to link the static library instead.

/*
#cgo pkg-config: image_preflight
*/
import "C"
