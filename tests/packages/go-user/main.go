// A user's Go program, built by scripts/test-packages.sh against a copy of bindings/go alone
// (as `go get` fetches the module) and an installed C library found by pkg-config.
package main

import (
	"errors"
	"fmt"
	"os"

	ipf "github.com/image-preflight/image-preflight/bindings/go"
)

func main() {
	r, err := ipf.Validate(ipf.Alibaba, ipf.Name, "1abc", ipf.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "user: Validate:", err)
		os.Exit(1)
	}
	var ve *ipf.ValidationError
	if r.Valid || !errors.As(r.Err(), &ve) || ve.Violations[0].ProviderCode != "InvalidImageName.Malformed" {
		fmt.Fprintf(os.Stderr, "user: 1abc should be refused with InvalidImageName.Malformed: %+v\n", r)
		os.Exit(1)
	}
	ok, err := ipf.Validate(ipf.Alibaba, ipf.Name, "web-base.v1", ipf.Options{})
	if err != nil || !ok.Valid {
		fmt.Fprintln(os.Stderr, "user: web-base.v1 should be valid:", err)
		os.Exit(1)
	}
	fmt.Println("user: ok,", ve.Violations[0].ProviderCode)
}
