package rules

import (
	"bytes"
	"fmt"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/syntax"
)

// InvalidSuppression is the engine's own rule: a suppression comment naming
// an unknown or malformed code. It is never silently ignored.
var InvalidSuppression = &Rule{
	Code:     "PQC000",
	Name:     "invalid-suppression",
	Severity: Warning,
	Doc: "## What it checks\n\nA `pqcert-disable-next-line` or `pqcert-disable-file` comment names only existing rule codes (`PQC` and three digits).\n\n" +
		"## Why\n\nA misspelled code would silently suppress nothing, and the finding it meant to silence would come back unexplained.\n\n" +
		"## Example\n\n```m\n// pqcert-disable-next-line PQC99\n```\n\n## Use instead\n\n```m\n// pqcert-disable-next-line PQC501\n```\n\n## Fix safety\n\nNo fix.\n\n## Options\n\nNone.\n",
}

// InternalError reports a rule that failed (a bug in pqcert, never in the connector).
var InternalError = &Rule{
	Code:     "PQC999",
	Name:     "internal-error",
	Severity: Warning,
	Doc:      "## What it checks\n\nNothing: it reports a rule of pqcert that failed on this connector, which is a bug in pqcert.\n\n## Why\n\nA failing rule must not take the others down; it is reported so that it can be fixed.\n\n## Example\n\nNone.\n\n## Use instead\n\nNone.\n\n## Fix safety\n\nNo fix.\n\n## Options\n\nNone.\n",
}

// Config is what the engine needs from configuration.
type Config struct {
	// Severities override rules' defaults by code.
	Severities map[string]Severity
	// InitialRelease is .pqcert.json's initialRelease (nil: unset).
	InitialRelease *bool
}

// Run runs rules over a model and returns the findings, sorted by file,
// offset and code, with suppressions applied and severities configured.
// A rule that panics yields one PQC999 finding and the others go on.
func Run(m *model.Model, rules []*Rule, cfg Config) []Finding {
	known := map[string]bool{InvalidSuppression.Code: true}
	for _, c := range catalogCodes {
		known[c] = true
	}
	for _, r := range rules {
		known[r.Code] = true
	}
	var out []Finding
	for _, r := range rules {
		sev := r.Severity
		if s, ok := cfg.Severities[r.Code]; ok {
			sev = s
		}
		if sev == Off || r.Run == nil {
			continue
		}
		for _, f := range runOne(m, r, cfg) {
			if f.Severity == Off {
				f.Severity = sev
			}
			if s, ok := cfg.Severities[r.Code]; ok {
				f.Severity = s
			}
			out = append(out, f)
		}
	}
	sup := collectSuppressions(m, known)
	out = sup.filter(out)
	if s, ok := cfg.Severities[InvalidSuppression.Code]; !ok || s != Off {
		for _, f := range sup.invalid {
			if ok {
				f.Severity = s
			}
			out = append(out, f)
		}
	}
	Sort(out)
	return out
}

func runOne(m *model.Model, r *Rule, cfg Config) (findings []Finding) {
	p := &Pass{Model: m, Rule: r, InitialRelease: cfg.InitialRelease}
	defer func() {
		if e := recover(); e != nil {
			path := ""
			if m.Connector != nil && m.Connector.Main != nil {
				path = m.Connector.Main.Path
			}
			findings = []Finding{{
				Rule: InternalError, Severity: InternalError.Severity, File: path,
				Message: fmt.Sprintf("rule %s (%s) failed: %v; please report this with the connector: %s", r.Code, r.Name, e, firstLines(string(debug.Stack()), 12)),
			}}
		}
	}()
	r.Run(p)
	return p.findings
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " | ")
}

// Sort orders findings by file, offset, code and message.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Span.Start != b.Span.Start {
			return a.Span.Start < b.Span.Start
		}
		if a.Rule.Code != b.Rule.Code {
			return a.Rule.Code < b.Rule.Code
		}
		return a.Message < b.Message
	})
}

// -- Suppression --

var (
	directiveRE = regexp.MustCompile(`pqcert-disable-(next-line|file)\b(.*)`)
	codeRE      = regexp.MustCompile(`^PQC\d{3}$`)
)

type suppressions struct {
	// lines maps file -> 0-based line -> codes (nil: all) suppressed there.
	lines map[string]map[int][]string
	// files maps file -> codes suppressed in the whole file (nil entry: all).
	files   map[string][]string
	allFile map[string]bool
	invalid []Finding
	mappers map[string]*document.Mapper
}

