package lsp_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pqcert/pqcert/server/lsp"
	"github.com/pqcert/pqcert/server/lsp/lsptest"
)

// A flood of changes, faster than analysis, ends with diagnostics for the
// last version and nothing older published after it (lsptest fails the test
// on any out-of-order publish).
func TestFloodOfChanges(t *testing.T) {
	dir := writeConnector(t, map[string]string{"F.pq": lsptest.GenerateConnector("F", 3000)})
	e := lsptest.Start(t, lsptest.Options{Debounce: 5 * time.Millisecond})
	uri := e.Open(filepath.Join(dir, "F.pq"))
	for i := 0; i < 300; i++ {
		if i%2 == 0 {
			e.Edit(uri, `section F;`, "section F;x")
		} else {
			e.Edit(uri, `section F;x`, "section F;")
		}
	}
	e.Edit(uri, `shared F.Contents = \(url as text\) => Member0\(url\);`, "shared F.Contents = (url as text) => undefinedName;")
	e.Await(uri, "PQC701 on the last version", func(ds []lsptest.Diagnostic) bool { return lsptest.HasCode(ds, "PQC701") })
}

// Invalid UTF-8 in a buffer, positions past the end and requests for
// documents nobody opened are answered, never crash the server.
func TestBadInput(t *testing.T) {
	dir := writeConnector(t, map[string]string{"B.pq": "section B;\nshared B.A = 1;\n"})
	e := lsptest.Start(t, lsptest.Options{})
	uri := lsptest.URI(filepath.Join(dir, "B.pq"))
	e.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerquery", "version": 1,
		"text": "section B;\nshared B.A = \"\xff\xfe\" & undefinedThing;\n"}})
	e.SetText(uri, "section B;\nshared B.A = \"\xff\xfe\" & undefinedThing;\n", 1)
	e.Await(uri, "PQC701 despite invalid UTF-8", func(ds []lsptest.Diagnostic) bool { return lsptest.HasCode(ds, "PQC701") })
	// A change past the end is clamped, not an error.
	e.Change(uri, 2, []map[string]any{{"range": map[string]any{
		"start": map[string]any{"line": 99, "character": 0}, "end": map[string]any{"line": 99, "character": 5}}, "text": "\nB = 2;"}})
	var out any
	params := map[string]any{"textDocument": map[string]any{"uri": "file:///nowhere/none.pq"}, "range": map[string]any{
		"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 0, "character": 0}}, "context": map[string]any{}}
	if err := e.Call("textDocument/codeAction", params, &out); err != nil {
		t.Errorf("code actions for an unknown document: %v", err)
	}
	// A change for a document that is not open is refused, and the server
	// keeps serving.
	e.Change("file:///nowhere/none.pq", 2, []map[string]any{{"text": "x"}})
	e.Edit(uri, "undefinedThing", "1")
	e.Await(uri, "PQC701 gone", func(ds []lsptest.Diagnostic) bool { return !lsptest.HasCode(ds, "PQC701") })
}

// A 10 MB document opens, is edited and gets diagnostics.
func TestTenMegabyteDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("large document")
	}
	text := lsptest.GenerateConnector("Big", 250000)
	if len(text) < 10<<20 {
		t.Fatalf("generated only %d bytes", len(text))
	}
	dir := writeConnector(t, map[string]string{"Big.pq": text})
	e := lsptest.Start(t, lsptest.Options{})
	uri := e.Open(filepath.Join(dir, "Big.pq"))
	e.Edit(uri, `shared Big.Contents = \(url as text\) => Member0\(url\);`, "shared Big.Contents = (url as text) => notThere;")
	e.Await(uri, "PQC701 in a 10 MB document", func(ds []lsptest.Diagnostic) bool { return lsptest.HasCode(ds, "PQC701") })
}

// A client that closes the pipe in the middle of a message ends the
// session without a hang.
func TestClientClosesMidMessage(t *testing.T) {
	serverEnd, clientEnd := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- lsp.Serve(context.Background(), serverEnd, lsp.Options{}) }()
	go io.Copy(io.Discard, clientEnd)
	body := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`
	msg := fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
	open := `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/x.pq","version":1,"text":"` + strings.Repeat("a", 1000) + `"}}}`
	msg += fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(open), open[:len(open)/2])
	clientEnd.Write([]byte(msg))
	clientEnd.Close()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("server hung after the client closed mid-message")
	}
}
