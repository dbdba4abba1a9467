package check

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/all"
	"github.com/pqcert/pqcert/server/syntax"
	"github.com/pqcert/pqcert/server/workspace"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Paths from this package's folder.
var (
	connectorsDir = mustAbs("../../testdata/connectors")
	goldenDir     = mustAbs("../../testdata/golden")
)

func mustAbs(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		panic(err)
	}
	return abs
}

// golden compares got with the golden file name (under testdata/golden),
// or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(goldenDir, filepath.FromSlash(name))
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./server/check -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test ./server/check -update rewrites it; read the diff):\n%s", name, firstDiff(string(want), string(got)))
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + itoa(i+1) + ":\n want: " + w + "\n  got: " + g
		}
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }

// checkIn runs the check from dir (so paths print relative to it).
func checkIn(t *testing.T, dir string, paths ...string) *Result {
	t.Helper()
	t.Chdir(dir)
	return Run(paths, Options{Rules: all.Rules})
}

// brokenConnectors are the connectors whose JSON, SARIF and GitHub
// renderings are pinned: findings on packages, fixes (safe and unsafe) and
// related locations.
var brokenConnectors = []string{"BadGeneral", "BadMez", "BadPackage", "BadVersion"}

func render(t *testing.T, res *Result, write func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGoldenText(t *testing.T) {
	res := checkIn(t, connectorsDir, ".")
	if len(res.Errors) > 0 {
		t.Errorf("input errors: %v", res.Errors)
	}
	golden(t, "check/connectors.txt", render(t, res, func(b *bytes.Buffer) error { return WriteText(b, res, TextOptions{}) }))
}

func TestGoldenFormats(t *testing.T) {
	res := checkIn(t, connectorsDir, brokenConnectors...)
	golden(t, "check/broken.json", render(t, res, func(b *bytes.Buffer) error { return WriteJSON(b, res) }))
	golden(t, "check/broken.github.txt", render(t, res, func(b *bytes.Buffer) error { return WriteGitHub(b, res) }))
	golden(t, "check/broken.sarif", stableSARIF(t, res))
}

// stableSARIF renders SARIF with the working directory's URI replaced, so
// the golden file does not depend on where the repository lies.
func stableSARIF(t *testing.T, res *Result) []byte {
	out := render(t, res, func(b *bytes.Buffer) error { return WriteSARIF(b, res) })
	uri := res.sarifArtifactBase()
	return bytes.ReplaceAll(out, []byte(`"uri": "`+uri+`"`), []byte(`"uri": "file:///CONNECTORS/"`))
}

func TestSARIFSchema(t *testing.T) {
	schema, err := os.ReadFile("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	v, err := newSchemaValidator(schema)
	if err != nil {
		t.Fatal(err)
	}
	res := checkIn(t, connectorsDir, ".")
	var b bytes.Buffer
	if err := WriteSARIF(&b, res); err != nil {
		t.Fatal(err)
	}
	errs, err := v.validate(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("SARIF output: %s", e)
	}
	if !strings.Contains(b.String(), `"fixes"`) || !strings.Contains(b.String(), `"relatedLocations"`) {
		t.Error("the checked connectors should give results with fixes and related locations")
	}
	// The validator itself must catch what is wrong.
	for name, bad := range map[string]string{
		"no version":        `{"runs": []}`,
		"bad version":       `{"version": "2.0.0", "runs": []}`,
		"unknown property":  `{"version": "2.1.0", "runs": [], "extra": 1}`,
		"tool without name": `{"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}`,
		"level":             `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "info"}]}]}`,
		"line 0":            `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {"startLine": 0}}}]}]}]}`,
		"message anyOf":     `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {}}]}]}`,
		"helpUri format":    `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "A", "helpUri": "not absolute"}]}}}]}`,
		"non-unique":        `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "A"}, {"id": "A"}]}}}]}`,
		"integer":           `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "ruleIndex": 1.5}]}]}`,
	} {
		errs, err := v.validate([]byte(bad))
		if err != nil || len(errs) == 0 {
			t.Errorf("%s: the validator accepted %s (%v)", name, bad, err)
		}
	}
}

// copyDir copies the folder src to dst.
func copyDir(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// fixConnectors have safe fixes (and one, BadGeneral, only unsafe ones).
var fixConnectors = []string{"BadGeneral", "BadPackage", "BadVersion"}

func TestFix(t *testing.T) {
	dir := t.TempDir()
	for _, name := range fixConnectors {
		copyDir(t, filepath.Join(connectorsDir, name), filepath.Join(dir, name))
	}
	// The mode of a fixed file is kept.
	version := filepath.Join(dir, "BadVersion", "Southridge.pq")
	if err := os.Chmod(version, 0o600); err != nil {
		t.Fatal(err)
	}
	before := map[string][]byte{}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			before[path], _ = os.ReadFile(path)
		}
		return nil
	})
	t.Chdir(dir)
	res, rep := RunFix(fixConnectors, Options{Rules: all.Rules})
	for _, err := range rep.Errors {
		t.Errorf("fix error: %v", err)
	}
	var out bytes.Buffer
	out.WriteString("fixed " + itoa(rep.Fixed) + " findings in " + itoa(len(rep.Files)) + " files:\n")
	for _, f := range rep.Files {
		out.WriteString("  " + res.Rel(f) + "\n")
	}
	out.WriteString("\nremaining:\n")
	if err := WriteText(&out, res, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "fix/report.txt", out.Bytes())
	if rep.Fixed == 0 {
		t.Error("nothing was fixed")
	}
	for _, f := range rep.Files {
		got, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "fix/"+res.Rel(f), got)
		if bytes.Equal(got, before[f]) {
			t.Errorf("%s reported as written but unchanged", res.Rel(f))
		}
		if workspace.IsMFile(f) {
			old, _, _ := document.Decode(before[f])
			now, _, _ := document.Decode(got)
			if a, b := syntaxErrors(now), syntaxErrors(old); a > b {
				t.Errorf("%s: the fixes introduced syntax errors (%d, before %d)", res.Rel(f), a, b)
			}
		}
	}
	// Files not written are untouched, and no temporary file is left.
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if strings.Contains(d.Name(), ".pqcert-") {
			t.Errorf("temporary file left: %s", path)
		}
		written := false
		for _, f := range rep.Files {
			written = written || f == path
		}
		if now, _ := os.ReadFile(path); !written && !bytes.Equal(now, before[path]) {
			t.Errorf("%s changed but is not reported", path)
		}
		return nil
	})
	if info, err := os.Stat(version); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("mode of %s after the fix: %v, %v; want 0600", version, info.Mode(), err)
	}
	// A second run finds nothing more to fix.
	res2, rep2 := RunFix(fixConnectors, Options{Rules: all.Rules})
	if rep2.Fixed != 0 || len(rep2.Files) != 0 {
		t.Errorf("second --fix run fixed %d findings in %v", rep2.Fixed, rep2.Files)
	}
	if n := len(rules.SafeFixes(res2.Findings)); n != 0 {
		t.Errorf("%d safe fixes left after --fix", n)
	}
}

