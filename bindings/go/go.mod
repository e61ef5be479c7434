module github.com/image-preflight/image-preflight/bindings/go

go 1.21
