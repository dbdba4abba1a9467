// This file defines the SARIF 2.1.0 rendering, for code-scanning services
// (GitHub code scanning, Azure DevOps) and SARIF viewers.

package check

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/pqcert/pqcert/server/rules"
)

// SARIF constants.
const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion = "2.1.0"
	// srcRoot is the base of the relative file URIs: the working directory.
	srcRoot = "%SRCROOT%"
	// InformationURI is pqcert's home page.
	InformationURI = "https://github.com/pqcert/pqcert"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult                    `json:"results"`
	ColumnKind         string                           `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifMultiText  `json:"shortDescription"`
	FullDescription      sarifMultiText  `json:"fullDescription"`
	Help                 sarifMultiText  `json:"help"`
	HelpURI              string          `json:"helpUri"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
}

type sarifMultiText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifMessage    `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Fixes            []sarifFix      `json:"fixes,omitempty"`
}

type sarifLocation struct {
	ID               int                   `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifMessage         `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           sarifRegion           `json:"region"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifFix struct {
	Description     sarifMessage          `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion   `json:"deletedRegion"`
	InsertedContent *sarifContent `json:"insertedContent,omitempty"`
}

type sarifContent struct {
	Text string `json:"text"`
}

// sarifLevel maps a severity to a SARIF level: information and hints are
// notes.
func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "note"
}

// WriteSARIF renders findings as a SARIF 2.1.0 log with one run: every rule
// of res.Rules in tool.driver.rules (id, name, descriptions and help from
// the rule's documentation, default level), and each finding as a result
// with its location, related locations and fixes. Lines are 1-based and
// columns count UTF-16 code units (columnKind utf16CodeUnits); file URIs
// are relative to the working directory, named %SRCROOT%.
func WriteSARIF(w io.Writer, res *Result) error {
	index := map[*rules.Rule]int{}
	driver := sarifDriver{Name: "pqcert", InformationURI: InformationURI, Rules: []sarifRule{}}
	addRule := func(r *rules.Rule) int {
		if i, ok := index[r]; ok {
			return i
		}
		index[r] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRuleOf(r))
		return index[r]
	}
	for _, r := range res.Rules {
		addRule(r)
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}, ColumnKind: "utf16CodeUnits"}
	if base := res.sarifArtifactBase(); base != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{srcRoot: {URI: base}}
	}
	for _, f := range res.Findings {
		r := sarifResult{
			RuleID:    f.Rule.Code,
			RuleIndex: addRule(f.Rule),
			Level:     sarifLevel(f.Severity),
			Message:   sarifMessage{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: res.sarifPhysical(f.File, f.Span.Start, f.Span.End)}},
		}
		for i, rel := range f.Related {
			r.RelatedLocations = append(r.RelatedLocations, sarifLocation{
				ID:               i + 1,
				PhysicalLocation: res.sarifPhysical(rel.File, rel.Span.Start, rel.Span.End),
				Message:          &sarifMessage{Text: rel.Message},
			})
		}
		for _, fx := range f.Fixes {
			r.Fixes = append(r.Fixes, res.sarifFixOf(fx))
		}
		run.Results = append(run.Results, r)
	}
	// Rules first met in findings (the engine's PQC999) joined the list late.
	run.Tool.Driver = driver
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// sarifArtifactBase returns the file URI of the working directory, with a
// final slash, or "" when it is unknown.
func (res *Result) sarifArtifactBase() string {
	if res.wd == "" {
		return ""
	}
	base := filepath.ToSlash(res.wd)
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	if !strings.HasPrefix(base, "/") {
		base = "/" + base // a Windows drive letter
	}
	return (&url.URL{Scheme: "file", Path: base}).String()
}

// sarifRuleOf describes a rule from its documentation.
func sarifRuleOf(r *rules.Rule) sarifRule {
	short := r.Summary()
	if short == "" {
		short = r.Name
	}
	full := rules.Section(r.Doc, "What it checks")
	if full == "" {
		full = short
	}
	help := strings.TrimSpace(r.Doc)
	if help == "" {
		help = full
	}
	return sarifRule{
		ID:                   r.Code,
		Name:                 r.Name,
		ShortDescription:     sarifMultiText{Text: short},
		FullDescription:      sarifMultiText{Text: full, Markdown: full},
		Help:                 sarifMultiText{Text: help, Markdown: help},
		HelpURI:              r.DocURL(),
		DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(r.Severity)},
	}
}

// sarifArtifact locates a file: relative to %SRCROOT% when it lies under
// the working directory or near it, else by its absolute file URI.
func (res *Result) sarifArtifact(path string) sarifArtifactLocation {
	rel := res.Rel(path)
	if rel == "" || filepath.IsAbs(filepath.FromSlash(rel)) || (len(rel) > 1 && rel[1] == ':') {
		p := filepath.ToSlash(path)
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		return sarifArtifactLocation{URI: (&url.URL{Scheme: "file", Path: p}).String()}
	}
	segs := strings.Split(rel, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return sarifArtifactLocation{URI: strings.Join(segs, "/"), URIBaseID: srcRoot}
}

func (res *Result) sarifRegion(path string, start, end int) sarifRegion {
	l, c := res.Position(path, start)
	el, ec := res.Position(path, end)
	return sarifRegion{StartLine: l, StartColumn: c, EndLine: el, EndColumn: ec}
}

func (res *Result) sarifPhysical(path string, start, end int) sarifPhysicalLocation {
	return sarifPhysicalLocation{ArtifactLocation: res.sarifArtifact(path), Region: res.sarifRegion(path, start, end)}
}

// sarifFixOf renders a fix, its edits grouped by file in order of first
// appearance.
func (res *Result) sarifFixOf(fx rules.Fix) sarifFix {
	out := sarifFix{Description: sarifMessage{Text: fx.Title}}
	byFile := map[string]int{}
	for _, e := range fx.Edits {
		i, ok := byFile[e.File]
		if !ok {
			i = len(out.ArtifactChanges)
			byFile[e.File] = i
			out.ArtifactChanges = append(out.ArtifactChanges, sarifArtifactChange{ArtifactLocation: res.sarifArtifact(e.File)})
		}
		rep := sarifReplacement{DeletedRegion: res.sarifRegion(e.File, e.Start, e.End)}
		if e.NewText != "" {
			rep.InsertedContent = &sarifContent{Text: e.NewText}
		}
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, rep)
	}
	return out
}
