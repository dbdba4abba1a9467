package lsp

// This file wires the M language features of package ide to LSP: it finds
// the connector's editor snapshot for a request (the last analysis with
// the open documents as they are now), converts positions between UTF-16
// and bytes, and converts ide's results to protocol types.

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/ide"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

// -- Language features --

func init() {
	register("textDocument/hover", hover, false)
	register("textDocument/completion", completion, false)
	register("textDocument/signatureHelp", signatureHelp, false)
	register("textDocument/definition", definition, false)
	register("textDocument/references", references, false)
	register("textDocument/documentHighlight", documentHighlight, false)
	register("textDocument/prepareRename", prepareRename, false)
	register("textDocument/rename", renameSymbol, false)
	register("textDocument/documentSymbol", documentSymbol, false)
	register("workspace/symbol", workspaceSymbol, false)
	register("textDocument/foldingRange", foldingRange, false)
	register("textDocument/selectionRange", selectionRange, false)
	register("textDocument/semanticTokens/full", semanticTokensFull, false)
	register("textDocument/semanticTokens/range", semanticTokensRange, false)
	// LSP 3.17; go.lsp.dev/protocol v0.12.0 predates it.
	register("textDocument/inlayHint", inlayHint, false)
	register("textDocument/formatting", formatting, false)
	register("textDocument/rangeFormatting", rangeFormatting, false)

	capabilities["hoverProvider"] = true
	capabilities["completionProvider"] = map[string]any{"triggerCharacters": []string{".", "[", "\"", "#"}}
	capabilities["signatureHelpProvider"] = map[string]any{"triggerCharacters": []string{"(", ","}, "retriggerCharacters": []string{","}}
	capabilities["definitionProvider"] = true
	capabilities["referencesProvider"] = true
	capabilities["documentHighlightProvider"] = true
	capabilities["renameProvider"] = map[string]any{"prepareProvider": true}
	capabilities["documentSymbolProvider"] = true
	capabilities["workspaceSymbolProvider"] = true
	capabilities["foldingRangeProvider"] = true
	capabilities["selectionRangeProvider"] = true
	// protocol's SemanticTokensOptions lacks legend and full (STYLE.md trap 4).
	capabilities["semanticTokensProvider"] = map[string]any{
		"legend": map[string]any{"tokenTypes": ide.TokenTypes, "tokenModifiers": ide.TokenModifiers},
		"full":   true,
		"range":  true,
	}
	capabilities["inlayHintProvider"] = true
	capabilities["documentFormattingProvider"] = true
	capabilities["documentRangeFormattingProvider"] = true
}

// errRequestFailed is LSP's RequestFailed: a valid request the server
// cannot answer (a rename to a clashing name), with a message for the user.
const errRequestFailed = jsonrpc2.Code(-32803)

// -- Snapshots --

// ideViews caches the editor snapshots last built, so that requests
// between two edits share the name resolution computed on demand. Views
// are only of each connector's newest analysis (forgetViews drops the
// others when it lands), at most two per connector (the documents as
// analyzed and as edited since), a handful in all.
var ideViews struct {
	// guards list
	mu   sync.Mutex
	list []*ideView
}

const (
	ideViewCap           = 6
	ideViewsPerConnector = 2
)

type ideView struct {
	a    *analysis
	open map[string]*syntax.File
	snap *ide.Snapshot
}

// target is what a request at a document works on.
type target struct {
	view *ide.Snapshot
	file *syntax.File
	path string
	snap *snapshot
	a    *analysis
}

// ideTarget returns the editor snapshot for a document: the last analysis
// of its connector with the open documents' current parses, analyzing
// first when there is none yet or the document is not part of it. It
// returns nil for documents outside any connector.
func (s *server) ideTarget(ctx context.Context, uri protocol.DocumentURI) *target {
	path := pathOf(string(uri))
	dir := s.session.dirOf(path)
	if dir == "" {
		return nil
	}
	snap := s.session.snapshotFrom(ctx)
	a := s.session.latest(ctx, dir)
	if a == nil || a.conn.FileByPath(path) == nil {
		if a = s.session.current(ctx, path, snap); a == nil {
			return nil
		}
	}
	open := map[string]*syntax.File{}
	for p, d := range snap.docs {
		if a.conn.FileByPath(p) != nil {
			open[p] = d.file
		}
	}
	view := cachedView(a, open)
	f := view.File(path)
	if f == nil {
		return nil
	}
	return &target{view: view, file: f, path: path, snap: snap, a: a}
}

