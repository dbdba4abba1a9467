// Command tsparse parses M files with the bare tree-sitter grammar and
// reports syntax errors in the format of `pqcert parse`, so that the oracle
// check can run before (or without) the pqcert command. It applies no
// post-parse checks: reserved words used as identifiers and non-literal
// attribute values pass here and are rejected only by `pqcert parse`.
//
// Usage: tsparse [parse] [--stats] PATH...
//
// The optional `parse` makes it a drop-in for `pqcert` where the oracle
// takes a binary ($PQCERT_BIN).
//
// Each file with an ERROR or MISSING node gets one line
// `path:line:col: message` (1-based line, 1-based byte column). The exit
// status is 0 when every file parsed cleanly, 1 when some did not and 2 on
// bad usage or an unreadable file.
package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"time"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pqcert/pqcert/grammar"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	stats := false
	var paths []string
	if len(args) > 0 && args[0] == "parse" {
		args = args[1:]
	}
	for _, a := range args {
		switch {
		case a == "--stats":
			stats = true
		case len(a) > 1 && a[0] == '-':
			fmt.Fprintf(os.Stderr, "tsparse: unknown flag %s\nusage: tsparse [parse] [--stats] PATH...\n", a)
			return 2
		default:
			paths = append(paths, a)
		}
	}
	if len(paths) == 0 {
		fmt.Fprintln(os.Stderr, "usage: tsparse [parse] [--stats] PATH...")
		return 2
	}

	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	parser := sitter.NewParser()
	parser.SetLanguage(grammar.Language())

	var bytes, ok, failed int
	var parseTime time.Duration
	status := 0
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "tsparse: %v\n", err)
			return 2
		}
		start := time.Now()
		tree, err := parser.ParseCtx(context.Background(), nil, src)
		parseTime += time.Since(start)
		if err != nil {
			fmt.Fprintf(os.Stderr, "tsparse: %s: %v\n", path, err)
			return 2
		}
		bytes += len(src)
		root := tree.RootNode()
		if root.HasError() {
			failed++
			status = 1
			line, col, msg := firstError(root)
			fmt.Fprintf(out, "%s:%d:%d: %s\n", path, line, col, msg)
		} else {
			ok++
		}
		tree.Close()
	}
	if stats {
		fmt.Fprintf(out, "files=%d ok=%d failed=%d bytes=%d seconds=%.6f\n",
			len(paths), ok, failed, bytes, parseTime.Seconds())
	}
	return status
}

// firstError finds the first ERROR or MISSING node in document order.
func firstError(root *sitter.Node) (line, col int, msg string) {
	c := sitter.NewTreeCursor(root)
	defer c.Close()
	for {
		n := c.CurrentNode()
		if n.IsError() || n.IsMissing() {
			p := n.StartPoint()
			if n.IsMissing() {
				return int(p.Row) + 1, int(p.Column) + 1, fmt.Sprintf("missing %s", n.Type())
			}
			return int(p.Row) + 1, int(p.Column) + 1, "syntax error"
		}
		// Descend only into subtrees that hold an error.
		if n.HasError() && c.GoToFirstChild() {
			continue
		}
		for !c.GoToNextSibling() {
			if !c.GoToParent() {
				// HasError was set but no node is marked: report the root.
				p := root.StartPoint()
				return int(p.Row) + 1, int(p.Column) + 1, "syntax error"
			}
		}
	}
}
