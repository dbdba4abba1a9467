// Package lsptest drives a pqcert language server, in-process over a pipe
// or as a child process over stdio, with a real go.lsp.dev/jsonrpc2
// connection, as an editor would: it keeps
// its own copies of the documents, records published diagnostics, and
// applies the server's workspace edits. Call [Start].
package lsptest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/lsp"
	"github.com/pqcert/pqcert/server/model/modeltest"
)

// Diagnostic is a published diagnostic as the editor received it.
type Diagnostic struct {
	Range struct {
		Start, End Position
	} `json:"range"`
	Severity        int    `json:"severity"`
	Code            string `json:"code"`
	Source          string `json:"source"`
	Message         string `json:"message"`
	Tags            []int  `json:"tags"`
	CodeDescription *struct {
		Href string `json:"href"`
	} `json:"codeDescription"`
	RelatedInformation []json.RawMessage `json:"relatedInformation"`
}

// Position is an LSP position.
type Position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// Editor is a fake editor connected to a server.
type Editor struct {
	t         testing.TB
	onPublish func(uri string, version int32, diags []Diagnostic)
	Conn      jsonrpc2.Conn
	// done is closed when the server has stopped (its child process has
	// exited); state is the child's state, set before done closes.
	done  chan struct{}
	state *os.ProcessState
	// Process is the server's process when it runs as a child, else nil.
	Process *os.Process

	// guards everything below
	mu       sync.Mutex
	cond     *sync.Cond
	diags    map[string][]Diagnostic // by URI
	versions map[string]int32
	// published is the last version that got diagnostics, by URI.
	published map[string]int32
	texts     map[string]string // open documents by URI
	config    map[string]any
}

// Options configure the fake editor.
type Options struct {
	// DocumentChanges advertises versioned documentChanges and file creation.
	DocumentChanges bool
	// Settings answers workspace/configuration for section pqcert.
	Settings map[string]any
	Root     string
	// DocumentChanged is passed to the server (see lsp.Options).
	DocumentChanged func(uri string, version int32, text []byte)
	// Debounce overrides the test default of 1ms; a negative value keeps
	// the server's default.
	Debounce time.Duration
	// NoSnippets makes the editor one without snippet support in completion.
	NoSnippets bool
	// OnPublish, when set, sees every publishDiagnostics as it arrives.
	OnPublish func(uri string, version int32, diags []Diagnostic)
	// Command, when set, is the argv of a server to run as a child process
	// over stdio (e.g. a built `pqcert serve`) instead of one in-process;
	// Debounce and DocumentChanged do not reach it.
	Command []string
	// StaleModelLimit and Logger are passed to the server (see lsp.Options).
	StaleModelLimit int
	Logger          *log.Logger
}

// pipes joins a child's stdout and stdin into one stream.
type pipes struct {
	io.ReadCloser
	io.WriteCloser
}

// Close closes the child's stdin, then its stdout.
func (p pipes) Close() error {
	p.WriteCloser.Close()
	return p.ReadCloser.Close()
}

