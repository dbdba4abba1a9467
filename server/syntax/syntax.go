// Package syntax parses Power Query M documents. It is the only owner of
// tree-sitter parsers in the server: call [Parse] for a document and
// [Reparse] after edits; both return an immutable [File] whose nodes are
// plain Go data that any number of goroutines may read.
//
// A section document is parsed member by member (split.go): a mistake in
// one member leaves the others intact, an edit reparses only the members it
// touches, and a large document is parsed on several cores. A valid
// document gets the tree that parsing it in one piece gives.
//
// File.Errors holds the syntax errors, with messages that say what was
// expected (errors.go); File.Warnings what M's parsers accept but the
// specification does not (check.go).
package syntax
