package main

// This file defines `pqcert parse`: syntax errors of M files, optionally
// their trees and a statistics line.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/syntax"
)

func init() {
	register(&command{
		name:    "parse",
		usage:   "parse [--sexp] [--stats] PATH...",
		summary: "print the syntax errors of M files (.pq, .pqm, .m; folders are searched recursively)",
		run:     runParse,
	})
}

// mExtensions are the file name extensions of M source files, lower case.
var mExtensions = map[string]bool{".pq": true, ".pqm": true, ".m": true}

// parseResult is what parsing one file prints and counts.
type parseResult struct {
	out        []byte // error lines and, with --sexp, the tree
	bytes      int
	failed     bool // syntax errors
	unreadable bool
	err        error // why the file is unreadable
}

func runParse(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := newFlagSet("parse", stderr)
	sexp := fset.Bool("sexp", false, "print each file's syntax tree as an S-expression")
	stats := fset.Bool("stats", false, "print a last line files=N ok=M failed=K bytes=B seconds=S")
	paths, err := parseArgs(fset, args)
	if err != nil {
		return exitUsage
	}
	if len(paths) == 0 {
		fset.Usage()
		return exitUsage
	}
	start := time.Now()
	status := exitOK
	files, walkErrs := collectFiles(paths)
	for _, err := range walkErrs {
		fmt.Fprintf(stderr, "pqcert parse: %v\n", err)
		status = exitUsage
	}

	results := parseFiles(ctx, files, *sexp, func(path string, r *parseResult) {
		if r.unreadable {
			fmt.Fprintf(stderr, "pqcert parse: %v\n", r.err)
			return
		}
		stdout.Write(r.out)
	})
	var ok, failed, total int
	for _, r := range results {
		total += r.bytes
		switch {
		case r.unreadable:
			failed++
			status = exitUsage
		case r.failed:
			failed++
			if status == exitOK {
				status = exitFindings
			}
		default:
			ok++
		}
	}
	if err := ctx.Err(); err != nil {
		fmt.Fprintf(stderr, "pqcert parse: %v\n", err)
		return exitUsage
	}
	if *stats {
		fmt.Fprintf(stdout, "files=%d ok=%d failed=%d bytes=%d seconds=%.3f\n",
			len(files), ok, failed, total, time.Since(start).Seconds())
	}
	return status
}

// collectFiles expands the paths: a file stands for itself whatever its
// name, a folder for the M files below it (hidden folders skipped), in
// lexical order. A file named twice is parsed once.
func collectFiles(paths []string) (files []string, errs []error) {
	seen := map[string]bool{}
	add := func(p string) {
		key := filepath.Clean(p)
		if !seen[key] {
			seen[key] = true
			files = append(files, p)
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !info.IsDir() {
			add(root)
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, err)
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != root && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if mExtensions[strings.ToLower(filepath.Ext(p))] {
				add(p)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	return files, errs
}

// parseFiles parses files on every CPU and calls emit for each in the order
// of files, as soon as it and all before it are done. Workers run at most a
// few files ahead of emit, so memory stays bounded by the largest outputs.
func parseFiles(ctx context.Context, files []string, sexp bool, emit func(string, *parseResult)) []*parseResult {
	results := make([]*parseResult, len(files))
	done := make([]chan struct{}, len(files))
	for i := range done {
		done[i] = make(chan struct{})
	}
	workers := min(runtime.GOMAXPROCS(0), len(files))
	ahead := make(chan struct{}, 2*workers+1) // files started but not yet emitted
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				ahead <- struct{}{}
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					<-ahead
					return
				}
				if ctx.Err() != nil {
					results[i] = &parseResult{unreadable: true, err: fmt.Errorf("%s: %w", files[i], ctx.Err())}
				} else {
					results[i] = parseOne(files[i], sexp)
				}
				close(done[i])
			}
		}()
	}
	for i := range files {
		<-done[i]
		emit(files[i], results[i])
		results[i].out = nil
		<-ahead
	}
	wg.Wait()
	return results
}

// parseOne reads, decodes and parses one file and renders its output.
func parseOne(path string, sexp bool) *parseResult {
	raw, err := os.ReadFile(path)
	if err != nil {
		return &parseResult{unreadable: true, err: err}
	}
	text, _, err := document.Decode(raw)
	if err != nil {
		return &parseResult{unreadable: true, bytes: len(raw), err: fmt.Errorf("%s: %w", path, err)}
	}
	doc := document.New(fileURI(path), 1, text)
	file := syntax.Parse(doc, syntax.Once)
	r := &parseResult{bytes: len(raw), failed: file.HasErrors()}
	var b bytes.Buffer
	m := doc.Mapper()
	for _, e := range file.Errors {
		line, col := m.LineCol(e.Span.Start)
		fmt.Fprintf(&b, "%s:%d:%d: %s\n", path, line, col, e.Msg)
	}
	if sexp {
		b.WriteString(path + ": ")
		file.Root().WriteSExpr(&b)
		b.WriteByte('\n')
	}
	r.out = b.Bytes()
	return r
}

// fileURI returns a file: URI for path, for the Document's name.
func fileURI(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return "file://" + filepath.ToSlash(abs)
}
