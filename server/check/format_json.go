package check

import (
	"encoding/json"
	"io"

	"github.com/pqcert/pqcert/server/rules"
)

type jsonReport struct {
	Version  int           `json:"version"`
	Findings []jsonFinding `json:"findings"`
	Summary  jsonSummary   `json:"summary"`
}

type jsonFinding struct {
	File      string        `json:"file"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"endLine"`
	EndColumn int           `json:"endColumn"`
	Code      string        `json:"code"`
	Name      string        `json:"name"`
	Severity  string        `json:"severity"`
	Message   string        `json:"message"`
	Related   []jsonRelated `json:"related"`
	Fixes     []jsonFix     `json:"fixes"`
}

type jsonRelated struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Message   string `json:"message"`
}

type jsonFix struct {
	Title string     `json:"title"`
	Safe  bool       `json:"safe"`
	Edits []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	NewText   string `json:"newText"`
}

type jsonSummary struct {
	Files       int `json:"files"`
	Errors      int `json:"errors"`
	Warnings    int `json:"warnings"`
	Information int `json:"information"`
	Hints       int `json:"hints"`
}

// WriteJSON renders findings as pqcert's JSON report (version 1): 1-based
// lines, UTF-16 columns, paths relative to the working directory.
func WriteJSON(w io.Writer, res *Result) error {
	rep := jsonReport{Version: 1, Findings: []jsonFinding{}}
	for _, f := range res.Findings {
		l, c := res.Position(f.File, f.Span.Start)
		el, ec := res.Position(f.File, f.Span.End)
		jf := jsonFinding{File: res.Rel(f.File), Line: l, Column: c, EndLine: el, EndColumn: ec,
			Code: f.Rule.Code, Name: f.Rule.Name, Severity: f.Severity.String(), Message: f.Message,
			Related: []jsonRelated{}, Fixes: []jsonFix{}}
		for _, r := range f.Related {
			l, c := res.Position(r.File, r.Span.Start)
			el, ec := res.Position(r.File, r.Span.End)
			jf.Related = append(jf.Related, jsonRelated{File: res.Rel(r.File), Line: l, Column: c, EndLine: el, EndColumn: ec, Message: r.Message})
		}
		for _, fx := range f.Fixes {
			jx := jsonFix{Title: fx.Title, Safe: fx.Safety == rules.Safe, Edits: []jsonEdit{}}
			for _, e := range fx.Edits {
				l, c := res.Position(e.File, e.Start)
				el, ec := res.Position(e.File, e.End)
				jx.Edits = append(jx.Edits, jsonEdit{File: res.Rel(e.File), Line: l, Column: c, EndLine: el, EndColumn: ec, NewText: e.NewText})
			}
			jf.Fixes = append(jf.Fixes, jx)
		}
		rep.Findings = append(rep.Findings, jf)
	}
	counts := res.Count()
	files := 0
	for _, c := range res.Connectors {
		files += len(c.Files())
	}
	rep.Summary = jsonSummary{Files: files, Errors: counts[rules.Error], Warnings: counts[rules.Warning],
		Information: counts[rules.Information], Hints: counts[rules.Hint]}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}
