// Package rules is the rule engine: it runs rules over a connector's model
// and returns their findings, with configured severities, suppression
// comments and fixes. The engine knows no rule by name: each rule is a
// [Rule] value (code, name, severity, documentation, run function), and the
// rule families under this folder list theirs; package rules/all gathers
// them. Call [Run] to check a model and [ApplyFixes] to apply fixes.
package rules

import (
	"fmt"
	"strings"

	"github.com/pqcert/pqcert/server/config"
	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/syntax"
)

// Severity is how serious a finding is. It is the configuration's type,
// so that configured severities need no conversion.
type Severity = config.Severity

// The severities, from quietest to loudest.
const (
	// Off disables a rule.
	Off         = config.Off
	Hint        = config.Hint
	Information = config.Information
	Warning     = config.Warning
	Error       = config.Error
)

// ParseSeverity reads a severity word as a command line gives it: the
// configuration's words, and also "none" for off and "warn" for warning,
// with blanks around.
func ParseSeverity(s string) (Severity, bool) {
	switch w := strings.ToLower(strings.TrimSpace(s)); w {
	case "none":
		return Off, true
	case "warn":
		return Warning, true
	default:
		return config.ParseSeverity(w)
	}
}

// FixAvailability says whether a rule offers fixes.
type FixAvailability int

const (
	FixNone FixAvailability = iota
	FixSometimes
	FixAlways
)

// Needs lists what a rule reads, so the engine can skip unneeded work.
type Needs int

const (
	NeedsSyntax Needs = 1 << iota
	NeedsScope
	NeedsFacts
	NeedsFlow
	NeedsFiles // reads files besides M sources (resx, icons, packages)
)

// Rule is one check.
type Rule struct {
	// Code is stable forever ("PQC302").
	Code string
	// Name is kebab-case and names the problem ("beta-not-set").
	Name string
	// Severity is the default severity.
	Severity Severity
	// Doc is the Markdown explanation: What it checks, Why, Example, Use
	// instead, Fix safety, Options.
	Doc   string
	Fix   FixAvailability
	Needs Needs
	Run   func(*Pass)
}

// Summary returns the first sentence of the "What it checks" section.
func (r *Rule) Summary() string {
	body := Section(r.Doc, "What it checks")
	if i := strings.Index(body, ". "); i >= 0 {
		body = body[:i+1]
	}
	return strings.Join(strings.Fields(body), " ")
}

// Section returns the text of a `## title` section of a Markdown document.
func Section(doc, title string) string {
	head := "## " + title
	i := strings.Index(doc, head)
	if i < 0 {
		return ""
	}
	rest := doc[i+len(head):]
	if j := strings.Index(rest, "\n## "); j >= 0 {
		rest = rest[:j]
	}
	return strings.TrimSpace(rest)
}

// Safety says whether a fix may be applied without a person looking.
type Safety int

const (
	// Safe fixes keep the meaning or do exactly what the rule demands,
	// yield valid M and keep comments; `check --fix` applies them.
	Safe Safety = iota
	// Unsafe fixes may change behaviour or guess; editors offer them.
	Unsafe
)

// Edit replaces the bytes [Start, End) of File with NewText. File is an
// absolute path; offsets are into the file's decoded text.
type Edit struct {
	File       string
	Start, End int
	NewText    string
}

// Fix is a titled set of edits, possibly over several files.
type Fix struct {
	Title  string
	Safety Safety
	Edits  []Edit
	// Preferred marks the fix an editor should offer first.
	Preferred bool
}

// Related is an extra location for a finding (a step of a credential's path).
type Related struct {
	File    string
	Span    document.Span
	Message string
}

// Tags mark findings for editors.
type Tags int

const (
	// Unnecessary findings are shown faded (unused bindings).
	Unnecessary Tags = 1 << iota
	Deprecated
)

// Finding is one problem found by a rule.
type Finding struct {
	Rule     *Rule
	Severity Severity
	// File is the absolute path of the file the finding is in.
	File    string
	Span    document.Span
	Message string
	Related []Related
	Fixes   []Fix
	Tags    Tags
}

// Pass is what a rule's Run function gets: the model and a way to report.
type Pass struct {
	Model *model.Model
	Rule  *Rule
	// InitialRelease is the configuration's initialRelease (nil: unset).
	InitialRelease *bool
	findings       []Finding
}

// Report records a finding. A zero Severity takes the rule's.
func (p *Pass) Report(f Finding) {
	f.Rule = p.Rule
	p.findings = append(p.findings, f)
}

// ReportNode records a finding at a node of a parsed file.
func (p *Pass) ReportNode(n syntax.Node, format string, args ...any) *Finding {
	p.Report(Finding{File: p.Model.PathOf(n.File()), Span: n.Span(), Message: fmt.Sprintf(format, args...)})
	return &p.findings[len(p.findings)-1]
}

// ReportFile records a finding at a span of any file of the connector.
func (p *Pass) ReportFile(path string, span document.Span, format string, args ...any) *Finding {
	p.Report(Finding{File: path, Span: span, Message: fmt.Sprintf(format, args...)})
	return &p.findings[len(p.findings)-1]
}

// EditNode returns an edit that replaces a node's text.
func (p *Pass) EditNode(n syntax.Node, text string) Edit {
	return Edit{File: p.Model.PathOf(n.File()), Start: n.Start(), End: n.End(), NewText: text}
}

// Insert returns an edit that inserts text at a byte offset of a parsed file.
func (p *Pass) Insert(f *syntax.File, off int, text string) Edit {
	return Edit{File: p.Model.PathOf(f), Start: off, End: off, NewText: text}
}

// families maps a code's hundreds digit to the folder of its rule family.
var families = [...]string{"document", "auth", "naming", "publish", "resources", "security", "submission", "general"}

// DocURL returns the address of the rule's explanation: its Markdown file in
// the repository (the engine's own codes point at the engine).
func (r *Rule) DocURL() string {
	const base = "https://github.com/pqcert/pqcert/blob/main/server/rules/"
	if r.Code == InvalidSuppression.Code || r.Code == InternalError.Code || len(r.Code) != 6 {
		return base + "engine.go"
	}
	d := r.Code[3] - '0'
	if int(d) >= len(families) {
		return base + "engine.go"
	}
	return base + families[d] + "/" + strings.ToLower(r.Code) + "_" + strings.ReplaceAll(r.Name, "-", "_") + ".md"
}
