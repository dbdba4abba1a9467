// Package ruletest runs rules over test connectors and compares their
// findings with expectations written in the connectors themselves, in the
// manner of go/analysis's analysistest:
//
//   - in M files, a comment `// want PQC302` (or `/* want PQC302 */`) on the
//     line where a finding starts; several codes may follow `want`, each
//     optionally with a quoted substring of the message: `// want PQC302 "Beta"`;
//   - in resources.resx, `<!-- want PQC404 -->` on the line of the finding;
//   - in want.txt in the connector folder, lines `file:line PQCnnn` for
//     findings elsewhere (packages, broken files).
//
// Connectors are folders, or txtar-style archives (`-- name --` lines) that
// [Write] unpacks; an archive entry named `@name` holds the expected text of
// file `name` after all safe fixes, which [RunWithFixes] checks.
package ruletest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
	"github.com/pqcert/pqcert/server/workspace"
)

// Load loads and models the connector in dir.
func Load(t testing.TB, dir string) *model.Model {
	t.Helper()
	c, err := workspace.Load(dir, workspace.Disk{})
	if err != nil || c == nil {
		t.Fatalf("loading %s: %v (no connector?)", dir, err)
	}
	return model.Build(c, model.Options{})
}

// Findings runs rules over the connector in dir with its configuration.
func Findings(t testing.TB, dir string, rs []*rules.Rule) (*model.Model, []rules.Finding) {
	t.Helper()
	m := Load(t, dir)
	return m, rules.Run(m, rs, rules.ConfigFrom(m.Connector.Config))
}

type want struct {
	file string // absolute
	line int    // 1-based
	code string
	text string // substring of the message, or ""
}

func (w want) String() string {
	s := fmt.Sprintf("%s:%d %s", filepath.Base(w.file), w.line, w.code)
	if w.text != "" {
		s += fmt.Sprintf(" %q", w.text)
	}
	return s
}

var (
	wantRE = regexp.MustCompile(`(?://|/\*|<!--)\s*want\s+(.*?)\s*(?:\*/|-->|$)`)
	itemRE = regexp.MustCompile(`(PQC\d{3})(?:\s+"((?:[^"\\]|\\.)*)")?`)
)

// Run runs rules over the connector in dir and checks its findings against
// the want expectations, one to one. Only codes of the given rules (and
// PQC000) are expected; other wants are ignored, so a connector can serve
// the tests of several rule families.
func Run(t *testing.T, dir string, rs []*rules.Rule) []rules.Finding {
	t.Helper()
	m, findings := Findings(t, dir, rs)
	codes := map[string]bool{rules.InvalidSuppression.Code: true}
	for _, r := range rs {
		codes[r.Code] = true
	}
	wants := expectations(t, m.Connector.Dir, codes)
	matched := make([]bool, len(wants))
	for _, f := range findings {
		line := findingLine(m, f)
		ok := false
		for i, w := range wants {
			if matched[i] || w.file != f.File || w.line != line || w.code != f.Rule.Code {
				continue
			}
			if w.text != "" && !strings.Contains(f.Message, w.text) {
				continue
			}
			matched[i], ok = true, true
			break
		}
		if !ok {
			t.Errorf("%s:%d: unexpected %s %s", rel(m, f.File), line, f.Rule.Code, f.Message)
		}
	}
	for i, w := range wants {
		if !matched[i] {
			t.Errorf("%s:%d: expected %s %q, got none", rel(m, w.file), w.line, w.code, w.text)
		}
	}
	return findings
}

func rel(m *model.Model, path string) string {
	if r, err := filepath.Rel(m.Connector.Dir, path); err == nil {
		return r
	}
	return path
}

// findingLine returns the 1-based line a finding starts on.
func findingLine(m *model.Model, f rules.Finding) int {
	text := fileText(m, f.File)
	if text == nil {
		return 1
	}
	line, _ := document.NewMapper(text).LineCol(f.Span.Start)
	return line
}

