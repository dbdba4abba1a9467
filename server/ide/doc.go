// Package ide implements pqcert's M language features for editors: hover,
// completion, signature help, definition, references, document highlight,
// rename, document and workspace symbols, folding and selection ranges,
// semantic tokens, inlay hints and formatting.
//
// Every feature reads a [Snapshot]: the connector's files as the editor has
// them now, and the last [model.Model] built for the connector, which may be
// older than the files while the user types. Features that answer at one
// position while the user types (hover, completion, signature help,
// definition) resolve names directly on the current syntax trees, so they
// never wait for a model; features over whole files (references, rename,
// highlights, semantic tokens) use a name resolution of the current files
// ([Snapshot.Info]), which is the model's when the model is current.
//
// The package works in byte offsets and plain structs, as the rest of
// pqcert below the protocol edge does; package lsp converts its results to
// LSP types (UTF-16 positions). It never imports go.lsp.dev.
package ide