func cachedView(a *analysis, open map[string]*syntax.File) *ide.Snapshot {
	ideViews.mu.Lock()
	defer ideViews.mu.Unlock()
	for i, v := range ideViews.list {
		if v.a == a && sameFiles(v.open, open) {
			// Most recently used last.
			copy(ideViews.list[i:], ideViews.list[i+1:])
			ideViews.list[len(ideViews.list)-1] = v
			return v.snap
		}
	}
	v := &ideView{a: a, open: open, snap: ide.NewSnapshot(a.model, open)}
	// Drop the oldest views of the same connector, then the oldest of all.
	same := 0
	for i := len(ideViews.list) - 1; i >= 0; i-- {
		if ideViews.list[i].a.conn.Dir != a.conn.Dir {
			continue
		}
		if same++; same >= ideViewsPerConnector {
			ideViews.list = append(ideViews.list[:i], ideViews.list[i+1:]...)
		}
	}
	if len(ideViews.list) >= ideViewCap {
		ideViews.list = ideViews.list[1:]
	}
	ideViews.list = append(ideViews.list, v)
	return v.snap
}

// forgetViews drops the cached views of a connector's analyses other than
// keep, so that a replaced model can be collected.
func forgetViews(dir string, keep *analysis) {
	ideViews.mu.Lock()
	defer ideViews.mu.Unlock()
	kept := ideViews.list[:0]
	for _, v := range ideViews.list {
		if v.a == keep || v.a.conn.Dir != dir {
			kept = append(kept, v)
		}
	}
	clear(ideViews.list[len(kept):])
	ideViews.list = kept
}

func sameFiles(x, y map[string]*syntax.File) bool {
	if len(x) != len(y) {
		return false
	}
	for p, f := range x {
		if y[p] != f {
			return false
		}
	}
	return true
}

// offset converts an LSP position in the target's document to a byte
// offset.
func (t *target) offset(p protocol.Position) (int, error) {
	return t.file.Doc.Mapper().Offset(fromPosition(p))
}

// rng converts a byte span of the target's document.
func (t *target) rng(s document.Span) protocol.Range {
	return toRange(t.file.Doc.Mapper().Range(s))
}

// location converts an ide location; files that are no text (icons) get
// their start.
func (t *target) location(ms *mappers, l ide.Location) location {
	loc := location{URI: uriOf(l.Path, t.snap)}
	if l.Span != (document.Span{}) {
		loc.Range = ms.rng(l.Path, l.Span)
	}
	return loc
}

type positionParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Position     protocol.Position               `json:"position"`
}

// at decodes a request at a position and finds its target and offset.
func (s *server) at(ctx context.Context, params json.RawMessage, p any) (*target, int, error) {
	if err := decode(params, p); err != nil {
		return nil, 0, err
	}
	var pp positionParams
	if err := decode(params, &pp); err != nil {
		return nil, 0, err
	}
	t := s.ideTarget(ctx, pp.TextDocument.URI)
	if t == nil {
		return nil, 0, nil
	}
	off, err := t.offset(pp.Position)
	if err != nil {
		return nil, 0, errorf("%v", err)
	}
	return t, off, nil
}

// -- Hover, completion, signature help --

type markup struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

type hoverResult struct {
	Contents markup          `json:"contents"`
	Range    *protocol.Range `json:"range,omitempty"`
}

func hover(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p positionParams
	t, off, err := s.at(ctx, params, &p)
	if t == nil || err != nil {
		return nil, err
	}
	h := t.view.Hover(t.file, off)
	if h == nil {
		return nil, nil
	}
	r := t.rng(h.Span)
	return hoverResult{Contents: markup{Kind: "markdown", Value: h.Markdown}, Range: &r}, nil
}

type completionList struct {
	IsIncomplete bool             `json:"isIncomplete"`
	Items        []completionItem `json:"items"`
}

type completionItem struct {
	Label            string            `json:"label"`
	Kind             int               `json:"kind,omitempty"`
	Detail           string            `json:"detail,omitempty"`
	Documentation    *markup           `json:"documentation,omitempty"`
	SortText         string            `json:"sortText,omitempty"`
	FilterText       string            `json:"filterText,omitempty"`
	InsertTextFormat int               `json:"insertTextFormat,omitempty"`
	TextEdit         protocol.TextEdit `json:"textEdit"`
}