// Start starts a server on one end of a pipe and an editor on the other,
// and initializes the session.
func Start(t testing.TB, opts Options) *Editor {
	t.Helper()
	serverEnd, clientEnd := net.Pipe()
	e := &Editor{t: t, onPublish: opts.OnPublish, done: make(chan struct{}), diags: map[string][]Diagnostic{}, versions: map[string]int32{}, published: map[string]int32{}, texts: map[string]string{}, config: opts.Settings}
	e.cond = sync.NewCond(&e.mu)
	ctx, cancel := context.WithCancel(context.Background())
	debounce := opts.Debounce
	switch {
	case debounce == 0:
		debounce = time.Millisecond
	case debounce < 0:
		debounce = 0 // the server's default
	}
	var stream io.ReadWriteCloser = clientEnd
	if opts.Command != nil {
		cmd := exec.Command(opts.Command[0], opts.Command[1:]...)
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		e.Process = cmd.Process
		stream = pipes{stdout, stdin}
		go func() {
			cmd.Wait()
			e.state = cmd.ProcessState
			close(e.done)
		}()
	} else {
		go func() {
			lsp.Serve(ctx, serverEnd, lsp.Options{Debounce: debounce, DocumentChanged: opts.DocumentChanged, StaleModelLimit: opts.StaleModelLimit, Logger: opts.Logger})
			close(e.done)
		}()
	}
	e.Conn = jsonrpc2.NewConn(jsonrpc2.NewStream(stream))
	e.Conn.Go(ctx, e.handle)
	t.Cleanup(func() {
		cancel()
		e.Conn.Close()
		if e.Process != nil {
			e.Process.Kill()
		}
		select {
		case <-e.done:
		case <-time.After(5 * time.Second):
			t.Error("server did not stop")
		}
	})
	caps := map[string]any{
		"textDocument": map[string]any{
			"completion": map[string]any{"completionItem": map[string]any{"snippetSupport": !opts.NoSnippets}},
		},
		"workspace": map[string]any{
			"configuration":         opts.Settings != nil,
			"workspaceEdit":         map[string]any{"documentChanges": opts.DocumentChanges, "resourceOperations": []string{"create"}},
			"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true},
		},
	}
	params := map[string]any{"processId": nil, "capabilities": caps}
	if opts.Root != "" {
		params["rootUri"] = URI(opts.Root)
		params["workspaceFolders"] = []any{map[string]any{"uri": URI(opts.Root), "name": "root"}}
	}
	var result map[string]any
	e.Call("initialize", params, &result)
	e.Notify("initialized", map[string]any{})
	return e
}

// Wait waits for the server's child process to exit, as it should after
// an exit notification, and returns its state. It fails the test if the
// server runs in-process or does not exit within 20 seconds.
func (e *Editor) Wait() *os.ProcessState {
	e.t.Helper()
	if e.Process == nil {
		e.t.Fatal("Wait: the server is not a child process")
	}
	select {
	case <-e.done:
		return e.state
	case <-time.After(20 * time.Second):
		e.t.Fatal("the server's process did not exit")
		return nil
	}
}

// handle answers the server's requests and records its notifications.
func (e *Editor) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	switch req.Method() {
	case "textDocument/publishDiagnostics":
		var p struct {
			URI         string       `json:"uri"`
			Version     *int32       `json:"version"`
			Diagnostics []Diagnostic `json:"diagnostics"`
		}
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			e.t.Errorf("publishDiagnostics: %v", err)
			return nil
		}
		if e.onPublish != nil {
			v := int32(-1)
			if p.Version != nil {
				v = *p.Version
			}
			e.onPublish(p.URI, v, p.Diagnostics)
		}
		e.mu.Lock()
		if p.Version != nil {
			if last, ok := e.published[p.URI]; ok && *p.Version < last {
				e.t.Errorf("diagnostics for version %d of %s published after version %d", *p.Version, p.URI, last)
			}
			e.published[p.URI] = *p.Version
		}
		e.diags[p.URI] = p.Diagnostics
		e.cond.Broadcast()
		e.mu.Unlock()
		return nil
	case "workspace/configuration":
		_ = reply(ctx, []any{e.config}, nil)
	case "client/registerCapability":
		_ = reply(ctx, nil, nil)
	case "workspace/applyEdit":
		_ = reply(ctx, map[string]any{"applied": false}, nil)
	default:
		if _, ok := req.(*jsonrpc2.Call); ok {
			_ = reply(ctx, nil, jsonrpc2.ErrMethodNotFound)
		}
	}
	// Never return an error: jsonrpc2 would fail the connection.
	return nil
}

// Call sends a request and decodes its result.
func (e *Editor) Call(method string, params, result any) error {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := e.Conn.Call(ctx, method, params, result)
	return err
}

// Notify sends a notification.
func (e *Editor) Notify(method string, params any) {
	e.t.Helper()
	if err := e.Conn.Notify(context.Background(), method, params); err != nil {
		e.t.Fatalf("%s: %v", method, err)
	}
}

// URI returns the file URI of a path.
func URI(path string) string {
	abs, _ := filepath.Abs(path)
	return "file://" + filepath.ToSlash(abs)
}

