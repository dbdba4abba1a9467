package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/report"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/all"
)

// -- Code actions and commands --

func init() {
	register("textDocument/codeAction", codeAction, false)
	register("workspace/executeCommand", executeCommand, false)
}

type codeActionParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        protocol.Range                  `json:"range"`
	Context      struct {
		Diagnostics []json.RawMessage `json:"diagnostics"`
		Only        []string          `json:"only"`
	} `json:"context"`
}

type codeActionResult struct {
	Title       string         `json:"title"`
	Kind        string         `json:"kind"`
	Diagnostics []diagnostic   `json:"diagnostics,omitempty"`
	IsPreferred bool           `json:"isPreferred,omitempty"`
	Edit        *workspaceEdit `json:"edit,omitempty"`
}

const fixAllKind = "source.fixAll.pqcert"

func codeAction(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p codeActionParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	path := pathOf(string(p.TextDocument.URI))
	snap := s.session.snapshotFrom(ctx)
	a := s.session.current(ctx, path, snap)
	out := []codeActionResult{}
	if a == nil {
		return out, nil
	}
	wantQuick, wantFixAll := kindsWanted(p.Context.Only)
	ms := &mappers{snap: snap, a: a}
	text := textOf(path, snap, a)
	if text == nil {
		return out, nil
	}
	mapper := ms.get(path)
	span, err := mapper.Span(document.Range{Start: fromPosition(p.Range.Start), End: fromPosition(p.Range.End)})
	if err != nil {
		return out, nil
	}
	if wantQuick {
		for _, f := range a.findings {
			if f.File != path || len(f.Fixes) == 0 || !overlaps(f.Span, span) {
				continue
			}
			diag := toDiagnostic(f, ms)
			for i, fx := range f.Fixes {
				out = append(out, codeActionResult{
					Title:       fx.Title,
					Kind:        "quickfix",
					Diagnostics: []diagnostic{diag},
					IsPreferred: fx.Preferred || (i == 0 && fx.Safety == rules.Safe),
					Edit:        s.session.toWorkspaceEdit(fx.Edits, a, snap),
				})
			}
		}
	}
	if wantFixAll {
		if edit := s.session.fixAll(path, a, snap); edit != nil {
			out = append(out, codeActionResult{Title: "Fix all safe pqcert findings", Kind: fixAllKind, Edit: edit})
		}
	}
	return out, nil
}

// kindsWanted reads the `only` filter of a code action request.
func kindsWanted(only []string) (quick, fixAll bool) {
	if len(only) == 0 {
		return true, false
	}
	for _, k := range only {
		switch {
		case k == "quickfix":
			quick = true
		case k == "source" || k == "source.fixAll" || k == fixAllKind:
			fixAll = true
		}
	}
	return quick, fixAll
}

// overlaps reports whether a finding's span touches the requested span
// (an empty request range at the finding's edge counts).
func overlaps(a, b document.Span) bool {
	return a.Start <= b.End && b.Start <= a.End
}

// fixAll merges every safe fix of the document's findings, dropping fixes
// that conflict, as `pqcert check --fix` does in one round.
func (ss *session) fixAll(path string, a *analysis, snap *snapshot) *workspaceEdit {
	var fixes []rules.Fix
	for _, f := range a.findings {
		if f.File != path {
			continue
		}
		for _, fx := range f.Fixes {
			if fx.Safety == rules.Safe {
				fixes = append(fixes, fx)
				break
			}
		}
	}
	if len(fixes) == 0 {
		return nil
	}
	texts := map[string][]byte{}
	for _, fx := range fixes {
		for _, e := range fx.Edits {
			if _, ok := texts[e.File]; !ok {
				texts[e.File] = textOf(e.File, snap, a)
			}
		}
	}
	_, applied := rules.ApplyFixes(texts, fixes)
	var edits []rules.Edit
	for _, fx := range applied {
		edits = append(edits, fx.Edits...)
	}
	if len(edits) == 0 {
		return nil
	}
	return ss.toWorkspaceEdit(edits, a, snap)
}

type executeCommandParams struct {
	Command   string            `json:"command"`
	Arguments []json.RawMessage `json:"arguments"`
}

func executeCommand(ctx context.Context, s *server, params json.RawMessage) (any, error) {
	var p executeCommandParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	switch p.Command {
	case "pqcert.checkWorkspace":
		s.session.mu.Lock()
		folders := append([]string(nil), s.session.folders...)
		s.session.mu.Unlock()
		n := s.session.checkAll(folders)
		return map[string]any{"connectors": n}, nil
	case "pqcert.report":
		var uri string
		if len(p.Arguments) > 0 {
			_ = json.Unmarshal(p.Arguments[0], &uri)
		}
		path := pathOf(uri)
		if path == "" {
			return nil, errorf("pqcert.report needs the URI of a connector file as its argument")
		}
		snap := s.session.snapshotFrom(ctx)
		a := s.session.current(ctx, path, snap)
		if a == nil {
			return nil, errorf("no connector found for %s", uri)
		}
		opts := report.Options{Rules: all.Rules, Config: rules.ConfigFrom(a.conn.Config)}
		if a.conn.Config != nil {
			opts.Release = a.conn.Config.TargetRelease
		}
		return report.Markdown(a.model, a.findings, opts)
	}
	return nil, errorf("unknown command %q", p.Command)
}