// completionKinds maps ide's kinds to LSP's CompletionItemKind.
var completionKinds = map[ide.CompletionKind]int{
	ide.CompleteVariable: 6, ide.CompleteFunction: 3, ide.CompleteField: 5, ide.CompleteModule: 9,
	ide.CompleteKeyword: 14, ide.CompleteSnippet: 15, ide.CompleteConstant: 21, ide.CompleteEnumMember: 20,
	ide.CompleteType: 7, ide.CompleteText: 1,
}

func completion(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p positionParams
	t, off, err := s.at(ctx, params, &p)
	out := completionList{Items: []completionItem{}}
	if t == nil || err != nil {
		return out, err
	}
	l := t.view.Complete(t.file, off)
	out.IsIncomplete = l.Incomplete
	s.session.mu.Lock()
	snippets := s.session.caps.snippets
	s.session.mu.Unlock()
	for _, it := range l.Items {
		if it.Snippet && !snippets {
			it.InsertText, it.Snippet = plainSnippet(it.InsertText), false
		}
		ci := completionItem{Label: it.Label, Kind: completionKinds[it.Kind], Detail: it.Detail,
			SortText: it.SortText, FilterText: it.FilterText,
			TextEdit: protocol.TextEdit{Range: t.rng(it.Replace), NewText: it.InsertText}}
		if it.Documentation != "" {
			ci.Documentation = &markup{Kind: "markdown", Value: it.Documentation}
		}
		if it.Snippet {
			ci.InsertTextFormat = 2
		}
		out.Items = append(out.Items, ci)
	}
	return out, nil
}

type signatureHelpResult struct {
	Signatures      []signatureInformation `json:"signatures"`
	ActiveSignature int                    `json:"activeSignature"`
	ActiveParameter int                    `json:"activeParameter"`
}

type signatureInformation struct {
	Label           string                 `json:"label"`
	Documentation   *markup                `json:"documentation,omitempty"`
	Parameters      []parameterInformation `json:"parameters"`
	ActiveParameter int                    `json:"activeParameter"`
}

type parameterInformation struct {
	// Label holds the parameter's start and end in the signature label,
	// in UTF-16 code units.
	Label         [2]int  `json:"label"`
	Documentation *markup `json:"documentation,omitempty"`
}

func signatureHelp(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p positionParams
	t, off, err := s.at(ctx, params, &p)
	if t == nil || err != nil {
		return nil, err
	}
	h := t.view.SignatureHelp(t.file, off)
	if h == nil {
		return nil, nil
	}
	sig := signatureInformation{Label: h.Label, ActiveParameter: h.ActiveParameter, Parameters: []parameterInformation{}}
	if h.Documentation != "" {
		sig.Documentation = &markup{Kind: "markdown", Value: h.Documentation}
	}
	for _, prm := range h.Params {
		pi := parameterInformation{Label: [2]int{utf16Len(h.Label[:prm.Label[0]]), utf16Len(h.Label[:prm.Label[1]])}}
		if prm.Documentation != "" {
			pi.Documentation = &markup{Kind: "markdown", Value: prm.Documentation}
		}
		sig.Parameters = append(sig.Parameters, pi)
	}
	return signatureHelpResult{Signatures: []signatureInformation{sig}, ActiveParameter: h.ActiveParameter}, nil
}

// utf16Len counts the UTF-16 code units of s.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// -- Definition, references, highlights, rename --

func definition(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p positionParams
	t, off, err := s.at(ctx, params, &p)
	out := []location{}
	if t == nil || err != nil {
		return out, err
	}
	ms := &mappers{snap: t.snap, a: t.a}
	for _, l := range t.view.Definition(t.file, off) {
		out = append(out, t.location(ms, l))
	}
	return out, nil
}

type referenceParams struct {
	positionParams
	Context struct {
		IncludeDeclaration bool `json:"includeDeclaration"`
	} `json:"context"`
}

func references(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p referenceParams
	t, off, err := s.at(ctx, params, &p)
	out := []location{}
	if t == nil || err != nil {
		return out, err
	}
	ms := &mappers{snap: t.snap, a: t.a}
	for _, l := range t.view.References(t.file, off, p.Context.IncludeDeclaration) {
		out = append(out, t.location(ms, l))
	}
	return out, nil
}