// Open opens a file from disk in the editor.
func (e *Editor) Open(path string) string {
	e.t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		e.t.Fatal(err)
	}
	text, _, _ := document.Decode(raw)
	uri := URI(path)
	e.mu.Lock()
	e.texts[uri] = string(text)
	e.versions[uri] = 1
	e.mu.Unlock()
	e.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerquery", "version": 1, "text": string(text)}})
	return uri
}

// Text returns the editor's text of a document.
func (e *Editor) Text(uri string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.texts[uri]
}

// Edit replaces the first match of re in the document with repl (an
// incremental change with a UTF-16 range) and sends it.
func (e *Editor) Edit(uri, re, repl string) {
	e.t.Helper()
	e.mu.Lock()
	text := e.texts[uri]
	loc := regexp.MustCompile(re).FindStringIndex(text)
	if loc == nil {
		e.mu.Unlock()
		e.t.Fatalf("edit: %q not found", re)
	}
	m := document.NewMapper([]byte(text))
	r := m.Range(document.Span{Start: loc[0], End: loc[1]})
	e.texts[uri] = text[:loc[0]] + repl + text[loc[1]:]
	e.versions[uri]++
	v := e.versions[uri]
	e.mu.Unlock()
	e.Change(uri, v, []map[string]any{{"range": rangeJSON(r), "text": repl}})
}

// Change sends a didChange with raw content changes (the caller keeps the
// editor's text in step with SetText when it uses this directly).
func (e *Editor) Change(uri string, version int32, changes []map[string]any) {
	e.Notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": changes,
	})
}

// SetText records the editor's text and version of a document.
func (e *Editor) SetText(uri, text string, version int32) {
	e.mu.Lock()
	e.texts[uri] = text
	e.versions[uri] = version
	e.mu.Unlock()
}

func rangeJSON(r document.Range) map[string]any {
	return map[string]any{
		"start": map[string]any{"line": r.Start.Line, "character": r.Start.Character},
		"end":   map[string]any{"line": r.End.Line, "character": r.End.Character},
	}
}

// Await waits until cond holds for the diagnostics of uri.
func (e *Editor) Await(uri string, what string, cond func([]Diagnostic) bool) []Diagnostic {
	e.t.Helper()
	var got []Diagnostic
	e.await(func() bool {
		d, ok := e.diags[uri]
		got = d
		return ok && cond(d)
	}, func() string {
		return fmt.Sprintf("timed out waiting for %s on %s; last diagnostics: %v", what, uri, Codes(e.diags[uri]))
	})
	return got
}

// AwaitVersion waits until diagnostics of the given version (or a later
// one) of uri have arrived, and returns them.
func (e *Editor) AwaitVersion(uri string, version int32) []Diagnostic {
	e.t.Helper()
	var got []Diagnostic
	e.await(func() bool {
		v, ok := e.published[uri]
		got = e.diags[uri]
		return ok && v >= version
	}, func() string {
		return fmt.Sprintf("timed out waiting for the diagnostics of version %d of %s", version, uri)
	})
	return got
}

// await waits, with e.mu held, until ready reports true after a
// publication; after 20 seconds it fails the test with the message
// timeout returns.
func (e *Editor) await(ready func() bool, timeout func() string) {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	// Wakes the loop at the deadline even if nothing is published.
	timer := time.AfterFunc(20*time.Second, func() { e.mu.Lock(); e.cond.Broadcast(); e.mu.Unlock() })
	defer timer.Stop()
	e.mu.Lock()
	defer e.mu.Unlock()
	for !ready() {
		if time.Now().After(deadline) {
			e.t.Fatal(timeout())
		}
		e.cond.Wait()
	}
}

// Codes returns the sorted codes of diagnostics.
func Codes(ds []Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code)
	}
	sort.Strings(out)
	return out
}

