// This file defines `check --fix`: applying safe fixes in rounds and
// writing the changed files back atomically in their own encoding.

package check

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
	"github.com/pqcert/pqcert/server/workspace"
)

// maxFixRounds bounds how often RunFix re-checks and fixes again: a fix may
// make another one possible (a resx key added, then its value), but fixes
// that keep undoing each other must not loop.
const maxFixRounds = 3

// FixReport says what RunFix changed.
type FixReport struct {
	// Fixed is the number of findings whose safe fix was applied.
	Fixed int
	// Files are the files written, created ones included, sorted.
	Files []string
	// Errors are files that could not be written, and fixes left out
	// because they would have broken the syntax of a file.
	Errors []error
}

// RunFix checks the connectors at or under paths, applies the safe fixes
// (the first safe fix of each finding) and writes the changed files, in
// rounds until no safe fix applies (at most three). It returns the check of
// the fixed files: the findings that remain.
func RunFix(paths []string, opts Options) (*Result, *FixReport) {
	rep := &FixReport{}
	written := map[string]bool{}
	// Fixes that failed once are not tried again in later rounds.
	refused := map[string]bool{}
	res := Run(paths, opts)
	for round := 0; round < maxFixRounds; round++ {
		var fixes []rules.Fix
		for _, fx := range rules.SafeFixes(res.Findings) {
			if !refused[fixKey(fx)] {
				fixes = append(fixes, fx)
			}
		}
		if len(fixes) == 0 {
			break
		}
		n := applyRound(res, fixes, rep, written, refused)
		if n == 0 {
			break
		}
		rep.Fixed += n
		res = Run(paths, opts)
	}
	for p := range written {
		rep.Files = append(rep.Files, p)
	}
	sort.Strings(rep.Files)
	return res, rep
}

// fixKey identifies a fix across rounds.
func fixKey(fx rules.Fix) string {
	key := fx.Title
	for _, e := range fx.Edits {
		key += fmt.Sprintf("|%s:%d-%d:%s", e.File, e.Start, e.End, e.NewText)
	}
	return key
}

// applyRound applies fixes to the files of res and writes the changed
// files. It returns the number of fixes applied.
func applyRound(res *Result, fixes []rules.Fix, rep *FixReport, written, refused map[string]bool) int {
	texts := map[string][]byte{}
	var usable []rules.Fix
	for _, fx := range fixes {
		ok := true
		for _, e := range fx.Edits {
			if _, seen := texts[e.File]; seen {
				continue
			}
			text, err := res.editableText(e.File)
			if err != nil {
				rep.Errors = append(rep.Errors, err)
				ok = false
				break
			}
			texts[e.File] = text
		}
		if ok {
			usable = append(usable, fx)
		} else {
			refused[fixKey(fx)] = true
		}
	}
	for {
		changed, applied := rules.ApplyFixes(texts, usable)
		if len(applied) == 0 {
			return 0
		}
		bad := breaksSyntax(texts, changed)
		if len(bad) == 0 {
			for _, path := range sortedKeys(changed) {
				wrote, err := writeFile(path, changed[path], res.encodingOf(path))
				if err != nil {
					rep.Errors = append(rep.Errors, err)
				}
				if wrote {
					written[path] = true
				}
			}
			return len(applied)
		}
		// Leave out every fix that touches a file it would break, and try
		// again with the others.
		var keep []rules.Fix
		for _, fx := range usable {
			touches := false
			for _, e := range fx.Edits {
				touches = touches || bad[e.File]
			}
			if touches {
				refused[fixKey(fx)] = true
				rep.Errors = append(rep.Errors, fmt.Errorf("%s: fix %q left out: together with the other fixes it would introduce a syntax error", res.Rel(fx.Edits[0].File), fx.Title))
				continue
			}
			keep = append(keep, fx)
		}
		usable = keep
	}
}

// editableText returns the decoded text of a file a fix edits: a file of
// the connectors, a text file on disk, or nothing for a file a fix creates.
// Binary and unreadable files cannot be edited.
func (res *Result) editableText(path string) ([]byte, error) {
	if f := res.Files[path]; f != nil && f.Text != nil {
		return f.Text, nil
	}
	raw, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil // created by the fix
	case err != nil:
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	text, enc, err := document.Decode(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	res.Files[path] = &File{Path: path, Text: text, Encoding: enc}
	return text, nil
}

// encodingOf returns the encoding a file was read in (UTF-8 for new files).
func (res *Result) encodingOf(path string) document.Encoding {
	if f := res.Files[path]; f != nil {
		return f.Encoding
	}
	return document.UTF8
}

// breaksSyntax returns the M files whose new text has more syntax errors
// than the old one.
func breaksSyntax(old, changed map[string][]byte) map[string]bool {
	bad := map[string]bool{}
	for path, text := range changed {
		if !workspace.IsMFile(path) {
			continue
		}
		before := syntax.Parse(document.New("", 0, old[path]), syntax.Once)
		after := syntax.Parse(document.New("", 0, text), syntax.Once)
		if len(after.Errors) > len(before.Errors) {
			bad[path] = true
		}
	}
	return bad
}

func sortedKeys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// writeFile writes text to path in encoding enc, atomically: into a
// temporary file of the same folder, then renamed over the original, whose
// permission bits it keeps. Nothing is written when the bytes are the same;
// wrote reports whether the file changed.
func writeFile(path string, text []byte, enc document.Encoding) (wrote bool, err error) {
	data := document.Encode(text, enc)
	mode := fs.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		if !info.Mode().IsRegular() {
			return false, fmt.Errorf("%s: not a regular file", path)
		}
		mode = info.Mode().Perm()
		if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
			return false, nil
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".pqcert-*")
	if err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("%s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return false, fail(err)
	}
	if err := tmp.Chmod(mode); err != nil {
		return false, fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return false, fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return false, fmt.Errorf("%s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return false, fmt.Errorf("%s: %w", path, err)
	}
	return true, nil
}
