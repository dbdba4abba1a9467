package ide

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pqcert/pqcert/grammar/corpus"
	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/model/modeltest"
	"github.com/pqcert/pqcert/server/workspace"
)

// TestFeaturesOnEveryPosition runs every position-based feature at many
// offsets of every test connector's files, broken ones included: none may
// panic, and each answer must stay inside its file.
func TestFeaturesOnEveryPosition(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "connectors", "*"))
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		c, err := workspace.Load(dir, workspace.Disk{})
		if err != nil || c == nil {
			continue
		}
		s := NewSnapshot(model.Build(c, model.Options{}), nil)
		for _, f := range s.Files() {
			n := len(f.Text())
			step := 1 + n/1500
			for off := 0; off <= n; off += step {
				checkSpan := func(what string, sp document.Span) {
					if sp.Start < 0 || sp.End > n || sp.Start > sp.End {
						t.Errorf("%s:%d: %s span %v outside the file", dir, off, what, sp)
					}
				}
				if h := s.Hover(f, off); h != nil {
					checkSpan("hover", h.Span)
				}
				for _, it := range s.Complete(f, off).Items {
					checkSpan("completion", it.Replace)
				}
				s.SignatureHelp(f, off)
				s.Definition(f, off)
				for _, o := range s.Highlights(f, off) {
					checkSpan("highlight", o.Span)
				}
				if off%(step*10) == 0 {
					s.References(f, off, true)
					s.Rename(f, off, "renamed")
				}
				if sp, _, err := s.PrepareRename(f, off); err == nil {
					checkSpan("prepareRename", sp)
				}
			}
			s.DocumentSymbols(f)
			FoldingRanges(f)
			SelectionRanges(f, []int{0, n / 2, n})
			s.SemanticTokens(f, document.Span{Start: 0, End: n})
			s.InlayHints(f, document.Span{Start: 0, End: n})
		}
	}
}

// TestFeaturesOnCorpus runs the features over every input of the grammar
// corpus, where most broken syntax lives.
func TestFeaturesOnCorpus(t *testing.T) {
	cases, err := corpus.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		input := string(c.Input)
		s := NewSnapshot(modeltest.Build(t, map[string]string{"main": input}), nil)
		f := s.Main()
		n := len(f.Text())
		for off := 0; off <= n; off++ {
			s.Hover(f, off)
			s.Complete(f, off)
			s.SignatureHelp(f, off)
			s.Definition(f, off)
			s.Highlights(f, off)
			s.PrepareRename(f, off)
		}
		s.Rename(f, n/2, "x")
		s.DocumentSymbols(f)
		FoldingRanges(f)
		s.SemanticTokens(f, document.Span{Start: 0, End: n})
		s.InlayHints(f, document.Span{Start: 0, End: n})
	}
}
