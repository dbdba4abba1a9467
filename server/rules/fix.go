package rules

import (
	"sort"

	"github.com/pqcert/pqcert/server/document"
)

// ApplyFixes applies fixes to file texts (path -> decoded text; files not in
// texts are created from empty). Fixes of different findings are
// independent edits of the same texts: a fix whose edits overlap an edit
// already taken is dropped whole, to be applied by a later round. It
// returns the new texts of the files that changed and the fixes applied.
func ApplyFixes(texts map[string][]byte, fixes []Fix) (map[string][]byte, []Fix) {
	type span struct{ start, end int }
	taken := map[string][]span{}
	overlaps := func(file string, e Edit) bool {
		for _, s := range taken[file] {
			if e.Start < s.end && s.start < e.End || e.Start == e.End && s.start == s.end && e.Start == s.start ||
				e.Start == e.End && s.start < e.Start && e.Start < s.end {
				return true
			}
		}
		return false
	}
	var applied []Fix
	edits := map[string][]document.TextEdit{}
	for _, fx := range fixes {
		ok := true
		for _, e := range fx.Edits {
			if overlaps(e.File, e) {
				ok = false
				break
			}
		}
		// Edits within one fix must not overlap each other either.
		for i := 0; ok && i < len(fx.Edits); i++ {
			for j := i + 1; j < len(fx.Edits); j++ {
				a, b := fx.Edits[i], fx.Edits[j]
				if a.File == b.File && a.Start < b.End && b.Start < a.End {
					ok = false
				}
			}
		}
		if !ok {
			continue
		}
		for _, e := range fx.Edits {
			taken[e.File] = append(taken[e.File], span{e.Start, e.End})
			edits[e.File] = append(edits[e.File], document.TextEdit{Span: document.Span{Start: e.Start, End: e.End}, NewText: e.NewText})
		}
		applied = append(applied, fx)
	}
	out := map[string][]byte{}
	files := make([]string, 0, len(edits))
	for f := range edits {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		text, err := document.ApplyEdits(texts[f], edits[f])
		if err != nil {
			continue // out-of-range edits (a stale fix): leave the file alone
		}
		if string(text) != string(texts[f]) {
			out[f] = text
		}
	}
	return out, applied
}

// SafeFixes returns the safe fixes of findings, the first safe fix of each.
func SafeFixes(findings []Finding) []Fix {
	var out []Fix
	for _, f := range findings {
		for _, fx := range f.Fixes {
			if fx.Safety == Safe {
				out = append(out, fx)
				break
			}
		}
	}
	return out
}
