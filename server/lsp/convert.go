package lsp

// This file converts between byte offsets and LSP positions (UTF-16), and
// from findings and fixes to diagnostics and workspace edits.

import (
	"net/url"
	"path/filepath"
	"runtime"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/rules"
)

// pathOf returns the file path of a file: URI ("" for other schemes).
func pathOf(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/")
	}
	return filepath.Clean(filepath.FromSlash(p))
}

func toPosition(p document.Position) protocol.Position {
	return protocol.Position{Line: uint32(p.Line), Character: uint32(p.Character)}
}

func toRange(r document.Range) protocol.Range {
	return protocol.Range{Start: toPosition(r.Start), End: toPosition(r.End)}
}

func fromPosition(p protocol.Position) document.Position {
	return document.Position{Line: int(p.Line), Character: int(p.Character)}
}

// spanRange converts a byte span of a text to an LSP range.
func spanRange(text []byte, s document.Span) protocol.Range {
	return toRange(document.NewMapper(text).Range(s))
}

// mappers caches one Mapper per path while converting many spans.
type mappers struct {
	snap *snapshot
	a    *analysis
	m    map[string]*document.Mapper
}

func (ms *mappers) get(path string) *document.Mapper {
	if ms.m == nil {
		ms.m = map[string]*document.Mapper{}
	}
	if m := ms.m[path]; m != nil {
		return m
	}
	var m *document.Mapper
	if d := ms.snap.docs[path]; d != nil {
		m = d.file.Doc.Mapper()
	} else {
		m = document.NewMapper(textOf(path, ms.snap, ms.a))
	}
	ms.m[path] = m
	return m
}

func (ms *mappers) rng(path string, s document.Span) protocol.Range {
	return toRange(ms.get(path).Range(s))
}

// publishParams is textDocument/publishDiagnostics' params with the
// optional version (protocol's struct always sends one).
type publishParams struct {
	URI         string       `json:"uri"`
	Version     *int32       `json:"version,omitempty"`
	Diagnostics []diagnostic `json:"diagnostics"`
}

type diagnostic struct {
	Range              protocol.Range              `json:"range"`
	Severity           protocol.DiagnosticSeverity `json:"severity"`
	Code               string                      `json:"code"`
	CodeDescription    *codeDescription            `json:"codeDescription,omitempty"`
	Source             string                      `json:"source"`
	Message            string                      `json:"message"`
	Tags               []protocol.DiagnosticTag    `json:"tags,omitempty"`
	RelatedInformation []relatedInformation        `json:"relatedInformation,omitempty"`
}

type codeDescription struct {
	Href string `json:"href"`
}

type relatedInformation struct {
	Location location `json:"location"`
	Message  string   `json:"message"`
}

type location struct {
	URI   string         `json:"uri"`
	Range protocol.Range `json:"range"`
}

var severities = map[rules.Severity]protocol.DiagnosticSeverity{
	rules.Error: protocol.DiagnosticSeverityError, rules.Warning: protocol.DiagnosticSeverityWarning,
	rules.Information: protocol.DiagnosticSeverityInformation, rules.Hint: protocol.DiagnosticSeverityHint,
}

// diagnostics converts the findings of one file.
func diagnostics(fs []rules.Finding, a *analysis, snap *snapshot) []diagnostic {
	out := make([]diagnostic, 0, len(fs))
	ms := &mappers{snap: snap, a: a}
	for _, f := range fs {
		out = append(out, toDiagnostic(f, ms))
	}
	return out
}

func toDiagnostic(f rules.Finding, ms *mappers) diagnostic {
	d := diagnostic{
		Range:           ms.rng(f.File, f.Span),
		Severity:        severities[f.Severity],
		Code:            f.Rule.Code,
		CodeDescription: &codeDescription{Href: f.Rule.DocURL()},
		Source:          "pqcert",
		Message:         f.Message,
	}
	if f.Tags&rules.Unnecessary != 0 {
		d.Tags = append(d.Tags, protocol.DiagnosticTagUnnecessary)
	}
	if f.Tags&rules.Deprecated != 0 {
		d.Tags = append(d.Tags, protocol.DiagnosticTagDeprecated)
	}
	for _, r := range f.Related {
		d.RelatedInformation = append(d.RelatedInformation, relatedInformation{
			Location: location{URI: uriOf(r.File, ms.snap), Range: ms.rng(r.File, r.Span)},
			Message:  r.Message,
		})
	}
	return d
}

// workspaceEdit is LSP's WorkspaceEdit with documentChanges that may create
// files (protocol's struct cannot hold resource operations).
type workspaceEdit struct {
	Changes         map[string][]protocol.TextEdit `json:"changes,omitempty"`
	DocumentChanges []any                          `json:"documentChanges,omitempty"`
}

type textDocumentEdit struct {
	TextDocument versionedID         `json:"textDocument"`
	Edits        []protocol.TextEdit `json:"edits"`
}

type versionedID struct {
	URI     string `json:"uri"`
	Version *int32 `json:"version"`
}

type createFile struct {
	Kind    string         `json:"kind"`
	URI     string         `json:"uri"`
	Options *createOptions `json:"options,omitempty"`
}

type createOptions struct {
	IgnoreIfExists bool `json:"ignoreIfExists,omitempty"`
}

// toWorkspaceEdit converts fix edits. With documentChanges, open documents
// carry their version and missing files are created first.
func (ss *session) toWorkspaceEdit(edits []rules.Edit, a *analysis, snap *snapshot) *workspaceEdit {
	ms := &mappers{snap: snap, a: a}
	byFile := map[string][]protocol.TextEdit{}
	var order []string
	for _, e := range edits {
		if _, seen := byFile[e.File]; !seen {
			order = append(order, e.File)
		}
		byFile[e.File] = append(byFile[e.File], protocol.TextEdit{
			Range:   ms.rng(e.File, document.Span{Start: e.Start, End: e.End}),
			NewText: e.NewText,
		})
	}
	ss.mu.Lock()
	caps := ss.caps
	ss.mu.Unlock()
	we := &workspaceEdit{}
	if !caps.documentChanges {
		we.Changes = map[string][]protocol.TextEdit{}
		for _, p := range order {
			we.Changes[uriOf(p, snap)] = byFile[p]
		}
		return we
	}
	for _, p := range order {
		id := versionedID{URI: uriOf(p, snap)}
		if d := snap.docs[p]; d != nil {
			v := d.version
			id.Version = &v
		} else if textOf(p, snap, a) == nil && caps.resourceOperations {
			we.DocumentChanges = append(we.DocumentChanges, createFile{Kind: "create", URI: id.URI, Options: &createOptions{IgnoreIfExists: true}})
		}
		we.DocumentChanges = append(we.DocumentChanges, textDocumentEdit{TextDocument: id, Edits: byFile[p]})
	}
	return we
}