// HasCode reports whether a diagnostic with the code is among ds.
func HasCode(ds []Diagnostic, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

// CodeAction is a code action as received.
type CodeAction struct {
	Title       string          `json:"title"`
	Kind        string          `json:"kind"`
	IsPreferred bool            `json:"isPreferred"`
	Diagnostics []Diagnostic    `json:"diagnostics"`
	Edit        json.RawMessage `json:"edit"`
}

// CodeActions asks for the code actions of a whole document.
func (e *Editor) CodeActions(uri string, only ...string) []CodeAction {
	e.t.Helper()
	text := e.Text(uri)
	m := document.NewMapper([]byte(text))
	params := map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        rangeJSON(m.Range(document.Span{Start: 0, End: len(text)})),
		"context":      map[string]any{"diagnostics": []any{}},
	}
	if len(only) > 0 {
		params["context"].(map[string]any)["only"] = only
	}
	var out []CodeAction
	if err := e.Call("textDocument/codeAction", params, &out); err != nil {
		e.t.Fatalf("codeAction: %v", err)
	}
	return out
}

type textEdit struct {
	Range struct {
		Start, End Position
	} `json:"range"`
	NewText string `json:"newText"`
}

// Apply applies a workspace edit to the editor's documents (and to files on
// disk for documents that are not open), then sends didChange for each open
// document it changed, as an editor does.
func (e *Editor) Apply(raw json.RawMessage) error {
	var we struct {
		Changes         map[string][]textEdit `json:"changes"`
		DocumentChanges []json.RawMessage     `json:"documentChanges"`
	}
	if err := json.Unmarshal(raw, &we); err != nil {
		return err
	}
	type fileEdits struct {
		uri   string
		edits []textEdit
	}
	var all []fileEdits
	for uri, edits := range we.Changes {
		all = append(all, fileEdits{uri, edits})
	}
	for _, dc := range we.DocumentChanges {
		var op struct {
			Kind         string `json:"kind"`
			URI          string `json:"uri"`
			TextDocument struct {
				URI     string `json:"uri"`
				Version *int32 `json:"version"`
			} `json:"textDocument"`
			Edits []textEdit `json:"edits"`
		}
		if err := json.Unmarshal(dc, &op); err != nil {
			return err
		}
		if op.Kind == "create" {
			path := strings.TrimPrefix(op.URI, "file://")
			if _, err := os.Stat(path); err != nil {
				if err := os.WriteFile(path, nil, 0o644); err != nil {
					return err
				}
			}
			continue
		}
		e.mu.Lock()
		cur := e.versions[op.TextDocument.URI]
		e.mu.Unlock()
		if op.TextDocument.Version != nil && *op.TextDocument.Version != cur {
			return fmt.Errorf("edit for version %d of %s, editor has %d", *op.TextDocument.Version, op.TextDocument.URI, cur)
		}
		all = append(all, fileEdits{op.TextDocument.URI, op.Edits})
	}
	for _, fe := range all {
		e.mu.Lock()
		text, open := e.texts[fe.uri]
		e.mu.Unlock()
		path := strings.TrimPrefix(fe.uri, "file://")
		if !open {
			raw, _ := os.ReadFile(path)
			t, _, _ := document.Decode(raw)
			text = string(t)
		}
		m := document.NewMapper([]byte(text))
		var tes []document.TextEdit
		for _, te := range fe.edits {
			span, err := m.Span(document.Range{
				Start: document.Position{Line: te.Range.Start.Line, Character: te.Range.Start.Character},
				End:   document.Position{Line: te.Range.End.Line, Character: te.Range.End.Character},
			})
			if err != nil {
				return err
			}
			tes = append(tes, document.TextEdit{Span: span, NewText: te.NewText})
		}
		newText, err := document.ApplyEdits([]byte(text), tes)
		if err != nil {
			return err
		}
		if !open {
			if err := os.WriteFile(path, newText, 0o644); err != nil {
				return err
			}
			e.Notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fe.uri, "type": 2}}})
			continue
		}
		e.mu.Lock()
		e.texts[fe.uri] = string(newText)
		e.versions[fe.uri]++
		v := e.versions[fe.uri]
		e.mu.Unlock()
		e.Change(fe.uri, v, []map[string]any{{"text": string(newText)}})
	}
	return nil
}

// GenerateConnector returns modeltest.GenerateConnector(name, lines): a
// connector-like section document of at least lines lines, the input of
// the language server's benchmarks.
func GenerateConnector(name string, lines int) string {
	return modeltest.GenerateConnector(name, lines)
}