func syntaxErrors(text []byte) int {
	return len(syntax.Parse(document.New("", 0, text), syntax.Once).Errors)
}

func TestFixKeepsEncoding(t *testing.T) {
	const src = "// Contoso\r\nsection Contoso;\r\n\r\n[DataSource.Kind = \"Contoso\"]\r\nshared Contoso.Contents = () => \"é𝄞\";\r\n"
	for _, enc := range []document.Encoding{document.UTF8, document.UTF8BOM, document.UTF16LE, document.UTF16BE} {
		t.Run(enc.String(), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "Contoso.pq")
			if err := os.WriteFile(path, document.Encode([]byte(src), enc), 0o640); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			_, rep := RunFix([]string{"."}, Options{Rules: all.Rules})
			if rep.Fixed == 0 || len(rep.Errors) > 0 {
				t.Fatalf("fixed %d, errors %v", rep.Fixed, rep.Errors)
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			text, got, err := document.Decode(raw)
			if err != nil || got != enc {
				t.Fatalf("encoding after fix = %v (%v), want %v", got, err, enc)
			}
			want := "// Contoso\r\n[Version = \"1.0.0\"]\r\nsection Contoso;"
			if !strings.HasPrefix(string(text), want) {
				t.Errorf("fixed text:\n%q\nwant prefix %q", text, want)
			}
			if info, _ := os.Stat(path); info.Mode().Perm() != 0o640 {
				t.Errorf("mode %v, want 0640", info.Mode())
			}
		})
	}
}

func TestFixCreatesFile(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "C"), 0o755)
	src := "[Version = \"1.0.0\"]\nsection C;\n\n[DataSource.Kind = \"C\"]\nshared C.Contents = () => Extension.LoadString(\"Hello\");\n"
	if err := os.WriteFile(filepath.Join(dir, "C", "C.pq"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	res, rep := RunFix([]string{"C"}, Options{Rules: all.Rules})
	resx := filepath.Join(dir, "C", "resources.resx")
	created := false
	for _, f := range rep.Files {
		created = created || f == resx
	}
	if !created {
		t.Fatalf("resources.resx not among the written files %v (errors %v)", rep.Files, rep.Errors)
	}
	text, err := os.ReadFile(resx)
	if err != nil || !bytes.Contains(text, []byte(`<data name="Hello"`)) {
		t.Errorf("resources.resx = %q, %v", text, err)
	}
	for _, f := range res.Findings {
		if f.Rule.Code == "PQC402" {
			t.Errorf("PQC402 left after --fix: %s", f.Message)
		}
	}
}
