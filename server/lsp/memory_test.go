package lsp_test

import (
	"bytes"
	"log"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pqcert/pqcert/server/lsp/lsptest"
)

// lockedBuffer is a log destination the server's goroutines share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestOneAnalysisPerChange edits a connector and asks for a hover and the
// code actions right after each change, both with the previous model kept
// during an analysis (the default for ordinary connectors) and dropped (as
// for large ones). The requests must get answers about the edited text,
// and they must wait for or start the connector's own analysis rather than
// build a second model beside it: the trace shows exactly one analysis per
// change. Both ways end with the same diagnostics.
func TestOneAnalysisPerChange(t *testing.T) {
	const rounds = 8
	var final [][]string
	for _, limit := range []int{-1, 1} {
		dir := copyDir(t, filepath.Join("..", "..", "testdata", "connectors", "ContosoDesk"))
		logs := &lockedBuffer{}
		e := lsptest.Start(t, lsptest.Options{Root: dir, StaleModelLimit: limit, Logger: log.New(logs, "", 0)})
		e.Notify("$/setTrace", map[string]any{"value": "verbose"})
		uri := e.Open(filepath.Join(dir, "ContosoDesk.pq"))
		e.AwaitVersion(uri, 1)
		for i := 0; i < rounds; i++ {
			// A binding that nothing reads: each round adds a PQC704.
			e.Edit(uri, `\n    in\n`, ",\n        unused"+string(rune('A'+i))+" = 1\n    in\n")
			var h hoverResult
			if err := e.Call("textDocument/hover", at(uri, posAt(t, e, uri, `(Web)\.Contents\(\n`)), &h); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(h.Contents.Value, "Web.Contents(url as text") {
				t.Errorf("limit %d, round %d: hover is %q", limit, i, h.Contents.Value)
			}
			hints := 0
			for _, a := range e.CodeActions(uri) {
				if strings.HasPrefix(a.Title, "Remove the unused binding `unused") {
					hints++
				}
			}
			if hints != i+1 {
				t.Errorf("limit %d, round %d: %d removal actions for the added bindings, want %d", limit, i, hints, i+1)
			}
			e.AwaitVersion(uri, int32(i+2))
		}
		var codes []string
		for _, d := range e.AwaitVersion(uri, rounds+1) {
			codes = append(codes, d.Code)
		}
		final = append(final, codes)
		if n := strings.Count(logs.String(), "analyzed "); n != rounds+1 {
			t.Errorf("limit %d: %d analyses for %d changes and the opening:\n%s", limit, n, rounds, logs)
		}
	}
	if !reflect.DeepEqual(final[0], final[1]) {
		t.Errorf("diagnostics differ with the previous model kept and dropped:\n%v\n%v", final[0], final[1])
	}
}

// TestClosedLargeConnectorIsNotKept closes the only open document of a
// connector counted as large: its model is let go after the analysis that
// follows the close, and a later request that needs one (workspace
// symbols) gets an analysis of its own.
func TestClosedLargeConnectorIsNotKept(t *testing.T) {
	dir := copyDir(t, filepath.Join("..", "..", "testdata", "connectors", "ContosoDesk"))
	logs := &lockedBuffer{}
	e := lsptest.Start(t, lsptest.Options{Root: dir, StaleModelLimit: 1, Logger: log.New(logs, "", 0)})
	e.Notify("$/setTrace", map[string]any{"value": "verbose"})
	uri := e.Open(filepath.Join(dir, "ContosoDesk.pq"))
	e.AwaitVersion(uri, 1)
	e.Notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	deadline := time.Now().Add(20 * time.Second)
	for strings.Count(logs.String(), "analyzed ") < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("no analysis after the close:\n%s", logs)
		}
		time.Sleep(time.Millisecond)
	}
	var symbols []struct{ Name string }
	if err := e.Call("workspace/symbol", map[string]any{"query": "ContosoDesk.Contents"}, &symbols); err != nil {
		t.Fatal(err)
	}
	if len(symbols) == 0 || symbols[0].Name != "ContosoDesk.Contents" {
		t.Errorf("workspace symbols after the close: %v", symbols)
	}
	if !strings.Contains(logs.String(), " for a request: ") {
		t.Errorf("the closed connector's model was kept:\n%s", logs)
	}
}