type documentHighlightResult struct {
	Range protocol.Range `json:"range"`
	Kind  int            `json:"kind"`
}

func documentHighlight(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p positionParams
	t, off, err := s.at(ctx, params, &p)
	out := []documentHighlightResult{}
	if t == nil || err != nil {
		return out, err
	}
	kinds := map[ide.OccurrenceKind]int{ide.OccursText: 1, ide.OccursRead: 2, ide.OccursWrite: 3}
	for _, h := range t.view.Highlights(t.file, off) {
		out = append(out, documentHighlightResult{Range: t.rng(h.Span), Kind: kinds[h.Kind]})
	}
	return out, nil
}

func prepareRename(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p positionParams
	t, off, err := s.at(ctx, params, &p)
	if t == nil || err != nil {
		return nil, err
	}
	span, name, err := t.view.PrepareRename(t.file, off)
	if err != nil {
		return nil, jsonrpc2.NewError(errRequestFailed, err.Error())
	}
	return map[string]any{"range": t.rng(span), "placeholder": name}, nil
}

type renameParams struct {
	positionParams
	NewName string `json:"newName"`
}

func renameSymbol(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p renameParams
	t, off, err := s.at(ctx, params, &p)
	if t == nil || err != nil {
		return nil, err
	}
	edits, err := t.view.Rename(t.file, off, p.NewName)
	if err != nil {
		return nil, jsonrpc2.NewError(errRequestFailed, err.Error())
	}
	var re []rules.Edit
	for _, e := range edits {
		re = append(re, rules.Edit{File: e.Path, Start: e.Span.Start, End: e.Span.End, NewText: e.NewText})
	}
	if len(re) == 0 {
		return map[string]any{"changes": map[string]any{}}, nil
	}
	return s.session.toWorkspaceEdit(re, t.a, t.snap), nil
}

// -- Symbols --

type documentSymbolResult struct {
	Name           string                 `json:"name"`
	Detail         string                 `json:"detail,omitempty"`
	Kind           int                    `json:"kind"`
	Range          protocol.Range         `json:"range"`
	SelectionRange protocol.Range         `json:"selectionRange"`
	Children       []documentSymbolResult `json:"children,omitempty"`
}

// symbolKinds maps ide's kinds to LSP's SymbolKind.
var symbolKinds = map[ide.SymbolKind]int{
	ide.SymbolFunction: 12, ide.SymbolVariable: 13, ide.SymbolConstant: 14, ide.SymbolField: 8,
	ide.SymbolRecord: 23, ide.SymbolModule: 2, ide.SymbolSection: 3,
}