// directivePrefix starts every suppression comment. The text is searched
// for it before any node is looked at: most files have no directive, and a
// search of their bytes costs far less than a walk over their nodes.
var directivePrefix = []byte("pqcert-disable")

func collectSuppressions(m *model.Model, known map[string]bool) *suppressions {
	s := &suppressions{lines: map[string]map[int][]string{}, files: map[string][]string{}, allFile: map[string]bool{}, mappers: map[string]*document.Mapper{}}
	for _, f := range m.Files() {
		path := m.PathOf(f)
		text := f.Text()
		for off := 0; off < len(text); {
			i := bytes.Index(text[off:], directivePrefix)
			if i < 0 {
				break
			}
			n := commentAt(f, off+i)
			off += i + len(directivePrefix)
			if n.IsNull() {
				continue // in a text literal or an identifier
			}
			off = max(off, n.End()) // one directive per comment, as the regexp finds
			s.add(f, path, n, known)
		}
	}
	return s
}

// commentAt returns the comment holding byte offset off of f, or a null
// node.
func commentAt(f *syntax.File, off int) syntax.Node {
	// Nodes start in preorder order, so the last one starting at or before
	// off is the deepest node there: the token holding off, if any.
	holds := func(n syntax.Node) bool { return n.Kind() == syntax.KindComment && n.Start() <= off && off < n.End() }
	i := sort.Search(f.NodeCount(), func(i int) bool { return f.Node(i).Start() > off }) - 1
	if n := f.Node(i); holds(n) {
		return n
	}
	if n := f.NodeAt(off); holds(n) {
		return n
	}
	return syntax.Node{}
}

// add records the directive of comment n, if it holds one.
func (s *suppressions) add(f *syntax.File, path string, n syntax.Node, known map[string]bool) {
	text := n.Text()
	match := directiveRE.FindStringSubmatchIndex(text)
	if match == nil {
		return
	}
	kind := text[match[2]:match[3]]
	rest := text[match[4]:match[5]]
	rest = strings.TrimSuffix(strings.TrimSpace(rest), "*/")
	var codes []string
	bad := false
	for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if w == "--" {
			break // the rest is a reason
		}
		if !codeRE.MatchString(w) || !known[w] {
			why := "unknown rule code"
			if !codeRE.MatchString(w) {
				why = "malformed rule code"
			}
			off := n.Start() + match[4] + strings.Index(text[match[4]:], w)
			s.invalid = append(s.invalid, Finding{Rule: InvalidSuppression, Severity: InvalidSuppression.Severity, File: path,
				Span:    document.Span{Start: off, End: off + len(w)},
				Message: fmt.Sprintf("%s `%s` in a pqcert-disable-%s comment", why, w, kind)})
			bad = true
			continue
		}
		codes = append(codes, w)
	}
	if bad && len(codes) == 0 {
		return // suppress nothing rather than everything
	}
	if kind == "file" {
		if len(codes) == 0 {
			s.allFile[path] = true
		}
		s.files[path] = append(s.files[path], codes...)
		return
	}
	s.mappers[path] = f.Doc.Mapper()
	line := s.mappers[path].Position(n.End()).Line + 1
	if s.lines[path] == nil {
		s.lines[path] = map[int][]string{}
	}
	if len(codes) == 0 {
		s.lines[path][line] = nil
		s.lines[path][-line-1] = []string{"*"}
	} else {
		s.lines[path][line] = append(s.lines[path][line], codes...)
	}
}

func (s *suppressions) filter(in []Finding) []Finding {
	out := in[:0]
	for _, f := range in {
		if s.suppressed(f) {
			continue
		}
		out = append(out, f)
	}
	return out
}

func (s *suppressions) suppressed(f Finding) bool {
	if f.Rule == InvalidSuppression {
		return false
	}
	if s.allFile[f.File] || contains(s.files[f.File], f.Rule.Code) {
		return true
	}
	lines := s.lines[f.File]
	if lines == nil {
		return false
	}
	m := s.mappers[f.File]
	if m == nil {
		return false
	}
	line := m.Position(f.Span.Start).Line
	if _, all := lines[-line-1]; all {
		return true
	}
	return contains(lines[line], f.Rule.Code)
}

func contains(list []string, code string) bool {
	for _, c := range list {
		if c == code {
			return true
		}
	}
	return false
}