func fileText(m *model.Model, path string) []byte {
	if sf := m.Connector.FileByPath(path); sf != nil {
		return sf.File.Text()
	}
	if m.Connector.Resx != nil && m.Connector.Resx.Path == path {
		return m.Connector.Resx.Text
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	text, _, _ := document.Decode(raw)
	return text
}

// expectations reads the want comments and want.txt of a connector folder.
func expectations(t *testing.T, dir string, codes map[string]bool) []want {
	var out []want
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		ext := strings.ToLower(filepath.Ext(path))
		switch {
		case ext == ".pq" || ext == ".pqm" || ext == ".m" || ext == ".resx":
			raw, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			text, _, _ := document.Decode(raw)
			mapper := document.NewMapper(text)
			for i := 0; i < mapper.LineCount(); i++ {
				span := mapper.LineSpan(i)
				line := string(text[span.Start:span.End])
				for _, mm := range wantRE.FindAllStringSubmatch(line, -1) {
					for _, it := range itemRE.FindAllStringSubmatch(mm[1], -1) {
						if codes[it[1]] {
							out = append(out, want{file: path, line: i + 1, code: it[1], text: unquote(it[2])})
						}
					}
				}
			}
		case filepath.Base(path) == "want.txt":
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				fields := strings.Fields(sc.Text())
				if len(fields) < 2 || strings.HasPrefix(fields[0], "#") {
					continue
				}
				loc := fields[0]
				i := strings.LastIndexByte(loc, ':')
				if i < 0 {
					t.Fatalf("%s: bad line %q (want file:line PQCnnn)", path, sc.Text())
				}
				n, err := strconv.Atoi(loc[i+1:])
				if err != nil {
					t.Fatalf("%s: bad line %q", path, sc.Text())
				}
				for _, it := range itemRE.FindAllStringSubmatch(strings.Join(fields[1:], " "), -1) {
					if codes[it[1]] {
						out = append(out, want{file: filepath.Join(filepath.Dir(path), filepath.FromSlash(loc[:i])), line: n, code: it[1], text: unquote(it[2])})
					}
				}
			}
			return sc.Err()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

func unquote(s string) string {
	if u, err := strconv.Unquote(`"` + s + `"`); err == nil {
		return u
	}
	return s
}

// Write unpacks a txtar-style archive into a new temporary folder and
// returns the folder. Entries named `@name` are not written.
func Write(t testing.TB, archive string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range Parse(archive) {
		if strings.HasPrefix(name, "@") {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var headerRE = regexp.MustCompile(`(?m)^-- (.+?) --\r?\n`)

// Parse splits a txtar-style archive into entries by name.
func Parse(archive string) map[string]string {
	out := map[string]string{}
	idx := headerRE.FindAllStringSubmatchIndex(archive, -1)
	for i, m := range idx {
		end := len(archive)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		out[archive[m[2]:m[3]]] = archive[m[1]:end]
	}
	return out
}

// RunWithFixes runs rules over an archive's connector, applies safe fixes
// until none applies (at most 3 rounds), and compares each `@name` entry
// with the fixed file. It fails if a fixed file gains syntax errors or the
// fixes do not converge.
func RunWithFixes(t *testing.T, archive string, rs []*rules.Rule) {
	t.Helper()
	dir := Write(t, archive)
	for round := 0; ; round++ {
		m, findings := Findings(t, dir, rs)
		fixes := rules.SafeFixes(findings)
		if len(fixes) == 0 {
			break
		}
		if round == 3 {
			t.Fatalf("fixes did not converge after 3 rounds; left: %v", fixes)
		}
		texts := editedTexts(m, fixes)
		changed, _ := rules.ApplyFixes(texts, fixes)
		for path, text := range changed {
			if err := os.WriteFile(path, text, 0o644); err != nil {
				t.Fatal(err)
			}
			if workspace.IsMFile(path) {
				before := syntax.Parse(document.New("", 0, texts[path]), syntax.Once)
				after := syntax.Parse(document.New("", 0, text), syntax.Once)
				if len(after.Errors) > len(before.Errors) {
					t.Errorf("fix introduced a syntax error in %s: %v\n%s", filepath.Base(path), after.Errors, text)
				}
			}
		}
	}
	for name, wantText := range Parse(archive) {
		if !strings.HasPrefix(name, "@") {
			continue
		}
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name[1:])))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if string(got) != wantText {
			t.Errorf("%s after fixes:\n%s\nwant:\n%s", name[1:], got, wantText)
		}
	}
}

// ApplyFix applies one fix to the connector's files as m read them and
// returns the changed texts by their names in the connector folder
// (slash-separated, as in archives). The test fails when the fix does not
// apply (its edits overlap).
func ApplyFix(t testing.TB, m *model.Model, fx rules.Fix) map[string]string {
	t.Helper()
	changed, applied := rules.ApplyFixes(editedTexts(m, []rules.Fix{fx}), []rules.Fix{fx})
	if len(applied) != 1 {
		t.Fatalf("fix %q was not applied (overlapping edits?)", fx.Title)
	}
	out := map[string]string{}
	for path, text := range changed {
		out[filepath.ToSlash(rel(m, path))] = string(text)
	}
	return out
}

// editedTexts returns the texts of the files that fixes edit, as the model
// read them; a file that does not exist yet has none.
func editedTexts(m *model.Model, fixes []rules.Fix) map[string][]byte {
	texts := map[string][]byte{}
	for _, fx := range fixes {
		for _, e := range fx.Edits {
			if _, ok := texts[e.File]; !ok {
				texts[e.File] = fileText(m, e.File)
			}
		}
	}
	return texts
}