func documentSymbol(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p struct {
		TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	out := []documentSymbolResult{}
	t := s.ideTarget(ctx, p.TextDocument.URI)
	if t == nil {
		return out, nil
	}
	var convert func([]ide.Symbol) []documentSymbolResult
	convert = func(syms []ide.Symbol) []documentSymbolResult {
		var res []documentSymbolResult
		for _, sym := range syms {
			res = append(res, documentSymbolResult{Name: sym.Name, Detail: sym.Detail, Kind: symbolKinds[sym.Kind],
				Range: t.rng(sym.Span), SelectionRange: t.rng(sym.NameSpan), Children: convert(sym.Children)})
		}
		return res
	}
	if syms := convert(t.view.DocumentSymbols(t.file)); syms != nil {
		out = syms
	}
	return out, nil
}

type symbolInformation struct {
	Name          string   `json:"name"`
	Kind          int      `json:"kind"`
	Location      location `json:"location"`
	ContainerName string   `json:"containerName,omitempty"`
}

// maxWorkspaceSymbols bounds the answer of an empty or short query.
const maxWorkspaceSymbols = 1000

func workspaceSymbol(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p struct {
		Query string `json:"query"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	snap := s.session.snapshotFrom(ctx)
	s.session.mu.Lock()
	dirs := make([]string, 0, len(s.session.conns))
	for dir := range s.session.conns {
		dirs = append(dirs, dir)
	}
	s.session.mu.Unlock()
	sort.Strings(dirs)
	var analyses []*analysis
	for _, dir := range dirs {
		if a := s.session.latest(ctx, dir); a != nil {
			analyses = append(analyses, a)
		}
	}
	out := []symbolInformation{}
	for _, a := range analyses {
		open := map[string]*syntax.File{}
		for path, d := range snap.docs {
			if a.conn.FileByPath(path) != nil {
				open[path] = d.file
			}
		}
		view := cachedView(a, open)
		ms := &mappers{snap: snap, a: a}
		for _, ws := range view.WorkspaceSymbols(p.Query) {
			if len(out) == maxWorkspaceSymbols {
				return out, nil
			}
			out = append(out, symbolInformation{Name: ws.Name, Kind: symbolKinds[ws.Kind], ContainerName: ws.Container,
				Location: location{URI: uriOf(ws.Location.Path, snap), Range: ms.rng(ws.Location.Path, ws.Location.Span)}})
		}
	}
	return out, nil
}

// -- Folding, selection, semantic tokens, inlay hints --

type foldingRangeResult struct {
	StartLine int    `json:"startLine"`
	EndLine   int    `json:"endLine"`
	Kind      string `json:"kind,omitempty"`
}

func foldingRange(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p struct {
		TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	out := []foldingRangeResult{}
	f := s.documentFile(ctx, p.TextDocument.URI)
	if f == nil {
		return out, nil
	}
	m := f.Doc.Mapper()
	kinds := map[ide.FoldKind]string{ide.FoldComment: "comment", ide.FoldRegion: "region"}
	for _, r := range ide.FoldingRanges(f) {
		out = append(out, foldingRangeResult{StartLine: m.Position(r.Start).Line, EndLine: m.Position(r.End).Line, Kind: kinds[r.Kind]})
	}
	return out, nil
}

// documentFile returns the current parse of a document for features that
// need no model: the open buffer, else the connector's file.
func (s *server) documentFile(ctx context.Context, uri protocol.DocumentURI) *syntax.File {
	path := pathOf(string(uri))
	if d := s.session.snapshotFrom(ctx).docs[path]; d != nil {
		return d.file
	}
	if t := s.ideTarget(ctx, uri); t != nil {
		return t.file
	}
	return nil
}

type selectionRangeResult struct {
	Range  protocol.Range        `json:"range"`
	Parent *selectionRangeResult `json:"parent,omitempty"`
}

func selectionRange(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p struct {
		TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
		Positions    []protocol.Position             `json:"positions"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	out := []*selectionRangeResult{}
	f := s.documentFile(ctx, p.TextDocument.URI)
	if f == nil {
		return out, nil
	}
	m := f.Doc.Mapper()
	offs := make([]int, len(p.Positions))
	for i, pos := range p.Positions {
		off, err := m.Offset(fromPosition(pos))
		if err != nil {
			return nil, errorf("%v", err)
		}
		offs[i] = off
	}
	for _, chain := range ide.SelectionRanges(f, offs) {
		var sr *selectionRangeResult
		for i := len(chain) - 1; i >= 0; i-- {
			sr = &selectionRangeResult{Range: toRange(m.Range(chain[i])), Parent: sr}
		}
		out = append(out, sr)
	}
	return out, nil
}

type semanticTokensResult struct {
	Data []uint32 `json:"data"`
}

func semanticTokensFull(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p struct {
		TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	t := s.ideTarget(ctx, p.TextDocument.URI)
	if t == nil {
		return semanticTokensResult{Data: []uint32{}}, nil
	}
	return encodeTokens(t.file, t.view.SemanticTokens(t.file, document.Span{Start: 0, End: len(t.file.Text())})), nil
}

func semanticTokensRange(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p struct {
		TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
		Range        protocol.Range                  `json:"range"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	t := s.ideTarget(ctx, p.TextDocument.URI)
	if t == nil {
		return semanticTokensResult{Data: []uint32{}}, nil
	}
	span, err := t.file.Doc.Mapper().Span(document.Range{Start: fromPosition(p.Range.Start), End: fromPosition(p.Range.End)})
	if err != nil {
		return nil, errorf("%v", err)
	}
	return encodeTokens(t.file, t.view.SemanticTokens(t.file, span)), nil
}

// encodeTokens writes tokens in LSP's relative encoding: line delta,
// start delta (UTF-16), length (UTF-16), type, modifiers. Tokens are in
// document order, so one pass over the text finds their lines and columns
// (lines end at "\n", "\r\n" and a lone "\r", as the Mapper has them).
func encodeTokens(f *syntax.File, toks []ide.Token) semanticTokensResult {
	text := f.Text()
	data := make([]uint32, 0, len(toks)*5)
	line, col, at := 0, 0, 0 // at: the offset whose position is (line, col)
	prevLine, prevChar := 0, 0
	for _, tk := range toks {
		for at < tk.Start {
			switch c := text[at]; {
			case c == '\n' || c == '\r' && (at+1 >= len(text) || text[at+1] != '\n'):
				line, col = line+1, 0
				at++
			case c < utf8.RuneSelf:
				col++
				at++
			default:
				r, size := utf8.DecodeRune(text[at:])
				if r >= 0x10000 {
					col += 2
				} else {
					col++
				}
				at += size
			}
		}
		if line != prevLine {
			prevChar = 0
		}
		data = append(data, uint32(line-prevLine), uint32(col-prevChar), uint32(utf16Units(text[tk.Start:tk.End])), tk.Type, tk.Mods)
		prevLine, prevChar = line, col
	}
	return semanticTokensResult{Data: data}
}

// utf16Units counts the UTF-16 code units of b (an invalid byte as one).
func utf16Units(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		n += len(utf16.Encode([]rune{r}))
		i += size
	}
	return n
}

type inlayHintResult struct {
	Position     protocol.Position `json:"position"`
	Label        string            `json:"label"`
	Kind         int               `json:"kind"`
	PaddingRight bool              `json:"paddingRight"`
}

func inlayHint(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p struct {
		TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
		Range        protocol.Range                  `json:"range"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	out := []inlayHintResult{}
	t := s.ideTarget(ctx, p.TextDocument.URI)
	if t == nil {
		return out, nil
	}
	m := t.file.Doc.Mapper()
	span, err := m.Span(document.Range{Start: fromPosition(p.Range.Start), End: fromPosition(p.Range.End)})
	if err != nil {
		return nil, errorf("%v", err)
	}
	for _, h := range t.view.InlayHints(t.file, span) {
		out = append(out, inlayHintResult{Position: toPosition(m.Position(h.Offset)), Label: h.Label, Kind: 2, PaddingRight: true})
	}
	return out, nil
}

// -- Formatting --

type formattingParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        *protocol.Range                 `json:"range"`
	Options      struct {
		TabSize      int  `json:"tabSize"`
		InsertSpaces bool `json:"insertSpaces"`
	} `json:"options"`
}

func formatting(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	return format(ctx, s, params)
}

func rangeFormatting(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	return format(ctx, s, params)
}

func format(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	p := formattingParams{}
	p.Options.InsertSpaces = true
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	out := []protocol.TextEdit{}
	f := s.documentFile(ctx, p.TextDocument.URI)
	if f == nil || !isMDocument(pathOf(string(p.TextDocument.URI))) {
		return out, nil
	}
	opts := ide.FormatOptions{TabSize: p.Options.TabSize, UseTabs: !p.Options.InsertSpaces}
	m := f.Doc.Mapper()
	span := document.Span{Start: 0, End: len(f.Text())}
	if p.Range != nil {
		var err error
		if span, err = m.Span(document.Range{Start: fromPosition(p.Range.Start), End: fromPosition(p.Range.End)}); err != nil {
			return nil, errorf("%v", err)
		}
	}
	for _, e := range ide.FormatRange(f, span, opts) {
		out = append(out, protocol.TextEdit{Range: toRange(m.Range(e.Span)), NewText: e.NewText})
	}
	return out, nil
}

// isMDocument reports whether a path is an M document the formatter may
// rewrite.
func isMDocument(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".pq", ".pqm", ".m":
		return true
	}
	return false
}

// plainSnippet turns snippet text into plain text for clients without
// snippet support: placeholders keep their default text, tab stops go.
func plainSnippet(s string) string {
	var b strings.Builder
	depth := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && strings.IndexByte("$}\\", s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i++
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			j := i + 2
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j < len(s) && s[j] == ':' {
				i = j // the default text follows; its closing brace is dropped below
				depth++
				continue
			}
			if j < len(s) && s[j] == '}' {
				i = j
				continue
			}
			b.WriteByte(s[i])
		case s[i] == '$' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			for i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				i++
			}
		case s[i] == '}' && depth > 0:
			depth--
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
