package syntax

//go:generate go run ./internal/genkinds ../../grammar/src/node-types.json kinds_gen.go
