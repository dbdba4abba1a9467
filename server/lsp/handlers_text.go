package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/syntax"
	"github.com/pqcert/pqcert/server/workspace"
)

// -- Text synchronisation --
// These run in the read loop, in order: each edit applies to the text the
// previous one left.

func init() {
	register("textDocument/didOpen", didOpen, true)
	register("textDocument/didChange", didChange, true)
	register("textDocument/didClose", didClose, true)
	register("textDocument/didSave", didSave, true)
	register("workspace/didChangeWatchedFiles", didChangeWatchedFiles, true)
}

func didOpen(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	// The URI is kept exactly as the client wrote it (protocol's URI type
	// re-encodes it), so that diagnostics go back under the client's key.
	var p struct {
		TextDocument struct {
			URI     string `json:"uri"`
			Version int32  `json:"version"`
			Text    string `json:"text"`
		} `json:"textDocument"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	uri := p.TextDocument.URI
	path := pathOf(uri)
	if path == "" {
		return nil, fmt.Errorf("didOpen: not a file URI: %q", uri)
	}
	text := []byte(p.TextDocument.Text)
	if !utf8.Valid(text) {
		s.logf("%s: the buffer holds invalid UTF-8; positions count each invalid byte as one character", path)
	}
	doc := document.New(uri, p.TextDocument.Version, text)
	s.session.open(&openDoc{uri: uri, path: path, dir: connectorDir(path), version: p.TextDocument.Version, file: syntax.Parse(doc, syntax.Retain)})
	return nil, nil
}

// changeParams decodes didChange itself: protocol's change event has a
// value Range, so a full replacement and an insertion at 0:0 look the same.
type changeParams struct {
	TextDocument struct {
		URI     string `json:"uri"`
		Version int32  `json:"version"`
	} `json:"textDocument"`
	ContentChanges []struct {
		Range *protocol.Range `json:"range"`
		Text  string          `json:"text"`
	} `json:"contentChanges"`
}

func didChange(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p changeParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	path := pathOf(p.TextDocument.URI)
	old := s.session.doc(path)
	if old == nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "received a change for a document that is not open: %q", p.TextDocument.URI)
	}
	changes := make([]document.Change, len(p.ContentChanges))
	for i, c := range p.ContentChanges {
		changes[i].Text = c.Text
		if c.Range != nil {
			r := document.Range{Start: fromPosition(c.Range.Start), End: fromPosition(c.Range.End)}
			changes[i].Range = &r
		}
	}
	doc, edits, err := old.file.Doc.Apply(p.TextDocument.Version, changes)
	if err != nil {
		// The client's text and ours disagree; ask for nothing, keep the
		// old state and say so loudly: a lost edit must not go unnoticed.
		s.logf("%s: cannot apply change: %v", path, err)
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "cannot apply change to %q: %v", p.TextDocument.URI, err)
	}
	file := syntax.Reparse(old.file, doc, edits)
	s.session.open(&openDoc{uri: old.uri, path: path, dir: old.dir, version: p.TextDocument.Version, file: file})
	return nil, nil
}

func didClose(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p protocol.DidCloseTextDocumentParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	path := pathOf(string(p.TextDocument.URI))
	if s.session.closeDoc(path) == "" {
		s.notify(ctx, "textDocument/publishDiagnostics", publishParams{URI: string(p.TextDocument.URI), Diagnostics: []diagnostic{}})
	}
	return nil, nil
}

func didSave(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p protocol.DidSaveTextDocumentParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.session.changed(pathOf(string(p.TextDocument.URI)))
	return nil, nil
}

func didChangeWatchedFiles(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p protocol.DidChangeWatchedFilesParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	for _, c := range p.Changes {
		if path := pathOf(string(c.URI)); path != "" {
			if c.Type != protocol.FileChangeTypeChanged && workspace.IsMFile(path) {
				// A section document came or went: the connector folder
				// of an open document may be another one now.
				s.session.refreshDirs()
			}
			s.session.changed(path)
		}
	}
	return nil, nil
}
