// Package syntax parses Power Query M documents. It is the only owner of
// tree-sitter parsers in the server: call [Parse] for a document and
// [Reparse] after edits; both return an immutable [File] whose nodes are
// plain Go data that any number of goroutines may read.
package syntax
