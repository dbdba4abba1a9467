package lsp_test

import (
	"math/rand"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/lsp/lsptest"
)

// utf16Splice is the reference model of an LSP change: the text as UTF-16
// units, the range's lines split at CR, LF and CRLF.
func utf16Splice(text string, sl, sc, el, ec int, repl string) string {
	units := utf16.Encode([]rune(text))
	// line starts in units
	starts := []int{0}
	for i := 0; i < len(units); i++ {
		if units[i] == '\r' {
			if i+1 < len(units) && units[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		} else if units[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	off := func(l, c int) int {
		if l >= len(starts) {
			return len(units)
		}
		end := len(units)
		if l+1 < len(starts) {
			end = starts[l+1]
			// exclude the terminator
			for end > starts[l] && (units[end-1] == '\n' || units[end-1] == '\r') {
				end--
			}
		}
		if starts[l]+c > end {
			return end
		}
		return starts[l] + c
	}
	a, b := off(sl, sc), off(el, ec)
	out := append(append(append([]uint16{}, units[:a]...), utf16.Encode([]rune(repl))...), units[b:]...)
	return string(utf16.Decode(out))
}

func TestRandomEditsKeepTextInStep(t *testing.T) {
	var mu sync.Mutex
	server := map[string]string{}
	versions := map[string]int32{}
	e := lsptest.Start(t, lsptest.Options{DocumentChanged: func(uri string, v int32, text []byte) {
		mu.Lock()
		server[uri] = string(text)
		versions[uri] = v
		mu.Unlock()
	}})
	dir := writeConnector(t, map[string]string{"R.pq": "section R;\r\nshared R.A = \"😀 日本 é\" & \"x\";\nB = 1;\rC = 2;\n"})
	uri := e.Open(filepath.Join(dir, "R.pq"))
	rng := rand.New(rand.NewSource(1))
	pieces := []string{"a", "😀", "日本", "e\u0301", "\r\n", "\n", "\r", "let x = 1 in x", "\"", "", "[", "]", " "}
	text := e.Text(uri)
	version := int32(1)
	for i := 0; i < 2000; i++ {
		lines := strings.Count(text, "\n") + strings.Count(text, "\r") + 2
		sl, el := rng.Intn(lines), rng.Intn(lines)
		if el < sl {
			sl, el = el, sl
		}
		sc, ec := rng.Intn(12), rng.Intn(12)
		if sl == el && ec < sc {
			sc, ec = ec, sc
		}
		repl := pieces[rng.Intn(len(pieces))]
		m := document.NewMapper([]byte(text))
		// Keep ranges on character boundaries as real editors do: go
		// through offsets and back.
		s, _ := m.Offset(document.Position{Line: sl, Character: sc})
		en, _ := m.Offset(document.Position{Line: el, Character: ec})
		if en < s {
			s, en = en, s
		}
		r := m.Range(document.Span{Start: s, End: en})
		want := utf16Splice(text, r.Start.Line, r.Start.Character, r.End.Line, r.End.Character, repl)
		version++
		e.Change(uri, version, []map[string]any{{"range": map[string]any{
			"start": map[string]any{"line": r.Start.Line, "character": r.Start.Character},
			"end":   map[string]any{"line": r.End.Line, "character": r.End.Character},
		}, "text": repl}})
		text = want
	}
	e.SetText(uri, text, version)
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		got, v := server[uri], versions[uri]
		mu.Unlock()
		if v == version {
			if got != text {
				t.Fatalf("server text differs from the editor's after %d edits:\nserver %q\neditor %q", version-1, got, text)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server at version %d, editor at %d", v, version)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
